//! ATT&CK Navigator layers: importing a layer's techniques into the threat model, and writing
//! the storyboard's coverage as a layer Navigator opens.
//!
//! Import reads layer format 4.x as Navigator writes it, forgiving anything optional being
//! missing or null. It refuses the whole file only when it is not JSON, is for another ATT&CK
//! domain, or has no list of techniques; otherwise every good entry is added and every bad one is
//! reported with its position, so one typo does not cost the other hundred techniques. Navigator
//! writes a technique once per tactic, so repeats of one ID are merged, not reported.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use super::{insert_new, known_technique, load, load_entries, Coverage, TechniqueEntry};
use super::{ThreatModel, MAX_NOTE};
use crate::catalog::Catalog;
use crate::error::{FeintError, Result};
use crate::store::Store;

/// Layers bigger than this are refused before a byte is read.
pub const MAX_LAYER_BYTES: u64 = 50 * 1024 * 1024;
/// The domains a layer may name: today's and the one layers before format 4 used.
const DOMAINS: &[&str] = &["enterprise-attack", "mitre-enterprise"];

/// One entry that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LayerProblem {
    /// Where in the file: `techniques[3]`, or `layer 2: techniques[3]` in a list of layers.
    pub position: String,
    /// The ID as written ("" when there was none).
    pub technique_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LayerImportReport {
    /// The layers' names, in file order ("" for an unnamed layer).
    pub layers: Vec<String>,
    /// Techniques new to the threat model, in file order.
    pub added: Vec<String>,
    /// Techniques the model held already; left exactly as they were.
    pub already_present: Vec<String>,
    /// Entries marked `"enabled": false`, skipped: once per layer that disables the technique
    /// (so an ID may repeat), unless another entry imported it.
    pub disabled: Vec<String>,
    /// How many of `disabled` each layer skipped, in `layers` order.
    pub disabled_by_layer: Vec<u32>,
    pub problems: Vec<LayerProblem>,
    /// The threat model after the import.
    pub model: ThreatModel,
}

/// What a layer file holds once read: the good entries and the problems.
#[derive(Debug, Default)]
struct Parsed {
    layers: Vec<String>,
    /// ID → comments, in first-seen order.
    entries: Vec<(String, Vec<String>)>,
    /// (layer index, ID) of the disabled entries, each once per layer.
    disabled: Vec<(usize, String)>,
    problems: Vec<LayerProblem>,
    /// (entry index, comment) pairs already kept: a technique repeated a million times with
    /// comments is read in linear time.
    seen_comments: std::collections::HashSet<(usize, String)>,
}

/// Reads a layer file (after checking its size) and imports it; see [`import_layer`].
pub fn import_layer_file(
    store: &mut Store,
    catalog: &Catalog,
    path: &Path,
) -> Result<LayerImportReport> {
    let bytes = crate::input::read_bounded(path, MAX_LAYER_BYTES, "layer")?;
    import_layer(store, catalog, &bytes).map_err(|err| crate::rules::in_file(path, err))
}

/// Imports the techniques of a Navigator layer (or a list of layers) into the threat model in
/// one transaction. Techniques already in the model keep their note and confidence; new ones
/// take the layer's comments as their note.
pub fn import_layer(
    store: &mut Store,
    catalog: &Catalog,
    bytes: &[u8],
) -> Result<LayerImportReport> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FeintError::invalid("the layer is not JSON (not UTF-8 text)"))?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| FeintError::invalid(format!("the layer is not JSON: {e}")))?;
    let parsed = parse(catalog, &value)?;
    store.with_tx(|tx| {
        let present: BTreeSet<String> = load_entries(tx)?
            .into_iter()
            .map(|e| e.technique_id)
            .collect();
        let mut added = Vec::new();
        let mut already_present = Vec::new();
        let mut fresh = Vec::new();
        for (id, comments) in parsed.entries {
            if present.contains(&id) {
                already_present.push(id);
                continue;
            }
            let mut note = comments.join("\n");
            if note.len() > MAX_NOTE {
                let mut end = MAX_NOTE;
                while !note.is_char_boundary(end) {
                    end -= 1;
                }
                note.truncate(end);
            }
            added.push(id.clone());
            fresh.push(TechniqueEntry {
                technique_id: id,
                note,
                confidence: None,
            });
        }
        insert_new(tx, &fresh)?;
        let disabled_by_layer = (0..parsed.layers.len())
            .map(|i| parsed.disabled.iter().filter(|(l, _)| *l == i).count() as u32)
            .collect();
        Ok(LayerImportReport {
            layers: parsed.layers,
            added,
            already_present,
            disabled_by_layer,
            disabled: parsed.disabled.into_iter().map(|(_, id)| id).collect(),
            problems: parsed.problems,
            model: load(tx, catalog)?,
        })
    })
}

