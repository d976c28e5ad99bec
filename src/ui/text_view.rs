//! The article text with its spans painted on it.
//!
//! The text is laid out one paragraph (line) at a time and only while the
//! paragraph is visible; paragraph heights are cached (estimated until first
//! seen) with running totals, so a frame costs the same on a 5 MB article as
//! on a short one. Galleys are not kept across frames: egui's own galley
//! cache makes re-layout of unchanged paragraphs cheap.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CharIndex, LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::relations::{self, paint_relations};
use super::{Action, Selection};
use crate::editor::{Editor, Mode};
use crate::formats::offsets;
use crate::model::{Session, Span, SpanId, Status};

/// What the text view needs to know besides the session.
pub struct ViewInput<'a> {
    pub editor: &'a Editor,
    /// Scroll so that this byte offset is visible.
    pub reveal: Option<usize>,
    pub font_size_pt: f32,
    pub snapping: bool,
    /// Draw the other annotators' spans as outlines (compare view).
    pub compare: bool,
}

impl ViewInput<'_> {
    fn session(&self) -> &Session {
        self.editor.session()
    }

    fn selection(&self) -> Selection {
        self.editor.selection()
    }

    fn focused(&self) -> Option<SpanId> {
        self.editor.focused()
    }
}

/// How a span is drawn: accepted spans filled, pending suggestions outlined
/// and faint, rejected ones not at all.
struct SpanStyle {
    fill_alpha: f32,
    underline: f32,
    dashed: bool,
}

fn span_style(status: Status) -> Option<SpanStyle> {
    match status {
        Status::Accepted => Some(SpanStyle {
            fill_alpha: 40.0,
            underline: 2.0,
            dashed: false,
        }),
        Status::Pending => Some(SpanStyle {
            fill_alpha: 10.0,
            underline: 1.0,
            dashed: true,
        }),
        Status::Rejected => None,
    }
}

pub struct TextView {
    layout: Option<Layout>,
    /// Top of the viewport at the last frame, in content coordinates.
    last_view: Rect,
    /// The span a right-click opened the menu on.
    menu_span: Option<SpanId>,
    /// A Ctrl+drag from this span draws a link.
    link_drag: Option<SpanId>,
    /// Link candidates as a set, for the link source it was made for.
    candidates: Option<(SpanId, usize, HashSet<SpanId>)>,
    /// Where each span in view was drawn at the last frame (first row).
    drawn: HashMap<SpanId, Rect>,
}

impl Default for TextView {
    fn default() -> Self {
        Self {
            layout: None,
            last_view: Rect::ZERO,
            menu_span: None,
            link_drag: None,
            candidates: None,
            drawn: HashMap::new(),
        }
    }
}

/// Cached paragraph geometry for one text at one width and font size.
/// A "paragraph" here is a line of the text, cut into blocks of at most
/// [`MAX_BLOCK`] bytes so that one huge line never costs a huge layout.
struct Layout {
    key: (usize, String, u32, u32),
    paras: Vec<Range<usize>>,
    /// Space below each block: none when the next block continues the line.
    gaps: Vec<f32>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `tops[i]`: y of paragraph i; `tops[n]`: total height.
    tops: Vec<f32>,
    tops_dirty: bool,
}

const PARA_GAP: f32 = 6.0;
const MAX_BLOCK: usize = 4096;

/// Cuts a long line into blocks, after a space where there is one.
fn push_blocks(text: &str, line: Range<usize>, paras: &mut Vec<Range<usize>>, gaps: &mut Vec<f32>) {
    let mut start = line.start;
    while line.end - start > MAX_BLOCK {
        let mut cut = start + MAX_BLOCK;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = text[start..cut].rfind(' ').filter(|&i| i > 0) {
            cut = start + space + 1;
        }
        paras.push(start..cut);
        gaps.push(0.0);
        start = cut;
    }
    paras.push(start..line.end);
    gaps.push(PARA_GAP);
}

