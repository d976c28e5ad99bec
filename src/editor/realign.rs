//! Realign review: after Ctrl+R has placed what it could of an edited
//! article's spans, the user steps through what is left to decide — the
//! changed spans (placed on text other than they covered) in reading
//! order, then the orphans (no place found) by their old place. A accepts
//! a change, or places an orphan on the selection; X deletes; E edits a
//! changed span's bounds. Every decision is one command, so undo walks
//! back through them, and back to the item.

use std::cmp::Reverse;
use std::ops::Range;

use super::{Action, Editor, Mode, Selection};
use crate::model::{Command, SpanId};

/// One thing realigning left for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A placed span whose text changed, or whose place is in doubt.
    Changed(SpanId),
    /// A span with no place in the text.
    Orphan(SpanId),
}

impl Item {
    pub fn id(self) -> SpanId {
        match self {
            Item::Changed(id) | Item::Orphan(id) => id,
        }
    }
}

/// The realign mode's own state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Realigning {
    /// The item in hand.
    pub at: Option<SpanId>,
    /// A changed span's bounds being edited (E), until Enter or Esc.
    pub editing: Option<Range<usize>>,
    /// Items decided here, latest last, with the undo depth their decision
    /// left: undoing that step returns to the item.
    trail: Vec<(SpanId, usize)>,
}

impl Editor {
    /// What is left to decide: changed spans in reading order, then
    /// orphans by their old place.
    pub fn realign_items(&self) -> Vec<Item> {
        let ann = self.session.annotations();
        let mut changed: Vec<_> = ann
            .changed_spans()
            .filter_map(|(id, _)| ann.span(id))
            .map(|s| (s.range.start, Reverse(s.range.end), s.id))
            .collect();
        changed.sort_unstable();
        let mut orphans: Vec<_> = ann
            .orphans()
            .map(|o| (o.span.range.start, o.span.id))
            .collect();
        orphans.sort_unstable();
        changed
            .into_iter()
            .map(|(_, _, id)| Item::Changed(id))
            .chain(orphans.into_iter().map(|(_, id)| Item::Orphan(id)))
            .collect()
    }

    /// The item in hand, in realign mode.
    pub fn realign_item(&self) -> Option<Item> {
        let Mode::Realign(r) = &self.mode else {
            return None;
        };
        let at = r.at?;
        let ann = self.session.annotations();
        if ann.orphan(at).is_some() {
            Some(Item::Orphan(at))
        } else {
            ann.changed(at).map(|_| Item::Changed(at))
        }
    }

    /// Sets the text the orphans were placed on, when a copy of it was kept.
    pub fn set_old_text(&mut self, text: Option<std::sync::Arc<str>>) {
        self.old_text = text;
    }

    /// What the last realign did ("3 moved, 1 changed, 1 orphaned").
    pub fn last_realign(&self) -> Option<&str> {
        self.realigned.as_deref()
    }

    /// Ctrl+R: places the orphans it can (one undo step) and says how it
    /// went, then reviews what is left; with no orphans, only the review.
    pub(super) fn start_realign(&mut self) -> Result<(), String> {
        let ann = self.session.annotations();
        let mut report = None;
        if ann.orphans().len() > 0 {
            let summary = self
                .session
                .realign(self.old_text.as_deref())
                .map_err(|e| e.to_string())?
                .summary();
            self.realigned = Some(summary.clone());
            report = Some(summary);
        } else if ann.changed_spans().len() == 0 {
            self.notice = Some("Nothing to realign".to_owned());
            return Ok(());
        }
        let first = self.realign_items().first().copied();
        self.enter_realign(first);
        if let Some(report) = report {
            self.notice = Some(match first {
                Some(_) => report,
                None => format!("{report} · every span has its place in the text"),
            });
        }
        Ok(())
    }

    /// Realign mode at `item` (out of it, with a notice, when None).
    fn enter_realign(&mut self, item: Option<Item>) {
        let Some(item) = item else {
            self.mode = Mode::Normal;
            self.notice = Some("Realign done: every span has its place in the text".to_owned());
            return;
        };
        if !matches!(self.mode, Mode::Realign(_)) {
            self.mode = Mode::Realign(Realigning::default());
        }
        self.show_item(item);
    }

