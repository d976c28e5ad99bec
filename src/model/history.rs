use super::command::Command;

/// Undo and redo stacks of inverse commands.
///
/// Each step carries a sequence number; the saved marker remembers the step
/// on top of the undo stack when the session was saved, so undoing back to
/// the saved state makes the session clean again.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<(u64, Command)>,
    redo: Vec<(u64, Command)>,
    next_seq: u64,
    saved: Option<u64>,
    /// True when the saved state is no longer reachable by undo or redo.
    saved_lost: bool,
}

impl History {
    /// Records a command that was just applied, given its inverse.
    pub fn record(&mut self, inverse: Command) {
        self.next_seq += 1;
        if self.redo.iter().any(|(seq, _)| Some(*seq) == self.saved) {
            self.saved_lost = true;
        }
        self.redo.clear();
        self.undo.push((self.next_seq, inverse));
    }

    fn top(&self) -> Option<u64> {
        self.undo.last().map(|(seq, _)| *seq)
    }

    pub fn is_dirty(&self) -> bool {
        self.saved_lost || self.top() != self.saved
    }

    pub fn mark_saved(&mut self) {
        self.saved = self.top();
        self.saved_lost = false;
    }

    /// Marks the current state as not saved (e.g. after restoring a recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_lost = true;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub(super) fn pop_undo(&mut self) -> Option<(u64, Command)> {
        self.undo.pop()
    }

    pub(super) fn pop_redo(&mut self) -> Option<(u64, Command)> {
        self.redo.pop()
    }

    pub(super) fn push_undo(&mut self, step: (u64, Command)) {
        self.undo.push(step);
    }

    pub(super) fn push_redo(&mut self, step: (u64, Command)) {
        self.redo.push(step);
    }
}
