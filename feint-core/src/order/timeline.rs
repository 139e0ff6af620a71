//! The storyboard timeline, laid out on landscape pages, one week to a page.
//!
//! The rule that keeps a one-hour event readable: a page shows the seven days D+7k to D+7k+6
//! across a plot about 620 pt wide, so an hour is about 3.7 pt (1.3 mm) and no bar is drawn
//! narrower than 3 pt; every bar carries its label (the event's number and title, the title
//! shortened to fit 150 pt at 5.5 pt) on the line just above it. Within a lane, bars are packed into rows
//! so that no label touches a bar or another label; a lane grows as many rows as it needs, and
//! rows that do not fit on the page continue on the next one under a repeated header. A week
//! with no event and no marker is left out, and so is a lane with no event in that week; the
//! annex's opening sentence says both.

use super::*;
use crate::order::content::{BarMarking, BarTruth, TimelineBar, TimelineFigure};

const DAYS_PER_PAGE: i64 = 7;
const WEEK_MIN: i64 = DAYS_PER_PAGE * 1440;
const LAND_W: f32 = PAGE_H;
const LAND_TEXT_W: f32 = LAND_W - 2.0 * MARGIN_X;

const NAME_SIZE: f32 = 7.0;
const LABEL_SIZE: f32 = 5.5;
const AXIS_SIZE: f32 = 6.5;
const TICK_SIZE: f32 = 5.0;
const TITLE_SIZE: f32 = 9.5;
/// A row of a lane: the label line, then the bar under it, then a gap.
const LABEL_H: f32 = 6.5;
const BAR_H: f32 = 4.0;
const ROW_H: f32 = LABEL_H + BAR_H + 2.0;
const LANE_PAD: f32 = 2.0;
const LABEL_MAX_W: f32 = 150.0;
const MIN_BAR_W: f32 = 3.0;
/// The room kept between two things in one row.
const GAP: f32 = 4.0;
const TITLE_H: f32 = 13.0;
const KEY_H: f32 = 13.0;
const AXIS_H: f32 = 20.0;
const MARKER_ROW_H: f32 = 8.5;

const GATE: Rgbf = [0.45, 0.20, 0.62];
const END: Rgbf = FAIL;
const WHITE: Rgbf = [1.0, 1.0, 1.0];

/// A box on the page, from its top-left corner.
#[derive(Debug, Clone, Copy)]
pub(super) struct BoxF {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl BoxF {
    #[cfg(test)]
    pub fn overlaps(&self, o: &BoxF) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// Where the plot sits across the page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub name_w: f32,
    pub plot_x: f32,
    pub plot_w: f32,
}

impl Frame {
    fn plot_r(&self) -> f32 {
        self.plot_x + self.plot_w
    }

    /// The x of minute `m` (from D+0 00:00) on the page of `week`, clamped to the plot.
    fn x(&self, week: i64, m: i64) -> f32 {
        let f = (m - week * WEEK_MIN) as f32 / WEEK_MIN as f32;
        self.plot_x + f.clamp(0.0, 1.0) * self.plot_w
    }
}

/// One bar as drawn in one week, with its label; `y` of the boxes from the lane's first row.
#[derive(Debug, Clone)]
pub(super) struct Placed<'t> {
    pub bar: &'t TimelineBar,
    pub x0: f32,
    pub w: f32,
    pub label: TLine,
    pub lx: f32,
    pub row: usize,
}

impl Placed<'_> {
    pub fn label_box(&self) -> BoxF {
        BoxF {
            x: self.lx,
            y: self.row as f32 * ROW_H,
            w: self.label.width,
            h: LABEL_H,
        }
    }

    pub fn bar_box(&self) -> BoxF {
        BoxF {
            x: self.x0,
            y: self.row as f32 * ROW_H + LABEL_H,
            w: self.w,
            h: BAR_H,
        }
    }
}

