//! The OPSEC linkage check: what two operations share that would let an adversary who met both
//! link them — persona names, usernames, secrets (passwords and honeytokens), host names,
//! domains, e-mail, IP and MAC addresses in any text field of the plan.
//!
//! Values are compared in a normalised form (`extract::normalise`). Secrets are compared but
//! never shown: a finding about one names only where it is ("a secret of persona … account 2").
//! A laptop that cannot share its files writes a digest instead (`Digest`): a random salt and
//! the HMAC-SHA-256 of each value under it, so the values cannot be read back, while a scanner
//! re-hashes its own values with the digest's salt to compare.
//!
//! Not compared: the threat model (public facts about the adversary, shared by design when two
//! operations face one group), the run (journal and approved baseline: what happened, and a copy
//! of the plan), a persona's everyday websites (public sites), and loopback or unspecified addresses (127.0.0.1, ::1, 0.0.0.0), which link
//! nothing. The scan report says so.

pub mod extract;
mod hash;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::document::Document;
use crate::error::{ErrorCode, FeintError, Result};
use crate::order::readiness::Target;

/// What is said in a scan report about what it leaves out.
pub const NOT_COMPARED: &str = "Not compared: the threat model (public facts about the adversary), the run journal and approved baseline, personas' everyday websites, and loopback or unspecified addresses.";

/// The format name a digest file carries.
pub const DIGEST_FORMAT: &str = "feint-opsec-digest";
const DIGEST_VERSION: u32 = 1;
/// A digest holds one hash per distinct value; an operation at its limits stays far below this.
const MAX_DIGEST_BYTES: u64 = 64 * 1024 * 1024;

/// What kind of value links two operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    PersonaName,
    Username,
    /// A password or a honeytoken: compared, never shown.
    Secret,
    Hostname,
    Domain,
    Email,
    Ip,
    Mac,
}

impl LinkKind {
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::PersonaName => "persona name",
            LinkKind::Username => "username",
            LinkKind::Secret => "secret",
            LinkKind::Hostname => "host name",
            LinkKind::Domain => "domain name",
            LinkKind::Email => "e-mail address",
            LinkKind::Ip => "IP address",
            LinkKind::Mac => "MAC address",
        }
    }

    /// A password is compared exactly as typed; everything else ignores letter case.
    pub fn case_matters(self) -> bool {
        self == LinkKind::Secret
    }

    /// Kinds compared with each other: a host name in one file and the same name found as a
    /// domain in another's notes are one value.
    fn class(self) -> &'static str {
        match self {
            LinkKind::Hostname | LinkKind::Domain => "host",
            LinkKind::PersonaName => "persona",
            LinkKind::Username => "username",
            LinkKind::Secret => "secret",
            LinkKind::Email => "email",
            LinkKind::Ip => "ip",
            LinkKind::Mac => "mac",
        }
    }

    pub fn is_secret(self) -> bool {
        self == LinkKind::Secret
    }
}

/// One linkable value of an operation and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub kind: LinkKind,
    /// Normalised; for a secret, the secret itself, so a `Mark` is never shown or serialised.
    value: String,
    /// Where it is, in words that never include a secret: `persona "Alex Carter", account 1`.
    pub place: String,
    /// Where the planner fixes it.
    pub target: Target,
}

impl Mark {
    fn new(kind: LinkKind, raw: &str, place: String, target: Target) -> Option<Mark> {
        let value = extract::normalise(kind, raw);
        (!value.is_empty()).then_some(Mark {
            kind,
            value,
            place,
            target,
        })
    }

    /// The value as a report may show it: quoted, or nothing for a secret.
    pub fn shown(&self) -> Option<String> {
        (!self.kind.is_secret()).then(|| self.value.clone())
    }

    fn key(&self) -> (&'static str, &str) {
        (self.kind.class(), &self.value)
    }

    fn hashed(&self, salt: &[u8]) -> String {
        let (class, value) = self.key();
        hash::hex(&hash::hmac_sha256(
            salt,
            format!("{class}\n{value}").as_bytes(),
        ))
    }
}

