//! The STIX 2.1 bundle of what the run observed: the producing team (identity), the adversary
//! (intrusion set), an attack pattern per observed technique, an indicator with a STIX pattern
//! per indicator, observed data (and its cyber-observable objects) per indicator and evidence
//! file, and the relationships between them, under the operation's TLP marking.
//!
//! Deterministic: domain objects, relationships and the bundle take UUIDv4 IDs (as STIX asks)
//! whose random bits are the SHA-256 of the operation's ID and the object's key; observables
//! take the UUIDv5 STIX 2.1 §2.9 derives from their ID-contributing properties; every time
//! comes from the file. So one operation gives the same bytes, and re-exports update objects
//! rather than duplicate them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::indicators::{hash_algorithm, Indicator, IndicatorKind};
use super::{Evidence, ObservedTechnique};
use crate::document::Document;
use crate::error::Result;
use crate::journal::JournalEntry;
use crate::operation::Operation;
use crate::threat::Adversary;

/// STIX 2.1's namespace for SCO identifiers (§2.9).
const SCO_NAMESPACE: Uuid = uuid::uuid!("00abedb4-aa42-466c-9c01-fed23315a9b7");

/// The TLP 1.0 marking definitions STIX 2.1 predefines (§7.2.1.4), by the TLP word they carry.
const TLP: [(&str, &str); 4] = [
    ("white", "613f2e26-407d-48c7-9eca-b8e91df99dc9"),
    ("green", "34098fce-860f-48ae-8e50-ebd3cc5e41da"),
    ("amber", "f88d31f6-486f-44da-b317-01333bde0b82"),
    ("red", "5e57c739-391a-4eb3-b6be-7d15ca92d5ed"),
];

/// The TLP level of a handling marking ("TLP:AMBER+STRICT" → amber, "TLP:CLEAR" → white).
fn tlp_of(marking: &str) -> Option<(&'static str, &'static str)> {
    let upper = marking.to_ascii_uppercase();
    let word = ["RED", "AMBER", "GREEN", "CLEAR", "WHITE"]
        .into_iter()
        .find(|w| upper.contains(&format!("TLP:{w}")))?;
    let level = match word {
        "CLEAR" | "WHITE" => "white",
        other => TLP.iter().find(|(l, _)| l.eq_ignore_ascii_case(other))?.0,
    };
    TLP.iter().find(|(l, _)| *l == level).copied()
}

/// A STIX timestamp (UTC, milliseconds) of an RFC 3339 time from the file.
fn time(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string()
        })
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".into())
}

fn later(a: &str, b: &str) -> String {
    if time(a) >= time(b) {
        time(a)
    } else {
        time(b)
    }
}

/// A STIX pattern string literal: backslash and quote escaped.
fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The STIX pattern that matches the indicator.
pub fn pattern(indicator: &Indicator) -> String {
    let value = literal(&indicator.value);
    let path = match indicator.kind {
        IndicatorKind::Ip if indicator.value.contains(':') => "ipv6-addr:value".to_string(),
        IndicatorKind::Ip => "ipv4-addr:value".to_string(),
        IndicatorKind::Domain => "domain-name:value".to_string(),
        IndicatorKind::Url => "url:value".to_string(),
        IndicatorKind::FileHash => format!(
            "file:hashes.'{}'",
            hash_algorithm(&indicator.value).unwrap_or("SHA-256")
        ),
        IndicatorKind::FileName => "file:name".to_string(),
        IndicatorKind::Email => "email-addr:value".to_string(),
        IndicatorKind::UserAgent => {
            "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'".to_string()
        }
    };
    format!("[{path} = {value}]")
}

