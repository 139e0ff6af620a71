//! The operation file: one SQLite database per operation.
//!
//! Opening checks, in this order and without writing a byte: the file is a regular file,
//! starts with the SQLite header, carries Feint's `application_id`, has a schema version this
//! build knows, passes `PRAGMA integrity_check` and holds every table of its version. Only
//! then is it reopened read-write and, if older, migrated after a backup copy is made.
//!
//! The file uses SQLite's rollback journal (`journal_mode = DELETE`): a committed edit is in
//! the `.feint` itself, so a copy of the file alone taken at any moment holds every
//! acknowledged edit, and no side file outlives a transaction. New files are built in a
//! private temporary file and put in place only when complete (`files`).
//!
//! A file may be encrypted with a passphrase (SQLCipher: every page, the header included, and
//! the rollback journal). Such a file does not start with SQLite's header; it is checked the
//! same way, read-only, through a connection given its key before any other statement. Adding,
//! changing or removing the passphrase writes a whole new file aside (`sqlcipher_export`) and
//! renames it over the old one, so a kill leaves the old file or the new one.

pub mod files;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rusqlite::{Connection, OpenFlags, Transaction};

use crate::error::{ErrorCode, FeintError, Result};
use files::{companion_paths, TempFile};
pub use files::{create_private_file, write_private};

/// An enum stored as text in the file (the same text is its JSON form): `as_str`, `parse` (for
/// a reader that names the unknown value in its own sentence), and the `ToSql`/`FromSql` pair,
/// which names an unknown value rather than guessing.
macro_rules! sql_text_enum {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub(crate) fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
        impl ::rusqlite::types::ToSql for $ty {
            fn to_sql(&self) -> ::rusqlite::Result<::rusqlite::types::ToSqlOutput<'_>> {
                Ok(::rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }
        impl ::rusqlite::types::FromSql for $ty {
            fn column_result(
                value: ::rusqlite::types::ValueRef<'_>,
            ) -> ::rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).ok_or_else(|| {
                    ::rusqlite::types::FromSqlError::Other(
                        format!("unknown {} \"{text}\"", stringify!($ty)).into(),
                    )
                })
            }
        }
    };
}
pub(crate) use sql_text_enum;

/// 'FEIN' as a big-endian integer, written by migration 1.
pub const APPLICATION_ID: i32 = 0x4645_494E;

/// Numbered migrations, applied in order; migration N brings the file to `user_version` N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_operation.sql"),
    include_str!("migrations/0002_storyboard.sql"),
    include_str!("migrations/0003_personas.sql"),
    include_str!("migrations/0004_threat.sql"),
    include_str!("migrations/0005_order.sql"),
    include_str!("migrations/0006_opord.sql"),
    include_str!("migrations/0007_journal.sql"),
    include_str!("migrations/0008_gate_decisions.sql"),
    include_str!("migrations/0009_intelligence.sql"),
    include_str!("migrations/0010_after_action.sql"),
];

/// The schema version this build writes and the newest it reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The passphrase the file is encrypted with; `None` for a plain file.
    key: Option<String>,
}

impl Store {
    /// Creates a new, empty operation file (readable by the owner only). Refuses to overwrite.
    pub fn create(path: &Path) -> Result<Store> {
        Self::create_filled(path, None, |_| Ok(()))
    }

    /// Creates a new operation file whose content `fill` writes, all of it or nothing: the
    /// database is built in a private temporary file and linked into place only when complete,
    /// so a kill at any moment leaves either no file or the whole one, and a retry succeeds.
    /// With a `key`, the file is encrypted from its first byte (its journal too).
    pub fn create_filled(
        path: &Path,
        key: Option<&str>,
        fill: impl FnOnce(&mut Store) -> Result<()>,
    ) -> Result<Store> {
        if path.exists() {
            return Err(files::already_exists(path));
        }
        let tmp = TempFile::beside(path)?;
        {
            let mut store = Self::open_rw(tmp.path(), key)?;
            store.migrate()?;
            fill(&mut store)?;
        }
        tmp.create_target()?;
        Self::open_rw(path, key)
    }

