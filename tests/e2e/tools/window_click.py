"""Clicks at a point of a process's titled top-level window with the XTEST extension, as a user's
mouse does, for an app that runs where no WebDriver can reach it. Arguments: pid, x, y (window
coordinates). Exits 1 when the process has no such window."""

import sys

from Xlib import X, display
from Xlib.ext import xtest

from window_shot import titled_window


def main() -> int:
    pid, x, y = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    dpy = display.Display()
    window, _ = titled_window(dpy, pid)
    if window is None:
        return 1
    at = dpy.screen().root.translate_coords(window, x, y)
    xtest.fake_input(dpy, X.MotionNotify, x=at.x, y=at.y)
    xtest.fake_input(dpy, X.ButtonPress, 1)
    xtest.fake_input(dpy, X.ButtonRelease, 1)
    dpy.sync()
    return 0


if __name__ == "__main__":
    sys.exit(main())
