//! Fills the order's document model from an operation.
//!
//! The stakeholder briefing is built by allow-list in [`super::briefing`]; then every known
//! secret, username and hostname is removed by one pass over every string in it ([`redact`]), so
//! one pasted into an allowed field goes too.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::content::*;
use super::readiness::{self, ReadinessCheck, ReadinessInputs};
use super::{date_of, day_label, day_time, status_label, truth_label, visibility_label, Order};
use crate::catalog::Catalog;
use crate::document::Document;
use crate::error::Result;
use crate::persona::Persona;
use crate::storyboard::{Event, LaneGrouping, LaneView, Truth, Visibility};

use super::redact::Redactor;
pub use super::redact::REDACTED;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportOptions {
    pub audience: Audience,
    /// How the timeline annex groups its lanes: by goal (the default), persona or host.
    #[serde(default)]
    pub lanes: LaneGrouping,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            audience: Audience::Order,
            lanes: LaneGrouping::Goal,
        }
    }
}

/// The Engage activity whose events are decision points: the timeline draws them as gates.
const GATING_ACTIVITY: &str = "SAC0005";

pub(super) fn text_or(value: &str, fallback: &str) -> String {
    if value.trim().is_empty() {
        fallback.to_string()
    } else {
        value.to_string()
    }
}

fn para(value: &str, fallback: &str) -> Block {
    Block::Paragraph(text_or(value, fallback))
}

pub(super) fn heading(number: &str, title: &str) -> Block {
    Block::Heading {
        number: number.into(),
        title: title.into(),
    }
}

pub(super) fn table(headers: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        widths: widths.to_vec(),
        rows,
    })
}

pub(super) fn section(number: &str, title: &str, annex: bool, blocks: Vec<Block>) -> Section {
    Section {
        number: number.into(),
        title: title.into(),
        annex,
        blocks,
    }
}

/// Working hours as text: "Mon–Fri 08:00–17:00; Sat 10:00–15:00".
pub fn schedule_text(schedule: &[String]) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let ranges: Vec<String> = schedule
        .iter()
        .map(|day| {
            let bits: Vec<bool> = day.chars().map(|c| c == '1').collect();
            let mut parts = Vec::new();
            let mut h = 0;
            while h < bits.len() {
                if bits[h] {
                    let from = h;
                    while h < bits.len() && bits[h] {
                        h += 1;
                    }
                    parts.push(format!("{from:02}:00–{h:02}:00"));
                } else {
                    h += 1;
                }
            }
            parts.join(", ")
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ranges.len() {
        let mut j = i;
        while j + 1 < ranges.len() && ranges[j + 1] == ranges[i] {
            j += 1;
        }
        if !ranges[i].is_empty() {
            let days = if i == j {
                DAYS[i].to_string()
            } else {
                format!("{}–{}", DAYS[i], DAYS[j])
            };
            out.push(format!("{days} {}", ranges[i]));
        }
        i = j + 1;
    }
    if out.is_empty() {
        "No working hours set".into()
    } else {
        out.join("; ")
    }
}

/// Everything an order or briefing is built from, read in one read transaction by
/// [`Document::order_snapshot`]: the events it prints, the readiness it reports and the coverage
/// it counts are one state of the file, whatever another connection writes meanwhile.
#[derive(Debug, Clone)]
pub struct OrderSnapshot<'a> {
    pub catalog: &'a Catalog,
    /// The operation, order, events, threat model, coverage and persona warnings.
    pub inputs: ReadinessInputs,
    pub personas: Vec<Persona>,
    /// Event ID → the personas taking part.
    pub links: BTreeMap<String, Vec<String>>,
    /// The storyboard's lanes by goal, persona and host: the timeline annex draws one of them,
    /// as the export chooses.
    pub goal_lanes: LaneView,
    pub persona_lanes: LaneView,
    pub host_lanes: LaneView,
    pub recommendations: Vec<crate::threat::Recommendation>,
    pub quad: crate::storyboard::QuadChart,
    /// Approval, changes since and gate decisions, for the change log.
    pub run: super::changelog::RunLog,
}

impl Document {
    /// Reads everything the order needs, in one read transaction.
    pub fn order_snapshot(&self) -> Result<OrderSnapshot<'_>> {
        // Nothing is written; dropping the transaction ends it.
        let _read = self.store().conn().unchecked_transaction()?;
        self.order_snapshot_in_read()
    }

    /// The snapshot's reads, for a caller that holds the read transaction (the after-action
    /// report reads the run in the same one).
    pub(super) fn order_snapshot_in_read(&self) -> Result<OrderSnapshot<'_>> {
        let conn = self.store().conn();
        let catalog = self.catalog();
        Ok(OrderSnapshot {
            catalog,
            inputs: ReadinessInputs::read(conn, catalog)?,
            personas: self.personas()?,
            links: self.event_personas()?,
            goal_lanes: self.lane_view(LaneGrouping::Goal)?,
            persona_lanes: self.lane_view(LaneGrouping::Persona)?,
            host_lanes: self.lane_view(LaneGrouping::Host)?,
            recommendations: self.recommendations(None)?,
            quad: self.quad_chart()?,
            run: super::changelog::RunLog {
                state: self.run_state()?,
                changes: self.plan_changes()?,
                decisions: self.gate_decisions()?,
            },
        })
    }
}

impl OrderSnapshot<'_> {
    /// The lanes of `grouping` (by goal for a grouping the annex does not offer).
    fn lanes(&self, grouping: LaneGrouping) -> &LaneView {
        match grouping {
            LaneGrouping::Persona => &self.persona_lanes,
            LaneGrouping::Host => &self.host_lanes,
            _ => &self.goal_lanes,
        }
    }
}

/// The snapshot as the section builders read it.
pub(super) struct Ctx<'a> {
    snap: &'a OrderSnapshot<'a>,
    catalog: &'a Catalog,
    pub(super) op: &'a crate::operation::Operation,
    pub(super) events: &'a [Event],
    pub(super) personas: &'a [Persona],
    persona_names: BTreeMap<String, String>,
    pub(super) order: &'a Order,
    model: &'a crate::threat::ThreatModel,
    pub(super) coverage: &'a crate::threat::Coverage,
}

