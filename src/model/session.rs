use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use super::command::{Command, CommandError};
use super::document::Document;
use super::history::{History, SavePoint};
use super::index::SpanIndex;
use super::schema::Schema;
use super::span::{Orphan, Relation, RelationId, Span, SpanId, Stamp, Status};

/// Hashes span ids by one multiplication (Fibonacci hashing): ids are small
/// sequential numbers, for which the default SipHash is needlessly slow.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<SpanId, V, std::hash::BuildHasherDefault<IdHasher>>;

/// A span's place in reading order: start, longer first, then id.
type GroupKey = (usize, Reverse<usize>, SpanId);

/// The spans of one label, kept in reading order with their counts, so the
/// span panel can show any part of a 50,000-span list without a pass over it.
#[derive(Debug, Clone, Default)]
pub struct LabelGroup {
    order: BTreeSet<GroupKey>,
    pending: usize,
    rejected: usize,
    /// Relations that start at a span of this label.
    links_out: usize,
}

impl LabelGroup {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn pending(&self) -> usize {
        self.pending
    }

    pub fn rejected(&self) -> usize {
        self.rejected
    }

    pub fn links_out(&self) -> usize {
        self.links_out
    }

    /// The label's spans in reading order.
    pub fn spans(&self) -> impl DoubleEndedIterator<Item = SpanId> + '_ {
        self.order.iter().map(|k| k.2)
    }

    fn count(&mut self, status: Status, add: bool) {
        let n = match status {
            Status::Pending => &mut self.pending,
            Status::Rejected => &mut self.rejected,
            Status::Accepted => return,
        };
        *n = if add { *n + 1 } else { n.saturating_sub(1) };
    }
}

/// The spans and relations of one document, with an interval index over
/// the spans and an index from each span to its relations, both kept up to
/// date in place by every change.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    spans: BTreeMap<SpanId, Span>,
    relations: BTreeMap<RelationId, Relation>,
    /// Relations that start or end at each span.
    by_span: IdMap<Vec<RelationId>>,
    /// Spans by label, in reading order.
    by_label: HashMap<String, LabelGroup>,
    next_id: u64,
    index: SpanIndex,
    /// Spans with no place in the text (see [`Orphan`]); relations may end at them.
    orphans: BTreeMap<SpanId, Orphan>,
    /// Spans realigning placed on text other than what they covered: the
    /// text they covered, until the user accepts the change.
    changed: BTreeMap<SpanId, String>,
    /// The annotator has marked the document done.
    pub(crate) done: bool,
}

impl PartialEq for Annotations {
    fn eq(&self, other: &Self) -> bool {
        self.spans == other.spans
            && self.relations == other.relations
            && self.orphans == other.orphans
            && self.changed == other.changed
            && self.done == other.done
    }
}

impl Annotations {
    /// The largest span or relation id: 2^53 - 1, which JSON readers
    /// (JavaScript's numbers) still hold exactly.
    pub const MAX_ID: u64 = (1 << 53) - 1;

    /// Checks ids (unique, at most [`Self::MAX_ID`]) and relation ends.
    /// Ranges and labels are checked against the text and schema by [`Session::new`].
    pub fn new(spans: Vec<Span>, relations: Vec<Relation>) -> Result<Self, CommandError> {
        Self::with_orphans(spans, Vec::new(), relations)
    }

