//! Fills the order's document model from an operation.
//!
//! The stakeholder briefing is built by allow-list in [`super::briefing`]; then every known
//! secret, username and hostname is removed by one pass over every string in it ([`redact`]), so
//! one pasted into an allowed field goes too.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::content::*;
use super::readiness::{self, ReadinessCheck};
use super::{date_of, day_label, day_time, status_label, truth_label, visibility_label, Order};
use crate::catalog::Catalog;
use crate::document::Document;
use crate::error::Result;
use crate::persona::Persona;
use crate::storyboard::{Event, LaneGrouping, Truth, Visibility};

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

fn text_or(value: &str, fallback: &str) -> String {
    if value.trim().is_empty() {
        fallback.to_string()
    } else {
        value.to_string()
    }
}

fn para(value: &str, fallback: &str) -> Block {
    Block::Paragraph(text_or(value, fallback))
}

fn heading(number: &str, title: &str) -> Block {
    Block::Heading {
        number: number.into(),
        title: title.into(),
    }
}

fn table(headers: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        widths: widths.to_vec(),
        rows,
    })
}

fn section(number: &str, title: &str, annex: bool, blocks: Vec<Block>) -> Section {
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

/// Everything the document is built from, read once.
pub(super) struct Ctx<'a> {
    doc: &'a Document,
    catalog: &'a Catalog,
    pub(super) op: crate::operation::Operation,
    pub(super) events: Vec<Event>,
    pub(super) personas: Vec<Persona>,
    persona_names: BTreeMap<String, String>,
    links: BTreeMap<String, Vec<String>>,
    pub(super) order: Order,
    model: crate::threat::ThreatModel,
    pub(super) coverage: crate::threat::Coverage,
}

/// The readiness checks and how many blockers are open, as both documents report them.
pub(super) struct ReadinessView {
    pub(super) checks: Vec<ReadinessCheck>,
    pub(super) blockers: usize,
}

impl Ctx<'_> {
    /// Events per activity, by activity ID.
    pub(super) fn activity_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.events {
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
        if let Some(d) = date_of(&self.op, e.day) {
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
        self.links
            .get(&e.id)
            .into_iter()
            .flatten()
            .filter_map(|p| self.persona_names.get(p).cloned())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The whole order, or the briefing, for `options`.
pub fn build(doc: &Document, catalog: &Catalog, options: ExportOptions) -> Result<OrderContent> {
    let conn = doc.store().conn();
    // One read transaction: every part of the document sees the same state of the file, even if
    // another connection writes meanwhile. Nothing is written; dropping it ends it.
    let _snapshot = conn.unchecked_transaction()?;
    let personas = doc.personas()?;
    let ctx = Ctx {
        doc,
        catalog,
        op: doc.operation()?,
        events: doc.storyboard_data()?.events,
        persona_names: personas
            .iter()
            .map(|p| (p.profile.id.clone(), p.profile.name.clone()))
            .collect(),
        personas,
        links: doc.event_personas()?,
        order: super::load(conn)?,
        model: doc.threat_model()?,
        coverage: doc.coverage()?,
    };
    let checks = readiness::checks(conn, catalog)?;
    let readiness = ReadinessView {
        blockers: readiness::open_counts(&checks).0,
        checks,
    };
    let op = &ctx.op;
    let briefing = options.audience == Audience::Briefing;
    let sections = if briefing {
        super::briefing::sections(&ctx, &readiness)
    } else {
        vec![
            situation(&ctx),
            mission(&ctx),
            execution(&ctx),
            sustainment(&ctx),
            command(&ctx),
            annex_personas(&ctx),
            annex_mapping(&ctx)?,
            annex_quad(&ctx)?,
            annex_rules(&ctx, &readiness.checks),
            annex_timeline(&ctx, options.lanes)?,
        ]
    };
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
        date: op.modified_at.get(..10).unwrap_or_default().to_string(),
        prepared_by: op.document.prepared_by.clone(),
        approver: op.document.approver.clone(),
        approval_date: op.document.approval_date.clone().unwrap_or_default(),
        distribution: op.document.distribution.clone(),
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
    Ok(content)
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
    let mut blocks = vec![heading("3.a", "Concept of operations")];
    let mut used: BTreeMap<String, (usize, BTreeSet<&'static str>)> = BTreeMap::new();
    for e in &ctx.events {
        let entry = used.entry(e.activity_id.clone()).or_default();
        entry.0 += 1;
        entry.1.insert(visibility_label(e.visibility));
    }
    blocks.push(Block::Paragraph(concept_text(ctx, used.len())));
    blocks.push(heading("3.b", "Storyboard timeline"));
    blocks.push(Block::Paragraph(
        "Annex E draws the storyboard as a timeline on landscape pages, one week across each \
         page, each bar labelled with its event's number in 3.c."
            .into(),
    ));
    blocks.push(heading("3.c", "Storyboard events"));
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
                    "{}\n{}\n{}{}",
                    visibility_label(e.visibility),
                    truth_label(e.truth),
                    status_label(e.status),
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
        &["When", "Activity", "Event", "Marking, status, personas"],
        &[12.0, 15.0, 56.0, 17.0],
        rows,
    ));
    blocks.push(heading("3.d", "Activities"));
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
    blocks.push(heading("3.e", "Coordinating instructions: gating criteria"));
    if ctx.order.gating.is_empty() {
        blocks.push(Block::Paragraph("No gating criteria are set.".into()));
    } else {
        blocks.push(table(
            &["#", "Condition", "Action", "Decides", "Detected by"],
            &[5.0, 38.0, 11.0, 16.0, 30.0],
            ctx.order
                .gating
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    vec![
                        (i + 1).to_string(),
                        g.condition.clone(),
                        g.action.label().into(),
                        g.decided_by.clone(),
                        g.detection.clone(),
                    ]
                })
                .collect(),
        ));
    }
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

