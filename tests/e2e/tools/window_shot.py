"""Saves a PNG of a process's top-level window (the one whose _NET_WM_PID is the given process
and that has a title) without any WebDriver: for an app that runs where no driver can reach it.
Prints the window title, a fingerprint of the page area's pixels, the rows the side bar marks
as the current page (its bright accent bar, "first-last", "-" when none) and how many distinct colours the page area holds (right of the side bar,
below the top bar: a painted page has hundreds, a blank or "Loading…" one a few dozen at most);
exits 1 when the process has no titled window yet."""

import hashlib
import struct
import sys
import zlib

from Xlib import X, display


# Where the page starts inside the window (below the top bar, right of the side bar).
PAGE_TOP, PAGE_LEFT = 60, 100


def titled_window(dpy, pid):
    net_wm_pid = dpy.intern_atom("_NET_WM_PID")
    # GTK writes the title as UTF-8 in _NET_WM_NAME (WM_NAME is compound text for "—").
    net_wm_name = dpy.intern_atom("_NET_WM_NAME")
    utf8 = dpy.intern_atom("UTF8_STRING")
    for window in dpy.screen().root.query_tree().children:
        try:
            owner = window.get_full_property(net_wm_pid, X.AnyPropertyType)
            name = window.get_full_property(net_wm_name, utf8)
            attrs = window.get_attributes()
        except Exception:  # a window that vanished meanwhile
            continue
        if owner is None or owner.value[0] != pid or name is None or not name.value:
            continue
        if attrs.map_state != X.IsViewable:
            continue
        title = name.value
        return window, title if isinstance(title, str) else title.decode("utf-8", "replace")
    return None, None


def write_png(path, width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        out.write(chunk(b"IEND", b""))


def main() -> int:
    pid, out = int(sys.argv[1]), sys.argv[2]
    dpy = display.Display()
    window, title = titled_window(dpy, pid)
    if window is None:
        return 1
    geometry = window.get_geometry()
    width, height = geometry.width, geometry.height
    # 24-bit visuals deliver 4 bytes a pixel, blue-green-red-unused.
    data = window.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF).data
    rows, colours, page, marked = [], set(), hashlib.sha256(), []
    for y in range(height):
        line = data[y * width * 4 : (y + 1) * width * 4]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
        rows.append(bytes(rgb))
        if sum(rgb[3:6]) > 300:  # x = 1: the current page's accent bar
            marked.append(y)
        if y >= PAGE_TOP:
            page.update(rgb[PAGE_LEFT * 3 :])
        if y >= PAGE_TOP and y % 4 == 0:
            colours.update(line[x : x + 3] for x in range(PAGE_LEFT * 4, len(line), 16))
    write_png(out, width, height, rows)
    print(title)
    print(page.hexdigest())
    print(f"{marked[0]}-{marked[-1]}" if marked else "-")
    print(len(colours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
