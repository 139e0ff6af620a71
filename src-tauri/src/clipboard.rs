//! A copied secret leaves the clipboard after a delay, unless something else was copied since.
//!
//! The page cannot do this itself: WebKitGTK refuses `navigator.clipboard` outside a user
//! gesture, so a page timer could neither read nor clear the clipboard. The shell owns the X
//! CLIPBOARD through GTK instead. When the delay ends it reads what the clipboard holds now and
//! clears it only if that is still the secret (compared, not tracked: another program's copy,
//! or a later copy of another secret, is left alone).

use std::time::Duration;

use feint_core::{ErrorCode, FeintError, Result};
use tauri::WebviewWindow;

/// How long a copied secret stays on the clipboard.
pub const DEFAULT_CLEAR_AFTER: Duration = Duration::from_secs(30);

/// `FEINT_CLIPBOARD_CLEAR_SECS` shortens (or lengthens) the delay; tests use it so they need
/// not wait 30 s. Read once at start; anything but a positive whole number keeps the default.
pub fn clear_after_from_env() -> Duration {
    std::env::var("FEINT_CLIPBOARD_CLEAR_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|&secs| secs > 0)
        .map_or(DEFAULT_CLEAR_AFTER, Duration::from_secs)
}

/// Whether the clipboard, holding `current` when the delay ends, should be cleared of `copied`.
pub fn should_clear(current: Option<&str>, copied: &str) -> bool {
    !copied.is_empty() && current == Some(copied)
}

/// Puts `text` on the clipboard and schedules its clearing; returns the delay in seconds.
pub fn copy_secret(window: &WebviewWindow, text: String, clear_after: Duration) -> Result<u32> {
    if text.is_empty() {
        return Err(FeintError::new(
            ErrorCode::InvalidInput,
            "there is no secret to copy: the account's secret is empty",
        ));
    }
    platform::copy_then_clear(window, text, clear_after)?;
    Ok(u32::try_from(clear_after.as_secs()).unwrap_or(u32::MAX))
}

#[cfg(target_os = "linux")]
mod platform {
    use std::time::Duration;

    use feint_core::{ErrorCode, FeintError, Result};
    use gtk::glib;
    use tauri::WebviewWindow;

    use super::should_clear;

    /// GTK's clipboard lives on the main thread: set it there, and read it back there when a
    /// main-loop timer fires (asynchronously, so the window never waits on another program).
    pub fn copy_then_clear(window: &WebviewWindow, text: String, after: Duration) -> Result<()> {
        window
            .run_on_main_thread(move || {
                let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
                clipboard.set_text(&text);
                glib::timeout_add_local_once(after, move || clear_if_unchanged(text));
            })
            .map_err(|e| {
                FeintError::new(
                    ErrorCode::Io,
                    format!("the secret could not be put on the clipboard: {e}"),
                )
            })
    }

    fn clear_if_unchanged(copied: String) {
        let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
        clipboard.request_text(move |clipboard, current| {
            if should_clear(current, &copied) {
                // Owning the clipboard with nothing, then letting go, leaves no owner: whoever
                // held the secret before (this app or another), nothing can be pasted now.
                clipboard.set_text("");
                clipboard.clear();
            }
        });
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use std::time::Duration;

    use feint_core::{ErrorCode, FeintError, Result};
    use tauri::WebviewWindow;

    pub fn copy_then_clear(_: &WebviewWindow, _: String, _: Duration) -> Result<()> {
        Err(FeintError::new(
            ErrorCode::Io,
            "copying a secret is only available on Linux in this version",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clears_only_the_same_text() {
        assert!(should_clear(Some("Kranhaus-2019!"), "Kranhaus-2019!"));
        // Something else was copied since: it stays.
        assert!(!should_clear(Some("meeting notes"), "Kranhaus-2019!"));
        // A prefix or different case is something else too.
        assert!(!should_clear(Some("Kranhaus-2019"), "Kranhaus-2019!"));
        assert!(!should_clear(Some("kranhaus-2019!"), "Kranhaus-2019!"));
        // Empty, or holding no text (an image, or no owner): nothing of ours to clear.
        assert!(!should_clear(Some(""), "Kranhaus-2019!"));
        assert!(!should_clear(None, "Kranhaus-2019!"));
        assert!(!should_clear(Some(""), ""));
    }

    #[test]
    fn delay_defaults_to_thirty_seconds() {
        // One test owns the variable, so parallel tests cannot race on it.
        std::env::remove_var("FEINT_CLIPBOARD_CLEAR_SECS");
        assert_eq!(clear_after_from_env(), Duration::from_secs(30));
        for (value, secs) in [("3", 3), (" 7 ", 7), ("0", 30), ("-1", 30), ("soon", 30)] {
            std::env::set_var("FEINT_CLIPBOARD_CLEAR_SECS", value);
            assert_eq!(
                clear_after_from_env(),
                Duration::from_secs(secs),
                "{value:?}"
            );
        }
        std::env::remove_var("FEINT_CLIPBOARD_CLEAR_SECS");
    }
}
