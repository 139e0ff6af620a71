//! End-to-end tests of the real Feint app (UI embedded; CI runs them on the release build the
//! packages are made from) driven through tauri-driver and WebKitWebDriver. Run under a display
//! (Xvfb in CI) and one at a time:
//!
//! ```sh
//! xvfb-run -a -s "-screen 0 1280x800x24" \
//!   cargo test --features custom-protocol --test e2e -- --test-threads=1
//! ```
//!
//! Screenshots land in `target/e2e-screenshots/`, driver logs in `target/e2e-logs/`.

mod harness;

mod accessibility;
mod after_action;
mod catalog;
mod clipboard;
mod file;
mod flow;
mod gates;
mod help;
mod intel;
mod journal;
mod launch;
mod offline;
mod operation;
mod opsec;
mod order;
mod personas;
mod planner_prompts;
mod protect;
mod refused;
mod running;
mod storyboard;
mod storyboard_fit;
mod storyboard_flow;
mod storyboard_views;
mod threat;
mod views_follow;