    /// Makes `item` the one in hand: a changed span is focused and
    /// selected; for an orphan the caret stays, so the user can select
    /// where it goes (a selection that was only a focused span's goes).
    fn show_item(&mut self, item: Item) {
        match item {
            Item::Changed(id) => self.reveal_span(id),
            Item::Orphan(_) => {
                let ann = self.session.annotations();
                let shown = self.focused.and_then(|f| ann.span(f)).map(|s| &s.range);
                if shown == Some(&self.selection.range()) {
                    self.selection = Selection::caret(self.selection.caret);
                }
                self.focused = None;
            }
        }
        if let Mode::Realign(r) = &mut self.mode {
            r.at = Some(item.id());
            r.editing = None;
        }
    }

    /// The item at `i` of what is left (the last one past the end), or
    /// out of realign mode when nothing is left.
    fn show_item_at(&mut self, i: usize) {
        let items = self.realign_items();
        let item = items.get(i).or(items.last()).copied();
        self.enter_realign(item);
    }

    /// The in-hand item's place in [`Editor::realign_items`] (0 when there
    /// is none), counted without sorting the list.
    fn item_index(&self) -> usize {
        let ann = self.session.annotations();
        let key = |id: SpanId| {
            ann.span(id)
                .map(|s| (s.range.start, Reverse(s.range.end), id))
        };
        match self.realign_item() {
            Some(Item::Changed(id)) => ann
                .changed_spans()
                .filter(|(other, _)| key(*other) < key(id))
                .count(),
            Some(Item::Orphan(id)) => {
                let key = |id: SpanId| ann.orphan(id).map(|o| (o.span.range.start, id));
                ann.changed_spans().len()
                    + ann.orphans().filter(|o| key(o.span.id) < key(id)).count()
            }
            None => 0,
        }
    }

