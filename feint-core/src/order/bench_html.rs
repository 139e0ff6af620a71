//! The order as one HTML page, for the speed comparison with headless Chromium only
//! (`feint export <op> --html-for-bench <out.html>`, used by `bench/pdf-vs-chromium.sh`); the
//! product never shows or writes it otherwise. It prints the same [`OrderContent`] the PDF does:
//! the cover's fields, every section, table and figure, the marking on every printed page, and
//! the timeline as positioned bars, one band per week. All text is escaped: nothing from the file
//! is read as markup.

use std::fmt::Write as _;

use super::content::{Block, OrderContent, TimelineFigure};

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "@page { size: A4; margin: 22mm 18mm; }
@page :first { margin-top: 22mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; }
.band { position: running(band); background: #000; color: #ffc000; text-align: center; font-weight: bold; }
h1 { font-size: 13pt; break-before: page; } h2 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
td, th { border: 0.4pt solid #8c8c8c; padding: 2pt; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e6e6e6; }
.week { position: relative; border: 0.4pt solid #8c8c8c; margin: 6pt 0; break-inside: avoid; }
.lane { position: relative; border-top: 0.4pt solid #ddd; min-height: 14pt; }
.bar { position: absolute; height: 4pt; background: #296bcc; }
.label { position: absolute; font-size: 5.5pt; white-space: nowrap; }";

/// The whole document as HTML.
pub fn render(c: &OrderContent) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&c.codename)
    );
    let band = format!("<div class=\"band\">{}</div>", esc(&c.handling_marking));
    h.push_str(&band);
    let _ = write!(
        h,
        "<p>{}</p><h1 style=\"break-before: avoid\">{}</h1><p>{}</p><table>",
        esc(&c.kind),
        esc(&c.codename),
        esc(&c.operation_name)
    );
    for (label, value) in [
        ("Handling", &c.handling_marking),
        ("Version", &c.version),
        ("Date", &c.date),
        ("Prepared by", &c.prepared_by),
        ("Approver", &c.approver),
        ("Approval date", &c.approval_date),
        ("Distribution", &c.distribution.join("\n")),
    ] {
        let _ = write!(h, "<tr><th>{label}</th><td>{}</td></tr>", esc(value));
    }
    h.push_str("</table><h1>Contents</h1><ol>");
    for s in &c.sections {
        let _ = write!(h, "<li>{} {}</li>", esc(&s.number), esc(&s.title));
    }
    h.push_str("</ol>");
    for s in &c.sections {
        let prefix = if s.annex { "Annex " } else { "" };
        let _ = write!(
            h,
            "{band}<h1>{prefix}{} {}</h1>",
            esc(&s.number),
            esc(&s.title)
        );
        for b in &s.blocks {
            block(&mut h, b);
        }
    }
    h.push_str("</body></html>");
    h
}

fn block(h: &mut String, b: &Block) {
    match b {
        Block::Heading { number, title } => {
            let _ = write!(h, "<h2>{} {}</h2>", esc(number), esc(title));
        }
        Block::Paragraph(t) => {
            let _ = write!(h, "<p>{}</p>", esc(t));
        }
        Block::Fields(fields) => {
            for (k, v) in fields {
                let _ = write!(h, "<p><b>{}:</b> {}</p>", esc(k), esc(v));
            }
        }
        Block::Table(t) => {
            h.push_str("<table><tr>");
            for head in &t.headers {
                let _ = write!(h, "<th>{}</th>", esc(head));
            }
            h.push_str("</tr>");
            for row in &t.rows {
                h.push_str("<tr>");
                for cell in row {
                    let _ = write!(h, "<td>{}</td>", esc(cell));
                }
                h.push_str("</tr>");
            }
            h.push_str("</table>");
        }
        Block::Timeline(t) => timeline(h, t),
        Block::Quad(q) => {
            for (name, items) in [
                ("Revealed fact", &q.revealed_fact),
                ("Revealed fiction", &q.revealed_fiction),
                ("Concealed fact", &q.concealed_fact),
                ("Concealed fiction", &q.concealed_fiction),
                ("Not yet marked", &q.unmarked),
            ] {
                let _ = write!(h, "<h2>{name}</h2><ul>");
                for i in items {
                    let _ = write!(h, "<li>{}</li>", esc(i));
                }
                h.push_str("</ul>");
            }
        }
        Block::Checklist(lines) => {
            h.push_str("<ul>");
            for l in lines {
                let _ = write!(
                    h,
                    "<li><b>{}</b> {}: {}</li>",
                    esc(&l.severity),
                    esc(&l.title),
                    esc(&l.details.join("; "))
                );
            }
            h.push_str("</ul>");
        }
    }
}

/// One band per week, each lane a row, bars placed by percentage of the week.
fn timeline(h: &mut String, t: &TimelineFigure) {
    const WEEK: i64 = 7 * 1440;
    let first = i64::from(t.first_day).div_euclid(7);
    let last = i64::from(t.last_day).div_euclid(7);
    for week in first..=last.min(first + 600) {
        let (ws, we) = (week * WEEK, (week + 1) * WEEK);
        let _ = write!(
            h,
            "<div class=\"week\"><b>Week D{:+} to D{:+}</b>",
            week * 7,
            week * 7 + 6
        );
        for lane in &t.lanes {
            let bars: Vec<_> = lane
                .bars
                .iter()
                .filter(|b| b.start_min < we && b.end_min.max(b.start_min + 1) > ws)
                .collect();
            if bars.is_empty() {
                continue;
            }
            let _ = write!(
                h,
                "<div class=\"lane\" style=\"height:{}pt\">{}",
                bars.len() * 12,
                esc(&lane.name)
            );
            for (k, b) in bars.iter().enumerate() {
                let pct = |m: i64| ((m.clamp(ws, we) - ws) as f64 / WEEK as f64) * 80.0 + 20.0;
                let (x0, x1) = (pct(b.start_min), pct(b.end_min));
                let _ = write!(
                    h,
                    "<span class=\"label\" style=\"left:{x0:.2}%;top:{}pt\">{}</span><span class=\"bar\" style=\"left:{x0:.2}%;width:{:.2}%;top:{}pt\"></span>",
                    k * 12,
                    esc(&b.label),
                    (x1 - x0).max(0.4),
                    k * 12 + 7
                );
            }
            h.push_str("</div>");
        }
        h.push_str("</div>");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_from_the_file_is_escaped_not_markup() {
        let html = super::esc("<script>alert('x')</script> & \"q\"");
        assert_eq!(
            html,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
