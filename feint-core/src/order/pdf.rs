//! Lays an [`OrderContent`] out as an A4 PDF: a cover, a table of contents, the numbered
//! paragraphs and the annexes, with the handling marking in a banner at the top and bottom of
//! every page.
//!
//! The layout is our own, in two passes: every block is laid out into simple drawing primitives
//! page by page (the table of contents pages are reserved first and filled once the section pages
//! are known), then the primitives become `printpdf` operations, with the page furniture (banners,
//! header, "Page X of N") added once the page count is known.
//!
//! Text is drawn in DejaVu Sans and DejaVu Sans Bold, shipped in `assets/fonts/` and embedded as
//! subsets (only the glyphs the document uses). A character neither font has is drawn as a
//! stand-in and reported in [`RenderedPdf::missing_glyphs`]; nothing is dropped silently.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line as PdfLine, LinePoint, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use super::content::{Block, CheckLine, OrderContent, QuadFigure, Section, Table};

#[path = "system_fonts.rs"]
mod system_fonts;
#[path = "timeline.rs"]
mod timeline;
use crate::error::FeintError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A rendered document.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// characters no embedded font has, each once, in first-seen order
    pub missing_glyphs: Vec<char>,
    /// Where each of them is: the headings (or "the cover", "the page header and marking band")
    /// under which it was drawn, in `missing_glyphs` order.
    pub missing_places: Vec<(char, Vec<String>)>,
    /// Wall time of each phase of the render, in order, for `feint bench-pdf`.
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

impl RenderedPdf {
    /// One line per missing character, naming it, its code point and where it is, for the
    /// export's report: `"🐳" (U+1F433) in 3.d Storyboard events; Annex C Quad chart`.
    pub fn missing_report(&self) -> Vec<String> {
        self.missing_places
            .iter()
            .map(|(c, places)| format!("“{c}” (U+{:04X}) in {}", u32::from(*c), places.join("; ")))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Page geometry, in points, measured from the top-left corner (y grows downwards); converted to
// PDF coordinates (from the bottom) only when the operations are written.

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 50.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const CONTENT_TOP: f32 = 66.0;
const CONTENT_BOTTOM: f32 = PAGE_H - 64.0;

const BODY: f32 = 9.5;
const SMALL: f32 = 8.0;

type Rgbf = [f32; 3];
const BLACK: Rgbf = [0.0, 0.0, 0.0];
const GREY_TEXT: Rgbf = [0.33, 0.33, 0.33];
const RULE: Rgbf = [0.55, 0.55, 0.55];
const BAND: Rgbf = [0.86, 0.86, 0.86];
const HEADER_FILL: Rgbf = [0.90, 0.90, 0.90];
const REVEALED: Rgbf = [0.16, 0.42, 0.80];
const CONCEALED: Rgbf = [0.30, 0.30, 0.30];
const UNMARKED_LINE: Rgbf = [0.92, 0.50, 0.05];
const PASS: Rgbf = [0.10, 0.50, 0.20];
const FAIL: Rgbf = [0.75, 0.10, 0.10];

const REGULAR: usize = 0;
const BOLD: usize = 1;

// ---------------------------------------------------------------------------------------------
// Fonts

/// One face's metrics: char → (glyph id, advance in font units).
struct Face {
    bytes: &'static [u8],
    /// The face's index in a font collection (.ttc); 0 for a single font.
    index: u32,
    name: String,
    glyphs: HashMap<char, (u16, u16)>,
    units_per_em: f32,
    /// glyph id → the char that stands for it in the drawn text (see [`Face::char_of`]).
    chars: HashMap<u16, char>,
    /// The face for the shaper, which joins Arabic letters.
    shaper: Option<rustybuzz::Face<'static>>,
}

impl Face {
    /// A shipped face, read like a system one: its character map and advances are all the
    /// layout needs (printpdf's parser also builds maps the layout never reads).
    fn load(bytes: &'static [u8], name: &'static str) -> Result<Face, String> {
        Face::from_system(bytes, 0, name.to_string())
            .ok_or_else(|| format!("the embedded font {name} cannot be read"))
    }

    /// A face of a font found on the system (face `index` of `bytes`), read with `ttf-parser`:
    /// printpdf's parser decodes every glyph, far too slow for a CJK font's 65,000.
    fn from_system(bytes: &'static [u8], index: u32, name: String) -> Option<Face> {
        let face = ttf_parser::Face::parse(bytes, index).ok()?;
        let mut glyphs: HashMap<char, (u16, u16)> = HashMap::new();
        for sub in face.tables().cmap?.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                    glyphs
                        .entry(c)
                        .or_insert((g.0, face.glyph_hor_advance(g).unwrap_or(0)));
                }
            });
        }
        Some(Face {
            bytes,
            index,
            name,
            chars: chars_of(&glyphs),
            glyphs,
            units_per_em: f32::from(face.units_per_em().max(1)),
            shaper: rustybuzz::Face::from_slice(bytes, index),
        })
    }

    /// The glyphs of a right-to-left `text` drawn with this face, joined by the shaper and
    /// given as the chars the face maps to them (Arabic presentation forms for joined
    /// letters), left to right; `None` if the shaper is unavailable or yields a glyph no char
    /// stands for.
    fn shape_rtl(&self, text: &str) -> Option<Vec<char>> {
        let face = self.shaper.as_ref()?;
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(rustybuzz::Direction::RightToLeft);
        buf.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buf);
        out.glyph_infos()
            .iter()
            .map(|g| {
                let gid = u16::try_from(g.glyph_id).ok()?;
                self.chars.get(&gid).copied()
            })
            .collect()
    }

    fn has(&self, c: char) -> bool {
        self.glyphs.contains_key(&c)
    }

    /// Advance of `c` at 1pt; 0 for a char the face lacks.
    fn advance(&self, c: char) -> f32 {
        self.glyphs
            .get(&c)
            .map_or(0.0, |&(_, adv)| f32::from(adv) / self.units_per_em)
    }
}

/// For each glyph, the char that stands for it: of several chars mapped to one glyph, the
/// plainest (a letter rather than its presentation form, then the lowest code point).
fn chars_of(glyphs: &HashMap<char, (u16, u16)>) -> HashMap<u16, char> {
    let mut chars: HashMap<u16, char> = HashMap::new();
    let plain = |c: char| !matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}');
    for (&c, &(gid, _)) in glyphs {
        let better = chars.get(&gid).is_none_or(|&old| {
            (plain(c), std::cmp::Reverse(c)) > (plain(old), std::cmp::Reverse(old))
        });
        if better {
            chars.insert(gid, c);
        }
    }
    chars
}

fn faces() -> crate::Result<&'static [Face; 2]> {
    static FACES: OnceLock<Result<[Face; 2], String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Ok([
                Face::load(REGULAR_TTF, "DejaVuSans")?,
                Face::load(BOLD_TTF, "DejaVuSans-Bold")?,
            ])
        })
        .as_ref()
        .map_err(|e| FeintError::invalid(e.clone()))
}

// ---------------------------------------------------------------------------------------------
// Laid-out primitives

#[derive(Debug, Clone)]
enum Prim {
    /// `y` is the baseline, from the top of the page.
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: usize,
        color: Rgbf,
        text: String,
    },
    /// `y` is the top edge.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgbf>,
        stroke: Option<(Rgbf, f32)>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgbf,
        width: f32,
    },
}

/// A piece of styled input text.
#[derive(Clone, Copy)]
struct Span<'s> {
    text: &'s str,
    bold: bool,
    color: Rgbf,
}

fn span(text: &str, bold: bool) -> Span<'_> {
    Span {
        text,
        bold,
        color: BLACK,
    }
}

/// A run of glyphs of one font and colour, `x` from the start of its line.
#[derive(Debug, Clone)]
struct Run {
    font: usize,
    color: Rgbf,
    x: f32,
    text: String,
}

/// One laid-out line: its runs and its width, at the size it was wrapped for.
#[derive(Debug, Clone, Default)]
struct TLine {
    runs: Vec<Run>,
    width: f32,
    /// A line of a right-to-left paragraph: ordered at a right-to-left base level.
    rtl: bool,
    /// How far right of its column's left edge the line starts: a right-to-left paragraph
    /// is aligned to the right.
    indent: f32,
}

impl TLine {
    fn push(&mut self, font: usize, color: Rgbf, c: char, w: f32) {
        match self.runs.last_mut() {
            Some(r) if r.font == font && r.color == color => r.text.push(c),
            _ => self.runs.push(Run {
                font,
                color,
                x: self.width,
                text: c.to_string(),
            }),
        }
        self.width += w;
    }

    fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// A glyph resolved to the font that draws it, with its advance at the wrap size.
#[derive(Clone, Copy)]
struct Glyph {
    c: char,
    font: usize,
    color: Rgbf,
    w: f32,
}

struct TocEntry {
    label: String,
    page: usize,
    /// A sub-heading of a numbered paragraph, indented under it.
    sub: bool,
}

struct Layout {
    /// The shipped regular and bold faces, then each system face the document has needed.
    faces: Vec<&'static Face>,
    pages: Vec<Vec<Prim>>,
    /// The page being drawn on (the last one, except when filling reserved pages).
    cur: usize,
    /// The top of the free space on the current page.
    y: f32,
    missing: Vec<char>,
    missing_seen: HashSet<char>,
    /// Per missing char (in `missing` order), the places it was drawn.
    missing_places: Vec<(char, Vec<String>)>,
    /// What is being drawn, for the missing-character report: the last heading, or a fixed
    /// part of the document.
    place: String,
    /// The stand-in for a char no font has: U+FFFD if the regular face has it, else "?".
    stand_in: char,
    /// Every heading drawn, in document order: the PDF outline.
    outline: Vec<OutlineMark>,
    /// Per page: landscape (the timeline annex) rather than portrait.
    landscape: Vec<bool>,
    /// Whether new pages are landscape.
    landscape_mode: bool,
}

/// A heading's place, for its bookmark.
#[derive(Debug, Clone)]
struct OutlineMark {
    /// 0 for a paragraph or annex, 1 for a sub-heading inside it.
    level: u8,
    title: String,
    page: usize,
    /// The top of the heading, from the top of the page.
    y: f32,
}

impl Layout {
    fn new(faces: &'static [Face; 2]) -> Self {
        let stand_in = if faces[REGULAR].has('\u{FFFD}') && faces[BOLD].has('\u{FFFD}') {
            '\u{FFFD}'
        } else {
            '?'
        };
        Layout {
            faces: faces.iter().collect(),
            pages: Vec::new(),
            cur: 0,
            y: CONTENT_TOP,
            missing: Vec::new(),
            missing_seen: HashSet::new(),
            missing_places: Vec::new(),
            place: "the cover".into(),
            stand_in,
            outline: Vec::new(),
            landscape: Vec::new(),
            landscape_mode: false,
        }
    }

    // ---- text shaping ----

    /// The font and char that draw `c` (the other face if the wanted one lacks it, the stand-in
    /// if neither has it); `None` for a char that draws nothing.
    fn resolve(&mut self, c: char, bold: bool) -> Option<(usize, char)> {
        // The same handling redaction works on: what it matched is what is drawn.
        let c = match super::redact::drawn_char(c)? {
            '\n' => ' ',
            c => c,
        };
        let want = if bold { BOLD } else { REGULAR };
        if self.faces[want].has(c) {
            return Some((want, c));
        }
        if self.faces[1 - want].has(c) {
            return Some((1 - want, c));
        }
        if let Some(font) = self.system_face(c) {
            return Some((font, c));
        }
        if self.missing_seen.insert(c) {
            self.missing.push(c);
            self.missing_places.push((c, Vec::new()));
        }
        self.note_missing_place(c);
        let s = self.stand_in;
        Some((
            if self.faces[want].has(s) {
                want
            } else {
                1 - want
            },
            s,
        ))
    }

    /// Adds the current place to where `c` (already in `missing`) was drawn.
    fn note_missing_place(&mut self, c: char) {
        let place = &self.place;
        if let Some((_, places)) = self.missing_places.iter_mut().find(|(m, _)| *m == c) {
            if !places.contains(place) {
                places.push(place.clone());
            }
        }
    }

    /// The index of a system face that has `c`, added to the document's faces on first use.
    fn system_face(&mut self, c: char) -> Option<usize> {
        if let Some(i) = (2..self.faces.len()).find(|&i| self.faces[i].has(c)) {
            return Some(i);
        }
        if self.missing_seen.contains(&c) {
            return None;
        }
        let face = system_fonts::face_for(c)?;
        match self.faces.iter().position(|f| std::ptr::eq(*f, face)) {
            Some(i) => Some(i),
            None => {
                self.faces.push(face);
                Some(self.faces.len() - 1)
            }
        }
    }

    fn glyph(&mut self, c: char, bold: bool, color: Rgbf, size: f32) -> Option<Glyph> {
        let (font, c) = self.resolve(c, bold)?;
        Some(Glyph {
            c,
            font,
            color,
            w: self.faces[font].advance(c) * size,
        })
    }

    fn text_width(&mut self, text: &str, bold: bool, size: f32) -> f32 {
        text.chars()
            .filter_map(|c| self.glyph(c, bold, BLACK, size))
            .map(|g| g.w)
            .sum()
    }

    /// Wraps styled text to `max_w` at `size`. Linear in the text: each char is measured once
    /// and the line width is kept running; "\n" breaks the line; a word wider than the line is
    /// broken between characters. Runs of spaces collapse to one.
    fn wrap(&mut self, spans: &[Span<'_>], size: f32, max_w: f32) -> Vec<TLine> {
        let max_w = max_w.max(size); // at least one glyph fits
        let mut lines = Vec::new();
        let mut cur = TLine::default();
        let mut word: Vec<Glyph> = Vec::new();
        let mut word_w = 0.0f32;
        // The space before the pending word: its font, colour and width.
        let mut space: Option<Glyph> = None;

        fn flush(
            lines: &mut Vec<TLine>,
            cur: &mut TLine,
            word: &mut Vec<Glyph>,
            word_w: &mut f32,
            space: &mut Option<Glyph>,
            max_w: f32,
        ) {
            if word.is_empty() {
                return;
            }
            let sp = match (*space, cur.is_empty()) {
                (Some(g), false) => Some(g),
                _ => None,
            };
            let sp_w = sp.map_or(0.0, |g| g.w);
            if cur.width + sp_w + *word_w <= max_w {
                if let Some(g) = sp {
                    cur.push(g.font, g.color, g.c, g.w);
                }
                for g in word.iter() {
                    cur.push(g.font, g.color, g.c, g.w);
                }
            } else if *word_w <= max_w {
                lines.push(std::mem::take(cur));
                for g in word.iter() {
                    cur.push(g.font, g.color, g.c, g.w);
                }
            } else {
                // Too long for any line: fill the lines up character by character.
                if let Some(g) = sp {
                    if cur.width + g.w < max_w {
                        cur.push(g.font, g.color, g.c, g.w);
                    }
                }
                for g in word.iter() {
                    if cur.width + g.w > max_w && !cur.is_empty() {
                        lines.push(std::mem::take(cur));
                    }
                    cur.push(g.font, g.color, g.c, g.w);
                }
            }
            word.clear();
            *word_w = 0.0;
            *space = None;
        }

        for s in spans {
            for ch in s.text.chars() {
                if ch == '\n' {
                    flush(
                        &mut lines,
                        &mut cur,
                        &mut word,
                        &mut word_w,
                        &mut space,
                        max_w,
                    );
                    lines.push(std::mem::take(&mut cur));
                    space = None;
                    continue;
                }
                let Some(g) = self.glyph(ch, s.bold, s.color, size) else {
                    continue;
                };
                if g.c == ' ' {
                    flush(
                        &mut lines,
                        &mut cur,
                        &mut word,
                        &mut word_w,
                        &mut space,
                        max_w,
                    );
                    if space.is_none() {
                        space = Some(g);
                    }
                    continue;
                }
                word_w += g.w;
                word.push(g);
            }
        }
        flush(
            &mut lines,
            &mut cur,
            &mut word,
            &mut word_w,
            &mut space,
            max_w,
        );
        if !cur.is_empty() || lines.is_empty() {
            lines.push(cur);
        }
        if is_rtl_paragraph(spans) {
            for l in &mut lines {
                l.rtl = true;
                l.indent = (max_w - l.width).max(0.0);
            }
        }
        lines
    }

    /// One line of text cut at `max_w`; newlines become spaces. Only for text that is printed
    /// in full elsewhere (the page furniture repeats the cover; timeline labels name what the
    /// events table lists) or is known to fit: the document never marks a cut with "…", and
    /// never cuts what it prints nowhere else. Stops reading once the line is full.
    fn fit_line(&mut self, text: &str, bold: bool, color: Rgbf, size: f32, max_w: f32) -> TLine {
        let mut line = TLine::default();
        for ch in text.chars() {
            let ch = if ch == '\n' { ' ' } else { ch };
            let Some(g) = self.glyph(ch, bold, color, size) else {
                continue;
            };
            if line.width + g.w > max_w {
                break;
            }
            line.push(g.font, g.color, g.c, g.w);
        }
        line
    }

    // ---- pages and drawing ----

    fn page(&mut self) -> &mut Vec<Prim> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
            self.landscape.push(self.landscape_mode);
            self.cur = 0;
        }
        &mut self.pages[self.cur]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.landscape.push(self.landscape_mode);
        self.cur = self.pages.len() - 1;
        self.y = CONTENT_TOP;
    }

    /// Width and height of page `p`.
    fn page_size(&self, p: usize) -> (f32, f32) {
        if self.landscape.get(p).copied().unwrap_or(false) {
            (PAGE_H, PAGE_W)
        } else {
            (PAGE_W, PAGE_H)
        }
    }

    /// The bottom of the space for content on the current page.
    fn bottom(&self) -> f32 {
        self.page_size(self.cur).1 - (PAGE_H - CONTENT_BOTTOM)
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() || (self.y + h > self.bottom() && self.y > CONTENT_TOP) {
            self.new_page();
        }
    }