    /// As [`Self::new`], with spans that have no place in the text; relations
    /// may end at them.
    pub fn with_orphans(
        spans: Vec<Span>,
        orphans: Vec<Orphan>,
        relations: Vec<Relation>,
    ) -> Result<Self, CommandError> {
        // Built in bulk (sorted, then each structure at once): opening a file
        // of 50,000 spans costs a few milliseconds here, not one insert each.
        let mut map = BTreeMap::new();
        for span in spans {
            if span.id.0 > Self::MAX_ID {
                return Err(CommandError::IdTooLarge(span.id.0));
            }
            if let Some(twin) = map.insert(span.id, span) {
                return Err(CommandError::DuplicateId(twin.id.0));
            }
        }
        let mut groups: HashMap<&str, (Vec<GroupKey>, LabelGroup)> = HashMap::new();
        for s in map.values() {
            let (keys, g) = groups.entry(s.label.as_str()).or_default();
            keys.push((s.range.start, Reverse(s.range.end), s.id));
            g.count(s.status, true);
        }
        let by_label = groups
            .into_iter()
            .map(|(label, (keys, mut g))| {
                g.order = keys.into_iter().collect();
                (label.to_owned(), g)
            })
            .collect();
        let mut ann = Self {
            index: SpanIndex::build(map.values().map(|s| (s.id, s.range.clone()))),
            next_id: map.keys().next_back().map_or(0, |id| id.0),
            spans: map,
            by_label,
            ..Self::default()
        };
        for orphan in orphans {
            ann.insert_orphan(orphan)?;
        }
        for rel in relations {
            ann.insert_relation(rel)?;
        }
        Ok(ann)
    }

    /// The same annotations with realigned spans' awaiting changes (span
    /// id, the text it covered before).
    pub fn with_changed(mut self, changed: Vec<(SpanId, String)>) -> Result<Self, CommandError> {
        for (id, was) in changed {
            self.set_changed(id, Some(was))?;
        }
        Ok(self)
    }

    /// True when the annotator has marked the document done.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The same annotations, marked done or not (for building from a file).
    pub fn with_done(mut self, done: bool) -> Self {
        self.done = done;
        self
    }

    /// The largest id given out so far (new ones are larger).
    pub fn last_id(&self) -> u64 {
        self.next_id
    }

    /// A fresh id for a new span or relation.
    pub fn allocate_id(&mut self) -> u64 {
        // Ids are at most MAX_ID, so this never overflows; a clash is refused later.
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

    /// Relations in id order.
    pub fn relations(&self) -> impl ExactSizeIterator<Item = &Relation> {
        self.relations.values()
    }

    pub fn relation(&self, id: RelationId) -> Option<&Relation> {
        self.relations.get(&id)
    }

    /// Relations that start or end at a span.
    pub fn relations_of(&self, id: SpanId) -> impl Iterator<Item = &Relation> {
        self.by_span
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|r| self.relations.get(r))
    }

    pub fn index(&self) -> &SpanIndex {
        &self.index
    }

    /// Spans with no place in the text, in id order.
    pub fn orphans(&self) -> impl ExactSizeIterator<Item = &Orphan> {
        self.orphans.values()
    }

    pub fn orphan(&self, id: SpanId) -> Option<&Orphan> {
        self.orphans.get(&id)
    }

    /// The text a realigned span covered before, while its change awaits review.
    pub fn changed(&self, id: SpanId) -> Option<&str> {
        self.changed.get(&id).map(String::as_str)
    }

    /// Realigned spans whose change awaits review, with the text they covered.
    pub fn changed_spans(&self) -> impl ExactSizeIterator<Item = (SpanId, &str)> {
        self.changed.iter().map(|(id, t)| (*id, t.as_str()))
    }

    /// True when a relation ends at an orphan (it waits for the orphan's place).
    pub fn is_dangling(&self, rel: &Relation) -> bool {
        self.orphans.contains_key(&rel.from) || self.orphans.contains_key(&rel.to)
    }

    /// The spans of one label; None when no span has it.
    pub fn label_group(&self, label: &str) -> Option<&LabelGroup> {
        self.by_label.get(label)
    }

    /// Labels that spans have, in no particular order.
    pub fn labels_in_use(&self) -> impl Iterator<Item = &str> {
        self.by_label.keys().map(String::as_str)
    }

    fn group_add(&mut self, span: &Span) {
        // Look up before inserting: no String is made for a label that has a group.
        if !self.by_label.contains_key(&span.label) {
            self.by_label
                .insert(span.label.clone(), LabelGroup::default());
        }
        let Some(g) = self.by_label.get_mut(&span.label) else {
            return;
        };
        g.order
            .insert((span.range.start, Reverse(span.range.end), span.id));
        g.count(span.status, true);
    }

