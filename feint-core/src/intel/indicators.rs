//! Indicators observed during the run: an address, a name, a hash or a user agent, checked by
//! its kind and normalised, with first and last seen and the journal entries that saw it. The
//! value is stored as it really is (for STIX and for matching) and shown defanged, so nothing
//! on screen or pasted from it is a live link.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::journal::when::When;
use crate::rules::{
    check_count, check_id, check_short, check_text, check_timestamp, in_entry, MAX_ENTRY_LINKS,
    MAX_INDICATORS, MAX_TEXT,
};
use crate::store::sql_text_enum;

/// The kinds of indicator the issue names. An IP's version and a hash's algorithm follow
/// from the value, so the planner picks fewer kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    Ip,
    Domain,
    Url,
    FileHash,
    FileName,
    Email,
    UserAgent,
}

sql_text_enum!(IndicatorKind {
    Ip => "ip",
    Domain => "domain",
    Url => "url",
    FileHash => "file_hash",
    FileName => "file_name",
    Email => "email",
    UserAgent => "user_agent",
});

impl IndicatorKind {
    fn label(self) -> &'static str {
        match self {
            IndicatorKind::Ip => "IP address",
            IndicatorKind::Domain => "domain",
            IndicatorKind::Url => "URL",
            IndicatorKind::FileHash => "file hash",
            IndicatorKind::FileName => "file name",
            IndicatorKind::Email => "email address",
            IndicatorKind::UserAgent => "user agent",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Indicator {
    pub id: String,
    pub kind: IndicatorKind,
    /// Normalised, never defanged.
    pub value: String,
    /// RFC 3339, UTC.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Journal entries that saw it.
    #[serde(default)]
    pub entry_ids: Vec<String>,
    #[serde(default)]
    pub note: String,
    pub created_at: String,
    pub modified_at: String,
}

/// An indicator as the Intelligence page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IndicatorView {
    pub indicator: Indicator,
    /// The value made safe to show and paste: `203.0.113[.]7`, `hxxps://example[.]com/a`.
    pub defanged: String,
    /// What the value is: "IPv4", "IPv6", "MD5", "SHA-1", "SHA-256", or the kind's name.
    pub detail: String,
    pub first_seen: Option<When>,
    pub last_seen: Option<When>,
}

/// A new indicator as the form sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewIndicator {
    pub kind: Option<IndicatorKind>,
    /// As seen; a defanged value (`1.2.3[.]4`, `hxxp://`) is read back to the real one.
    pub value: String,
    /// "now", "14:05", "D+1 09:30", … as the journal reads times; left out: from the entries.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub entry_ids: Option<Vec<String>>,
    pub note: Option<String>,
}

const MAX_URL: usize = 2_048;

fn refused(kind: IndicatorKind, value: &str, why: &str) -> FeintError {
    FeintError::invalid(format!(
        "\"{}\" is not a valid {}: {why}",
        value.chars().take(100).collect::<String>(),
        kind.label()
    ))
}

/// Undoes the usual defanging, so a value pasted from a report is read as the real one.
pub fn refang(text: &str) -> String {
    let mut out = text.trim().to_string();
    for (from, to) in [
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("[:]", ":"),
        ("[@]", "@"),
        ("[at]", "@"),
        ("[://]", "://"),
    ] {
        out = out.replace(from, to);
    }
    for (from, to) in [("hxxps://", "https://"), ("hxxp://", "http://")] {
        if out
            .get(..from.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(from))
        {
            out = format!("{to}{}", &out[from.len()..]);
        }
    }
    out
}

/// Breaks a host name's last dot (`www.example[.]com`), enough that no viewer links it.
fn defang_host(host: &str) -> String {
    match host.rfind('.') {
        Some(i) => format!("{}[.]{}", &host[..i], &host[i + 1..]),
        None => host.replacen(':', "[:]", 1),
    }
}

