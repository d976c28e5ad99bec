//! Links drawn beside the text: an arc in the left margin between the lines
//! of two spans in view, an edge marker pointing up or down when one end is
//! off screen, and a direct arrow for the focused span's links.

use std::collections::{HashMap, HashSet};

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use crate::model::{RelationId, Session, SpanId};

/// Where the spans in view were drawn this frame.
pub struct Placed {
    /// First row rectangle of each span in view, in screen coordinates.
    pub rects: HashMap<SpanId, Rect>,
    /// x of the margin line, left of the text.
    pub margin_x: f32,
    /// The visible part of the text view, in screen coordinates.
    pub view: Rect,
}

fn color(session: &Session, kind: &str) -> Color32 {
    let [r, g, b] = session.schema().relation_color(kind);
    Color32::from_rgb(r, g, b)
}

/// A small filled arrow head with its tip at `tip`, pointing along `dir`.
pub fn arrow_head(painter: &Painter, tip: Pos2, dir: egui::Vec2, color: Color32) {
    let dir = dir.normalized() * 7.0;
    let side = vec2(-dir.y, dir.x) * 0.6;
    painter.add(Shape::convex_polygon(
        vec![tip, tip - dir + side, tip - dir - side],
        color,
        Stroke::NONE,
    ));
}

/// Draws every link that has an end in view.
pub fn paint_relations(
    painter: &Painter,
    session: &Session,
    placed: &Placed,
    focused: Option<SpanId>,
) {
    let ann = session.annotations();
    let mut drawn: HashSet<RelationId> = HashSet::new();
    let mut ends: Vec<SpanId> = placed.rects.keys().copied().collect();
    ends.sort_unstable();
    let font = FontId::proportional(11.0);
    for id in ends {
        for rel in ann.relations_of(id) {
            if !drawn.insert(rel.id) {
                continue;
            }
            let c = color(session, &rel.kind);
            let faint = if rel.status.is_accepted() {
                c
            } else {
                c.gamma_multiply(0.45)
            };
            let (from, to) = (placed.rects.get(&rel.from), placed.rects.get(&rel.to));
            let x = placed.margin_x;
            match (from, to) {
                (Some(a), Some(b)) => {
                    let (ya, yb) = (a.center().y, b.center().y);
                    let bulge = 16.0 + ((ya - yb).abs() * 0.1).min(40.0);
                    let (pa, pb) = (pos2(x, ya), pos2(x, yb));
                    let bend = pos2(x - bulge, (ya + yb) / 2.0);
                    let curve = egui::epaint::QuadraticBezierShape::from_points_stroke(
                        [pa, bend, pb],
                        false,
                        Color32::TRANSPARENT,
                        Stroke::new(2.0, faint),
                    );
                    painter.add(curve);
                    arrow_head(painter, pb, pb - bend, faint);
                    painter.circle_filled(pa, 2.5, faint);
                    painter.text(
                        pos2(x - bulge - 2.0, (ya + yb) / 2.0),
                        Align2::RIGHT_CENTER,
                        rel.kind.replace('_', " "),
                        font.clone(),
                        faint,
                    );
                    if focused == Some(rel.from) || focused == Some(rel.to) {
                        let (s, e) = (
                            a.left_bottom() + vec2(2.0, 0.0),
                            b.left_top() + vec2(2.0, 0.0),
                        );
                        painter.line_segment([s, e], Stroke::new(1.5, faint.gamma_multiply(0.7)));
                        arrow_head(painter, e, e - s, faint);
                    }
                }
                (Some(a), None) | (None, Some(a)) => {
                    // The other end is off screen: point to it.
                    let here = if from.is_some() { rel.from } else { rel.to };
                    let other = if from.is_some() { rel.to } else { rel.from };
                    let Some(h) = ann.span(here) else {
                        continue;
                    };
                    let Some(o) = ann.span(other) else {
                        // The other end is an orphan: the link waits for its place.
                        painter.text(
                            pos2(x - 4.0, a.center().y),
                            Align2::RIGHT_CENTER,
                            format!("{} ⚠ orphan", rel.kind.replace('_', " ")),
                            font.clone(),
                            faint,
                        );
                        continue;
                    };
                    let up = o.range.start < h.range.start;
                    let y = a.center().y;
                    let edge = if up {
                        placed.view.top() + 4.0
                    } else {
                        placed.view.bottom() - 4.0
                    };
                    let (p, q) = (pos2(x - 6.0, y), pos2(x - 6.0, edge));
                    painter.line_segment([pos2(x, y), p], Stroke::new(1.5, faint));
                    painter.add(Shape::dashed_line(
                        &[p, q],
                        Stroke::new(1.5, faint),
                        4.0,
                        3.0,
                    ));
                    arrow_head(painter, q, q - p, faint);
                    let what = o.label.clone();
                    let label = format!(
                        "{} {} {what}",
                        rel.kind.replace('_', " "),
                        if up { "↑" } else { "↓" }
                    );
                    painter.text(
                        pos2(x - 10.0, y),
                        Align2::RIGHT_CENTER,
                        label,
                        font.clone(),
                        faint,
                    );
                }
                (None, None) => {}
            }
        }
    }
}
