//! The order under stress and read back as a reader sees it: a generated operation of 300 events,
//! 40 personas, long titles, 2,000-character unbroken words and hostile scripts, and the sample;
//! both exported and checked with pdftotext for what must never happen (truncation, "and N
//! more", "D+-", a supporting item not printed in full, counts that disagree with the tables).

use super::build::ExportOptions;
use super::content::Audience;
use crate::document::Document;
use crate::operation::Operation;
use crate::persona::{NewAccount, NewPersona, PersonaPatch};
use crate::storyboard::{self, NewSupportingItem, SupportingItem, Truth, Visibility};

const HOSTILE: &[&str] = &[
    "<script>alert('x')</script>",
    "=HYPERLINK(\"http://x\")",
    "\u{202E}gnp.exe",
    "'; DROP TABLE event; --",
    "{{7*7}} ${jndi:ldap://x}",
];

/// A long word no line can hold: it must break inside its column, not run off the page.
fn unbroken(seed: usize, len: usize) -> String {
    (0..len)
        .map(|i| char::from(b'a' + ((i * 7 + seed) % 26) as u8))
        .collect()
}

fn stress(path: &std::path::Path) -> Document {
    let catalog = crate::catalog::builtin();
    let mut op = Operation::new("Stress operation", &catalog.version).unwrap();
    op.codename = "STRESS GLASS".into();
    op.handling_marking = "TLP:AMBER".into();
    op.start_date = Some("2026-12-07".into());
    op.end_date = Some("2027-02-20".into());
    let mut board = storyboard::synthetic(300);
    for (i, e) in board.events.iter_mut().enumerate() {
        e.day = (i as i32 % 76) - 10;
        let filler = format!(
            "Event {i} {} with a long title that keeps going ",
            HOSTILE[i % HOSTILE.len()]
        );
        e.title = filler
            .repeat(500 / filler.chars().count() + 1)
            .chars()
            .take(500)
            .collect();
        if i % 10 == 0 {
            e.narrative = format!("Starts here {} ends here", unbroken(i, 2000));
        }
        if i % 7 == 0 {
            e.visibility = None;
        }
    }
    board.supporting = (0..180)
        .map(|i| SupportingItem {
            id: uuid::Uuid::new_v4().to_string(),
            text: format!(
                "Supporting item {i} {} {}",
                HOSTILE[i % HOSTILE.len()],
                if i % 20 == 0 {
                    unbroken(i, 600)
                } else {
                    "planted on the share".repeat(3)
                }
            ),
            visibility: Some(if i % 2 == 0 {
                Visibility::Revealed
            } else {
                Visibility::Concealed
            }),
            truth: Some(if i % 3 == 0 {
                Truth::Fiction
            } else {
                Truth::Fact
            }),
            position: i as i32,
        })
        .collect();
    let mut doc = Document::create_from(path, &op, &board).unwrap();
    // One through the edit path too, so the item is stored as an edit stores it.
    doc.add_supporting(NewSupportingItem {
        text: "Added through an edit".into(),
        visibility: None,
        truth: None,
    })
    .unwrap();
    for i in 0..40 {
        let p = doc
            .create_persona(NewPersona {
                name: format!("Persona {i:02} {}", HOSTILE[i % HOSTILE.len()]),
                template: Some("developer".into()),
            })
            .unwrap();
        doc.update_persona(
            p.id(),
            PersonaPatch {
                background: Some(format!("Background {}", unbroken(i, 300))),
                ..Default::default()
            },
        )
        .unwrap();
        doc.add_account(
            p.id(),
            NewAccount {
                system: Some(format!("host-{i:02}")),
                username: Some(format!("stressuser{i:02}")),
                secret: Some(format!("Stress-Secret-{i:02}!")),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let techniques: Vec<String> = catalog
        .techniques
        .iter()
        .take(60)
        .map(|t| t.id.clone())
        .collect();
    doc.add_techniques(&techniques).unwrap();
    doc
}

fn pdftotext(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

fn pages(text: &str) -> usize {
    text.split('\x0c').filter(|p| !p.trim().is_empty()).count()
}

/// What must hold for any order or briefing, read back.
fn nothing_cut(what: &str, text: &str) {
    assert!(!text.contains('…'), "{what}: a \"…\" cut");
    assert!(!text.contains("D+-"), "{what}: \"D+-\"");
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(3) {
        assert!(
            !(w[0] == "and" && w[1].parse::<usize>().is_ok() && w[2].starts_with("more")),
            "{what}: \"and N more\""
        );
    }
}

/// The coverage sentence of Annex B, and the table below it, agree.
fn coverage_agrees(doc: &Document, text: &str) {
    let cov = doc.coverage().unwrap();
    let sentence = format!(
        "{} of the adversary's {} techniques are engaged",
        cov.engaged, cov.total
    );
    assert!(flat(text).contains(&flat(&sentence)), "{sentence}");
    let not_engaged = text.matches("Not engaged").count();
    assert_eq!(
        not_engaged as u32,
        cov.total - cov.engaged,
        "the table's count"
    );
}

/// Every numbered paragraph, annex and sub-heading has a bookmark, in print order, opening a
/// page that shows it.
fn bookmarks_for_every_heading(doc: &Document, pdf: &std::path::Path, audience: Audience) {
    let content = doc
        .order_content(ExportOptions {
            audience,
            ..ExportOptions::default()
        })
        .unwrap();
    let mut expected = Vec::new();
    for s in &content.sections {
        let prefix = if s.annex { "Annex " } else { "" };
        // As drawn: a bidi override carries no ink, in the page or the bookmark.
        let drawn = |t: String| flat(&super::redact::drawn_text(&t));
        expected.push(drawn(format!("{prefix}{} {}", s.number, s.title)));
        for b in &s.blocks {
            if let super::content::Block::Heading { number, title } = b {
                expected.push(drawn(format!("{number} {title}")));
            }
        }
    }
    let outline = super::pdf::tests::read_outline(&std::fs::read(pdf).unwrap());
    let got: Vec<String> = outline
        .iter()
        .map(|(_, t, _)| flat(t))
        .filter(|t| t != "Contents")
        .collect();
    assert_eq!(got, expected, "{audience:?}: the bookmarks");
    // In layout mode: plain pdftotext joins a line ending in "-" to the next as if hyphenated.
    let out = std::process::Command::new("pdftotext")
        .args(["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    let layout = String::from_utf8(out.stdout).unwrap();
    let pages: Vec<String> = layout.split('\x0c').map(flat).collect();
    for (_, title, page) in &outline {
        assert!(
            pages[*page].contains(&flat(title)),
            "{audience:?}: the bookmark {title:?} opens page {} which does not show it",
            page + 1
        );
    }
}

fn check(doc: &Document, dir: &std::path::Path, name: &str, max_order_pages: usize) {
    let order_pdf = dir.join(format!("{name}-order.pdf"));
    let brief_pdf = dir.join(format!("{name}-briefing.pdf"));
    let rendered = doc
        .export_pdf(&order_pdf, ExportOptions::default())
        .unwrap();
    doc.export_pdf(
        &brief_pdf,
        ExportOptions {
            audience: Audience::Briefing,
            ..ExportOptions::default()
        },
    )
    .unwrap();
    // FEINT_KEEP_PDF=<dir> keeps both documents for looking at.
    if let Ok(keep) = std::env::var("FEINT_KEEP_PDF") {
        for f in [&order_pdf, &brief_pdf] {
            std::fs::copy(f, std::path::Path::new(&keep).join(f.file_name().unwrap())).unwrap();
        }
    }
    let order = pdftotext(&order_pdf);
    let brief = pdftotext(&brief_pdf);
    eprintln!(
        "{name}: order {} pages, briefing {} pages",
        rendered.pages,
        pages(&brief)
    );
    assert!(
        rendered.pages <= max_order_pages,
        "{name}: the order has {} pages",
        rendered.pages
    );
    nothing_cut(&format!("{name} order"), &order);
    nothing_cut(&format!("{name} briefing"), &brief);
    let order_flat = flat(&order);
    for item in doc.storyboard().unwrap().supporting {
        assert!(
            // As drawn: format characters such as a bidi override carry no ink.
            order_flat.contains(&flat(&super::redact::drawn_text(&item.text))),
            "{name}: supporting item {:?} is not printed in full",
            item.text.chars().take(40).collect::<String>()
        );
    }
    coverage_agrees(doc, &order);
    for (pdf, audience) in [
        (&order_pdf, Audience::Order),
        (&brief_pdf, Audience::Briefing),
    ] {
        bookmarks_for_every_heading(doc, pdf, audience);
    }
    // The briefing states the same coverage the order's table counts.
    let cov = doc.coverage().unwrap();
    let stated = format!(
        "lists {} adversary techniques; {} of them are engaged",
        cov.total, cov.engaged
    );
    assert!(
        flat(&brief).contains(&flat(&stated)),
        "{name} briefing: {stated}"
    );
}

#[test]
fn the_sample_reads_back_whole_and_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    check(&doc, dir.path(), "sample", 14);
}

#[test]
fn the_stress_operation_reads_back_whole_in_at_most_150_pages() {
    let dir = tempfile::tempdir().unwrap();
    let doc = stress(&dir.path().join("stress.feint"));
    check(&doc, dir.path(), "stress", 150);
}

/// Two bars of one activity are told apart: each bar is labelled with its event's number in the
/// events table, and the page shows every label.
#[test]
fn timeline_bars_name_their_row_in_the_events_table() {
    use super::content::Block;

    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    let content = doc.order_content(ExportOptions::default()).unwrap();
    let blocks: Vec<&Block> = content.sections.iter().flat_map(|s| &s.blocks).collect();
    let labels: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Timeline(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| {
            t.lanes
                .iter()
                .flat_map(|l| l.bars.iter().map(|b| b.label.clone()))
        })
        .collect();
    let events = blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if t.headers.first().is_some_and(|h| h == "When") => Some(t),
            _ => None,
        })
        .expect("the events table");
    assert_eq!(labels.len(), events.rows.len());
    let mut seen = std::collections::HashSet::new();
    for label in &labels {
        assert!(seen.insert(label.clone()), "two bars labelled {label}");
        let (num, title) = label.split_once(' ').unwrap();
        let row: usize = num.strip_prefix('E').unwrap().parse().unwrap();
        let cells = &events.rows[row - 1];
        assert_eq!(cells[0].lines().next(), Some(num));
        assert_eq!(cells[2].lines().next(), Some(title));
    }
    let pdf = dir.path().join("sample-order.pdf");
    doc.export_pdf(&pdf, ExportOptions::default()).unwrap();
    let text = flat(&pdftotext(&pdf));
    for label in &labels {
        assert!(text.contains(&flat(label)), "{label} is not on the page");
    }
}

/// The events table gives each event's duration, host, techniques and collection point.
#[test]
fn the_events_table_gives_duration_host_techniques_and_collection() {
    use super::content::Block;

    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    let events = doc.storyboard().unwrap().events;
    assert!(events.iter().any(|e| !e.host.is_empty()));
    assert!(events.iter().any(|e| !e.technique_ids.is_empty()));
    assert!(events.iter().any(|e| !e.collection_point.is_empty()));
    let content = doc.order_content(ExportOptions::default()).unwrap();
    let table = content
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Table(t) if t.headers.first().is_some_and(|h| h == "When") => Some(t),
            _ => None,
        })
        .expect("the events table");
    assert_eq!(table.rows.len(), events.len());
    for (row, e) in table.rows.iter().zip(&events) {
        // "for 1 d 2 h 30 min" read back as minutes.
        let line = row[0].lines().find(|l| l.starts_with("for ")).unwrap();
        let words: Vec<&str> = line["for ".len()..].split(' ').collect();
        let minutes: i32 = words
            .chunks(2)
            .map(|p| {
                let n: i32 = p[0].parse().unwrap();
                n * match p[1] {
                    "d" => 1440,
                    "h" => 60,
                    "min" => 1,
                    other => panic!("unit {other}"),
                }
            })
            .sum();
        assert_eq!(minutes, e.duration_min, "{line}");
        let text = &row[2];
        assert!(text.starts_with(&e.title));
        if !e.host.is_empty() {
            assert!(text.contains(&format!("Host: {}.", e.host)), "{text}");
        }
        for t in &e.technique_ids {
            assert!(text.contains(t.as_str()), "{text}");
        }
        if !e.collection_point.is_empty() {
            assert!(
                text.contains(&format!("Observed by: {}.", e.collection_point)),
                "{text}"
            );
        }
    }
}

/// The pages of Annex E (the timeline, the last annex), as pdftotext reads them.
fn timeline_annex_text(pdf: &std::path::Path) -> String {
    let text = pdftotext(pdf);
    let pages: Vec<&str> = text.split('\x0c').collect();
    let first = pages
        .iter()
        .rposition(|p| flat(p).contains("AnnexEStoryboardtimeline"))
        .expect("the timeline annex");
    pages[first..].join("\n")
}

/// Every event's bar is labelled in the timeline annex with its number and the start of its
/// title: the whole title for the sample's, at least its first words for the stress
/// operation's 500-character titles (the events table prints those in full).
#[test]
fn every_event_is_labelled_in_the_timeline_annex() {
    use super::content::Block;

    let dir = tempfile::tempdir().unwrap();
    let sample = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    let stress = stress(&dir.path().join("stress.feint"));
    for (name, doc, words) in [("sample", &sample, usize::MAX), ("stress", &stress, 3)] {
        let content = doc.order_content(ExportOptions::default()).unwrap();
        let labels: Vec<String> = content
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Timeline(t) => Some(t),
                _ => None,
            })
            .flat_map(|t| t.lanes.iter().flat_map(|l| l.bars.iter()))
            .map(|b| b.label.split(' ').take(words).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            labels.len(),
            doc.storyboard().unwrap().events.len(),
            "{name}"
        );
        let pdf = dir.path().join(format!("{name}.pdf"));
        doc.export_pdf(&pdf, ExportOptions::default()).unwrap();
        let annex = flat(&timeline_annex_text(&pdf));
        nothing_cut(&format!("{name} timeline annex"), &annex);
        assert!(
            !annex.contains('\u{FFFD}') || name == "stress",
            "{name}: U+FFFD"
        );
        for label in &labels {
            assert!(
                annex.contains(&flat(label)),
                "{name}: {label:?} is not in the annex"
            );
        }
        for marker in ["D+0start", "Revealed", "Concealed", "Fiction", "Gate"] {
            assert!(annex.contains(marker), "{name}: no {marker:?} in the annex");
        }
        // A gating criterion with a decision day is a gate marker, numbered as 3.g lists it.
        for (i, g) in doc.order().unwrap().gating.iter().enumerate() {
            if g.decision_day.is_some() {
                let marker = flat(&format!("Gate {} ({})", i + 1, g.action.as_str()));
                assert!(
                    annex.contains(&marker),
                    "{name}: no {marker:?} in the annex"
                );
            }
        }
    }
}