fn parse(catalog: &Catalog, value: &Value) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    match value {
        Value::Array(layers) => {
            if layers.is_empty() {
                return Err(FeintError::invalid(
                    "the file holds an empty list of layers",
                ));
            }
            for (i, layer) in layers.iter().enumerate() {
                parse_layer(catalog, layer, &format!("layer {}: ", i + 1), &mut parsed)?;
            }
        }
        _ => parse_layer(catalog, value, "", &mut parsed)?,
    }
    Ok(parsed)
}

fn parse_layer(catalog: &Catalog, layer: &Value, prefix: &str, out: &mut Parsed) -> Result<()> {
    let Some(object) = layer.as_object() else {
        return Err(FeintError::invalid(format!(
            "{prefix}not an ATT&CK Navigator layer (expected a JSON object)"
        )));
    };
    match object.get("domain") {
        None | Some(Value::Null) => {}
        Some(Value::String(domain)) if DOMAINS.contains(&domain.as_str()) => {}
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), String::from);
            return Err(FeintError::invalid(format!(
                "{prefix}the layer is for the ATT&CK domain \"{shown}\"; Feint plans against \
                 enterprise-attack"
            )));
        }
    }
    let Some(techniques) = object.get("techniques").and_then(Value::as_array) else {
        return Err(FeintError::invalid(format!(
            "{prefix}the layer has no list of techniques (\"techniques\")"
        )));
    };
    if techniques.len() > crate::rules::MAX_LAYER_ENTRIES {
        return Err(FeintError::invalid(format!(
            "{prefix}the layer lists {} techniques; Feint reads at most {} entries per layer",
            techniques.len(),
            crate::rules::MAX_LAYER_ENTRIES
        )));
    }
    out.layers.push(
        object
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    );
    for (i, entry) in techniques.iter().enumerate() {
        let position = format!("{prefix}techniques[{i}]");
        let problem = |id: &str, reason: String| LayerProblem {
            position: position.clone(),
            technique_id: id.to_string(),
            reason,
        };
        let Some(entry) = entry.as_object() else {
            out.problems
                .push(problem("", "expected an object".to_string()));
            continue;
        };
        let raw_id = match entry.get("techniqueID") {
            Some(Value::String(s)) => s.as_str(),
            None | Some(Value::Null) => {
                out.problems.push(problem("", "no techniqueID".to_string()));
                continue;
            }
            Some(other) => {
                out.problems.push(problem(
                    &other.to_string(),
                    "techniqueID is not a string".to_string(),
                ));
                continue;
            }
        };
        let id = match known_technique(catalog, raw_id) {
            Ok(id) => id,
            Err(err) => {
                out.problems.push(problem(raw_id, err.message));
                continue;
            }
        };
        match entry.get("enabled") {
            None | Some(Value::Null) | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => {
                let here = (out.layers.len() - 1, id);
                if !out.disabled.contains(&here) {
                    out.disabled.push(here);
                }
                continue;
            }
            Some(_) => {
                out.problems
                    .push(problem(raw_id, "enabled is not true or false".to_string()));
                continue;
            }
        }
        let comment = match entry.get("comment") {
            None | Some(Value::Null) => "",
            Some(Value::String(s)) => s.trim(),
            Some(_) => {
                out.problems
                    .push(problem(raw_id, "comment is not text".to_string()));
                continue;
            }
        };
        let at = match out.entries.iter().position(|(x, _)| *x == id) {
            Some(at) => at,
            None => {
                out.entries.push((id, Vec::new()));
                out.entries.len() - 1
            }
        };
        if !comment.is_empty() && out.seen_comments.insert((at, comment.to_string())) {
            out.entries[at].1.push(comment.to_string());
        }
    }
    // A technique enabled under one tactic and disabled under another is imported.
    out.disabled
        .retain(|(_, id)| !out.entries.iter().any(|(x, _)| x == id));
    Ok(())
}

