//! The after-action report (`--audience after-action`): the run against the plan, gate
//! decisions, what the adversary was seen using, the success criteria as assessed and the
//! lessons, laid out by the order's PDF code with the same marking band, numbering, bookmarks
//! and secret redaction.
//!
//! Like the order it is built by a pure function from one snapshot read in one read
//! transaction ([`Document::after_action_snapshot`]).

use std::collections::BTreeMap;

use super::build::{
    event_ref, heading, redact, section, table, text_or, timeline, timeline_bar, Ctx, OrderSnapshot,
};
use super::content::*;
use super::day_time;
use crate::document::Document;
use crate::error::Result;
use crate::journal::{when, EntryKind, JournalEntry, Outcome, RunExport, RunPhase};
use crate::operation::Operation;
use crate::storyboard::{Event, LaneGrouping};

/// A gate decision as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateDecisionRow {
    /// "Gate 2: <condition as it read then>".
    pub criterion: String,
    /// "Continue", "Pause", "Stop", "Escalate", with the decision's note.
    pub decision: String,
    pub decided_by: String,
    /// RFC 3339, UTC.
    pub decided_at: String,
    /// Journal entry IDs, printed as their J-numbers.
    pub evidence: Vec<String>,
}

/// An observed indicator as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorRow {
    /// "ipv4", "domain", "url", "sha256", "file", "email", "user_agent", …
    pub kind: String,
    /// As observed; the report defangs it.
    pub value: String,
    /// RFC 3339, UTC, or "".
    pub first_seen: String,
    pub note: String,
}

/// Everything the report is built from.
pub struct AfterActionSnapshot<'a> {
    pub order: OrderSnapshot<'a>,
    pub run: RunExport,
    pub gate_decisions: Vec<GateDecisionRow>,
    pub indicators: Vec<IndicatorRow>,
}

impl Document {
    /// Reads everything the after-action report needs, in one read transaction.
    pub fn after_action_snapshot(&self) -> Result<AfterActionSnapshot<'_>> {
        // Nothing is written; dropping the transaction ends it.
        let _read = self.store().conn().unchecked_transaction()?;
        let order = self.order_snapshot_in_read()?;
        let run = self.run_data()?;
        let gate_decisions = gate_rows(&order, &run)?;
        let indicators = indicator_rows(self.intelligence()?);
        Ok(AfterActionSnapshot {
            order,
            run,
            gate_decisions,
            indicators,
        })
    }
}

/// The run's gate decisions, each named by its gate's number in the order as it stands.
fn gate_rows(order: &OrderSnapshot<'_>, run: &RunExport) -> Result<Vec<GateDecisionRow>> {
    let views = crate::journal::decision_views(
        &order.inputs.op,
        &order.inputs.order.gating,
        run.gate_decisions.clone(),
    )?;
    Ok(views
        .into_iter()
        .map(|v| {
            let d = v.decision;
            let gate = match v.gate {
                Some(n) => format!("Gate {n}"),
                None => "A removed gate".into(),
            };
            let note = d.note.trim();
            GateDecisionRow {
                criterion: format!("{gate}: {}", d.condition),
                decision: if note.is_empty() {
                    d.decision.label().into()
                } else {
                    format!("{}: {note}", d.decision.label())
                },
                decided_by: d.decided_by,
                decided_at: d.decided_at,
                evidence: d.evidence_ids,
            }
        })
        .collect())
}

fn indicator_rows(intel: crate::intel::Intelligence) -> Vec<IndicatorRow> {
    intel
        .indicators
        .into_iter()
        .map(|v| IndicatorRow {
            kind: v.indicator.kind.as_str().into(),
            // Defanged as the Intelligence page shows it, so both read the same.
            value: v.defanged,
            first_seen: v.indicator.first_seen.unwrap_or_default(),
            note: v.indicator.note,
        })
        .collect()
}

/// An instant as the report prints it: "2026-12-08 09:30 CET (D+1)", or as stored when it
/// cannot be read.
fn at(op: &Operation, utc: &str) -> String {
    match when::show(op, utc) {
        Ok(w) => match w.day {
            Some(d) => format!("{} ({})", w.local, super::day_label(d)),
            None => w.local,
        },
        Err(_) => utc.to_string(),
    }
}

