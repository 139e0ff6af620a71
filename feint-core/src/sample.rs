//! The built-in sample operation: a container honeypot against a cloud-focused threat group.
//! It ships as a JSON export (`assets/sample.json`) and is written through the importer, so
//! everything the sample holds is checked by the rules any imported file must meet, and every
//! test that opens the sample exercises the import as well.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::document::Document;
use crate::error::Result;

pub(crate) const SAMPLE: &str = include_str!("../../assets/sample.json");
/// The sample as it ran: approval, journal, actuals, gate decisions, indicators and the
/// after-action review, naming the sample's events, personas, gating and success criteria by the
/// IDs `SAMPLE` gives them.
pub(crate) const EXECUTED: &str = include_str!("../../assets/sample-executed.json");

/// Writes a new sample operation file at `path` (refusing to overwrite, as any import).
pub fn write_sample(path: &Path) -> Result<Document> {
    crate::json::import_text(&made_new(SAMPLE)?, path)
}

/// Writes the sample after it ran (`feint demo --executed`): approved with its plan as the
/// baseline, closed, with the journal of what the adversary did in the honeypot, the actuals of
/// every event, two gate decisions (the gate 2 pause, the midpoint go-on), the indicators it
/// observed and the after-action review. Written through the importer like the sample.
pub fn write_executed(path: &Path) -> Result<Document> {
    crate::json::import_text(&made_new(&executed_export()?)?, path)
}

/// The sample's export with the executed run in place of its planning-phase run, and the plan
/// as it stands as the approved baseline (so nothing reads as changed since approval).
fn executed_export() -> Result<String> {
    let mut data: Value = serde_json::from_str(SAMPLE)?;
    let executed: Value = serde_json::from_str(EXECUTED)?;
    let mut run = executed["run"].clone();
    let mut order = data["order"].clone();
    if let Some(Value::Array(hosts)) = order.get_mut("hosts") {
        for host in hosts {
            host["account_ids"] = Value::Array(Vec::new());
        }
    }
    run["baseline"] = serde_json::json!({"storyboard": data["storyboard"], "order": order});
    data["run"] = run;
    data["intelligence"] = executed["intelligence"].clone();
    Ok(serde_json::to_string(&data)?)
}

/// The export made into a new operation: fresh IDs, so no two samples share one (as no two new
/// operations do), and the current time as every creation and modification time.
fn made_new(text: &str) -> Result<String> {
    let mut data: Value = serde_json::from_str(text)?;
    renew(&mut data, &crate::operation::now(), &mut HashMap::new());
    Ok(serde_json::to_string(&data)?)
}

