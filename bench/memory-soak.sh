#!/usr/bin/env bash
# Memory of the app with the sample operation open, idle and after scripted use. The release app
# is started under Xvfb through tauri-driver (WebDriver), so a script can use it as a planner
# would: every page is visited (the storyboard in each view and zoom), and edits are made — the
# operation's narrative on the Operation page and an event's title in the storyboard's list, in
# turn — spread over the run, 200 by default. PSS (proportional set size: shared pages counted once
# across processes) is read from /proc/PID/smaps_rollup for the app and every process under it
# (the WebKit web and network processes), once idle after start, once a minute during the run,
# and again idle at the end, with the anonymous memory of the same processes (PSS shares a
# library's pages among every process mapping it, other programs included). A bench, not a
# test: it prints figures and never fails on them.
#   bash bench/memory-soak.sh [--minutes N] [--edits N] [--app PATH] [--idle SECONDS] [--smaps DIR]
# --smaps DIR keeps /proc/PID/smaps of every process at both idle figures, and prints which kinds
# of mapping (malloc heap, anonymous, memfd/shared memory, files) grew in the web process.
# Defaults: 15 minutes, 200 edits, target/release/feint-app (build it with
#   cargo build --release --features custom-protocol --bin feint-app
#   cargo build --release -p feint-core --bin feint), 10 s idle before each idle figure.
# Other load on the machine (compiles) slows the run but barely moves the figures; `uptime` is
# printed with them.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes=15
edits=200
idle=10
smaps=""
app="$repo/target/release/feint-app"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --edits) edits="$2"; shift 2 ;;
    --app) app="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --smaps) smaps="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "unknown argument $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$app" ] || { echo "no app binary at $app: build it (see the head of $0)" >&2; exit 1; }
cli="$(dirname "$app")/feint"
[ -x "$cli" ] || cli="$repo/target/release/feint"
[ -x "$cli" ] || { echo "no feint CLI beside $app or in target/release" >&2; exit 1; }
driver="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"
[ -x "$driver" ] || { echo "no tauri-driver (cargo install tauri-driver --version '^2' --locked)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$cli" demo "$work/sample.feint" >/dev/null

if [ -z "${DISPLAY:-}" ]; then
  exec_under=(xvfb-run -a -s "-screen 0 1280x800x24")
else
  exec_under=()
fi
"${exec_under[@]}" python3 - "$app" "$driver" "$work" "$minutes" "$edits" "$idle" "$smaps" <<'PY'
import http.client, json, math, os, signal, socket, sqlite3, subprocess, sys, time, urllib.request

app, driver, work = sys.argv[1], sys.argv[2], sys.argv[3]
minutes, edit_goal, idle = float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
smaps_dir = sys.argv[7]
sample = os.path.join(work, "sample.feint")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def uptime():
    with open("/proc/loadavg") as f:
        return "load " + " ".join(f.read().split()[:3])

# --- processes and PSS ------------------------------------------------------------------------

def children_map():
    kids = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(pid))
    return kids