    fn page_is_fresh(&self) -> bool {
        self.pages.get(self.cur).is_none_or(Vec::is_empty) && self.y <= CONTENT_TOP
    }

    fn draw_line_at(&mut self, line: &TLine, x: f32, baseline: f32, size: f32) {
        let mut x = x + line.indent;
        let visual;
        let line = match self.visual_order(line, size) {
            Some(v) => {
                // Joined letters are narrower: a right-aligned line keeps its right edge.
                if line.rtl {
                    x += line.width - v.width;
                }
                visual = v;
                &visual
            }
            None => line,
        };
        let page = self.page();
        for r in &line.runs {
            page.push(Prim::Text {
                x: x + r.x,
                y: baseline,
                size,
                font: r.font,
                color: r.color,
                text: r.text.clone(),
            });
        }
    }

    /// `line`, laid out in logical order, in the order it is seen: the Unicode bidirectional
    /// algorithm (crate `unicode-bidi`) over the line, each right-to-left run shaped by
    /// `rustybuzz` (Arabic letters joined, paired brackets mirrored). `None` when the line has
    /// no right-to-left letter.
    fn visual_order(&self, line: &TLine, size: f32) -> Option<TLine> {
        use unicode_bidi::{bidi_class, BidiClass, Level, ParagraphBidiInfo};

        let is_rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL);
        if !line.runs.iter().any(|r| r.text.chars().any(is_rtl)) {
            return None;
        }
        let glyphs: Vec<(usize, Rgbf, char)> = line
            .runs
            .iter()
            .flat_map(|r| r.text.chars().map(move |c| (r.font, r.color, c)))
            .collect();
        let text: String = glyphs.iter().map(|g| g.2).collect();
        let mut glyph_at = vec![0usize; text.len()];
        for (i, (b, _)) in text.char_indices().enumerate() {
            glyph_at[b] = i;
        }
        // A line of a right-to-left paragraph keeps its paragraph's direction even when it
        // starts with a Latin word; any other line takes the direction of its first letter.
        let info = ParagraphBidiInfo::new(&text, line.rtl.then(Level::rtl));
        let (levels, runs) = info.visual_runs(0..text.len());
        let mut out = TLine {
            rtl: line.rtl,
            ..TLine::default()
        };
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            let order: Vec<usize> = text[run.clone()]
                .char_indices()
                .map(|(b, _)| glyph_at[run.start + b])
                .collect();
            if !rtl {
                for i in order {
                    let (font, color, c) = glyphs[i];
                    out.push(font, color, c, self.faces[font].advance(c) * size);
                }
                continue;
            }
            // Right to left: each stretch of one font and colour, last first, is shaped (letters
            // joined, brackets mirrored); where the shaper cannot help, reversed and mirrored.
            let mut stretches: Vec<&[usize]> = order
                .chunk_by(|&a, &b| glyphs[a].0 == glyphs[b].0 && glyphs[a].1 == glyphs[b].1)
                .collect();
            stretches.reverse();
            for stretch in stretches {
                let (font, color, _) = glyphs[stretch[0]];
                let logical: String = stretch.iter().map(|&i| glyphs[i].2).collect();
                let drawn = self.faces[font]
                    .shape_rtl(&logical)
                    .unwrap_or_else(|| logical.chars().rev().map(mirrored).collect());
                for c in drawn {
                    out.push(font, color, c, self.faces[font].advance(c) * size);
                }
            }
        }
        Some(out)
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgbf>,
        stroke: Option<(Rgbf, f32)>,
    ) {
        self.page().push(Prim::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: Rgbf, width: f32) {
        self.page().push(Prim::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
        });
    }

    /// Flows wrapped lines down the page(s) at `x`.
    fn flow(&mut self, lines: &[TLine], x: f32, size: f32, lh: f32) {
        for l in lines {
            self.ensure(lh);
            let baseline = self.y + (lh + size * 0.7) / 2.0;
            self.draw_line_at(l, x, baseline, size);
            self.y += lh;
        }
    }

    fn paragraph(&mut self, spans: &[Span<'_>], x: f32, w: f32, size: f32) {
        let lines = self.wrap(spans, size, w);
        self.flow(&lines, x, size, size * 1.35);
    }

    // ---- blocks ----

    /// Records a heading about to be drawn at the cursor, with the text the page shows.
    fn mark(&mut self, level: u8, label: &str) {
        let title = super::redact::drawn_text(label)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.place = title.clone();
        self.outline.push(OutlineMark {
            level,
            title,
            page: self.cur,
            y: self.y,
        });
    }

    fn section_heading(&mut self, label: &str) {
        if !self.page_is_fresh() {
            self.y += 10.0;
        }
        // Keep the heading with the first lines of what follows it.
        self.ensure(18.0 + 4.0 * BODY * 1.35);
        self.mark(0, label);
        let lines = self.wrap(&[span(label, true)], 13.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 13.0, 18.0);
        self.y += 4.0;
    }

    fn sub_heading(&mut self, number: &str, title: &str) {
        self.y += 5.0;
        self.ensure(14.0 + 3.0 * BODY * 1.35);
        let label = format!("{number}  {title}");
        self.mark(1, &label);
        let lines = self.wrap(&[span(&label, true)], 10.5, TEXT_W);
        self.flow(&lines, MARGIN_X, 10.5, 14.0);
        self.y += 2.0;
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { number, title } => self.sub_heading(number, title),
            Block::Paragraph(text) => {
                self.paragraph(&[span(text, false)], MARGIN_X, TEXT_W, BODY);
                self.y += 4.0;
            }
            Block::Fields(fields) => {
                for (label, value) in fields {
                    let label = format!("{label}: ");
                    self.paragraph(
                        &[span(&label, true), span(value, false)],
                        MARGIN_X,
                        TEXT_W,
                        BODY,
                    );
                    self.y += 1.0;
                }
                self.y += 4.0;
            }
            Block::Table(t) => self.table(t),
            Block::Timeline(t) => self.timeline(t),
            Block::Quad(q) => self.quad(q),
            Block::Checklist(lines) => self.checklist(lines),
        }
    }

    fn table(&mut self, t: &Table) {
        const SIZE: f32 = 8.0;
        const LH: f32 = 9.6;
        const PAD: f32 = 2.0;
        let ncols = t
            .rows
            .iter()
            .map(Vec::len)
            .chain([t.headers.len(), 1])
            .max()
            .unwrap_or(1);
        let rel: Vec<f32> = (0..ncols)
            .map(|i| match t.widths.get(i) {
                Some(w) if w.is_finite() && *w > 0.0 => *w,
                _ => 1.0,
            })
            .collect();
        let total: f32 = rel.iter().sum();
        let widths: Vec<f32> = rel.iter().map(|w| w / total * TEXT_W).collect();
        let xs: Vec<f32> = widths
            .iter()
            .scan(MARGIN_X, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();

        let wrap_row = |me: &mut Layout, cells: &[String], bold: bool| -> Vec<Vec<TLine>> {
            (0..ncols)
                .map(|i| {
                    let text = cells.get(i).map_or("", String::as_str);
                    me.wrap(&[span(text, bold)], SIZE, widths[i] - 2.0 * PAD)
                })
                .collect()
        };
        let header = if t.headers.is_empty() {
            None
        } else {
            Some(wrap_row(self, &t.headers, true))
        };
        let header_h = header.as_ref().map_or(0.0, |h| {
            h.iter().map(Vec::len).max().unwrap_or(1) as f32 * LH + 2.0 * PAD
        });

        // Draws `lines[from..from+n]` of every cell as one band of the row, at the cursor.
        let draw_band =
            |me: &mut Layout, cells: &[Vec<TLine>], from: usize, n: usize, fill: Option<Rgbf>| {
                let h = n as f32 * LH + 2.0 * PAD;
                for (i, lines) in cells.iter().enumerate() {
                    me.rect(xs[i], me.y, widths[i], h, fill, Some((RULE, 0.4)));
                    for (k, l) in lines.iter().skip(from).take(n).enumerate() {
                        let baseline = me.y + PAD + k as f32 * LH + (LH + SIZE * 0.7) / 2.0;
                        me.draw_line_at(l, xs[i] + PAD, baseline, SIZE);
                    }
                }
                me.y += h;
            };
        let draw_header = |me: &mut Layout| {
            if let Some(h) = &header {
                let n = h.iter().map(Vec::len).max().unwrap_or(1);
                draw_band(me, h, 0, n, Some(HEADER_FILL));
            }
        };

        let room_on_fresh_page = CONTENT_BOTTOM - CONTENT_TOP - header_h;
        // The header goes where its first row goes, never alone at the foot of a page.
        let first_h = t.rows.first().map_or(LH, |row| {
            let cells = wrap_row(self, row, false);
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * LH
        });
        self.ensure(header_h + first_h.min(room_on_fresh_page - 2.0 * PAD) + 2.0 * PAD);
        draw_header(self);
        for row in &t.rows {
            let cells = wrap_row(self, row, false);
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = n as f32 * LH + 2.0 * PAD;
            if self.y + h > CONTENT_BOTTOM && h <= room_on_fresh_page {
                self.new_page();
                draw_header(self);
            }
            // Split a row taller than the space left across pages, band by band. A band whose
            // first cell has run out repeats that cell's first line with "(cont.)", so every
            // piece of the row says what it belongs to.
            let mut cells = cells;
            let ident = row
                .first()
                .and_then(|c| c.lines().find(|l| !l.trim().is_empty()))
                .map(|l| format!("{} (cont.)", l.trim()));
            let mut from = 0;
            while from < n {
                let fit = ((CONTENT_BOTTOM - self.y - 2.0 * PAD) / LH)
                    .floor()
                    .max(0.0) as usize;
                if fit == 0 {
                    self.new_page();
                    draw_header(self);
                    continue;
                }
                let take = fit.min(n - from);
                if from > 0 && cells[0].len() <= from {
                    if let Some(ident) = &ident {
                        let cont = self.wrap(&[span(ident, false)], SIZE, widths[0] - 2.0 * PAD);
                        let mut col = vec![TLine::default(); from];
                        col.extend(cont);
                        cells[0] = col;
                    }
                }
                draw_band(self, &cells, from, take, None);
                from += take;
            }
        }
        self.y += 6.0;
    }

    /// The quad chart with every item written out in full. When the full chart is taller than
    /// a page, the chart shows the count per quadrant and the items follow as a table that runs
    /// over as many pages as it needs.
    fn quad(&mut self, q: &QuadFigure) {
        const SIZE: f32 = 7.5;
        const LH: f32 = 9.5;
        const HEAD_W: f32 = 64.0;
        const HEAD_H: f32 = 15.0;
        let col_w = (TEXT_W - HEAD_W) / 2.0;
        let quadrants = [
            ("Revealed fact", &q.revealed_fact),
            ("Revealed fiction", &q.revealed_fiction),
            ("Concealed fact", &q.concealed_fact),
            ("Concealed fiction", &q.concealed_fiction),
        ];
        let mut cells: Vec<Vec<TLine>> = quadrants
            .iter()
            .map(|(_, items)| {
                let mut lines = Vec::new();
                for item in items.iter() {
                    lines.extend(self.wrap(
                        &[span(&format!("• {item}"), false)],
                        SIZE,
                        col_w - 10.0,
                    ));
                }
                lines
            })
            .collect();
        let cell_h = |a: &Vec<TLine>, b: &Vec<TLine>| {
            (a.len().max(b.len()).max(1) as f32 * LH + 8.0).max(40.0)
        };
        let fits = HEAD_H + cell_h(&cells[0], &cells[1]) + cell_h(&cells[2], &cells[3]) + 2.0
            <= CONTENT_BOTTOM - CONTENT_TOP;
        if !fits {
            for (cell, (_, items)) in cells.iter_mut().zip(quadrants.iter()) {
                let text = match items.len() {
                    1 => "1 item, listed in full below".to_string(),
                    n => format!("{n} items, listed in full below"),
                };
                *cell = self.wrap(&[span(&text, false)], SIZE, col_w - 10.0);
            }
        }
        let heights = [cell_h(&cells[0], &cells[1]), cell_h(&cells[2], &cells[3])];

        self.y += 4.0;
        self.ensure(HEAD_H + heights[0] + heights[1] + 2.0);
        let top = self.y;
        let x_fact = MARGIN_X + HEAD_W;
        let x_fiction = x_fact + col_w;
        for (x, title) in [(x_fact, "Fact"), (x_fiction, "Fiction")] {
            self.rect(x, top, col_w, HEAD_H, Some(HEADER_FILL), Some((RULE, 0.5)));
            let l = self.fit_line(title, true, BLACK, 9.0, col_w - 8.0);
            self.draw_line_at(&l, x + (col_w - l.width) / 2.0, top + 10.5, 9.0);
        }
        let rows = [
            ("Revealed", [0.92, 0.95, 1.0], 0),
            ("Concealed", [0.94, 0.94, 0.94], 2),
        ];
        let mut y = top + HEAD_H;
        for ((title, tint, first), cell_h) in rows.iter().zip(heights) {
            self.rect(
                MARGIN_X,
                y,
                HEAD_W,
                cell_h,
                Some(HEADER_FILL),
                Some((RULE, 0.5)),
            );
            let l = self.fit_line(title, true, BLACK, 9.0, HEAD_W - 6.0);
            self.draw_line_at(&l, MARGIN_X + 4.0, y + cell_h / 2.0 + 3.0, 9.0);
            for c in 0..2 {
                let x = x_fact + c as f32 * col_w;
                self.rect(x, y, col_w, cell_h, Some(*tint), Some((RULE, 0.5)));
                let lines = std::mem::take(&mut cells[first + c]);
                for (k, l) in lines.iter().enumerate() {
                    self.draw_line_at(l, x + 5.0, y + 4.0 + k as f32 * LH + 7.0, SIZE);
                }
                if quadrants[first + c].1.is_empty() {
                    let l = self.fit_line("(none)", false, GREY_TEXT, SIZE, col_w - 10.0);
                    self.draw_line_at(&l, x + 5.0, y + 11.0, SIZE);
                }
            }
            y += cell_h;
        }
        self.y = y + 6.0;
        if !fits {
            self.table(&Table {
                headers: vec!["Quadrant".into(), "Item".into()],
                widths: vec![22.0, 78.0],
                rows: quadrants
                    .iter()
                    .flat_map(|(name, items)| {
                        items.iter().map(|i| vec![name.to_string(), i.clone()])
                    })
                    .collect(),
            });
        }
        let list = if q.unmarked.is_empty() {
            "none".to_string()
        } else {
            q.unmarked.join(", ")
        };
        self.paragraph(
            &[span("Not yet marked: ", true), span(&list, false)],
            MARGIN_X,
            TEXT_W,
            SMALL + 0.5,
        );
        self.y += 6.0;
    }

    fn checklist(&mut self, lines: &[CheckLine]) {
        let (yes, no) = if self.faces[BOLD].has('✓') && self.faces[BOLD].has('✗') {
            ("✓ ", "✗ ")
        } else {
            ("[x] ", "[ ] ")
        };
        let dash = if self.faces[BOLD].has('–') {
            "– "
        } else {
            "[-] "
        };
        for line in lines {
            // A check with nothing to check is neither ticked nor failed.
            let moot = !line.passed && line.severity == "not applicable";
            let (mark, color) = if line.passed {
                (yes, PASS)
            } else if moot {
                (dash, GREY_TEXT)
            } else {
                (no, FAIL)
            };
            let severity = format!("{} ", line.severity.to_uppercase());
            let spans = [
                Span {
                    text: mark,
                    bold: true,
                    color,
                },
                Span {
                    text: &severity,
                    bold: true,
                    color: if line.passed || moot {
                        GREY_TEXT
                    } else {
                        color
                    },
                },
                span(&line.title, false),
            ];
            // A moot check's one line is its reason, not an item to fix.
            let count = match line.details.len() {
                _ if moot => String::new(),
                0 => String::new(),
                1 => " (1 item)".to_string(),
                n => format!(" ({n} items)"),
            };
            let spans = [spans[0], spans[1], spans[2], span(&count, false)];
            self.paragraph(&spans, MARGIN_X, TEXT_W, BODY);
            // Grouped under their check and run together, so hundreds of items stay compact.
            if !line.details.is_empty() {
                let text = line.details.join(" · ");
                self.paragraph(
                    &[span(&text, false)],
                    MARGIN_X + 16.0,
                    TEXT_W - 16.0,
                    SMALL + 0.5,
                );
            }
            self.y += 3.0;
        }
        self.y += 3.0;
    }

    // ---- the document ----

    fn cover(&mut self, c: &OrderContent) {
        self.place = "the cover".into();
        self.new_page();
        self.y = 150.0;
        let kind = if c.kind.trim().is_empty() {
            "Operation order"
        } else {
            &c.kind
        };
        let lines = self.wrap(&[span(kind, false)], 16.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 16.0, 22.0);
        self.y += 10.0;
        let lines = self.wrap(&[span(&c.codename, true)], 30.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 30.0, 38.0);
        self.y += 4.0;
        let lines = self.wrap(&[span(&c.operation_name, false)], 14.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 14.0, 19.0);
        self.y += 40.0;
        self.ensure(60.0);
        self.line(MARGIN_X, self.y, MARGIN_X + TEXT_W, self.y, RULE, 0.6);
        self.y += 8.0;
        let lines = self.wrap(&[span("Document control", true)], 11.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 11.0, 16.0);
        self.y += 2.0;
        let distribution = if c.distribution.is_empty() {
            "—".to_string()
        } else {
            c.distribution.join("\n")
        };
        // The order's front matter first, then its document control.
        let front = c.front_matter.iter().map(|(l, v)| (l.as_str(), v.as_str()));
        let rows = front.chain([
            ("Handling", c.handling_marking.as_str()),
            ("Version", &c.version),
            ("Date", &c.date),
            ("Prepared by", &c.prepared_by),
            ("Approver", &c.approver),
            ("Approval date", &c.approval_date),
            ("Distribution", &distribution),
        ]);
        // Wide enough for the longest front-matter label ("Issuing organisation").
        const LABEL_W: f32 = 120.0;
        for (label, value) in rows {
            let value = if value.trim().is_empty() {
                "—"
            } else {
                value
            };
            let lines = self.wrap(&[span(value, false)], BODY + 0.5, TEXT_W - LABEL_W);
            self.ensure(14.0);
            let l = self.fit_line(label, true, BLACK, BODY + 0.5, LABEL_W - 6.0);
            self.draw_line_at(
                &l,
                MARGIN_X,
                self.y + (14.0 + (BODY + 0.5) * 0.7) / 2.0,
                BODY + 0.5,
            );
            self.flow(&lines, MARGIN_X + LABEL_W, BODY + 0.5, 14.0);
            self.y += 2.0;
        }
    }

    /// A short document's head: what it is, the operation, and its version and date on one line.
    fn title_block(&mut self, c: &OrderContent) {
        self.place = "the title block".into();
        let kind = if c.kind.trim().is_empty() {
            "Operation order"
        } else {
            &c.kind
        };
        let lines = self.wrap(&[span(kind, false)], 12.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 12.0, 16.0);
        let name = if c.codename.trim().is_empty() {
            &c.operation_name
        } else {
            &c.codename
        };
        let lines = self.wrap(&[span(name, true)], 20.0, TEXT_W);
        self.flow(&lines, MARGIN_X, 20.0, 25.0);
        if !c.codename.trim().is_empty() && !c.operation_name.trim().is_empty() {
            let lines = self.wrap(&[span(&c.operation_name, false)], 11.0, TEXT_W);
            self.flow(&lines, MARGIN_X, 11.0, 15.0);
        }
        let mut meta = Vec::new();
        if !c.version.trim().is_empty() {
            meta.push(format!("Version {}", c.version));
        }
        if !c.date.trim().is_empty() {
            meta.push(format!("{} {}", c.date_label, c.date));
        }
        if !c.prepared_by.trim().is_empty() {
            meta.push(format!("prepared by {}", c.prepared_by));
        }
        // The band may have to cut a long marking; here it is whole.
        if !c.handling_marking.trim().is_empty() {
            meta.push(format!("handling {}", c.handling_marking));
        }
        if !meta.is_empty() {
            self.y += 2.0;
            let lines = self.wrap(&[span(&meta.join(" · "), false)], BODY, TEXT_W);
            self.flow(&lines, MARGIN_X, BODY, BODY + 4.0);
        }
        self.y += 6.0;
        self.line(MARGIN_X, self.y, MARGIN_X + TEXT_W, self.y, RULE, 0.6);
        self.y += 10.0;
    }

    fn toc(&mut self, first_page: usize, entries: &[TocEntry]) {
        const LH: f32 = 17.0;
        let per_page = toc_per_page();
        for (p, chunk) in entries.chunks(per_page.max(1)).enumerate() {
            self.cur = first_page + p;
            self.y = CONTENT_TOP;
            let title = if p == 0 {
                "Contents"
            } else {
                "Contents (continued)"
            };
            let lines = self.wrap(&[span(title, true)], 14.0, TEXT_W);
            self.flow(&lines, MARGIN_X, 14.0, 20.0);
            self.y += 8.0;
            for e in chunk {
                let indent = if e.sub { 14.0 } else { 0.0 };
                let num = (e.page + 1).to_string();
                let num_l = self.fit_line(&num, false, BLACK, 10.0, 40.0);
                let label = self.fit_line(&e.label, false, BLACK, 10.0, TEXT_W - 60.0 - indent);
                let base = self.y + 12.0;
                self.draw_line_at(&label, MARGIN_X + indent, base, 10.0);
                self.draw_line_at(&num_l, MARGIN_X + TEXT_W - num_l.width, base, 10.0);
                // Dot leaders, as many ". " as fit between the label and the number.
                let pair = self.text_width(". ", false, 10.0);
                let from = MARGIN_X + indent + label.width + 6.0;
                let to = MARGIN_X + TEXT_W - num_l.width - 6.0;
                if pair > 0.0 && to > from {
                    let n = ((to - from) / pair).floor() as usize;
                    let dots = ". ".repeat(n);
                    let l = self.fit_line(&dots, false, GREY_TEXT, 10.0, to - from + 1.0);
                    self.draw_line_at(&l, to - l.width, base, 10.0);
                }
                self.y += LH;
            }
            if entries.is_empty() {
                let l = self.fit_line("(no sections)", false, GREY_TEXT, 10.0, TEXT_W);
                self.draw_line_at(&l, MARGIN_X, self.y + 12.0, 10.0);
            }
        }
    }

    fn section(&mut self, s: &Section, toc: &mut Vec<TocEntry>) {
        // An annex that is a timeline is printed on landscape pages, from its heading on.
        let landscape = s.annex && matches!(s.blocks.first(), Some(Block::Timeline(_)));
        if landscape != self.landscape_mode && !self.pages.is_empty() {
            self.landscape_mode = landscape;
            self.new_page();
        } else if s.annex && !self.page_is_fresh() {
            self.new_page();
        }
        let label = section_label(s);
        self.section_heading(&label);
        // The heading may have moved to a new page to keep with its text: record it after.
        let page = self.cur;
        toc.push(TocEntry {
            label,
            page,
            sub: false,
        });
        let mut i = 0;
        while i < s.blocks.len() {
            // The paragraphs' sub-headings (a fixed set) go into the contents too; an annex's
            // (one per persona, say) would grow it with the data, so they stay bookmarks only.
            let marks = self.outline.len();
            let sub = !s.annex && matches!(s.blocks[i], Block::Heading { .. });
            // A sub-heading stays with the figure or table below it: a figure that moves to a
            // new page takes its heading along.
            if let (Block::Heading { .. }, Some(next)) = (&s.blocks[i], s.blocks.get(i + 1)) {
                match next {
                    Block::Quad(_) => self.ensure(120.0),
                    Block::Table(_) => self.ensure(60.0),
                    _ => {}
                }
            }
            self.block(&s.blocks[i]);
            self.contents_entry(sub, marks, toc);
            i += 1;
        }
    }

    /// Adds the sub-heading just drawn (its bookmark, recorded since `marks`) to the contents.
    fn contents_entry(&self, sub: bool, marks: usize, toc: &mut Vec<TocEntry>) {
        if let Some(m) = self.outline[marks..]
            .iter()
            .find(|m| m.level == 1)
            .filter(|_| sub)
        {
            toc.push(TocEntry {
                label: m.title.clone(),
                page: m.page,
                sub: true,
            });
        }
    }

    /// Banners, header and footer on every page, now that the page count is known.
    fn furniture(&mut self, c: &OrderContent) {
        self.place = "the page header and marking band".into();
        let n = self.pages.len();
        let name = if c.codename.trim().is_empty() {
            c.operation_name.as_str()
        } else {
            c.codename.as_str()
        };
        let kind = if c.kind.trim().is_empty() {
            "Operation order"
        } else {
            &c.kind
        };
        let has_version = !c.version.trim().is_empty();
        let left = if name.trim().is_empty() {
            kind.to_string()
        } else {
            format!("{name} — {kind}")
        };
        let version = if has_version {
            format!("Version {}", c.version)
        } else {
            String::new()
        };
        // The footer names the document and which issue of it this is: version and date (of issue,
        // or of the draft).
        let mut foot = Vec::new();
        if !name.trim().is_empty() {
            foot.push(name.to_string());
        }
        if has_version {
            foot.push(format!("version {}", c.version));
        }
        if !c.date.trim().is_empty() {
            foot.push(format!("{} {}", c.date_label, c.date));
        }
        let foot_left = foot.join(" · ");
        let (band, ink) = marking_colours(&c.handling_marking);
        // The marking: shrunk to fit the width (down to 6pt), then cut.
        let mut msize = 9.0f32;
        let full_w = self.text_width_capped(&c.handling_marking, 9.0);
        if full_w > TEXT_W - 12.0 {
            msize = (9.0 * (TEXT_W - 12.0) / full_w).max(6.0);
        }
        let marking = self.fit_line(&c.handling_marking, true, ink, msize, TEXT_W - 12.0);
        let head_l = self.fit_line(&left, false, GREY_TEXT, 7.5, TEXT_W * 0.62);
        let head_r = self.fit_line(&version, false, GREY_TEXT, 7.5, TEXT_W * 0.35);
        let foot_l = self.fit_line(&foot_left, false, GREY_TEXT, 7.5, TEXT_W * 0.62);
        for p in 0..n {
            self.cur = p;
            let (pw, ph) = self.page_size(p);
            let tw = pw - 2.0 * MARGIN_X;
            // Top banner.
            self.rect(MARGIN_X - 10.0, 14.0, tw + 20.0, 17.0, Some(band), None);
            self.draw_line_at(
                &marking,
                (pw - marking.width) / 2.0,
                14.0 + 8.5 + msize * 0.35,
                msize,
            );
            // Header line.
            self.draw_line_at(&head_l, MARGIN_X, 44.0, 7.5);
            self.draw_line_at(&head_r, MARGIN_X + tw - head_r.width, 44.0, 7.5);
            self.line(MARGIN_X, 48.5, MARGIN_X + tw, 48.5, RULE, 0.4);
            // Footer line.
            let fy = ph - 44.0;
            self.line(MARGIN_X, fy - 9.5, MARGIN_X + tw, fy - 9.5, RULE, 0.4);
            let page_no = format!("Page {} of {}", p + 1, n);
            let pn = self.fit_line(&page_no, false, GREY_TEXT, 7.5, TEXT_W * 0.35);
            self.draw_line_at(&foot_l, MARGIN_X, fy, 7.5);
            self.draw_line_at(&pn, MARGIN_X + tw - pn.width, fy, 7.5);
            // Bottom banner.
            self.rect(
                MARGIN_X - 10.0,
                ph - 31.0,
                tw + 20.0,
                17.0,
                Some(band),
                None,
            );
            self.draw_line_at(
                &marking,
                (pw - marking.width) / 2.0,
                ph - 31.0 + 8.5 + msize * 0.35,
                msize,
            );
        }
    }

    /// The width of `text`, measured only up to a little past the page width.
    fn text_width_capped(&mut self, text: &str, size: f32) -> f32 {
        let mut w = 0.0;
        for c in text.chars() {
            if let Some(g) = self.glyph(c, true, BLACK, size) {
                w += g.w;
            }
            if w > PAGE_W * 2.0 {
                break;
            }
        }
        w
    }
}