impl Layout {
    fn new(text: &str, key: (usize, String, u32, u32), wrap_width: f32, font: f32) -> Self {
        let (mut paras, mut gaps) = (Vec::new(), Vec::new());
        let mut start = 0;
        for (i, _) in text.match_indices('\n') {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            push_blocks(text, start..end, &mut paras, &mut gaps);
            start = i + 1;
        }
        push_blocks(text, start..text.len(), &mut paras, &mut gaps);
        let row_h = line_height(font);
        let chars_per_row = (wrap_width / (font * 0.5)).max(8.0);
        let heights: Vec<f32> = paras
            .iter()
            .zip(&gaps)
            .map(|(p, gap)| (p.len() as f32 / chars_per_row).ceil().max(1.0) * row_h + gap)
            .collect();
        let n = paras.len();
        let mut layout = Self {
            key,
            paras,
            gaps,
            heights,
            measured: vec![false; n],
            tops: Vec::new(),
            tops_dirty: true,
        };
        layout.update_tops();
        layout
    }

    fn update_tops(&mut self) {
        if !self.tops_dirty {
            return;
        }
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
        self.tops_dirty = false;
    }

    /// Index of the paragraph at content height `y`.
    fn para_at_y(&self, y: f32) -> usize {
        self.tops
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
            .min(self.paras.len() - 1)
    }

    /// Index of the paragraph that holds byte `pos` (a line break belongs to the paragraph before it).
    fn para_of(&self, pos: usize) -> usize {
        self.paras
            .partition_point(|p| p.start <= pos)
            .saturating_sub(1)
    }
}

fn line_height(font: f32) -> f32 {
    (font * 1.55).round()
}

/// One paragraph laid out and placed this frame.
struct Placed {
    index: usize,
    rect: Rect,
    galley: Arc<Galley>,
}

impl TextView {
    /// Where a span in view was drawn at the last frame (its first row), in
    /// screen points: for pointer tests and tools.
    pub fn span_rect(&self, id: SpanId) -> Option<Rect> {
        self.drawn.get(&id).copied()
    }

    /// How far the text is scrolled down, in points.
    pub fn scroll_offset(&self) -> f32 {
        self.last_view.top()
    }

    /// Draws the text and returns what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &ViewInput<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let text = &input.session().doc().text;
        let font = if input.font_size_pt.is_finite() {
            input.font_size_pt.clamp(8.0, 48.0)
        } else {
            16.0
        };
        let wrap_width = (ui.available_width() - 32.0).clamp(200.0, (font * 42.0).max(200.0));
        let key = (
            text.len(),
            input.session().doc().sha256.clone(),
            wrap_width.to_bits(),
            font.to_bits(),
        );
        if self.layout.as_ref().is_none_or(|l| l.key != key) {
            self.layout = Some(Layout::new(text, key, wrap_width, font));
        }
        // Taken out for the frame, so the drawing closure can use the rest of `self`.
        let Some(mut layout) = self.layout.take() else {
            return actions;
        };
        layout.update_tops();

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("article-text")
            .auto_shrink(false);
        if let Some(pos) = input.reveal {
            let i = layout.para_of(pos);
            let (top, bottom) = (layout.tops[i], layout.tops[i + 1]);
            let view = self.last_view;
            if top < view.top() || bottom > view.bottom() {
                scroll = scroll.vertical_scroll_offset((top - view.height() / 3.0).max(0.0));
            }
        }
        let output = scroll.show_viewport(ui, |ui, viewport| {
            let total = layout.tops[layout.paras.len()];
            let full_width = ui.available_width();
            let (content, response) =
                ui.allocate_exact_size(vec2(full_width, total), Sense::click_and_drag());
            let left = content.left() + ((full_width - wrap_width) / 2.0).max(8.0);
            let mut placed = Vec::new();
            let first = layout.para_at_y(viewport.top());
            let mut i = first;
            while i < layout.paras.len() && layout.tops[i] < viewport.bottom() {
                let galley = lay_out(ui, &text[layout.paras[i].clone()], wrap_width, font);
                let h = galley.size().y + layout.gaps[i];
                if !layout.measured[i] || (layout.heights[i] - h).abs() > 0.5 {
                    layout.heights[i] = h;
                    layout.measured[i] = true;
                    layout.tops_dirty = true;
                }
                let rect =
                    Rect::from_min_size(pos2(left, content.top() + layout.tops[i]), galley.size());
                placed.push(Placed {
                    index: i,
                    rect,
                    galley,
                });
                i += 1;
            }
            let painter = ui.painter_at(ui.clip_rect());
            let visuals = ui.visuals().clone();
            let marks = link_marks(&mut self.candidates, input.editor.mode());
            let mut rects = HashMap::new();
            for p in &placed {
                let ends_line = layout.gaps[p.index] > 0.0;
                paint_paragraph(
                    &painter,
                    &visuals,
                    p,
                    &layout.paras[p.index],
                    ends_line,
                    input,
                    &marks,
                    &mut rects,
                );
            }
            let margin = relations::Placed {
                rects,
                margin_x: left - 6.0,
                view: ui.clip_rect(),
            };
            paint_relations(&painter, input.session(), &margin, input.focused());
            self.drawn = margin.rects;
            let pointer = Pointer {
                placed: &placed,
                paras: &layout.paras,
                text,
            };
            self.pointer_actions(ui, &response, &pointer, input, &mut actions);
        });
        self.last_view = Rect::from_min_size(
            pos2(0.0, output.state.clamped_offset().y),
            output.inner_rect.size(),
        );
        layout.update_tops();
        self.layout = Some(layout);
        actions
    }
}

