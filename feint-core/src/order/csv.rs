//! The storyboard as a CSV timeline, one row per event in time order.
//!
//! Every cell is quoted, and a cell a spreadsheet would read as a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so opening the file
//! never runs anything a hostile title or narrative carries.

use std::path::Path;

use rusqlite::Connection;

use crate::catalog::Catalog;
use crate::error::Result;

const HEADERS: [&str; 18] = [
    "Day",
    "Date",
    "Start",
    "Duration (min)",
    "Goal",
    "Lane",
    "Activity ID",
    "Activity",
    "Title",
    "Visibility",
    "Truth",
    "Status",
    "Host",
    "Personas",
    "Techniques",
    "Collection point",
    "Narrative",
    "Notes",
];

/// Quotes a cell and neutralises a formula.
pub fn cell(value: &str) -> String {
    let risky = matches!(
        value.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    let mut out = String::with_capacity(value.len() + 3);
    out.push('"');
    if risky {
        out.push('\'');
    }
    out.push_str(&value.replace('"', "\"\""));
    out.push('"');
    out
}

pub fn timeline(conn: &Connection, catalog: &Catalog) -> Result<String> {
    let op = crate::operation::load(conn)?;
    let events = crate::storyboard::event::load_all(conn)?;
    let lanes = crate::storyboard::lane::load_all(conn)?;
    let names: std::collections::BTreeMap<String, String> =
        crate::persona::names(conn)?.into_iter().collect();
    let links = crate::persona::event_personas(conn)?;
    let mut out = HEADERS.map(cell).join(",");
    out.push_str("\r\n");
    for e in &events {
        let goal = crate::storyboard::event::goal_of_approach(&e.approach_id)
            .and_then(|g| catalog.goals.iter().find(|x| x.id == g))
            .map(|g| g.name.as_str())
            .unwrap_or("");
        let lane = e
            .lane_id
            .as_ref()
            .and_then(|id| lanes.iter().find(|l| &l.id == id))
            .map(|l| l.name.as_str())
            .unwrap_or("");
        let activity = catalog
            .activity(&e.activity_id)
            .map(|a| a.name.as_str())
            .unwrap_or("");
        let personas: Vec<&str> = links
            .get(&e.id)
            .into_iter()
            .flatten()
            .filter_map(|p| names.get(p).map(String::as_str))
            .collect();
        let row = [
            super::day_label(e.day),
            super::date_of(&op, e.day)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            format!("{:02}:{:02}", e.minute / 60, e.minute % 60),
            e.duration_min.to_string(),
            goal.into(),
            lane.into(),
            e.activity_id.clone(),
            activity.into(),
            e.title.clone(),
            super::visibility_label(e.visibility).into(),
            super::truth_label(e.truth).into(),
            super::status_label(e.status).into(),
            e.host.clone(),
            personas.join("; "),
            e.technique_ids.join(" "),
            e.collection_point.clone(),
            e.narrative.clone(),
            e.notes.clone(),
        ];
        out.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

// The timeline of an open operation file.
impl crate::document::Document {
    /// The storyboard as CSV text.
    pub fn timeline_csv(&self) -> Result<String> {
        timeline(self.store.conn(), self.catalog())
    }

    /// Writes the timeline CSV to `out` (owner-only, replacing any file there).
    pub fn export_csv(&self, out: &Path) -> Result<()> {
        self.write_export(out, self.timeline_csv()?.as_bytes())
    }

    /// Like [`Document::export_csv`], adding ".csv" when the name has no extension; returns the
    /// path written.
    ///
    /// [`Document::export_csv`]: crate::document::Document::export_csv
    pub fn export_csv_as(&self, path: &Path) -> Result<String> {
        let path = crate::document::or_extension(path, "csv");
        self.export_csv(&path)?;
        Ok(path.to_string_lossy().into_owned())
    }
}