/// Whether the text's first letter (or its first line's, when it has several) is written right
/// to left: such a paragraph is ordered and aligned from the right.
fn is_rtl_paragraph(spans: &[Span<'_>]) -> bool {
    if !spans
        .iter()
        .any(|s| s.text.chars().any(|c| c >= '\u{0590}'))
    {
        return false;
    }
    let text: String = spans.iter().map(|s| s.text).collect();
    matches!(
        unicode_bidi::get_base_direction(text.as_str()),
        unicode_bidi::Direction::Rtl
    )
}

/// The mirror image of a paired bracket, drawn in a right-to-left run (Unicode's
/// Bidi_Mirroring_Glyph for the brackets our fonts have).
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}

/// The banner's fill and text colours: a TLP 2.0 label found in the marking gets its FIRST
/// colour on black; any other marking a neutral band.
fn marking_colours(marking: &str) -> (Rgbf, Rgbf) {
    match tlp_label(marking) {
        Some(Tlp::Red) => (BLACK, [1.0, 0.169, 0.169]),
        Some(Tlp::Amber) => (BLACK, [1.0, 0.753, 0.0]),
        Some(Tlp::Green) => (BLACK, [0.2, 1.0, 0.0]),
        Some(Tlp::Clear) => (BLACK, [1.0, 1.0, 1.0]),
        None => (BAND, BLACK),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tlp {
    Red,
    /// TLP:AMBER and TLP:AMBER+STRICT share a colour.
    Amber,
    Green,
    Clear,
}

/// The first TLP 2.0 label in `marking` ("TLP:AMBER // EXERCISE" is amber), as a whole word.
fn tlp_label(marking: &str) -> Option<Tlp> {
    let upper = marking.to_uppercase();
    let mut from = 0;
    while let Some(at) = upper[from..].find("TLP:") {
        let start = from + at;
        let before_ok = upper[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let rest = &upper[start + 4..];
        for (word, tlp) in [
            ("AMBER+STRICT", Tlp::Amber),
            ("AMBER", Tlp::Amber),
            ("RED", Tlp::Red),
            ("GREEN", Tlp::Green),
            ("CLEAR", Tlp::Clear),
        ] {
            let after_ok = rest.strip_prefix(word).map(|tail| {
                tail.chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric() && c != '+')
            });
            if before_ok && after_ok == Some(true) {
                return Some(tlp);
            }
        }
        from = start + 4;
    }
    None
}

fn section_label(s: &Section) -> String {
    if s.annex {
        format!("Annex {}  {}", s.number, s.title)
    } else {
        format!("{}  {}", s.number, s.title)
    }
}

fn toc_per_page() -> usize {
    ((CONTENT_BOTTOM - CONTENT_TOP - 30.0) / 17.0).floor() as usize
}

// ---------------------------------------------------------------------------------------------
// Writing the PDF

/// The subset of `face` holding the chars used, as a font printpdf embeds as it is; `None` if
/// subsetting fails (the caller embeds the whole face then).
fn subset_face(face: &Face, used: &BTreeSet<char>, tag: &str) -> Option<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    // New glyph id = position in `gids` (allsorts' rule), .notdef first.
    let mut gids: Vec<u16> = vec![0];
    let mut new_gid: HashMap<u16, u16> = HashMap::new();
    let mut cmap: BTreeMap<u32, u16> = BTreeMap::new();
    for &c in used {
        let &(gid, _) = face.glyphs.get(&c)?;
        let id = *new_gid.entry(gid).or_insert_with(|| {
            gids.push(gid);
            (gids.len() - 1) as u16
        });
        cmap.insert(c as u32, id);
    }
    let scope = ReadScope::new(face.bytes);
    let data = scope.read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(face.index as usize).ok()?;
    let bytes = subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut warnings)?;
    if (0..gids.len() as u16).any(|g| font.get_glyph_width(g).is_none()) {
        return None;
    }
    font.codepoint_to_glyph = cmap;
    font.font_name = Some(format!("{tag}+{}", face.name));
    Some(font)
}

