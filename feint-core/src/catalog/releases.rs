//! Engage releases the planner imported, kept beside the recent-files list in the config folder
//! as validated catalog JSON (`releases/engage-<version>.json`, owner-only).
//!
//! A release is app-level data: every operation recording its version reads it. An operation's
//! plan was checked against the built-in catalog, so a release carrying the built-in version must
//! carry the very same facts (IDs, names, relations, mapping rows); it may only bring the
//! official descriptions. Another version is stored and listed beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

use super::{builtin, builtin_shared, load_release, Catalog};
use crate::error::{FeintError, Result};
use crate::store::write_private;

const DIR: &str = "releases";

/// What importing a release did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReleaseImport {
    pub version: String,
    /// False when exactly this release was imported before: nothing changed.
    pub changed: bool,
    pub activities: u32,
    pub techniques: u32,
    pub mappings: u32,
}

/// One catalog version the app can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogVersion {
    pub version: String,
    /// True when an imported official release provides it (official descriptions).
    pub official: bool,
}

pub struct Releases {
    dir: Option<PathBuf>,
    catalogs: BTreeMap<String, Arc<Catalog>>,
}

impl Releases {
    /// Reads the releases imported earlier. One that no longer parses is left out: the
    /// built-in catalog still serves, and importing the release again repairs it.
    pub fn load(config_dir: Option<PathBuf>) -> Releases {
        let dir = config_dir.map(|d| d.join(DIR));
        let mut catalogs = BTreeMap::new();
        if let Some(entries) = dir.as_ref().and_then(|d| std::fs::read_dir(d).ok()) {
            for entry in entries.flatten() {
                let path = entry.path();
                let named_like_ours = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("engage-") && n.ends_with(".json"));
                if !named_like_ours {
                    continue;
                }
                let catalog = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|text| serde_json::from_str::<Catalog>(&text).ok());
                if let Some(catalog) = catalog {
                    catalogs.insert(catalog.version.clone(), Arc::new(catalog));
                }
            }
        }
        Releases { dir, catalogs }
    }

    /// Validates the release at `path` (folder or zip) and keeps it. Nothing is written, and
    /// every catalog stays as it was, unless the whole release is valid.
    pub fn import(&mut self, path: &Path) -> Result<ReleaseImport> {
        let catalog = load_release(path)?;
        if catalog.version == "unknown" {
            return Err(FeintError::invalid(format!(
                "cannot tell the release's version from the name {}; name the folder or zip \
                 like engage-v1.0",
                path.display()
            )));
        }
        let base = builtin();
        if catalog.version == base.version {
            check_same_facts(base, &catalog)?;
        }
        let summary = ReleaseImport {
            version: catalog.version.clone(),
            changed: self.catalogs.get(&catalog.version).map(|c| &**c) != Some(&catalog),
            activities: catalog.activities.len() as u32,
            techniques: catalog.techniques.len() as u32,
            mappings: catalog.mappings.len() as u32,
        };
        if !summary.changed {
            return Ok(summary);
        }
        if let Some(dir) = &self.dir {
            std::fs::create_dir_all(dir)
                .map_err(|e| FeintError::io(&format!("cannot create {}", dir.display()), e))?;
            let mut text = serde_json::to_string_pretty(&catalog)?;
            text.push('\n');
            write_private(&dir.join(file_name(&catalog.version)), text.as_bytes())?;
        }
        self.catalogs
            .insert(catalog.version.clone(), Arc::new(catalog));
        Ok(summary)
    }

    /// The catalog for `version`: an imported release, else the built-in one (the built-in
    /// catalog also serves a version no release provides here, so a file from a colleague
    /// with another release still opens).
    pub fn resolve(&self, version: &str) -> &Catalog {
        match self.catalogs.get(version) {
            Some(release) => release,
            None => builtin(),
        }
    }

    /// Like [`Releases::resolve`], for a holder that outlives this borrow (an open document).
    pub fn resolve_shared(&self, version: &str) -> Arc<Catalog> {
        self.catalogs
            .get(version)
            .map_or_else(builtin_shared, Arc::clone)
    }

    pub fn versions(&self) -> Vec<CatalogVersion> {
        let mut out = vec![CatalogVersion {
            version: builtin().version.clone(),
            official: self.catalogs.contains_key(&builtin().version),
        }];
        for version in self.catalogs.keys() {
            if *version != builtin().version {
                out.push(CatalogVersion {
                    version: version.clone(),
                    official: true,
                });
            }
        }
        out
    }
}

fn file_name(version: &str) -> String {
    // The version came from a folder name; keep only what is safe in a file name.
    let safe: String = version
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    format!("engage-{safe}.json")
}

/// Refuses a release that claims the built-in version but differs from it in a fact.
fn check_same_facts(base: &Catalog, release: &Catalog) -> Result<()> {
    let differs = |what: &str| {
        Err(FeintError::invalid(format!(
            "this release calls itself Engage {} but its {what} differ from the built-in \
             Engage {}; the operation files planned against it would no longer check",
            release.version, base.version
        )))
    };
    let names = |c: &Catalog| -> Vec<(String, String, Vec<String>, Vec<String>)> {
        c.activities
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.name.clone(),
                    a.approach_ids.clone(),
                    a.vulnerability_ids.clone(),
                )
            })
            .collect()
    };
    if names(base) != names(release) {
        return differs("activities");
    }
    let goals = |c: &Catalog| -> Vec<(String, String, Vec<String>)> {
        c.goals
            .iter()
            .map(|g| (g.id.clone(), g.name.clone(), g.approach_ids.clone()))
            .collect()
    };
    if goals(base) != goals(release) {
        return differs("goals");
    }
    let approaches = |c: &Catalog| -> Vec<(String, String, Vec<String>)> {
        c.approaches
            .iter()
            .map(|a| (a.id.clone(), a.name.clone(), a.activity_ids.clone()))
            .collect()
    };
    if approaches(base) != approaches(release) {
        return differs("approaches");
    }
    if base.techniques != release.techniques {
        return differs("ATT&CK techniques");
    }
    if base.mappings != release.mappings {
        return differs("mapping rows");
    }
    Ok(())
}