/// An instant the way the plan reads: "D+2 10:30" (the operation's zone), or the local date and
/// time without a start date.
fn day_clock(op: &Operation, utc: &str) -> String {
    match when::show(op, utc) {
        Ok(w) => match (w.day, w.local.get(11..16)) {
            (Some(d), Some(clock)) => format!("{} {clock}", super::day_label(d)),
            _ => w.local,
        },
        Err(_) => utc.to_string(),
    }
}

/// Minutes from D+0 00:00 in the operation's zone, for the timeline annex.
fn minute_of(op: &Operation, utc: &str) -> Option<i64> {
    let w = when::show(op, utc).ok()?;
    let clock = w.local.get(11..16)?;
    let (h, m) = clock.split_once(':')?;
    Some(i64::from(w.day?) * 1440 + h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?)
}

fn outcome_label(outcome: Option<Outcome>) -> &'static str {
    match outcome {
        Some(Outcome::AsPlanned) => "As planned",
        Some(Outcome::Changed) => "Changed",
        Some(Outcome::Skipped) => "Skipped",
        Some(Outcome::Failed) => "Failed",
        None => "Not recorded",
    }
}

fn kind_label(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::AdversaryAction => "Adversary action",
        EntryKind::OurAction => "Our action",
        EntryKind::Decision => "Decision",
        EntryKind::Deviation => "Deviation",
        EntryKind::Note => "Note",
    }
}

fn phase_label(phase: RunPhase) -> &'static str {
    match phase {
        RunPhase::Planning => "In planning",
        RunPhase::Approved => "Approved, not started",
        RunPhase::Running => "Running",
        RunPhase::Paused => "Paused",
        RunPhase::Closed => "Closed",
    }
}

/// "J3": a journal entry's number in Annex A, which lists the journal in time order.
fn entry_ref(index: usize) -> String {
    format!("J{}", index + 1)
}

/// Shown so nobody follows it by accident: `hxxp://`, `198.51.100[.]7`, `a[@]b[.]example`.
/// Text already defanged is left as it is.
pub fn defang(kind: &str, value: &str) -> String {
    let networked = matches!(
        kind,
        "ip" | "ipv4" | "ipv6" | "domain" | "hostname" | "url" | "email"
    );
    if !networked || value.contains("[.]") {
        return value.to_string();
    }
    let mut out = value.replace('.', "[.]").replace('@', "[@]");
    for (scheme, safe) in [("https://", "hxxps://"), ("http://", "hxxp://")] {
        if let Some(rest) = out.strip_prefix(scheme) {
            out = format!("{safe}{rest}");
        }
    }
    out
}

struct Report<'a> {
    ctx: Ctx<'a>,
    run: &'a RunExport,
    /// Event ID → its index in the plan's event list (its "E" number).
    event_index: BTreeMap<&'a str, usize>,
    /// Journal entry ID → its "J" number.
    entry_index: BTreeMap<&'a str, usize>,
}

impl Report<'_> {
    fn op(&self) -> &Operation {
        self.ctx.op
    }

    fn actual(&self, event_id: &str) -> Option<&crate::journal::EventActual> {
        self.run.actuals.iter().find(|a| a.event_id == event_id)
    }

    fn evidence_refs(&self, ids: &[String]) -> String {
        let refs: Vec<String> = ids
            .iter()
            .map(|id| match self.entry_index.get(id.as_str()) {
                Some(&i) => entry_ref(i),
                None => "an entry no longer in the journal".into(),
            })
            .collect();
        text_or(&refs.join(", "), "—")
    }
}