fn full_face(face: &Face) -> crate::Result<ParsedFont> {
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(face.bytes, face.index as usize, &mut warnings)
        .ok_or_else(|| {
            FeintError::invalid(format!("the embedded font {} cannot be read", face.name))
        })?;
    font.font_name = Some(face.name.to_string());
    Ok(font)
}

fn rgb(c: Rgbf) -> Color {
    Color::Rgb(Rgb::new(c[0], c[1], c[2], None))
}

fn pt(x: f32, y_from_top: f32, page_h: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(page_h - y_from_top),
    }
}

fn page_ops(prims: &[Prim], font_ids: &[FontId], page_h: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(prims.len() * 4);
    for p in prims {
        match p {
            Prim::Text {
                x,
                y,
                size,
                font,
                color,
                text,
            } => {
                ops.push(Op::SetFillColor { col: rgb(*color) });
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_ids[*font].clone()),
                    size: Pt(*size),
                });
                ops.push(Op::SetTextCursor {
                    pos: pt(*x, *y, page_h),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    (None, Some(_)) => PaintMode::Stroke,
                    (None, None) => continue,
                };
                if let Some(f) = fill {
                    ops.push(Op::SetFillColor { col: rgb(*f) });
                }
                if let Some((s, width)) = stroke {
                    ops.push(Op::SetOutlineColor { col: rgb(*s) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                }
                let mut rect = Rect::from_xywh(Pt(*x), Pt(page_h - y - h), Pt(*w), Pt(*h));
                rect.mode = Some(mode);
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
            Prim::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                ops.push(Op::SetOutlineColor { col: rgb(*color) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, *y1, page_h),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, *y2, page_h),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }
    ops
}

/// A TrueType font program (not CFF, not a collection): printpdf encodes its text as glyph ids.
fn is_plain_truetype(program: &[u8]) -> bool {
    program.starts_with(&[0, 1, 0, 0]) || program.starts_with(b"true")
}

/// One text operation per font naming each glyph the pages draw once, with the char printpdf
/// would record for it (the last drawn), so its font dictionaries (widths, ToUnicode) are the
/// ones it writes for the whole document.
fn glyph_usage_ops(pages: &[Vec<Prim>], maps: &[HashMap<char, u16>], ids: &[FontId]) -> Vec<Op> {
    let mut last: Vec<BTreeMap<u16, char>> = vec![BTreeMap::new(); maps.len()];
    for p in pages.iter().flatten() {
        if let Prim::Text { font, text, .. } = p {
            for c in text.chars() {
                if let Some(&gid) = maps[*font].get(&c) {
                    last[*font].insert(gid, c);
                }
            }
        }
    }
    let mut ops = Vec::new();
    for (font, glyphs) in last.iter().enumerate() {
        if glyphs.is_empty() {
            continue;
        }
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(ids[font].clone()),
            size: Pt(1.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(glyphs.values().collect())],
        });
        ops.push(Op::EndTextSection);
    }
    ops
}