/// The cyber-observable object an indicator's value is, when it is one on its own (a user
/// agent needs a whole network connection, so it has none).
fn observable(indicator: &Indicator) -> Option<Value> {
    let (kind, contributing) = match indicator.kind {
        IndicatorKind::Ip if indicator.value.contains(':') => {
            ("ipv6-addr", json!({"value": indicator.value}))
        }
        IndicatorKind::Ip => ("ipv4-addr", json!({"value": indicator.value})),
        IndicatorKind::Domain => ("domain-name", json!({"value": indicator.value})),
        IndicatorKind::Url => ("url", json!({"value": indicator.value})),
        IndicatorKind::Email => ("email-addr", json!({"value": indicator.value})),
        IndicatorKind::FileHash => {
            let mut hashes = Map::new();
            hashes.insert(
                hash_algorithm(&indicator.value)?.to_string(),
                indicator.value.clone().into(),
            );
            ("file", json!({"hashes": hashes}))
        }
        IndicatorKind::FileName => ("file", json!({"name": indicator.value})),
        IndicatorKind::UserAgent => return None,
    };
    Some(sco(kind, contributing, Map::new()))
}

/// An SCO whose ID is derived from `contributing` (JSON with sorted keys, as RFC 8785 writes
/// these plain string values), with `extra` properties that do not contribute.
fn sco(kind: &str, contributing: Value, extra: Map<String, Value>) -> Value {
    let canonical = serde_json::to_string(&contributing).expect("a JSON value serialises");
    let id = Uuid::new_v5(&SCO_NAMESPACE, canonical.as_bytes());
    let mut object = json!({"type": kind, "spec_version": "2.1", "id": format!("{kind}--{id}")});
    for (k, v) in contributing.as_object().into_iter().flatten().chain(&extra) {
        object[k] = v.clone();
    }
    object
}

struct Builder {
    operation_id: String,
    objects: Vec<Value>,
    ids: BTreeSet<String>,
    identity: String,
    markings: Vec<String>,
}

impl Builder {
    fn new(operation_id: &str) -> Builder {
        let mut b = Builder {
            operation_id: operation_id.to_string(),
            objects: Vec::new(),
            ids: BTreeSet::new(),
            identity: String::new(),
            markings: Vec::new(),
        };
        b.identity = b.id("identity", "identity");
        b
    }

    /// The operation's TLP marking, which every later object refers to; none for a custom
    /// marking (STIX predefines TLP's only).
    fn add_marking(&mut self, handling_marking: &str) {
        if let Some((level, uuid)) = tlp_of(handling_marking) {
            let id = format!("marking-definition--{uuid}");
            self.push(json!({
                "type": "marking-definition", "spec_version": "2.1", "id": id,
                "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp",
                "name": format!("TLP:{}", level.to_ascii_uppercase()),
                "definition": {"tlp": level},
            }));
            self.markings.push(id);
        }
    }

    /// The producing team: every domain object's `created_by_ref`.
    fn add_identity(&mut self, op: &Operation) {
        let born = op.created_at.as_str();
        let mut identity = json!({
            "type": "identity", "spec_version": "2.1", "id": self.identity,
            "created": time(born), "modified": time(born),
            "name": format!("{} (Feint operation)", op.name),
            "identity_class": "group",
        });
        if !self.markings.is_empty() {
            identity["object_marking_refs"] = json!(self.markings);
        }
        self.push(identity);
    }

    /// The adversary as an intrusion set, when the threat model names one.
    fn add_intrusion_set(&mut self, adversary: &Adversary, born: &str) -> Option<String> {
        if adversary.name.trim().is_empty() {
            return None;
        }
        let mut props = json!({"name": adversary.name});
        if !adversary.aliases.is_empty() {
            props["aliases"] = json!(adversary.aliases);
        }
        if !adversary.description.trim().is_empty() {
            props["description"] = adversary.description.clone().into();
        }
        let modified = if adversary.modified_at.is_empty() {
            born
        } else {
            adversary.modified_at.as_str()
        };
        let object = self.sdo("intrusion-set", "intrusion-set", born, modified, props);
        Some(self.push(object))
    }

    /// An attack pattern per observed technique (used by the adversary), by technique ID.
    fn add_attack_patterns(
        &mut self,
        observed: &[ObservedTechnique],
        intrusion_set: Option<&str>,
    ) -> BTreeMap<String, String> {
        let mut patterns = BTreeMap::new();
        for t in observed {
            let name = if t.name.is_empty() {
                t.technique_id.clone()
            } else {
                t.name.clone()
            };
            let object = self.sdo(
                "attack-pattern",
                &format!("attack-pattern:{}", t.technique_id),
                &t.first_seen.utc,
                &t.first_seen.utc,
                json!({
                    "name": name,
                    // No URL: STIX asks a URL to come with a hash of what it pointed to.
                    "external_references": [{
                        "source_name": "mitre-attack",
                        "external_id": t.technique_id,
                    }],
                }),
            );
            let id = self.push(object);
            if let Some(set) = intrusion_set {
                self.relate(set, "uses", &id, &t.first_seen.utc);
            }
            patterns.insert(t.technique_id.clone(), id);
        }
        patterns
    }