    /// Opens an existing operation file, refusing anything that is not one of ours.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, None)
    }

    /// Opens an operation file that may be encrypted; `key` is used only if it is (a plain
    /// file opens as it is).
    pub fn open_with(path: &Path, key: Option<&str>) -> Result<Store> {
        let checked = check_file(path, key)?;
        if checked.version < SCHEMA_VERSION {
            backup_before_migration(path, checked.version)?;
        }
        let key = checked.key.as_deref();
        let mut store = match checked.reusable {
            Some(conn) => Self::configure(conn, path, key)?,
            None => Self::open_rw(path, key)?,
        };
        store.migrate()?;
        Ok(store)
    }

    /// Whether the file is encrypted with a passphrase.
    pub fn is_protected(&self) -> bool {
        self.key.is_some()
    }

    pub(crate) fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Encrypts the file with `key`, changes its passphrase, or (with `None`) stores it plain.
    /// The new file is written whole beside the old one and renamed over it: a kill leaves
    /// either file, each opening with its own passphrase.
    pub fn set_key(&mut self, key: Option<&str>) -> Result<()> {
        let tmp = TempFile::beside(&self.path)?;
        self.export_to(tmp.path(), key, &self.path)?;
        tmp.replace_target()?;
        match Self::open_rw(&self.path, key) {
            Ok(reopened) => {
                *self = reopened;
                Ok(())
            }
            Err(err) => {
                // The old connection points at the replaced file: later edits must fail, not
                // vanish into it.
                self.conn = Connection::open_in_memory()?;
                Err(FeintError::new(
                    err.code,
                    format!(
                        "{} was rewritten but could not be reopened ({}); open it again",
                        self.path.display(),
                        err.message
                    ),
                ))
            }
        }
    }

    /// An in-memory store with the real migrations, for tests.
    pub fn in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            key: None,
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

    /// Writes a consistent copy of the operation to `dest` (a new file, owner-only), built
    /// aside and linked into place whole, with the same protection as this file.
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        self.copy_with_key(dest, self.key.as_deref())
    }

    /// Like [`Store::copy_to`], the copy encrypted with `key` (plain with `None`).
    pub fn copy_with_key(&self, dest: &Path, key: Option<&str>) -> Result<()> {
        if dest.exists() {
            return Err(files::already_exists(dest));
        }
        let tmp = TempFile::beside(dest)?;
        if self.key.is_none() && key.is_none() {
            // VACUUM INTO accepts an empty file, so the permissions are the temporary file's.
            self.conn
                .execute("VACUUM INTO ?1", [utf8_path(tmp.path(), dest)?])
                .map_err(|e| storage_error(dest, "write", e))?;
        } else {
            self.export_to(tmp.path(), key, dest)?;
        }
        tmp.create_target()
    }

    /// Copies every table into the (empty, private) file `into`, encrypted with `key` or plain
    /// with `None`, keeping the schema version and application id. `target` names the file in
    /// errors.
    fn export_to(&self, into: &Path, key: Option<&str>, target: &Path) -> Result<()> {
        let fail = |e| storage_error(target, "write", e);
        // An empty KEY attaches a plain database; without KEY the copy would take this file's.
        self.conn
            .execute(
                "ATTACH DATABASE ?1 AS feint_copy KEY ?2",
                [utf8_path(into, target)?, key.unwrap_or("")],
            )
            .map_err(fail)?;
        let exported = (|| -> rusqlite::Result<()> {
            self.conn
                .execute_batch("PRAGMA feint_copy.journal_mode = DELETE;")?;
            self.conn
                .query_row("SELECT sqlcipher_export('feint_copy')", [], |_| Ok(()))?;
            let version: i32 = self
                .conn
                .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            let app_id: i32 = self
                .conn
                .query_row("PRAGMA main.application_id", [], |r| r.get(0))?;
            self.conn
                .pragma_update(Some("feint_copy"), "user_version", version)?;
            self.conn
                .pragma_update(Some("feint_copy"), "application_id", app_id)
        })();
        let detached = self.conn.execute("DETACH DATABASE feint_copy", []);
        exported.map_err(fail)?;
        detached.map_err(fail)?;
        Ok(())
    }

    fn open_rw(path: &Path, key: Option<&str>) -> Result<Store> {
        Self::configure(connect(path, key)?, path, key)
    }

    /// Makes a read-write connection the store's: the settings below are its first writes.
    fn configure(conn: Connection, path: &Path, key: Option<&str>) -> Result<Store> {
        // DELETE: a committed edit is in the file itself (no -wal to lose when only the file is
        // copied). FULL: an edit the UI shows as saved survives a crash of the machine.
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(|e| storage_error(path, "open", e))?;
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(|e| storage_error(path, "open", e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key: key.map(str::to_owned),
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

/// A read-write connection with its key and nothing else: it has not written anything yet.
fn connect(path: &Path, key: Option<&str>) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| storage_error(path, "open", e))?;
    apply_key(&conn, key).map_err(|e| storage_error(path, "open", e))?;
    Ok(conn)
}

/// Gives a connection its passphrase; SQLCipher needs it before any other statement. Sorting
/// and temporary tables stay in memory, so no plaintext reaches a temporary file.
fn apply_key(conn: &Connection, key: Option<&str>) -> rusqlite::Result<()> {
    if let Some(key) = key {
        conn.pragma_update(None, "key", key)?;
    }
    // SQLCipher logs a wrong key to stderr itself (on the first read, which comes later); the
    // planner gets our sentence instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA temp_store = MEMORY;")
}

fn utf8_path<'a>(path: &'a Path, target: &Path) -> Result<&'a str> {
    path.to_str().ok_or_else(|| {
        FeintError::invalid(format!(
            "{} cannot be written: its folder's path is not valid UTF-8",
            target.display()
        ))
    })
}