/// The readiness checks and how many blockers are open, as both documents report them.
pub(super) struct ReadinessView {
    pub(super) checks: Vec<ReadinessCheck>,
    pub(super) blockers: usize,
}

impl<'a> Ctx<'a> {
    /// The section builders' view of `snap`.
    pub(super) fn of(snap: &'a OrderSnapshot<'a>) -> Ctx<'a> {
        let i = &snap.inputs;
        Ctx {
            snap,
            catalog: snap.catalog,
            op: &i.op,
            events: &i.events,
            persona_names: snap
                .personas
                .iter()
                .map(|p| (p.profile.id.clone(), p.profile.name.clone()))
                .collect(),
            personas: &snap.personas,
            order: &i.order,
            model: &i.model,
            coverage: &i.coverage,
        }
    }

    /// Whether the threat model lists `technique_id` (as given).
    pub(super) fn in_threat_model(&self, technique_id: &str) -> bool {
        self.model
            .techniques
            .iter()
            .any(|t| t.technique_id == technique_id)
    }

    pub(super) fn catalog(&self) -> &Catalog {
        self.catalog
    }
}

impl Ctx<'_> {
    /// Events per activity, by activity ID.
    pub(super) fn activity_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for e in self.events {
            *counts.entry(e.activity_id.clone()).or_default() += 1;
        }
        counts
    }

    pub(super) fn first_day(&self) -> i32 {
        self.events.iter().map(|e| e.day).min().unwrap_or(0).min(0)
    }

    pub(super) fn last_day(&self) -> i32 {
        self.events
            .iter()
            .map(|e| e.day + (e.minute + e.duration_min - 1).max(0) / 1440)
            .max()
            .unwrap_or(0)
            .max(self.first_day())
    }

    fn when(&self, e: &Event) -> String {
        let mut s = day_time(e.day, e.minute);
        s.push_str(&format!("\nfor {}", duration_text(e.duration_min)));
        if let Some(d) = date_of(self.op, e.day) {
            s.push_str(&format!("\n{}", d.format("%a %d %b")));
        }
        s
    }

    pub(super) fn activity_name(&self, id: &str) -> String {
        self.catalog
            .activity(id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }

    pub(super) fn goal_name(&self, id: &str) -> String {
        self.catalog
            .goals
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn personas_of(&self, e: &Event) -> String {
        self.snap
            .links
            .get(&e.id)
            .into_iter()
            .flatten()
            .filter_map(|p| self.persona_names.get(p).cloned())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The whole order, or the briefing, for `options`, from a snapshot; touches no store.
pub fn build(snap: &OrderSnapshot, options: ExportOptions) -> OrderContent {
    let i = &snap.inputs;
    let ctx = Ctx::of(snap);
    let checks = readiness::checks_of(i, snap.catalog);
    let readiness = ReadinessView {
        blockers: readiness::open_counts(&checks).0,
        checks,
    };
    let op = &ctx.op;
    let briefing = options.audience == Audience::Briefing;
    let mut sections = if briefing {
        super::briefing::sections(&ctx, &readiness)
    } else {
        vec![
            situation(&ctx),
            mission(&ctx),
            execution(&ctx),
            sustainment(&ctx),
            command(&ctx),
            annex_personas(&ctx),
            annex_mapping(&ctx),
            annex_quad(&ctx),
            annex_rules(&ctx, &readiness.checks),
            annex_timeline(&ctx, options.lanes),
        ]
    };
    let (number, annex) = if briefing { ("7", false) } else { ("F", true) };
    sections.extend(super::changelog::section(&snap.run, number, annex));
    let issued = issue_date(&ctx.order.opord.issued_at);
    let mut content = OrderContent {
        kind: if briefing {
            "Stakeholder briefing"
        } else {
            "Operation order"
        }
        .into(),
        operation_name: op.name.clone(),
        codename: op.codename.clone(),
        handling_marking: op.handling_marking.clone(),
        version: op.document.version.clone(),
        date: issued
            .unwrap_or_else(|| op.modified_at.get(..10).unwrap_or_default())
            .to_string(),
        date_label: if issued.is_some() {
            "issued"
        } else {
            "draft of"
        }
        .into(),
        prepared_by: op.document.prepared_by.clone(),
        approver: op.document.approver.clone(),
        approval_date: op
            .document
            .approval_date
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| "Not yet approved".into()),
        distribution: op.document.distribution.clone(),
        front_matter: if briefing {
            Vec::new()
        } else {
            front_matter(&ctx)
        },
        compact: briefing,
        sections,
    };
    if briefing {
        // Besides the secrets, what identifies the environment: usernames and hostnames.
        let accounts = ctx.personas.iter().flat_map(|p| p.accounts.iter());
        let terms: Vec<String> = accounts
            .clone()
            .map(|a| a.secret.clone())
            .chain(accounts.map(|a| a.username.clone()))
            .chain(ctx.order.hosts.iter().map(|h| h.hostname.clone()))
            .collect();
        redact(&mut content, &terms);
        for_each_string(&mut content, &mut |s: &mut String| {
            *s = super::redact::redact_addresses(s)
        });
    }
    content
}

fn situation(ctx: &Ctx) -> Section {
    let model = &ctx.model;
    let adv = &model.adversary;
    let mut blocks = vec![heading("1.a", "Adversary")];
    blocks.push(Block::Fields(vec![
        ("Adversary".into(), text_or(&adv.name, "Not named")),
        (
            "Also known as".into(),
            text_or(&adv.aliases.join(", "), "—"),
        ),
        ("Sources".into(), text_or(&adv.sources, "—")),
    ]));
    blocks.push(para(
        &adv.description,
        "No description of the adversary yet.",
    ));
    if !adv.references.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "References:\n{}",
            adv.references.join("\n")
        )));
    }
    blocks.push(heading("1.b", "Adversary techniques"));
    if model.techniques.is_empty() {
        blocks.push(Block::Paragraph(
            "The threat model lists no ATT&CK techniques.".into(),
        ));
    } else {
        let rows = model
            .techniques
            .iter()
            .map(|t| {
                vec![
                    t.technique_id.clone(),
                    t.name.clone(),
                    t.tactics.join(", "),
                    t.confidence.map_or("—", |c| c.as_str()).into(),
                    t.note.clone(),
                ]
            })
            .collect();
        blocks.push(table(
            &["Technique", "Name", "Tactics", "Confidence", "Note"],
            &[14.0, 26.0, 22.0, 12.0, 26.0],
            rows,
        ));
    }
    blocks.push(heading("1.c", "Engagement narrative"));
    blocks.push(para(&ctx.op.narrative, "No narrative yet."));
    let o = &ctx.order.opord;
    blocks.push(heading("1.d", "Friendly forces"));
    blocks.push(para(&o.friendly_forces, "Not described."));
    blocks.push(heading("1.e", "Environment"));
    blocks.push(para(&o.environment, "Not described."));
    blocks.push(heading("1.f", "Assumptions"));
    blocks.push(para(&numbered_lines(&o.assumptions), "None stated."));
    section("1", "Situation", false, blocks)
}

