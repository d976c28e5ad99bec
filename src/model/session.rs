use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;

use super::command::{Command, CommandError};
use super::document::Document;
use super::history::History;
use super::index::SpanIndex;
use super::schema::Schema;
use super::span::{Relation, RelationId, Span, SpanId};

/// The spans and relations of one document, with a lazily rebuilt index.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    spans: BTreeMap<SpanId, Span>,
    relations: Vec<Relation>,
    next_id: u64,
    index: OnceCell<SpanIndex>,
}

impl PartialEq for Annotations {
    fn eq(&self, other: &Self) -> bool {
        self.spans == other.spans && self.relations == other.relations
    }
}

impl Annotations {
    pub fn new(spans: Vec<Span>, relations: Vec<Relation>) -> Result<Self, CommandError> {
        let mut ann = Self::default();
        for span in spans {
            ann.insert_span(span)?;
        }
        for rel in relations {
            ann.insert_relation(rel)?;
        }
        Ok(ann)
    }

    /// A fresh id for a new span or relation.
    pub fn allocate_id(&mut self) -> u64 {
        // Saturating: a file may hold any id; a clash is then refused, not a panic.
        self.next_id = self.next_id.saturating_add(1);
        self.next_id
    }

    pub fn span(&self, id: SpanId) -> Option<&Span> {
        self.spans.get(&id)
    }

    /// Spans in id order.
    pub fn spans(&self) -> impl ExactSizeIterator<Item = &Span> {
        self.spans.values()
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn index(&self) -> &SpanIndex {
        self.index
            .get_or_init(|| SpanIndex::build(self.spans.values().map(|s| (s.id, s.range.clone()))))
    }

    /// Spans sharing a position with `range`, in start order.
    pub fn meeting(&self, range: Range<usize>) -> impl Iterator<Item = &Span> {
        self.index()
            .meeting(range)
            .into_iter()
            .filter_map(|id| self.spans.get(&id))
    }

    /// Span ids in reading order: by start, longer first, then id.
    pub fn reading_order(&self) -> Vec<SpanId> {
        self.index().in_reading_order().collect()
    }

    pub(super) fn insert_span(&mut self, span: Span) -> Result<(), CommandError> {
        if self.spans.contains_key(&span.id) || self.relations.iter().any(|r| r.id.0 == span.id.0) {
            return Err(CommandError::DuplicateId(span.id.0));
        }
        self.next_id = self.next_id.max(span.id.0);
        self.spans.insert(span.id, span);
        self.index.take();
        Ok(())
    }

    pub(super) fn remove_span(&mut self, id: SpanId) -> Result<Span, CommandError> {
        let span = self.spans.remove(&id).ok_or(CommandError::NoSuchSpan(id))?;
        self.index.take();
        Ok(span)
    }

    pub(super) fn span_mut(&mut self, id: SpanId) -> Result<&mut Span, CommandError> {
        self.spans.get_mut(&id).ok_or(CommandError::NoSuchSpan(id))
    }

    pub(super) fn resize_span(
        &mut self,
        id: SpanId,
        range: Range<usize>,
    ) -> Result<Range<usize>, CommandError> {
        let span = self.span_mut(id)?;
        let old = std::mem::replace(&mut span.range, range);
        self.index.take();
        Ok(old)
    }

    pub(super) fn insert_relation(&mut self, rel: Relation) -> Result<(), CommandError> {
        if self.relations.iter().any(|r| r.id == rel.id)
            || self.spans.contains_key(&SpanId(rel.id.0))
        {
            return Err(CommandError::DuplicateId(rel.id.0));
        }
        for end in [rel.from, rel.to] {
            if !self.spans.contains_key(&end) {
                return Err(CommandError::NoSuchSpan(end));
            }
        }
        self.next_id = self.next_id.max(rel.id.0);
        self.relations.push(rel);
        Ok(())
    }

    pub(super) fn remove_relation(&mut self, id: RelationId) -> Result<Relation, CommandError> {
        let pos = self
            .relations
            .iter()
            .position(|r| r.id == id)
            .ok_or(CommandError::NoSuchRelation(id))?;
        Ok(self.relations.remove(pos))
    }
}

/// A document being annotated: text, labels, annotations and undo history.
/// Every change goes through [`Session::execute`], [`Session::undo`] or [`Session::redo`].
#[derive(Debug, Clone)]
pub struct Session {
    pub doc: Document,
    pub schema: Schema,
    ann: Annotations,
    history: History,
    /// Why the session may not be edited, when it may not.
    pub read_only: Option<String>,
    revision: u64,
}

impl Session {
    pub fn new(doc: Document, schema: Schema, ann: Annotations) -> Self {
        Self {
            doc,
            schema,
            ann,
            history: History::default(),
            read_only: None,
            revision: 0,
        }
    }

    pub fn annotations(&self) -> &Annotations {
        &self.ann
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Grows by one on every change (and every undo or redo).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    pub fn mark_saved(&mut self) {
        self.history.mark_saved();
    }

    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
        self.revision += 1;
    }

    fn check_writable(&self) -> Result<(), CommandError> {
        match &self.read_only {
            Some(why) => Err(CommandError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    pub fn execute(&mut self, cmd: Command) -> Result<(), CommandError> {
        self.check_writable()?;
        let inverse = cmd.apply(&self.doc, &self.schema, &mut self.ann)?;
        self.history.record(inverse);
        self.revision += 1;
        Ok(())
    }

    /// Undoes the last step; false when there was nothing to undo.
    pub fn undo(&mut self) -> Result<bool, CommandError> {
        self.check_writable()?;
        let Some((seq, inverse)) = self.history.pop_undo() else {
            return Ok(false);
        };
        match inverse
            .clone()
            .apply(&self.doc, &self.schema, &mut self.ann)
        {
            Ok(redo) => {
                self.history.push_redo((seq, redo));
                self.revision += 1;
                Ok(true)
            }
            Err(e) => {
                self.history.push_undo((seq, inverse));
                Err(e)
            }
        }
    }

    /// Redoes the last undone step; false when there was nothing to redo.
    pub fn redo(&mut self) -> Result<bool, CommandError> {
        self.check_writable()?;
        let Some((seq, cmd)) = self.history.pop_redo() else {
            return Ok(false);
        };
        match cmd.clone().apply(&self.doc, &self.schema, &mut self.ann) {
            Ok(inverse) => {
                self.history.push_undo((seq, inverse));
                self.revision += 1;
                Ok(true)
            }
            Err(e) => {
                self.history.push_redo((seq, cmd));
                Err(e)
            }
        }
    }

    /// Builds the command that adds a manual span with a fresh id.
    pub fn add_span_command(&mut self, range: Range<usize>, label: &str) -> Command {
        let id = SpanId(self.ann.allocate_id());
        Command::AddSpan(Span::manual(id, range, label))
    }

    /// Builds the command that replaces every span and relation (one undo step).
    pub fn replace_all_command(&self, spans: Vec<Span>, relations: Vec<Relation>) -> Command {
        let mut cmds: Vec<Command> = self
            .ann
            .relations()
            .iter()
            .map(|r| Command::DeleteRelation(r.id))
            .collect();
        cmds.extend(self.ann.spans().map(|s| Command::DeleteSpan(s.id)));
        cmds.extend(spans.into_iter().map(Command::AddSpan));
        cmds.extend(relations.into_iter().map(Command::AddRelation));
        Command::Batch(cmds)
    }
}