fn passphrase_required(path: &Path) -> FeintError {
    FeintError::new(
        ErrorCode::PassphraseRequired,
        format!(
            "{} is encrypted with a passphrase (or is not a Feint operation file); give its passphrase to open it. It was not changed.",
            path.display()
        ),
    )
}

fn wrong_passphrase(path: &Path) -> FeintError {
    FeintError::new(
        ErrorCode::WrongPassphrase,
        format!(
            "wrong passphrase, or {} is not a Feint operation file; it was not changed",
            path.display()
        ),
    )
}

/// A plain-words error for a failure to open or write a database file (no SQLite text).
fn storage_error(path: &Path, doing: &str, err: rusqlite::Error) -> FeintError {
    let mapped = FeintError::from(err);
    FeintError::new(
        mapped.code,
        format!("cannot {doing} {}: {}", path.display(), mapped.message),
    )
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
        format!(
            "{} is not a Feint operation file ({why}); it was not changed",
            path.display()
        ),
    )
}

fn corrupt(path: &Path, why: &str) -> FeintError {
    FeintError::new(
        ErrorCode::Corrupt,
        format!("{} is damaged ({why}); it was not changed", path.display()),
    )
}

/// Refuses what is not a regular file before anything opens it: a FIFO would block forever
/// and a device would never end.
pub fn check_regular(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path)
        .map_err(|e| FeintError::io(&format!("cannot open {}", path.display()), e))?;
    if meta.is_dir() {
        return Err(FeintError::invalid(format!(
            "{} is a folder, not a file",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(FeintError::invalid(format!(
            "{} is not a regular file (a pipe, socket or device); Feint reads only files",
            path.display()
        )));
    }
    Ok(())
}

/// What the read-only check found: the schema version, and the key if the file is encrypted.
struct Checked {
    version: i32,
    key: Option<String>,
    /// The read-write connection an encrypted file was checked through, kept so its key is
    /// not derived a second time (PBKDF2 is slow on purpose).
    reusable: Option<Connection>,
}

/// Checks a file without writing to it, so a refused file is never modified.
fn check_file(path: &Path, key: Option<&str>) -> Result<Checked> {
    check_regular(path)?;
    let (key, verified) = match read_header(path)? {
        Header::Plain(app_id, version) => {
            check_ids(path, app_id, version)?;
            (None, None)
        }
        Header::Unknown => {
            let key = key.ok_or_else(|| passphrase_required(path))?;
            (Some(key), Some(verify_key(path, key)?))
        }
    };
    // A killed run's journal or WAL may hold the newest header: check it again after recovery.
    let recovered = recover_interrupted(path, key)?;
    // The connection that verified the key serves the checks too, unless recovery changed the
    // file under it.
    let (conn, reusable) = match verified {
        Some((conn, read_write)) if !recovered => (conn, read_write),
        _ => (open_immutable(path, key)?, false),
    };
    let version = match key {
        None => check_header(path)?,
        Some(_) => {
            let (app_id, version) = ids_of(&conn).map_err(|e| damaged(path, e))?;
            check_ids(path, app_id, version)?
        }
    };
    let check: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| damaged(path, e))?;
    if check != "ok" {
        return Err(corrupt(path, "its internal structure is inconsistent"));
    }
    let present = schema_of(&conn).map_err(|e| damaged(path, e))?;
    let expected = expected_schema(version);
    if let Some((table, column)) = expected.iter().find(|t| !present.contains(*t)) {
        let what = if column.is_empty() {
            format!("the table {table} is missing")
        } else {
            format!("the column {column} of {table} is missing")
        };
        return Err(corrupt(path, &what));
    }
    Ok(Checked {
        version,
        key: key.map(str::to_owned),
        reusable: reusable.then_some(conn),
    })
}

/// Tries the passphrase on the file's first page before anything could write with it; returns
/// the connection and whether it is a read-write one. A read does not write unless a killed
/// run left a journal to roll back: then the key is tried read-only (immutable) first.
fn verify_key(path: &Path, key: &str) -> Result<(Connection, bool)> {
    crate::rules::check_passphrase_to_open(key)?;
    let read_write = !interrupted(path);
    let conn = if read_write {
        connect(path, Some(key))?
    } else {
        open_immutable(path, Some(key))?
    };
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|_| wrong_passphrase(path))?;
    Ok((conn, read_write))
}

