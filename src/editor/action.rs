//! Everything a user can ask for, as plain data: panels and keys produce
//! these, the editor and the app carry them out, tests script them.

use std::path::PathBuf;

use crate::model::{AttrValue, RelationId, Schema, SpanId};

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

    /// A selection of `range` exactly, caret at its end.
    pub fn exact(range: std::ops::Range<usize>) -> Self {
        Self {
            anchor: range.start,
            caret: range.end,
            exact: true,
        }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.anchor.min(self.caret)..self.anchor.max(self.caret)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.caret
    }
}

/// An answer to one of the app's dialogs.
#[derive(Debug, Clone, PartialEq)]
pub enum DialogChoice {
    /// Unsaved changes: save, then go on.
    Save,
    /// Unsaved changes: drop them and go on.
    Discard,
    /// Close the dialog and do nothing.
    Cancel,
    /// Recovery: restore the autosaved work.
    Restore,
    /// Recovery: remove the autosaved work.
    DiscardRecovery,
    /// The annotation file changed on disk: write ours over it.
    Overwrite,
    /// Delete the label and its spans.
    DeleteLabel(String),
}

/// Everything a user can ask for. Panels return these; the app applies them.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Open(PathBuf),
    /// Show the path bar (and the system file dialog when there is one).
    ShowOpen,
    /// The Export dialog (Ctrl+E): the document's annotations to a dataset.
    ShowExport,
    /// The Import dialog (Ctrl+I): a dataset to articles and annotation files.
    ShowImport,
    Save,
    Undo,
    Redo,
    SetSelection(Selection),
    /// Move the caret; with `extend` the anchor stays (Shift held).
    Move {
        motion: Motion,
        extend: bool,
    },
    /// Tag the selection with a label (or relabel, in relabel mode).
    Tag(String),
    /// Select exactly this byte range and scroll to it (a search hit).
    Select(std::ops::Range<usize>),
    /// Mark the document done, or not done (Ctrl+Enter toggles).
    SetDone(bool),
    /// Project: open document N of the project.
    OpenDoc(usize),
    /// Project: the next / previous document in the list (Ctrl+PgDn / Ctrl+PgUp).
    StepDoc {
        forward: bool,
    },
    /// Project: toggle done on the open document and save (Ctrl+Enter).
    ToggleDone,
    /// Project: open a search hit.
    JumpTo {
        doc: usize,
        range: std::ops::Range<usize>,
    },
    /// Open the project in this folder.
    OpenProject(PathBuf),
    /// Make this folder a project (if it is not one) and open it.
    NewProject(PathBuf),
    /// Ask for a folder to open as a project (or to make one).
    ShowOpenProject {
        new: bool,
    },
    /// Show or hide the project search (Ctrl+Shift+F).
    ToggleSearch,
    /// Show or hide the project statistics (F9).
    ToggleStats,
    /// Put the keyboard in the document list's filters (Ctrl+L).
    FocusDocList,
    /// Project: suggest over every document, in the background.
    SuggestProject,
    /// Focus a span (or none) without scrolling.
    Focus(Option<SpanId>),
    /// Focus a span and scroll the text to it.
    Reveal(SpanId),
    /// Tab: the next (or previous) span, link candidate or relation type.
    FocusStep {
        forward: bool,
    },
    DeleteFocused,
    Relabel(SpanId, String),
    /// Wait for a label key to relabel the focused span.
    StartRelabel,
    /// Resize the focused span to the selection.
    ResizeFocused,
    /// A note typed into a field; edits with the same `merge` key are one undo step.
    SetNote {
        id: SpanId,
        note: String,
        merge: Option<String>,
    },
    SetAttribute {
        id: SpanId,
        key: String,
        value: Option<AttrValue>,
        merge: Option<String>,
    },
    /// Link mode from the focused span (K).
    StartLink,
    /// Link mode from this span (right-click → Link to…).
    StartLinkFrom(SpanId),
    /// Link two spans (a drag, or a click in link mode); asks the type when several fit.
    Link {
        from: SpanId,
        to: SpanId,
    },
    /// Enter: link to the highlighted candidate, or take the highlighted type.
    Confirm,
    /// Choose this relation type for the pending link.
    PickRelation(String),
    DeleteRelation(RelationId),
    /// The schema editor changed the schema; same `merge` key, one undo step.
    EditSchema {
        schema: Box<Schema>,
        merge: Option<String>,
    },
    RenameLabel {
        from: String,
        to: String,
    },
    RenameRelationType {
        from: String,
        to: String,
    },
    /// Delete a label: asks first when spans have it.
    DeleteLabel(String),
    /// Focus the span of the next (or previous) problem after the caret (F8, Shift+F8).
    NextProblem {
        forward: bool,
    },
    /// Run the built-in suggesters on the document (F5); Esc stops waiting.
    Suggest,
    /// Review mode (V): step through pending suggestions in text order.
    StartReview,
    /// Review: accept the suggestion (with its suggested links and their targets).
    Accept,
    /// Review: reject the suggestion (and its suggested links).
    Reject,
    /// Review: edit the suggestion's boundaries (arrows: end, Shift+arrows: start; Enter accepts).
    EditBounds,
    /// Review: relabel the suggestion and accept it.
    AcceptAs(String),
    /// Curation mode (C): settle the units of the annotators' versions.
    StartCuration,
    /// Curation: the unit takes annotator n's version (1-based, as the key).
    TakeVersion(usize),
    /// Curation: read the annotators' files again and merge what they now
    /// agree on, keeping what is settled (M).
    Remerge,
    /// Show other annotators' spans as outlines (compare view).
    ToggleCompare,
    /// Curation: make unit n (0-based, in the units list) the one in hand.
    GoToUnit(usize),
    /// Work as this annotator (their files; "curated" for curation).
    SwitchAnnotator(String),
    /// The next (or previous) annotator of the project (Ctrl+Shift+A).
    StepAnnotator {
        forward: bool,
    },
    /// The agreement window (F10).
    ToggleAgreement,
    /// Open project document n as the curated annotator.
    CurateDoc(usize),
    /// Places the orphans again where the text now has them (one undo
    /// step), then reviews what is left (Ctrl+R).
    Realign,
    /// Realign: make this changed span or orphan the item in hand.
    GoToItem(SpanId),
    /// Review: on to the next pending suggestion without deciding.
    Skip,
    /// Review: back to the previous suggestion, whatever its status.
    Back,
    /// Accept every pending span of a label scored at least `min_score`.
    /// `label` None: the focused span's label (every label when none is
    /// focused); `min_score` None: the review threshold.
    AcceptAbove {
        label: Option<String>,
        min_score: Option<f32>,
    },
    /// Reject every pending span of a label (None: the focused span's label,
    /// or every label when no span is focused).
    RejectPending {
        label: Option<String>,
    },
    /// Raise or lower the review threshold by 0.05 (] and [).
    NudgeThreshold {
        up: bool,
    },
    ToggleSnapping,
    ShowFind,
    /// Find the last searched text again, after the selection.
    FindNext,
    Find {
        needle: String,
    },
    ToggleHelp,
    ToggleSchemaEditor,
    /// Move the keyboard into the focused span's attribute fields (A).
    EditAttributes,
    Dialog(DialogChoice),
    /// Leave the current mode; in normal mode clear the selection and focus.
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
