//! The briefing's redaction against secrets pasted in disguise: each secret of the sample is
//! planted, in a random variant, in random fields both documents print; the order must show it
//! (so the plant took) and the briefing must not, read back with pdftotext and pdfinfo and
//! normalised the way the redactor normalises.

use super::build::ExportOptions;
use super::content::Audience;
use super::redact::Normalised;
use super::*;
use crate::document::Document;
use crate::operation::OperationPatch;
use crate::persona::{AccountPatch, PersonaPatch};
use unicode_normalization::UnicodeNormalization;

/// splitmix64: a fixed seed gives the same run every time, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const INVISIBLE: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];
const BIDI: &[char] = &[
    '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
    '\u{2067}', '\u{2068}', '\u{2069}',
];
const BREAKS: &[&str] = &[" ", "\r\n", "\n", "\t", "\r", "  "];

/// Inserts `piece` at a random char boundary strictly inside `s`.
fn insert_inside(rng: &mut Rng, s: &str, piece: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = 1 + rng.below(chars.len().saturating_sub(1).max(1));
    let mut out: String = chars[..at.min(chars.len())].iter().collect();
    out.push_str(piece);
    out.extend(&chars[at.min(chars.len())..]);
    out
}

/// One disguise of `secret`: two to four of the ways a pasted secret differs from the stored one.
/// Returns whether the variant uses fullwidth forms (which the embedded font may not draw).
fn variant(rng: &mut Rng, secret: &str) -> (String, bool) {
    let mut v = secret.to_string();
    let mut fullwidth = false;
    for _ in 0..2 + rng.below(3) {
        v = match rng.below(8) {
            0 => {
                let piece = rng.pick(INVISIBLE).to_string();
                insert_inside(rng, &v, &piece)
            }
            1 => insert_inside(rng, &v, "\u{00AD}"),
            2 => {
                let piece = rng.pick(BIDI).to_string();
                insert_inside(rng, &v, &piece)
            }
            3 => {
                let piece = *rng.pick(BREAKS);
                insert_inside(rng, &v, piece)
            }
            4 => match rng.below(3) {
                0 => v.to_uppercase(),
                1 => v.to_lowercase(),
                _ => v
                    .chars()
                    .map(|c| {
                        if rng.below(2) == 0 {
                            c.to_uppercase().next().unwrap()
                        } else {
                            c.to_lowercase().next().unwrap()
                        }
                    })
                    .collect(),
            },
            5 => v.nfd().collect(),
            6 => {
                fullwidth = true;
                v.chars()
                    .map(|c| match c {
                        '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
                        _ => c,
                    })
                    .collect()
            }
            _ => format!(" {v}\u{202C} "),
        };
    }
    (v, fullwidth)
}

fn squash(text: &str) -> String {
    Normalised::of(text).chars.into_iter().collect()
}

fn run(cmd: &str, path: &std::path::Path) -> String {
    let out = std::process::Command::new(cmd)
        .arg(path)
        .args(if cmd == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|_| panic!("{cmd} must be installed (poppler-utils)"));
    assert!(out.status.success(), "{cmd} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The fields both the order and the briefing print, each able to carry a planted text.
const FIELDS: &[&str] = &[
    "name",
    "codename",
    "prepared_by",
    "approver",
    "objective",
    "rules",
    "gating_condition",
    "gating_decides",
    "success",
    "persona_role",
];

fn plant(doc: &mut Document, field: &str, text: &str) {
    match field {
        "name" | "codename" | "prepared_by" | "approver" | "objective" => {
            let mut patch = OperationPatch::default();
            let slot = match field {
                "name" => &mut patch.name,
                "codename" => &mut patch.codename,
                "prepared_by" => &mut patch.prepared_by,
                "approver" => &mut patch.approver,
                _ => &mut patch.objective,
            };
            *slot = Some(text.to_string());
            doc.update_operation(patch).unwrap();
        }
        "rules" => {
            doc.edit_order(OrderEdit::SetText {
                field: TextField::RulesOfEngagement,
                value: text.into(),
            })
            .unwrap();
        }
        "gating_condition" | "gating_decides" => {
            let id = doc.order().unwrap().gating[0].id.clone();
            let (condition, decided_by) = if field == "gating_condition" {
                (Some(text.to_string()), None)
            } else {
                (None, Some(text.to_string()))
            };
            doc.edit_order(OrderEdit::UpdateGating {
                id,
                condition,
                action: None,
                decided_by,
                detection: None,
                decision_day: None,
                phase_id: None,
            })
            .unwrap();
        }
        "success" => {
            let id = doc.order().unwrap().success[0].id.clone();
            doc.edit_order(OrderEdit::UpdateSuccess {
                id,
                criterion: Some(text.into()),
                measure: None,
            })
            .unwrap();
        }
        "persona_role" => {
            let id = doc.personas().unwrap()[0].profile.id.clone();
            doc.update_persona(
                &id,
                PersonaPatch {
                    role: Some(text.into()),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        other => unreachable!("{other}"),
    }
}

#[test]
fn secrets_are_trimmed_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = crate::sample::write_sample(&dir.path().join("s.feint")).unwrap();
    let p = doc.personas().unwrap().remove(0);
    let a = &p.accounts[0];
    let p = doc
        .update_account(
            &p.profile.id,
            &a.id,
            AccountPatch {
                secret: Some("  \tSpaced-Out-77 \r\n".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(p.accounts[0].secret, "Spaced-Out-77");
}

#[test]
fn no_disguised_secret_survives_into_the_briefing() {
    let mut rng = Rng(0x5EC2_E7F0_0D15_6A1E);
    let dir = tempfile::tempdir().unwrap();
    for round in 0..6 {
        let mut doc =
            crate::sample::write_sample(&dir.path().join(format!("r{round}.feint"))).unwrap();
        let secrets: Vec<String> = doc
            .personas()
            .unwrap()
            .iter()
            .flat_map(|p| p.accounts.iter().map(|a| a.secret.clone()))
            .collect();
        assert!(!secrets.is_empty());
        // Each secret into its own field, so no plant overwrites another.
        let mut fields: Vec<&str> = FIELDS.to_vec();
        let mut planted = Vec::new();
        for secret in &secrets {
            let field = fields.remove(rng.below(fields.len()));
            let (v, fullwidth) = variant(&mut rng, secret);
            plant(&mut doc, field, &format!("Note {v} end"));
            planted.push((secret, field, v, fullwidth));
        }
        let order_pdf = dir.path().join(format!("order-{round}.pdf"));
        let brief_pdf = dir.path().join(format!("brief-{round}.pdf"));
        doc.export_pdf(&order_pdf, ExportOptions::default())
            .unwrap();
        doc.export_pdf(
            &brief_pdf,
            ExportOptions {
                audience: Audience::Briefing,
                ..ExportOptions::default()
            },
        )
        .unwrap();
        let order = squash(&run("pdftotext", &order_pdf));
        let brief = squash(&run("pdftotext", &brief_pdf));
        let brief_info = squash(&run("pdfinfo", &brief_pdf));
        for (secret, field, v, fullwidth) in &planted {
            let s = squash(secret);
            // The test can fail: the order prints what was planted.
            if !fullwidth {
                assert!(
                    order.contains(&s),
                    "round {round}: {v:?} in {field} not in the order"
                );
            }
            assert!(
                !brief.contains(&s),
                "round {round}: {v:?} planted in {field} is readable in the briefing"
            );
            assert!(
                !brief_info.contains(&s),
                "round {round}: {v:?} planted in {field} is in the briefing's metadata"
            );
        }
    }
}
