//! The MITRE Engage catalog: goals, approaches, activities, adversary vulnerabilities, ATT&CK
//! techniques and the technique → vulnerability → activity mapping.
//!
//! The built-in catalog (`assets/catalog/engage-1.0.json`) carries the facts of Engage v1.0 with
//! one-line summaries in our own words; official prose arrives only when a planner imports a
//! release (see `release`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::error::{FeintError, Result};

pub mod release;
pub mod releases;
#[cfg(test)]
mod tests;

pub use release::load_release;
pub use releases::{CatalogVersion, ReleaseImport, Releases};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Strategic,
    Engagement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Goal {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub summary: String,
    pub approach_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Approach {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub summary: String,
    pub goal_ids: Vec<String>,
    pub activity_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub summary: String,
    pub goal_ids: Vec<String>,
    pub approach_ids: Vec<String>,
    pub vulnerability_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Vulnerability {
    pub id: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Technique {
    pub id: String,
    pub name: String,
    /// Tactic names, e.g. "Discovery".
    pub tactics: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct MappingRow {
    pub technique_id: String,
    pub vulnerability_id: String,
    pub activity_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub version: String,
    pub goals: Vec<Goal>,
    pub approaches: Vec<Approach>,
    pub activities: Vec<Activity>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub techniques: Vec<Technique>,
    pub mappings: Vec<MappingRow>,
}

/// The Engage matrix as planners see it: goals across the top, approaches as columns,
/// activity cards beneath.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Matrix {
    pub version: String,
    pub goals: Vec<MatrixGoal>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MatrixGoal {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub approaches: Vec<MatrixApproach>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MatrixApproach {
    pub id: String,
    pub name: String,
    pub activities: Vec<ActivityCard>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ActivityCard {
    pub id: String,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TechniqueRef {
    pub id: String,
    pub name: String,
    pub tactics: Vec<String>,
    /// The vulnerabilities through which this activity answers the technique.
    pub vulnerability_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ActivityDetails {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub summary: String,
    pub goals: Vec<NamedRef>,
    pub approaches: Vec<NamedRef>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub techniques: Vec<TechniqueRef>,
}

/// The built-in Engage v1.0 catalog, parsed once.
pub fn builtin() -> &'static Catalog {
    builtin_arc()
}

/// The built-in catalog for a holder that may also hold an imported release (a `Document`).
pub fn builtin_shared() -> Arc<Catalog> {
    Arc::clone(builtin_arc())
}

fn builtin_arc() -> &'static Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Arc::new(
            serde_json::from_str(include_str!("../../../assets/catalog/engage-1.0.json"))
                .expect("the built-in catalog assets/catalog/engage-1.0.json is valid"),
        )
    })
}

/// ATT&CK sub-technique names (`T1566.001` → "Spearphishing Attachment"), for the parents the
/// built-in catalog maps. Engage releases name parent techniques only, so without this a
/// sub-technique could only be shown as its parent, and three of them would read alike.
fn subtechnique_names() -> &'static BTreeMap<String, String> {
    #[derive(Deserialize)]
    struct Asset {
        subtechniques: BTreeMap<String, String>,
    }
    static NAMES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        serde_json::from_str::<Asset>(include_str!(
            "../../../assets/catalog/attack-subtechniques.json"
        ))
        .expect("the built-in assets/catalog/attack-subtechniques.json is valid")
        .subtechniques
    })
}

/// A sub-technique's own name (without its parent's), when ATT&CK names it.
pub fn subtechnique_name(id: &str) -> Option<&'static str> {
    subtechnique_names().get(id).map(String::as_str)
}

