//! The stakeholder briefing, built by allow-list: it reads only the fields listed in
//! ARCHITECTURE.md ("What a briefing may carry") and derives everything else from the catalog
//! and counts, so a field added to the model later stays out until someone decides it belongs.
//!
//! What a briefing never carries: account usernames and secrets, hosts and addresses, event
//! titles and narratives, persona details beyond name and role, the collection design, OPSEC
//! rules, the signal plan (PACE, code words, reporting). As a second line, every known secret, username and hostname, and any IP address, is
//! redacted from the finished text (see [`super::redact`]).

use std::collections::BTreeMap;

use super::build::{Ctx, ReadinessView};
use super::content::*;
use super::{date_of, day_label, Role};
use crate::operation::Operation;
use crate::storyboard::{Truth, Visibility};

fn heading(number: &str, title: &str) -> Block {
    Block::Heading {
        number: number.into(),
        title: title.into(),
    }
}

fn or(value: &str, fallback: &str) -> String {
    if value.trim().is_empty() {
        fallback.into()
    } else {
        value.into()
    }
}

fn section(number: &str, title: &str, blocks: Vec<Block>) -> Section {
    Section {
        number: number.into(),
        title: title.into(),
        annex: false,
        blocks,
    }
}

/// The briefing's numbered paragraphs.
pub(super) fn sections(ctx: &Ctx, readiness: &ReadinessView) -> Vec<Section> {
    vec![
        bottom_line(ctx, readiness),
        goal(ctx),
        concept(ctx),
        timeline_summary(ctx),
        risks(ctx, readiness),
        legal(ctx),
    ]
}

fn span_text(ctx: &Ctx) -> String {
    let op = &ctx.op;
    match (&op.start_date, &op.end_date) {
        (Some(s), Some(e)) => format!("from {s} to {e} ({})", op.timezone),
        (Some(s), None) => format!("from {s} ({})", op.timezone),
        _ => "on dates not yet set".into(),
    }
}

fn goal_names(ctx: &Ctx) -> String {
    let names: Vec<String> = ctx.op.goals.iter().map(|g| ctx.goal_name(g)).collect();
    match names.len() {
        0 => "no engagement goal yet".into(),
        _ => names.join(", "),
    }
}

fn bottom_line(ctx: &Ctx, r: &ReadinessView) -> Section {
    let op = &ctx.op;
    let name = or(&op.codename, &op.name);
    let approver = or(&op.document.approver, "the approving authority");
    let readiness = if r.blockers == 0 {
        "No readiness check blocks it".to_string()
    } else {
        format!(
            "{} readiness check{} still block{} it (see 5)",
            r.blockers,
            if r.blockers == 1 { "" } else { "s" },
            if r.blockers == 1 { "s" } else { "" }
        )
    };
    let blocks = vec![
        Block::Paragraph(format!(
            "{name} is a cyber deception operation {} with the goal: {}. It runs {} planned \
             events using {} Engage activities between {} and {}. {readiness}.",
            span_text(ctx),
            goal_names(ctx),
            ctx.events.len(),
            ctx.activity_counts().len(),
            day_label(ctx.first_day()),
            day_label(ctx.last_day()),
        )),
        heading("1.a", "Decision requested"),
        Block::Paragraph(format!(
            "{approver} is asked to approve the operation as planned, under the rules of \
             engagement in 6 and the gating criteria in 5, which name who may pause, stop or \
             escalate it once it runs."
        )),
        Block::Fields(vec![
            ("Approver".into(), or(&op.document.approver, "Not named")),
            ("Approval date".into(), approval_date(op)),
            ("Prepared by".into(), or(&op.document.prepared_by, "—")),
            ("Version".into(), or(&op.document.version, "—")),
        ]),
    ];
    section("1", "Bottom line up front", blocks)
}