fn lay_out(ui: &egui::Ui, para: &str, wrap_width: f32, font: f32) -> Arc<Galley> {
    let mut job = LayoutJob::single_section(
        para.to_owned(),
        TextFormat {
            font_id: FontId::proportional(font),
            color: ui.visuals().text_color(),
            line_height: Some(line_height(font)),
            ..Default::default()
        },
    );
    job.wrap.max_width = wrap_width;
    ui.painter().layout_job(job)
}

/// Rectangles covering chars `start..end` of a galley, one per row.
fn range_rects(galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let (s, e) = (start.max(row_start), end.min(row_start + n));
        if s < e
            || (start == end && start >= row_start && start <= row_start + n && rects.is_empty())
        {
            let x0 = row.pos.x + row.x_offset(CharIndex(s - row_start));
            let x1 = row.pos.x + row.x_offset(CharIndex(e.max(s) - row_start));
            rects.push(Rect::from_x_y_ranges(x0..=x1, row.min_y()..=row.max_y()));
        }
        row_start += n + usize::from(row.ends_with_newline);
        if row_start >= end && !rects.is_empty() {
            break;
        }
    }
    rects
}

fn color_of(session: &Session, label: &str) -> Color32 {
    let [r, g, b] = session.schema().color(label);
    Color32::from_rgb(r, g, b)
}

/// Nesting depth of each span (0 = outermost), for spans sorted by start, longer first.
fn depths(spans: &[&Span]) -> Vec<usize> {
    let mut ends: Vec<usize> = Vec::new();
    spans
        .iter()
        .map(|s| {
            while ends.last().is_some_and(|&e| e <= s.range.start) {
                ends.pop();
            }
            let d = ends.len();
            ends.push(s.range.end);
            d
        })
        .collect()
}

/// What link mode marks in the text: the candidates and the highlighted one.
struct LinkMarks<'a> {
    candidates: Option<&'a HashSet<SpanId>>,
    target: Option<SpanId>,
}

fn link_marks<'a>(
    cache: &'a mut Option<(SpanId, usize, HashSet<SpanId>)>,
    mode: &Mode,
) -> LinkMarks<'a> {
    let Mode::Link {
        from, candidates, ..
    } = mode
    else {
        *cache = None;
        return LinkMarks {
            candidates: None,
            target: mode.link_target(),
        };
    };
    if cache
        .as_ref()
        .is_none_or(|(f, n, _)| f != from || *n != candidates.len())
    {
        *cache = Some((
            *from,
            candidates.len(),
            candidates.iter().copied().collect(),
        ));
    }
    LinkMarks {
        candidates: cache.as_ref().map(|(_, _, set)| set),
        target: mode.link_target(),
    }
}