fn ids_of(conn: &Connection) -> rusqlite::Result<(i32, i32)> {
    let app_id = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app_id, version))
}

/// Feint's application id and a schema version this build reads; returns the version.
fn check_header(path: &Path) -> Result<i32> {
    match read_header(path)? {
        Header::Plain(app_id, version) => check_ids(path, app_id, version),
        Header::Unknown => Err(not_an_operation(path, "it is not an SQLite database")),
    }
}

fn check_ids(path: &Path, app_id: i32, version: i32) -> Result<i32> {
    if app_id != APPLICATION_ID {
        return Err(not_an_operation(
            path,
            "another application's SQLite database",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(newer_version(path, version));
    }
    if version < 1 {
        return Err(corrupt(
            path,
            &format!("its schema version {version} is not one Feint writes"),
        ));
    }
    Ok(version)
}

/// What the first bytes of a file say.
enum Header {
    /// SQLite's header: the application id and schema version.
    Plain(i32, i32),
    /// Whole pages of bytes that are not SQLite's header: encrypted, or another format.
    Unknown,
}

/// An encrypted file is whole pages of at least 512 bytes; anything else without SQLite's
/// header is plainly not an operation, whatever passphrase is given.
fn could_be_encrypted(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() >= 512 && m.len() % 512 == 0)
}

/// The application id and schema version from the 100-byte database header, read directly so
/// no SQLite connection (which may create side files) touches a file that is not ours.
fn read_header(path: &Path) -> Result<Header> {
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path)
        .map_err(|e| FeintError::io(&format!("cannot open {}", path.display()), e))?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => {
                return Err(FeintError::io(
                    &format!("cannot read {}", path.display()),
                    e,
                ))
            }
        }
    }
    if read < header.len() || &header[..16] != b"SQLite format 3\0" {
        if could_be_encrypted(path) {
            return Ok(Header::Unknown);
        }
        return Err(not_an_operation(path, "it is not an SQLite database"));
    }
    let int_at = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    Ok(Header::Plain(int_at(68), int_at(60)))
}

