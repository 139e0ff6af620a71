//! ATT&CK Navigator layers of what the journal observed: the observed layer (each technique
//! scored by how many entries name it, its comment the first time it was seen) and the
//! comparison layer (the threat model's techniques against the observed ones: expected only,
//! observed only, both). Written by the threat module's format 4.5 writer.
//!
//! The comparison matches technique IDs exactly: an observed T1098.004 against an expected
//! T1098 is one observed only and one expected only, because that is the difference the
//! feed back offers to add.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use crate::document::Document;
use crate::error::Result;
use crate::threat::layer::{write_layer, LayerSpec};

pub const EXPECTED_ONLY: &str = "#66b1ff";
pub const OBSERVED_ONLY: &str = "#ff6666";
pub const BOTH: &str = "#8ec843";

/// How the threat model and the journal compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct LayerCounts {
    pub expected_only: u32,
    pub observed_only: u32,
    pub both: u32,
}

fn entry(id: &str, score: Option<u32>, color: &str, comment: String, tag: &str) -> Value {
    let mut value = json!({
        "techniqueID": id,
        "color": color,
        "comment": comment,
        "enabled": true,
        "metadata": [{"name": "Feint", "value": tag}],
        "links": [],
        "showSubtechniques": false,
    });
    if let Some(score) = score {
        value["score"] = score.into();
    }
    value
}

impl Document {
    /// The observed layer: every technique the journal names, scored by how many entries name
    /// it, commented with when it was first seen (in the operation's zone).
    pub fn observed_layer(&self) -> Result<String> {
        let observed = self.observed_techniques()?;
        let max = observed.iter().map(|t| t.times as usize).max().unwrap_or(0);
        let techniques = observed
            .iter()
            .map(|t| {
                entry(
                    &t.technique_id,
                    Some(t.times),
                    "",
                    format!("First seen {}", t.first_seen.local),
                    "observed",
                )
            })
            .collect();
        Ok(write_layer(LayerSpec {
            name: format!("{}: observed techniques", self.operation()?.name),
            description: format!(
                "ATT&CK techniques named in the execution journal ({}), scored by how many \
                 entries name them. Written by Feint.",
                observed.len()
            ),
            techniques,
            gradient: (vec!["#ffe766ff", "#ff6666ff"], max),
            legend: Vec::new(),
            metadata: vec![("Observed techniques".into(), observed.len().to_string())],
        }))
    }

    /// How the threat model's techniques and the observed ones compare.
    pub fn comparison_counts(&self) -> Result<LayerCounts> {
        Ok(self.comparison()?.1)
    }

    /// (technique, tag) in the threat model's order then the journal's, and the counts.
    fn comparison(&self) -> Result<(Vec<(String, &'static str)>, LayerCounts)> {
        let expected: Vec<String> = crate::threat::load_entries(self.store().conn())?
            .into_iter()
            .map(|e| e.technique_id)
            .collect();
        let observed: Vec<String> = self
            .observed_techniques()?
            .into_iter()
            .map(|t| t.technique_id)
            .collect();
        let seen: BTreeSet<&str> = observed.iter().map(String::as_str).collect();
        let wanted: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        let mut counts = LayerCounts {
            expected_only: 0,
            observed_only: 0,
            both: 0,
        };
        let mut rows = Vec::new();
        for id in &expected {
            let tag = if seen.contains(id.as_str()) {
                counts.both += 1;
                "both"
            } else {
                counts.expected_only += 1;
                "expected only"
            };
            rows.push((id.clone(), tag));
        }
        for id in observed.iter().filter(|id| !wanted.contains(id.as_str())) {
            counts.observed_only += 1;
            rows.push((id.clone(), "observed only"));
        }
        Ok((rows, counts))
    }

    /// The comparison layer: expected (threat model) against observed (journal), each
    /// technique coloured by which it is, with a legend and the counts in the metadata.
    pub fn comparison_layer(&self) -> Result<String> {
        let (rows, counts) = self.comparison()?;
        let techniques = rows
            .iter()
            .map(|(id, tag)| {
                let color = match *tag {
                    "both" => BOTH,
                    "expected only" => EXPECTED_ONLY,
                    _ => OBSERVED_ONLY,
                };
                let comment = match *tag {
                    "both" => "Expected and observed",
                    "expected only" => "Expected (threat model), not observed",
                    _ => "Observed (journal), not in the threat model",
                };
                entry(id, None, color, comment.to_string(), tag)
            })
            .collect();
        Ok(write_layer(LayerSpec {
            name: format!("{}: expected and observed", self.operation()?.name),
            description: format!(
                "The threat model's techniques against those named in the execution journal: \
                 {} expected only, {} observed only, {} both. Written by Feint.",
                counts.expected_only, counts.observed_only, counts.both
            ),
            techniques,
            gradient: (vec!["#ffffffff", "#66b1ffff"], 1),
            legend: vec![
                ("Expected only".into(), EXPECTED_ONLY),
                ("Observed only".into(), OBSERVED_ONLY),
                ("Both".into(), BOTH),
            ],
            metadata: vec![
                ("Expected only".into(), counts.expected_only.to_string()),
                ("Observed only".into(), counts.observed_only.to_string()),
                ("Both".into(), counts.both.to_string()),
            ],
        }))
    }

    pub fn export_observed_layer(&self, out: &Path) -> Result<()> {
        self.write_export(out, self.observed_layer()?.as_bytes())
    }

    pub fn export_comparison_layer(&self, out: &Path) -> Result<LayerCounts> {
        let (text, counts) = (self.comparison_layer()?, self.comparison_counts()?);
        self.write_export(out, text.as_bytes())?;
        Ok(counts)
    }
}
