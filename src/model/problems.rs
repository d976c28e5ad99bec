//! What is wrong or missing in a document's annotations, measured against
//! its schema: each problem names the span or relation to jump to.

use super::schema::Schema;
use super::session::Annotations;
use super::span::{RelationId, SpanId, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Against the schema: a file with these fails `marginalia validate`.
    Error,
    /// Incomplete work, e.g. a quote without its source.
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    /// The span to jump to.
    pub span: SpanId,
    pub relation: Option<RelationId>,
    pub message: String,
}

/// Every problem, errors first, then in reading order.
pub fn problems(schema: &Schema, ann: &Annotations, text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let quote = |id: SpanId| {
        ann.span(id)
            .map_or_else(String::new, |s| s.describe(text, 40))
    };
    // A rejected link is not data: its type need not fit its ends any more
    // (it may have been rejected because a relabel made it unfit).
    for rel in ann.relations().filter(|r| r.status != Status::Rejected) {
        let (Some(from), Some(to)) = (ann.span(rel.from), ann.span(rel.to)) else {
            continue;
        };
        if let Some(t) = schema.relation(&rel.kind)
            && !t.allows(&from.label, &to.label)
        {
            out.push(Problem {
                severity: Severity::Error,
                span: rel.from,
                relation: Some(rel.id),
                message: format!(
                    "{} links {} → {}; the schema allows {} → {}",
                    rel.kind,
                    from.label,
                    to.label,
                    t.from.join("/"),
                    t.to.join("/")
                ),
            });
        }
    }
    for id in ann.reading_order() {
        let Some(span) = ann.span(id) else { continue };
        let Some(label) = schema.get(&span.label) else {
            continue;
        };
        for (key, value) in &span.attributes {
            match label.attribute(key) {
                Some(def) if !def.kind.admits(value) => out.push(Problem {
                    severity: Severity::Error,
                    span: id,
                    relation: None,
                    message: format!(
                        "{}: {key} = {} is not a {}{}",
                        quote(id),
                        value.display(),
                        def.kind.name(),
                        match &def.kind {
                            super::schema::AttrKind::Choice(o) => format!(" ({})", o.join(", ")),
                            _ => String::new(),
                        }
                    ),
                }),
                Some(_) => {}
                None => out.push(Problem {
                    severity: Severity::Warning,
                    span: id,
                    relation: None,
                    message: format!("{}: {key} is not an attribute of {}", quote(id), label.name),
                }),
            }
        }
        if !span.status.is_accepted() {
            continue;
        }
        for t in schema.relations.iter().filter(|t| t.required) {
            let has = |kind: &str| {
                ann.relations_of(id)
                    .any(|r| r.from == id && r.kind == kind && r.status.is_accepted())
            };
            if t.from.contains(&span.label) && !has(&t.name) {
                out.push(Problem {
                    severity: Severity::Warning,
                    span: id,
                    relation: None,
                    message: format!("{} has no {}", quote(id), t.name),
                });
            }
        }
    }
    out.sort_by_key(|p| p.severity);
    out
}
