//! The rules a value must meet, in one place, whether it comes from an edit, a JSON import or
//! a row read back from a file: text lengths, identifiers, timestamps and the size of each
//! collection in one operation. The feature modules call these; none keeps its own copy.

use std::path::Path;

use crate::error::{FeintError, Result};

/// A one-line field (names, titles, hosts), in characters.
pub const MAX_SHORT: usize = 500;
/// A long text (narratives, notes, descriptions), in bytes.
pub const MAX_TEXT: usize = 100_000;

/// The limits of one operation. Edits stop here, imports and files beyond them are refused.
pub const MAX_EVENTS: usize = 5_000;
pub const MAX_LANES: usize = 500;
pub const MAX_SUPPORTING: usize = 5_000;
pub const MAX_PERSONAS: usize = 500;
pub const MAX_ACCOUNTS_PER_PERSONA: usize = 200;
/// Accounts of all personas together: the largest operation still opens in well under a second.
pub const MAX_ACCOUNTS: usize = 5_000;
pub const MAX_TECHNIQUES: usize = 2_000;
/// Entries of each order list (gating and success criteria, rules, hosts).
pub const MAX_ORDER_ITEMS: usize = 500;
/// Copies an order is printed in (a copy number above it is a typing slip).
pub const MAX_COPIES: i32 = 9_999;
/// Execution journal entries of one operation, and the corrections kept for one entry.
pub const MAX_JOURNAL_ENTRIES: usize = 20_000;
pub const MAX_REVISIONS: usize = 100;
/// Links of one journal entry (events, personas, techniques, each).
pub const MAX_ENTRY_LINKS: usize = 100;
/// Gate decisions of one operation.
pub const MAX_GATE_DECISIONS: usize = 2_000;
/// Indicators and evidence references of one operation.
pub const MAX_INDICATORS: usize = 20_000;
pub const MAX_EVIDENCE: usize = 5_000;
/// The largest evidence file whose copy Feint keeps inside the operation, in bytes: the file
/// must still open, export and import quickly. Bigger evidence stays where it is kept.
pub const MAX_EVIDENCE_COPY: u64 = 25 * 1024 * 1024;
/// Entries of an ATT&CK Navigator layer read on import.
pub const MAX_LAYER_ENTRIES: usize = 100_000;

/// The shortest passphrase a file may be protected with, in characters. Passphrases are used
/// exactly as typed: never trimmed, so a space someone meant is kept.
pub const MIN_PASSPHRASE: usize = 8;
/// The longest passphrase, in characters (a pasted file by mistake is refused).
pub const MAX_PASSPHRASE: usize = 1_000;

/// A passphrase offered to unlock a file: anything but empty (or a NUL, which SQL cannot carry).
pub fn check_passphrase_to_open(passphrase: &str) -> Result<()> {
    if passphrase.is_empty() {
        return Err(FeintError::invalid("the passphrase is empty"));
    }
    if passphrase.contains('\0') || passphrase.chars().count() > MAX_PASSPHRASE {
        return Err(FeintError::invalid(format!(
            "a passphrase is at most {MAX_PASSPHRASE} characters without NUL characters"
        )));
    }
    Ok(())
}

/// A passphrase a file is about to be protected with: at least `MIN_PASSPHRASE` characters.
pub fn check_new_passphrase(passphrase: &str) -> Result<()> {
    check_passphrase_to_open(passphrase)?;
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(FeintError::invalid(format!(
            "the passphrase is shorter than {MIN_PASSPHRASE} characters"
        )));
    }
    Ok(())
}

pub fn check_short(label: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_SHORT {
        return Err(FeintError::invalid(format!(
            "the {label} is longer than {MAX_SHORT} characters"
        )));
    }
    Ok(())
}

pub fn check_text(label: &str, value: &str, max_bytes: usize) -> Result<()> {
    if value.len() > max_bytes {
        return Err(FeintError::invalid(format!(
            "the {label} is larger than {} KB",
            max_bytes / 1000
        )));
    }
    Ok(())
}

/// An identifier: not empty, one line, at most 100 characters, no control characters.
pub fn check_id(label: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(FeintError::invalid(format!("the {label} is empty")));
    }
    if value.chars().count() > 100 || value.chars().any(char::is_control) {
        return Err(FeintError::invalid(format!(
            "the {label} \"{}\" is not an identifier",
            value.chars().take(100).collect::<String>()
        )));
    }
    Ok(())
}

/// A timestamp as Feint writes them: RFC 3339 (`2026-12-07T09:30:00Z`).
pub fn check_timestamp(label: &str, value: &str) -> Result<()> {
    chrono::DateTime::parse_from_rfc3339(value).map_err(|_| {
        FeintError::invalid(format!(
            "the {label} \"{}\" is not a date and time (such as 2026-12-07T09:30:00Z)",
            value.chars().take(100).collect::<String>()
        ))
    })?;
    Ok(())
}

/// A local date and time without a zone, "2026-12-07T09:30" (read in the operation's zone).
pub fn check_local_time(label: &str, value: &str) -> Result<()> {
    let parsed = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M");
    if parsed.is_err() || value.len() != 16 {
        return Err(FeintError::invalid(format!(
            "the {label} \"{}\" is not a local date and time (such as 2026-12-07T09:30)",
            value.chars().take(100).collect::<String>()
        )));
    }
    Ok(())
}

/// A collection is within its limit.
pub fn check_count(what: &str, count: usize, max: usize) -> Result<()> {
    if count > max {
        return Err(FeintError::invalid(format!(
            "an operation holds at most {max} {what}; this one has {count}"
        )));
    }
    Ok(())
}

/// Names which entry of a collection an error is about: "event 3 (id …): <error>".
pub fn in_entry(what: &str, index: usize, id: &str, err: FeintError) -> FeintError {
    let id = id.chars().take(100).collect::<String>();
    FeintError::new(
        err.code,
        format!("{what} {} (ID \"{id}\"): {}", index + 1, err.message),
    )
}

/// Names the input file an error is about: "<file> cannot be imported: <error>".
pub fn in_file(path: &Path, err: FeintError) -> FeintError {
    FeintError::new(
        err.code,
        format!("{} cannot be imported: {}", path.display(), err.message),
    )
}