/// Every ID anywhere in `value` is replaced the same way wherever it appears, so the
/// references between events, lanes, personas, accounts and hosts still hold.
pub(crate) fn renew(value: &mut Value, now: &str, ids: &mut HashMap<String, String>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if key == "created_at" || key == "modified_at" {
                    *field = Value::String(now.into());
                } else {
                    renew(field, now, ids);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| renew(item, now, ids)),
        Value::String(text) if uuid::Uuid::try_parse(text).is_ok() => {
            let fresh = ids
                .entry(text.clone())
                .or_insert_with(|| uuid::Uuid::new_v4().to_string());
            *text = fresh.clone();
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The asset is the JSON export of the sample as it was once written in code, edit by
    /// edit; the sample written through the importer must export to the same content.
    #[test]
    fn the_sample_through_the_importer_holds_what_the_asset_holds() {
        let dir = tempfile::tempdir().unwrap();
        let doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let written = crate::json::export(&doc).unwrap();
        let (written, asset) = (comparable(&written), comparable(SAMPLE));
        assert_eq!(first_difference(&written, &asset, "$"), None);
        assert_eq!(
            doc.operation().unwrap().name,
            "Dry Dock: exposed Docker daemon honeypot"
        );
    }

    #[test]
    fn two_samples_share_no_id_with_each_other_or_the_asset() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_sample(&dir.path().join("one.feint")).unwrap();
        let second = write_sample(&dir.path().join("two.feint")).unwrap();
        let ids = |text: &str| {
            let mut ids = HashMap::new();
            renew(&mut serde_json::from_str(text).unwrap(), "", &mut ids);
            ids.into_keys().collect::<std::collections::HashSet<_>>()
        };
        let asset = ids(SAMPLE);
        let one = ids(&crate::json::export(&first).unwrap());
        let two = ids(&crate::json::export(&second).unwrap());
        assert_eq!((asset.len(), one.len(), two.len()), (49, 49, 49));
        assert!(asset.is_disjoint(&one) && asset.is_disjoint(&two) && one.is_disjoint(&two));
    }

    /// `text` with each ID replaced by the place of its entry in the export and every time
    /// blanked (both made on purpose when a sample is written), and the persona event lists
    /// sorted (they are kept in ID order, so their order follows the IDs).
    fn comparable(text: &str) -> Value {
        fn number(value: &Value, ids: &mut HashMap<String, String>) {
            match value {
                Value::Object(fields) => {
                    for (key, field) in fields {
                        match (key.as_str(), field.as_str()) {
                            ("id", Some(id)) => {
                                let next = format!("id#{}", ids.len());
                                ids.entry(id.into()).or_insert(next);
                            }
                            _ => number(field, ids),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|item| number(item, ids)),
                _ => {}
            }
        }
        fn rewrite(value: &mut Value, ids: &HashMap<String, String>) {
            match value {
                Value::Object(fields) => {
                    for (key, field) in fields.iter_mut() {
                        match key.as_str() {
                            "created_at" | "modified_at" => *field = Value::Null,
                            _ => rewrite(field, ids),
                        }
                    }
                    if let Some(Value::Array(events)) = fields.get_mut("event_ids") {
                        events.sort_by_key(|e| e.as_str().unwrap_or_default().to_string());
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(|item| rewrite(item, ids)),
                Value::String(text) => {
                    if let Some(number) = ids.get(text.as_str()) {
                        *text = number.clone();
                    }
                }
                _ => {}
            }
        }
        let mut value = serde_json::from_str(text).unwrap();
        let mut ids = HashMap::new();
        number(&value, &mut ids);
        rewrite(&mut value, &ids);
        value
    }

    /// Where two JSON values first differ, as a path and the two values found there.
    fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) if x.keys().eq(y.keys()) => x
                .iter()
                .find_map(|(key, v)| first_difference(v, &y[key], &format!("{path}.{key}"))),
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
            _ => (a != b).then(|| format!("{path}: {a} against {b}")),
        }
    }

    #[test]
    fn the_sample_has_a_threat_model_its_storyboard_engages() {
        let dir = tempfile::tempdir().unwrap();
        let doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let model = doc.threat_model().unwrap();
        assert_eq!(model.adversary.name, "Harbor Crew");
        let ids: Vec<&str> = model
            .techniques
            .iter()
            .map(|t| t.technique_id.as_str())
            .collect();
        assert_eq!(ids, ["T1133", "T1610", "T1098.004", "T1611"]);
        assert!(model.techniques.iter().all(|t| t.confidence.is_some()));
        let coverage = doc.coverage().unwrap();
        assert_eq!((coverage.engaged, coverage.total), (4, 4));
        let recs = doc.recommendations(None).unwrap();
        assert!(recs.iter().take(3).any(|r| r.activity_id == "EAC0018"));
    }

    #[test]
    fn the_sample_tells_a_marked_two_week_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let board = doc.storyboard().unwrap();
        assert!((8..=15).contains(&board.events.len()));
        assert!(board
            .events
            .iter()
            .all(|e| e.visibility.is_some() && e.truth.is_some()));
        assert!(board.events.iter().all(|e| e.day >= -7 && e.day <= 13));
        let activities: Vec<&str> = board
            .events
            .iter()
            .map(|e| e.activity_id.as_str())
            .collect();
        for id in [
            "EAC0018", "EAC0003", "EAC0011", "SAC0003", "SAC0005", "SAC0006",
        ] {
            assert!(activities.contains(&id), "{id} is missing");
        }
        let techniques: Vec<&str> = board
            .events
            .iter()
            .flat_map(|e| e.technique_ids.iter().map(String::as_str))
            .collect();
        for id in ["T1133", "T1610", "T1098.004", "T1611"] {
            assert!(techniques.contains(&id), "{id} is missing");
        }
        assert!(board.supporting.len() >= 2);
        assert_eq!(board.lanes.len(), 2);
        assert!(!board.can_undo, "the sample starts with no history");
        assert_eq!(doc.undo().unwrap(), None);
        let chart = doc.quad_chart().unwrap();
        assert!(chart.unmarked.is_empty());
        for quadrant in [
            &chart.revealed_fact,
            &chart.concealed_fact,
            &chart.revealed_fiction,
            &chart.concealed_fiction,
        ] {
            assert!(!quadrant.is_empty());
        }
        // D+0 09:00 in Berlin in December is 08:00 UTC.
        let spans = doc.event_spans().unwrap();
        let open = board
            .events
            .iter()
            .find(|e| e.activity_id == "EAC0023")
            .unwrap();
        assert_eq!(spans[&open.id].start_utc, "2026-12-07T08:00:00Z");
    }

    #[test]
    fn the_sample_has_two_consistent_personas() {
        let dir = tempfile::tempdir().unwrap();
        let doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let personas = doc.personas().unwrap();
        assert_eq!(personas.len(), 2);
        let admin = personas
            .iter()
            .find(|p| p.profile.name == "Jonas Weber")
            .unwrap();
        let events = doc.persona_events(admin.id()).unwrap();
        assert!(events
            .iter()
            .all(|e| e.host == "build-01" || e.host == "registry-01"));
        assert!(events.iter().any(|e| e.host == "build-01"));
        assert!(personas
            .iter()
            .all(|p| !doc.persona_events(p.id()).unwrap().is_empty()));
        assert_eq!(doc.persona_warnings().unwrap(), vec![]);
        assert!(!doc.storyboard().unwrap().can_undo);
    }

    #[test]
    fn the_executed_sample_ran_every_event_and_opens_with_every_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("executed.feint");
        drop(write_executed(&path).unwrap());
        // Opening reads every value back through the import's rules.
        let doc = Document::open(&path).unwrap();
        let run = doc.run_data().unwrap();
        assert_eq!(run.phase, crate::journal::RunPhase::Closed);
        assert!(
            (15..=30).contains(&run.journal.len()),
            "{}",
            run.journal.len()
        );
        let events = doc.storyboard_data().unwrap().events;
        for e in &events {
            let actual = run.actuals.iter().find(|a| a.event_id == e.id);
            assert!(
                actual.and_then(|a| a.outcome).is_some(),
                "no outcome for {}",
                e.title
            );
        }
        let outcomes: Vec<_> = run.actuals.iter().filter_map(|a| a.outcome).collect();
        use crate::journal::Outcome;
        assert_eq!(
            outcomes.iter().filter(|o| **o == Outcome::Changed).count(),
            1
        );
        assert_eq!(
            outcomes.iter().filter(|o| **o == Outcome::Skipped).count(),
            1
        );
        assert!(doc.plan_changes().unwrap().is_empty());
        let techniques: std::collections::BTreeSet<_> = run
            .journal
            .iter()
            .flat_map(|e| e.technique_ids.iter().map(String::as_str))
            .collect();
        for t in ["T1610", "T1059.004", "T1078", "T1053.003", "T1611"] {
            assert!(techniques.contains(t), "{t} is never observed");
        }
        // Two gate decisions, as the journal tells them: the gate 2 pause (then resumed by
        // hand, so nothing halts the closed operation) and the midpoint go-on.
        let decisions = doc.gate_decisions().unwrap();
        let told: Vec<_> = decisions
            .iter()
            .map(|d| (d.gate, d.decision.decision.as_str()))
            .collect();
        assert_eq!(told, [(Some(2), "pause"), (Some(4), "continue")]);
        assert_eq!(run.halted_by, None);
        let indicators = doc.intelligence().unwrap().indicators;
        assert_eq!(indicators.len(), 6);
        assert!(indicators.iter().all(|i| i.indicator.entry_ids.len() == 1));
        let review = doc.after_action().unwrap();
        assert_eq!(review.criteria.len(), 2);
        assert!(review.criteria.iter().all(|c| c.assessment.rating
            != crate::journal::Rating::NotAssessed
            && !c.assessment.evidence.is_empty()));
        assert!(!review.sustain.is_empty() && !review.improve.is_empty());
        assert!(!review.hotwash.is_empty());
        // The file exports and imports again unchanged.
        let text = crate::json::export(&doc).unwrap();
        let again = crate::json::import_text(&text, &dir.path().join("again.feint")).unwrap();
        assert_eq!(crate::json::export(&again).unwrap(), text);
    }
}
