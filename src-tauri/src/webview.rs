//! WebKitGTK settings that keep the webview small. Feint shows one local page of text, forms
//! and flat boxes: it needs no browser caches, no back/forward page cache, no media, audio or
//! WebGL, and no GPU to paint it. Measured with `bench/memory-soak.sh` (figures in the README).
//!
//! Where the web process grew (its smaps before and after use): anonymous memory, in tile
//! buffers and malloc arenas, reached when each page is first drawn and kept. Skia's GPU
//! painting, which without a GPU runs on Mesa's llvmpipe, kept the most: CPU painting
//! (`WEBKIT_SKIA_ENABLE_CPU_RENDERING=1`) took the web process from 401 to 265 MB after a minute
//! of use, and two malloc arenas (`MALLOC_ARENA_MAX=2`) a further 20–30 MB. Both are set in
//! `prepare_environment` unless the user set them. Tried and not kept: one painting thread
//! (`WEBKIT_SKIA_CPU_PAINTING_THREADS=1`) and a fixed malloc mmap threshold
//! (`MALLOC_MMAP_THRESHOLD_=131072`), both within the noise.
//!
//! The largest saving: compositing off (`WEBKIT_DISABLE_COMPOSITING_MODE=1`). With accelerated
//! compositing and no GPU, the web process renders through Mesa's llvmpipe and keeps its layers'
//! textures; without it, WebKit paints the page into one shared buffer on the CPU. Measured
//! with the sample open: the web process idle from 189 to 121 MB. (WebKit still opens an EGL
//! display in both processes, which maps LLVM: about 20 MB of PSS each that no setting here
//! removes.) The page keeps `requestAnimationFrame`, CSS transitions
//! and scrolling; what it loses is GPU-composited animation, which Feint does not use. It was
//! once left off because WebDriver screenshots waited forever: WebKit's snapshot waits for the
//! page's next painted update, and an idle page without compositing paints none. The e2e
//! harness now flips a near-invisible outline while it takes one (`tests/e2e/harness.rs`).
//! A user who wants compositing back sets `WEBKIT_DISABLE_COMPOSITING_MODE=0`.

use tauri::{Runtime, WebviewWindow};

/// Sets, before GTK or WebKit starts, the environment the WebKit web process inherits; a
/// variable the user set is left as it is. Called first in `main`, while no other thread runs.
pub fn prepare_environment() {
    let chosen = Chosen::from_env();
    if chosen.has("cpu") {
        // Skia paints the page's tiles on the CPU: without a GPU (Mesa's llvmpipe) GPU painting
        // keeps its tile textures in the web process; a page of text and flat boxes does not
        // need the GPU to paint. Kept for a user who turns compositing back on.
        set_unless_set("WEBKIT_SKIA_ENABLE_CPU_RENDERING", "1");
    }
    if chosen.has("nocomp") {
        // WebKit paints the page on the CPU into one buffer: no GL rendering, no layer
        // textures (see the module's head). Read by WebKit when the web view is made.
        set_unless_set("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    if chosen.has("pressure") {
        // WebKit's own memory-pressure handler in the web process, with a limit sized to
        // one page of forms: above it WebKit drops its caches and returns freed memory, which
        // it otherwise keeps until 1 GB or more. Must be in place before wry makes the context.
        memory_pressure::install();
    }
    if chosen.has("malloc") {
        // The web process's painting and compositing threads each get a glibc malloc arena
        // that keeps what they freed; two arenas in all keep less. Read by glibc when the web
        // process starts (this process already runs with the defaults).
        set_unless_set("MALLOC_ARENA_MAX", "2");
    }
    if chosen.has("jit") {
        // JavaScriptCore's optimising tiers (DFG, and FTL above it) compile the UI's hot code
        // again and keep both the code and the compilers' memory; a page of forms runs well in
        // the interpreter and the baseline JIT, which stay on. Read by JavaScriptCore in the
        // web process. Measured with `bench/memory-soak.sh` (5 minutes, 70 edits, the figures
        // in the README): growth +33 MB without them, +48 MB with.
        set_unless_set("JSC_useDFGJIT", "0");
    }
}

fn set_unless_set(name: &str, value: &str) {
    if std::env::var_os(name).is_none() {
        std::env::set_var(name, value);
    }
}

/// Applies the settings to the main window's webview (on the GTK thread, before the first paint)
/// and shows the window, created hidden, once its page has loaded.
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    let chosen = Chosen::from_env();
    let shown = window.clone();
    let _ = window.with_webview(move |webview| {
        let view = webview.inner();
        apply(&view, &chosen);
        show_when_loaded(&view, shown);
    });
}

/// How long a page that never finishes loading keeps the window hidden.
const SHOW_AT_THE_LATEST: std::time::Duration = std::time::Duration::from_secs(2);