/// An event's reference in the order: its number in the events table (3.c), as the timeline
/// labels its bar.
fn event_ref(index: usize) -> String {
    format!("E{}", index + 1)
}

/// Annex E: the storyboard as a timeline, in lanes grouped by `lanes` (goal when the grouping
/// is not one the annex offers).
fn annex_timeline(ctx: &Ctx, lanes: LaneGrouping) -> Result<Section> {
    let lanes = match lanes {
        LaneGrouping::Persona | LaneGrouping::Host => lanes,
        _ => LaneGrouping::Goal,
    };
    Ok(section(
        "E",
        "Storyboard timeline",
        true,
        vec![Block::Timeline(timeline(ctx, lanes)?)],
    ))
}

fn timeline(ctx: &Ctx, grouping: LaneGrouping) -> Result<TimelineFigure> {
    let view = ctx.doc.lane_view(grouping)?;
    let (first, last, end_day) = timeline_span(ctx);
    // Whole weeks, D+7k to D+7k+6: the annex draws one week across each page.
    let (first, last) = (first.div_euclid(7) * 7, last.div_euclid(7) * 7 + 6);
    let day_labels = (first..=last)
        .map(|d| match date_of(&ctx.op, d) {
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
    Ok(TimelineFigure {
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
    })
}

/// The first and last day the timeline shows (D+0 and the end date always among them), and the
/// operation's last day when its start and end dates are set.
fn timeline_span(ctx: &Ctx) -> (i32, i32, Option<i32>) {
    let end_day = match (date_of(&ctx.op, 0), ctx.op.end_date.as_deref()) {
        (Some(s), Some(end)) => chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d")
            .ok()
            .map(|end| (end - s).num_days() as i32),
        _ => None,
    };
    let first = ctx.first_day().min(end_day.unwrap_or(0));
    let last = ctx.last_day().max(end_day.unwrap_or(0)).max(first);
    (first, last, end_day)
}

fn timeline_bar(index: usize, e: &Event) -> TimelineBar {
    let start = i64::from(e.day) * 1440 + i64::from(e.minute);
    TimelineBar {
        start_min: start,
        end_min: start + i64::from(e.duration_min),
        // The event's number in 3.c tells two bars of one activity apart.
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
    let blocks = vec![
        heading("5.a", "Roles"),
        table(
            &["Role", "Point of contact", "Contact details", "Notes"],
            &[22.0, 22.0, 28.0, 28.0],
            rows,
        ),
        heading("5.b", "Signal"),
        Block::Fields(vec![(
            "How alerts reach the team".into(),
            text_or(&ctx.order.texts.alerting, "Not described"),
        )]),
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

fn annex_mapping(ctx: &Ctx) -> Result<Section> {
    let (model, coverage) = (&ctx.model, &ctx.coverage);
    let recommendations = ctx.doc.recommendations(None)?;
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
            for r in &recommendations {
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
    Ok(section("B", "ATT&CK to Engage mapping", true, blocks))
}

fn annex_quad(ctx: &Ctx) -> Result<Section> {
    let chart = ctx.doc.quad_chart()?;
    let labels = |items: &[crate::storyboard::QuadItem]| -> Vec<String> {
        items
            .iter()
            .map(|i| match &i.activity_id {
                Some(a) => format!("{} ({a})", i.label),
                None => i.label.clone(),
            })
            .collect()
    };
    let blocks = vec![
        Block::Paragraph(
            "Every event and supporting item by what the adversary may see (revealed or \
             concealed) and whether it is true (fact or fiction)."
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
    Ok(section("C", "Quad chart", true, blocks))
}

fn annex_rules(ctx: &Ctx, checks: &[ReadinessCheck]) -> Section {
    let t = &ctx.order.texts;
    let (blockers, warnings) = readiness::open_counts(checks);
    let blocks = vec![
        heading("D.1", "Rules of engagement"),
        para(&t.rules_of_engagement, "No rules of engagement yet."),
        heading("D.2", "OPSEC"),
        para(&t.opsec, "No OPSEC rules yet."),
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
        &mut content.prepared_by,
        &mut content.approver,
        &mut content.approval_date,
    ] {
        f(s);
    }
    content.distribution.iter_mut().for_each(&mut *f);
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