impl Document {
    /// Every linkable value of the plan, with where it is.
    pub fn opsec_marks(&self) -> Result<Vec<Mark>> {
        let mut marks = Vec::new();
        let personas = crate::persona::export_all(self.store.conn())?;
        for persona in &personas {
            let name = &persona.profile.name;
            let target = Target::Persona {
                id: persona.profile.id.clone(),
            };
            let at = format!("persona \u{201c}{name}\u{201d}");
            marks.extend(Mark::new(
                LinkKind::PersonaName,
                name,
                at.clone(),
                target.clone(),
            ));
            for (i, account) in persona.accounts.iter().enumerate() {
                let place = format!("{at}, account {}", i + 1);
                marks.extend(Mark::new(
                    LinkKind::Username,
                    &account.username,
                    place.clone(),
                    target.clone(),
                ));
                let secret = account.password.as_ref().or(account.honeytoken.as_ref());
                if let Some(secret) = secret {
                    let what = if account.honeytoken.is_some() {
                        "the honeytoken"
                    } else {
                        "the password"
                    };
                    marks.extend(Mark::new(
                        LinkKind::Secret,
                        secret,
                        format!("{what} of {place}"),
                        target.clone(),
                    ));
                }
            }
        }
        let board = self.storyboard_data()?;
        for event in &board.events {
            marks.extend(Mark::new(
                LinkKind::Hostname,
                &event.host,
                format!("event \u{201c}{}\u{201d} host", event.title),
                Target::Event {
                    id: event.id.clone(),
                },
            ));
        }
        let order = self.order()?;
        for host in &order.hosts {
            marks.extend(Mark::new(
                LinkKind::Hostname,
                &host.hostname,
                format!("environment host \u{201c}{}\u{201d}", host.hostname),
                environment(),
            ));
        }
        let texts = Texts::of(
            serde_json::to_value(self.operation()?)?,
            serde_json::to_value(&board)?,
            serde_json::to_value(&personas)?,
            serde_json::to_value(&order)?,
        );
        texts.marks_into(&mut marks);
        Ok(marks)
    }

    /// The digest of this operation: its values hashed under a fresh random salt.
    pub fn opsec_digest(&self) -> Result<Digest> {
        Ok(Digest::of(&self.opsec_marks()?, &fresh_salt()))
    }
}

fn environment() -> Target {
    Target::Order {
        section: "environment".into(),
    }
}

/// A random salt, 32 bytes from two v4 UUIDs (the OS's random source, through `uuid`).
pub fn fresh_salt() -> Vec<u8> {
    let mut salt = uuid::Uuid::new_v4().as_bytes().to_vec();
    salt.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    salt
}

/// The free-text fields of an operation, walked with a readable place for each.
struct Texts {
    sections: Vec<(String, Target, Value)>,
}

/// Fields that hold no free text (IDs, times, the working-hours grid) or are compared on their
/// own (secrets are marks of their own, never scanned as text).
const NOT_TEXT: [&str; 9] = [
    "id",
    "created_at",
    "modified_at",
    "password",
    "honeytoken",
    "schedule",
    "event_ids",
    "account_ids",
    // A persona's everyday websites are public sites many people visit, not ours.
    "websites",
];

impl Texts {
    fn of(op: Value, board: Value, personas: Value, order: Value) -> Texts {
        let mut sections = vec![("operation".to_string(), Target::Operation, op)];
        let items = |value: &Value, key: &str| -> Vec<Value> {
            value[key].as_array().cloned().unwrap_or_default()
        };
        for event in items(&board, "events") {
            let place = format!("event \u{201c}{}\u{201d}", text(&event, "title"));
            let id = text(&event, "id");
            sections.push((place, Target::Event { id }, event));
        }
        for lane in items(&board, "lanes") {
            let place = format!("lane \u{201c}{}\u{201d}", text(&lane, "name"));
            sections.push((place, Target::Operation, lane));
        }
        for (i, item) in items(&board, "supporting").into_iter().enumerate() {
            sections.push((
                format!("supporting information {}", i + 1),
                Target::Operation,
                item,
            ));
        }
        for persona in personas.as_array().cloned().unwrap_or_default() {
            let place = format!("persona \u{201c}{}\u{201d}", text(&persona, "name"));
            let target = Target::Persona {
                id: text(&persona, "id"),
            };
            for (i, account) in items(&persona, "accounts").into_iter().enumerate() {
                let at = format!("{place}, account {}", i + 1);
                sections.push((at, target.clone(), account));
            }
            let mut profile = persona;
            if let Some(fields) = profile.as_object_mut() {
                fields.remove("accounts");
            }
            sections.push((place, target, profile));
        }
        if let Value::Object(parts) = order {
            for (key, part) in parts {
                let section: &str = if key == "hosts" { "environment" } else { &key };
                let target = Target::Order {
                    section: section.to_string(),
                };
                let place = format!("order {}", key.replace('_', " "));
                match part {
                    // One place per row: "order roles, team lead", "order hosts, build-01".
                    Value::Array(rows) => {
                        for (i, row) in rows.into_iter().enumerate() {
                            let name = [text(&row, "role"), text(&row, "hostname")]
                                .into_iter()
                                .find(|n| !n.is_empty())
                                .map(|n| n.replace('_', " "))
                                .unwrap_or_else(|| (i + 1).to_string());
                            sections.push((format!("{place}, {name}"), target.clone(), row));
                        }
                    }
                    part => sections.push((place, target, part)),
                }
            }
        }
        Texts { sections }
    }