/// `T1098` or `T1098.004` (any case, trimmed), upper-cased; `None` for anything else.
fn technique_id(query: &str) -> Option<String> {
    let id = query.trim().to_ascii_uppercase();
    let rest = id.strip_prefix('T')?;
    let (base, sub) = match rest.split_once('.') {
        Some((base, sub)) => (base, Some(sub)),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(base) || !sub.is_none_or(digits) {
        return None;
    }
    Some(id)
}

/// The parent of a sub-technique (`T1098.004` → `T1098`); a technique is its own parent.
fn parent_technique(id: &str) -> &str {
    id.split_once('.').map_or(id, |(base, _)| base)
}

impl Catalog {
    /// The name a planner reads for a technique or sub-technique: "Phishing" for T1566,
    /// "Phishing: Spearphishing Attachment" for T1566.001 (ATT&CK's own form). A sub-technique
    /// ATT&CK does not name (newer than this build) reads "Phishing: sub-technique 009", so no
    /// row is ever without a name. `None` when the parent is not in the catalog.
    pub fn technique_name(&self, id: &str) -> Option<String> {
        let parent = parent_technique(id);
        let technique = self.techniques.iter().find(|t| t.id == parent)?;
        Some(match id.split_once('.') {
            None => technique.name.clone(),
            Some((_, suffix)) => match subtechnique_name(id) {
                Some(own) => format!("{}: {own}", technique.name),
                None => format!("{}: sub-technique {suffix}", technique.name),
            },
        })
    }

    /// Whether the technique (or one of its named sub-techniques) is called something holding
    /// `needle` (lower-case).
    fn technique_named(&self, technique: &Technique, needle: &str) -> bool {
        technique.name.to_lowercase().contains(needle)
            || subtechnique_names()
                .range(format!("{}.", technique.id)..format!("{}/", technique.id))
                .any(|(_, name)| name.to_lowercase().contains(needle))
    }

    pub fn matrix(&self) -> Matrix {
        let approach = |id: &str| self.approaches.iter().find(|a| a.id == id);
        let goals = self
            .goals
            .iter()
            .map(|goal| MatrixGoal {
                id: goal.id.clone(),
                name: goal.name.clone(),
                kind: goal.kind,
                approaches: goal
                    .approach_ids
                    .iter()
                    .filter_map(|id| approach(id))
                    .map(|a| MatrixApproach {
                        id: a.id.clone(),
                        name: a.name.clone(),
                        activities: a
                            .activity_ids
                            .iter()
                            .filter_map(|id| self.activity(id))
                            .map(|act| ActivityCard {
                                id: act.id.clone(),
                                name: act.name.clone(),
                                summary: act.summary.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        Matrix {
            version: self.version.clone(),
            goals,
        }
    }
    /// Activity IDs matching `query`: by ID or name (case-insensitive substring), by an ATT&CK
    /// technique ID (a sub-technique counts as its parent) mapped to the activity, or by the
    /// name of a technique (or sub-technique) mapped to it, from three letters on.
    ///
    /// An empty query gives every activity. Results come in catalog order, each once.
    pub fn search(&self, query: &str) -> Vec<String> {
        let query = query.trim();
        if let Some(technique) = technique_id(query) {
            let parent = parent_technique(&technique);
            let matches =
                |t: &str| t == technique || t == parent || parent_technique(t) == technique;
            return self
                .activities
                .iter()
                .filter(|a| {
                    self.mappings
                        .iter()
                        .any(|m| m.activity_id == a.id && matches(&m.technique_id))
                })
                .map(|a| a.id.clone())
                .collect();
        }
        let needle = query.to_lowercase();
        // Techniques named like the query ("External Remote Services"): their activities match.
        let named: Vec<&str> = if needle.chars().count() < 3 {
            Vec::new()
        } else {
            self.techniques
                .iter()
                .filter(|t| self.technique_named(t, &needle))
                .map(|t| t.id.as_str())
                .collect()
        };
        self.activities
            .iter()
            .filter(|a| {
                needle.is_empty()
                    || a.id.to_lowercase().contains(&needle)
                    || a.name.to_lowercase().contains(&needle)
                    || a.summary.to_lowercase().contains(&needle)
                    || self
                        .mappings
                        .iter()
                        .any(|m| m.activity_id == a.id && named.contains(&m.technique_id.as_str()))
            })
            .map(|a| a.id.clone())
            .collect()
    }

    pub fn activity_details(&self, id: &str) -> Result<ActivityDetails> {
        let activity = self.activity(id).ok_or_else(|| {
            FeintError::not_found(format!("No Engage activity {id:?} in the catalog"))
        })?;
        let goals = activity
            .goal_ids
            .iter()
            .filter_map(|g| self.goals.iter().find(|x| &x.id == g))
            .map(|g| NamedRef {
                id: g.id.clone(),
                name: g.name.clone(),
            })
            .collect();
        let approaches = activity
            .approach_ids
            .iter()
            .filter_map(|a| self.approaches.iter().find(|x| &x.id == a))
            .map(|a| NamedRef {
                id: a.id.clone(),
                name: a.name.clone(),
            })
            .collect();
        let vulnerabilities = activity
            .vulnerability_ids
            .iter()
            .map(|v| {
                self.vulnerabilities
                    .iter()
                    .find(|x| &x.id == v)
                    .cloned()
                    .unwrap_or_else(|| Vulnerability {
                        id: v.clone(),
                        summary: String::new(),
                    })
            })
            .collect();
        // Technique → the vulnerabilities through which this activity answers it.
        let mut by_technique: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for row in self
            .mappings
            .iter()
            .filter(|m| m.activity_id == activity.id)
        {
            let vulns = by_technique.entry(&row.technique_id).or_default();
            if !vulns.contains(&row.vulnerability_id) {
                vulns.push(row.vulnerability_id.clone());
            }
        }
        let techniques = by_technique
            .into_iter()
            .map(|(tid, mut vulnerability_ids)| {
                vulnerability_ids.sort();
                let technique = self.techniques.iter().find(|t| t.id == tid);
                TechniqueRef {
                    id: tid.to_string(),
                    name: technique.map_or_else(|| tid.to_string(), |t| t.name.clone()),
                    tactics: technique.map(|t| t.tactics.clone()).unwrap_or_default(),
                    vulnerability_ids,
                }
            })
            .collect();
        Ok(ActivityDetails {
            id: activity.id.clone(),
            name: activity.name.clone(),
            kind: activity.kind,
            summary: activity.summary.clone(),
            goals,
            approaches,
            vulnerabilities,
            techniques,
        })
    }
    /// ATT&CK techniques matching `query` by ID (a sub-technique ID finds its parent), name or
    /// tactic, case-insensitive; an empty query gives them all. In ID order. A name query of
    /// three letters or more also finds sub-techniques by their own name ("Spearphishing"
    /// finds T1566.001, "Phishing: Spearphishing Attachment"), each after its parent's place.
    pub fn search_techniques(&self, query: &str) -> Vec<Technique> {
        let needle = query.trim().to_lowercase();
        let as_id = technique_id(query).map(|id| parent_technique(&id).to_string());
        let by_name = as_id.is_none() && needle.chars().count() >= 3;
        let mut out = Vec::new();
        for t in &self.techniques {
            if needle.is_empty()
                || as_id.as_deref() == Some(t.id.as_str())
                || t.id.to_lowercase().starts_with(&needle)
                || t.name.to_lowercase().contains(&needle)
                || t.tactics.iter().any(|x| x.to_lowercase().contains(&needle))
            {
                out.push(t.clone());
            }
            if by_name {
                let subs = subtechnique_names().range(format!("{}.", t.id)..format!("{}/", t.id));
                for (id, own) in subs {
                    if own.to_lowercase().contains(&needle) {
                        out.push(Technique {
                            id: id.clone(),
                            name: format!("{}: {own}", t.name),
                            tactics: t.tactics.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }
}