/// Puts the directly written content streams in place of printpdf's, page by page.
fn set_page_streams(pdf: &mut lopdf::Document, streams: Vec<Vec<u8>>) -> crate::Result<()> {
    let broken = || FeintError::invalid("the PDF writer produced a page without its contents");
    let pages = pdf.get_pages();
    if pages.len() != streams.len() {
        return Err(broken());
    }
    for (id, content) in pages.values().zip(streams) {
        let contents = pdf
            .get_dictionary(*id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|_| broken())?;
        match pdf.get_object_mut(contents) {
            Ok(lopdf::Object::Stream(stream)) => stream.set_content(content),
            _ => return Err(broken()),
        }
    }
    Ok(())
}

/// Every page's content stream, the pages split in runs over the cores (each page is written
/// on its own, so the bytes do not depend on the split).
fn page_streams(
    pages: &[Vec<Prim>],
    sizes: &[(f32, f32)],
    maps: &[HashMap<char, u16>],
) -> Vec<Vec<u8>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    let run = pages.len().div_ceil(workers).max(1);
    let write_run = |(prims, sizes): (&[Vec<Prim>], &[(f32, f32)])| -> Vec<Vec<u8>> {
        let mut numbers = NumberCache::default();
        prims
            .iter()
            .zip(sizes)
            .map(|(prims, &(_, h))| page_stream(prims, maps, h, &mut numbers))
            .collect()
    };
    std::thread::scope(|scope| {
        let mut runs = pages.chunks(run).zip(sizes.chunks(run));
        let own = runs.next();
        let others: Vec<_> = runs.map(|r| scope.spawn(move || write_run(r))).collect();
        let mut streams = own.map(write_run).unwrap_or_default();
        for other in others {
            streams.extend(other.join().expect("a page's content stream is written"));
        }
        streams
    })
}

