//! The operation file: one SQLite database per operation.
//!
//! Opening checks, in this order and without writing a byte: the file exists, starts with the
//! SQLite header, carries Feint's `application_id`, and has a schema no newer than this build
//! knows. Only then is it reopened read-write, switched to WAL and migrated. Every edit is one
//! transaction (`with_tx`), committed before the UI is told it is saved.

use std::fs::OpenOptions;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction};

use crate::error::{ErrorCode, FeintError, Result};

/// 'FEIN' as a big-endian integer, written by migration 1.
pub const APPLICATION_ID: i32 = 0x4645_494E;

/// Numbered migrations, applied in order; migration N brings the file to `user_version` N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_operation.sql"),
    include_str!("migrations/0002_storyboard.sql"),
    include_str!("migrations/0003_personas.sql"),
    include_str!("migrations/0004_threat.sql"),
    include_str!("migrations/0005_order.sql"),
];

/// The schema version this build writes and the newest it reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Creates a new, empty operation file (readable by the owner only). Refuses to overwrite.
    pub fn create(path: &Path) -> Result<Store> {
        create_private_file(path)?;
        let result = Self::open_rw(path).and_then(|mut store| {
            store.migrate()?;
            Ok(store)
        });
        if result.is_err() {
            // Leave no half-made file behind for the planner to trip over.
            remove_operation_file(path);
        }
        result
    }

    /// Opens an existing operation file, refusing anything that is not one of ours.
    pub fn open(path: &Path) -> Result<Store> {
        // A read-only SQLite open of a WAL file creates -wal/-shm companions; a refused file
        // must be left exactly as it was found, so remove any that were not there before.
        let companions = companion_paths(path);
        let existed: Vec<bool> = companions.iter().map(|p| p.exists()).collect();
        if let Err(err) = check_file(path) {
            for (companion, existed) in companions.iter().zip(existed) {
                if !existed {
                    let _ = std::fs::remove_file(companion);
                }
            }
            return Err(err);
        }
        let mut store = Self::open_rw(path)?;
        store.migrate()?;
        Ok(store)
    }

    /// An in-memory store with the real migrations, for tests.
    pub fn in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
        };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: all of it is committed, or none of it.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Writes a consistent copy of the operation to `dest` (a new file, owner-only).
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(FeintError::new(
                ErrorCode::AlreadyExists,
                format!("{} already exists", dest.display()),
            ));
        }
        // VACUUM INTO accepts an empty file, so the permissions are ours, not the umask's.
        create_private_file(dest)?;
        let dest_str = dest
            .to_str()
            .ok_or_else(|| FeintError::invalid("the destination path is not valid UTF-8"))?;
        if let Err(err) = self.conn.execute("VACUUM INTO ?1", [dest_str]) {
            let _ = std::fs::remove_file(dest);
            return Err(err.into());
        }
        Ok(())
    }

    fn open_rw(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // FULL: an edit the UI shows as saved survives a crash of the machine, not only of the app.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn migrate(&mut self) -> Result<()> {
        let current: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > SCHEMA_VERSION {
            return Err(newer_version(&self.path, current));
        }
        if current == SCHEMA_VERSION {
            return Ok(());
        }
        self.with_tx(|tx| {
            for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", index as i32 + 1)?;
            }
            Ok(())
        })
    }
}

fn newer_version(path: &Path, found: i32) -> FeintError {
    FeintError::new(
        ErrorCode::NewerVersion,
        format!(
            "{} was written by a newer version of Feint (file schema {found}; this Feint reads up to {SCHEMA_VERSION}). \
             Update Feint to open it; the file was not changed.",
            path.display()
        ),
    )
}

fn not_an_operation(path: &Path, why: &str) -> FeintError {
    FeintError::new(
        ErrorCode::NotAnOperation,
        format!("{} is not a Feint operation file ({why})", path.display()),
    )
}

/// Checks a file read-only, so a refused file is never modified.
fn check_file(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)
        .map_err(|e| FeintError::io(&format!("cannot open {}", path.display()), e))?;
    let n = file
        .read(&mut header)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(not_an_operation(path, "it is not an SQLite database"));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let ids: rusqlite::Result<(i32, i32)> = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    );
    let (app_id, version) = ids.map_err(|e| damaged(path, e))?;
    if app_id != APPLICATION_ID {
        return Err(not_an_operation(
            path,
            "another application's SQLite database",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(newer_version(path, version));
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    if check != "ok" {
        return Err(FeintError::new(
            ErrorCode::Corrupt,
            format!(
                "{} is damaged ({check}); it was not changed",
                path.display()
            ),
        ));
    }
    Ok(())
}

fn damaged(path: &Path, err: rusqlite::Error) -> FeintError {
    let mapped = FeintError::from(err);
    match mapped.code {
        ErrorCode::NotAnOperation => not_an_operation(path, "it is not a readable SQLite database"),
        _ => FeintError::new(
            ErrorCode::Corrupt,
            format!(
                "{} is damaged or half-written and cannot be read ({}); it was not changed",
                path.display(),
                mapped.message
            ),
        ),
    }
}

fn companion_paths(path: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    })
}

