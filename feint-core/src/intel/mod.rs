//! Intelligence out of the run (steps 8 and 9 of the ten-step process): the indicators the team
//! observed (`indicators.rs`) and references to evidence (`evidence.rs`), exported as a STIX 2.1
//! bundle (`stix.rs`) and as ATT&CK Navigator layers of the techniques the journal observed
//! (`layers.rs`); and the feed back: techniques observed that the threat model lacked, offered
//! for adding. Migration 0008.
//!
//! The observed techniques are read from the journal entries each time, never stored, so the
//! layers, the bundle and the offer cannot drift from the journal.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::journal::when::{self, When};
use crate::journal::JournalEntry;
use crate::threat::{TechniqueEntry, ThreatModel};

pub mod evidence;
pub mod indicators;
pub mod layers;
pub mod stix;

pub use evidence::{Evidence, EvidenceExport, NewEvidence};
pub use indicators::{Indicator, IndicatorKind, IndicatorView, NewIndicator};
pub use layers::LayerCounts;

/// A technique named by journal entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObservedTechnique {
    pub technique_id: String,
    /// ATT&CK's name, "Deploy Container".
    pub name: String,
    /// How many journal entries name it.
    pub times: u32,
    /// The earliest of those entries.
    pub first_seen: When,
    /// Whether the threat model lists this exact technique.
    pub in_model: bool,
}

/// Everything the Intelligence page shows, read at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Intelligence {
    pub indicators: Vec<IndicatorView>,
    pub evidence: Vec<Evidence>,
    pub observed: Vec<ObservedTechnique>,
}

/// This module's data in the JSON export (`"intelligence"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntelExport {
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub evidence: Vec<EvidenceExport>,
}

/// Writes the intelligence of an import (or of a file being checked), after the journal, whose
/// entries the indicators link to.
pub fn insert(tx: &rusqlite::Transaction, data: &IntelExport) -> Result<()> {
    indicators::insert_all(tx, &data.indicators)?;
    evidence::insert_all(tx, &data.evidence)
}

/// Techniques the entries name, each with how often and when first, in first-seen order.
pub(crate) fn observed_in(entries: &[JournalEntry]) -> Vec<(String, u32, String)> {
    let mut seen: BTreeMap<&str, (u32, &str)> = BTreeMap::new();
    for entry in entries {
        for id in &entry.technique_ids {
            let slot = seen.entry(id.as_str()).or_insert((0, entry.at.as_str()));
            slot.0 += 1;
            if seconds(&entry.at) < seconds(slot.1) {
                slot.1 = entry.at.as_str();
            }
        }
    }
    let mut out: Vec<(String, u32, String)> = seen
        .into_iter()
        .map(|(id, (n, at))| (id.to_string(), n, at.to_string()))
        .collect();
    out.sort_by(|a, b| seconds(&a.2).cmp(&seconds(&b.2)).then(a.0.cmp(&b.0)));
    out
}

fn seconds(stamp: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(stamp).map_or(0, |t| t.timestamp())
}

/// When an indicator was first and last seen when the planner gave no time: its entries'.
fn seen_from_entries(entries: &[JournalEntry], ids: &[String]) -> (Option<String>, Option<String>) {
    let mut times: Vec<&str> = entries
        .iter()
        .filter(|e| ids.contains(&e.id))
        .map(|e| e.at.as_str())
        .collect();
    times.sort_by_key(|t| seconds(t));
    (
        times.first().map(|t| t.to_string()),
        times.last().map(|t| t.to_string()),
    )
}

impl Document {
    fn view(
        &self,
        op: &crate::operation::Operation,
        indicator: Indicator,
    ) -> Result<IndicatorView> {
        let show = |t: &Option<String>| t.as_deref().map(|t| when::show(op, t)).transpose();
        Ok(IndicatorView {
            defanged: indicators::defang(indicator.kind, &indicator.value),
            detail: indicators::detail(indicator.kind, &indicator.value),
            first_seen: show(&indicator.first_seen)?,
            last_seen: show(&indicator.last_seen)?,
            indicator,
        })
    }

    /// The indicators, evidence and observed techniques, for the Intelligence page.
    pub fn intelligence(&self) -> Result<Intelligence> {
        let op = self.operation()?;
        let conn = self.store().conn();
        let indicators = indicators::load_all(conn)?
            .into_iter()
            .map(|i| self.view(&op, i))
            .collect::<Result<_>>()?;
        Ok(Intelligence {
            indicators,
            evidence: evidence::load_all(conn, false)?
                .into_iter()
                .map(|e| e.evidence)
                .collect(),
            observed: self.observed_techniques()?,
        })
    }

    /// The techniques the journal observed, in first-seen order.
    pub fn observed_techniques(&self) -> Result<Vec<ObservedTechnique>> {
        let op = self.operation()?;
        let entries = crate::journal::entries::load_all(self.store().conn())?;
        let model: BTreeSet<String> = crate::threat::load_entries(self.store().conn())?
            .into_iter()
            .map(|e| e.technique_id)
            .collect();
        observed_in(&entries)
            .into_iter()
            .map(|(id, times, at)| {
                Ok(ObservedTechnique {
                    name: self.catalog().technique_name(&id).unwrap_or_default(),
                    in_model: model.contains(&id),
                    first_seen: when::show(&op, &at)?,
                    technique_id: id,
                    times,
                })
            })
            .collect()
    }