/// The value made safe to show: no viewer or mail client turns it into a link.
pub fn defang(kind: IndicatorKind, value: &str) -> String {
    match kind {
        IndicatorKind::Ip | IndicatorKind::Domain | IndicatorKind::FileName => defang_host(value),
        IndicatorKind::Email => match value.rsplit_once('@') {
            Some((local, domain)) => format!("{local}[@]{}", defang_host(domain)),
            None => value.to_string(),
        },
        IndicatorKind::Url => {
            let (scheme, rest) = value.split_once("://").unwrap_or(("", value));
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(end);
            let scheme = match scheme {
                "http" => "hxxp",
                "https" => "hxxps",
                other => other,
            };
            format!("{scheme}[://]{}{tail}", defang_host(authority))
        }
        IndicatorKind::FileHash | IndicatorKind::UserAgent => value.to_string(),
    }
}

/// "IPv4", "SHA-256", …: what the value is, beyond its kind.
pub fn detail(kind: IndicatorKind, value: &str) -> String {
    match kind {
        IndicatorKind::Ip => match value.parse::<IpAddr>() {
            Ok(IpAddr::V6(_)) => "IPv6".into(),
            _ => "IPv4".into(),
        },
        IndicatorKind::FileHash => hash_algorithm(value).unwrap_or("hash").into(),
        IndicatorKind::Domain => "Domain".into(),
        IndicatorKind::Url => "URL".into(),
        IndicatorKind::FileName => "File name".into(),
        IndicatorKind::Email => "Email".into(),
        IndicatorKind::UserAgent => "User agent".into(),
    }
}

/// The algorithm a hash is by its length: the STIX name of it.
pub fn hash_algorithm(value: &str) -> Option<&'static str> {
    match value.len() {
        32 => Some("MD5"),
        40 => Some("SHA-1"),
        64 => Some("SHA-256"),
        _ => None,
    }
}

fn check_domain(kind: IndicatorKind, original: &str, domain: &str) -> Result<String> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    if domain.len() > 253 {
        return Err(refused(
            kind,
            original,
            "a host name is at most 253 characters",
        ));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(refused(
            kind,
            original,
            "a domain has at least two labels (example.com)",
        ));
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(refused(
                kind,
                original,
                "each label is 1 to 63 letters, digits or hyphens (write an international name \
                 in its xn-- form)",
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(refused(kind, original, "the last label is a number"));
    }
    Ok(domain)
}

fn no_space_or_control(kind: IndicatorKind, original: &str, value: &str) -> Result<()> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refused(
            kind,
            original,
            "it holds spaces or control characters",
        ));
    }
    Ok(())
}

/// The host of a URL's authority (`user@host:port`), checked as an IP or a domain.
fn check_url_host(original: &str, authority: &str) -> Result<String> {
    let kind = IndicatorKind::Url;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(rest) = host_port.strip_prefix('[') {
        let (v6, after) = rest
            .split_once(']')
            .ok_or_else(|| refused(kind, original, "an IPv6 host is not closed with ]"))?;
        let ip: std::net::Ipv6Addr = v6
            .parse()
            .map_err(|_| refused(kind, original, "the IPv6 host is not an address"))?;
        return Ok(format!("[{ip}]{after}"));
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => {
            if p.parse::<u16>().is_err() {
                return Err(refused(
                    kind,
                    original,
                    "the port is not a number up to 65535",
                ));
            }
            (h, Some(p))
        }
        None => (host_port, None),
    };
    let host = match host.parse::<std::net::Ipv4Addr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => check_domain(kind, original, host)?,
    };
    let userinfo = authority
        .rsplit_once('@')
        .map_or(String::new(), |(u, _)| format!("{u}@"));
    Ok(match port {
        Some(p) => format!("{userinfo}{host}:{p}"),
        None => format!("{userinfo}{host}"),
    })
}

