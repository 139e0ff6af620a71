//! The order's change log (issue 14 item 1): once the plan is approved, what changed in it
//! since (against the baseline the file keeps), and the gate decisions recorded while it ran.
//! Printed as the last annex of the order and the last paragraph of the briefing.

use super::content::{Block, Section, Table};
use crate::journal::{ChangeKind, GateDecisionView, PlanChange, RunPhase, RunState};

/// What the change log is built from, read with the rest of the order's snapshot.
#[derive(Debug, Clone, Default)]
pub struct RunLog {
    pub state: RunState,
    pub changes: Vec<PlanChange>,
    pub decisions: Vec<GateDecisionView>,
}

fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "Added",
        ChangeKind::Removed => "Removed",
        ChangeKind::Changed => "Changed",
    }
}

fn table(headers: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        widths: widths.to_vec(),
        rows,
    })
}

/// The change log section, or `None` while the plan is not yet approved (nothing to log).
pub(super) fn section(log: &RunLog, number: &str, annex: bool) -> Option<Section> {
    if log.state.phase == RunPhase::Planning {
        return None;
    }
    let approved = log
        .state
        .approved_at
        .as_deref()
        .and_then(|t| t.get(..10))
        .unwrap_or("—");
    let mut blocks = vec![Block::Paragraph(format!(
        "The plan was approved by {} on {approved}. Changes made to it since then, against the \
         plan as approved:",
        log.state.approved_by
    ))];
    if log.changes.is_empty() {
        blocks.push(Block::Paragraph(
            "No changes to the plan since its approval.".into(),
        ));
    } else {
        let rows = log
            .changes
            .iter()
            .map(|c| {
                vec![
                    kind_label(c.kind).to_string(),
                    c.title.clone(),
                    c.fields.join(", "),
                ]
            })
            .collect();
        blocks.push(table(
            &["Change", "Event or part of the order", "Fields"],
            &[14.0, 50.0, 36.0],
            rows,
        ));
    }
    if !log.decisions.is_empty() {
        blocks.push(Block::Paragraph("Gate decisions recorded:".into()));
        let rows = log
            .decisions
            .iter()
            .map(|v| {
                let d = &v.decision;
                vec![
                    v.when.local.clone(),
                    v.gate
                        .map_or("Removed gate".into(), |n| format!("Gate {n}")),
                    d.condition.clone(),
                    d.decision.label().to_string(),
                    d.decided_by.clone(),
                ]
            })
            .collect();
        blocks.push(table(
            &["When", "Gate", "Criterion", "Decision", "Decided by"],
            &[20.0, 12.0, 38.0, 12.0, 18.0],
            rows,
        ));
    }
    Some(Section {
        number: number.into(),
        title: "Change log".into(),
        annex,
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use crate::journal::{Decision, NewEntry, NewGateDecision, PhaseChange};
    use crate::order::build::ExportOptions;
    use crate::order::content::Audience;
    use crate::storyboard::EventPatch;

    fn pdftotext(path: &std::path::Path) -> String {
        let out = std::process::Command::new("pdftotext")
            .arg(path)
            .arg("-")
            .output()
            .expect("pdftotext must be installed (poppler-utils)");
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn an_approved_order_prints_its_changes_since_approval_and_gate_decisions() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = crate::sample::write_sample(&dir.path().join("s.feint")).unwrap();
        let planning = dir.path().join("planning.pdf");
        doc.export_pdf(&planning, ExportOptions::default()).unwrap();
        assert!(!pdftotext(&planning).contains("Change log"));

        doc.change_phase(PhaseChange::Approve {
            approved_by: "Dana Roth".into(),
        })
        .unwrap();
        let approved = dir.path().join("approved.pdf");
        doc.export_pdf(&approved, ExportOptions::default()).unwrap();
        let text = pdftotext(&approved);
        assert!(text.contains("Annex F Change log"), "no change log annex");
        assert!(text.contains("No changes to the plan since its approval."));

        let event = doc.storyboard().unwrap().events[0].id.clone();
        doc.update_event(
            &event,
            EventPatch {
                title: Some("Renamed lure after sign-off".into()),
                ..Default::default()
            },
        )
        .unwrap();
        doc.change_phase(PhaseChange::Start).unwrap();
        let entry = doc
            .add_journal_entry(NewEntry {
                text: "Probe of the registry".into(),
                ..Default::default()
            })
            .unwrap();
        let gate = doc.order().unwrap().gating[1].id.clone();
        doc.record_gate_decision(NewGateDecision {
            gating_id: gate,
            decision: Some(Decision::Pause),
            evidence_ids: Some(vec![entry.entry.id]),
            ..Default::default()
        })
        .unwrap();
        for (audience, heading) in [
            (Audience::Order, "Annex F Change log"),
            (Audience::Briefing, "7 Change log"),
        ] {
            let path = dir.path().join("changed.pdf");
            let _ = std::fs::remove_file(&path);
            doc.export_pdf(
                &path,
                ExportOptions {
                    audience,
                    ..ExportOptions::default()
                },
            )
            .unwrap();
            let text = pdftotext(&path);
            let log = &text[text.rfind(heading).expect(heading)..];
            // Table cells wrap: read the words, not the lines.
            let log = log.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(log.contains("approved by Dana Roth"), "{log}");
            assert!(log.contains("Renamed lure after sign-off"), "{log}");
            assert!(log.contains("title"), "{log}");
            assert!(log.contains("Gate 2"), "{log}");
            assert!(log.contains("Pause"), "{log}");
            assert!(log.contains("Operation coordinator"), "{log}");
        }
    }
}
