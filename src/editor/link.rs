//! Linking spans: which spans a span may link to, nearest first, and which
//! relation types fit a pair.

use crate::model::{Annotations, Schema, SpanId, Status};

/// Spans that `from` may link to under some relation type it does not
/// already have with them, nearest first (by the gap between the two).
pub fn candidates(schema: &Schema, ann: &Annotations, from: SpanId) -> Vec<SpanId> {
    let Some(src) = ann.span(from) else {
        return Vec::new();
    };
    let types: Vec<_> = schema
        .relations
        .iter()
        .filter(|t| t.from.contains(&src.label))
        .collect();
    let mut found: Vec<(usize, SpanId)> = ann
        .spans()
        .filter(|s| s.id != from && s.status != Status::Rejected)
        .filter(|s| {
            types
                .iter()
                .any(|t| t.to.contains(&s.label) && !linked(ann, from, s.id, &t.name))
        })
        .map(|s| {
            let gap = if s.range.end <= src.range.start {
                src.range.start - s.range.end
            } else {
                s.range.start.saturating_sub(src.range.end)
            };
            (gap, s.id)
        })
        .collect();
    found.sort_unstable();
    found.into_iter().map(|(_, id)| id).collect()
}

fn linked(ann: &Annotations, from: SpanId, to: SpanId, kind: &str) -> bool {
    ann.relations_of(from)
        .any(|r| r.from == from && r.to == to && r.kind == kind)
}

/// Relation types that may link `from` to `to` and do not yet.
pub fn fitting_types(schema: &Schema, ann: &Annotations, from: SpanId, to: SpanId) -> Vec<String> {
    let (Some(a), Some(b)) = (ann.span(from), ann.span(to)) else {
        return Vec::new();
    };
    schema
        .relations_between(&a.label, &b.label)
        .into_iter()
        .filter(|t| !linked(ann, from, to, &t.name))
        .map(|t| t.name.clone())
        .collect()
}