/// Checks `raw` as a `kind` and returns its normalised form (defanging undone).
pub fn normalise(kind: IndicatorKind, raw: &str) -> Result<String> {
    let original = raw.trim();
    if original.is_empty() {
        return Err(FeintError::invalid(format!(
            "the {} is empty",
            kind.label()
        )));
    }
    let value = refang(original);
    match kind {
        IndicatorKind::Ip => value
            .parse::<IpAddr>()
            .map(|ip| ip.to_string())
            .map_err(|_| {
                refused(
                    kind,
                    original,
                    "write an IPv4 (203.0.113.7) or IPv6 (2001:db8::7) address",
                )
            }),
        IndicatorKind::Domain => {
            no_space_or_control(kind, original, &value)?;
            check_domain(kind, original, &value)
        }
        IndicatorKind::Url => {
            no_space_or_control(kind, original, &value)?;
            if value.len() > MAX_URL {
                return Err(refused(kind, original, "a URL is at most 2048 characters"));
            }
            let (scheme, rest) = value
                .split_once("://")
                .ok_or_else(|| refused(kind, original, "it has no scheme (https://…)"))?;
            let scheme = scheme.to_ascii_lowercase();
            if !matches!(
                scheme.as_str(),
                "http" | "https" | "ftp" | "ftps" | "ws" | "wss"
            ) {
                return Err(refused(
                    kind,
                    original,
                    "the scheme is not http, https, ftp, ftps, ws or wss",
                ));
            }
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(end);
            if authority.is_empty() {
                return Err(refused(kind, original, "it names no host"));
            }
            let host = check_url_host(original, authority)?;
            Ok(format!("{scheme}://{host}{tail}"))
        }
        IndicatorKind::FileHash => {
            let hash = value.to_ascii_lowercase();
            if hash_algorithm(&hash).is_none() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(refused(
                    kind,
                    original,
                    "an MD5, SHA-1 or SHA-256 hash is 32, 40 or 64 hexadecimal digits",
                ));
            }
            Ok(hash)
        }
        IndicatorKind::FileName => {
            if value.contains(['/', '\\']) || value.chars().any(char::is_control) {
                return Err(refused(
                    kind,
                    original,
                    "a file name holds no folder separators or control characters",
                ));
            }
            if value.chars().count() > 255 {
                return Err(refused(
                    kind,
                    original,
                    "a file name is at most 255 characters",
                ));
            }
            Ok(value)
        }
        IndicatorKind::Email => {
            no_space_or_control(kind, original, &value)?;
            let (local, domain) = value
                .rsplit_once('@')
                .ok_or_else(|| refused(kind, original, "it has no @"))?;
            if local.is_empty() || local.len() > 64 || local.contains('@') {
                return Err(refused(
                    kind,
                    original,
                    "the part before @ is 1 to 64 characters",
                ));
            }
            Ok(format!("{local}@{}", check_domain(kind, original, domain)?))
        }
        IndicatorKind::UserAgent => {
            if original.chars().any(char::is_control) {
                return Err(refused(kind, original, "it holds control characters"));
            }
            check_short("user agent", original)?;
            // A user agent is taken as seen: brackets in it are not defanging.
            Ok(original.to_string())
        }
    }
}

impl Indicator {
    /// Checks every rule that does not need the database; the value must be normalised.
    pub(crate) fn validate(&self) -> Result<()> {
        check_id("indicator ID", &self.id)?;
        if normalise(self.kind, &self.value)? != self.value {
            return Err(refused(
                self.kind,
                &self.value,
                "it is not in its normalised form",
            ));
        }
        for (label, value) in [
            ("first seen", &self.first_seen),
            ("last seen", &self.last_seen),
        ] {
            if let Some(v) = value {
                check_timestamp(label, v)?;
            }
        }
        if let (Some(first), Some(last)) = (&self.first_seen, &self.last_seen) {
            if seconds(last)? < seconds(first)? {
                return Err(FeintError::invalid(format!(
                    "{} was last seen before it was first seen",
                    defang(self.kind, &self.value)
                )));
            }
        }
        check_timestamp("indicator's creation time", &self.created_at)?;
        check_timestamp("indicator's change time", &self.modified_at)?;
        check_text("indicator note", &self.note, MAX_TEXT)?;
        if self.entry_ids.len() > MAX_ENTRY_LINKS {
            return Err(FeintError::invalid(format!(
                "an indicator names at most {MAX_ENTRY_LINKS} journal entries"
            )));
        }
        Ok(())
    }
}