    /// An indicator, the observed data of its value, and what it indicates: the techniques of
    /// the journal entries it is linked to, and the adversary.
    fn add_indicator(
        &mut self,
        indicator: &Indicator,
        operation_name: &str,
        entries: &[JournalEntry],
        patterns: &BTreeMap<String, String>,
        intrusion_set: Option<&str>,
    ) {
        let first = indicator
            .first_seen
            .as_deref()
            .unwrap_or(&indicator.created_at);
        let last = indicator.last_seen.as_deref().unwrap_or(first);
        let mut props = json!({
            "name": indicator.value,
            "pattern": pattern(indicator),
            "pattern_type": "stix",
            "pattern_version": "2.1",
            "valid_from": time(first),
            "indicator_types": ["malicious-activity"],
        });
        props["description"] = if indicator.note.is_empty() {
            format!(
                "{} observed during the operation {operation_name}",
                super::indicators::detail(indicator.kind, &indicator.value),
            )
        } else {
            indicator.note.clone()
        }
        .into();
        let object = self.sdo(
            "indicator",
            &format!("indicator:{}", indicator.id),
            &indicator.created_at,
            &indicator.modified_at,
            props,
        );
        let id = self.push(object);
        if let Some(observable) = observable(indicator) {
            let sco_id = self.push(observable);
            let seen = json!({
                "first_observed": time(first),
                "last_observed": later(last, first),
                "number_observed": indicator.entry_ids.len().max(1),
                "object_refs": [sco_id],
            });
            let object = self.sdo(
                "observed-data",
                &format!("observed-data:{}", indicator.id),
                &indicator.created_at,
                &indicator.modified_at,
                seen,
            );
            let data_id = self.push(object);
            self.relate(&id, "based-on", &data_id, &indicator.created_at);
        }
        let techniques: BTreeSet<&String> = entries
            .iter()
            .filter(|e| indicator.entry_ids.contains(&e.id))
            .flat_map(|e| &e.technique_ids)
            .collect();
        for technique in techniques {
            if let Some(target) = patterns.get(technique) {
                self.relate(&id, "indicates", target, &indicator.created_at);
            }
        }
        if let Some(set) = intrusion_set {
            self.relate(&id, "indicates", set, &indicator.created_at);
        }
    }

    /// An evidence file as a file observable (name, size, SHA-256) and its observed data.
    fn add_evidence(&mut self, e: &Evidence) {
        let mut extra = Map::new();
        extra.insert("name".into(), e.file_name.clone().into());
        extra.insert("size".into(), e.size.into());
        let file = sco("file", json!({"hashes": {"SHA-256": e.sha256}}), extra);
        let file_id = self.push(file);
        let seen = json!({
            "first_observed": time(&e.added_at),
            "last_observed": time(&e.added_at),
            "number_observed": 1,
            "object_refs": [file_id],
        });
        let object = self.sdo(
            "observed-data",
            &format!("evidence:{}", e.id),
            &e.added_at,
            &e.added_at,
            seen,
        );
        self.push(object);
    }

    /// The bundle of every object pushed, as pretty JSON with a final newline.
    fn finish(self) -> Result<String> {
        let bundle = json!({
            "type": "bundle",
            "id": self.id("bundle", "bundle"),
            "objects": self.objects,
        });
        let mut text = serde_json::to_string_pretty(&bundle)?;
        text.push('\n');
        Ok(text)
    }

