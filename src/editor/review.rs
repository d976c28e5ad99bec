//! Review mode: stepping through pending suggestions in text order, one key
//! per decision. A accepts (with the suggested links from the span and
//! their pending targets, so a quote brings its source), X rejects (with
//! the span's pending links), E edits the boundaries, a label key relabels
//! and accepts, Space skips, Backspace goes back. Every decision is one
//! command, so undo walks back through them (and back to the span).

use std::ops::Range;

use super::{Action, Editor, Mode, Motion, Selection};
use crate::model::{Command, Origin, SpanId, Stamp, Status, text_nav};

/// The review mode's own state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    /// The boundaries being edited (E), until Enter or Esc.
    pub editing: Option<Range<usize>>,
    /// Spans decided in this review, latest last, with the undo depth their
    /// decision left: undoing that step returns to the span.
    pub trail: Vec<(SpanId, usize)>,
}

impl Editor {
    /// Enters review mode at the first pending suggestion after the caret.
    pub(super) fn start_review(&mut self) -> Result<(), String> {
        let ann = self.session.annotations();
        let pending = |id: &SpanId| ann.span(*id).is_some_and(|s| s.status == Status::Pending);
        // The focused span if pending, else the next pending one after it
        // (or after the caret), wrapping round.
        let (from, end, after) = match self.focused.and_then(|id| ann.span(id)) {
            Some(s) => (s.range.start, s.range.end, s.id),
            None => (self.selection.caret, usize::MAX, SpanId(0)),
        };
        let start = self
            .focused
            .filter(pending)
            .or_else(|| ann.index().around(from, end, after, true).find(pending));
        let Some(id) = start else {
            return Err("No pending suggestions: F5 suggests.".to_owned());
        };
        self.mode = Mode::Review(Review::default());
        self.reveal_span(id);
        Ok(())
    }

    /// The focused span's place in reading order.
    fn focused_key(&self) -> Option<(usize, SpanId, usize)> {
        let span = self
            .focused
            .and_then(|id| self.session.annotations().span(id))?;
        Some((span.range.start, span.id, span.range.end))
    }

    /// The next (or previous) pending span after `from` in reading order,
    /// wrapping round; `from` itself only when it is the only one.
    fn pending_after(&self, from: (usize, SpanId, usize), forward: bool) -> Option<SpanId> {
        let ann = self.session.annotations();
        let (start, id, end) = from;
        ann.index()
            .around(start, end, id, forward)
            .find(|id| ann.span(*id).is_some_and(|s| s.status == Status::Pending))
    }

