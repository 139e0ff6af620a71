//! Reading input files so that every read ends: only regular files are opened (a FIFO would
//! block forever, a device would never end), and at most `limit + 1` bytes are read, so the
//! limit holds even where the size the file system reports is wrong or zero.

use std::io::Read;
use std::path::Path;

use crate::error::{FeintError, Result};

/// The bytes of `path`, refusing a file over `limit` bytes (`what` names it: "layer").
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    crate::store::check_regular(path)?;
    let file = std::fs::File::open(path)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
    if bytes.len() as u64 > limit {
        return Err(FeintError::invalid(format!(
            "{} is larger than {} MB, the most Feint reads for a {what}",
            path.display(),
            limit / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

/// The text of `path` (UTF-8, a leading byte-order mark dropped), bounded as [`read_bounded`].
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<String> {
    let bytes = read_bounded(path, limit, what)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        FeintError::invalid(format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(strip_bom(text))
}

/// Drops a UTF-8 byte-order mark, which some editors write at the start of JSON files.
pub fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