#[allow(clippy::too_many_arguments)]
fn paint_paragraph(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    p: &Placed,
    para: &Range<usize>,
    ends_line: bool,
    input: &ViewInput<'_>,
    marks: &LinkMarks<'_>,
    rects: &mut HashMap<SpanId, Rect>,
) {
    let session = input.session();
    let text = &session.doc().text[para.clone()];
    let to_char =
        |pos: usize| offsets::byte_to_char(text, pos.clamp(para.start, para.end) - para.start);
    let ann = session.annotations();
    let spans: Vec<&Span> = ann
        .meeting(para.start..para.end.max(para.start + 1))
        .collect();
    let offset = p.rect.min.to_vec2();
    let focused = input.focused();
    for (span, depth) in spans.iter().zip(depths(&spans)) {
        let Some(style) = span_style(span.status) else {
            continue;
        };
        let color = color_of(session, &span.label);
        let inset = (depth as f32 * 3.0).min(9.0);
        // Nested spans are inset and stronger, so a FIGURE inside a QUOTE stands out.
        let strength = if depth == 0 { 1.0 } else { 2.2 };
        let alpha = (style.fill_alpha * strength) as u8;
        let is_candidate = marks.candidates.is_some_and(|c| c.contains(&span.id));
        for r in range_rects(
            &p.galley,
            to_char(span.range.start),
            to_char(span.range.end),
        ) {
            let r = r.translate(offset);
            let r = Rect::from_x_y_ranges(r.x_range(), r.top() + inset..=r.bottom() - inset);
            rects.entry(span.id).or_insert(r);
            painter.rect_filled(r, 2.0, color.gamma_multiply_u8(alpha));
            let y = r.bottom() - style.underline / 2.0;
            let underline = [pos2(r.left(), y), pos2(r.right(), y)];
            if style.dashed {
                painter.add(egui::Shape::dashed_line(
                    &underline,
                    Stroke::new(style.underline, color),
                    4.0,
                    3.0,
                ));
            } else {
                painter.line_segment(underline, Stroke::new(style.underline, color));
            }
            if focused == Some(span.id) || marks.target == Some(span.id) {
                painter.rect_stroke(
                    r.expand(1.0),
                    2.0,
                    Stroke::new(2.5, color),
                    egui::StrokeKind::Outside,
                );
            } else if is_candidate {
                painter.rect_stroke(
                    r.expand(1.0),
                    2.0,
                    Stroke::new(1.0, color.gamma_multiply(0.6)),
                    egui::StrokeKind::Outside,
                );
            }
            if ann.changed(span.id).is_some() {
                // Realigned onto changed text: marked until the change is accepted.
                dashed_outline(painter, r.expand(3.0), visuals.warn_fg_color);
            }
        }
    }
    let selection = input.selection();
    let sel = selection.range();
    let focused_range = focused.and_then(|id| ann.span(id)).map(|s| s.range.clone());
    // A focused span's own range is shown by its outline, not as a selection.
    if focused_range != Some(sel.clone())
        && sel.start < para.end.max(para.start + 1)
        && sel.end > para.start
    {
        for r in range_rects(&p.galley, to_char(sel.start), to_char(sel.end)) {
            painter.rect_filled(
                r.translate(offset),
                0.0,
                visuals.selection.bg_fill.gamma_multiply(0.6),
            );
        }
    }
    if input.compare {
        paint_versions(painter, p, para, input);
    }
    painter.galley(p.rect.min, p.galley.clone(), visuals.text_color());
    let caret = selection.caret;
    // At a cut inside a long line the caret belongs to the next block.
    if (para.start..para.end).contains(&caret) || (caret == para.end && ends_line) {
        let r = p
            .galley
            .pos_from_cursor(CCursor::new(to_char(caret)))
            .translate(offset);
        painter.line_segment(
            [r.left_top(), r.left_bottom()],
            Stroke::new(2.0, visuals.text_cursor.stroke.color),
        );
    }
}

/// A dashed rectangle round `r`.
fn dashed_outline(painter: &egui::Painter, r: Rect, color: Color32) {
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.add(egui::Shape::dashed_line(
        &corners,
        Stroke::new(1.5, color),
        4.0,
        3.0,
    ));
}