/// A Feint file left with a hot rollback journal or a WAL by a killed run is brought back to
/// its last committed state before it is checked (SQLite's own recovery; for a WAL file, the
/// switch to the rollback journal also moves the WAL's commits into the file).
/// Returns whether there was anything to recover.
fn recover_interrupted(path: &Path, key: Option<&str>) -> Result<bool> {
    if !interrupted(path) {
        for side in companion_paths(path) {
            if std::fs::metadata(&side).is_ok_and(|m| m.len() == 0) {
                let _ = std::fs::remove_file(side);
            }
        }
        return Ok(false);
    }
    let store = Store::open_rw(path, key)?;
    // Reading rolls a hot journal back (or a WAL into the file). A journal still there after that
    // is one SQLite judged stale (a kill before its header was written); holding the write lock,
    // no other writer can own it, so it is removed.
    store
        .conn
        .execute_batch("BEGIN IMMEDIATE; SELECT count(*) FROM sqlite_master;")
        .map_err(|e| damaged(path, e))?;
    let journal = &companion_paths(path)[0];
    if journal.exists() {
        let _ = std::fs::remove_file(journal);
    }
    store
        .conn
        .execute_batch("ROLLBACK")
        .map_err(|e| damaged(path, e))?;
    Ok(true)
}

/// Whether a killed run left a journal or WAL with content beside the file.
fn interrupted(path: &Path) -> bool {
    companion_paths(path)
        .iter()
        .take(2)
        .any(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
}

/// A read-only connection that neither locks nor creates side files (`immutable`), for the
/// checks on a file nothing else is writing.
fn open_immutable(path: &Path, key: Option<&str>) -> Result<Connection> {
    let absolute = std::path::absolute(path)
        .map_err(|e| FeintError::io(&format!("cannot open {}", path.display()), e))?;
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        // Only the bytes that mean something in a URI (or are not ASCII) are escaped.
        if byte.is_ascii() && !matches!(byte, b'?' | b'#' | b'%') {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(path, e))?;
    apply_key(&conn, key).map_err(|e| damaged(path, e))?;
    Ok(conn)
}

type Schema = BTreeSet<(String, String)>;

/// Every table with each of its columns (and the table alone, with an empty column).
fn schema_of(conn: &Connection) -> rusqlite::Result<Schema> {
    let mut stmt = conn.prepare(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table'",
    )?;
    let mut schema = Schema::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (table, column) = row?;
        schema.insert((table.clone(), String::new()));
        schema.insert((table, column));
    }
    Ok(schema)
}

/// What a file of schema `version` must hold: the migrations up to it, applied in memory.
fn expected_schema(version: i32) -> &'static Schema {
    static SCHEMAS: OnceLock<Vec<Schema>> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        // One database taken through the migrations, its schema noted after each: every
        // opening pays for this, so each migration is applied once, not once per version.
        let conn = Connection::open_in_memory().expect("an in-memory database opens");
        let mut schemas = vec![schema_of(&conn).expect("an in-memory schema reads")];
        for sql in MIGRATIONS {
            conn.execute_batch(sql)
                .expect("the embedded migrations apply");
            schemas.push(schema_of(&conn).expect("an in-memory schema reads"));
        }
        schemas
    });
    &all[version.clamp(0, SCHEMA_VERSION) as usize]
}

