//! The recent-files list, kept as a small JSON file in the user's config folder.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::store::write_private;

const MAX_RECENT: usize = 10;
const FILE_NAME: &str = "recent.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RecentFile {
    pub path: String,
    pub file_name: String,
    /// False when the file was moved or deleted since.
    pub exists: bool,
}

pub struct RecentFiles {
    dir: Option<PathBuf>,
    paths: Vec<String>,
}

impl RecentFiles {
    /// Loads the list from `dir`; a missing or unreadable list is an empty one (it is a convenience,
    /// never a reason to refuse to start).
    pub fn load(dir: Option<PathBuf>) -> RecentFiles {
        let paths = dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join(FILE_NAME)).ok())
            .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
            .unwrap_or_default();
        RecentFiles { dir, paths }
    }

    /// Puts `path` first and saves the list. Failing to save the list is not an error worth
    /// interrupting the planner for.
    pub fn push(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let path = path.to_string_lossy().into_owned();
        self.paths.retain(|p| *p != path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
        if let Some(dir) = &self.dir {
            if std::fs::create_dir_all(dir).is_ok() {
                if let Ok(json) = serde_json::to_vec_pretty(&self.paths) {
                    let _ = write_private(&dir.join(FILE_NAME), &json);
                }
            }
        }
    }

    pub fn list(&self) -> Vec<RecentFile> {
        self.paths
            .iter()
            .map(|p| {
                let path = Path::new(p);
                RecentFile {
                    path: p.clone(),
                    file_name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| p.clone()),
                    exists: path.exists(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates_and_persisted() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.feint");
        let b = dir.path().join("b.feint");
        std::fs::write(&a, b"").unwrap();
        let mut recent = RecentFiles::load(Some(dir.path().join("cfg")));
        recent.push(&a);
        recent.push(&b);
        recent.push(&a);
        let again = RecentFiles::load(Some(dir.path().join("cfg")));
        let names: Vec<_> = again
            .list()
            .into_iter()
            .map(|r| (r.file_name, r.exists))
            .collect();
        assert_eq!(
            names,
            vec![("a.feint".into(), true), ("b.feint".into(), false)]
        );
    }

    #[test]
    fn keeps_ten_and_survives_a_damaged_list() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        let mut recent = RecentFiles::load(Some(dir.path().to_path_buf()));
        assert!(recent.list().is_empty());
        for i in 0..12 {
            recent.push(&dir.path().join(format!("{i}.feint")));
        }
        assert_eq!(recent.list().len(), MAX_RECENT);
        assert_eq!(recent.list()[0].file_name, "11.feint");
    }
}