fn mission(ctx: &Ctx) -> Section {
    let op = &ctx.op;
    let goals: Vec<String> = op.goals.iter().map(|g| ctx.goal_name(g)).collect();
    let dates = match (&op.start_date, &op.end_date) {
        (Some(s), Some(e)) => format!("{s} to {e} ({})", op.timezone),
        (Some(s), None) => format!("from {s} ({})", op.timezone),
        _ => format!("not set ({})", op.timezone),
    };
    let mut blocks = vec![Block::Fields(vec![
        (
            "Engagement goals".into(),
            text_or(&goals.join(", "), "None chosen"),
        ),
        ("Dates".into(), dates),
    ])];
    blocks.push(para(&op.objective, "No objective statement yet."));
    if !ctx.order.success.is_empty() {
        blocks.push(heading("2.a", "Success criteria"));
        blocks.push(table(
            &["#", "Criterion", "How it is measured"],
            &[5.0, 50.0, 45.0],
            ctx.order
                .success
                .iter()
                .enumerate()
                .map(|(i, s)| vec![(i + 1).to_string(), s.criterion.clone(), s.measure.clone()])
                .collect(),
        ));
    }
    section("2", "Mission", false, blocks)
}

fn execution(ctx: &Ctx) -> Section {
    let mut blocks = vec![
        heading("3.a", "Commander's intent"),
        para(&ctx.order.opord.intent, "No commander's intent yet."),
        heading("3.b", "Concept of operations"),
    ];
    let mut used: BTreeMap<String, (usize, BTreeSet<&'static str>)> = BTreeMap::new();
    for e in ctx.events {
        let entry = used.entry(e.activity_id.clone()).or_default();
        entry.0 += 1;
        entry.1.insert(visibility_label(e.visibility));
    }
    blocks.push(Block::Paragraph(concept_text(ctx, used.len())));
    blocks.extend(phases(ctx));
    blocks.push(heading("3.c", "Storyboard timeline"));
    blocks.push(Block::Paragraph(
        "Annex E draws the storyboard as a timeline on landscape pages, one week across each \
         page, each bar labelled with its event's number in 3.d."
            .into(),
    ));
    blocks.push(heading("3.d", "Storyboard events"));
    // The event text gets most of the width: long titles and narratives are what make the
    // table long. Marking, status and personas share one narrow column.
    let rows = ctx
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let personas = ctx.personas_of(e);
            vec![
                format!("{}\n{}", event_ref(i), ctx.when(e)),
                format!("{}\n{}", e.activity_id, ctx.activity_name(&e.activity_id)),
                event_text(e),
                format!(
                    "{}\n{}\n{}{}{}",
                    visibility_label(e.visibility),
                    truth_label(e.truth),
                    status_label(e.status),
                    e.owner_role
                        .map(|r| format!("\nBy: {}", r.label()))
                        .unwrap_or_default(),
                    if personas.is_empty() {
                        String::new()
                    } else {
                        format!("\n{personas}")
                    }
                ),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            "When",
            "Activity",
            "Event",
            "Marking, status, owner, personas",
        ],
        &[12.0, 15.0, 56.0, 17.0],
        rows,
    ));
    blocks.push(heading("3.e", "Activities"));
    blocks.push(table(
        &["Activity", "Name", "Events", "Markings"],
        &[14.0, 46.0, 10.0, 30.0],
        used.iter()
            .map(|(id, (n, marks))| {
                vec![
                    id.clone(),
                    ctx.activity_name(id),
                    n.to_string(),
                    marks.iter().copied().collect::<Vec<_>>().join(", "),
                ]
            })
            .collect(),
    ));
    blocks.push(heading("3.f", "Tasks by role"));
    blocks.extend(tasks_by_role(ctx));
    blocks.push(heading(
        "3.g",
        "Coordinating instructions: gating criteria and decision points",
    ));
    if ctx.order.gating.is_empty() {
        blocks.push(Block::Paragraph("No gating criteria are set.".into()));
    } else {
        blocks.push(table(
            &[
                "#",
                "Condition",
                "Action",
                "Decision point",
                "Decides",
                "Detected by",
            ],
            &[5.0, 31.0, 10.0, 17.0, 14.0, 23.0],
            ctx.order
                .gating
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    vec![
                        (i + 1).to_string(),
                        g.condition.clone(),
                        g.action.label().into(),
                        decision_point(ctx, g),
                        g.decided_by.clone(),
                        g.detection.clone(),
                    ]
                })
                .collect(),
        ));
    }
    blocks.push(heading("3.h", "Information requirements"));
    blocks.push(numbered_list(
        &ctx.order.opord.information_requirements,
        "No information requirements are listed.",
    ));
    blocks.push(heading("3.i", "Risk assessment"));
    blocks.push(risk_table(ctx));
    section("3", "Execution", false, blocks)
}

