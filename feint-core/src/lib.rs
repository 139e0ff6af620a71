//! Feint's core: the operation model, the SQLite store, the Engage catalog and every rule.
//!
//! It knows nothing of Tauri. The desktop app (`feint-app`) calls it through thin commands; the
//! `feint` command-line tool and the tests drive it directly. Start at [`document::Document`]
//! (one operation file; each feature module adds its operations to it) and
//! [`workspace::Workspace`] (what the app has open).

pub mod about;
pub mod bindings;
pub mod catalog;
pub mod document;
pub mod error;
pub mod input;
pub mod intel;
pub mod journal;
pub mod json;
pub mod launch;
pub mod operation;
pub mod opsec;
pub mod order;
pub mod persona;
pub mod recent;
pub mod repeat;
pub mod rules;
pub mod sample;
pub mod store;
pub mod storyboard;
pub mod threat;
pub mod workspace;

pub use error::{ErrorCode, FeintError, Result};
