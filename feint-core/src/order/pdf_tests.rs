//! Real renders, read back with poppler (`pdftotext`, `pdffonts`, `pdftoppm`).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;
use crate::order::content::{
    BarMarking, BarTruth, Block, CheckLine, OrderContent, QuadFigure, Section, Table, TimelineBar,
    TimelineFigure, TimelineLane,
};

const MARKING: &str = "TLP:AMBER // EXERCISE";

fn lorem(n: usize) -> String {
    let words = "the deception team deploys a decoy file server in the finance segment and \
                 monitors every access to the planted credentials while the adversary moves \
                 laterally through the network toward the payroll database";
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(words);
        s.push('.');
    }
    s
}

fn section(number: &str, title: &str, annex: bool, blocks: Vec<Block>) -> Section {
    Section {
        number: number.into(),
        title: title.into(),
        annex,
        blocks,
    }
}

fn table(rows: usize) -> Table {
    Table {
        headers: vec![
            "ID".into(),
            "Activity".into(),
            "Owner".into(),
            "When".into(),
        ],
        widths: vec![1.0, 4.0, 1.5, 1.5],
        rows: (0..rows)
            .map(|i| {
                vec![
                    format!("row-{i:03}"),
                    if i % 7 == 0 {
                        lorem(1)
                    } else {
                        format!("Plant lure document {i}")
                    },
                    "Blue cell".into(),
                    format!("D+{} 09:00", i % 10),
                ]
            })
            .collect(),
    }
}