    fn group_remove(&mut self, span: &Span) {
        if let Some(g) = self.by_label.get_mut(&span.label) {
            g.order
                .remove(&(span.range.start, Reverse(span.range.end), span.id));
            g.count(span.status, false);
        }
        self.prune(&span.label);
    }

    /// Drops a label's group once nothing is in it.
    fn prune(&mut self, label: &str) {
        if self
            .by_label
            .get(label)
            .is_some_and(|g| g.order.is_empty() && g.links_out == 0)
        {
            self.by_label.remove(label);
        }
    }

    /// Relations starting at `id`.
    fn links_from(&self, id: SpanId) -> usize {
        self.relations_of(id).filter(|r| r.from == id).count()
    }

    /// Changes a span's label, range or status, keeping the groups right.
    fn change_span(
        &mut self,
        id: SpanId,
        change: impl FnOnce(&mut Span),
    ) -> Result<(), CommandError> {
        let before = self
            .spans
            .get(&id)
            .ok_or(CommandError::NoSuchSpan(id))?
            .clone();
        let links = self.links_from(id);
        self.group_remove(&before);
        if let Some(g) = self.by_label.get_mut(&before.label) {
            g.links_out = g.links_out.saturating_sub(links);
        }
        self.prune(&before.label);
        let span = self
            .spans
            .get_mut(&id)
            .ok_or(CommandError::NoSuchSpan(id))?;
        change(span);
        let after = span.clone();
        if after.range != before.range {
            self.index.remove(id, before.range);
            self.index.insert(id, after.range.clone());
        }
        self.group_add(&after);
        if let Some(g) = self.by_label.get_mut(&after.label) {
            g.links_out += links;
        }
        Ok(())
    }

    /// Spans sharing a position with `range`, in reading order.
    pub fn meeting(&self, range: Range<usize>) -> impl Iterator<Item = &Span> {
        self.index
            .meeting(range)
            .into_iter()
            .filter_map(|id| self.spans.get(&id))
    }

