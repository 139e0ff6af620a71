//! WebKitGTK settings that keep the webview small. Feint shows one local page: it needs no
//! browser caches, no back/forward page cache, no media, audio or WebGL. Measured with
//! `bench/memory-soak.sh` (figures in its commit and in ARCHITECTURE.md).

use tauri::{Runtime, WebviewWindow};

/// Applies the settings to the main window's webview (on the GTK thread, before the first paint).
pub fn tune<R: Runtime>(window: &WebviewWindow<R>) {
    let chosen = Chosen::from_env();
    let _ = window.with_webview(move |webview| apply(&webview.inner(), &chosen));
}

/// Which settings apply; `FEINT_WEBKIT_TUNE` (a comma list, or `none`) picks them for a
/// bench's before/after figures.
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
    use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};
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
    if chosen.has("hw") {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
    }
}
