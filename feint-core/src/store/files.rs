//! Creating files so that a kill at any moment leaves the old state or the new one.
//!
//! Everything Feint creates is first written to a private temporary file beside the target
//! (`.<name>.feint-tmp-<pid>-<random>`, mode 0600), flushed to disk, then renamed (or linked,
//! when the target must not exist yet) into place, and the folder is flushed so the rename
//! itself survives a power cut. A run that is killed leaves its temporary file behind; the
//! next run that writes into the same folder removes every one whose process is gone, so a
//! secret never lingers in a half-written copy.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{ErrorCode, FeintError, Result};

/// The marker every temporary file of ours carries in its name.
pub const TEMP_MARK: &str = ".feint-tmp-";

/// A temporary file beside `target`, removed on drop unless it was put in place.
pub struct TempFile {
    path: PathBuf,
    target: PathBuf,
    placed: bool,
}

impl TempFile {
    /// Creates an empty private temporary file in the target's folder, after sweeping away the
    /// leftovers of killed runs there.
    pub fn beside(target: &Path) -> Result<TempFile> {
        let dir = folder_of(target);
        sweep_stale(&dir);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "feint".into());
        let path = dir.join(format!(
            ".{name}{TEMP_MARK}{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        create_private_file(&path)?;
        Ok(TempFile {
            path,
            target: target.to_path_buf(),
            placed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the finished temporary file and renames it over the target.
    pub fn replace_target(mut self) -> Result<()> {
        sync_file(&self.path, &self.target)?;
        std::fs::rename(&self.path, &self.target).map_err(|e| write_error(&self.target, e))?;
        self.placed = true;
        sync_folder(&self.target)
    }

    /// Flushes the finished temporary file and puts it in place only if the target does not
    /// exist (a hard link cannot replace a file), so two writers never overwrite each other.
    pub fn create_target(mut self) -> Result<()> {
        sync_file(&self.path, &self.target)?;
        std::fs::hard_link(&self.path, &self.target).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                already_exists(&self.target)
            } else {
                write_error(&self.target, e)
            }
        })?;
        let _ = std::fs::remove_file(&self.path);
        self.placed = true;
        sync_folder(&self.target)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.placed {
            remove_with_companions(&self.path);
        }
    }
}

pub fn already_exists(path: &Path) -> FeintError {
    FeintError::new(
        ErrorCode::AlreadyExists,
        format!("{} already exists; choose another name", path.display()),
    )
}

fn write_error(path: &Path, err: std::io::Error) -> FeintError {
    FeintError::io(&format!("cannot write {}", path.display()), err)
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn sync_file(path: &Path, target: &Path) -> Result<()> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| write_error(target, e))
}

/// Flushes a folder's entries, so a rename into it is on disk before we report success.
pub fn sync_folder(target: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(folder_of(target))
            .and_then(|d| d.sync_all())
            .map_err(|e| write_error(target, e))?;
    }
    Ok(())
}

/// Removes the temporary files (and their SQLite journals) of runs that no longer exist.
pub fn sweep_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_owner(&name) else {
            continue;
        };
        if !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in one of our temporary file names (`.x.feint-tmp-<pid>-<random>[-journal]`).
fn temp_owner(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, rest) = name.rsplit_once(TEMP_MARK)?;
    rest.split('-').next()?.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without /proc we cannot tell; keeping a file is safer than removing a live one.
        true
    }
}

/// SQLite's side files of a database: its rollback journal and WAL companions.
pub fn companion_paths(path: &Path) -> [PathBuf; 3] {
    ["-journal", "-wal", "-shm"].map(|suffix| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    })
}

pub fn remove_with_companions(path: &Path) {
    let _ = std::fs::remove_file(path);
    for companion in companion_paths(path) {
        let _ = std::fs::remove_file(companion);
    }
}

/// Creates `path` as a new empty file that only its owner can read and write.
pub fn create_private_file(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(|e| FeintError::io(&format!("cannot create {}", path.display()), e))
}

/// Whether `path` is an operation file (an SQLite header carrying Feint's application id).
/// Exports refuse to write over one.
pub fn is_operation_file(path: &Path) -> bool {
    let mut header = [0u8; 72];
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    file.read_exact(&mut header).is_ok()
        && &header[..16] == b"SQLite format 3\0"
        && header[68..72] == super::APPLICATION_ID.to_be_bytes()
}

/// Writes `bytes` to `path` atomically with owner-only permissions, replacing any file there
/// except an operation file (an export must never destroy the work it came from).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_operation_target(path)?;
    let tmp = TempFile::beside(path)?;
    OpenOptions::new()
        .write(true)
        .open(tmp.path())
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| write_error(path, e))?;
    tmp.replace_target()
}

pub fn refuse_operation_target(path: &Path) -> Result<()> {
    if is_operation_file(path) || path.extension().is_some_and(|e| e == "feint") && path.exists() {
        return Err(FeintError::invalid(format!(
            "{} is an operation file; choose another name so it is not overwritten",
            path.display()
        )));
    }
    Ok(())
}