fn seconds(stamp: &str) -> Result<i64> {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.timestamp())
        .map_err(|_| FeintError::invalid(format!("\"{stamp}\" is not a date and time")))
}

pub(crate) fn check_links(conn: &Connection, indicator: &Indicator) -> Result<()> {
    let mut exists = conn.prepare_cached("SELECT 1 FROM journal_entry WHERE id = ?1")?;
    for id in &indicator.entry_ids {
        if !exists.exists([id])? {
            return Err(FeintError::invalid(format!(
                "the indicator links to a journal entry that is not in the operation (ID \"{id}\")"
            )));
        }
    }
    Ok(())
}

pub(crate) fn save(conn: &Connection, indicator: &Indicator) -> Result<()> {
    let clash: Option<String> = conn
        .prepare_cached("SELECT id FROM indicator WHERE kind = ?1 AND value = ?2 AND id <> ?3")?
        .query_map(
            params![indicator.kind.as_str(), indicator.value, indicator.id],
            |r| r.get(0),
        )?
        .next()
        .transpose()?;
    if clash.is_some() {
        return Err(FeintError::invalid(format!(
            "{} is already an indicator of this operation",
            defang(indicator.kind, &indicator.value)
        )));
    }
    conn.execute(
        "INSERT INTO indicator (id, kind, value, first_seen, last_seen, note, created_at,
             modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            indicator.id,
            indicator.kind.as_str(),
            indicator.value,
            indicator.first_seen,
            indicator.last_seen,
            indicator.note,
            indicator.created_at,
            indicator.modified_at
        ],
    )?;
    let mut link = conn
        .prepare_cached("INSERT INTO indicator_entry (indicator_id, entry_id) VALUES (?1, ?2)")?;
    for entry in &indicator.entry_ids {
        link.execute(params![indicator.id, entry])?;
    }
    Ok(())
}

/// Every indicator, in the order they were first seen (then added).
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<Indicator>> {
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT indicator_id, entry_id FROM indicator_entry ORDER BY rowid")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (indicator, entry) = row?;
        links.entry(indicator).or_default().push(entry);
    }
    let mut stmt = conn.prepare(
        "SELECT id, kind, value, first_seen, last_seen, note, created_at, modified_at
         FROM indicator ORDER BY coalesce(first_seen, created_at), created_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, value, first_seen, last_seen, note, created_at, modified_at) = row?;
        let kind = IndicatorKind::parse(&kind).ok_or_else(|| {
            FeintError::invalid(format!(
                "the file holds an unknown indicator kind \"{}\"",
                kind.chars().take(100).collect::<String>()
            ))
        })?;
        out.push(Indicator {
            entry_ids: links.remove(&id).unwrap_or_default(),
            id,
            kind,
            value,
            first_seen,
            last_seen,
            note,
            created_at,
            modified_at,
        });
    }
    Ok(out)
}