fn goal(ctx: &Ctx) -> Section {
    let mut blocks = vec![
        Block::Fields(vec![("Engagement goals".into(), goal_names(ctx))]),
        Block::Paragraph(or(&ctx.op.objective, "No objective statement yet.")),
    ];
    blocks.push(heading("2.a", "Commander's intent"));
    blocks.push(Block::Paragraph(or(
        &ctx.order.opord.intent,
        "No commander's intent is written yet.",
    )));
    if !ctx.order.success.is_empty() {
        blocks.push(heading("2.b", "How success is judged"));
        blocks.push(Block::Table(Table {
            headers: vec!["#".into(), "Criterion".into(), "How it is measured".into()],
            widths: vec![5.0, 50.0, 45.0],
            rows: ctx
                .order
                .success
                .iter()
                .enumerate()
                .map(|(i, s)| vec![(i + 1).to_string(), s.criterion.clone(), s.measure.clone()])
                .collect(),
        }));
    }
    section("2", "Goal and objectives", blocks)
}

fn concept(ctx: &Ctx) -> Section {
    let count =
        |f: &dyn Fn(&crate::storyboard::Event) -> bool| ctx.events.iter().filter(|e| f(e)).count();
    let revealed = count(&|e| e.visibility == Some(Visibility::Revealed));
    let concealed = count(&|e| e.visibility == Some(Visibility::Concealed));
    let fiction = count(&|e| e.truth == Some(Truth::Fiction));
    let unmarked = count(&|e| e.visibility.is_none() || e.truth.is_none());
    let mut text = format!(
        "The team shows the adversary a believable environment and watches what it does there. \
         Of the {} events, {revealed} are meant to be seen by the adversary and {concealed} are \
         hidden from it (the monitoring and containment that keep the operation safe); \
         {fiction} present something untrue.",
        ctx.events.len()
    );
    if unmarked > 0 {
        text.push_str(&format!(
            " {unmarked} are not yet marked as seen or hidden, true or untrue."
        ));
    }
    let coverage = &ctx.coverage;
    text.push_str(&format!(
        " The threat model lists {} adversary techniques; {} of them are engaged by an \
         engagement activity on the storyboard.",
        coverage.total, coverage.engaged
    ));
    let mut blocks = vec![Block::Paragraph(text)];
    blocks.push(Block::Table(Table {
        headers: vec!["Engage activity".into(), "Events".into()],
        widths: vec![85.0, 15.0],
        rows: ctx
            .activity_counts()
            .into_iter()
            .map(|(id, n)| vec![format!("{id} {}", ctx.activity_name(&id)), n.to_string()])
            .collect(),
    }));
    if !ctx.personas.is_empty() {
        blocks.push(heading("3.a", "Personas"));
        blocks.push(Block::Paragraph(
            "The cover identities the adversary meets, by name and role only.".into(),
        ));
        blocks.push(Block::Table(Table {
            headers: vec!["Name".into(), "Role".into()],
            widths: vec![45.0, 55.0],
            rows: ctx
                .personas
                .iter()
                .map(|p| vec![p.profile.name.clone(), p.profile.role.clone()])
                .collect(),
        }));
    }
    section("3", "Concept in plain words", blocks)
}

/// At most this many rows, so the summary fits one page whatever the operation's length.
const SUMMARY_ROWS: i32 = 14;