    /// Span ids in reading order: by start, longer first, then id.
    pub fn reading_order(&self) -> impl DoubleEndedIterator<Item = SpanId> + '_ {
        self.index.in_reading_order()
    }

    fn check_id(&self, id: u64) -> Result<(), CommandError> {
        if id > Self::MAX_ID {
            return Err(CommandError::IdTooLarge(id));
        }
        if self.spans.contains_key(&SpanId(id))
            || self.orphans.contains_key(&SpanId(id))
            || self.relations.contains_key(&RelationId(id))
        {
            return Err(CommandError::DuplicateId(id));
        }
        Ok(())
    }

    pub(super) fn insert_span(&mut self, span: Span) -> Result<(), CommandError> {
        self.check_id(span.id.0)?;
        self.next_id = self.next_id.max(span.id.0);
        self.index.insert(span.id, span.range.clone());
        self.group_add(&span);
        self.spans.insert(span.id, span);
        Ok(())
    }

    /// Removes a span that no relation uses any more.
    pub(super) fn remove_span(&mut self, id: SpanId) -> Result<Span, CommandError> {
        debug_assert!(
            self.relations_of(id).next().is_none(),
            "span {id:?} removed while relations use it"
        );
        let span = self.spans.remove(&id).ok_or(CommandError::NoSuchSpan(id))?;
        self.index.remove(id, span.range.clone());
        self.group_remove(&span);
        Ok(span)
    }

    pub(super) fn span_mut(&mut self, id: SpanId) -> Result<&mut Span, CommandError> {
        self.spans.get_mut(&id).ok_or(CommandError::NoSuchSpan(id))
    }

    pub(super) fn relabel_span(
        &mut self,
        id: SpanId,
        label: String,
    ) -> Result<String, CommandError> {
        let mut old = String::new();
        self.change_span(id, |s| old = std::mem::replace(&mut s.label, label))?;
        Ok(old)
    }

    pub(super) fn set_status(
        &mut self,
        id: SpanId,
        status: Status,
        reviewed: Option<Stamp>,
    ) -> Result<(Status, Option<Stamp>), CommandError> {
        let mut old = (status, None);
        self.change_span(id, |s| {
            old = (
                std::mem::replace(&mut s.status, status),
                std::mem::replace(&mut s.reviewed, reviewed),
            );
        })?;
        Ok(old)
    }

    pub(super) fn set_relation_status(
        &mut self,
        id: RelationId,
        status: Status,
    ) -> Result<Status, CommandError> {
        let rel = self
            .relations
            .get_mut(&id)
            .ok_or(CommandError::NoSuchRelation(id))?;
        Ok(std::mem::replace(&mut rel.status, status))
    }

    pub(super) fn resize_span(
        &mut self,
        id: SpanId,
        range: Range<usize>,
    ) -> Result<Range<usize>, CommandError> {
        let mut old = range.clone();
        self.change_span(id, |s| old = std::mem::replace(&mut s.range, range))?;
        Ok(old)
    }

    pub(super) fn rename_label(&mut self, from: &str, to: &str) {
        for span in self.spans.values_mut().filter(|s| s.label == from) {
            to.clone_into(&mut span.label);
        }
        if let Some(group) = self.by_label.remove(from) {
            // `to` is a new name: no group has it yet.
            self.by_label.insert(to.to_owned(), group);
        }
    }

    pub(super) fn rename_relation_type(&mut self, from: &str, to: &str) {
        for rel in self.relations.values_mut().filter(|r| r.kind == from) {
            to.clone_into(&mut rel.kind);
        }
    }

    pub(super) fn insert_orphan(&mut self, orphan: Orphan) -> Result<(), CommandError> {
        self.check_id(orphan.span.id.0)?;
        self.next_id = self.next_id.max(orphan.span.id.0);
        self.orphans.insert(orphan.span.id, orphan);
        Ok(())
    }

    /// Removes an orphan that no relation uses any more.
    pub(super) fn remove_orphan(&mut self, id: SpanId) -> Result<Orphan, CommandError> {
        self.orphans.remove(&id).ok_or(CommandError::NoSuchSpan(id))
    }

    /// Puts an orphan at `range` (bytes, checked by the caller); its
    /// relations stay. Returns the orphan as it was.
    pub(super) fn place_orphan(
        &mut self,
        id: SpanId,
        range: Range<usize>,
    ) -> Result<Orphan, CommandError> {
        let orphan = self
            .orphans
            .remove(&id)
            .ok_or(CommandError::NoSuchSpan(id))?;
        let mut span = orphan.span.clone();
        span.range = range;
        self.index.insert(id, span.range.clone());
        self.group_add(&span);
        let links = self.links_from(id);
        if let Some(g) = self.by_label.get_mut(&span.label) {
            g.links_out += links;
        }
        self.spans.insert(id, span);
        Ok(orphan)
    }

    /// Takes a span out of the text into the orphans, as `was` describes
    /// it (its place, text and context before); its relations stay.
    /// Returns the span as it was.
    pub(super) fn unplace_span(&mut self, was: Orphan) -> Result<Span, CommandError> {
        let id = was.span.id;
        let links = self.links_from(id);
        let span = self.spans.remove(&id).ok_or(CommandError::NoSuchSpan(id))?;
        self.index.remove(id, span.range.clone());
        self.group_remove(&span);
        if let Some(g) = self.by_label.get_mut(&span.label) {
            g.links_out = g.links_out.saturating_sub(links);
        }
        self.prune(&span.label);
        let orphan = Orphan {
            span: Span {
                range: was.span.range,
                ..span.clone()
            },
            ..was
        };
        self.orphans.insert(id, orphan);
        Ok(span)
    }

    /// Sets or clears a span's awaiting change; returns what it was.
    pub(super) fn set_changed(
        &mut self,
        id: SpanId,
        was: Option<String>,
    ) -> Result<Option<String>, CommandError> {
        if !self.spans.contains_key(&id) {
            return Err(CommandError::NoSuchSpan(id));
        }
        Ok(match was {
            Some(text) => self.changed.insert(id, text),
            None => self.changed.remove(&id),
        })
    }

    pub(super) fn insert_relation(&mut self, rel: Relation) -> Result<(), CommandError> {
        self.check_id(rel.id.0)?;
        for end in [rel.from, rel.to] {
            if !self.spans.contains_key(&end) && !self.orphans.contains_key(&end) {
                return Err(CommandError::NoSuchSpan(end));
            }
        }
        self.next_id = self.next_id.max(rel.id.0);
        if let Some(g) = self
            .spans
            .get(&rel.from)
            .and_then(|s| self.by_label.get_mut(&s.label))
        {
            g.links_out += 1;
        }
        self.by_span.entry(rel.from).or_default().push(rel.id);
        if rel.to != rel.from {
            self.by_span.entry(rel.to).or_default().push(rel.id);
        }
        self.relations.insert(rel.id, rel);
        Ok(())
    }

    pub(super) fn remove_relation(&mut self, id: RelationId) -> Result<Relation, CommandError> {
        let rel = self
            .relations
            .remove(&id)
            .ok_or(CommandError::NoSuchRelation(id))?;
        if let Some(label) = self.spans.get(&rel.from).map(|s| s.label.clone()) {
            if let Some(g) = self.by_label.get_mut(&label) {
                g.links_out = g.links_out.saturating_sub(1);
            }
            self.prune(&label);
        }
        for end in [rel.from, rel.to] {
            if let Some(list) = self.by_span.get_mut(&end) {
                list.retain(|r| *r != id);
                if list.is_empty() {
                    self.by_span.remove(&end);
                }
            }
        }
        Ok(rel)
    }
}