/// What the storyboard holds, counted from the events the order prints.
fn concept_text(ctx: &Ctx, activities: usize) -> String {
    let count = |f: &dyn Fn(&Event) -> bool| ctx.events.iter().filter(|e| f(e)).count();
    let revealed = count(&|e| e.visibility == Some(Visibility::Revealed));
    let concealed = count(&|e| e.visibility == Some(Visibility::Concealed));
    let fact = count(&|e| e.truth == Some(crate::storyboard::Truth::Fact));
    let fiction = count(&|e| e.truth == Some(crate::storyboard::Truth::Fiction));
    let n = ctx.events.len();
    let mut text = format!(
        "The storyboard holds {n} events using {activities} Engage activities over {} to {}. \
         {revealed} are revealed to the adversary and {concealed} concealed from it; {fact} are \
         fact and {fiction} fiction.",
        day_label(ctx.events.iter().map(|e| e.day).min().unwrap_or(0)),
        day_label(ctx.events.iter().map(|e| e.day).max().unwrap_or(0)),
    );
    let unmarked = count(&|e| e.visibility.is_none() || e.truth.is_none());
    if unmarked > 0 {
        text.push_str(&format!(
            " {unmarked} are not yet fully marked (Annex D lists them)."
        ));
    }
    text
}

/// "45 min", "2 h", "1 d 3 h 30 min".
fn duration_text(minutes: i32) -> String {
    let m = minutes.max(0);
    let parts: Vec<String> = [(m / 1440, "d"), (m % 1440 / 60, "h"), (m % 60, "min")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 min".into()
    } else {
        parts.join(" ")
    }
}

/// An event in the events table: its title, its narrative, and where it happens, what it
/// answers and how it is seen, each only when set.
fn event_text(e: &Event) -> String {
    let mut lines = vec![e.title.clone()];
    if !e.narrative.is_empty() {
        lines.push(e.narrative.clone());
    }
    let mut facts = Vec::new();
    if !e.host.trim().is_empty() {
        facts.push(format!("Host: {}.", e.host));
    }
    if !e.technique_ids.is_empty() {
        facts.push(format!("Techniques: {}.", e.technique_ids.join(", ")));
    }
    if !e.collection_point.trim().is_empty() {
        facts.push(format!("Observed by: {}.", e.collection_point));
    }
    if !facts.is_empty() {
        lines.push(facts.join(" "));
    }
    lines.join("\n")
}

/// An event's reference in the order: its number in the events table (3.d), as the timeline
/// labels its bar.
pub(super) fn event_ref(index: usize) -> String {
    format!("E{}", index + 1)
}

/// Annex E: the storyboard as a timeline, in lanes grouped by `lanes` (goal when the grouping
/// is not one the annex offers).
fn annex_timeline(ctx: &Ctx, lanes: LaneGrouping) -> Section {
    let lanes = match lanes {
        LaneGrouping::Persona | LaneGrouping::Host => lanes,
        _ => LaneGrouping::Goal,
    };
    section(
        "E",
        "Storyboard timeline",
        true,
        vec![Block::Timeline(timeline(ctx, lanes))],
    )
}

pub(super) fn timeline(ctx: &Ctx, grouping: LaneGrouping) -> TimelineFigure {
    let view = ctx.snap.lanes(grouping);
    let (first, last, end_day) = timeline_span(ctx);
    // Whole weeks, D+7k to D+7k+6: the annex draws one week across each page.
    let (first, last) = (first.div_euclid(7) * 7, last.div_euclid(7) * 7 + 6);
    let day_labels = (first..=last)
        .map(|d| match date_of(ctx.op, d) {
            Some(date) => format!("{}\n{}", day_label(d), date.format("%a %d %b")),
            None => day_label(d),
        })
        .collect();
    let lanes = view
        .lanes
        .iter()
        .map(|lane| TimelineLane {
            name: lane.label.clone(),
            bars: ctx
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| view.event_lanes.get(&e.id) == Some(&lane.key))
                .map(|(i, e)| timeline_bar(i, e))
                .collect(),
        })
        .collect();
    // Numbered as 3.g lists them, so a marker names the criterion.
    let decision_points = ctx
        .order
        .gating
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let day = g.decision_day?;
            Some((day, format!("Gate {} ({})", i + 1, g.action.as_str())))
        })
        .collect();
    TimelineFigure {
        decision_points,
        first_day: first,
        last_day: last,
        day_labels,
        lanes_by: match grouping {
            LaneGrouping::Persona => "persona",
            LaneGrouping::Host => "host",
            _ => "goal",
        }
        .into(),
        end_day,
        lanes,
    }
}

/// The first and last day the timeline shows (D+0 and the end date always among them), and the
/// operation's last day when its start and end dates are set.
fn timeline_span(ctx: &Ctx) -> (i32, i32, Option<i32>) {
    let end_day = match (date_of(ctx.op, 0), ctx.op.end_date.as_deref()) {
        (Some(s), Some(end)) => chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d")
            .ok()
            .map(|end| (end - s).num_days() as i32),
        _ => None,
    };
    let first = ctx.first_day().min(end_day.unwrap_or(0));
    let last = ctx.last_day().max(end_day.unwrap_or(0)).max(first);
    (first, last, end_day)
}

pub(super) fn timeline_bar(index: usize, e: &Event) -> TimelineBar {
    let start = i64::from(e.day) * 1440 + i64::from(e.minute);
    TimelineBar {
        start_min: start,
        end_min: start + i64::from(e.duration_min),
        // The event's number in 3.d tells two bars of one activity apart.
        label: format!("{} {}", event_ref(index), e.title),
        marking: match e.visibility {
            Some(Visibility::Revealed) => BarMarking::Revealed,
            Some(Visibility::Concealed) => BarMarking::Concealed,
            None => BarMarking::Unmarked,
        },
        truth: match e.truth {
            Some(Truth::Fact) => BarTruth::Fact,
            Some(Truth::Fiction) => BarTruth::Fiction,
            None => BarTruth::Unmarked,
        },
        gate: e.activity_id == GATING_ACTIVITY,
    }
}