/// A page's content stream: the operations [`page_ops`] gives printpdf, written as printpdf
/// and lopdf write them (operands each followed by a space, operations one per line, numbers
/// as Rust prints an `f32`, text as hexadecimal glyph ids).
fn page_stream(
    prims: &[Prim],
    maps: &[HashMap<char, u16>],
    page_h: f32,
    numbers: &mut NumberCache,
) -> Vec<u8> {
    let mut w = ContentWriter {
        out: Vec::with_capacity(prims.len() * 40),
        numbers,
    };
    for p in prims {
        match p {
            Prim::Text {
                x,
                y,
                size,
                font,
                color,
                text,
            } => {
                w.numbers(color, "rg");
                w.op("BT");
                w.start();
                w.out.push(b'/');
                w.out
                    .extend_from_slice(format!("F{} ", font + 1).as_bytes());
                w.number(*size);
                w.out.extend_from_slice(b"Tf");
                w.numbers(&[*x, page_h - y], "Td");
                w.start();
                w.out.push(b'<');
                for c in text.chars() {
                    let gid = maps[*font].get(&c).copied().unwrap_or(0);
                    for b in gid.to_be_bytes() {
                        w.out.push(HEX[usize::from(b >> 4)]);
                        w.out.push(HEX[usize::from(b & 15)]);
                    }
                }
                w.out.extend_from_slice(b"> Tj");
                w.op("ET");
            }
            Prim::Rect {
                x,
                y,
                w: width,
                h,
                fill,
                stroke,
            } => {
                let paint = match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => continue,
                };
                if let Some(f) = fill {
                    w.numbers(f, "rg");
                }
                if let Some((s, line)) = stroke {
                    w.numbers(s, "RG");
                    w.numbers(&[*line], "w");
                }
                w.numbers(&[*x, page_h - y - h, *width, *h], "re");
                w.op(paint);
            }
            Prim::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
            } => {
                w.numbers(color, "RG");
                w.numbers(&[*width], "w");
                w.numbers(&[*x1, page_h - y1], "m");
                w.numbers(&[*x2, page_h - y2], "l");
                w.op("S");
            }
        }
    }
    w.out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Numbers as Rust prints an `f32`, each distinct one formatted once: pages repeat colours,
/// sizes, margins and baselines.
#[derive(Default)]
struct NumberCache(HashMap<u32, Box<[u8]>>);

impl NumberCache {
    fn write(&mut self, v: f32, out: &mut Vec<u8>) {
        let text = self
            .0
            .entry(v.to_bits())
            .or_insert_with(|| v.to_string().into_bytes().into_boxed_slice());
        out.extend_from_slice(text);
    }
}

struct ContentWriter<'n> {
    out: Vec<u8>,
    numbers: &'n mut NumberCache,
}

impl ContentWriter<'_> {
    /// Starts an operation: on a new line after the first.
    fn start(&mut self) {
        if !self.out.is_empty() {
            self.out.push(b'\n');
        }
    }

    fn number(&mut self, v: f32) {
        self.numbers.write(v, &mut self.out);
        self.out.push(b' ');
    }

    fn numbers(&mut self, values: &[f32], operator: &str) {
        self.start();
        for &v in values {
            self.number(v);
        }
        self.out.extend_from_slice(operator.as_bytes());
    }

    fn op(&mut self, operator: &str) {
        self.start();
        self.out.extend_from_slice(operator.as_bytes());
    }
}

/// The document's date (an ISO date, optionally followed by a time) as a PDF date; the Unix
/// epoch when it cannot be read. Never the clock, so one content renders to one file.
fn pdf_date(iso: &str) -> printpdf::OffsetDateTime {
    let secs = iso
        .get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |dt| dt.and_utc().timestamp());
    printpdf::OffsetDateTime::from_unix_timestamp(secs)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
        .expect("the epoch is a valid date")
}

/// printpdf writes a random document ID (`/ID [(…) (…)]` in the trailer). Overwrite both
/// strings, in place and at the same length, with a hash of the rest of the file, so a render
/// is byte-for-byte repeatable.
fn fix_document_id(bytes: &mut [u8]) {
    let Some(at) = bytes.windows(3).rposition(|w| w == b"/ID") else {
        return;
    };
    // FNV-1a over everything before the ID.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in &bytes[..at] {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let hex = format!("{h:016x}{:016x}", h.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15);
    let mut i = at + 3;
    let end = (at + 120).min(bytes.len());
    let mut strings = 0;
    while i < end && strings < 2 {
        if bytes[i] == b'(' {
            let start = i + 1;
            let Some(len) = bytes[start..end].iter().position(|&b| b == b')') else {
                return;
            };
            if len == 32
                && bytes[start..start + len]
                    .iter()
                    .all(u8::is_ascii_alphanumeric)
            {
                bytes[start..start + len].copy_from_slice(hex.as_bytes());
            }
            strings += 1;
            i = start + len + 1;
        } else {
            i += 1;
        }
    }
}

/// What printpdf's writer leaves to us: the outline, and no PDF/X claim.
fn finish(
    pdf: &mut lopdf::Document,
    outline: &[OutlineMark],
    page_heights: &[f32],
) -> crate::Result<()> {
    // printpdf always writes `/GTS_PDFXVersion()` into the document info, which readers take
    // as a claim of PDF/X conformance the file does not make.
    if let Ok(info) = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
    {
        if let Ok(dict) = pdf.get_dictionary_mut(info) {
            dict.remove(b"GTS_PDFXVersion");
        }
    }
    add_outline(pdf, outline, page_heights)
}

/// The outline (bookmarks): every paragraph and annex, each holding its sub-headings, in the
/// order they are printed, each opening its page at the heading. printpdf's own bookmarks are
/// one flat list sorted by page and then title, which would reorder headings on a page.
fn add_outline(
    pdf: &mut lopdf::Document,
    marks: &[OutlineMark],
    page_heights: &[f32],
) -> crate::Result<()> {
    use lopdf::{Dictionary, Object, ObjectId};

    if marks.is_empty() {
        return Ok(());
    }
    let pages = pdf.get_pages();
    let page_id = |page: usize| pages.get(&(page as u32 + 1)).copied();
    let root = pdf.new_object_id();
    // Item ids first, so siblings can point at each other.
    let ids: Vec<ObjectId> = marks.iter().map(|_| pdf.new_object_id()).collect();
    // Parent of each item, and the children of each parent, in order.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut top: Vec<usize> = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); marks.len()];
    let mut last_top: Option<usize> = None;
    for (i, m) in marks.iter().enumerate() {
        match (m.level, last_top) {
            (0, _) | (_, None) => {
                top.push(i);
                last_top = Some(i);
                parent.push(None);
            }
            (_, Some(p)) => {
                children[p].push(i);
                parent.push(Some(p));
            }
        }
    }
    let siblings = |i: usize| -> &[usize] {
        match parent[i] {
            Some(p) => &children[p],
            None => &top,
        }
    };
    for (i, m) in marks.iter().enumerate() {
        let Some(page) = page_id(m.page) else {
            return Err(FeintError::invalid(
                "a heading of the order lies on a page the PDF does not have",
            ));
        };
        let sib = siblings(i);
        let at = sib.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = Dictionary::new();
        dict.set(
            "Title",
            Object::String(utf16be(&m.title), lopdf::StringFormat::Hexadecimal),
        );
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(
                    page_heights.get(m.page).copied().unwrap_or(PAGE_H) - (m.y - 4.0).max(0.0),
                ),
                Object::Null,
            ]),
        );
        if at > 0 {
            dict.set("Prev", Object::Reference(ids[sib[at - 1]]));
        }
        if let Some(&next) = sib.get(at + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = &children[i];
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            // Negative: closed, so the outline opens as the list of paragraphs and annexes.
            dict.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        pdf.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(ids[top[0]]));
    outlines.set("Last", Object::Reference(ids[top[top.len() - 1]]));
    outlines.set("Count", Object::Integer(top.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(outlines));
    let catalog = pdf
        .catalog_mut()
        .map_err(|_| FeintError::invalid("the PDF writer produced no document catalog"))?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Deflates every stream that may be compressed and is not yet, as lopdf's `compress` does but
/// at zlib's default level (its best level took half of the whole export's layout time on the
/// 300-event order for streams under 2% smaller), spread over the cores: each stream is
/// deflated on its own, so the bytes do not depend on which thread did it.
fn compress_streams(pdf: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(stream)
                if stream.allows_compression && stream.dict.get(b"Filter").is_err() =>
            {
                Some(stream)
            }
            _ => None,
        })
        .collect();
    // Largest first, each to the least loaded worker, so the font programs do not all land
    // on one.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    let mut shares: Vec<(usize, Vec<&mut lopdf::Stream>)> =
        (0..workers).map(|_| (0, Vec::new())).collect();
    for stream in streams {
        let lightest = shares
            .iter_mut()
            .min_by_key(|(load, _)| *load)
            .expect("at least one worker");
        lightest.0 += stream.content.len();
        lightest.1.push(stream);
    }
    std::thread::scope(|scope| {
        let mut shares = shares.into_iter().map(|(_, share)| share);
        let own = shares.next().unwrap_or_default();
        for share in shares {
            scope.spawn(move || share.into_iter().for_each(deflate));
        }
        own.into_iter().for_each(deflate);
    });
}

