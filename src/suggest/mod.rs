//! Suggesters: rules that propose spans and links for the user to review.
//! Each one reads the text (shared, not copied) and returns [`Suggestions`];
//! [`pending_command`] turns them into one undoable command that adds them
//! as pending spans (origin suggested, status pending), drawn and counted
//! apart from accepted ones.
//!
//! Built in: direct and indirect quotes with their speakers and `said_by`
//! links ([`quotes`]), and figures with their parsed values and counted
//! nouns ([`figures`]), and site junk lines ([`boilerplate`]) for
//! schemas with a BOILERPLATE label. Also: what the document accepted ([`memory`]),
//! spaCy patterns ([`patterns`]) and imported pre-annotations
//! ([`crate::formats::prelabels`]), all run together by [`SuggestSet`].

pub mod boilerplate;
pub mod figures;
pub mod memory;
pub mod patterns;
pub mod quotes;
mod words;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::model::figure::Figure;
use crate::model::{
    Annotations, AttrValue, Command, Origin, Relation, RelationId, Schema, Session, Span, SpanId,
    Stamp, Status,
};

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
    /// Proposes spans for `text`. Labels and relation types the schema
    /// lacks are dropped by [`SuggestSet::run`] (one place for every
    /// suggester), which also gives spans without attributes their
    /// label's initial ones.
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
        // Only for schemas that name the label: junk is offered to hide or
        // skip, never taken out of the text.
        if let Some(label) = schema.get(boilerplate::LABEL) {
            for range in boilerplate::boilerplate_lines(text) {
                out.spans.push(SuggestedSpan {
                    range,
                    label: label.name.clone(),
                    score: 0.5,
                    attributes: label.initial_attributes(None),
                });
            }
        }
        out
    }
}

impl Suggester for patterns::Patterns {
    fn name(&self) -> &str {
        patterns::Patterns::name(self)
    }

    fn suggest(&self, text: &str, _schema: &Schema) -> Suggestions {
        self.find(text)
    }
}

/// Keeps the spans whose label the schema has (and the links between
/// them whose type it has), giving each span its label's initial
/// attributes when it came without any.
pub fn fit_schema(s: Suggestions, schema: &Schema) -> Suggestions {
    let mut new_index = Vec::with_capacity(s.spans.len());
    let mut spans = Vec::with_capacity(s.spans.len());
    for mut span in s.spans {
        match schema.get(&span.label) {
            Some(label) => {
                if span.attributes.is_empty() {
                    span.attributes = label.initial_attributes(None);
                }
                new_index.push(Some(spans.len()));
                spans.push(span);
            }
            None => new_index.push(None),
        }
    }
    let relations = s
        .relations
        .into_iter()
        .filter(|(_, _, kind)| schema.relation(kind).is_some())
        .filter_map(|(from, to, kind)| {
            Some(((*new_index.get(from)?)?, (*new_index.get(to)?)?, kind))
        })
        .collect();
    Suggestions {
        suggester: s.suggester,
        spans,
        relations,
    }
}

/// Imported pre-annotations of one document (every model's), as
/// suggestions under each model's name; a record that does not fit the
/// text is an error naming it.
pub fn imported(
    all: &[crate::formats::prelabels::Prelabels],
    doc_id: &str,
    text: &str,
) -> Result<Vec<Suggestions>, String> {
    use crate::formats::prelabels::{find_all_for, to_suggestions};
    find_all_for(all, doc_id, text)
        .into_iter()
        .map(|p| to_suggestions(p, text))
        .collect()
}

/// All the suggestions as one set (for the JSONL filter): a span two
/// suggesters propose (same range and label) is kept once, the first's.
pub fn merge(all: Vec<Suggestions>) -> Suggestions {
    let mut out = Suggestions {
        suggester: all
            .iter()
            .map(|s| s.suggester.as_str())
            .collect::<Vec<_>>()
            .join("+"),
        ..Suggestions::default()
    };
    let mut seen: std::collections::HashMap<(usize, usize, String), usize> =
        std::collections::HashMap::new();
    for s in all {
        let mut index = Vec::with_capacity(s.spans.len());
        for span in s.spans {
            let key = (span.range.start, span.range.end, span.label.clone());
            let at = *seen.entry(key).or_insert_with(|| {
                out.spans.push(span);
                out.spans.len() - 1
            });
            index.push(at);
        }
        for (from, to, kind) in s.relations {
            if let (Some(&f), Some(&t)) = (index.get(from), index.get(to)) {
                let rel = (f, t, kind);
                if !out.relations.contains(&rel) {
                    out.relations.push(rel);
                }
            }
        }
    }
    out
}

