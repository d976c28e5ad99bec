use std::ops::Range;

use super::document::Document;
use super::schema::Schema;
use super::session::Annotations;
use super::span::{AttrValue, Orphan, Relation, RelationId, Span, SpanId, Stamp, Status};

/// One user action on the annotations or the schema. Applying a command
/// returns its inverse, which is what the undo history keeps. Every label
/// and relation type in use stays in the schema (a schema change that would
/// drop one is refused), so an inverse always applies.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    AddSpan(Span),
    /// Deletes the span (or orphan) and every relation that uses it.
    DeleteSpan(SpanId),
    /// Adds a span with no place in the text.
    AddOrphan(Box<Orphan>),
    /// Puts an orphan at `range` (bytes); `changed` is the text it covered
    /// before when that differs (or its place is in doubt): the change then
    /// awaits review. Its relations stay.
    Place {
        id: SpanId,
        range: Range<usize>,
        changed: Option<String>,
    },
    /// Takes a span out of the text back into the orphans, as the orphan
    /// describes it (the inverse of [`Command::Place`]).
    Unplace(Box<Orphan>),
    /// Sets or clears (accepts) a realigned span's awaiting change.
    SetChanged {
        id: SpanId,
        changed: Option<String>,
    },
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
    /// Accepts or rejects a span (or puts it back to pending); `reviewed`
    /// says who did it and when.
    SetStatus {
        id: SpanId,
        status: Status,
        reviewed: Option<Stamp>,
    },
    SetRelationStatus {
        id: RelationId,
        status: Status,
    },
    SetAttribute {
        id: SpanId,
        key: String,
        value: Option<AttrValue>,
    },
    AddRelation(Relation),
    DeleteRelation(RelationId),
    /// Replaces the schema; refused when it drops a label or relation type in use.
    SetSchema(Box<Schema>),
    /// Renames a label in the schema and on every span that has it.
    RenameLabel {
        from: String,
        to: String,
    },
    /// Renames a relation type in the schema and on every relation of it.
    RenameRelationType {
        from: String,
        to: String,
    },
    /// Marks the document done (or not done) for this annotator.
    SetDone(bool),
    /// Several commands as one undo step; all or nothing.
    Batch(Vec<Command>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum CommandError {
    NoSuchSpan(SpanId),
    NoSuchRelation(RelationId),
    DuplicateId(u64),
    IdTooLarge(u64),
    BadRange(Range<usize>),
    UnknownLabel(String),
    UnknownRelationType(String),
    /// A schema change would leave spans or relations without their label or type.
    InUse(String),
    BadSchema(String),
    ReadOnly(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchSpan(id) => write!(f, "there is no span {}", id.0),
            Self::NoSuchRelation(id) => write!(f, "there is no relation {}", id.0),
            Self::DuplicateId(id) => write!(f, "id {id} is already used"),
            Self::IdTooLarge(id) => write!(
                f,
                "id {id} is larger than {} (the largest id JSON readers keep exact)",
                Annotations::MAX_ID
            ),
            Self::BadRange(r) => write!(
                f,
                "bytes {}..{} are not a non-empty range on character boundaries of the text",
                r.start, r.end
            ),
            Self::UnknownLabel(l) => write!(f, "the label schema has no label {l}"),
            Self::UnknownRelationType(t) => write!(f, "the label schema has no relation type {t}"),
            Self::InUse(what) => write!(f, "{what} is still in use"),
            Self::BadSchema(why) => write!(f, "label schema: {why}"),
            Self::ReadOnly(why) => write!(f, "this document is read-only: {why}"),
        }
    }
}

impl std::error::Error for CommandError {}

/// Refuses a schema that lacks a label or relation type the annotations use.
fn check_schema_fits(schema: &Schema, ann: &Annotations) -> Result<(), CommandError> {
    schema.check().map_err(CommandError::BadSchema)?;
    if let Some(s) = ann.spans().find(|s| schema.get(&s.label).is_none()) {
        return Err(CommandError::InUse(format!("label {}", s.label)));
    }
    if let Some(r) = ann.relations().find(|r| schema.relation(&r.kind).is_none()) {
        return Err(CommandError::InUse(format!("relation type {}", r.kind)));
    }
    Ok(())
}

fn check_new_name(taken: bool, to: &str) -> Result<(), CommandError> {
    if to.trim().is_empty() {
        return Err(CommandError::BadSchema(
            "a name may not be empty".to_owned(),
        ));
    }
    if taken {
        return Err(CommandError::BadSchema(format!("{to} is already a name")));
    }
    Ok(())
}