fn deflate(stream: &mut lopdf::Stream) {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 2),
        flate2::Compression::default(),
    );
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    let Ok(compressed) = encoder.finish() else {
        return;
    };
    // Kept plain where deflating would not pay for the filter's name in the dictionary.
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// A PDF text string: UTF-16BE with its byte order mark.
fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// Lays `content` out as an A4 PDF.
pub fn render(content: &OrderContent) -> crate::Result<RenderedPdf> {
    render_with(content, true)
}

/// [`render`], writing the pages' content streams directly when `direct_streams` (and the
/// fonts allow it), else through printpdf's operations; the file is the same either way.
fn render_with(content: &OrderContent, direct_streams: bool) -> crate::Result<RenderedPdf> {
    let mut clock = Phases::default();
    let faces = faces()?;
    clock.lap("load fonts");
    let l = lay_out(content, faces);
    clock.lap("lay out");

    let mut doc = PdfDocument::new("");
    let fonts = embed_fonts(&mut doc, &l)?;
    clock.lap("subset fonts");
    describe(&mut doc.metadata.info, content);

    let sizes: Vec<(f32, f32)> = (0..l.pages.len()).map(|p| l.page_size(p)).collect();
    // Content streams written directly where they can be: the same bytes printpdf writes for
    // these operations, without building its operations and their lopdf objects first (most of
    // its conversion time). printpdf still writes everything else; a page of its operations
    // naming each glyph once gives it the fonts' used glyphs. Fonts whose codes are not their
    // glyph ids (CFF) go through printpdf's own path.
    let direct = (direct_streams && fonts.all_truetype)
        .then(|| page_streams(&l.pages, &sizes, &fonts.glyph_maps));
    let pages: Vec<PdfPage> = l
        .pages
        .iter()
        .zip(&sizes)
        .enumerate()
        .map(|(p, (prims, &(w, h)))| {
            let ops = match direct {
                Some(_) if p == 0 => glyph_usage_ops(&l.pages, &fonts.glyph_maps, &fonts.ids),
                Some(_) => Vec::new(),
                None => page_ops(prims, &fonts.ids, h),
            };
            PdfPage::new(Pt(w).into(), Pt(h).into(), ops)
        })
        .collect();
    let page_count = pages.len();
    doc.with_pages(pages);
    clock.lap("page operations");

    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(streams) = direct {
        set_page_streams(&mut pdf, streams)?;
    }
    clock.lap("printpdf to lopdf");
    let heights: Vec<f32> = sizes.iter().map(|s| s.1).collect();
    finish(&mut pdf, &l.outline, &heights)?;
    compress_streams(&mut pdf);
    clock.lap("compress");
    let mut bytes = Vec::new();
    if pdf.save_to(&mut bytes).is_err() || !bytes.starts_with(b"%PDF") {
        return Err(FeintError::invalid("the PDF writer produced no document"));
    }
    fix_document_id(&mut bytes);
    clock.lap("serialise");
    Ok(RenderedPdf {
        bytes,
        pages: page_count,
        missing_glyphs: l.missing,
        missing_places: l.missing_places,
        phases: clock.phases,
    })
}

/// Every page laid out: the cover, the contents (filled in once the sections know their
/// pages), the sections, and the furniture (marking, footer) on each page. A briefing is
/// compact: a title block and its sections, no cover or contents.
fn lay_out(content: &OrderContent, faces: &'static [Face; 2]) -> Layout {
    let mut l = Layout::new(faces);
    let mut toc = Vec::new();
    if content.compact {
        l.new_page();
        l.title_block(content);
        for s in &content.sections {
            l.section(s, &mut toc);
        }
    } else {
        l.cover(content);
        let toc_pages = contents_entries(content).div_ceil(toc_per_page()).max(1);
        let toc_first = l.pages.len();
        for _ in 0..toc_pages {
            l.new_page();
        }
        l.new_page();
        for s in &content.sections {
            l.section(s, &mut toc);
        }
        // A trailing empty page (nothing after the last section header move) is dropped.
        if l.pages.len() > toc_first + toc_pages + 1 && l.pages.last().is_some_and(Vec::is_empty) {
            l.pages.pop();
            l.landscape.pop();
        }
        l.toc(toc_first, &toc);
        l.outline.insert(
            0,
            OutlineMark {
                level: 0,
                title: "Contents".into(),
                page: toc_first,
                y: CONTENT_TOP,
            },
        );
    }
    l.furniture(content);
    l
}

/// The lines of the contents: a line per section and per paragraph sub-heading (annexes list
/// only their title). The contents pages are reserved before the sections are laid out, and
/// their number depends only on this.
fn contents_entries(content: &OrderContent) -> usize {
    content
        .sections
        .iter()
        .map(|s| {
            let subs = s
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Heading { .. }));
            1 + if s.annex { 0 } else { subs.count() }
        })
        .sum()
}

/// The fonts as embedded: their resource names, each one's char → glyph map (as printpdf
/// encodes text with it), and whether all are plain TrueType (glyph codes are glyph ids).
struct EmbeddedFonts {
    ids: Vec<FontId>,
    glyph_maps: Vec<HashMap<char, u16>>,
    all_truetype: bool,
}

/// Embeds each face with only the glyphs drawn, each subset on its own.
fn embed_fonts(doc: &mut PdfDocument, l: &Layout) -> crate::Result<EmbeddedFonts> {
    let mut used: Vec<BTreeSet<char>> = vec![BTreeSet::new(); l.faces.len()];
    for p in l.pages.iter().flatten() {
        if let Prim::Text { font, text, .. } = p {
            used[*font].extend(text.chars());
        }
    }
    let ids: Vec<FontId> = (1..=l.faces.len())
        .map(|i| FontId(format!("F{i}")))
        .collect();
    let mut glyph_maps = Vec::with_capacity(l.faces.len());
    let mut all_truetype = true;
    for (i, face) in l.faces.iter().enumerate() {
        // Subset tags are six capitals: FEINTA, FEINTB, then one per system face.
        let tag = format!("FEINT{}", char::from(b'A' + (i % 26) as u8));
        let font = match subset_face(face, &used[i], &tag) {
            Some(f) => f,
            None => full_face(face)?,
        };
        all_truetype &= is_plain_truetype(&font.original_bytes);
        glyph_maps.push(
            font.codepoint_to_glyph
                .iter()
                .filter_map(|(&cp, &gid)| Some((char::from_u32(cp)?, gid)))
                .collect(),
        );
        doc.resources
            .fonts
            .map
            .insert(ids[i].clone(), printpdf::PdfFont::new(font));
    }
    Ok(EmbeddedFonts {
        ids,
        glyph_maps,
        all_truetype,
    })
}

/// The document information: title, author, subject and the order's own date (never the
/// time of export, so one file gives the same bytes).
fn describe(info: &mut printpdf::PdfDocumentInfo, content: &OrderContent) {
    let name = if content.codename.trim().is_empty() {
        &content.operation_name
    } else {
        &content.codename
    };
    let kind = if content.kind.trim().is_empty() {
        "Operation order"
    } else {
        &content.kind
    };
    info.document_title = format!("{kind} — {name}");
    info.author = if content.prepared_by.trim().is_empty() {
        "Feint".to_string()
    } else {
        content.prepared_by.clone()
    };
    info.creator = "Feint".to_string();
    info.producer = "Feint".to_string();
    info.subject = content.operation_name.clone();
    let date = pdf_date(&content.date);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
}

/// Wall time per phase of a render.
struct Phases {
    last: std::time::Instant,
    phases: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Phases {
    fn default() -> Self {
        Phases {
            last: std::time::Instant::now(),
            phases: Vec::new(),
        }
    }
}

impl Phases {
    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
pub(super) mod tests;