/// A document being annotated: text, schema, annotations and undo history.
/// Every change goes through [`Session::execute`], [`Session::undo`] or
/// [`Session::redo`]; the fields are private so nothing can go around them.
#[derive(Debug, Clone)]
pub struct Session {
    doc: Document,
    schema: Schema,
    ann: Annotations,
    history: History,
    /// Why the session may not be edited, when it may not.
    read_only: Option<String>,
    revision: u64,
}

impl Session {
    /// Checks every span against the text (ranges on char boundaries) and
    /// the schema (labels, relation types).
    pub fn new(doc: Document, schema: Schema, ann: Annotations) -> Result<Self, CommandError> {
        for span in ann.spans() {
            if !doc.is_valid_range(&span.range) {
                return Err(CommandError::BadRange(span.range.clone()));
            }
            if schema.get(&span.label).is_none() {
                return Err(CommandError::UnknownLabel(span.label.clone()));
            }
        }
        if let Some(r) = ann.relations().find(|r| schema.relation(&r.kind).is_none()) {
            return Err(CommandError::UnknownRelationType(r.kind.clone()));
        }
        Ok(Self {
            doc,
            schema,
            ann,
            history: History::default(),
            read_only: None,
            revision: 0,
        })
    }

    /// A session with no annotations yet.
    pub fn empty(doc: Document, schema: Schema) -> Self {
        Self {
            doc,
            schema,
            ann: Annotations::default(),
            history: History::default(),
            read_only: None,
            revision: 0,
        }
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn annotations(&self) -> &Annotations {
        &self.ann
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Why the session may not be edited, when it may not.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn set_read_only(&mut self, why: Option<String>) {
        self.read_only = why;
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

    /// The state now, for a save that finishes later (see [`History::save_point`]).
    pub fn save_point(&mut self) -> SavePoint {
        self.history.save_point()
    }

    /// A save of the snapshot taken at `point` has finished.
    pub fn mark_saved_at(&mut self, point: SavePoint) {
        self.history.mark_saved_at(point);
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
        self.execute_merging(cmd, None)
    }

    /// Executes a command; with a `merge` key equal to the previous step's
    /// (one field being typed into), it joins that undo step.
    pub fn execute_merging(
        &mut self,
        cmd: Command,
        merge: Option<String>,
    ) -> Result<(), CommandError> {
        self.check_writable()?;
        let inverse = cmd.apply(&self.doc, &mut self.schema, &mut self.ann)?;
        self.history.record(inverse, merge);
        self.revision += 1;
        Ok(())
    }

    /// Executes a command that continues the last step made with the same
    /// `key` (see [`History::record_joining`]).
    pub fn execute_joining(&mut self, cmd: Command, key: &str) -> Result<(), CommandError> {
        self.check_writable()?;
        let inverse = cmd.apply(&self.doc, &mut self.schema, &mut self.ann)?;
        self.history.record_joining(inverse, key);
        self.revision += 1;
        Ok(())
    }

    /// Keeps ids up to `last` for commands built elsewhere (e.g. on another
    /// thread): new ids from now on are larger.
    pub fn reserve_ids(&mut self, last: u64) {
        self.ann.next_id = self.ann.next_id.max(last);
    }

    /// Undoes the last step; false when there was nothing to undo.
    pub fn undo(&mut self) -> Result<bool, CommandError> {
        self.check_writable()?;
        let Some((seq, inverse)) = self.history.pop_undo() else {
            return Ok(false);
        };
        match inverse
            .clone()
            .apply(&self.doc, &mut self.schema, &mut self.ann)
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
        match cmd
            .clone()
            .apply(&self.doc, &mut self.schema, &mut self.ann)
        {
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

    /// Builds the command that links two spans with a fresh relation id.
    pub fn add_relation_command(&mut self, kind: &str, from: SpanId, to: SpanId) -> Command {
        let id = RelationId(self.ann.allocate_id());
        Command::AddRelation(Relation::manual(id, kind, from, to))
    }

    /// Builds the command that deletes a label with all its spans (and their relations).
    pub fn delete_label_command(&self, label: &str) -> Command {
        let mut schema = self.schema.clone();
        schema.labels.retain(|l| l.name != label);
        for r in &mut schema.relations {
            r.from.retain(|l| l != label);
            r.to.retain(|l| l != label);
        }
        schema
            .relations
            .retain(|r| !r.from.is_empty() && !r.to.is_empty());
        // Relations of types that go with the label first; then the spans,
        // which take their remaining relations with them.
        let gone: Vec<&str> = self
            .schema
            .relations
            .iter()
            .filter(|r| schema.relation(&r.name).is_none())
            .map(|r| r.name.as_str())
            .collect();
        let mut cmds: Vec<Command> = self
            .ann
            .relations()
            .filter(|r| gone.contains(&r.kind.as_str()))
            .map(|r| Command::DeleteRelation(r.id))
            .collect();
        cmds.extend(
            self.ann
                .spans()
                .filter(|s| s.label == label)
                .map(|s| Command::DeleteSpan(s.id)),
        );
        cmds.push(Command::SetSchema(Box::new(schema)));
        Command::Batch(cmds)
    }

    /// Builds the command that replaces every span and relation, and the
    /// schema when one is given (one undo step). The schema is widened with
    /// labels and relation types the new annotations use.
    pub fn replace_all_command(
        &self,
        schema: Option<Schema>,
        spans: Vec<Span>,
        relations: Vec<Relation>,
    ) -> Command {
        let mut schema = schema.unwrap_or_else(|| self.schema.clone());
        schema.add_missing(spans.iter().map(|s| s.label.as_str()));
        schema.add_missing_relations(relations.iter().map(|r| r.kind.as_str()));
        let mut cmds: Vec<Command> = self
            .ann
            .relations()
            .map(|r| Command::DeleteRelation(r.id))
            .collect();
        cmds.extend(self.ann.spans().map(|s| Command::DeleteSpan(s.id)));
        // With nothing left on the old schema, any schema fits.
        if schema != self.schema {
            cmds.push(Command::SetSchema(Box::new(schema)));
        }
        cmds.extend(spans.into_iter().map(Command::AddSpan));
        cmds.extend(relations.into_iter().map(Command::AddRelation));
        Command::Batch(cmds)
    }
}