impl Command {
    /// Applies the command and returns its inverse. On error nothing changed.
    pub fn apply(
        self,
        doc: &Document,
        schema: &mut Schema,
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
            Command::DeleteSpan(id) if ann.orphan(id).is_some() => {
                let related: Vec<RelationId> = ann.relations_of(id).map(|r| r.id).collect();
                let mut links = Vec::with_capacity(related.len());
                for rid in related {
                    links.push(Command::AddRelation(ann.remove_relation(rid)?));
                }
                let mut inverse = vec![Command::AddOrphan(Box::new(ann.remove_orphan(id)?))];
                inverse.extend(links);
                Ok(Command::Batch(inverse))
            }
            Command::DeleteSpan(id) => {
                if ann.span(id).is_none() {
                    return Err(CommandError::NoSuchSpan(id));
                }
                let changed = ann.set_changed(id, None)?;
                let related: Vec<RelationId> = ann.relations_of(id).map(|r| r.id).collect();
                // Relations go first (while their ends still exist), then the
                // span; the inverse adds the span back first.
                let mut links = Vec::with_capacity(related.len());
                for rid in related {
                    links.push(Command::AddRelation(ann.remove_relation(rid)?));
                }
                let mut inverse = vec![Command::AddSpan(ann.remove_span(id)?)];
                if changed.is_some() {
                    inverse.push(Command::SetChanged { id, changed });
                }
                inverse.extend(links);
                Ok(match inverse.len() {
                    1 => inverse.remove(0),
                    _ => Command::Batch(inverse),
                })
            }
            Command::AddOrphan(orphan) => {
                if schema.get(&orphan.span.label).is_none() {
                    return Err(CommandError::UnknownLabel(orphan.span.label));
                }
                let id = orphan.span.id;
                ann.insert_orphan(*orphan)?;
                Ok(Command::DeleteSpan(id))
            }
            Command::Place { id, range, changed } => {
                if !doc.is_valid_range(&range) {
                    return Err(CommandError::BadRange(range));
                }
                let orphan = ann.place_orphan(id, range)?;
                // Placed just now, so it has no awaiting change yet.
                ann.set_changed(id, changed)?;
                Ok(Command::Unplace(Box::new(orphan)))
            }
            Command::Unplace(was) => {
                let id = was.span.id;
                if ann.span(id).is_none() {
                    return Err(CommandError::NoSuchSpan(id));
                }
                let changed = ann.set_changed(id, None)?;
                let span = ann.unplace_span(*was)?;
                Ok(Command::Place {
                    id,
                    range: span.range,
                    changed,
                })
            }
            Command::SetChanged { id, changed } => {
                let old = ann.set_changed(id, changed)?;
                Ok(Command::SetChanged { id, changed: old })
            }
            Command::Relabel { id, label } => {
                if schema.get(&label).is_none() {
                    return Err(CommandError::UnknownLabel(label));
                }
                let old = ann.relabel_span(id, label)?;
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
            Command::SetStatus {
                id,
                status,
                reviewed,
            } => {
                let (status, reviewed) = ann.set_status(id, status, reviewed)?;
                Ok(Command::SetStatus {
                    id,
                    status,
                    reviewed,
                })
            }
            Command::SetRelationStatus { id, status } => {
                let old = ann.set_relation_status(id, status)?;
                Ok(Command::SetRelationStatus { id, status: old })
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
                if schema.relation(&rel.kind).is_none() {
                    return Err(CommandError::UnknownRelationType(rel.kind));
                }
                let id = rel.id;
                ann.insert_relation(rel)?;
                Ok(Command::DeleteRelation(id))
            }
            Command::DeleteRelation(id) => Ok(Command::AddRelation(ann.remove_relation(id)?)),
            Command::SetSchema(new) => {
                check_schema_fits(&new, ann)?;
                Ok(Command::SetSchema(Box::new(std::mem::replace(
                    schema, *new,
                ))))
            }
            Command::RenameLabel { from, to } => {
                if schema.get(&from).is_none() {
                    return Err(CommandError::UnknownLabel(from));
                }
                check_new_name(schema.get(&to).is_some(), &to)?;
                let renamed = schema.with_label_renamed(&from, &to);
                renamed.check().map_err(CommandError::BadSchema)?;
                *schema = renamed;
                ann.rename_label(&from, &to);
                Ok(Command::RenameLabel { from: to, to: from })
            }
            Command::RenameRelationType { from, to } => {
                if schema.relation(&from).is_none() {
                    return Err(CommandError::UnknownRelationType(from));
                }
                check_new_name(schema.relation(&to).is_some(), &to)?;
                *schema = schema.with_relation_renamed(&from, &to);
                ann.rename_relation_type(&from, &to);
                Ok(Command::RenameRelationType { from: to, to: from })
            }
            Command::SetDone(done) => Ok(Command::SetDone(std::mem::replace(&mut ann.done, done))),
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
