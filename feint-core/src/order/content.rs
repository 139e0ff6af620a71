//! The operation order as a document model: numbered sections of headings, paragraphs, field
//! lists, tables and figures, every string already final (redacted for a briefing).
//!
//! [`build`](super::content) fills it from an operation; [`super::pdf`] lays it out. Keeping the
//! two apart means the redaction rule is applied once, to plain strings, and the PDF code never
//! sees a secret it must remember to hide.

use serde::Serialize;

/// Who the document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Everything, account secrets included, for the operators.
    Order,
    /// For stakeholders: a short decision document built from an allow-list of fields, with
    /// every known secret, username, hostname and address removed wherever it occurs.
    Briefing,
    /// The after-action report: the run against the plan, the assessment and the lessons,
    /// with every known secret removed.
    AfterAction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderContent {
    /// "Operation order" or "Stakeholder briefing".
    pub kind: String,
    pub operation_name: String,
    pub codename: String,
    /// Printed verbatim in the banner at the top and bottom of every page, cover included.
    pub handling_marking: String,
    pub version: String,
    /// The document's date (ISO), printed on the cover and set as the PDF's date: an order's
    /// date of issue once it has one, else the date of its last change.
    pub date: String,
    /// What the date is, as the footer says it before the date: "issued" for an order with a
    /// time of issue (the same day as its date-time group), "draft of" for one without, "dated"
    /// for a report. So the footer never calls a draft issued.
    pub date_label: String,
    pub prepared_by: String,
    pub approver: String,
    pub approval_date: String,
    pub distribution: Vec<String>,
    /// Label: value rows printed on the cover above the document control (order number, copy,
    /// issuing organisation, date-time group, time zone, references); empty for a briefing.
    pub front_matter: Vec<(String, String)>,
    /// A short document: a title block on the first page instead of a cover and contents.
    pub compact: bool,
    /// Numbered paragraphs 1–5, then annexes A–D, in print order.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// "1" … "5" for paragraphs, "A" … "D" for annexes.
    pub number: String,
    pub title: String,
    /// Annexes start on a new page; paragraphs follow each other.
    pub annex: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A numbered sub-heading, e.g. ("3.a", "Concept of operations").
    Heading {
        number: String,
        title: String,
    },
    /// Running text; "\n" starts a new line.
    Paragraph(String),
    /// Label: value pairs, one per line.
    Fields(Vec<(String, String)>),
    Table(Table),
    Timeline(TimelineFigure),
    Quad(QuadFigure),
    Checklist(Vec<CheckLine>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    /// Relative column widths (any unit; they are scaled to the text width).
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
}

/// The storyboard drawn as lanes over days: a landscape annex, one week to a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineFigure {
    /// First and last day shown (D+N), inclusive.
    pub first_day: i32,
    pub last_day: i32,
    /// One label per day from `first_day`, e.g. "D+3\nThu 10 Dec" (the date when the start is
    /// set).
    pub day_labels: Vec<String>,
    /// What the lanes are, for the key: "goal", "persona" or "host".
    pub lanes_by: String,
    /// The operation's last day (from its end date), drawn as the end marker.
    pub end_day: Option<i32>,
    /// Gating criteria with a decision day: (D+N, "Gate 2 (stop)"), drawn as gate markers at
    /// the start of that day.
    #[serde(default)]
    pub decision_points: Vec<(i32, String)>,
    pub lanes: Vec<TimelineLane>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineLane {
    pub name: String,
    pub bars: Vec<TimelineBar>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineBar {
    /// Start and end in minutes from D+0 00:00 (may be negative for preparation).
    pub start_min: i64,
    pub end_min: i64,
    /// The event's number and title ("E7 Let the escape appear to work"); the drawing may
    /// shorten the title, which the events table prints in full.
    pub label: String,
    pub marking: BarMarking,
    pub truth: BarTruth,
    /// The event places the Gating Criteria activity: a decision point, drawn as a gate.
    pub gate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BarMarking {
    Revealed,
    Concealed,
    Unmarked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BarTruth {
    Fact,
    Fiction,
    Unmarked,
}

/// The quad chart: fact/fiction × revealed/concealed, each quadrant a list of item labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuadFigure {
    pub revealed_fact: Vec<String>,
    pub revealed_fiction: Vec<String>,
    pub concealed_fact: Vec<String>,
    pub concealed_fiction: Vec<String>,
    /// Items not yet placed, listed under the chart.
    pub unmarked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckLine {
    pub passed: bool,
    /// "passed", "not applicable", or for an open check "blocker" or "warning".
    pub severity: String,
    pub title: String,
    /// One line per item that fails the check.
    pub details: Vec<String>,
}