fn sustainment(ctx: &Ctx) -> Section {
    let t = &ctx.order.texts;
    let mut blocks = vec![Block::Fields(vec![
        (
            "Collection system".into(),
            text_or(&t.collection_system, "Not described"),
        ),
        (
            "Analysis system".into(),
            text_or(&t.analysis_system, "Not described"),
        ),
    ])];
    blocks.push(heading("4.a", "Engagement environment"));
    if ctx.order.hosts.is_empty() {
        blocks.push(Block::Paragraph("No hosts are listed.".into()));
    } else {
        let accounts: BTreeMap<&str, (&Persona, &crate::persona::Account)> = ctx
            .personas
            .iter()
            .flat_map(|p| p.accounts.iter().map(move |a| (a.id.as_str(), (p, a))))
            .collect();
        let rows = ctx
            .order
            .hosts
            .iter()
            .map(|h| {
                let names: Vec<String> = h
                    .account_ids
                    .iter()
                    .filter_map(|id| accounts.get(id.as_str()))
                    .map(|(p, a)| format!("{} ({})", a.username, p.profile.name))
                    .collect();
                vec![
                    h.hostname.clone(),
                    h.os.clone(),
                    if h.notes.is_empty() {
                        h.purpose.clone()
                    } else {
                        format!("{}\n{}", h.purpose, h.notes)
                    },
                    names.join("\n"),
                ]
            })
            .collect();
        blocks.push(table(
            &["Host", "Operating system", "Purpose", "Accounts"],
            &[18.0, 20.0, 37.0, 25.0],
            rows,
        ));
    }
    blocks.push(heading("4.b", "Logistics"));
    blocks.push(para(&t.sustainment, "No sustainment notes."));
    section("4", "Sustainment", false, blocks)
}

fn command(ctx: &Ctx) -> Section {
    let rows = ctx
        .order
        .roles
        .iter()
        .filter(|r| r.needed)
        .map(|r| {
            vec![
                r.role.label().into(),
                text_or(&r.contact, "— none —"),
                r.details.clone(),
                r.notes.clone(),
            ]
        })
        .collect();
    let o = &ctx.order.opord;
    let blocks = vec![
        heading("5.a", "Task organisation"),
        table(
            &["Role", "Point of contact", "Contact details", "Notes"],
            &[22.0, 22.0, 28.0, 28.0],
            rows,
        ),
        heading("5.b", "Signal"),
        Block::Fields(vec![
            (
                "How alerts reach the team".into(),
                text_or(&ctx.order.texts.alerting, "Not described"),
            ),
            ("Primary".into(), text_or(&o.pace_primary, "Not set")),
            ("Alternate".into(), text_or(&o.pace_alternate, "Not set")),
            (
                "Contingency".into(),
                text_or(&o.pace_contingency, "Not set"),
            ),
            ("Emergency".into(), text_or(&o.pace_emergency, "Not set")),
        ]),
        heading("5.c", "Code words"),
        Block::Fields(vec![
            ("Pause".into(), text_or(&o.code_pause, "Not set")),
            ("Stop".into(), text_or(&o.code_stop, "Not set")),
            ("Resume".into(), text_or(&o.code_resume, "Not set")),
        ]),
        heading("5.d", "Reporting schedule"),
        para(
            &numbered_lines(&o.reporting_schedule),
            "No reporting schedule yet.",
        ),
        heading("5.e", "Acknowledgement and signature"),
        Block::Paragraph(acknowledgements(ctx)),
        Block::Fields(signature(ctx)),
    ];
    section("5", "Command and signal", false, blocks)
}

