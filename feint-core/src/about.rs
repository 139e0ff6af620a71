//! What `feint --version` and the app's About say: one version for the app, the CLI and the
//! packages (the workspace's), and the catalog versions this build can use.

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{builtin, CatalogVersion};

/// The version of Feint, shared by the app, the CLI and the packages.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct About {
    pub version: String,
    /// The Engage catalog built into this binary.
    pub builtin_catalog: String,
    /// Every catalog version usable here: the built-in one first, then imported releases.
    pub catalogs: Vec<CatalogVersion>,
}

impl About {
    pub fn new(catalogs: Vec<CatalogVersion>) -> About {
        About {
            version: VERSION.to_string(),
            builtin_catalog: builtin().version.clone(),
            catalogs,
        }
    }
}

/// The one line both binaries print for `--version`, e.g.
/// `Feint 0.1.0 (MITRE Engage catalog v1.0 built in)`.
pub fn version_line() -> String {
    format!(
        "Feint {VERSION} (MITRE Engage catalog v{} built in)",
        builtin().version
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_line_names_the_app_and_catalog_versions() {
        let line = version_line();
        assert!(line.starts_with(&format!("Feint {VERSION} ")), "{line}");
        assert!(line.contains("catalog v1.0"), "{line}");
        assert!(!VERSION.is_empty() && VERSION.split('.').count() == 3);
    }

    #[test]
    fn about_lists_the_builtin_catalog() {
        let about = About::new(vec![]);
        assert_eq!(about.version, VERSION);
        assert_eq!(about.builtin_catalog, "1.0");
    }
}