def tree(root):
    kids, out, todo = children_map(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out

def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"

def rollup_kb(pid, field):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def pss_kb(pid):
    return rollup_kb(pid, "Pss")

def app_pid(driver_pid):
    for pid in tree(driver_pid):
        if comm(pid).startswith("feint-app"):
            return pid
    return None

def measure(root):
    """PSS in MB of the app and each process under it, by process name, and their anonymous
    memory (heaps: unlike PSS, not lowered when other programs map the same libraries)."""
    parts, anon = {}, 0
    for pid in tree(root):
        name = comm(pid)
        parts[name] = parts.get(name, 0) + pss_kb(pid) / 1024
        anon += rollup_kb(pid, "Anonymous") / 1024
    return sum(parts.values()), parts, anon

def smaps_kinds(path):
    """PSS in MB of one smaps file, by kind of mapping."""
    kinds, kind = {}, None
    with open(path) as f:
        for line in f:
            head = line.split()
            if head and "-" in head[0] and not head[0].endswith(":"):
                name = " ".join(head[5:]) if len(head) > 5 else "[anonymous]"
                kind = name if name.startswith("[") else (
                    "memfd/shm" if name.startswith(("/memfd:", "/dev/shm", "/SYSV")) else
                    "/dev/dri" if name.startswith("/dev/dri") else
                    "files")
            elif head and head[0] == "Pss:":
                kinds[kind] = kinds.get(kind, 0) + int(head[1]) / 1024
    return kinds

def keep_smaps(root, label):
    if not smaps_dir:
        return
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/smaps") as f, open(os.path.join(smaps_dir, f"{label}-{comm(pid)}-{pid}"), "w") as out:
                out.write(f.read())
        except OSError:
            pass

def compare_smaps():
    if not smaps_dir:
        return
    for start in sorted(f for f in os.listdir(smaps_dir) if f.startswith("start-")):
        end = os.path.join(smaps_dir, "end-" + start[len("start-"):])
        if not os.path.exists(end):
            continue
        a, b = smaps_kinds(os.path.join(smaps_dir, start)), smaps_kinds(end)
        rows = sorted(set(a) | set(b), key=lambda k: -(b.get(k, 0) - a.get(k, 0)))
        print(f"{start[len('start-'):]}: " + ", ".join(
            f"{k} {a.get(k, 0):.0f}->{b.get(k, 0):.0f}" for k in rows if abs(b.get(k, 0) - a.get(k, 0)) >= 1), flush=True)

def show(label, figures):
    total, parts, anon = figures
    detail = ", ".join(f"{k} {v:.0f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]))
    print(f"{label}: PSS {total:.0f} MB ({detail}), anonymous {anon:.0f} MB [{uptime()}]", flush=True)

# --- a minimal WebDriver client -----------------------------------------------------------------

class WebDriver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"browserName": "wry", "tauri:options": {"application": app, "args": [sample]}}
        self.sid = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        # tauri-driver now and then closes a connection without an answer on a loaded machine:
        # the same request is sent again (a page read, or a click that changes the page once).
        for attempt in range(5):
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    return json.loads(r.read() or b"{}").get("value")
            except urllib.error.HTTPError as e:
                raise RuntimeError(f"{method} {path}: {e.read().decode(errors='replace')[:300]}") from None
            except (ConnectionError, http.client.HTTPException) as e:
                if attempt == 4:
                    raise
                time.sleep(1)

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css, wait=15.0):
        """The first element matching `css` that is rendered (found by script: WebKitWebDriver's
        own "displayed" check can stall)."""
        deadline = time.monotonic() + wait
        while True:
            found = self.js("return [...document.querySelectorAll(arguments[0])].find((e) => "
                            "e.checkVisibility({ visibilityProperty: true })) ?? null;", css)
            if found:
                return next(iter(found.values()))
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing shown for {css}")
            time.sleep(0.1)

    # Clicks and typing are dispatched in the page: WebKitWebDriver's own element commands wait
    # for a rendering update that, with accelerated compositing on a loaded machine, can come
    # too late for tauri-driver, which then drops the request.
    def click(self, css):
        self.find(css)
        self.js("[...document.querySelectorAll(arguments[0])].find((e) => "
                "e.checkVisibility({ visibilityProperty: true })).click();", css)

    def type_over(self, css, text):
        """Replaces a field's text as typing would, then leaves the field (input, change, blur)."""
        self.find(css)
        self.js("const e = [...document.querySelectorAll(arguments[0])].find((e) => "
                "e.checkVisibility({ visibilityProperty: true }));"
                "e.focus(); e.value = arguments[1];"
                "e.dispatchEvent(new Event('input', { bubbles: true }));"
                "e.dispatchEvent(new Event('change', { bubbles: true })); e.blur();", css, text)
        time.sleep(0.3)  # the autosave's typing pause has passed before the next page is shown

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass

def tid(name):
    return f"[data-testid='{name}']"

# --- the scripted use ---------------------------------------------------------------------------

edits_done = 0

def edit_operation(wd, n):
    wd.click(tid("nav-operation"))
    wd.type_over(tid("op-narrative"), f"Soak narrative, edit {n}: the file server team keeps quarterly reports here.")

def edit_event(wd, n):
    wd.click(tid("view-list"))
    wd.type_over(f"{tid('list-row')} {tid('list-title')}", f"Soak event title {n}")

def visit_storyboard(wd):
    wd.click(tid("nav-storyboard"))
    wd.click(tid("view-timeline"))
    # Zoom buttons are clicked by script: a WebDriver click on one can stall (see storyboard_fit.rs).
    for step in ("zoom-out", "zoom-out", "zoom-out", "zoom-in", "zoom-in", "zoom-in", "zoom-fit"):
        wd.js(f"const b = document.querySelector(\"{tid(step)}\"); if (b && !b.disabled) b.click();")
        time.sleep(0.2)
    wd.js("const t = document.querySelector(\"[data-testid='timeline']\"); if (t) t.scrollLeft = 400;")
    wd.click(tid("view-quad"))
    wd.click(tid("view-list"))