/// Copies an older file to `name.feint.bak-v<N>` (whole, private, flushed) before it is
/// migrated, so the planner keeps a file the previous Feint can open.
fn backup_before_migration(path: &Path, version: i32) -> Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".bak-v{version}"));
    let backup = PathBuf::from(name);
    if files::is_operation_file(&backup) {
        return Ok(());
    }
    let bytes = std::fs::read(path)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
    let tmp = TempFile::beside(&backup)?;
    std::fs::write(tmp.path(), &bytes)
        .map_err(|e| FeintError::io(&format!("cannot write {}", backup.display()), e))?;
    tmp.replace_target()
}

fn damaged(path: &Path, err: rusqlite::Error) -> FeintError {
    let mapped = FeintError::from(err);
    match mapped.code {
        ErrorCode::NotAnOperation => not_an_operation(path, "it is not a readable SQLite database"),
        _ => corrupt(path, "it is damaged or half-written and cannot be read"),
    }
}

/// Removes an operation file and its SQLite side files (a benchmark's own earlier result).
pub fn remove_operation_file(path: &Path) {
    files::remove_with_companions(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_file_is_private_whole_and_current() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        let store = Store::create(&path).unwrap();
        let mode: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
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
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(err.code, ErrorCode::NotAnOperation, "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn whole_pages_of_random_bytes_ask_for_a_passphrase_then_refuse_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sealed.feint");
        let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert_eq!(err.code, ErrorCode::PassphraseRequired, "{}", err.message);
        assert!(err.message.contains("sealed.feint"), "{}", err.message);
        let err = Store::open_with(&path, Some("any passphrase"))
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::WrongPassphrase, "{}", err.message);
        assert!(err.message.contains("sealed.feint"), "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        for side in companion_paths(&path) {
            assert!(!side.exists(), "{} left", side.display());
        }
    }

    #[test]
    fn an_encrypted_copy_keeps_its_version_and_id_and_opens_only_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Store::create(&dir.path().join("plain.feint")).unwrap();
        let dest = dir.path().join("locked.feint");
        plain.copy_with_key(&dest, Some("correct horse")).unwrap();
        assert!(!files::is_operation_file(&dest));
        assert_eq!(
            Store::open(&dest).err().unwrap().code,
            ErrorCode::PassphraseRequired
        );
        let locked = Store::open_with(&dest, Some("correct horse")).unwrap();
        assert!(locked.is_protected());
        let (app_id, version) = ids_of(locked.conn()).unwrap();
        assert_eq!((app_id, version), (APPLICATION_ID, SCHEMA_VERSION));
        // A copy of an encrypted file keeps its passphrase unless told otherwise.
        let again = dir.path().join("again.feint");
        locked.copy_to(&again).unwrap();
        Store::open_with(&again, Some("correct horse")).unwrap();
        let unlocked = dir.path().join("unlocked.feint");
        locked.copy_with_key(&unlocked, None).unwrap();
        assert!(files::is_operation_file(&unlocked));
        assert!(!Store::open(&unlocked).unwrap().is_protected());
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

    #[test]
    fn an_export_never_overwrites_an_operation_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        let doc = crate::document::Document::create(&path, "Keep me").unwrap();
        let before = std::fs::read(&path).unwrap();
        let renamed = dir.path().join("op-copy.pdf");
        std::fs::copy(&path, &renamed).unwrap();
        for target in [&path, &renamed] {
            let err = doc
                .export_pdf(target, crate::order::build::ExportOptions::default())
                .err()
                .unwrap();
            assert!(err.message.contains("operation"), "{}", err.message);
            assert!(doc.export_csv(target).is_err());
            assert!(crate::json::export_to_file(&doc, target).is_err());
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn an_older_file_is_backed_up_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.feint");
        let op = crate::operation::Operation::new("Old", "1.0").unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            for (index, sql) in MIGRATIONS[..4].iter().enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", index as i32 + 1)
                    .unwrap();
            }
            crate::operation::save(&conn, &op).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        crate::document::Document::open(&path).unwrap();
        let backup = dir.path().join("old.feint.bak-v4");
        assert_eq!(std::fs::read(&backup).unwrap(), before);
        assert_eq!(check_header(&path).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_schema_5_file_keeps_its_data_and_gains_an_empty_opord() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v5.feint");
        let op = crate::operation::Operation::new("Five", "1.0").unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            for (index, sql) in MIGRATIONS[..5].iter().enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", index as i32 + 1)
                    .unwrap();
            }
            crate::operation::save(&conn, &op).unwrap();
            conn.execute_batch(
                "INSERT INTO event (id, activity_id, approach_id, title, day, minute,
                        duration_min, created_at, modified_at)
                 VALUES ('5d0c1a52-8a3e-4c1b-9d2e-0f6a7b8c9d01', 'EAC0005', 'EAP0002', 'Kept', 2, 540, 60,
                        '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z');
                 INSERT INTO gating_criterion (id, condition, action, position)
                 VALUES ('5d0c1a52-8a3e-4c1b-9d2e-0f6a7b8c9d02', 'Still here', 'stop', 0);
                 INSERT INTO order_text (id, opsec) VALUES (1, 'Quiet');",
            )
            .unwrap();
        }
        let doc = crate::document::Document::open(&path).unwrap();
        let event = &doc.storyboard().unwrap().events[0];
        assert_eq!((event.title.as_str(), event.owner_role), ("Kept", None));
        let order = doc.order().unwrap();
        assert_eq!(order.gating[0].condition, "Still here");
        assert_eq!(
            (
                order.gating[0].decision_day,
                order.gating[0].phase_id.as_deref()
            ),
            (None, None)
        );
        assert_eq!(order.texts.opsec, "Quiet");
        assert_eq!(order.opord, crate::order::Opord::default());
        assert!(dir.path().join("v5.feint.bak-v5").exists());
    }

    #[test]
    fn a_wal_file_of_an_earlier_build_is_folded_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wal.feint");
        drop(crate::document::Document::create(&path, "Was WAL").unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             UPDATE operation SET name = 'In the WAL';",
        )
        .unwrap();
        // The file and its WAL as a killed app of an earlier build left them.
        let path = dir.path().join("left.feint");
        std::fs::copy(dir.path().join("wal.feint"), &path).unwrap();
        std::fs::copy(
            dir.path().join("wal.feint-wal"),
            dir.path().join("left.feint-wal"),
        )
        .unwrap();
        drop(conn);
        let doc = crate::document::Document::open(&path).unwrap();
        assert_eq!(doc.operation().unwrap().name, "In the WAL");
        drop(doc);
        for side in companion_paths(&path) {
            assert!(!side.exists(), "{} left", side.display());
        }
    }

    #[test]
    fn a_fifo_a_device_and_a_folder_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.feint");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
            let err = Store::open(path).err().unwrap();
            assert!(
                err.message.contains(&path.display().to_string()),
                "{}",
                err.message
            );
        }
    }

    #[test]
    fn stale_temporary_files_of_dead_runs_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (above the kernel's pid limit).
        let stale = dir.path().join(".op.feint.feint-tmp-99999999-abc");
        std::fs::write(&stale, b"secret").unwrap();
        let mine = dir
            .path()
            .join(format!(".x.feint-tmp-{}-abc", std::process::id()));
        std::fs::write(&mine, b"in use").unwrap();
        Store::create(&dir.path().join("op.feint")).unwrap();
        assert!(!stale.exists());
        assert!(mine.exists());
    }
}