    /// Carries out an action in review mode; false when review mode does
    /// not handle it (the normal handling then runs).
    pub(super) fn review(&mut self, action: &Action) -> Result<bool, String> {
        let Mode::Review(review) = &self.mode else {
            return Ok(false);
        };
        if let Some(range) = review.editing.clone() {
            return self.edit_bounds(action, range);
        }
        let Some(id) = self.focused else {
            // The span under review is gone (an undo took it): on to the
            // next pending one, or out of review when none is left.
            if matches!(action, Action::Escape) {
                self.mode = Mode::Normal;
                return Ok(true);
            }
            self.mode = Mode::Normal;
            let _ = self.start_review();
            return Ok(false);
        };
        match action {
            Action::Accept => self.decide(id, None, None, Status::Accepted)?,
            Action::Reject => self.decide(id, None, None, Status::Rejected)?,
            Action::AcceptAs(label) => {
                self.decide(id, Some(label.clone()), None, Status::Accepted)?
            }
            Action::EditBounds => {
                if let Some(span) = self.session.annotations().span(id) {
                    let range = span.range.clone();
                    self.selection = Selection::exact(range.clone());
                    self.set_editing(Some(range));
                }
            }
            Action::Skip | Action::FocusStep { forward: true } => self.step_review(true),
            Action::FocusStep { forward: false } => self.step_review(false),
            Action::Back => self.back(),
            Action::Undo => {
                let depth = self.session.history().undo_depth();
                self.session.undo().map_err(|e| e.to_string())?;
                let last = match &mut self.mode {
                    Mode::Review(r) if r.trail.last().is_some_and(|t| t.1 == depth) => {
                        r.trail.pop()
                    }
                    _ => None,
                };
                match last {
                    Some((span, _)) => self.reveal_span(span),
                    None if self
                        .focused
                        .is_none_or(|f| self.session.annotations().span(f).is_none()) =>
                    {
                        self.focused = None;
                        self.mode = Mode::Normal;
                        let _ = self.start_review();
                    }
                    None => {}
                }
            }
            Action::Escape => {
                self.mode = Mode::Normal;
                self.notice = Some(self.review_counts());
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Moves an edge of the bounds being edited and selects (and shows)
    /// them; None when the edge cannot move there.
    pub(super) fn move_bounds(
        &mut self,
        range: Range<usize>,
        motion: Motion,
        extend: bool,
    ) -> Option<Range<usize>> {
        let new = moved_bounds(&self.session.doc().text, range, motion, extend)?;
        self.selection = Selection::exact(new.clone());
        self.reveal = Some(new.start);
        Some(new)
    }

    /// E: arrows move the end by a word, Shift+arrows the start (Alt: by
    /// character); Enter accepts with the new boundaries; Esc drops them.
    fn edit_bounds(&mut self, action: &Action, range: Range<usize>) -> Result<bool, String> {
        match action {
            Action::Move { motion, extend } => {
                if let Some(new) = self.move_bounds(range, *motion, *extend) {
                    self.set_editing(Some(new));
                }
            }
            Action::Confirm => {
                self.set_editing(None);
                if let Some(id) = self.focused {
                    self.decide(id, None, Some(range), Status::Accepted)?;
                }
            }
            Action::Escape => {
                self.set_editing(None);
                if let Some(id) = self.focused {
                    self.reveal_span(id);
                }
            }
            _ => {}
        }
        Ok(true)
    }

    fn set_editing(&mut self, editing: Option<Range<usize>>) {
        if let Mode::Review(review) = &mut self.mode {
            review.editing = editing;
        }
    }

    /// One decision on `id` as one command, then on to the next pending span.
    fn decide(
        &mut self,
        id: SpanId,
        label: Option<String>,
        range: Option<Range<usize>>,
        status: Status,
    ) -> Result<(), String> {
        let key = self.focused_key().unwrap_or((0, id, 0));
        let mut cmds = Vec::new();
        if let Some(range) = range {
            cmds.push(Command::Resize { id, range });
        }
        let current = self.session.annotations().span(id).map(|s| s.label.clone());
        let new_label = label.filter(|l| current.as_ref() != Some(l));
        if let Some(label) = &new_label {
            cmds.push(Command::Relabel {
                id,
                label: label.clone(),
            });
        }
        self.status_commands(id, status, new_label.as_deref(), &mut cmds);
        self.run(Command::Batch(cmds))?;
        let depth = self.session.history().undo_depth();
        if let Mode::Review(review) = &mut self.mode {
            review.trail.push((id, depth));
        }
        match self.pending_after(key, true) {
            Some(next) => self.reveal_span(next),
            None => {
                self.mode = Mode::Normal;
                self.notice = Some(format!("Review done. {}", self.review_counts()));
            }
        }
        Ok(())
    }

    /// The commands that give span `id` the status, with the links that go
    /// with it. Accepting takes the span's outgoing links along (and their
    /// pending targets), unless the target was rejected or, after a
    /// relabel to `label`, the link's type no longer starts from it: those
    /// links are rejected. Rejecting rejects every link of the span, both
    /// ways. So a decision changed later (Backspace, then A or X) moves
    /// the links with it.
    fn status_commands(
        &self,
        id: SpanId,
        status: Status,
        label: Option<&str>,
        cmds: &mut Vec<Command>,
    ) {
        let ann = self.session.annotations();
        let schema = self.session.schema();
        let stamp = Stamp::now(&self.annotator);
        cmds.push(Command::SetStatus {
            id,
            status,
            reviewed: Some(stamp.clone()),
        });
        for rel in ann.relations_of(id) {
            let link_status = match status {
                Status::Rejected => Status::Rejected,
                Status::Pending => continue,
                Status::Accepted if rel.from != id => continue,
                Status::Accepted => {
                    let target = ann.span(rel.to);
                    let fits = label.is_none_or(|l| {
                        schema
                            .relation(&rel.kind)
                            .is_some_and(|t| t.from.iter().any(|f| f == l))
                    });
                    match target.map(|t| t.status) {
                        Some(Status::Rejected) | None => Status::Rejected,
                        _ if !fits => Status::Rejected,
                        Some(Status::Pending) => {
                            cmds.push(Command::SetStatus {
                                id: rel.to,
                                status,
                                reviewed: Some(stamp.clone()),
                            });
                            Status::Accepted
                        }
                        Some(Status::Accepted) => Status::Accepted,
                    }
                }
            };
            if rel.status != link_status {
                cmds.push(Command::SetRelationStatus {
                    id: rel.id,
                    status: link_status,
                });
            }
        }
    }

    /// Space / Tab: the next pending span, without deciding.
    fn step_review(&mut self, forward: bool) {
        let Some(key) = self.focused_key() else {
            return;
        };
        match self.pending_after(key, forward) {
            Some(next) => self.reveal_span(next),
            None => self.notice = Some("No other pending suggestion.".to_owned()),
        }
    }

    /// Backspace: the previous suggestion in reading order, whatever its
    /// status, so a decision can be changed.
    fn back(&mut self) {
        let Some((start, at, end)) = self.focused_key() else {
            return;
        };
        let ann = self.session.annotations();
        let prev = ann.index().walk(start, end, at, false).find(|id| {
            ann.span(*id)
                .is_some_and(|s| matches!(s.origin, Origin::Suggested { .. }))
        });
        if let Some(prev) = prev {
            self.reveal_span(prev);
        }
    }

    /// Accepts every pending span of `label` (every label when None) scored
    /// at least `min_score`, with their links, as one command.
    pub(super) fn accept_above(
        &mut self,
        label: Option<&str>,
        min_score: f32,
    ) -> Result<(), String> {
        let ids = self.pending_of(label, |score| score >= min_score);
        self.decide_all(ids, Status::Accepted)
    }

    /// Rejects every pending span of `label` (every label when None) as one command.
    pub(super) fn reject_pending(&mut self, label: Option<&str>) -> Result<(), String> {
        let ids = self.pending_of(label, |_| true);
        self.decide_all(ids, Status::Rejected)
    }

    fn pending_of(&self, label: Option<&str>, keep: impl Fn(f32) -> bool) -> Vec<SpanId> {
        self.session
            .annotations()
            .spans()
            .filter(|s| s.status == Status::Pending && label.is_none_or(|l| s.label == l))
            .filter(|s| match &s.origin {
                Origin::Suggested { score, .. } => keep(*score),
                Origin::Manual | Origin::Curated { .. } => keep(1.0),
            })
            .map(|s| s.id)
            .collect()
    }

    fn decide_all(&mut self, ids: Vec<SpanId>, status: Status) -> Result<(), String> {
        if ids.is_empty() {
            return Err("No pending suggestion matches.".to_owned());
        }
        let mut cmds = Vec::new();
        for &id in &ids {
            self.status_commands(id, status, None, &mut cmds);
        }
        self.run(Command::Batch(cmds))?;
        self.notice = Some(format!(
            "{} {} suggestions. {}",
            status.name(),
            ids.len(),
            self.review_counts()
        ));
        if let Mode::Review(_) = self.mode
            && self.focused.is_some_and(|id| ids.contains(&id))
        {
            let key = self.focused_key().unwrap_or((0, SpanId(0), 0));
            match self.pending_after(key, true) {
                Some(next) => self.reveal_span(next),
                None => self.mode = Mode::Normal,
            }
        }
        Ok(())
    }

    /// The status bar in review mode: the span under review and the keys.
    pub(super) fn review_hint(&self, review: &Review) -> String {
        let ann = self.session.annotations();
        let text = &self.session.doc().text;
        if review.editing.is_some() {
            return "Edit: ←/→ move the end by a word, Shift+←/→ the start (Alt: by character) · Enter accepts · Esc cancels".to_owned();
        }
        let Some(span) = self.focused.and_then(|id| ann.span(id)) else {
            return "Review · Esc ends".to_owned();
        };
        let from = match &span.origin {
            Origin::Suggested { suggester, score } => format!(" ({suggester}, {score:.2})"),
            Origin::Manual | Origin::Curated { .. } => String::new(),
        };
        let notice = self
            .notice
            .as_deref()
            .map_or(String::new(), |n| format!("{n} · "));
        format!(
            "{notice}Review: {}{from} is {} · {} · A accept · X reject · E edit · 1–9 relabel · Space skip · ⌫ back · Esc ends",
            span.describe(text, 24),
            span.status.name(),
            self.review_counts()
        )
    }

    /// "pending 3 · accepted 12 · rejected 2" over all labels.
    pub fn review_counts(&self) -> String {
        let ann = self.session.annotations();
        let (mut pending, mut rejected) = (0, 0);
        for label in ann.labels_in_use() {
            if let Some(g) = ann.label_group(label) {
                pending += g.pending();
                rejected += g.rejected();
            }
        }
        format!(
            "pending {pending} · accepted {} · rejected {rejected}",
            ann.len() - pending - rejected
        )
    }
}

/// A span's bounds after one arrow key while editing them (E): the end
/// moves by a word, with Shift the start (Alt: by character). None when
/// the key would leave nothing between them.
fn moved_bounds(
    text: &str,
    range: Range<usize>,
    motion: Motion,
    extend: bool,
) -> Option<Range<usize>> {
    let edge = if extend { range.start } else { range.end };
    let to = match motion {
        Motion::WordRight => text_nav::next_word_end(text, edge),
        // The start goes to the word before; the end to the end of the
        // word before its last one.
        Motion::WordLeft if extend => text_nav::prev_word_start(text, edge),
        Motion::WordLeft => text[..text_nav::prev_word_start(text, edge)]
            .trim_end()
            .len(),
        Motion::CharRight => text_nav::next_char(text, edge),
        Motion::CharLeft => text_nav::prev_char(text, edge),
        _ => edge,
    };
    let to = if extend && motion == Motion::WordRight {
        // The start moves to the start of the next word, not to the end of
        // this one (nor onto the punctuation after it).
        let next = text_nav::prev_word_start(text, text_nav::next_word_end(text, to));
        if next > edge { next } else { to }
    } else {
        to
    };
    let new = if extend {
        to..range.end
    } else {
        range.start..to
    };
    (new.start < new.end).then_some(new)
}