fn timeline_summary(ctx: &Ctx) -> Section {
    let (first, last) = (ctx.first_day(), ctx.last_day());
    let days = last - first + 1;
    let step = (days + SUMMARY_ROWS - 1) / SUMMARY_ROWS;
    let mut rows = Vec::new();
    let mut from = first;
    while from <= last {
        let to = (from + step - 1).min(last);
        let mut activities: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0;
        for e in ctx.events.iter().filter(|e| (from..=to).contains(&e.day)) {
            *activities.entry(e.activity_id.clone()).or_default() += 1;
            n += 1;
        }
        if n > 0 {
            let when = if from == to {
                day_label(from)
            } else {
                format!("{} to {}", day_label(from), day_label(to))
            };
            let dates = match (date_of(ctx.op, from), date_of(ctx.op, to)) {
                (Some(a), Some(_)) if from == to => format!("\n{}", a.format("%d %b %Y")),
                (Some(a), Some(b)) => {
                    format!("\n{} – {}", a.format("%d %b"), b.format("%d %b %Y"))
                }
                _ => String::new(),
            };
            rows.push(vec![
                format!("{when}{dates}"),
                n.to_string(),
                activities
                    .iter()
                    .map(|(id, k)| format!("{} ({k})", ctx.activity_name(id)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        from = to + 1;
    }
    let blocks = vec![
        Block::Paragraph(format!(
            "D+0 is the operation's first day{}. Each row is {} of the plan.",
            date_of(ctx.op, 0)
                .map(|d| format!(" ({})", d.format("%d %b %Y")))
                .unwrap_or_default(),
            if step == 1 {
                "one day".to_string()
            } else {
                format!("a span of {step} days")
            }
        )),
        Block::Table(Table {
            headers: vec!["When".into(), "Events".into(), "Engage activities".into()],
            widths: vec![24.0, 10.0, 66.0],
            rows,
        }),
    ];
    section("4", "Timeline summary", blocks)
}

fn risks(ctx: &Ctx, r: &ReadinessView) -> Section {
    let mut blocks = vec![Block::Paragraph(
        "The conditions under which the operation is paused, stopped or escalated, and who \
         makes that call."
            .into(),
    )];
    if ctx.order.gating.is_empty() {
        blocks.push(Block::Paragraph(
            "No gating criteria are set yet: nothing yet says when the operation stops.".into(),
        ));
    } else {
        blocks.push(Block::Table(Table {
            headers: vec![
                "#".into(),
                "Condition".into(),
                "Action".into(),
                "Decision point".into(),
                "Who decides".into(),
            ],
            widths: vec![5.0, 44.0, 12.0, 19.0, 20.0],
            rows: ctx
                .order
                .gating
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    vec![
                        (i + 1).to_string(),
                        g.condition.clone(),
                        g.action.label().into(),
                        super::build::decision_point(ctx, g),
                        or(&g.decided_by, "Not named"),
                    ]
                })
                .collect(),
        }));
    }
    blocks.push(heading("5.a", "Risk assessment"));
    blocks.push(super::build::risk_table(ctx));
    blocks.push(heading("5.b", "Open readiness checks"));
    let open: Vec<Vec<String>> = r
        .checks
        .iter()
        .filter(|c| c.open())
        .map(|c| {
            vec![
                c.title.clone(),
                c.severity.label().into(),
                c.items.len().to_string(),
            ]
        })
        .collect();
    let passed = r.checks.iter().filter(|c| c.passed).count();
    if passed == r.checks.len() {
        blocks.push(Block::Paragraph(format!(
            "All {} readiness checks pass.",
            r.checks.len()
        )));
    } else if open.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "{passed} of {} readiness checks pass; the others do not apply to this operation.",
            r.checks.len()
        )));
    } else {
        blocks.push(Block::Paragraph(format!(
            "{passed} of {} readiness checks pass. The operators' order lists each open item.",
            r.checks.len()
        )));
        blocks.push(Block::Table(Table {
            headers: vec!["Check".into(), "Severity".into(), "Open items".into()],
            widths: vec![64.0, 18.0, 18.0],
            rows: open,
        }));
    }
    section("5", "Risks and gating criteria", blocks)
}

fn legal(ctx: &Ctx) -> Section {
    let op = &ctx.op;
    let stakeholders = ctx
        .order
        .roles
        .iter()
        .find(|r| r.role == Role::Stakeholder)
        .map(|r| or(&r.contact, "Not named"))
        .unwrap_or_else(|| "Not named".into());
    let lead = ctx
        .order
        .roles
        .iter()
        .find(|r| r.role == Role::TeamLead)
        .map(|r| or(&r.contact, "Not named"))
        .unwrap_or_else(|| "Not named".into());
    let blocks = vec![
        heading("6.a", "Rules of engagement"),
        Block::Paragraph(or(
            &ctx.order.texts.rules_of_engagement,
            "No rules of engagement are written yet.",
        )),
        heading("6.b", "Approvals"),
        Block::Fields(vec![
            ("Stakeholders".into(), stakeholders),
            ("Team lead".into(), lead),
            ("Approver".into(), or(&op.document.approver, "Not named")),
            ("Approval date".into(), approval_date(op)),
            (
                "Distribution".into(),
                or(&op.document.distribution.join(", "), "—"),
            ),
        ]),
    ];
    section("6", "Legal basis and approvals", blocks)
}

/// The approval date as the briefing prints it: the date, or plainly that there is none yet.
fn approval_date(op: &Operation) -> String {
    op.document
        .approval_date
        .clone()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| "Not yet approved".into())
}