    /// Carries out an action in realign mode; false when realign mode does
    /// not handle it (the normal handling then runs).
    pub(super) fn realign(&mut self, action: &Action, snapping: bool) -> Result<bool, String> {
        if let Action::GoToItem(id) = action {
            let item = self.realign_items().into_iter().find(|i| i.id() == *id);
            self.enter_realign(item);
            return Ok(true);
        }
        let Mode::Realign(r) = &self.mode else {
            return Ok(false);
        };
        if let (Some(range), Some(Item::Changed(id))) = (r.editing.clone(), self.realign_item()) {
            return self.edit_changed(action, id, range);
        }
        let Some(item) = self.realign_item() else {
            // The item in hand is gone (a schema change took it): the next one.
            self.show_item_at(0);
            return Ok(false);
        };
        match (action, item) {
            (Action::Accept, Item::Changed(id)) => {
                self.decide_item(Command::SetChanged { id, changed: None })?
            }
            (Action::Accept, Item::Orphan(_)) if self.selection.is_empty() => {
                self.notice = Some("Nothing selected: select where it goes, then A".to_owned());
            }
            (Action::Accept, Item::Orphan(id)) => {
                let range = self.chosen_range(snapping);
                self.decide_item(Command::Place {
                    id,
                    range,
                    changed: None,
                })?;
            }
            (Action::Reject, item) => self.decide_item(Command::DeleteSpan(item.id()))?,
            (Action::EditBounds, Item::Changed(id)) => {
                if let Some(span) = self.session.annotations().span(id) {
                    let range = span.range.clone();
                    self.selection = Selection::exact(range.clone());
                    if let Mode::Realign(r) = &mut self.mode {
                        r.editing = Some(range);
                    }
                }
            }
            (Action::EditBounds, Item::Orphan(_)) => {
                self.notice =
                    Some("An orphan has no bounds yet: select where it goes, then A".to_owned());
            }
            (Action::FocusStep { forward }, _) => self.step_item(*forward),
            (Action::Undo | Action::Redo, _) => self.undo_in_realign(action)?,
            (Action::Escape, _) => {
                self.mode = Mode::Normal;
                let left = self.realign_items().len();
                self.notice = Some(format!("{left} left to realign · Ctrl+R reviews them"));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// E: arrows move the end, Shift+arrows the start; Enter resizes and
    /// accepts in one step; Esc drops the new bounds.
    fn edit_changed(
        &mut self,
        action: &Action,
        id: SpanId,
        range: Range<usize>,
    ) -> Result<bool, String> {
        match action {
            Action::Move { motion, extend } => {
                if let Some(new) = self.move_bounds(range, *motion, *extend)
                    && let Mode::Realign(r) = &mut self.mode
                {
                    r.editing = Some(new);
                }
            }
            Action::Confirm => self.decide_item(Command::Batch(vec![
                Command::Resize { id, range },
                Command::SetChanged { id, changed: None },
            ]))?,
            Action::Escape => self.show_item(Item::Changed(id)),
            _ => {}
        }
        Ok(true)
    }

    /// One decision on the item in hand as one command, then on to the
    /// item that now takes its place.
    fn decide_item(&mut self, cmd: Command) -> Result<(), String> {
        let Some(item) = self.realign_item() else {
            return Ok(());
        };
        let i = self.item_index();
        self.run(cmd)?;
        let depth = self.session.history().undo_depth();
        if let Mode::Realign(r) = &mut self.mode {
            r.trail.push((item.id(), depth));
        }
        self.show_item_at(i);
        Ok(())
    }

    /// Tab / Shift+Tab: the next or previous item, wrapping round.
    fn step_item(&mut self, forward: bool) {
        let items = self.realign_items();
        let n = items.len().max(1);
        let i = self.item_index();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.enter_realign(items.get(next).copied());
    }

    /// Undo or redo inside realign mode; an undone decision brings its
    /// item back into hand.
    fn undo_in_realign(&mut self, action: &Action) -> Result<(), String> {
        let i = self.item_index();
        if matches!(action, Action::Redo) {
            self.session.redo().map_err(|e| e.to_string())?;
        } else {
            let depth = self.session.history().undo_depth();
            self.session.undo().map_err(|e| e.to_string())?;
            let back = match &mut self.mode {
                Mode::Realign(r) if r.trail.last().is_some_and(|t| t.1 == depth) => r.trail.pop(),
                _ => None,
            };
            let item =
                back.and_then(|(id, _)| self.realign_items().into_iter().find(|it| it.id() == id));
            if let Some(item) = item {
                self.show_item(item);
                return Ok(());
            }
        }
        match self.realign_item() {
            Some(item) => self.show_item(item),
            None => self.show_item_at(i),
        }
        Ok(())
    }

    /// After an action handled elsewhere: a changed span clicked in the
    /// text becomes the item in hand; an item that is gone gives way.
    pub(super) fn follow_realign(&mut self) {
        let Mode::Realign(r) = &self.mode else {
            return;
        };
        let editing = r.editing.is_some();
        let clicked = self
            .focused
            .filter(|id| Some(*id) != r.at && self.session.annotations().changed(*id).is_some());
        if let Some(id) = clicked.filter(|_| !editing) {
            if let Mode::Realign(r) = &mut self.mode {
                r.at = Some(id);
            }
        } else if self.realign_item().is_none() {
            self.show_item_at(0);
        }
    }

    /// The status bar in realign mode: the item in hand and the keys.
    pub(super) fn realign_hint(&self, r: &Realigning) -> String {
        if r.editing.is_some() {
            return "Edit: ←/→ move the end by a word, Shift+←/→ the start (Alt: by character) · Enter accepts · Esc cancels".to_owned();
        }
        let notice = self
            .notice
            .as_deref()
            .map_or(String::new(), |n| format!("{n} · "));
        let ann = self.session.annotations();
        let n = ann.changed_spans().len() + ann.orphans().len();
        let at = self.realign_item();
        let k = self.item_index() + 1;
        let text = &self.session.doc().text;
        // The keys first: a narrow status bar cuts the end.
        let what = match at {
            Some(Item::Changed(id)) => {
                let was = ann.changed(id).unwrap_or("");
                let now = ann.span(id).map_or(String::new(), |s| s.describe(text, 24));
                format!(
                    "A accept · E edit · X delete · Tab next · Esc ends · {now} was “{}”",
                    brief(was)
                )
            }
            Some(Item::Orphan(id)) => {
                let old = ann.orphan(id).map_or("", |o| o.text.as_str());
                let label = ann.orphan(id).map_or("", |o| o.span.label.as_str());
                format!(
                    "select where it goes, then A · X delete · Tab next · Esc ends · orphan {label} “{}”",
                    brief(old)
                )
            }
            None => "Tab next · Esc ends".to_owned(),
        };
        format!("{notice}Realign {k} of {n}: {what}")
    }
}

/// Where `was` and `now` differ: the byte ranges of each between what
/// they share at the start and at the end (empty where one only lacks
/// what the other has).
pub fn difference(was: &str, now: &str) -> (Range<usize>, Range<usize>) {
    let head: usize = was
        .chars()
        .zip(now.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let tail: usize = was[head..]
        .chars()
        .rev()
        .zip(now[head..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (head..was.len() - tail, head..now.len() - tail)
}

/// The start of a stored text for the status bar: 24 characters on one
/// line, without the quotation marks around it.
fn brief(text: &str) -> String {
    let start: String = text
        .chars()
        .take(24)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    start.trim_matches(['“', '”', '"', ' ']).to_owned()
}

#[cfg(test)]
#[path = "realign_tests.rs"]
mod tests;