    fn marks_into(&self, marks: &mut Vec<Mark>) {
        for (place, target, value) in &self.sections {
            walk(value, place, None, target, marks);
        }
    }
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_string()
}

/// Adds a mark for each linkable value in the strings under `value`; `field` is the name of
/// the field holding it, added to the place.
fn walk(value: &Value, place: &str, field: Option<&str>, target: &Target, out: &mut Vec<Mark>) {
    match value {
        Value::String(s) => {
            let at = match field {
                Some(f) => format!("{place}, {}", f.replace('_', " ")),
                None => place.to_string(),
            };
            for (kind, found) in extract::linkable(s) {
                out.extend(Mark::new(kind, &found, at.clone(), target.clone()));
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| walk(item, place, field, target, out)),
        Value::Object(fields) => {
            for (key, item) in fields {
                if !NOT_TEXT.contains(&key.as_str()) && !key.ends_with("_id") {
                    walk(item, place, Some(key), target, out);
                }
            }
        }
        _ => {}
    }
}

/// Salted hashes of an operation's linkable values, for a laptop that cannot share its files.
/// Holds no value, no place and no operation name: only the kind of each value and its
/// HMAC-SHA-256 under `salt`, sorted, one entry per distinct value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub format: String,
    pub version: u32,
    /// Hex; random for each digest written.
    pub salt: String,
    pub entries: Vec<DigestEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DigestEntry {
    pub kind: LinkKind,
    pub hash: String,
}

impl Digest {
    pub fn of(marks: &[Mark], salt: &[u8]) -> Digest {
        let entries: BTreeSet<DigestEntry> = marks
            .iter()
            .map(|m| DigestEntry {
                kind: m.kind,
                hash: m.hashed(salt),
            })
            .collect();
        Digest {
            format: DIGEST_FORMAT.into(),
            version: DIGEST_VERSION,
            salt: hash::hex(salt),
            entries: entries.into_iter().collect(),
        }
    }

    /// Reads a digest file, refusing one that is not a digest of a version this Feint reads.
    pub fn read(path: &Path) -> Result<Digest> {
        let text = crate::input::read_text(path, MAX_DIGEST_BYTES, "OPSEC digest")?;
        let refused = |why: &str| {
            FeintError::invalid(format!(
                "{} is not an OPSEC digest Feint can read: {why}",
                path.display()
            ))
        };
        let digest: Digest = serde_json::from_str(&text).map_err(|e| refused(&format!("{e}")))?;
        if digest.format != DIGEST_FORMAT {
            return Err(refused(&format!("\"format\" is not \"{DIGEST_FORMAT}\"")));
        }
        if digest.version > DIGEST_VERSION {
            return Err(FeintError::new(
                ErrorCode::NewerVersion,
                format!(
                    "{} was written by a newer Feint (digest version {})",
                    path.display(),
                    digest.version
                ),
            ));
        }
        if digest.salt_bytes().is_none_or(|s| s.len() < 16) {
            return Err(refused("its salt is not at least 16 bytes of hex"));
        }
        Ok(digest)
    }

    /// Writes the digest as JSON, privately and whole.
    pub fn write(&self, out: &Path) -> Result<()> {
        crate::store::files::refuse_operation_target(out)?;
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        crate::store::write_private(out, text.as_bytes())
    }

    fn salt_bytes(&self) -> Option<Vec<u8>> {
        hash::from_hex(&self.salt)
    }

    /// The marks of `marks` whose value this digest holds too.
    pub fn shared<'a>(&self, marks: &'a [Mark]) -> Vec<&'a Mark> {
        self.shared_indices(marks).map(|i| &marks[i]).collect()
    }

    /// The positions in `marks` of those whose value this digest holds too.
    fn shared_indices<'a>(&'a self, marks: &'a [Mark]) -> impl Iterator<Item = usize> + 'a {
        let salt = self.salt_bytes().unwrap_or_default();
        let hashes: BTreeSet<&str> = self.entries.iter().map(|e| e.hash.as_str()).collect();
        marks
            .iter()
            .enumerate()
            .filter(move |(_, m)| !salt.is_empty() && hashes.contains(m.hashed(&salt).as_str()))
            .map(|(i, _)| i)
    }
}