/// CJK, Hangul and emoji are drawn with fonts found on the system (fonts-noto-cjk and
/// fonts-symbola, installed by .ci/setup) and read back, in an event's timeline label, in a
/// paragraph and in the handling marking on every page, with no stand-in. Without those fonts
/// the test says loudly that it skipped, and fails instead under CI.
#[test]
fn cjk_hangul_and_emoji_read_back_with_system_fonts() {
    use super::content::Block;

    const TEXT: &str = "港口演習 ハーバー 항구 훈련 🐳🔒";
    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    let mut content = doc.order_content(ExportOptions::default()).unwrap();
    content.handling_marking = format!("TLP:AMBER {TEXT}");
    content.sections[0]
        .blocks
        .push(Block::Paragraph(format!("Paragraph {TEXT}")));
    for s in &mut content.sections {
        for b in &mut s.blocks {
            if let Block::Timeline(t) = b {
                t.lanes[0].bars[0].label = format!("E1 {TEXT}");
            }
        }
    }
    let rendered = super::pdf::render(&content).unwrap();
    if !rendered.missing_glyphs.is_empty() {
        let missing: String = rendered.missing_glyphs.iter().collect();
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have fonts-noto-cjk and fonts-symbola: missing {missing}"
        );
        eprintln!(
            "SKIPPED cjk_hangul_and_emoji_read_back_with_system_fonts: no installed font has \
             {missing} (install fonts-noto-cjk and fonts-symbola)"
        );
        return;
    }
    let pdf = dir.path().join("cjk.pdf");
    std::fs::write(&pdf, &rendered.bytes).unwrap();
    let text = pdftotext(&pdf);
    assert!(!text.contains('\u{FFFD}'), "a stand-in was drawn");
    let pages: Vec<&str> = text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect();
    for (i, page) in pages.iter().enumerate() {
        assert!(
            flat(page).contains(&flat(&format!("TLP:AMBER {TEXT}"))),
            "page {} lacks the marking",
            i + 1
        );
    }
    let all = flat(&text);
    assert!(all.contains(&flat(&format!("Paragraph {TEXT}"))));
    assert!(flat(&timeline_annex_text(&pdf)).contains(&flat(&format!("E1 {TEXT}"))));
    // Only the glyphs used are embedded: a CJK font is tens of megabytes.
    assert!(
        rendered.bytes.len() < 400_000,
        "{} bytes",
        rendered.bytes.len()
    );
}