fn annex_personas(ctx: &Ctx) -> Section {
    let mut blocks = Vec::new();
    if ctx.personas.is_empty() {
        blocks.push(Block::Paragraph("The operation has no personas.".into()));
    }
    for (i, p) in ctx.personas.iter().enumerate() {
        let f = &p.profile;
        blocks.push(heading(&format!("A.{}", i + 1), &f.name));
        let mut fields = vec![
            ("Role".into(), f.role.clone()),
            ("Area".into(), f.area.clone()),
            (
                "Date of birth".into(),
                f.date_of_birth.clone().unwrap_or_default(),
            ),
            (
                "In role since".into(),
                f.start_date.clone().unwrap_or_default(),
            ),
            (
                "Working hours".into(),
                format!("{} ({})", schedule_text(&f.schedule), f.timezone),
            ),
            ("Sleep".into(), f.sleep.clone()),
            ("Interests".into(), f.interests.clone()),
            // One per line in the worksheet; a list reads better in a field.
            (
                "Websites".into(),
                f.websites
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("Habits".into(), f.habits.clone()),
            ("Goals".into(), f.goals.clone()),
            ("Critical tasks".into(), f.critical_tasks.clone()),
        ];
        fields.retain(|(_, v)| !v.trim().is_empty());
        blocks.push(Block::Fields(fields));
        if !f.background.trim().is_empty() {
            blocks.push(Block::Paragraph(f.background.clone()));
        }
        let accounts: Vec<Vec<String>> = p
            .accounts
            .iter()
            .map(|a| {
                vec![
                    a.system.clone(),
                    a.username.clone(),
                    match a.secret_kind {
                        crate::persona::SecretKind::Password => "Password".into(),
                        crate::persona::SecretKind::Honeytoken => "Honeytoken".into(),
                    },
                    a.secret.clone(),
                    visibility_label(a.visibility).into(),
                    a.notes.clone(),
                ]
            })
            .collect();
        if !accounts.is_empty() {
            blocks.push(table(
                &["System", "Username", "Kind", "Secret", "Marking", "Notes"],
                &[18.0, 15.0, 13.0, 18.0, 12.0, 24.0],
                accounts,
            ));
        }
    }
    section("A", "Personas", true, blocks)
}

fn annex_mapping(ctx: &Ctx) -> Section {
    let (model, coverage) = (ctx.model, ctx.coverage);
    let recommendations = &ctx.snap.recommendations;
    let mut blocks = vec![Block::Paragraph(format!(
        "{} of the adversary's {} techniques are engaged by storyboard events. For each \
         technique: the Engage activities the mapping offers (through the adversary \
         vulnerabilities it exposes) and the activities on the storyboard that engage it.",
        coverage.engaged, coverage.total
    ))];
    let rows = model
        .techniques
        .iter()
        .map(|t| {
            let mut offered: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for r in recommendations {
                for reason in &r.reasons {
                    if reason.adversary_technique_ids.contains(&t.technique_id) {
                        offered
                            .entry(r.activity_id.clone())
                            .or_default()
                            .insert(reason.vulnerability_id.clone());
                    }
                }
            }
            let offered: Vec<String> = offered
                .iter()
                .map(|(a, v)| {
                    format!(
                        "{a} {} ({})",
                        ctx.activity_name(a),
                        v.iter().cloned().collect::<Vec<_>>().join(", ")
                    )
                })
                .collect();
            let engaged = coverage
                .techniques
                .iter()
                .find(|c| c.technique_id == t.technique_id)
                .map(|c| {
                    c.events
                        .iter()
                        .filter(|e| ctx.events.iter().any(|x| x.id == e.event_id))
                        .map(|e| format!("{} {}", e.activity_id, e.title))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            vec![
                format!("{}\n{}", t.technique_id, t.name),
                text_or(&offered.join("\n"), "—"),
                text_or(&engaged.join("\n"), "Not engaged"),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            "Technique",
            "Engage activities (vulnerabilities)",
            "Engaged by",
        ],
        &[22.0, 45.0, 33.0],
        rows,
    ));
    section("B", "ATT&CK to Engage mapping", true, blocks)
}

fn annex_quad(ctx: &Ctx) -> Section {
    let chart = &ctx.snap.quad;
    let numbers: BTreeMap<&str, usize> = ctx
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let labels = |items: &[crate::storyboard::QuadItem]| -> Vec<String> {
        items.iter().map(|i| quad_label(i, &numbers)).collect()
    };
    let blocks = vec![
        Block::Paragraph(
            "Every event and supporting item by what the adversary may see (revealed or \
             concealed) and whether it is true (fact or fiction). Events go by their number in \
             3.d; a title longer than a line is named by its first words and printed in full \
             there. Supporting items are printed in full."
                .into(),
        ),
        Block::Quad(QuadFigure {
            revealed_fact: labels(&chart.revealed_fact),
            revealed_fiction: labels(&chart.revealed_fiction),
            concealed_fact: labels(&chart.concealed_fact),
            concealed_fiction: labels(&chart.concealed_fiction),
            unmarked: labels(&chart.unmarked),
        }),
    ];
    section("C", "Quad chart", true, blocks)
}

/// A quad chart entry: an event as "E12 <title> (activity)", its title named by its first
/// words when long (3.d prints it whole, and the entry says so); a supporting item whole, since
/// the order prints it nowhere else.
fn quad_label(item: &crate::storyboard::QuadItem, numbers: &BTreeMap<&str, usize>) -> String {
    const TITLE_CHARS: usize = 80;
    let (Some(activity), Some(&n)) = (&item.activity_id, numbers.get(item.id.as_str())) else {
        return item.label.clone();
    };
    let title = if item.label.chars().count() <= TITLE_CHARS {
        item.label.clone()
    } else {
        let head: String = item.label.chars().take(TITLE_CHARS).collect();
        let head = match head.rfind(char::is_whitespace) {
            Some(cut) if cut > 0 => head[..cut].trim_end().to_string(),
            _ => head,
        };
        format!("{head} [title in full in 3.d]")
    };
    format!("{} {title} ({activity})", event_ref(n))
}

fn annex_rules(ctx: &Ctx, checks: &[ReadinessCheck]) -> Section {
    let t = &ctx.order.texts;
    let (blockers, warnings) = readiness::open_counts(checks);
    let blocks = vec![
        heading("D.1", "Rules of engagement"),
        para(
            &numbered_lines(&t.rules_of_engagement),
            "No rules of engagement yet.",
        ),
        heading("D.2", "OPSEC"),
        para(&numbered_lines(&t.opsec), "No OPSEC rules yet."),
        heading("D.3", "Readiness"),
        Block::Paragraph(readiness_sentence(checks, blockers, warnings)),
        Block::Checklist(
            checks
                .iter()
                .map(|c| CheckLine {
                    passed: c.passed,
                    severity: if c.passed {
                        "passed".into()
                    } else if !c.applicable {
                        "not applicable".into()
                    } else {
                        c.severity.label().into()
                    },
                    title: c.title.clone(),
                    details: c.items.iter().map(|i| i.message.clone()).collect(),
                })
                .collect(),
        ),
    ];
    section("D", "Rules of engagement and readiness", true, blocks)
}

/// "7 of 10 checks pass; 1 blocking and 1 other checks are open; 1 does not apply."
fn readiness_sentence(checks: &[ReadinessCheck], blockers: usize, warnings: usize) -> String {
    let moot = checks.iter().filter(|c| !c.applicable).count();
    let mut text = format!(
        "{} of {} checks pass; {blockers} blocking and {warnings} other checks are open",
        checks.iter().filter(|c| c.passed).count(),
        checks.len()
    );
    match moot {
        0 => {}
        1 => text.push_str("; 1 does not apply"),
        n => text.push_str(&format!("; {n} do not apply")),
    }
    text.push('.');
    text
}

/// The cover's front matter: what identifies this order and how to read its times.
fn front_matter(ctx: &Ctx) -> Vec<(String, String)> {
    let o = &ctx.order.opord;
    let copy = if o.copy_number > 0 && o.copies > 0 {
        format!("Copy {} of {}", o.copy_number, o.copies)
    } else if o.copy_number > 0 {
        format!("Copy {}", o.copy_number)
    } else {
        "Not numbered".into()
    };
    let references = o
        .references
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{}. {}", i + 1, r.text))
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        (
            "Order number".into(),
            text_or(&o.order_number, "Not numbered"),
        ),
        ("Copy".into(), copy),
        ("Issued by".into(), text_or(&o.issuing_org, "Not named")),
        (
            "Place of issue".into(),
            text_or(&o.place_of_issue, "Not named"),
        ),
        ("Date-time group".into(), date_time_group(ctx)),
        (
            "Time zone".into(),
            format!("{}, used for every time in this order", ctx.op.timezone),
        ),
        ("References".into(), text_or(&references, "None")),
        (
            "Task organisation".into(),
            "Paragraph 5.a; tasks by role in 3.f".into(),
        ),
    ]
}

/// The day of a time of issue ("YYYY-MM-DDTHH:MM" in the operation's zone), if it is one.
fn issue_date(issued_at: &str) -> Option<&str> {
    chrono::NaiveDateTime::parse_from_str(issued_at, "%Y-%m-%dT%H:%M").ok()?;
    issued_at.get(..10)
}

/// The date-time group of issue, "041500Z DEC 26", from the local time of issue in the
/// operation's zone, with that local time beside it.
fn date_time_group(ctx: &Ctx) -> String {
    let issued = &ctx.order.opord.issued_at;
    let Ok(local) = chrono::NaiveDateTime::parse_from_str(issued, "%Y-%m-%dT%H:%M") else {
        return "Not yet issued".into();
    };
    let zone: chrono_tz::Tz = ctx.op.timezone.parse().unwrap_or(chrono_tz::UTC);
    let utc = crate::storyboard::time::local_to_utc(zone, local);
    format!(
        "{} (issued {} {}, {})",
        utc.format("%d%H%MZ %b %y").to_string().to_uppercase(),
        local.format("%Y-%m-%d"),
        local.format("%H:%M"),
        ctx.op.timezone
    )
}

/// Each non-empty line of `text` numbered: "1. …\n2. …".
fn numbered_lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| format!("{}. {l}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

fn numbered_list(items: &[super::ListItem], empty: &str) -> Block {
    let lines: Vec<String> = items
        .iter()
        .filter(|i| !i.text.trim().is_empty())
        .enumerate()
        .map(|(n, i)| format!("{}. {}", n + 1, i.text))
        .collect();
    para(&lines.join("\n"), empty)
}

/// "D+3 to D+5", or one day.
fn day_span(from: i32, to: i32) -> String {
    if from == to {
        day_label(from)
    } else {
        format!("{} to {}", day_label(from), day_label(to))
    }
}

/// The phased concept: one row per phase, with the events that fall in it.
fn phases(ctx: &Ctx) -> Vec<Block> {
    let phases = &ctx.order.opord.phases;
    if phases.is_empty() {
        return vec![Block::Paragraph(
            "The concept is not divided into phases.".into(),
        )];
    }
    let rows = phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut when = day_span(p.start_day, p.end_day);
            if let (Some(a), Some(b)) = (date_of(ctx.op, p.start_day), date_of(ctx.op, p.end_day)) {
                when.push_str(&format!("\n{} – {}", a.format("%d %b"), b.format("%d %b")));
            }
            let events = ctx
                .events
                .iter()
                .filter(|e| (p.start_day..=p.end_day).contains(&e.day))
                .count();
            vec![
                format!("{}. {}", i + 1, text_or(&p.name, "Unnamed phase")),
                when,
                p.purpose.clone(),
                events.to_string(),
            ]
        })
        .collect();
    vec![table(
        &["Phase", "Days", "Purpose", "Events"],
        &[20.0, 18.0, 52.0, 10.0],
        rows,
    )]
}

/// Who does what, when: the events each role owns, by phase when the concept has a few; then
/// the events no role owns yet, by reference (their titles are in 3.d).
fn tasks_by_role(ctx: &Ctx) -> Vec<Block> {
    let unowned: Vec<usize> = ctx
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.owner_role.is_none())
        .map(|(i, _)| i)
        .collect();
    let mut blocks = vec![role_matrix(ctx)];
    if !unowned.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "Not yet given to a role: {}.",
            event_ranges(&unowned)
        )));
    }
    blocks
}