/// What F5, `suggest` and `eval` run: the built-in rules (unless turned
/// off), extra suggesters (patterns, memory) and imported pre-annotations.
#[derive(Debug, Clone)]
pub struct SuggestSet {
    pub builtin: bool,
    pub extra: Vec<Arc<dyn Suggester>>,
    pub imported: Arc<Vec<crate::formats::prelabels::Prelabels>>,
}

impl Default for SuggestSet {
    fn default() -> Self {
        Self {
            builtin: true,
            extra: Vec::new(),
            imported: Arc::default(),
        }
    }
}

impl SuggestSet {
    /// Everything suggested for one document, one entry per suggester or
    /// imported model. `doc_id` finds its pre-annotations when their text
    /// is not given (a file stem, or a JSONL line's id).
    pub fn run(
        &self,
        doc_id: &str,
        text: &str,
        schema: &Schema,
    ) -> Result<Vec<Suggestions>, String> {
        let mut all = Vec::with_capacity(self.extra.len() + 2);
        if self.builtin {
            all.push(BuiltIn.suggest(text, schema));
        }
        all.extend(self.extra.iter().map(|s| s.suggest(text, schema)));
        all.extend(imported(&self.imported, doc_id, text)?);
        Ok(all.into_iter().map(|s| fit_schema(s, schema)).collect())
    }
}

/// One command that adds the suggestions of every suggester as pending
/// spans and links; None when there is nothing new. A span the document
/// already has (same range and label, any status — so a rejected one is
/// never suggested again) is not added; links to it use the existing span,
/// unless it was rejected. Nor is one where a suggestion was already
/// decided: an accepted or rejected suggested span with the same label
/// overlapping it (its boundaries were edited) or the same range (it was
/// relabelled).
/// When two suggesters propose the same span, the first one's is kept.
pub fn pending_command(session: &mut Session, all: &[Suggestions]) -> Option<Command> {
    let (cmds, last_id) = pending_commands(session.annotations(), all);
    session.reserve_ids(last_id);
    (!cmds.is_empty()).then_some(Command::Batch(cmds))
}

/// [`pending_command`]'s commands, built against `ann` without changing
/// it (so another thread can build them on a snapshot), spans before the
/// links that use them; with the last id they use, which the session must
/// reserve ([`Session::reserve_ids`]) before they run.
pub fn pending_commands(ann: &Annotations, all: &[Suggestions]) -> (Vec<Command>, u64) {
    let mut next_id = ann.last_id();
    let mut fresh = || {
        next_id += 1;
        next_id
    };
    let mut cmds = Vec::new();
    let mut added: HashMap<(usize, usize, &str), SpanId> = HashMap::new();
    let mut links = HashSet::new();
    for s in all {
        let origin = |score: f32| Origin::Suggested {
            suggester: s.suggester.clone(),
            score,
        };
        let created = Stamp::now(&s.suggester);
        let mut ids = Vec::with_capacity(s.spans.len());
        for sug in &s.spans {
            let key = (sug.range.start, sug.range.end, sug.label.as_str());
            if let Some(&id) = added.get(&key) {
                ids.push(Some(id));
                continue;
            }
            let mut existing = None;
            let mut decided = false;
            for sp in ann.meeting(sug.range.clone()) {
                if sp.range == sug.range && sp.label == sug.label {
                    existing = Some(sp.id);
                } else if matches!(sp.origin, Origin::Suggested { .. })
                    && sp.status != Status::Pending
                    && (sp.label == sug.label || sp.range == sug.range)
                {
                    // A suggestion here was already decided (edited or
                    // relabelled on the way): not again.
                    decided = true;
                }
            }
            if existing.is_some() || decided {
                ids.push(existing);
                continue;
            }
            let mut span = Span::manual(SpanId(fresh()), sug.range.clone(), &sug.label);
            span.origin = origin(sug.score);
            span.status = Status::Pending;
            span.attributes = sug.attributes.clone();
            span.created = Some(created.clone());
            added.insert(key, span.id);
            ids.push(Some(span.id));
            cmds.push(Command::AddSpan(span));
        }
        for (from_i, to_i, kind) in &s.relations {
            let (Some(&Some(from)), Some(&Some(to))) = (ids.get(*from_i), ids.get(*to_i)) else {
                continue;
            };
            let rejected = |id| ann.span(id).is_some_and(|sp| sp.status == Status::Rejected);
            let linked = rejected(from)
                || rejected(to)
                || ann
                    .relations_of(from)
                    .any(|r| r.from == from && r.to == to && r.kind == *kind);
            if linked || !links.insert((from, to, kind.as_str())) {
                continue;
            }
            let score = s.spans.get(*from_i).map_or(0.0, |sp| sp.score);
            cmds.push(Command::AddRelation(Relation {
                origin: origin(score),
                status: Status::Pending,
                ..Relation::manual(RelationId(fresh()), kind, from, to)
            }));
        }
    }
    (cmds, next_id)
}
