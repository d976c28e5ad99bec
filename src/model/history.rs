use super::command::Command;

/// Where the history stood when a save snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavePoint(Option<u64>);

/// One undo (or redo) step: its sequence number, the command that reverses
/// it, and the key that lets the next edit of the same field join it.
#[derive(Debug, Clone)]
struct Step {
    seq: u64,
    command: Command,
    merge: Option<String>,
}

/// Undo and redo stacks of inverse commands.
///
/// Each step carries a sequence number; the saved marker remembers the step
/// on top of the undo stack when the session was saved, so undoing back to
/// the saved state makes the session clean again.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_seq: u64,
    saved: Option<u64>,
    /// True when the saved state is no longer reachable by undo or redo.
    saved_lost: bool,
}

impl History {
    /// Records a command that was just applied, given its inverse. With a
    /// `merge` key equal to the last step's (typing in one field), the edit
    /// joins that step, so one undo takes back the whole field edit; never
    /// across a save.
    pub fn record(&mut self, inverse: Command, merge: Option<String>) {
        if let Some(top) = self.undo.last()
            && merge.is_some()
            && top.merge == merge
            && self.redo.is_empty()
            && self.saved != Some(top.seq)
        {
            return;
        }
        self.next_seq += 1;
        if self.redo.iter().any(|s| Some(s.seq) == self.saved) {
            self.saved_lost = true;
        }
        self.redo.clear();
        self.undo.push(Step {
            seq: self.next_seq,
            command: inverse,
            merge,
        });
    }

    /// Records a command that continues the last step when that step has
    /// the same `key` (work done in parts, e.g. suggestions added over
    /// several frames): one undo then takes back every part, the latest
    /// first. Otherwise it starts a step of its own.
    pub fn record_joining(&mut self, inverse: Command, key: &str) {
        if let Some(top) = self.undo.last_mut()
            && top.merge.as_deref() == Some(key)
            && self.redo.is_empty()
            && self.saved != Some(top.seq)
        {
            let earlier = std::mem::replace(&mut top.command, Command::Batch(Vec::new()));
            top.command = Command::Batch(vec![inverse, earlier]);
            return;
        }
        self.record(inverse, Some(key.to_owned()));
    }

    fn top(&self) -> Option<u64> {
        self.undo.last().map(|s| s.seq)
    }

    pub fn is_dirty(&self) -> bool {
        self.saved_lost || self.top() != self.saved
    }

    pub fn mark_saved(&mut self) {
        let point = self.save_point();
        self.mark_saved_at(point);
    }

    /// The state now, for a save that finishes later. Seals the last step,
    /// so typing that goes on while the save runs is a step of its own and
    /// stays unsaved.
    pub fn save_point(&mut self) -> SavePoint {
        if let Some(top) = self.undo.last_mut() {
            top.merge = None;
        }
        SavePoint(self.top())
    }

    /// Marks the state at `point` as the one on disk (a save of a snapshot
    /// taken then has finished).
    pub fn mark_saved_at(&mut self, point: SavePoint) {
        self.saved = point.0;
        // The empty history (None) is always reachable by undoing everything.
        self.saved_lost = point
            .0
            .is_some_and(|seq| !self.undo.iter().chain(&self.redo).any(|s| s.seq == seq));
    }

    /// Marks the current state as not saved (e.g. after restoring a recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_lost = true;
    }

    /// How many steps undo can take back.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub(super) fn pop_undo(&mut self) -> Option<(u64, Command)> {
        self.undo.pop().map(|s| (s.seq, s.command))
    }

    pub(super) fn pop_redo(&mut self) -> Option<(u64, Command)> {
        self.redo.pop().map(|s| (s.seq, s.command))
    }

    pub(super) fn push_undo(&mut self, (seq, command): (u64, Command)) {
        self.undo.push(Step {
            seq,
            command,
            merge: None,
        });
    }

    pub(super) fn push_redo(&mut self, (seq, command): (u64, Command)) {
        self.redo.push(Step {
            seq,
            command,
            merge: None,
        });
    }
}