/// Event references with runs shortened to their ends: "E1–E4, E7, E9–E10" (every event
/// of a run is named by the range, nothing is left out).
fn event_ranges(indices: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < indices.len() {
        let mut j = i;
        while j + 1 < indices.len() && indices[j + 1] == indices[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            event_ref(indices[i])
        } else {
            format!("{}–{}", event_ref(indices[i]), event_ref(indices[j]))
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn role_matrix(ctx: &Ctx) -> Block {
    let phases = &ctx.order.opord.phases;
    let by_phase = (1..=4).contains(&phases.len());
    // Columns: each phase, then the events outside every phase (only when there are some).
    let column_of = |day: i32| -> usize {
        phases
            .iter()
            .position(|p| (p.start_day..=p.end_day).contains(&day))
            .unwrap_or(phases.len())
    };
    let columns = if by_phase { phases.len() + 1 } else { 1 };
    let mut rows: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for role in super::Role::ALL {
        let mut cells = vec![Vec::new(); columns];
        for (i, e) in ctx.events.iter().enumerate() {
            if e.owner_role != Some(role) {
                continue;
            }
            let col = if by_phase { column_of(e.day) } else { 0 };
            cells[col].push(format!(
                "{} {} {}",
                event_ref(i),
                day_time(e.day, e.minute),
                e.title
            ));
        }
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((role.label().to_string(), cells));
        }
    }
    if rows.is_empty() {
        return Block::Paragraph("No event is given to a role yet.".into());
    }
    let outside = by_phase && rows.iter().any(|(_, c)| !c[phases.len()].is_empty());
    let mut headers = vec!["Role".to_string()];
    if by_phase {
        headers.extend(phases.iter().enumerate().map(|(i, p)| {
            format!(
                "{}. {}\n{}",
                i + 1,
                text_or(&p.name, "Unnamed phase"),
                day_span(p.start_day, p.end_day)
            )
        }));
        if outside {
            headers.push("Outside the phases".into());
        }
    } else {
        headers.push("Tasks (event, when, title)".into());
    }
    let shown = headers.len() - 1;
    let rows = rows
        .into_iter()
        .map(|(name, cells)| {
            std::iter::once(name)
                .chain(
                    cells
                        .into_iter()
                        .take(shown)
                        .map(|c| text_or(&c.join("\n"), "—")),
                )
                .collect()
        })
        .collect();
    let share = 84.0 / shown as f32;
    let mut widths = vec![16.0];
    widths.extend(std::iter::repeat_n(share, shown));
    Block::Table(Table {
        headers,
        widths,
        rows,
    })
}

/// Where a gate is decided: on a day, at the end of a phase, or whenever it is met.
pub(super) fn decision_point(ctx: &Ctx, g: &super::GatingCriterion) -> String {
    if let Some(day) = g.decision_day {
        return match date_of(ctx.op, day) {
            Some(d) => format!("{}\n{}", day_label(day), d.format("%a %d %b")),
            None => day_label(day),
        };
    }
    let phase = g
        .phase_id
        .as_ref()
        .and_then(|id| ctx.order.opord.phases.iter().find(|p| &p.id == id));
    match phase {
        Some(p) => format!(
            "During {}\n({})",
            text_or(&p.name, "an unnamed phase"),
            day_span(p.start_day, p.end_day)
        ),
        None => "Whenever met".into(),
    }
}

pub(super) fn risk_table(ctx: &Ctx) -> Block {
    let risks = &ctx.order.opord.risks;
    if risks.is_empty() {
        return Block::Paragraph("No risks are assessed yet.".into());
    }
    table(
        &["#", "Risk", "Likelihood", "Impact", "Mitigation", "Owner"],
        &[5.0, 28.0, 11.0, 10.0, 32.0, 14.0],
        risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.risk.clone(),
                    r.likelihood.label().into(),
                    r.impact.label().into(),
                    r.mitigation.clone(),
                    r.owner.clone(),
                ]
            })
            .collect(),
    )
}