fn timeline(lanes: usize) -> TimelineFigure {
    TimelineFigure {
        decision_points: Vec::new(),
        first_day: -1,
        last_day: 12,
        day_labels: (-1..=12)
            .map(|d| format!("D{d:+}\n{} Dec", 10 + d))
            .collect(),
        lanes_by: "persona".into(),
        end_day: Some(12),
        lanes: (0..lanes)
            .map(|l| TimelineLane {
                name: format!("Persona {l} (Ελένη)"),
                bars: (0..4)
                    .map(|b| {
                        let start = (l as i64 * 300 + b * 2880) % (13 * 1440) - 600;
                        TimelineBar {
                            start_min: start,
                            end_min: start + if b == 0 { 60 } else { 240 },
                            label: format!("ACT-{l}{b}"),
                            marking: match b % 3 {
                                0 => BarMarking::Revealed,
                                1 => BarMarking::Concealed,
                                _ => BarMarking::Unmarked,
                            },
                            truth: BarTruth::Fiction,
                            gate: b == 1,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn personas(n: usize) -> Vec<Block> {
    (0..n)
        .flat_map(|i| {
            vec![
                Block::Heading {
                    number: format!("A.{}", i + 1),
                    title: format!("Persona {i}"),
                },
                Block::Fields(vec![
                    ("Name".into(), format!("Dmitri Ivanov {i} (Кириллица)")),
                    ("Role".into(), "Payroll administrator".into()),
                    ("Email".into(), format!("d.ivanov{i}@corp.example")),
                    ("Password".into(), "Tr0ub4dor&3 (secret)".into()),
                    ("Backstory".into(), lorem(2)),
                ]),
            ]
        })
        .collect()
}

fn checklist() -> Vec<CheckLine> {
    vec![
        CheckLine {
            passed: true,
            severity: "blocker".into(),
            title: "Every persona has an owner".into(),
            details: vec![],
        },
        CheckLine {
            passed: false,
            severity: "warning".into(),
            title: "Some activities have no gating criterion".into(),
            details: vec!["ACT-12 Plant lure".into(), "ACT-31 Reply to phish".into()],
        },
    ]
}

fn fixture() -> OrderContent {
    let hostile = "<script>alert(1)</script> %PDF-1.7 endobj ) ( \\ \\) (( )) trailer %%EOF \
                   שלום עולם مرحبا bidi\u{202E}reversed\u{202C} tab\there nul\u{0}x";
    OrderContent {
        compact: false,
        kind: "Operation order".into(),
        operation_name: "Operation Glass Harbor".into(),
        codename: "GLASS HARBOR".into(),
        handling_marking: MARKING.into(),
        version: "1.3".into(),
        date: "2026-03-14".into(),
        date_label: "issued".into(),
        prepared_by: "J. Doe".into(),
        approver: "A. Smith".into(),
        approval_date: "2026-03-15".into(),
        distribution: vec!["Blue cell lead".into(), "CISO".into(), "Legal".into()],
        front_matter: vec![],
        sections: vec![
            section(
                "1",
                "Situation",
                false,
                vec![
                    Block::Heading {
                        number: "1.a".into(),
                        title: "Adversary".into(),
                    },
                    Block::Paragraph(lorem(12)),
                    Block::Paragraph(
                        "Greek: Ελληνικά. Cyrillic: Кириллица. Emoji: 🐳 whale. Private use: \u{10FFFD}.\nSecond line."
                            .into(),
                    ),
                    Block::Paragraph(hostile.into()),
                ],
            ),
            section(
                "2",
                "Mission",
                false,
                vec![
                    Block::Paragraph(lorem(6)),
                    Block::Fields(vec![
                        ("Objective".into(), lorem(2)),
                        ("End state".into(), "Adversary exposed (🐳 \u{10FFFD})".into()),
                    ]),
                ],
            ),
            section(
                "3",
                "Execution",
                false,
                vec![
                    Block::Heading {
                        number: "3.a".into(),
                        title: "Concept of operations".into(),
                    },
                    Block::Paragraph(lorem(8)),
                    Block::Timeline(timeline(6)),
                ],
            ),
            section(
                "4",
                "Administration and logistics",
                false,
                vec![Block::Table(table(200))],
            ),
            section(
                "5",
                "Command and signal",
                false,
                vec![
                    Block::Checklist(checklist()),
                    Block::Paragraph("Zx".repeat(50_000)),
                ],
            ),
            section("A", "Personas", true, personas(4)),
            section("B", "Storyboard", true, vec![Block::Timeline(timeline(40))]),
            section(
                "C",
                "Quad chart",
                true,
                vec![Block::Quad(QuadFigure {
                    revealed_fact: (0..5).map(|i| format!("Real HR portal {i}")).collect(),
                    revealed_fiction: (0..60).map(|i| format!("Decoy share {i}")).collect(),
                    concealed_fact: vec!["Monitoring SOC".into()],
                    concealed_fiction: vec![],
                    unmarked: (0..8).map(|i| format!("Item {i}")).collect(),
                })],
            ),
            section("D", "Readiness", true, vec![Block::Checklist(checklist())]),
        ],
    }
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pdf-look");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} must be installed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn renders_a_full_order_that_poppler_reads_back() {
    let content = fixture();
    let pdf = render(&content).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let dir = out_dir();
    let path = dir.join("order.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    eprintln!("{} pages, {} bytes", pdf.pages, pdf.bytes.len());

    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let mut pages: Vec<&str> = text.split('\x0c').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let n = pages.len();
    assert_eq!(n, pdf.pages);
    assert!(n >= 10, "only {n} pages");

    // Banners, page numbers, codename and version on every page.
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.matches(MARKING).count() >= 2,
            "page {} lacks the two banners:\n{page}",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of {n}", i + 1)),
            "page {} number",
            i + 1
        );
        assert!(
            page.contains("GLASS HARBOR") && page.contains("1.3"),
            "page {}",
            i + 1
        );
    }

    // Cover.
    for s in [
        "Operation order",
        "GLASS HARBOR",
        "Operation Glass Harbor",
        "Document control",
        "J. Doe",
        "A. Smith",
        "2026-03-15",
        "CISO",
    ] {
        assert!(pages[0].contains(s), "cover lacks {s}");
    }

    // The contents page lists every section with the page it really starts on.
    assert!(pages[1].contains("Contents"));
    let mut last_page = 0;
    for s in &content.sections {
        let label = squash(&section_label(s));
        let line = pages[1]
            .lines()
            .map(squash)
            .find(|l| l.starts_with(&label))
            .unwrap_or_else(|| panic!("TOC lacks {label}:\n{}", pages[1]));
        let page: usize = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(page >= last_page, "{label} out of order");
        last_page = page;
        let first = pages
            .iter()
            .enumerate()
            .skip(2)
            .find(|(_, p)| p.lines().any(|l| squash(l) == label))
            .map(|(i, _)| i + 1)
            .unwrap_or_else(|| panic!("heading {label} not found"));
        assert_eq!(page, first, "TOC page of {label}");
        if s.annex {
            // An annex starts its page: its heading is the first line under the header.
            let body: Vec<String> = pages[first - 1]
                .lines()
                .map(squash)
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(body[2], label, "annex {label} does not start its page");
        }
    }

    // Scripts, stand-ins, hostile strings.
    assert!(text.contains("Ελληνικά") && text.contains("Кириллица"));
    assert!(
        pdf.missing_glyphs.contains(&'\u{10FFFD}'),
        "{:?}",
        pdf.missing_glyphs
    );
    assert_eq!(
        pdf.missing_glyphs
            .iter()
            .filter(|c| **c == '\u{10FFFD}')
            .count(),
        1
    );
    assert!(text.contains("whale"));
    assert!(text.contains("<script>alert(1)</script>") && text.contains("%PDF-1.7"));
    assert!(text.contains("\\) (( ))"));

    // The 200-row table runs over several pages, header repeated.
    let page_of = |needle: &str| pages.iter().position(|p| p.contains(needle)).unwrap();
    let (first_row, last_row) = (page_of("row-000"), page_of("row-199"));
    assert!(
        last_row > first_row + 1,
        "table on pages {first_row}..{last_row}"
    );
    for p in &pages[first_row..=last_row] {
        assert!(p.contains("Activity"), "header not repeated");
    }

    // The 100 KB word without a space is all there.
    assert_eq!(text.matches('Z').count(), 50_000);

    // Fonts embedded, as subsets.
    let fonts = run("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().filter(|l| l.contains("DejaVuSans")).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {r}");
        assert_eq!(cols[cols.len() - 4], "yes", "not a subset: {r}");
    }
    assert!(pdf.bytes.len() < 400_000, "{} bytes", pdf.bytes.len());

    // Metadata.
    let info = run("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Operation order — GLASS HARBOR"), "{info}");
    assert!(info.contains("J. Doe"), "{info}");
    assert!(info.contains("2026"), "{info}");
    assert!(info.contains("A4"), "{info}");
    assert!(!info.contains("PDF/X"), "a PDF/X claim: {info}");

    // Pictures to look at.
    for f in std::fs::read_dir(&dir).unwrap().flatten() {
        if f.file_name().to_string_lossy().starts_with("page-") {
            std::fs::remove_file(f.path()).unwrap();
        }
    }
    run(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-png",
            path.to_str().unwrap(),
            dir.join("page").to_str().unwrap(),
        ],
    );
}

#[test]
fn the_same_content_renders_to_the_same_bytes() {
    let content = fixture();
    assert_eq!(
        render(&content).unwrap().bytes,
        render(&content).unwrap().bytes
    );
}

#[test]
fn content_streams_written_directly_are_the_ones_printpdf_writes() {
    let mut content = fixture();
    assert_eq!(
        render_with(&content, true).unwrap().bytes,
        render_with(&content, false).unwrap().bytes
    );
    // Right-to-left text, a character no font has, a long marking, an empty paragraph.
    content.handling_marking = "TLP:AMBER שלום مرحبا 🐳\u{10FFFD}".repeat(3);
    content.sections[0]
        .blocks
        .push(Block::Paragraph(String::new()));
    assert_eq!(
        render_with(&content, true).unwrap().bytes,
        render_with(&content, false).unwrap().bytes
    );
}

#[test]
fn empty_and_odd_content_still_renders() {
    let content = OrderContent {
        compact: false,
        kind: String::new(),
        operation_name: String::new(),
        codename: String::new(),
        handling_marking: "X".repeat(5000),
        version: String::new(),
        date: "not a date".into(),
        date_label: "issued".into(),
        prepared_by: String::new(),
        approver: String::new(),
        approval_date: String::new(),
        distribution: vec![],
        front_matter: vec![],
        sections: vec![section(
            "1",
            "",
            false,
            vec![
                Block::Table(Table {
                    headers: vec![],
                    widths: vec![f32::NAN, -1.0],
                    rows: vec![vec![], vec!["ж".repeat(100_000), "b".into(), "c".into()]],
                }),
                Block::Timeline(TimelineFigure {
                    decision_points: Vec::new(),
                    first_day: 5,
                    last_day: -5,
                    day_labels: vec![],
                    lanes_by: "goal".into(),
                    end_day: Some(i32::MIN),
                    lanes: vec![TimelineLane {
                        name: "🐳\u{10FFFD}".into(),
                        bars: vec![TimelineBar {
                            start_min: i64::MIN,
                            end_min: i64::MAX,
                            label: String::new(),
                            marking: BarMarking::Unmarked,
                            truth: BarTruth::Unmarked,
                            gate: true,
                        }],
                    }],
                }),
                Block::Timeline(TimelineFigure {
                    decision_points: Vec::new(),
                    first_day: 0,
                    last_day: 89,
                    day_labels: (0..90)
                        .map(|d| format!("D+{d}\n{} Jan", d % 31 + 1))
                        .collect(),
                    lanes_by: "host".into(),
                    end_day: None,
                    lanes: vec![TimelineLane {
                        name: "A lane whose name is far too long for the name column of the figure"
                            .into(),
                        bars: vec![TimelineBar {
                            start_min: 60 * 24 * 45,
                            end_min: 60 * 24 * 45 + 60,
                            label: "ACT-1 one hour".into(),
                            marking: BarMarking::Revealed,
                            truth: BarTruth::Fact,
                            gate: false,
                        }],
                    }],
                }),
                Block::Quad(QuadFigure {
                    revealed_fact: vec![],
                    revealed_fiction: vec![],
                    concealed_fact: vec![],
                    concealed_fiction: vec![],
                    unmarked: vec![],
                }),
                Block::Checklist(vec![]),
                Block::Fields(vec![]),
                Block::Paragraph(String::new()),
            ],
        )],
    };
    let pdf = render(&content).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert!(pdf.pages >= 3);
    let path = out_dir().join("odd.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    assert_eq!(text.matches('ж').count(), 100_000);
    let (n, prefix) = (pdf.pages.to_string(), out_dir().join("odd"));
    let (path, prefix) = (path.to_str().unwrap(), prefix.to_str().unwrap());
    run("pdftoppm", &["-r", "60", "-png", "-l", "3", path, prefix]);
    run("pdftoppm", &["-r", "60", "-png", "-f", &n, path, prefix]);
    // No font has a private-use character: it is listed, never dropped silently.
    assert_eq!(pdf.missing_glyphs, vec!['\u{10FFFD}']);
}

/// `cargo test --release -p feint-core order::pdf::tests::bench -- --ignored --nocapture`
#[test]
#[ignore]
fn bench() {
    let mut content = fixture();
    content.sections = vec![
        section("1", "Situation", false, vec![Block::Paragraph(lorem(20))]),
        section("4", "Administration", false, vec![Block::Table(table(300))]),
        section("A", "Personas", true, personas(20)),
        section("B", "Storyboard", true, vec![Block::Timeline(timeline(20))]),
    ];
    render(&content).unwrap();
    let runs = 5;
    let start = std::time::Instant::now();
    let mut pdf = None;
    for _ in 0..runs {
        pdf = Some(render(&content).unwrap());
    }
    let pdf = pdf.unwrap();
    eprintln!(
        "render: {:?} per run, {} pages, {} bytes",
        start.elapsed() / runs,
        pdf.pages,
        pdf.bytes.len()
    );
}

#[test]
fn a_row_split_over_pages_repeats_its_identifying_cell() {
    let mut content = fixture();
    let long: String = (0..400)
        .map(|i| format!("Line {i} of a very long narrative.\n"))
        .collect();
    content.sections = vec![section(
        "1",
        "Split",
        false,
        vec![Block::Table(Table {
            headers: vec!["When".into(), "Event".into()],
            widths: vec![20.0, 80.0],
            rows: vec![vec!["D-5 09:00".into(), long]],
        })],
    )];
    let pdf = render(&content).unwrap();
    let path = out_dir().join("split-row.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text.split('\x0c').filter(|p| p.contains("Line ")).collect();
    assert!(pages.len() >= 3, "the row spans {} pages", pages.len());
    for page in &pages[1..] {
        assert!(
            page.contains("D-5 09:00 (cont.)"),
            "a continued band lacks its cell"
        );
    }
    assert!(!text.contains('…'));
    assert!(text.contains("Line 399 of a very long narrative."));
}

/// The outline as written in the file: (depth, title, page index) in reading order.
pub(crate) fn read_outline(bytes: &[u8]) -> Vec<(usize, String, usize)> {
    use lopdf::{Document, Object, ObjectId};

    fn title(d: &lopdf::Dictionary) -> String {
        let Ok(Object::String(raw, _)) = d.get(b"Title") else {
            panic!("a bookmark without a title");
        };
        assert_eq!(&raw[..2], &[0xFE, 0xFF], "titles are UTF-16BE with a BOM");
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    }
    fn walk(
        doc: &Document,
        first: Option<ObjectId>,
        parent: ObjectId,
        depth: usize,
        pages: &std::collections::BTreeMap<ObjectId, usize>,
        out: &mut Vec<(usize, String, usize)>,
    ) {
        let mut cur = first;
        let mut prev: Option<ObjectId> = None;
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).unwrap();
            assert_eq!(d.get(b"Parent").unwrap().as_reference().unwrap(), parent);
            assert_eq!(d.get(b"Prev").ok().map(|o| o.as_reference().unwrap()), prev);
            let dest = d.get(b"Dest").unwrap().as_array().unwrap();
            let page = pages[&dest[0].as_reference().unwrap()];
            out.push((depth, title(d), page));
            let kid = d.get(b"First").ok().map(|o| o.as_reference().unwrap());
            walk(doc, kid, id, depth + 1, pages, out);
            prev = Some(id);
            cur = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
    }

    let doc = Document::load_mem(bytes).unwrap();
    let pages: std::collections::BTreeMap<ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize - 1))
        .collect();
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root_id = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    let first = root.get(b"First").ok().map(|o| o.as_reference().unwrap());
    let mut out = Vec::new();
    walk(&doc, first, root_id, 0, &pages, &mut out);
    out
}

#[test]
fn every_heading_has_a_bookmark_in_print_order_on_its_page() {
    let content = fixture();
    let pdf = render(&content).unwrap();
    let path = out_dir().join("outline.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    let pages: Vec<String> = text.split('\x0c').map(squash).collect();

    let mut expected = vec![(0, "Contents".to_string())];
    for s in &content.sections {
        let label = if s.annex {
            format!("Annex {} {}", s.number, s.title)
        } else {
            format!("{} {}", s.number, s.title)
        };
        expected.push((0, label));
        for b in &s.blocks {
            if let Block::Heading { number, title } = b {
                expected.push((1, format!("{number} {title}")));
            }
        }
    }
    let outline = read_outline(&pdf.bytes);
    let got: Vec<(usize, String)> = outline.iter().map(|(d, t, _)| (*d, t.clone())).collect();
    assert_eq!(got, expected);
    for (_, title, page) in &outline {
        assert!(
            pages[*page].contains(title.as_str()),
            "the bookmark {title:?} opens page {} which does not show it",
            page + 1
        );
    }
}

#[test]
fn the_band_takes_the_tlp_colour_and_custom_markings_a_neutral_one() {
    assert_eq!(tlp_label("TLP:RED"), Some(Tlp::Red));
    assert_eq!(tlp_label("TLP:AMBER // EXERCISE"), Some(Tlp::Amber));
    assert_eq!(tlp_label("tlp:amber+strict"), Some(Tlp::Amber));
    assert_eq!(tlp_label("EXERCISE — TLP:GREEN"), Some(Tlp::Green));
    assert_eq!(tlp_label("TLP:CLEAR"), Some(Tlp::Clear));
    assert_eq!(tlp_label("TLP:REDACTED"), None);
    assert_eq!(tlp_label("XTLP:RED"), None);
    assert_eq!(tlp_label("CONFIDENTIAL"), None);
    assert_eq!(tlp_label(""), None);

    // Read the colours back from rendered pixels: the band's middle row, left of the text.
    let mut content = fixture();
    content.sections.truncate(1);
    let dir = out_dir();
    for (marking, fill, ink) in [
        ("TLP:RED", [0u8, 0, 0], [0xFFu8, 0x2B, 0x2B]),
        ("TLP:AMBER+STRICT", [0, 0, 0], [0xFF, 0xC0, 0x00]),
        ("TLP:GREEN", [0, 0, 0], [0x33, 0xFF, 0x00]),
        ("TLP:CLEAR", [0, 0, 0], [0xFF, 0xFF, 0xFF]),
        ("COMPANY CONFIDENTIAL", [0xDB, 0xDB, 0xDB], [0, 0, 0]),
    ] {
        content.handling_marking = marking.into();
        let pdf = render(&content).unwrap();
        let stem = format!("band-{}", marking.replace([':', '+', ' '], "_"));
        let path = dir.join(format!("{stem}.pdf"));
        std::fs::write(&path, &pdf.bytes).unwrap();
        let prefix = dir.join(&stem);
        // 72 dpi: one pixel per point; the top band spans y 14–31.
        run(
            "pdftoppm",
            &[
                "-r",
                "72",
                "-f",
                "1",
                "-l",
                "1",
                "-x",
                "0",
                "-y",
                "0",
                "-W",
                "596",
                "-H",
                "40",
                "-singlefile",
                path.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let ppm = std::fs::read(prefix.with_extension("ppm")).unwrap();
        // Binary PPM: "P6\n596 40\n255\n" then RGB triples.
        let header_end = {
            let mut newlines = 0;
            ppm.iter()
                .position(|&b| {
                    newlines += usize::from(b == b'\n');
                    newlines == 3
                })
                .unwrap()
                + 1
        };
        let px = |x: usize, y: usize| {
            let i = header_end + (y * 596 + x) * 3;
            [ppm[i], ppm[i + 1], ppm[i + 2]]
        };
        let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 6);
        assert!(near(px(60, 22), fill), "{marking}: band {:?}", px(60, 22));
        let row: Vec<[u8; 3]> = (14..31)
            .flat_map(|y| (150..446).map(move |x| (x, y)))
            .map(|(x, y)| px(x, y))
            .collect();
        assert!(
            row.iter().any(|&p| near(p, ink)),
            "{marking}: no text in the colour {ink:?}"
        );
    }
}

#[test]
fn the_footer_gives_the_version_and_issue_date() {
    let content = fixture();
    let pdf = render(&content).unwrap();
    let path = out_dir().join("footer.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    for (i, page) in text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        assert!(
            squash(page).contains("GLASS HARBOR · version 1.3 · issued 2026-03-14"),
            "page {} has no issue line",
            i + 1
        );
    }
}

fn nfkc(s: &str) -> String {
    unicode_normalization::UnicodeNormalization::nfkc(s).collect()
}

#[test]
fn right_to_left_text_is_drawn_in_visual_order_and_reads_back_in_logical_order() {
    let mut l = Layout::new(faces().unwrap());
    let seen = |l: &mut Layout, text: &str| -> String {
        let line = l.fit_line(text, false, BLACK, 10.0, 10_000.0);
        let v = l.visual_order(&line, 10.0);
        v.unwrap_or(line)
            .runs
            .iter()
            .map(|r| r.text.as_str())
            .collect()
    };
    assert_eq!(seen(&mut l, "plain text (1)"), "plain text (1)");
    // Left-to-right line: the Hebrew word turns round in place; a number after it joins its run.
    assert_eq!(seen(&mut l, "Persona שלום leads"), "Persona םולש leads");
    assert_eq!(seen(&mut l, "Persona שלום 42"), "Persona 42 םולש");
    // Right-to-left line: words run from the right, numbers keep their order, brackets mirror.
    assert_eq!(seen(&mut l, "שלום עולם (42)"), "(42) םלוע םולש");
    // Arabic: joined by the shaper, drawn with the presentation forms of the joined letters;
    // read from the right and folded back (NFKC) it is the text as typed.
    let arabic_seen = seen(&mut l, "مرحبا بالعالم");
    assert!(
        arabic_seen
            .chars()
            .any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)),
        "not joined: {arabic_seen}"
    );
    assert_eq!(
        nfkc(&arabic_seen.chars().rev().collect::<String>()),
        "مرحبا بالعالم"
    );
    // A lam-alef is one glyph, as Arabic is written.
    assert_eq!(seen(&mut l, "لا").chars().count(), 1);

    // A right-to-left paragraph is aligned right, every line of it, at its own direction even
    // where a line starts with a Latin word; a Latin paragraph is not moved.
    let long = "שלום עולם, זהו מבצע הטעיה ארוך מאוד Docker registry שנמשך כמה שורות בעמודה צרה";
    let lines = l.wrap(&[span(long, false)], 10.0, 120.0);
    assert!(lines.len() >= 3);
    for line in &lines {
        assert!(line.rtl);
        assert!((line.indent - (120.0 - line.width)).abs() < 0.01);
    }
    assert!(lines.iter().any(|line| line.indent > 5.0));
    // Drawn joined (narrower than the letters measured one by one), it still ends at the
    // column's right edge.
    let arabic_lines = l.wrap(&[span("مرحبا بالعالم", false)], 10.0, 200.0);
    l.new_page();
    l.draw_line_at(&arabic_lines[0], 50.0, 100.0, 10.0);
    let right = l.pages[l.cur]
        .iter()
        .filter_map(|p| match p {
            Prim::Text { x, font, text, .. } => Some(
                x + text
                    .chars()
                    .map(|c| l.faces[*font].advance(c) * 10.0)
                    .sum::<f32>(),
            ),
            _ => None,
        })
        .fold(0.0f32, f32::max);
    assert!((right - 250.0).abs() < 0.5, "ends at {right}");
    let latin = l.wrap(&[span(&lorem(1), false)], 10.0, 120.0);
    assert!(latin.iter().all(|line| !line.rtl && line.indent == 0.0));

    let hebrew = "שלום עולם, זהו מבצע הטעיה";
    let arabic = "مرحبا بالعالم";
    let mut content = fixture();
    content.sections = vec![section(
        "1",
        "Situation",
        false,
        vec![
            Block::Paragraph(hebrew.into()),
            Block::Paragraph(arabic.into()),
            Block::Paragraph(format!("Persona {hebrew} leads")),
        ],
    )];
    let pdf = render(&content).unwrap();
    let path = out_dir().join("bidi.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    // poppler reads a page as left-to-right lines and marks each right-to-left run it finds
    // (U+202B … U+202C); inside a run the letters must come back in logical order, as typed.
    let text =
        run("pdftotext", &[path.to_str().unwrap(), "-"]).replace(['\u{202B}', '\u{202C}'], "");
    // Joined letters come back as their presentation forms: fold them as a reader's search does.
    let text = nfkc(&text);
    for run in ["שלום עולם", "זהו מבצע הטעיה", arabic] {
        assert!(text.contains(run), "{run} in {text}");
        let reversed: String = run.chars().rev().collect();
        assert!(!text.contains(&reversed), "{run} reads back reversed");
    }
    assert!(pdf.missing_glyphs.is_empty(), "{:?}", pdf.missing_glyphs);
}