/// One operation a scan compares: an operation file's marks, or a digest.
pub enum Scanned {
    File { name: String, marks: Vec<Mark> },
    Digest { name: String, digest: Digest },
}

impl Scanned {
    pub fn name(&self) -> &str {
        match self {
            Scanned::File { name, .. } | Scanned::Digest { name, .. } => name,
        }
    }
}

/// A value two or more operations share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub kind: LinkKind,
    /// The shared value; null for a secret, which is never shown.
    pub value: Option<String>,
    /// Each operation that holds it, with where.
    pub uses: Vec<Use>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Use {
    pub file: String,
    /// Where in that file; empty for a digest, which does not say.
    pub places: Vec<String>,
}

impl Finding {
    /// One sentence naming the kind, the value (unless secret), the files and the fields.
    pub fn sentence(&self) -> String {
        let what = match &self.value {
            Some(v) => format!("{} \u{201c}{v}\u{201d}", self.kind.label()),
            None => "A secret (password or honeytoken)".to_string(),
        };
        let uses: Vec<String> = self
            .uses
            .iter()
            .map(|u| {
                if u.places.is_empty() {
                    format!("{} (a digest)", u.file)
                } else {
                    format!("{}: {}", u.file, u.places.join("; "))
                }
            })
            .collect();
        let mut sentence = format!("{what} is reused: {}", uses.join(" | "));
        if let Some(first) = sentence.get(..1) {
            let upper = first.to_uppercase();
            sentence.replace_range(..1, &upper);
        }
        sentence
    }
}

/// Every value shared by two or more of `scanned`. Files are compared with each other by
/// value; a digest with each file by hashing the file's values under the digest's salt (two
/// digests, with different salts, cannot be compared with each other).
pub fn findings(scanned: &[Scanned]) -> Vec<Finding> {
    type Key = (&'static str, String);
    let mut by_value: BTreeMap<Key, (LinkKind, BTreeMap<usize, Vec<String>>)> = BTreeMap::new();
    for (i, item) in scanned.iter().enumerate() {
        let Scanned::File { marks, .. } = item else {
            continue;
        };
        for mark in marks {
            let (class, value) = mark.key();
            let entry = by_value
                .entry((class, value.to_string()))
                .or_insert((mark.kind, BTreeMap::new()));
            let places = entry.1.entry(i).or_default();
            if !places.contains(&mark.place) {
                places.push(mark.place.clone());
            }
        }
    }
    for (i, item) in scanned.iter().enumerate() {
        let Scanned::Digest { digest, .. } = item else {
            continue;
        };
        for other in scanned {
            if let Scanned::File { marks, .. } = other {
                for mark in digest.shared(marks) {
                    let (class, value) = mark.key();
                    if let Some(entry) = by_value.get_mut(&(class, value.to_string())) {
                        entry.1.entry(i).or_default();
                    }
                }
            }
        }
    }
    let mut found: Vec<Finding> = by_value
        .into_iter()
        .filter(|(_, (_, files))| files.len() >= 2)
        .map(|((_, value), (kind, files))| Finding {
            kind,
            value: (!kind.is_secret()).then_some(value),
            uses: files
                .into_iter()
                .map(|(i, places)| Use {
                    file: scanned[i].name().to_string(),
                    places,
                })
                .collect(),
        })
        .collect();
    found.sort_by(|a, b| (a.kind, &a.value).cmp(&(b.kind, &b.value)));
    found
}

/// A file the scan could not compare, and why, in a plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// What `feint opsec-scan` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScanReport {
    /// The operations and digests compared.
    pub compared: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub findings: Vec<Finding>,
}

/// The operation files (`.feint`) and digests (`.opsec-digest`) directly in `dir`, by name.
pub fn scannable_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        FeintError::new(
            ErrorCode::Io,
            format!("cannot read the folder {}: {e}", dir.display()),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("feint" | DIGEST_EXTENSION)
                )
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// The extension a digest file is written with and found by in a scanned folder.
pub const DIGEST_EXTENSION: &str = "opsec-digest";