/// The colour the compare view gives annotator `i` (of the versions): an
/// outline ring of its own, so several annotators' spans stay apart.
pub fn annotator_color(i: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(230, 97, 1),
        Color32::from_rgb(94, 60, 153),
        Color32::from_rgb(27, 158, 119),
        Color32::from_rgb(217, 2, 125),
        Color32::from_rgb(102, 166, 30),
        Color32::from_rgb(31, 120, 180),
        Color32::from_rgb(166, 118, 29),
        Color32::from_rgb(90, 90, 90),
    ];
    PALETTE[i % PALETTE.len()]
}

/// The compare view: each other annotator's spans in the paragraph as an
/// outline in their colour, one ring further out per annotator, with a
/// tick under the text so that equal spans still show every annotator.
fn paint_versions(painter: &egui::Painter, p: &Placed, para: &Range<usize>, input: &ViewInput<'_>) {
    let Some(curation) = input.editor.curation() else {
        return;
    };
    let text = &input.session().doc().text[para.clone()];
    let to_char =
        |pos: usize| offsets::byte_to_char(text, pos.clamp(para.start, para.end) - para.start);
    let offset = p.rect.min.to_vec2();
    for (k, version) in curation.versions.iter().enumerate() {
        let color = annotator_color(k);
        let ring = 0.5 + 1.5 * k as f32;
        for span in version.meeting(para.start..para.end.max(para.start + 1)) {
            for r in range_rects(
                &p.galley,
                to_char(span.range.start),
                to_char(span.range.end),
            ) {
                let r = r.translate(offset);
                painter.rect_stroke(
                    r.expand(ring),
                    2.0,
                    Stroke::new(1.0, color.gamma_multiply(0.85)),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
}

/// The paragraphs placed this frame, to map pointer positions to the text.
struct Pointer<'a> {
    placed: &'a [Placed],
    paras: &'a [Range<usize>],
    text: &'a str,
}

impl Pointer<'_> {
    /// The byte offset under a point.
    fn at(&self, pos: Option<Pos2>) -> Option<usize> {
        let pos = pos?;
        let p = self
            .placed
            .iter()
            .find(|p| pos.y < p.rect.bottom() + PARA_GAP)
            .or(self.placed.last())?;
        let para = &self.paras[p.index];
        let cursor = p.galley.cursor_from_pos(pos - p.rect.min);
        Some(para.start + offsets::char_to_byte(&self.text[para.clone()], cursor.index.0))
    }
}

impl TextView {
    fn pointer_actions(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        pointer: &Pointer<'_>,
        input: &ViewInput<'_>,
        actions: &mut Vec<Action>,
    ) {
        let session = input.session();
        let text = pointer.text;
        let selection = input.selection();
        let (alt, shift, ctrl) =
            ui.input(|i| (i.modifiers.alt, i.modifiers.shift, i.modifiers.command));
        let snap = input.snapping && !alt;
        let span_at = |pos: Option<Pos2>| pointer.at(pos).and_then(|b| innermost(session, b));
        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin());
            // Ctrl+drag from a span draws a link to the span where it ends.
            self.link_drag = span_at(origin).filter(|_| ctrl);
            if self.link_drag.is_none()
                && let (Some(a), Some(c)) = (
                    pointer.at(origin),
                    pointer.at(response.interact_pointer_pos()),
                )
            {
                let anchor = if shift { selection.anchor } else { a };
                actions.push(Action::SetSelection(Selection {
                    anchor,
                    caret: c,
                    exact: alt,
                }));
            }
        } else if let Some(from) = self.link_drag {
            if let (Some(start), Some(end)) = (
                ui.input(|i| i.pointer.press_origin()),
                response.interact_pointer_pos(),
            ) {
                let color = ui.visuals().strong_text_color();
                ui.painter()
                    .line_segment([start, end], Stroke::new(2.0, color));
                relations::arrow_head(ui.painter(), end, end - start, color);
            }
            if response.drag_stopped() {
                self.link_drag = None;
                match span_at(response.interact_pointer_pos()) {
                    Some(to) if to != from => actions.push(Action::Link { from, to }),
                    _ => {}
                }
            }
        } else if response.dragged() {
            if let Some(c) = pointer.at(response.interact_pointer_pos()) {
                actions.push(Action::SetSelection(Selection {
                    caret: c,
                    ..selection
                }));
            }
        } else if response.drag_stopped() && snap && !selection.is_empty() {
            let r = crate::model::text_nav::snap_to_words(text, selection.range());
            let forward = selection.caret >= selection.anchor;
            let (anchor, caret) = if forward {
                (r.start, r.end)
            } else {
                (r.end, r.start)
            };
            actions.push(Action::SetSelection(Selection {
                anchor,
                caret,
                exact: false,
            }));
        }
        let link_from = match input.editor.mode() {
            Mode::Link { from, .. } => Some(*from),
            _ => None,
        };
        if response.double_clicked() {
            if let Some(w) = pointer
                .at(response.interact_pointer_pos())
                .and_then(|pos| crate::model::text_nav::word_at(text, pos))
            {
                actions.push(Action::SetSelection(Selection {
                    anchor: w.start,
                    caret: w.end,
                    exact: false,
                }));
            }
        } else if response.clicked()
            && let Some(pos) = pointer.at(response.interact_pointer_pos())
        {
            if let Some(from) = link_from {
                // In link mode a click picks the target.
                match innermost(session, pos) {
                    Some(to) if to != from => actions.push(Action::Link { from, to }),
                    _ => actions.push(Action::Escape),
                }
            } else if shift {
                actions.push(Action::SetSelection(Selection {
                    caret: pos,
                    ..selection
                }));
            } else {
                actions.push(Action::SetSelection(Selection::caret(pos)));
                actions.push(Action::Focus(innermost(session, pos)));
            }
        }
        if response.secondary_clicked() {
            self.menu_span = span_at(response.interact_pointer_pos());
        }
        if let Some(id) = self.menu_span {
            response.context_menu(|ui| {
                if ui.button("Link to…").clicked() {
                    actions.push(Action::StartLinkFrom(id));
                    ui.close();
                }
                if ui.button("Delete span").clicked() {
                    actions.push(Action::Focus(Some(id)));
                    actions.push(Action::DeleteFocused);
                    ui.close();
                }
            });
        }
        let hovered = span_at(response.hover_pos()).and_then(|id| session.annotations().span(id));
        if let Some(span) = hovered {
            let label = span.label.clone();
            let covered = shorten(&text[span.range.clone()], 160);
            let links: Vec<String> = session
                .annotations()
                .relations_of(span.id)
                .map(|r| describe_link(session, r, span.id))
                .collect();
            response.clone().on_hover_ui_at_pointer(|ui| {
                ui.strong(label);
                ui.label(covered);
                for l in links {
                    ui.weak(l);
                }
            });
        }
    }
}