    /// Observed techniques the threat model lacks: the feed back offered on the Threat page.
    pub fn observed_not_in_model(&self) -> Result<Vec<ObservedTechnique>> {
        Ok(self
            .observed_techniques()?
            .into_iter()
            .filter(|t| !t.in_model)
            .collect())
    }

    /// Adds observed techniques to the threat model, each noted "Observed in the journal on
    /// …"; one ordinary threat edit. Only techniques the journal observed are taken.
    pub fn add_observed_techniques(&mut self, ids: &[String]) -> Result<ThreatModel> {
        let missing = self.observed_not_in_model()?;
        let mut fresh = Vec::new();
        for raw in ids {
            let id = crate::storyboard::event::technique_id(raw)?;
            let Some(seen) = missing.iter().find(|t| t.technique_id == id) else {
                if self
                    .observed_techniques()?
                    .iter()
                    .any(|t| t.technique_id == id)
                {
                    continue;
                }
                return Err(FeintError::invalid(format!(
                    "{id} was not observed in the journal"
                )));
            };
            if !fresh.iter().any(|e: &TechniqueEntry| e.technique_id == id) {
                fresh.push(TechniqueEntry {
                    technique_id: id,
                    note: format!(
                        "Observed in the journal on {} ({} {}).",
                        seen.first_seen.local,
                        seen.times,
                        if seen.times == 1 { "entry" } else { "entries" }
                    ),
                    confidence: None,
                });
            }
        }
        let catalog = self.catalog.clone();
        self.store_mut().with_tx(|tx| {
            crate::threat::insert_new(tx, &fresh)?;
            crate::threat::load(tx, &catalog)
        })
    }

    /// Adds an indicator; its first and last seen default to its journal entries' times.
    pub fn add_indicator(&mut self, new: NewIndicator) -> Result<IndicatorView> {
        let op = self.operation()?;
        let kind = new
            .kind
            .ok_or_else(|| FeintError::invalid("choose what kind of indicator it is"))?;
        let value = indicators::normalise(kind, &new.value)?;
        let resolve = |t: &Option<String>| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| when::resolve(&op, t, chrono::Utc::now()))
                .transpose()
        };
        let (mut first_seen, mut last_seen) = (resolve(&new.first_seen)?, resolve(&new.last_seen)?);
        let mut entry_ids = new.entry_ids.unwrap_or_default();
        let mut unique = BTreeSet::new();
        entry_ids.retain(|id| unique.insert(id.clone()));
        let entries = crate::journal::entries::load_all(self.store().conn())?;
        let (from_entries_first, from_entries_last) = seen_from_entries(&entries, &entry_ids);
        first_seen = first_seen.or(from_entries_first);
        last_seen = last_seen
            .or(from_entries_last)
            .or_else(|| first_seen.clone());
        let stamp = crate::operation::now();
        let indicator = Indicator {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            value,
            first_seen,
            last_seen,
            entry_ids,
            note: new.note.unwrap_or_default().trim().to_string(),
            created_at: stamp.clone(),
            modified_at: stamp,
        };
        indicator.validate()?;
        self.store_mut().with_tx(|tx| {
            if indicators::count(tx)? >= crate::rules::MAX_INDICATORS {
                return Err(FeintError::invalid(format!(
                    "an operation holds at most {} indicators",
                    crate::rules::MAX_INDICATORS
                )));
            }
            indicators::check_links(tx, &indicator)?;
            indicators::save(tx, &indicator)
        })?;
        self.view(&op, indicator)
    }

    pub fn delete_indicator(&mut self, id: &str) -> Result<()> {
        self.store_mut().with_tx(|tx| {
            if tx.execute("DELETE FROM indicator WHERE id = ?1", [id])? == 0 {
                return Err(FeintError::not_found(format!(
                    "no indicator has the ID \"{id}\""
                )));
            }
            Ok(())
        })
    }

    /// References an evidence file: Feint hashes it (and copies it only when asked).
    pub fn add_evidence(&mut self, new: NewEvidence) -> Result<Evidence> {
        let (evidence, content) = evidence::read_new(&new, &crate::operation::now())?;
        self.store_mut().with_tx(|tx| {
            if evidence::count(tx)? >= crate::rules::MAX_EVIDENCE {
                return Err(FeintError::invalid(format!(
                    "an operation holds at most {} evidence references",
                    crate::rules::MAX_EVIDENCE
                )));
            }
            evidence::save(tx, &evidence, content.as_deref())
        })?;
        Ok(evidence)
    }

    pub fn delete_evidence(&mut self, id: &str) -> Result<()> {
        self.store_mut().with_tx(|tx| {
            if tx.execute("DELETE FROM evidence WHERE id = ?1", [id])? == 0 {
                return Err(FeintError::not_found(format!(
                    "no evidence reference has the ID \"{id}\""
                )));
            }
            Ok(())
        })
    }

    /// The copy of an evidence file kept in the operation, if one was kept.
    pub fn evidence_copy(&self, id: &str) -> Result<Option<Vec<u8>>> {
        evidence::content_of(self.store().conn(), id)
    }

    /// This module's data, for the JSON export (kept copies included).
    pub fn intel_data(&self) -> Result<IntelExport> {
        let conn = self.store().conn();
        Ok(IntelExport {
            indicators: indicators::load_all(conn)?,
            evidence: evidence::load_all(conn, true)?,
        })
    }
}

#[cfg(test)]
mod tests;