/// A lane's bars in one week, packed into rows.
#[derive(Debug, Clone)]
pub(super) struct LanePlan<'t> {
    pub lane: usize,
    pub placed: Vec<Placed<'t>>,
    pub rows: usize,
}

/// A vertical marker: D+0, the end, or a gate.
struct Marker {
    x: f32,
    color: Rgbf,
    label: TLine,
    lx: f32,
    row: usize,
}

/// The rows of one lane that go on one page.
struct Slice {
    plan: usize,
    from: usize,
    to: usize,
}

fn week_of_min(m: i64) -> i64 {
    m.div_euclid(WEEK_MIN)
}

/// A bar's start and end, in order, at least one minute apart, within ten years of D+0 (what
/// a file can hold; it keeps the week arithmetic far from overflow).
fn bar_span(bar: &TimelineBar) -> (i64, i64) {
    const LIMIT: i64 = 3660 * 1440;
    let (s, e) = (
        bar.start_min.min(bar.end_min).clamp(-LIMIT, LIMIT),
        bar.start_min.max(bar.end_min).clamp(-LIMIT, LIMIT),
    );
    (s, e.max(s + 1))
}

/// The label of day `d`, on one line: "D+3 Thu 10 Dec".
fn day_text(t: &TimelineFigure, d: i64) -> String {
    usize::try_from(d - i64::from(t.first_day))
        .ok()
        .and_then(|i| t.day_labels.get(i))
        .map(|l| l.lines().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| format!("D{d:+}"))
}

/// The minute the end marker stands at: the close of the operation's last day.
fn end_min(t: &TimelineFigure) -> Option<i64> {
    t.end_day
        .map(|d| (i64::from(d) + 1).clamp(-3660, 3660) * 1440)
}

impl Layout {
    /// The timeline figure on landscape pages: a short explanation, then each week that holds
    /// an event or a marker on its own page(s).
    pub(super) fn timeline(&mut self, t: &TimelineFigure) {
        let switched = !self.landscape_mode;
        if switched {
            self.landscape_mode = true;
            self.new_page();
        }
        let frame = self.timeline_frame(t);
        let weeks = timeline_weeks(t);
        self.timeline_intro(t, &frame, &weeks);
        for (k, &week) in weeks.iter().enumerate() {
            let plans = self.plan_week(t, &frame, week);
            self.draw_week(t, &frame, week, &plans, k == 0);
        }
        if switched {
            self.landscape_mode = false;
            self.new_page();
        }
    }

    /// The plot starts after the widest lane name (up to 150 pt; longer names wrap).
    pub(super) fn timeline_frame(&mut self, t: &TimelineFigure) -> Frame {
        let widest = t
            .lanes
            .iter()
            .map(|l| {
                let name = l.name.chars().take(60).collect::<String>();
                self.text_width(&name, false, NAME_SIZE)
            })
            .fold(0.0f32, f32::max);
        let name_w = (widest + 10.0).clamp(50.0, 150.0);
        Frame {
            name_w,
            plot_x: MARGIN_X + name_w,
            plot_w: LAND_TEXT_W - name_w,
        }
    }

