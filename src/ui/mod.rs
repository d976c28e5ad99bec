//! egui panels and widgets. They draw the model and return [`Action`]s;
//! the app applies those through the model's commands.

pub mod keys;
pub mod span_panel;
pub mod status_bar;
pub mod text_view;
pub mod top_bar;

use std::path::PathBuf;

use crate::model::SpanId;

/// The selection in the text, in byte offsets. `caret` is the moving end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    pub anchor: usize,
    pub caret: usize,
    /// Made with Alt held (or by character steps): not snapped to words.
    pub exact: bool,
}

impl Selection {
    pub fn caret(pos: usize) -> Self {
        Self {
            anchor: pos,
            caret: pos,
            exact: false,
        }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.anchor.min(self.caret)..self.anchor.max(self.caret)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.caret
    }
}

/// Everything a user can ask for. Panels return these; the app applies them.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Open(PathBuf),
    /// Show the path bar (and the system file dialog when there is one).
    ShowOpen,
    Save,
    Undo,
    Redo,
    SetSelection(Selection),
    /// Move the caret; with `extend` the anchor stays (Shift held).
    Move {
        motion: Motion,
        extend: bool,
    },
    /// Tag the selection with a label.
    Tag(String),
    /// Focus a span (or none) without scrolling.
    Focus(Option<SpanId>),
    /// Focus a span and scroll the text to it.
    Reveal(SpanId),
    /// Focus the next (or previous) span in reading order.
    FocusStep {
        forward: bool,
    },
    DeleteFocused,
    Relabel(SpanId, String),
    /// Wait for a label key to relabel the focused span.
    StartRelabel,
    /// Resize the focused span to the selection.
    ResizeFocused,
    SetNote(SpanId, String),
    ToggleSnapping,
    ShowFind,
    /// Find the last searched text again, after the selection.
    FindNext,
    Find {
        needle: String,
    },
    ToggleHelp,
    /// Clear the selection and the focus.
    Escape,
}

/// Caret movements, by unit of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    CharLeft,
    CharRight,
    WordLeft,
    WordRight,
    SentenceLeft,
    SentenceRight,
    ParagraphUp,
    ParagraphDown,
    LineStart,
    LineEnd,
    TextStart,
    TextEnd,
}