    fn id(&self, kind: &str, key: &str) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(format!("{}\n{key}", self.operation_id));
        let mut random = [0u8; 16];
        random.copy_from_slice(&digest[..16]);
        let uuid = uuid::Builder::from_random_bytes(random).into_uuid();
        format!("{kind}--{uuid}")
    }

    /// A domain object or relationship with the common properties filled in.
    fn sdo(&self, kind: &str, key: &str, created: &str, modified: &str, mut props: Value) -> Value {
        props["type"] = kind.into();
        props["spec_version"] = "2.1".into();
        props["id"] = self.id(kind, key).into();
        props["created"] = time(created).into();
        props["modified"] = later(modified, created).into();
        props["created_by_ref"] = self.identity.clone().into();
        if !self.markings.is_empty() {
            props["object_marking_refs"] = json!(self.markings);
        }
        props
    }

    fn push(&mut self, object: Value) -> String {
        let id = object["id"].as_str().unwrap_or_default().to_string();
        if self.ids.insert(id.clone()) {
            self.objects.push(object);
        }
        id
    }

    fn relate(&mut self, source: &str, kind: &str, target: &str, created: &str) {
        let key = format!("relationship:{source}:{kind}:{target}");
        let rel = self.sdo(
            "relationship",
            &key,
            created,
            created,
            json!({"relationship_type": kind, "source_ref": source, "target_ref": target}),
        );
        self.push(rel);
    }
}

impl Document {
    /// The STIX 2.1 bundle of the run's intelligence, as pretty JSON with a final newline.
    pub fn stix_bundle(&self) -> Result<String> {
        let op = self.operation()?;
        let model = self.threat_model()?;
        let observed = self.observed_techniques()?;
        let data = self.intel_data()?;
        let entries = crate::journal::entries::load_all(self.store().conn())?;

        let mut b = Builder::new(&op.id);
        b.add_marking(&op.handling_marking);
        b.add_identity(&op);
        let intrusion_set = b.add_intrusion_set(&model.adversary, &op.created_at);
        let patterns = b.add_attack_patterns(&observed, intrusion_set.as_deref());
        for indicator in &data.indicators {
            b.add_indicator(
                indicator,
                &op.name,
                &entries,
                &patterns,
                intrusion_set.as_deref(),
            );
        }
        for item in &data.evidence {
            b.add_evidence(&item.evidence);
        }
        b.finish()
    }

    /// Writes the STIX bundle to `out` (owner-only, replacing any file there).
    pub fn export_stix(&self, out: &Path) -> Result<()> {
        self.write_export(out, self.stix_bundle()?.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlp_words_map_to_the_predefined_markings() {
        assert_eq!(tlp_of("TLP:AMBER+STRICT").unwrap().0, "amber");
        assert_eq!(tlp_of("tlp:clear").unwrap().0, "white");
        assert_eq!(tlp_of("TLP:RED").unwrap().0, "red");
        assert!(tlp_of("INTERNAL").is_none());
    }

    #[test]
    fn patterns_escape_quotes_and_name_the_hash() {
        let mut i = Indicator {
            id: "x".into(),
            kind: IndicatorKind::FileName,
            value: "it's\\here.exe".into(),
            first_seen: None,
            last_seen: None,
            entry_ids: vec![],
            note: String::new(),
            created_at: "2026-12-08T09:30:00Z".into(),
            modified_at: "2026-12-08T09:30:00Z".into(),
        };
        assert_eq!(pattern(&i), r"[file:name = 'it\'s\\here.exe']");
        i.kind = IndicatorKind::FileHash;
        i.value = "a".repeat(40);
        assert_eq!(
            pattern(&i),
            format!("[file:hashes.'SHA-1' = '{}']", i.value)
        );
        i.kind = IndicatorKind::Ip;
        i.value = "2001:db8::7".into();
        assert_eq!(pattern(&i), "[ipv6-addr:value = '2001:db8::7']");
    }

    #[test]
    fn sco_ids_follow_the_stix_derivation() {
        // STIX 2.1 §2.9 worked example style: the ID depends on the value alone.
        let a = sco("ipv4-addr", json!({"value": "203.0.113.7"}), Map::new());
        let b = sco("ipv4-addr", json!({"value": "203.0.113.7"}), Map::new());
        assert_eq!(a["id"], b["id"]);
        let id = a["id"].as_str().unwrap();
        let uuid = Uuid::parse_str(id.strip_prefix("ipv4-addr--").unwrap()).unwrap();
        assert_eq!(uuid.get_version_num(), 5);
    }
}