/// Removes an operation file and its WAL companions (after a failed creation).
pub fn remove_operation_file(path: &Path) {
    let _ = std::fs::remove_file(path);
    for companion in companion_paths(path) {
        let _ = std::fs::remove_file(companion);
    }
}

/// Creates `path` as a new empty file that only its owner can read and write.
pub fn create_private_file(path: &Path) -> Result<std::fs::File> {
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

/// Writes `bytes` to `path` atomically (temporary file, then rename) with owner-only permissions.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut file = create_private_file(&tmp)?;
        file.write_all(bytes)
            .and_then(|_| file.sync_all())
            .map_err(|e| FeintError::io(&format!("cannot write {}", path.display()), e))?;
        std::fs::rename(&tmp, path)
            .map_err(|e| FeintError::io(&format!("cannot write {}", path.display()), e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_file_is_private_wal_and_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        let store = Store::create(&path).unwrap();
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let version: i32 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(perms & 0o777, 0o600);
        }
    }

    #[test]
    fn create_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        std::fs::write(&path, b"keep me").unwrap();
        let err = Store::create(&path).err().unwrap();
        assert_eq!(err.code, ErrorCode::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    }

    #[test]
    fn random_bytes_are_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.feint");
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(err.code, ErrorCode::NotAnOperation, "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn empty_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.feint");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(
            Store::open(&path).err().unwrap().code,
            ErrorCode::NotAnOperation
        );
    }

    #[test]
    fn another_sqlite_database_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(err.code, ErrorCode::NotAnOperation);
        assert!(
            err.message.contains("another application"),
            "{}",
            err.message
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn newer_file_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.feint");
        {
            let store = Store::create(&path).unwrap();
            store
                .conn()
                .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .unwrap();
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(err.code, ErrorCode::NewerVersion);
        assert!(
            err.message.contains("newer version of Feint"),
            "{}",
            err.message
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn half_written_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("half.feint");
        {
            let store = Store::create(&path).unwrap();
            // Enough rows to spread the database over many pages.
            store
                .conn()
                .execute_batch(
                    "CREATE TABLE filler(x TEXT);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000)
                     INSERT INTO filler SELECT printf('%0200d', i) FROM n;
                     PRAGMA wal_checkpoint(TRUNCATE);",
                )
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        let cut = &bytes[..bytes.len() / 3];
        let half = dir.path().join("cut.feint");
        std::fs::write(&half, cut).unwrap();
        let err = Store::open(&half).err().unwrap();
        assert!(
            matches!(err.code, ErrorCode::Corrupt | ErrorCode::NotAnOperation),
            "{err:?}"
        );
        assert_eq!(std::fs::read(&half).unwrap(), cut);
    }

    #[test]
    fn with_tx_rolls_back_on_error() {
        let mut store = Store::in_memory().unwrap();
        store
            .conn()
            .execute_batch("CREATE TABLE t(x INTEGER)")
            .unwrap();
        let result: Result<()> = store.with_tx(|tx| {
            tx.execute("INSERT INTO t VALUES (1)", [])?;
            Err(FeintError::invalid("no"))
        });
        assert!(result.is_err());
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn copy_is_a_private_operation_file() {
        let dir = tempfile::tempdir().unwrap();
        let src = Store::create(&dir.path().join("a.feint")).unwrap();
        let dest = dir.path().join("b.feint");
        src.copy_to(&dest).unwrap();
        Store::open(&dest).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = std::fs::metadata(&dest).unwrap().permissions().mode();
            assert_eq!(perms & 0o777, 0o600);
        }
        assert_eq!(
            src.copy_to(&dest).err().unwrap().code,
            ErrorCode::AlreadyExists
        );
    }

    #[test]
    fn a_schema_3_file_opens_migrated_with_an_empty_threat_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.feint");
        let op = crate::operation::Operation::new("Before the threat model", "1.0").unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            for (index, sql) in MIGRATIONS[..3].iter().enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", index as i32 + 1)
                    .unwrap();
            }
            crate::operation::save(&conn, &op).unwrap();
        }
        let mut doc = crate::document::Document::open(&path).unwrap();
        let version: i32 = doc
            .store()
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(doc.operation().unwrap(), op);
        assert!(doc.threat_model().unwrap().techniques.is_empty());
        let model = doc.add_techniques(&["T1611".into()]).unwrap();
        assert_eq!(model.techniques[0].technique_id, "T1611");
    }

    #[test]
    fn write_private_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_private(&path, b"{}").unwrap();
        write_private(&path, b"{\"a\":1}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(perms & 0o777, 0o600);
        }
    }
}