/// Reads one path for a scan: a digest by its extension, else an operation file (opened and
/// checked as any open). An encrypted file is not opened: its passphrase is not asked for.
pub fn load(path: &Path) -> std::result::Result<Scanned, Skipped> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let skipped = |reason: String| Skipped {
        file: name.clone(),
        reason,
    };
    if path.extension().and_then(|e| e.to_str()) == Some(DIGEST_EXTENSION) {
        return Digest::read(path)
            .map(|digest| Scanned::Digest {
                name: name.clone(),
                digest,
            })
            .map_err(|e| skipped(e.message));
    }
    match Document::open(path).and_then(|doc| doc.opsec_marks()) {
        Ok(marks) => Ok(Scanned::File {
            name: name.clone(),
            marks,
        }),
        Err(e) if e.code == ErrorCode::PassphraseRequired => Err(skipped(
            "it is encrypted (write a digest of it with feint opsec-digest to compare it)".into(),
        )),
        Err(e) => Err(skipped(e.message)),
    }
}

/// Scans `paths` against each other.
pub fn scan(paths: &[PathBuf]) -> ScanReport {
    let mut scanned = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        match load(path) {
            Ok(item) => scanned.push(item),
            Err(s) => skipped.push(s),
        }
    }
    ScanReport {
        compared: scanned.iter().map(|s| s.name().to_string()).collect(),
        skipped,
        findings: findings(&scanned),
    }
}

/// One value of the open operation that a recent operation holds too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reuse {
    pub message: String,
    pub target: Target,
}

/// The open operation against the recent ones (as digests, so the other files' secrets are
/// not kept in memory), as the app shows it and readiness checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RecentCheck {
    pub compared: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub reuse: Vec<Reuse>,
}

/// Each mark of the open operation that one of `recent` holds, as a sentence naming the field
/// and the other files.
pub fn recent_check(
    marks: &[Mark],
    recent: &[(String, Digest)],
    skipped: Vec<Skipped>,
) -> RecentCheck {
    let mut others: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (file, digest) in recent {
        for i in digest.shared_indices(marks) {
            others.entry(i).or_default().push(file);
        }
    }
    let reuse = others
        .into_iter()
        .map(|(i, files)| {
            let mark = &marks[i];
            let what = match mark.shown() {
                Some(v) => format!(
                    "The {} \u{201c}{v}\u{201d} ({})",
                    mark.kind.label(),
                    mark.place
                ),
                None => format!("A secret ({})", mark.place),
            };
            Reuse {
                message: format!("{what} is also in {}", files.join(", ")),
                target: mark.target.clone(),
            }
        })
        .collect();
    RecentCheck {
        compared: recent.iter().map(|(f, _)| f.clone()).collect(),
        skipped,
        reuse,
    }
}

/// The digests of the recent operations, kept between readiness checks and made again when a
/// file changes (by size or modification time). One random salt for the app's run: the other
/// files' values are held only as hashes.
pub struct RecentDigests {
    salt: Vec<u8>,
    known: BTreeMap<PathBuf, (Stamp, std::result::Result<Digest, Skipped>)>,
}

type Stamp = (Option<std::time::SystemTime>, u64);

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok();
    (
        meta.as_ref().and_then(|m| m.modified().ok()),
        meta.map_or(0, |m| m.len()),
    )
}

impl Default for RecentDigests {
    fn default() -> Self {
        RecentDigests {
            salt: fresh_salt(),
            known: BTreeMap::new(),
        }
    }
}

impl RecentDigests {
    /// The digest of the operation file at `path`, or why it cannot be compared.
    pub fn of(&mut self, path: &Path) -> std::result::Result<Digest, Skipped> {
        let now = stamp(path);
        if let Some((seen, answer)) = self.known.get(path) {
            if *seen == now {
                return answer.clone();
            }
        }
        let answer = match load(path) {
            Ok(Scanned::File { marks, .. }) => Ok(Digest::of(&marks, &self.salt)),
            Ok(Scanned::Digest { digest, .. }) => Ok(digest),
            Err(skipped) => Err(skipped),
        };
        self.known.insert(path.to_path_buf(), (now, answer.clone()));
        answer
    }

    /// The open operation's `marks` against the operation files at `paths`.
    pub fn check(&mut self, marks: &[Mark], paths: &[PathBuf]) -> RecentCheck {
        let mut recent = Vec::new();
        let mut skipped = Vec::new();
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match self.of(path) {
                Ok(digest) => recent.push((name, digest)),
                Err(s) => skipped.push(s),
            }
        }
        recent_check(marks, &recent, skipped)
    }
}
