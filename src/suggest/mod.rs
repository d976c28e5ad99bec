//! Suggesters: rules that propose spans and links for the user to review.
//! Each one reads the text (shared, not copied) and returns [`Suggestions`];
//! [`pending_command`] turns them into one undoable command that adds them
//! as pending spans (origin suggested, status pending), drawn and counted
//! apart from accepted ones.
//!
//! Built in: direct quotes with their speakers and `said_by` links
//! ([`quotes`]), and figures with their parsed values ([`figures`]).

pub mod figures;
pub mod memory;
pub mod quotes;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::figure::Figure;
use crate::model::{AttrValue, Command, Origin, Relation, Schema, Session, Stamp, Status};

/// One proposed span, in byte offsets of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedSpan {
    pub range: Range<usize>,
    pub label: String,
    pub score: f32,
    pub attributes: BTreeMap<String, AttrValue>,
}

/// What one suggester proposes for one text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Suggestions {
    pub suggester: String,
    pub spans: Vec<SuggestedSpan>,
    /// Links as (from, to, relation type), indices into `spans`.
    pub relations: Vec<(usize, usize, String)>,
}

pub trait Suggester: Send + Sync + std::fmt::Debug {
    fn name(&self) -> &str;
    /// Proposes spans for `text`, using only labels and relation types the schema has.
    fn suggest(&self, text: &str, schema: &Schema) -> Suggestions;
}

/// The built-in rules for English news: QUOTE, SOURCE, said_by and FIGURE.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltIn;

impl Suggester for BuiltIn {
    fn name(&self) -> &str {
        "builtin"
    }

    fn suggest(&self, text: &str, schema: &Schema) -> Suggestions {
        let mut out = Suggestions {
            suggester: self.name().to_owned(),
            ..Suggestions::default()
        };
        let has = |label: &str| schema.get(label).is_some();
        if has("QUOTE") && has("SOURCE") {
            let (spans, links) = quotes::suggest_quotes(text);
            let base = out.spans.len();
            for s in spans {
                let defaults = schema.get(s.label).map(|l| l.initial_attributes(None));
                let mut attributes = defaults.unwrap_or_default();
                if let Some(kind) = s.kind {
                    attributes.insert("kind".to_owned(), AttrValue::Text(kind.to_owned()));
                }
                out.spans.push(SuggestedSpan {
                    range: s.start..s.end,
                    label: s.label.to_owned(),
                    score: s.score,
                    attributes,
                });
            }
            if schema.relation("said_by").is_some() {
                out.relations.extend(
                    links
                        .into_iter()
                        .map(|(q, s)| (base + q, base + s, "said_by".to_owned())),
                );
            }
        }
        if let Some(label) = schema.get("FIGURE") {
            for f in figures::suggest_figures(text) {
                let figure = Figure {
                    value: f.value,
                    unit: f.unit,
                    approximate: f.approximate,
                };
                out.spans.push(SuggestedSpan {
                    range: f.start..f.end,
                    label: label.name.clone(),
                    score: f.score,
                    attributes: label.initial_attributes(Some(&figure)),
                });
            }
        }
        out
    }
}

/// Runs the built-in rules and then `extra` (in order) on one text.
pub fn suggest_all(text: &str, schema: &Schema, extra: &[Arc<dyn Suggester>]) -> Vec<Suggestions> {
    let mut all = vec![BuiltIn.suggest(text, schema)];
    all.extend(extra.iter().map(|s| s.suggest(text, schema)));
    all
}

/// One command that adds the suggestions of every suggester as pending
/// spans and links; None when there is nothing new. A span the document
/// already has (same range and label, any status — so a rejected one is
/// never suggested again) is not added; links to it use the existing span.
/// When two suggesters propose the same span, the first one's is kept.
pub fn pending_command(session: &mut Session, all: &[Suggestions]) -> Option<Command> {
    let mut cmds = Vec::new();
    let mut added: BTreeMap<(usize, usize, String), crate::model::SpanId> = BTreeMap::new();
    for s in all {
        let origin = |score: f32| Origin::Suggested {
            suggester: s.suggester.clone(),
            score,
        };
        let created = Stamp::now(&s.suggester);
        let mut ids = Vec::with_capacity(s.spans.len());
        for sug in &s.spans {
            let key = (sug.range.start, sug.range.end, sug.label.clone());
            let existing = session
                .annotations()
                .meeting(sug.range.clone())
                .find(|sp| sp.range == sug.range && sp.label == sug.label)
                .map(|sp| sp.id)
                .or_else(|| added.get(&key).copied());
            if let Some(id) = existing {
                ids.push(Some(id));
                continue;
            }
            let Command::AddSpan(mut span) =
                session.add_span_command(sug.range.clone(), &sug.label)
            else {
                ids.push(None);
                continue;
            };
            span.origin = origin(sug.score);
            span.status = Status::Pending;
            span.attributes = sug.attributes.clone();
            span.created = Some(created.clone());
            added.insert(key, span.id);
            ids.push(Some(span.id));
            cmds.push(Command::AddSpan(span));
        }
        for (from_i, to_i, kind) in &s.relations {
            let (Some(Some(from)), Some(Some(to))) = (ids.get(*from_i), ids.get(*to_i)) else {
                continue;
            };
            let linked = session
                .annotations()
                .relations_of(*from)
                .any(|r| r.from == *from && r.to == *to && r.kind == *kind)
                || cmds.iter().any(|c| {
                    matches!(c, Command::AddRelation(r) if r.from == *from && r.to == *to && r.kind == *kind)
                });
            if linked {
                continue;
            }
            let Command::AddRelation(rel) = session.add_relation_command(kind, *from, *to) else {
                continue;
            };
            let score = s.spans.get(*from_i).map_or(0.0, |sp| sp.score);
            cmds.push(Command::AddRelation(Relation {
                origin: origin(score),
                status: Status::Pending,
                ..rel
            }));
        }
    }
    (!cmds.is_empty()).then_some(Command::Batch(cmds))
}
