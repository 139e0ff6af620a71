//! The file a file manager hands the app. Desktop entries pass either a plain path (`%f`) or a
//! `file://` URI (`%u`, and what some file managers send anyway); a URI is percent-encoded, so
//! a name with spaces or non-ASCII letters must be decoded byte for byte before it is a path.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// The path named by one command-line argument: a `file://` URI is decoded, anything else is
/// taken as a path unchanged (a plain path is never percent-decoded: `50%20off.feint` is a
/// legal file name).
pub fn path_from_arg(arg: &OsStr) -> PathBuf {
    let bytes = arg.as_encoded_bytes();
    match file_uri_path(bytes) {
        Some(path) => PathBuf::from(os_string_from_bytes(percent_decode(path))),
        None => PathBuf::from(arg),
    }
}

/// The path part of `file:///p` or `file://localhost/p`; None for anything else (another
/// host's file cannot be opened as a local path, so it is left for the open to refuse).
fn file_uri_path(arg: &[u8]) -> Option<&[u8]> {
    let rest = strip_prefix_ignore_case(arg, b"file://")?;
    let rest = strip_prefix_ignore_case(rest, b"localhost").unwrap_or(rest);
    rest.starts_with(b"/").then_some(rest)
}

fn strip_prefix_ignore_case<'a>(bytes: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let head = bytes.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &bytes[prefix.len()..])
}

/// `%XX` → the byte XX; a `%` not followed by two hex digits is kept as it is.
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let escaped = (input[i] == b'%')
            .then(|| Some((hex(*input.get(i + 1)?)?, hex(*input.get(i + 2)?)?)))
            .flatten();
        match escaped {
            Some((high, low)) => {
                out.push(high << 4 | low);
                i += 3;
            }
            None => {
                out.push(input[i]);
                i += 1;
            }
        }
    }
    out
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

#[cfg(unix)]
fn os_string_from_bytes(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_string_from_bytes(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(arg: &str) -> PathBuf {
        path_from_arg(OsStr::new(arg))
    }

    #[test]
    fn plain_paths_are_taken_as_given() {
        assert_eq!(
            path("/home/ana/Op Nightjar.feint"),
            PathBuf::from("/home/ana/Op Nightjar.feint")
        );
        assert_eq!(path("50%20off.feint"), PathBuf::from("50%20off.feint"));
        assert_eq!(
            path("relative/op.feint"),
            PathBuf::from("relative/op.feint")
        );
    }

    #[test]
    fn file_uris_are_percent_decoded() {
        assert_eq!(
            path("file:///home/ana/Op%20Nightjar.feint"),
            PathBuf::from("/home/ana/Op Nightjar.feint")
        );
        assert_eq!(
            path("file:///tmp/op%C3%A9ration%20%E6%97%A5%E6%9C%AC.feint"),
            PathBuf::from("/tmp/opération 日本.feint")
        );
        assert_eq!(
            path("FILE://localhost/tmp/a%2fb.feint"),
            PathBuf::from("/tmp/a/b.feint")
        );
    }

    #[test]
    fn broken_escapes_are_kept() {
        assert_eq!(
            path("file:///tmp/100%.feint"),
            PathBuf::from("/tmp/100%.feint")
        );
        assert_eq!(
            path("file:///tmp/%zz.feint"),
            PathBuf::from("/tmp/%zz.feint")
        );
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_survive_decoding() {
        use std::os::unix::ffi::OsStrExt;
        let decoded = path("file:///tmp/%FFop.feint");
        assert_eq!(decoded.as_os_str().as_bytes(), b"/tmp/\xFFop.feint");
    }

    #[test]
    fn other_hosts_are_not_local_paths() {
        assert_eq!(
            path("file://server/share/op.feint"),
            PathBuf::from("file://server/share/op.feint")
        );
    }
}