pub(crate) fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM indicator", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Writes the indicators of an import (or of a file being checked), each checked as an edit.
pub(crate) fn insert_all(conn: &Connection, indicators: &[Indicator]) -> Result<()> {
    check_count("indicators", indicators.len(), MAX_INDICATORS)?;
    let mut ids = BTreeSet::new();
    for (i, indicator) in indicators.iter().enumerate() {
        let unique = if ids.insert(indicator.id.as_str()) {
            Ok(())
        } else {
            Err(FeintError::invalid("the ID is used twice"))
        };
        unique
            .and_then(|_| indicator.validate())
            .and_then(|_| check_links(conn, indicator))
            .and_then(|_| save(conn, indicator))
            .map_err(|e| in_entry("indicator", i, &indicator.id, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKind::*;

    #[test]
    fn values_are_checked_by_kind_and_normalised() {
        let good = [
            (Ip, "203.0.113.7", "203.0.113.7"),
            (Ip, "198.51.100[.]9", "198.51.100.9"),
            (Ip, "2001:DB8:0:0::7", "2001:db8::7"),
            (Domain, "Update.Example.COM.", "update.example.com"),
            (Domain, "cdn[.]example[.]net", "cdn.example.net"),
            (
                Url,
                "hxxps://Example.com/a?b=1",
                "https://example.com/a?b=1",
            ),
            (
                Url,
                "HTTP://198.51.100.9:8080/x",
                "http://198.51.100.9:8080/x",
            ),
            (Url, "https://[2001:db8::1]/p", "https://[2001:db8::1]/p"),
            (FileHash, &"AB".repeat(16), &"ab".repeat(16)),
            (FileHash, &"0".repeat(40), &"0".repeat(40)),
            (FileHash, &"f".repeat(64), &"f".repeat(64)),
            (FileName, "invoice.pdf.exe", "invoice.pdf.exe"),
            (Email, "ops[@]Example.com", "ops@example.com"),
            (UserAgent, "curl/8.4.0 [x]", "curl/8.4.0 [x]"),
        ];
        for (kind, raw, want) in good {
            assert_eq!(normalise(kind, raw).unwrap(), want, "{kind:?} {raw}");
        }
        let bad = [
            (Ip, "203.0.113.256"),
            (Ip, "example.com"),
            (Domain, "localhost"),
            (Domain, "exa mple.com"),
            (Domain, "-bad.example.com"),
            (Domain, "1.2.3.4"),
            (Url, "example.com/a"),
            (Url, "javascript://x.com"),
            (Url, "https:///nohost"),
            (Url, "https://example.com:99999/"),
            (FileHash, &"a".repeat(33)),
            (FileHash, &"g".repeat(32)),
            (FileName, "../etc/passwd"),
            (Email, "nobody"),
            (Email, "@example.com"),
            (UserAgent, "line\nbreak"),
            (UserAgent, "  "),
        ];
        for (kind, raw) in bad {
            let err = normalise(kind, raw).unwrap_err();
            assert!(!err.message.contains("SQL"), "{}", err.message);
        }
    }

    #[test]
    fn values_are_shown_defanged() {
        assert_eq!(defang(Ip, "203.0.113.7"), "203.0.113[.]7");
        assert_eq!(defang(Ip, "2001:db8::7"), "2001[:]db8::7");
        assert_eq!(defang(Domain, "example.com"), "example[.]com");
        assert_eq!(defang(Domain, "a.example.com"), "a.example[.]com");
        assert_eq!(
            defang(Url, "https://example.com/a.b"),
            "hxxps[://]example[.]com/a.b"
        );
        assert_eq!(
            defang(Url, "http://203.0.113.7:80"),
            "hxxp[://]203.0.113[.]7:80"
        );
        assert_eq!(defang(Email, "user@example.com"), "user[@]example[.]com");
        assert_eq!(defang(FileHash, "abc"), "abc");
        // What is shown reads back as the real value.
        for (kind, value) in [
            (Ip, "203.0.113.7"),
            (Domain, "a.example.com"),
            (Url, "https://example.com/x"),
            (Email, "user@example.com"),
        ] {
            assert_eq!(normalise(kind, &defang(kind, value)).unwrap(), value);
        }
        assert_eq!(detail(FileHash, &"a".repeat(64)), "SHA-256");
        assert_eq!(detail(Ip, "2001:db8::1"), "IPv6");
    }
}