/// "said by → Pavel Sapelka" (from the quote) or "said by ← “…”" (from the source).
pub fn describe_link(session: &Session, rel: &crate::model::Relation, from_side: SpanId) -> String {
    let ann = session.annotations();
    let (arrow, other) = if rel.from == from_side {
        ("→", rel.to)
    } else {
        ("←", rel.from)
    };
    let other = match (ann.span(other), ann.orphan(other)) {
        (Some(s), _) => shorten(&session.doc().text[s.range.clone()], 40),
        (None, Some(o)) => format!("orphan {}", shorten(&o.text, 40)),
        (None, None) => String::new(),
    };
    // A link with an orphaned end is shown, flagged: it waits for the orphan's place.
    let flag = if ann.is_dangling(rel) {
        " ⚠ waits for an orphan"
    } else {
        ""
    };
    format!("{} {arrow} {other}{flag}", rel.kind.replace('_', " "))
}

/// The shortest span covering a position.
pub fn innermost(session: &Session, pos: usize) -> Option<SpanId> {
    let ann = session.annotations();
    ann.index()
        .covering(pos)
        .into_iter()
        .filter_map(|id| ann.span(id))
        .filter(|s| s.status != Status::Rejected)
        .min_by_key(|s| (s.range.len(), s.id))
        .map(|s| s.id)
}

/// At most `max` chars of `s`, with an ellipsis when cut, on one line.
pub fn shorten(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}