    /// The sentence that says how to read the pages, and the key's meaning in words.
    fn timeline_intro(&mut self, t: &TimelineFigure, frame: &Frame, weeks: &[i64]) {
        let hour = frame.plot_w / (DAYS_PER_PAGE as f32 * 24.0);
        let mut text = format!(
            "Each band is one week, D+0 to D+6 and so on, across the page, in lanes by {}. An hour is {hour:.1} pt wide and no bar is \
             narrower than {MIN_BAR_W:.0} pt. Each bar is labelled with its event's number (E12, as the document's event list numbers it) \
             and its title, shortened when long (the event list prints it in full); a bar that goes on \
             from the week before says \"(cont.)\". Colour tells revealed from concealed; a \
             white stripe marks fiction, a hollow bar an event not yet marked fact or fiction. \
             The D+0 line is the operation's start, the End line the close of its last day, \
             and a Gate line a Gating Criteria event (\"Gate E3\") or the decision day of a \
             gating criterion (\"Gate 2 (stop)\", numbered as the gating criteria are listed), where the decider \
             chooses to go on, pause or stop. A lane with no event in a week is left out of that week.",
            t.lanes_by
        );
        let skipped = skipped_weeks(weeks);
        if !skipped.is_empty() {
            text.push_str(&format!(
                " No event falls in {}; left out.",
                skipped
                    .iter()
                    .map(|w| format!("D{:+} to D{:+}", w * 7, w * 7 + 6))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        self.paragraph(&[span(&text, false)], MARGIN_X, LAND_TEXT_W, BODY);
        self.y += 4.0;
        if weeks.is_empty() {
            self.paragraph(
                &[span("The storyboard has no events.", false)],
                MARGIN_X,
                LAND_TEXT_W,
                BODY,
            );
        }
    }

    /// Packs each lane's bars of `week` into rows: a bar goes into the first row where it and
    /// its label clear everything already there by [`GAP`].
    pub(super) fn plan_week<'t>(
        &mut self,
        t: &'t TimelineFigure,
        frame: &Frame,
        week: i64,
    ) -> Vec<LanePlan<'t>> {
        let (ws, we) = (week * WEEK_MIN, (week + 1) * WEEK_MIN);
        let mut plans = Vec::new();
        for (lane, l) in t.lanes.iter().enumerate() {
            let mut bars: Vec<&TimelineBar> = l
                .bars
                .iter()
                .filter(|b| {
                    let (s, e) = bar_span(b);
                    s < we && e > ws
                })
                .collect();
            if bars.is_empty() {
                continue;
            }
            bars.sort_by_key(|b| bar_span(b));
            let mut row_ends: Vec<f32> = Vec::new();
            let mut placed = Vec::with_capacity(bars.len());
            for bar in bars {
                let p = self.place_bar(frame, week, bar, &mut row_ends);
                placed.push(p);
            }
            plans.push(LanePlan {
                lane,
                rows: row_ends.len().max(1),
                placed,
            });
        }
        plans
    }

    fn place_bar<'t>(
        &mut self,
        frame: &Frame,
        week: i64,
        bar: &'t TimelineBar,
        row_ends: &mut Vec<f32>,
    ) -> Placed<'t> {
        let (s, e) = bar_span(bar);
        let plot_r = frame.plot_r();
        let mut x0 = frame.x(week, s);
        let w = (frame.x(week, e) - x0).max(MIN_BAR_W);
        if x0 + w > plot_r {
            x0 = plot_r - w;
        }
        let text = if s < week * WEEK_MIN {
            format!("(cont.) {}", bar.label)
        } else {
            bar.label.clone()
        };
        let label = self.short_label(&text);
        let lx = x0.min(plot_r - label.width).max(frame.plot_x);
        let from = x0.min(lx);
        let to = (x0 + w).max(lx + label.width);
        let row = match row_ends.iter().position(|end| end + GAP <= from) {
            Some(r) => r,
            None => {
                row_ends.push(f32::MIN);
                row_ends.len() - 1
            }
        };
        row_ends[row] = to;
        Placed {
            bar,
            x0,
            w,
            label,
            lx,
            row,
        }
    }

    /// `label` on one line of at most [`LABEL_MAX_W`], cut after a whole word when it is
    /// longer (the events table prints the whole title).
    fn short_label(&mut self, label: &str) -> TLine {
        let line = self.fit_line(label, false, BLACK, LABEL_SIZE, LABEL_MAX_W);
        if self.text_width(label, false, LABEL_SIZE) <= LABEL_MAX_W {
            return line;
        }
        let drawn: usize = line.runs.iter().map(|r| r.text.chars().count()).sum();
        let prefix: String = label.chars().take(drawn + 1).collect();
        match prefix.trim_end().rfind(' ') {
            Some(at) if at > prefix.len() / 3 => {
                self.fit_line(&prefix[..at], false, BLACK, LABEL_SIZE, LABEL_MAX_W)
            }
            _ => line,
        }
    }

    /// The markers of `week`, their labels packed into rows of the marker strip.
    fn week_markers(&mut self, t: &TimelineFigure, frame: &Frame, week: i64) -> Vec<Marker> {
        let (ws, we) = (week * WEEK_MIN, (week + 1) * WEEK_MIN);
        let mut wanted: Vec<(i64, Rgbf, String)> = Vec::new();
        if (ws..we).contains(&0) {
            wanted.push((0, BLACK, "D+0 start".into()));
        }
        if let Some(end) = end_min(t).filter(|m| *m > ws && *m <= we) {
            wanted.push((end, END, format!("End D{:+}", t.end_day.unwrap_or(0))));
        }
        for bar in t.lanes.iter().flat_map(|l| &l.bars).filter(|b| b.gate) {
            let (s, _) = bar_span(bar);
            if (ws..we).contains(&s) {
                let number = bar.label.split_whitespace().next().unwrap_or_default();
                wanted.push((s, GATE, format!("Gate {number}")));
            }
        }
        for (day, label) in &t.decision_points {
            let m = i64::from(*day) * 1440;
            if (ws..we).contains(&m) {
                wanted.push((m, GATE, label.clone()));
            }
        }
        wanted.sort_by_key(|m| m.0);
        let mut row_ends: Vec<f32> = Vec::new();
        let mut out = Vec::new();
        for (m, color, text) in wanted {
            let x = frame.x(week, m);
            let label = self.fit_line(&text, true, color, LABEL_SIZE, 120.0);
            let lx = (x + 1.5)
                .min(frame.plot_r() - label.width)
                .max(frame.plot_x);
            let row = match row_ends.iter().position(|end| end + GAP <= lx) {
                Some(r) => r,
                None => {
                    row_ends.push(f32::MIN);
                    row_ends.len() - 1
                }
            };
            row_ends[row] = lx + label.width;
            out.push(Marker {
                x,
                color,
                label,
                lx,
                row,
            });
        }
        out
    }

    /// One week on as many pages as its rows need.
    fn draw_week(
        &mut self,
        t: &TimelineFigure,
        frame: &Frame,
        week: i64,
        plans: &[LanePlan],
        first: bool,
    ) {
        let markers = self.week_markers(t, frame, week);
        let marker_rows = markers.iter().map(|m| m.row + 1).max().unwrap_or(0);
        let header_h = TITLE_H + AXIS_H + marker_rows as f32 * MARKER_ROW_H + 2.0;
        self.ensure(header_h + KEY_H + ROW_H + 2.0 * LANE_PAD);
        let first_key = first || self.y <= CONTENT_TOP;
        let first_room = self.bottom() - self.y - header_h - if first_key { KEY_H } else { 0.0 };
        let full_room = self.bottom() - CONTENT_TOP - header_h - KEY_H;
        let pages = paginate(plans, first_room, full_room);
        for (k, slices) in pages.iter().enumerate() {
            if k > 0 {
                self.new_page();
            }
            let with_key = if k == 0 { first_key } else { true };
            let strip_top = self.week_header(t, week, k > 0, with_key, marker_rows);
            self.week_lanes(t, frame, week, plans, slices, &markers, strip_top);
        }
    }

    /// The title, the key and the axis of a week's page; returns the top of the axis.
    fn week_header(
        &mut self,
        t: &TimelineFigure,
        week: i64,
        continued: bool,
        with_key: bool,
        marker_rows: usize,
    ) -> f32 {
        let (d0, d6) = (
            week * DAYS_PER_PAGE,
            week * DAYS_PER_PAGE + DAYS_PER_PAGE - 1,
        );
        let title = format!(
            "Week {} to {}{}",
            day_text(t, d0),
            day_text(t, d6),
            if continued { " (continued)" } else { "" }
        );
        // The key heads every page, and the first week under the annex's opening sentence.
        if with_key {
            self.timeline_key();
        }
        let l = self.fit_line(&title, true, BLACK, TITLE_SIZE, LAND_TEXT_W);
        self.draw_line_at(&l, MARGIN_X, self.y + 10.0, TITLE_SIZE);
        self.y += TITLE_H;
        let axis_top = self.y;
        self.y += AXIS_H + marker_rows as f32 * MARKER_ROW_H + 2.0;
        axis_top
    }

    /// The key: what colour, fill and line stand for, each beside a sample.
    fn timeline_key(&mut self) {
        let base = self.y + 8.0;
        let mut x = MARGIN_X;
        let size = AXIS_SIZE;
        let bars: [(&str, BarMarking, BarTruth); 5] = [
            ("Revealed", BarMarking::Revealed, BarTruth::Fact),
            ("Concealed", BarMarking::Concealed, BarTruth::Fact),
            ("Not yet marked", BarMarking::Unmarked, BarTruth::Fact),
            ("Fiction", BarMarking::Revealed, BarTruth::Fiction),
            (
                "Fact or fiction not set",
                BarMarking::Revealed,
                BarTruth::Unmarked,
            ),
        ];
        for (name, marking, truth) in bars {
            self.timeline_bar_shape(x, base - BAR_H - 0.5, 14.0, marking, truth);
            let l = self.fit_line(name, false, BLACK, size, 120.0);
            self.draw_line_at(&l, x + 17.0, base, size);
            x += 17.0 + l.width + 12.0;
        }
        for (name, color) in [("D+0", BLACK), ("End", END), ("Gate", GATE)] {
            self.line(x + 2.0, base - 7.0, x + 2.0, base + 1.0, color, 1.0);
            let l = self.fit_line(name, true, color, size, 60.0);
            self.draw_line_at(&l, x + 5.0, base, size);
            x += 5.0 + l.width + 12.0;
        }
        self.y += KEY_H;
    }

    /// A bar: colour for revealed, concealed or not yet marked; solid for fact, a white stripe
    /// for fiction, hollow when neither is set.
    fn timeline_bar_shape(&mut self, x: f32, y: f32, w: f32, m: BarMarking, truth: BarTruth) {
        let color = match m {
            BarMarking::Revealed => REVEALED,
            BarMarking::Concealed => CONCEALED,
            BarMarking::Unmarked => UNMARKED_LINE,
        };
        match truth {
            BarTruth::Fact => self.rect(x, y, w, BAR_H, Some(color), None),
            BarTruth::Fiction => {
                self.rect(x, y, w, BAR_H, Some(color), None);
                self.rect(x, y + BAR_H * 0.35, w, BAR_H * 0.3, Some(WHITE), None);
            }
            BarTruth::Unmarked => self.rect(x, y, w, BAR_H, Some(WHITE), Some((color, 0.9))),
        }
    }

    /// The lanes of one page: shading, then the grid and marker lines, then names, bars and
    /// labels, each label on a white ground so no line runs through its text.
    #[allow(clippy::too_many_arguments)]
    fn week_lanes(
        &mut self,
        t: &TimelineFigure,
        frame: &Frame,
        week: i64,
        plans: &[LanePlan],
        slices: &[Slice],
        markers: &[Marker],
        axis_top: f32,
    ) {
        let lanes_top = self.y;
        let mut tops = Vec::with_capacity(slices.len());
        for s in slices {
            let h = (s.to - s.from) as f32 * ROW_H + 2.0 * LANE_PAD;
            if plans[s.plan].lane % 2 == 1 {
                self.rect(MARGIN_X, self.y, LAND_TEXT_W, h, Some([0.96; 3]), None);
            }
            tops.push(self.y);
            self.y += h;
        }
        let bottom = self.y;
        self.week_grid(t, frame, week, axis_top, lanes_top, bottom);
        let strip_top = axis_top + AXIS_H;
        for m in markers {
            self.line(m.x, strip_top, m.x, bottom, m.color, 0.9);
        }
        for (s, &top) in slices.iter().zip(&tops) {
            self.lane_slice(t, frame, &plans[s.plan], s, top);
        }
        for m in markers {
            let y = strip_top + m.row as f32 * MARKER_ROW_H;
            self.rect(
                m.lx - 1.0,
                y,
                m.label.width + 2.0,
                MARKER_ROW_H,
                Some(WHITE),
                None,
            );
            self.draw_line_at(&m.label, m.lx, y + 6.5, LABEL_SIZE);
        }
        if slices.is_empty() {
            let l = self.fit_line("No event this week.", false, GREY_TEXT, SMALL, 200.0);
            self.draw_line_at(&l, frame.plot_x + 4.0, bottom + 10.0, SMALL);
            self.y += 14.0;
        }
        self.y += 6.0;
    }

    /// Day columns (labelled) and hour lines (06, 12, 18 on the tick line).
    fn week_grid(
        &mut self,
        t: &TimelineFigure,
        frame: &Frame,
        week: i64,
        axis_top: f32,
        lanes_top: f32,
        bottom: f32,
    ) {
        let day_w = frame.plot_w / DAYS_PER_PAGE as f32;
        for i in 0..DAYS_PER_PAGE {
            let d = week * DAYS_PER_PAGE + i;
            let x = frame.plot_x + i as f32 * day_w;
            let text = day_text(t, d);
            let (day, date) = text.split_once(' ').unwrap_or((text.as_str(), ""));
            let day_l = self.fit_line(day, true, BLACK, AXIS_SIZE, day_w - 4.0);
            let date_l = self.fit_line(date, false, BLACK, AXIS_SIZE, day_w - 8.0 - day_l.width);
            self.draw_line_at(&day_l, x + 2.0, axis_top + 7.5, AXIS_SIZE);
            self.draw_line_at(&date_l, x + 5.0 + day_l.width, axis_top + 7.5, AXIS_SIZE);
            for h in [6, 12, 18] {
                let hx = x + day_w * h as f32 / 24.0;
                let l = self.fit_line(&format!("{h:02}"), false, GREY_TEXT, TICK_SIZE, 20.0);
                self.draw_line_at(&l, hx - l.width / 2.0, axis_top + 15.5, TICK_SIZE);
                self.line(hx, axis_top + AXIS_H - 2.0, hx, bottom, [0.88; 3], 0.25);
            }
        }
        for i in 0..=DAYS_PER_PAGE {
            let x = frame.plot_x + i as f32 * day_w;
            self.line(x, axis_top, x, bottom, [0.65; 3], 0.4);
        }
        self.line(
            frame.plot_x,
            lanes_top,
            frame.plot_r(),
            lanes_top,
            RULE,
            0.6,
        );
        self.line(MARGIN_X, bottom, frame.plot_r(), bottom, RULE, 0.6);
    }

    /// Rows `s.from..s.to` of one lane, from `top`: its name, its bars and their labels.
    fn lane_slice(
        &mut self,
        t: &TimelineFigure,
        frame: &Frame,
        plan: &LanePlan,
        s: &Slice,
        top: f32,
    ) {
        let height = (s.to - s.from) as f32 * ROW_H + 2.0 * LANE_PAD;
        let name = &t.lanes[plan.lane].name;
        let name = if s.from > 0 {
            format!("{name} (cont.)")
        } else {
            name.clone()
        };
        let lines = self.wrap(&[span(&name, false)], NAME_SIZE, frame.name_w - 8.0);
        let fit = ((height - 2.0) / 8.5).floor().max(1.0) as usize;
        for (k, l) in lines.iter().take(fit).enumerate() {
            self.draw_line_at(l, MARGIN_X + 2.0, top + 8.5 + k as f32 * 8.5, NAME_SIZE);
        }
        for p in plan
            .placed
            .iter()
            .filter(|p| (s.from..s.to).contains(&p.row))
        {
            // The boxes' y counts from the lane's first row; this page starts at row `s.from`.
            let dy = top + LANE_PAD - s.from as f32 * ROW_H;
            let (lb, bb) = (p.label_box(), p.bar_box());
            self.rect(lb.x - 0.5, lb.y + dy, lb.w + 1.0, lb.h, Some(WHITE), None);
            self.draw_line_at(&p.label, lb.x, lb.y + dy + LABEL_H - 1.5, LABEL_SIZE);
            self.timeline_bar_shape(bb.x, bb.y + dy, bb.w, p.bar.marking, p.bar.truth);
        }
    }
}

