use std::ops::Range;

use super::document::Document;
use super::schema::Schema;
use super::session::Annotations;
use super::span::{AttrValue, Relation, RelationId, Span, SpanId, Status};

/// One user action on the annotations. Applying a command returns its
/// inverse, which is what the undo history keeps. Every label a command uses
/// must be in the schema, and the schema does not change during a session,
/// so an inverse always applies.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    AddSpan(Span),
    /// Deletes the span and every relation that uses it.
    DeleteSpan(SpanId),
    Relabel {
        id: SpanId,
        label: String,
    },
    Resize {
        id: SpanId,
        range: Range<usize>,
    },
    SetNote {
        id: SpanId,
        note: String,
    },
    SetStatus {
        id: SpanId,
        status: Status,
    },
    SetAttribute {
        id: SpanId,
        key: String,
        value: Option<AttrValue>,
    },
    AddRelation(Relation),
    DeleteRelation(RelationId),
    /// Several commands as one undo step; all or nothing.
    Batch(Vec<Command>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum CommandError {
    NoSuchSpan(SpanId),
    NoSuchRelation(RelationId),
    DuplicateId(u64),
    BadRange(Range<usize>),
    UnknownLabel(String),
    ReadOnly(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchSpan(id) => write!(f, "there is no span {}", id.0),
            Self::NoSuchRelation(id) => write!(f, "there is no relation {}", id.0),
            Self::DuplicateId(id) => write!(f, "id {id} is already used"),
            Self::BadRange(r) => write!(
                f,
                "bytes {}..{} are not a non-empty range on character boundaries of the text",
                r.start, r.end
            ),
            Self::UnknownLabel(l) => write!(f, "the label schema has no label {l}"),
            Self::ReadOnly(why) => write!(f, "this document is read-only: {why}"),
        }
    }
}

impl std::error::Error for CommandError {}

impl Command {
    /// Applies the command and returns its inverse. On error nothing changed.
    pub fn apply(
        self,
        doc: &Document,
        schema: &Schema,
        ann: &mut Annotations,
    ) -> Result<Command, CommandError> {
        match self {
            Command::AddSpan(span) => {
                if !doc.is_valid_range(&span.range) {
                    return Err(CommandError::BadRange(span.range));
                }
                if schema.get(&span.label).is_none() {
                    return Err(CommandError::UnknownLabel(span.label));
                }
                let id = span.id;
                ann.insert_span(span)?;
                Ok(Command::DeleteSpan(id))
            }
            Command::DeleteSpan(id) => {
                let related: Vec<RelationId> = ann
                    .relations()
                    .iter()
                    .filter(|r| r.from == id || r.to == id)
                    .map(|r| r.id)
                    .collect();
                let mut inverse = Vec::with_capacity(related.len() + 1);
                let span = ann.remove_span(id)?;
                inverse.push(Command::AddSpan(span));
                for rid in related {
                    inverse.push(Command::AddRelation(ann.remove_relation(rid)?));
                }
                Ok(match inverse.len() {
                    1 => inverse.remove(0),
                    _ => Command::Batch(inverse),
                })
            }
            Command::Relabel { id, label } => {
                if schema.get(&label).is_none() {
                    return Err(CommandError::UnknownLabel(label));
                }
                let span = ann.span_mut(id)?;
                let old = std::mem::replace(&mut span.label, label);
                Ok(Command::Relabel { id, label: old })
            }
            Command::Resize { id, range } => {
                if !doc.is_valid_range(&range) {
                    return Err(CommandError::BadRange(range));
                }
                let old = ann.resize_span(id, range)?;
                Ok(Command::Resize { id, range: old })
            }
            Command::SetNote { id, note } => {
                let span = ann.span_mut(id)?;
                let old = std::mem::replace(&mut span.note, note);
                Ok(Command::SetNote { id, note: old })
            }
            Command::SetStatus { id, status } => {
                let span = ann.span_mut(id)?;
                let old = std::mem::replace(&mut span.status, status);
                Ok(Command::SetStatus { id, status: old })
            }
            Command::SetAttribute { id, key, value } => {
                let span = ann.span_mut(id)?;
                let old = match value {
                    Some(v) => span.attributes.insert(key.clone(), v),
                    None => span.attributes.remove(&key),
                };
                Ok(Command::SetAttribute {
                    id,
                    key,
                    value: old,
                })
            }
            Command::AddRelation(rel) => {
                let id = rel.id;
                ann.insert_relation(rel)?;
                Ok(Command::DeleteRelation(id))
            }
            Command::DeleteRelation(id) => Ok(Command::AddRelation(ann.remove_relation(id)?)),
            Command::Batch(commands) => {
                let mut inverses = Vec::with_capacity(commands.len());
                for cmd in commands {
                    match cmd.apply(doc, schema, ann) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            for inv in inverses.into_iter().rev() {
                                // Inverses of commands that just succeeded cannot fail.
                                let _ = inv.apply(doc, schema, ann);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Command::Batch(inverses))
            }
        }
    }
}
