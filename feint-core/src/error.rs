//! The one error type of the core. It crosses the Tauri boundary as `{code, message}`: the UI
//! switches on `code` and shows `message` to the planner as it is.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The file or item asked for does not exist.
    NotFound,
    /// A file that exists but is not a Feint operation (random bytes, another SQLite database).
    NotAnOperation,
    /// A file written by a newer Feint; it is left untouched.
    NewerVersion,
    /// A Feint file that is damaged or half-written.
    Corrupt,
    /// Input the core refuses: a bad field, a malformed import file.
    InvalidInput,
    /// Creating a file that is already there.
    AlreadyExists,
    /// The action needs an open operation and there is none.
    NoOperation,
    /// Reading or writing the disk failed.
    Io,
    /// SQLite failed in a way the planner cannot fix; the message says what.
    Database,
    /// The file is encrypted (or foreign): it opens only with its passphrase. Untouched.
    PassphraseRequired,
    /// The passphrase given does not open the file (or it is not an operation). Untouched.
    WrongPassphrase,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FeintError {
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T, E = FeintError> = std::result::Result<T, E>;

impl FeintError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn io(context: &str, err: std::io::Error) -> Self {
        let code = match err.kind() {
            std::io::ErrorKind::NotFound => ErrorCode::NotFound,
            std::io::ErrorKind::AlreadyExists => ErrorCode::AlreadyExists,
            _ => ErrorCode::Io,
        };
        Self::new(code, format!("{context}: {err}"))
    }
}

impl std::fmt::Display for FeintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FeintError {}

/// SQLite's own words never reach the planner: they name tables and statements, not the
/// problem. Each failure becomes a plain sentence; the caller adds the file's name.
impl From<rusqlite::Error> for FeintError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as Sq;
        use rusqlite::Error as E;
        let (code, message) = match &err {
            E::InvalidColumnType(_, column, _) => (
                ErrorCode::Corrupt,
                format!("the operation file holds a value of the wrong kind in the field \"{column}\""),
            ),
            E::FromSqlConversionFailure(_, _, _) | E::IntegralValueOutOfRange(_, _) => (
                ErrorCode::Corrupt,
                "the operation file holds a value Feint cannot read (wrong kind or out of range)"
                    .to_string(),
            ),
            E::QueryReturnedNoRows => (
                ErrorCode::Corrupt,
                "a record the operation file must hold is missing".to_string(),
            ),
            E::Utf8Error(..) => (
                ErrorCode::Corrupt,
                "the operation file holds text that is not valid UTF-8".to_string(),
            ),
            _ => match err.sqlite_error_code() {
                Some(Sq::NotADatabase) => (
                    ErrorCode::NotAnOperation,
                    "the file is not a readable operation file".to_string(),
                ),
                Some(Sq::DatabaseCorrupt) => (
                    ErrorCode::Corrupt,
                    "the operation file is damaged".to_string(),
                ),
                Some(Sq::CannotOpen) => (ErrorCode::Io, "the file cannot be opened".to_string()),
                Some(Sq::DatabaseBusy | Sq::DatabaseLocked) => (
                    ErrorCode::Io,
                    "the operation file is in use by another program; try again".to_string(),
                ),
                Some(Sq::ReadOnly | Sq::PermissionDenied) => (
                    ErrorCode::Io,
                    "the operation file cannot be written (read-only or no permission)".to_string(),
                ),
                Some(Sq::DiskFull) => (ErrorCode::Io, "the disk is full".to_string()),
                Some(Sq::SystemIoFailure) => {
                    (ErrorCode::Io, "reading or writing the disk failed".to_string())
                }
                Some(Sq::ConstraintViolation) => (
                    ErrorCode::InvalidInput,
                    "the change conflicts with what the operation file already holds".to_string(),
                ),
                _ => (
                    ErrorCode::Database,
                    "the operation file could not be read or written as expected (it may be damaged or from another program)"
                        .to_string(),
                ),
            },
        };
        Self::new(code, message)
    }
}

impl From<serde_json::Error> for FeintError {
    fn from(err: serde_json::Error) -> Self {
        Self::invalid(format!("malformed JSON: {err}"))
    }
}