/// The coverage as an ATT&CK Navigator layer (format 4.5, enterprise-attack): every adversary
/// technique, scored by the number of events engaging it, with those events' activities in the
/// comment and the metadata. Deterministic: the same plan gives the same bytes.
pub fn coverage_layer(operation_name: &str, coverage: &Coverage) -> String {
    let max = coverage
        .techniques
        .iter()
        .map(|t| t.events.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let techniques: Vec<Value> = coverage
        .techniques
        .iter()
        .map(|t| {
            let activities = Coverage::activity_ids(t);
            let comment = if activities.is_empty() {
                "Not engaged by any storyboard event".to_string()
            } else {
                format!("Engaged by {}", activities.join(", "))
            };
            let metadata: Vec<Value> = activities
                .iter()
                .map(|a| json!({"name": "Engage activity", "value": a}))
                .collect();
            json!({
                "techniqueID": t.technique_id,
                "score": t.events.len(),
                "color": "",
                "comment": comment,
                "enabled": true,
                "metadata": metadata,
                "links": [],
                "showSubtechniques": false,
            })
        })
        .collect();
    write_layer(LayerSpec {
        name: format!("{operation_name}: Engage coverage"),
        description: format!(
            "The target adversary's techniques, scored by how many storyboard events engage \
             them ({} of {} engaged). Written by Feint.",
            coverage.engaged, coverage.total
        ),
        techniques,
        gradient: (vec!["#ff6666ff", "#ffe766ff", "#8ec843ff"], max),
        legend: Vec::new(),
        metadata: Vec::new(),
    })
}

/// What differs between the layers Feint writes; the rest of format 4.5 is the same.
pub(crate) struct LayerSpec {
    pub name: String,
    pub description: String,
    /// Navigator technique entries (`techniqueID`, `score`, `color`, `comment`, …).
    pub techniques: Vec<Value>,
    /// Gradient colours from 0 to the given maximum score.
    pub gradient: (Vec<&'static str>, usize),
    /// (label, colour) pairs shown in Navigator's legend.
    pub legend: Vec<(String, &'static str)>,
    /// (name, value) pairs of the layer's metadata.
    pub metadata: Vec<(String, String)>,
}

/// A layer in Navigator's format 4.5 (enterprise-attack), as pretty JSON with a final newline.
pub(crate) fn write_layer(spec: LayerSpec) -> String {
    let legend: Vec<Value> = spec
        .legend
        .iter()
        .map(|(label, color)| json!({"label": label, "color": color}))
        .collect();
    let metadata: Vec<Value> = spec
        .metadata
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    let layer = json!({
        "name": spec.name,
        "versions": {"layer": "4.5", "navigator": "4.9.1"},
        "domain": "enterprise-attack",
        "description": spec.description,
        "sorting": 0,
        "layout": {"layout": "side", "showID": true, "showName": true},
        "hideDisabled": false,
        "techniques": spec.techniques,
        "gradient": {"colors": spec.gradient.0, "minValue": 0, "maxValue": spec.gradient.1.max(1)},
        "legendItems": legend,
        "metadata": metadata,
        "links": [],
        "showTacticRowBackground": false,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": true,
        "selectSubtechniquesWithParent": false,
        "selectVisibleTechniques": false,
    });
    let mut text = serde_json::to_string_pretty(&layer).expect("a JSON value serialises");
    text.push('\n');
    text
}

// Layers in and out of an open operation file.
impl crate::document::Document {
    /// Imports an ATT&CK Navigator layer file into the threat model.
    pub fn import_layer(&mut self, path: &Path) -> Result<LayerImportReport> {
        import_layer_file(&mut self.store, &self.catalog, path)
    }

    /// The coverage as an ATT&CK Navigator layer (JSON text).
    pub fn coverage_layer(&self) -> Result<String> {
        Ok(coverage_layer(&self.operation()?.name, &self.coverage()?))
    }

    /// Writes the coverage layer to `out` (owner-only, replacing any file there).
    pub fn export_layer(&self, out: &Path) -> Result<()> {
        self.write_export(out, self.coverage_layer()?.as_bytes())
    }
}