/// The weeks (as D+7k) that hold an event, D+0 or the end, from the first to the last.
fn timeline_weeks(t: &TimelineFigure) -> Vec<i64> {
    let mut weeks = BTreeSet::new();
    for bar in t.lanes.iter().flat_map(|l| &l.bars) {
        let (s, e) = bar_span(bar);
        weeks.extend(week_of_min(s)..=week_of_min(e - 1));
    }
    if !weeks.is_empty() {
        weeks.insert(0);
        for (day, _) in &t.decision_points {
            weeks.insert(week_of_min(i64::from(*day) * 1440));
        }
        if let Some(end) = end_min(t) {
            weeks.insert(week_of_min(end - 1));
        }
    }
    weeks.into_iter().collect()
}

/// The weeks between the first and last shown that are left out.
fn skipped_weeks(weeks: &[i64]) -> Vec<i64> {
    match (weeks.first(), weeks.last()) {
        (Some(&a), Some(&b)) => (a..=b).filter(|w| !weeks.contains(w)).collect(),
        _ => Vec::new(),
    }
}

/// Splits the lanes' rows into pages: `first_room` points on the first page, `full_room` on
/// each next one. A lane that does not fit whole goes on with its next rows on the next page.
fn paginate(plans: &[LanePlan], first_room: f32, full_room: f32) -> Vec<Vec<Slice>> {
    let mut pages: Vec<Vec<Slice>> = vec![Vec::new()];
    let mut room = first_room;
    for (k, plan) in plans.iter().enumerate() {
        let mut r = 0;
        while r < plan.rows {
            let fit = ((room - 2.0 * LANE_PAD) / ROW_H).floor().max(0.0) as usize;
            if fit == 0 {
                pages.push(Vec::new());
                room = full_room;
                continue;
            }
            let take = fit.min(plan.rows - r);
            pages.last_mut().expect("one page at least").push(Slice {
                plan: k,
                from: r,
                to: r + take,
            });
            room -= take as f32 * ROW_H + 2.0 * LANE_PAD;
            r += take;
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::content::TimelineLane;

    fn bar(start: i64, len: i64, label: &str, gate: bool) -> TimelineBar {
        TimelineBar {
            start_min: start,
            end_min: start + len,
            label: label.into(),
            marking: BarMarking::Revealed,
            truth: BarTruth::Fiction,
            gate,
        }
    }

    /// A crowded figure: one-hour events every 40 minutes, long titles, zero-length events,
    /// bars across weeks and one over a whole week.
    fn crowded() -> TimelineFigure {
        let long =
            "Seed a lure in the registry with a title long enough to need cutting ".repeat(4);
        let mut bars: Vec<TimelineBar> = (0..120)
            .map(|i| {
                let title = if i % 3 == 0 { long.as_str() } else { "Short" };
                bar(
                    i * 40 - 600,
                    if i % 7 == 0 { 0 } else { 60 },
                    &format!("E{i} {title}"),
                    i % 11 == 0,
                )
            })
            .collect();
        bars.push(bar(-3 * 1440, 30 * 1440, "E200 Record everything", false));
        bars.push(bar(
            6 * 1440 + 1400,
            10,
            "E201 At the very edge of the week",
            false,
        ));
        TimelineFigure {
            decision_points: Vec::new(),
            first_day: -3,
            last_day: 27,
            day_labels: Vec::new(),
            lanes_by: "goal".into(),
            end_day: Some(20),
            lanes: vec![
                TimelineLane {
                    name: "Affect".into(),
                    bars,
                },
                TimelineLane {
                    name: "Expose".into(),
                    bars: vec![bar(0, 60, "E300 One hour", false)],
                },
            ],
        }
    }

    #[test]
    fn no_label_overlaps_a_bar_or_another_label() {
        let t = crowded();
        let mut l = Layout::new(faces().unwrap());
        let frame = l.timeline_frame(&t);
        let weeks = timeline_weeks(&t);
        assert_eq!(weeks, vec![-1, 0, 1, 2, 3]);
        let mut checked = 0;
        for week in weeks {
            for plan in l.plan_week(&t, &frame, week) {
                let boxes: Vec<(BoxF, BoxF)> = plan
                    .placed
                    .iter()
                    .map(|p| (p.label_box(), p.bar_box()))
                    .collect();
                for (i, (label, bar)) in boxes.iter().enumerate() {
                    assert!(label.w > 0.0, "every bar has a label");
                    assert!(
                        label.x >= frame.plot_x - 0.01
                            && label.x + label.w <= frame.plot_r() + 0.01
                    );
                    assert!(bar.x >= frame.plot_x - 0.01 && bar.x + bar.w <= frame.plot_r() + 0.01);
                    assert!(bar.w >= MIN_BAR_W - 0.01);
                    assert!(!label.overlaps(bar));
                    for (j, (other_label, other_bar)) in boxes.iter().enumerate() {
                        if i != j {
                            assert!(
                                !label.overlaps(other_label),
                                "labels {i} and {j} overlap in week {week}"
                            );
                            assert!(
                                !label.overlaps(other_bar),
                                "label {i} covers bar {j} in week {week}"
                            );
                            assert!(
                                !bar.overlaps(other_bar),
                                "bars {i} and {j} overlap in week {week}"
                            );
                        }
                    }
                    checked += 1;
                }
            }
        }
        // Bars crossing a week boundary are drawn on each of their weeks.
        assert!(checked > 122, "{checked}");
    }

    #[test]
    fn a_long_title_is_cut_after_a_whole_word_and_a_short_one_is_whole() {
        let mut l = Layout::new(faces().unwrap());
        let text = |line: &TLine| {
            line.runs
                .iter()
                .map(|r| r.text.as_str())
                .collect::<String>()
        };
        let short = l.short_label("E3 Open the Docker API");
        assert_eq!(text(&short), "E3 Open the Docker API");
        let long = l.short_label(&format!("E4 {}", "Seed a lure ".repeat(20)));
        let cut = text(&long);
        assert!(cut.starts_with("E4 Seed a lure"), "{cut}");
        assert!(long.width <= LABEL_MAX_W);
        assert!(
            ["Seed", "a", "lure"].iter().any(|w| cut.ends_with(w)),
            "{cut}"
        );
    }

    #[test]
    fn pages_hold_every_row_once_and_no_more_than_fits() {
        let t = crowded();
        let mut l = Layout::new(faces().unwrap());
        let frame = l.timeline_frame(&t);
        let plans = l.plan_week(&t, &frame, 0);
        let pages = paginate(&plans, 30.0, 200.0);
        for (p, slices) in pages.iter().enumerate() {
            let used: f32 = slices
                .iter()
                .map(|s| (s.to - s.from) as f32 * ROW_H + 2.0 * LANE_PAD)
                .sum();
            assert!(used <= if p == 0 { 30.0 } else { 200.0 } + 0.01);
        }
        for (k, plan) in plans.iter().enumerate() {
            let rows: usize = pages
                .iter()
                .flatten()
                .filter(|s| s.plan == k)
                .map(|s| s.to - s.from)
                .sum();
            assert_eq!(rows, plan.rows);
        }
    }
}