last_edit = {"narrative": 0, "title": 0}

def one_round(wd, edits_now):
    """Every page once; the round's edits alternate between the narrative (odd edits) and an
    event's title (even edits), so both get half of them however few a round makes."""
    global edits_done
    numbers = [edits_done + 1 + i for i in range(edits_now)]
    edits_done += edits_now
    wd.click(tid("nav-operation"))
    for n in (n for n in numbers if n % 2):
        edit_operation(wd, n)
        last_edit["narrative"] = n
    wd.click(tid("nav-catalog"))
    visit_storyboard(wd)
    for n in (n for n in numbers if not n % 2):
        edit_event(wd, n)
        last_edit["title"] = n
    wd.click(tid("nav-personas"))
    wd.js("const p = document.querySelector(\"[data-testid='persona-item']\"); if (p) p.click();")
    wd.click(tid("nav-threat"))
    wd.click(tid("nav-order"))
    wd.click(tid("nav-journal"))

def main():
    port, native = free_port(), free_port()
    home = os.path.join(work, "home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=home, FEINT_CONFIG_DIR=os.path.join(work, "config"),
               XDG_CONFIG_HOME=os.path.join(home, ".config"), XDG_DATA_HOME=os.path.join(home, ".local/share"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"))
    log = open(os.path.join(work, "driver.log"), "w")
    drv = subprocess.Popen([driver, "--port", str(port), "--native-port", str(native)], env=env,
                           stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    wd = None
    try:
        for p in (port, native):
            deadline = time.monotonic() + 15
            while socket.socket().connect_ex(("127.0.0.1", p)) != 0:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"tauri-driver is not listening on {p}")
                time.sleep(0.1)
        wd = WebDriver(port)
        wd.find(tid("operation-page"))
        root = app_pid(drv.pid)
        if root is None:
            raise RuntimeError("no feint-app process under tauri-driver")
        print(f"app {app}, sample operation, {minutes:g} min, {edit_goal} edits", flush=True)
        time.sleep(idle)
        start = measure(root)
        keep_smaps(root, "start")
        show(f"idle after start (+{idle:g} s)", start)

        t0 = time.monotonic()
        total_s = minutes * 60
        rounds, next_sample = 0, 60.0
        while True:
            elapsed = time.monotonic() - t0
            if elapsed >= total_s and edits_done >= edit_goal:
                break
            per_round = elapsed / rounds if rounds else 10.0
            due = edit_goal if elapsed >= total_s else math.ceil(edit_goal * min(1.0, (elapsed + per_round) / total_s))
            one_round(wd, max(0, min(edit_goal, due) - edits_done))
            rounds += 1
            if time.monotonic() - t0 >= next_sample:
                show(f"  {(time.monotonic() - t0) / 60:4.1f} min, {rounds} rounds, {edits_done} edits", measure(root))
                next_sample += 60.0
        used = time.monotonic() - t0
        wd.click(tid("nav-operation"))
        time.sleep(idle)
        end = measure(root)
        keep_smaps(root, "end")
        show(f"idle after {used / 60:.1f} min of use ({rounds} rounds of every page, {edits_done} edits, +{idle:g} s)", end)
        print(f"growth: {end[0] - start[0]:+.0f} MB PSS, {end[2] - start[2]:+.0f} MB anonymous; web process "
              f"{start[1].get('WebKitWebProces', 0):.0f} -> {end[1].get('WebKitWebProces', 0):.0f} MB", flush=True)
        compare_smaps()
        with sqlite3.connect(f"file:{sample}?mode=ro", uri=True) as db:
            titles = [t for (t,) in db.execute("SELECT title FROM event WHERE title LIKE 'Soak event title %'")]
            narrative = db.execute("SELECT narrative FROM operation").fetchone()[0]
        want_title = f"Soak event title {last_edit['title']}"
        want_narrative = f"Soak narrative, edit {last_edit['narrative']}:"
        print(f"in the file: the last title edit ({want_title!r}) "
              f"{'is there' if want_title in titles else 'is MISSING'}; the last narrative edit "
              f"({want_narrative!r}) {'is there' if narrative.startswith(want_narrative) else 'is MISSING'}",
              flush=True)
    finally:
        if wd is not None:
            wd.quit()
        drv.send_signal(signal.SIGTERM)  # never SIGKILL: WebKitWebDriver would keep its port
        try:
            drv.wait(timeout=15)
        except subprocess.TimeoutExpired:
            print("tauri-driver did not stop", file=sys.stderr)

main()
PY