/// Shows the window once the page has loaded (or after `SHOW_AT_THE_LATEST`). Without
/// compositing, WebKit paints a visible view by asking the web process for a frame and blocking
/// the app's main thread until one comes, for up to 500 ms; while the page is still loading
/// none comes. A window shown at once therefore often stood blank and unresponsive for half a
/// second (`.ci/bench-start`: first pixels at about 770 ms in half the runs, 250 ms in the
/// others). Shown when the page has loaded, its first frame is the page itself.
fn show_when_loaded<R: Runtime>(view: &webkit2gtk::WebView, window: WebviewWindow<R>) {
    use webkit2gtk::{glib, LoadEvent, WebViewExt};
    let on_load = window.clone();
    view.connect_load_changed(move |_, event| {
        if event == LoadEvent::Finished {
            let _ = on_load.show();
        }
    });
    glib::timeout_add_local_once(SHOW_AT_THE_LATEST, move || {
        let _ = window.show();
    });
}

/// Which settings apply; `FEINT_WEBKIT_TUNE` (a comma list of `cache`, `pagecache`, `media`,
/// `cpu`, `nocomp`, `malloc`, `pressure`, `jit`, or `none`) picks them for a bench's before/after
/// figures.
struct Chosen(String);

impl Chosen {
    fn from_env() -> Chosen {
        Chosen(std::env::var("FEINT_WEBKIT_TUNE").unwrap_or_else(|_| "all".into()))
    }

    fn has(&self, what: &str) -> bool {
        self.0 == "all" || self.0.split(',').any(|w| w.trim() == what)
    }
}

fn apply(webview: &webkit2gtk::WebView, chosen: &Chosen) {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
    if chosen.has("cache") {
        if let Some(context) = webview.context() {
            // One local document: no memory cache of pages and resources a browser would keep.
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    }
    let Some(settings) = WebViewExt::settings(webview) else {
        return;
    };
    if chosen.has("pagecache") {
        settings.set_enable_page_cache(false);
    }
    if chosen.has("media") {
        settings.set_enable_media(false);
        settings.set_enable_media_stream(false);
        settings.set_enable_webaudio(false);
        settings.set_enable_webgl(false);
    }
}

/// WebKit's memory-pressure settings for the web process. They are a construct-only property of
/// the `WebKitWebContext`, and wry makes that context itself with no way to pass them; so the
/// context class's GObject constructor is wrapped once, before the context exists, and adds them
/// when the caller gave none. Measured with `bench/memory-soak.sh` (5 minutes, 70 edits): growth
/// +40 MB with them, +74 MB without, and the web process flat after the first minute instead of
/// creeping. No kill threshold: WebKit never ends the page for its size.
mod memory_pressure {
    use std::ffi::{c_uint, CStr};
    use std::sync::OnceLock;

    use webkit2gtk::ffi as wk;
    use webkit2gtk::glib::{ffi::GType, gobject_ffi as gobject};

    type Constructor = unsafe extern "C" fn(
        GType,
        c_uint,
        *mut gobject::GObjectConstructParam,
    ) -> *mut gobject::GObject;

    static ORIGINAL: OnceLock<Constructor> = OnceLock::new();

    /// The web process's memory limit (WebKit releases memory above a third of it) and how
    /// often it checks; the variables exist for a bench's before/after figures.
    const LIMIT_MB: (&str, u32) = ("FEINT_WEB_MEMORY_LIMIT_MB", 100);
    const POLL_SECONDS: (&str, f64) = ("FEINT_WEB_MEMORY_POLL_S", 10.0);

    fn from_env<T: std::str::FromStr>((name, default): (&str, T)) -> T {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    pub fn install() {
        // SAFETY: called once from main before any thread or GTK starts.
        unsafe {
            let class = gobject::g_type_class_ref(wk::webkit_web_context_get_type())
                as *mut gobject::GObjectClass;
            let Some(original) = (*class).constructor else {
                return;
            };
            if ORIGINAL.set(original).is_ok() {
                (*class).constructor = Some(construct);
            }
        }
    }

    unsafe extern "C" fn construct(
        type_: GType,
        n: c_uint,
        params: *mut gobject::GObjectConstructParam,
    ) -> *mut gobject::GObject {
        let original = ORIGINAL.get().expect("installed before use");
        if params.is_null() {
            return original(type_, n, params);
        }
        // A copy: a property the caller did not give points at its pspec's shared default
        // value, which must not be written.
        let mut params: Vec<_> = std::slice::from_raw_parts(params, n as usize).to_vec();
        let mut value: gobject::GValue = std::mem::zeroed();
        for param in &mut params {
            let name = CStr::from_ptr((*param.pspec).name);
            if name.to_bytes() == b"memory-pressure-settings"
                && gobject::g_value_get_boxed(param.value).is_null()
            {
                let settings = wk::webkit_memory_pressure_settings_new();
                wk::webkit_memory_pressure_settings_set_memory_limit(settings, from_env(LIMIT_MB));
                wk::webkit_memory_pressure_settings_set_poll_interval(
                    settings,
                    from_env(POLL_SECONDS),
                );
                gobject::g_value_init(&mut value, wk::webkit_memory_pressure_settings_get_type());
                gobject::g_value_take_boxed(&mut value, settings as *const _);
                param.value = &mut value;
            }
        }
        let object = original(type_, n, params.as_mut_ptr());
        if value.g_type != 0 {
            gobject::g_value_unset(&mut value);
        }
        object
    }
}