/// The after-action report from a snapshot; touches no store.
pub fn build(snap: &AfterActionSnapshot) -> OrderContent {
    let ctx = Ctx::of(&snap.order);
    let run = &snap.run;
    let report = Report {
        event_index: ctx
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect(),
        entry_index: run
            .journal
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect(),
        ctx,
        run,
    };
    let sections = vec![
        summary(&report),
        planned_vs_actual(&report),
        gate_decisions(&report, &snap.gate_decisions),
        observed(&report, &snap.indicators),
        success_criteria(&report),
        lessons(&report),
        annex_journal(&report),
        annex_timeline(&report),
    ];
    let op = report.op();
    let mut content = OrderContent {
        kind: "After-action report".into(),
        operation_name: op.name.clone(),
        codename: op.codename.clone(),
        handling_marking: op.handling_marking.clone(),
        version: op.document.version.clone(),
        date: op.modified_at.get(..10).unwrap_or_default().to_string(),
        date_label: "dated".into(),
        prepared_by: op.document.prepared_by.clone(),
        approver: text_or(&run.approved_by, &op.document.approver),
        approval_date: run
            .approved_at
            .as_deref()
            .map(|t| t.get(..10).unwrap_or(t).to_string())
            .unwrap_or_else(|| "Not yet approved".into()),
        distribution: op.document.distribution.clone(),
        front_matter: front_matter(&report),
        compact: false,
        sections,
    };
    // The report goes to the wider team: an account secret pasted into a journal entry or a
    // lesson is removed as the briefing removes it.
    let secrets: Vec<String> = report
        .ctx
        .personas
        .iter()
        .flat_map(|p| p.accounts.iter().map(|a| a.secret.clone()))
        .collect();
    redact(&mut content, &secrets);
    content
}

fn front_matter(r: &Report) -> Vec<(String, String)> {
    let op = r.op();
    let stamp = |t: &Option<String>| t.as_deref().map_or("—".to_string(), |t| at(op, t));
    vec![
        ("Phase".into(), phase_label(r.run.phase).into()),
        ("Started".into(), stamp(&r.run.started_at)),
        ("Closed".into(), stamp(&r.run.closed_at)),
        ("Time zone".into(), op.timezone.clone()),
    ]
}

fn counted<T: Ord + Copy>(items: impl Iterator<Item = T>) -> BTreeMap<T, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    counts
}