/// "Acknowledge: …" for every role the operation needs.
fn acknowledgements(ctx: &Ctx) -> String {
    let lines: Vec<String> = ctx
        .order
        .roles
        .iter()
        .filter(|r| r.needed)
        .map(|r| {
            let who = if r.contact.trim().is_empty() {
                String::new()
            } else {
                format!(", {}", r.contact)
            };
            format!(
                "Acknowledge: {}{who} — signature ____________  date ________",
                r.role.label()
            )
        })
        .collect();
    if lines.is_empty() {
        "No role is marked as needed, so no acknowledgement is asked for.".into()
    } else {
        lines.join("\n")
    }
}

fn signature(ctx: &Ctx) -> Vec<(String, String)> {
    let o = &ctx.order.opord;
    vec![
        ("Commander".into(), text_or(&o.commander_name, "Not named")),
        ("Role".into(), text_or(&o.commander_role, "Not named")),
        ("Signature".into(), "________________________".into()),
        ("Approved".into(), approval_line(ctx.op)),
    ]
}

/// The approval line: by whom and when, or plainly that it is not approved yet.
fn approval_line(op: &crate::operation::Operation) -> String {
    match op.document.approval_date.as_deref().map(str::trim) {
        Some(date) if !date.is_empty() => {
            format!("{} on {date}", text_or(&op.document.approver, "Approver"))
        }
        _ => "Not yet approved".into(),
    }
}

/// Replaces every secret, however it was pasted, in every string of the document; each string
/// becomes the text the layout draws (see [`super::redact`]).
pub fn redact(content: &mut OrderContent, secrets: &[String]) {
    let redactor = Redactor::new(secrets.iter().map(String::as_str));
    for_each_string(content, &mut |s: &mut String| *s = redactor.redact(s));
}

/// Calls `f` on every string the document holds.
pub fn for_each_string(content: &mut OrderContent, f: &mut dyn FnMut(&mut String)) {
    for s in [
        &mut content.kind,
        &mut content.operation_name,
        &mut content.codename,
        &mut content.handling_marking,
        &mut content.version,
        &mut content.date,
        &mut content.date_label,
        &mut content.prepared_by,
        &mut content.approver,
        &mut content.approval_date,
    ] {
        f(s);
    }
    content.distribution.iter_mut().for_each(&mut *f);
    for (label, value) in &mut content.front_matter {
        f(label);
        f(value);
    }
    for section in &mut content.sections {
        f(&mut section.number);
        f(&mut section.title);
        for block in &mut section.blocks {
            match block {
                Block::Heading { number, title } => {
                    f(number);
                    f(title);
                }
                Block::Paragraph(text) => f(text),
                Block::Fields(fields) => {
                    for (label, value) in fields {
                        f(label);
                        f(value);
                    }
                }
                Block::Table(t) => {
                    t.headers.iter_mut().for_each(&mut *f);
                    t.rows.iter_mut().flatten().for_each(&mut *f);
                }
                Block::Timeline(t) => {
                    t.day_labels.iter_mut().for_each(&mut *f);
                    for lane in &mut t.lanes {
                        f(&mut lane.name);
                        lane.bars.iter_mut().for_each(|b| f(&mut b.label));
                    }
                }
                Block::Quad(q) => {
                    for list in [
                        &mut q.revealed_fact,
                        &mut q.revealed_fiction,
                        &mut q.concealed_fact,
                        &mut q.concealed_fiction,
                        &mut q.unmarked,
                    ] {
                        list.iter_mut().for_each(&mut *f);
                    }
                }
                Block::Checklist(lines) => {
                    for line in lines {
                        f(&mut line.severity);
                        f(&mut line.title);
                        line.details.iter_mut().for_each(&mut *f);
                    }
                }
            }
        }
    }
}