fn summary(r: &Report) -> Section {
    let op = r.op();
    let dates = match (&op.start_date, &op.end_date) {
        (Some(s), Some(e)) => format!("{s} to {e} ({})", op.timezone),
        (Some(s), None) => format!("from {s} ({})", op.timezone),
        _ => format!("not set ({})", op.timezone),
    };
    let outcomes = counted(
        r.ctx
            .events
            .iter()
            .map(|e| outcome_label(r.actual(&e.id).and_then(|a| a.outcome))),
    );
    let outcome_text = ["As planned", "Changed", "Skipped", "Failed", "Not recorded"]
        .iter()
        .map(|label| {
            format!(
                "{} {}",
                outcomes.get(label).copied().unwrap_or(0),
                label.to_lowercase()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let kinds = counted(r.run.journal.iter().map(|e| kind_label(e.kind)));
    let kind_text = if kinds.is_empty() {
        "none".to_string()
    } else {
        kinds
            .iter()
            .map(|(k, n)| format!("{n} {}", k.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let review = &r.run.after_action;
    let ratings = counted(
        r.ctx
            .order
            .success
            .iter()
            .map(|c| review.of(&c.id).rating.label()),
    );
    let rating_text = if r.ctx.order.success.is_empty() {
        "the order names no success criterion".to_string()
    } else {
        ["Met", "Partly met", "Not met", "Not assessed"]
            .iter()
            .map(|l| {
                format!(
                    "{} {}",
                    ratings.get(l).copied().unwrap_or(0),
                    l.to_lowercase()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let blocks = vec![Block::Fields(vec![
        ("Operation".into(), op.name.clone()),
        ("Codename".into(), text_or(&op.codename, "—")),
        ("Planned dates".into(), dates),
        ("Phase".into(), phase_label(r.run.phase).into()),
        (
            "Events".into(),
            format!("{} planned: {outcome_text}", r.ctx.events.len()),
        ),
        (
            "Journal".into(),
            format!("{} entries: {kind_text}", r.run.journal.len()),
        ),
        ("Success criteria".into(), rating_text),
    ])];
    section("1", "Summary", false, blocks)
}

fn planned_span(e: &Event) -> String {
    let end = e.minute + e.duration_min;
    format!(
        "{}\nto {}",
        day_time(e.day, e.minute),
        day_time(e.day + end.div_euclid(1440), end.rem_euclid(1440))
    )
}

fn planned_vs_actual(r: &Report) -> Section {
    let op = r.op();
    let stamp = |t: &Option<String>| t.as_deref().map_or("—".to_string(), |t| day_clock(op, t));
    let rows = r
        .ctx
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let actual = r.actual(&e.id);
            vec![
                format!("{} {}", event_ref(i), e.title),
                planned_span(e),
                format!(
                    "{}\nto {}",
                    stamp(&actual.and_then(|a| a.actual_start.clone())),
                    stamp(&actual.and_then(|a| a.actual_end.clone()))
                ),
                outcome_label(actual.and_then(|a| a.outcome)).into(),
                actual.map_or(String::new(), |a| a.reason.clone()),
            ]
        })
        .collect::<Vec<_>>();
    let blocks = if rows.is_empty() {
        vec![Block::Paragraph("The storyboard holds no events.".into())]
    } else {
        vec![
            Block::Paragraph(
                "Each storyboard event as planned (D+N in the operation's zone) and as it \
                 happened; Annex B draws both."
                    .into(),
            ),
            table(
                &["Event", "Planned", "Actual", "Outcome", "Reason"],
                &[26.0, 16.0, 24.0, 11.0, 23.0],
                rows,
            ),
        ]
    };
    section("2", "Planned against actual", false, blocks)
}

fn gate_decisions(r: &Report, rows: &[GateDecisionRow]) -> Section {
    let blocks = if rows.is_empty() {
        vec![Block::Paragraph("No gate decision was recorded.".into())]
    } else {
        vec![table(
            &["Criterion", "Decision", "Decided by", "When", "Evidence"],
            &[28.0, 28.0, 14.0, 18.0, 12.0],
            rows.iter()
                .map(|d| {
                    vec![
                        d.criterion.clone(),
                        d.decision.clone(),
                        d.decided_by.clone(),
                        at(r.op(), &d.decided_at),
                        r.evidence_refs(&d.evidence),
                    ]
                })
                .collect(),
        )]
    };
    section("3", "Gate decisions", false, blocks)
}

fn observed(r: &Report, indicators: &[IndicatorRow]) -> Section {
    let op = r.op();
    // Technique → (entries naming it, earliest time); the journal is in time order.
    let mut seen: BTreeMap<&str, (usize, &JournalEntry)> = BTreeMap::new();
    for entry in &r.run.journal {
        for t in &entry.technique_ids {
            seen.entry(t.as_str()).or_insert((0, entry)).0 += 1;
        }
    }
    let mut blocks = vec![heading("4.a", "Observed techniques")];
    if seen.is_empty() {
        blocks.push(Block::Paragraph(
            "No journal entry names an ATT&CK technique.".into(),
        ));
    } else {
        let rows = seen
            .iter()
            .map(|(id, (count, first))| {
                vec![
                    id.to_string(),
                    r.ctx.catalog().technique_name(id).unwrap_or_default(),
                    count.to_string(),
                    format!(
                        "{} ({})",
                        at(op, &first.at),
                        entry_ref(r.entry_index[first.id.as_str()])
                    ),
                    if r.ctx.in_threat_model(id) {
                        "Yes"
                    } else {
                        "No: new"
                    }
                    .into(),
                ]
            })
            .collect();
        blocks.push(table(
            &[
                "Technique",
                "Name",
                "Entries",
                "First seen",
                "In threat model",
            ],
            &[13.0, 33.0, 9.0, 30.0, 15.0],
            rows,
        ));
    }
    blocks.push(heading("4.b", "Indicators"));
    if indicators.is_empty() {
        blocks.push(Block::Paragraph("No indicator was recorded.".into()));
    } else {
        blocks.push(table(
            &["Type", "Value (defanged)", "First seen", "Note"],
            &[12.0, 38.0, 20.0, 30.0],
            indicators
                .iter()
                .map(|i| {
                    vec![
                        i.kind.clone(),
                        defang(&i.kind, &i.value),
                        if i.first_seen.is_empty() {
                            "—".into()
                        } else {
                            at(op, &i.first_seen)
                        },
                        i.note.clone(),
                    ]
                })
                .collect(),
        ));
    }
    section("4", "Observed techniques and indicators", false, blocks)
}

fn success_criteria(r: &Report) -> Section {
    let review = &r.run.after_action;
    let blocks = if r.ctx.order.success.is_empty() {
        vec![Block::Paragraph(
            "The order names no success criterion.".into(),
        )]
    } else {
        vec![table(
            &["Criterion", "Measure", "Assessment", "Evidence", "Note"],
            &[24.0, 20.0, 14.0, 12.0, 30.0],
            r.ctx
                .order
                .success
                .iter()
                .map(|c| {
                    let a = review.of(&c.id);
                    vec![
                        text_or(&c.criterion, "(no criterion text)"),
                        c.measure.clone(),
                        a.rating.label().into(),
                        r.evidence_refs(&a.evidence),
                        a.note.clone(),
                    ]
                })
                .collect(),
        )]
    };
    section("5", "Success criteria", false, blocks)
}

fn numbered(items: &[crate::journal::Lesson], none: &str) -> Block {
    if items.is_empty() {
        return Block::Paragraph(none.into());
    }
    Block::Paragraph(
        items
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{}. {}", i + 1, l.text))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn lessons(r: &Report) -> Section {
    let review = &r.run.after_action;
    let blocks = vec![
        heading("6.a", "Sustain"),
        numbered(&review.sustain, "Nothing listed to sustain."),
        heading("6.b", "Improve"),
        numbered(&review.improve, "Nothing listed to improve."),
        heading("6.c", "Hotwash notes"),
        Block::Paragraph(text_or(&review.hotwash, "No hotwash notes.")),
    ];
    section("6", "Lessons", false, blocks)
}

fn annex_journal(r: &Report) -> Section {
    let op = r.op();
    let blocks = if r.run.journal.is_empty() {
        vec![Block::Paragraph("The journal holds no entries.".into())]
    } else {
        let rows = r
            .run
            .journal
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut links: Vec<String> = e
                    .event_ids
                    .iter()
                    .filter_map(|id| r.event_index.get(id.as_str()).map(|&n| event_ref(n)))
                    .collect();
                links.extend(e.technique_ids.iter().cloned());
                vec![
                    entry_ref(i),
                    at(op, &e.at),
                    format!("{}\n{}", kind_label(e.kind), e.author_role.label()),
                    e.text.clone(),
                    links.join(", "),
                ]
            })
            .collect();
        vec![table(
            &["#", "When", "Kind, by", "Entry", "Events, techniques"],
            &[6.0, 19.0, 16.0, 43.0, 16.0],
            rows,
        )]
    };
    section("A", "Execution journal", true, blocks)
}

/// The storyboard's lanes by goal, each followed by the same lane as it ran: actual bars under
/// the planned ones (a skipped or unrecorded event has no actual bar).
fn annex_timeline(r: &Report) -> Section {
    let op = r.op();
    let mut figure = timeline(&r.ctx, LaneGrouping::Goal);
    let mut lanes = Vec::new();
    for lane in std::mem::take(&mut figure.lanes) {
        let actual_bars: Vec<TimelineBar> = lane
            .bars
            .iter()
            .filter_map(|bar| {
                let number: usize = bar
                    .label
                    .split(' ')
                    .next()?
                    .strip_prefix('E')?
                    .parse()
                    .ok()?;
                let event = r.ctx.events.get(number.checked_sub(1)?)?;
                let actual = r.actual(&event.id)?;
                if actual.outcome == Some(Outcome::Skipped) {
                    return None;
                }
                let start = minute_of(op, actual.actual_start.as_deref()?)?;
                let end = actual
                    .actual_end
                    .as_deref()
                    .and_then(|t| minute_of(op, t))
                    .unwrap_or(start + i64::from(event.duration_min))
                    .max(start + 1);
                let mut drawn = timeline_bar(number - 1, event);
                drawn.start_min = start;
                drawn.end_min = end;
                Some(drawn)
            })
            .collect();
        lanes.push(TimelineLane {
            name: format!("{} (planned)", lane.name),
            bars: lane.bars,
        });
        lanes.push(TimelineLane {
            name: format!("{} (actual)", lane.name),
            bars: actual_bars,
        });
    }
    figure.lanes = lanes;
    section(
        "B",
        "Timeline, planned and actual",
        true,
        vec![Block::Timeline(figure)],
    )
}
