//! The keyboard map: keys in, actions out. Runs before the panels draw so
//! that Tab and the arrows reach the text rather than egui's focus handling.

use egui::{Event, InputState, Key, Modifiers};

use super::{Action, Motion};
use crate::editor::Mode;
use crate::model::Schema;

/// One line a key, for the help window: (keys, what they do).
pub const HELP: &[(&str, &str)] = &[
    (
        "1 … 9",
        "tag the selection with that label (or relabel after L)",
    ),
    (
        "Left / Right",
        "caret by word (Shift extends the selection)",
    ),
    (
        "Alt+Left / Right",
        "caret by character, exact (no snapping)",
    ),
    ("Up / Down, Ctrl+Left / Right", "caret by sentence"),
    ("Ctrl+Up / Down", "caret by paragraph"),
    ("Home End / Ctrl+Home End", "line start/end, text start/end"),
    (
        "Tab / Shift+Tab",
        "next / previous span (selects its range)",
    ),
    ("Delete", "delete the focused span"),
    ("L then 1 … 9", "relabel the focused span"),
    (
        "K, Tab, Enter",
        "link the focused span (a quote to its source): K starts, Tab picks, Enter links",
    ),
    (
        "A",
        "edit the focused span's attributes (Tab between fields, Esc back)",
    ),
    ("F2", "label schema editor"),
    (
        "F5",
        "suggest quotes, sources, links and figures (added as pending; Esc stops)",
    ),
    (
        "F8 / Shift+F8",
        "next / previous problem (a quote without its source, …)",
    ),
    ("R", "resize the focused span to the selection"),
    ("V", "review pending suggestions in text order (Esc ends)"),
    (
        "review: A / X",
        "accept (a quote with its suggested source and link) / reject",
    ),
    (
        "review: E, arrows, Enter",
        "edit the boundaries: arrows move the end, Shift+arrows the start, Enter accepts",
    ),
    ("review: 1 … 9", "relabel and accept"),
    (
        "review: Space / Backspace",
        "skip / back to the previous suggestion",
    ),
    (
        "review: Shift+A / Shift+X, [ ]",
        "accept this label's pending ≥ threshold / reject its rest; lower / raise the threshold",
    ),
    (
        "Ctrl+F, F3",
        "find text (Enter selects the match), find it again",
    ),
    (
        "Ctrl+R",
        "realign an edited article's spans (one undo step), then review what changed and the orphans",
    ),
    (
        "realign: Tab / Shift+Tab",
        "next / previous changed span or orphan (or click it in the Realign panel)",
    ),
    (
        "realign: A",
        "accept the change; on an orphan, place it on the selection",
    ),
    (
        "realign: X or Delete, E",
        "delete the span or orphan; edit a changed span's bounds (arrows, Enter accepts)",
    ),
    ("Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y", "undo / redo"),
    ("Ctrl+S / Ctrl+O", "save / open a file by path"),
    (
        "Ctrl+E / Ctrl+I",
        "export the annotations as a dataset / import one (Enter runs, Esc cancels)",
    ),
    ("W", "word snapping on/off (Alt while dragging: off)"),
    (
        "Esc",
        "leave link or relabel mode; clear selection and focus",
    ),
    (
        "Ctrl+Shift+O / Ctrl+Shift+N",
        "open a project folder / make a folder of articles a project",
    ),
    (
        "Ctrl+PgDn / Ctrl+PgUp",
        "project: next / previous document in the list (the open one is saved)",
    ),
    ("Ctrl+Enter", "project: mark the document done, or not done"),
    (
        "Ctrl+Shift+F",
        "project: search (label:QUOTE prison, source:Name; ↑ ↓ Enter opens a hit)",
    ),
    ("F9", "project: statistics"),
    (
        "Shift+C",
        "project: compare — other annotators' spans as outlines, one style each",
    ),
    (
        "C",
        "project: curation mode (as the curated annotator, it starts on opening)",
    ),
    (
        "curation: 1 … 9 / A / X",
        "take annotator n's version (Shift+0 … Shift+9: the 10th to 19th) / the version most share / drop the unit",
    ),
    (
        "curation: E, Tab, M",
        "edit the unit's span (C back) / next unit (Shift: previous) / re-merge new work",
    ),
    ("F10", "project: agreement between annotators"),
    (
        "Ctrl+Shift+A",
        "project: work as the next annotator (\"curated\" curates)",
    ),
    (
        "Shift+F5",
        "project: suggest in every document not done (in the background; Esc… Cancel stops)",
    ),
    (
        "Ctrl+L",
        "project: filter the document list by typing: words of the name, status:done (new, progress, pending), label:QUOTE (or label:QUOTE>=3, label:FIGURE=0); Esc back",
    ),
    ("F1", "show or hide this help"),
];

/// Review mode's keys, taken before the normal ones (A, Backspace and the
/// label keys mean something else here).
fn review_keys(
    take: &mut impl FnMut(Modifiers, Key) -> bool,
    schema: &Schema,
    actions: &mut Vec<Action>,
) {
    let keys = [
        (
            Modifiers::SHIFT,
            Key::A,
            Action::AcceptAbove {
                label: None,
                min_score: None,
            },
        ),
        (
            Modifiers::SHIFT,
            Key::X,
            Action::RejectPending { label: None },
        ),
        (Modifiers::NONE, Key::A, Action::Accept),
        (Modifiers::NONE, Key::X, Action::Reject),
        (Modifiers::NONE, Key::E, Action::EditBounds),
        (Modifiers::NONE, Key::Space, Action::Skip),
        (Modifiers::NONE, Key::Backspace, Action::Back),
        (
            Modifiers::NONE,
            Key::CloseBracket,
            Action::NudgeThreshold { up: true },
        ),
        (
            Modifiers::NONE,
            Key::OpenBracket,
            Action::NudgeThreshold { up: false },
        ),
    ];
    for (mods, key, action) in keys {
        if take(mods, key) {
            actions.push(action);
        }
    }
    for label in &schema.labels {
        let key = label
            .hotkey
            .and_then(|c| Key::from_name(&c.to_ascii_uppercase().to_string()));
        if key.is_some_and(|key| take(Modifiers::NONE, key)) {
            actions.push(Action::AcceptAs(label.name.clone()));
        }
    }
}

/// Realign mode's keys, taken before the normal ones (A and Delete mean
/// something else here).
fn realign_keys(take: &mut impl FnMut(Modifiers, Key) -> bool, actions: &mut Vec<Action>) {
    let keys = [
        (Key::A, Action::Accept),
        (Key::X, Action::Reject),
        (Key::Delete, Action::Reject),
        (Key::E, Action::EditBounds),
    ];
    for (key, action) in keys {
        if take(Modifiers::NONE, key) {
            actions.push(action);
        }
    }
}

/// Curation mode's keys, taken before the normal ones: digits take an
/// annotator's version rather than tag.
fn curate_keys(take: &mut impl FnMut(Modifiers, Key) -> bool, actions: &mut Vec<Action>) {
    let keys = [
        (Key::A, Action::Accept),
        (Key::X, Action::Reject),
        (Key::E, Action::EditBounds),
        (Key::M, Action::Remerge),
    ];
    for (key, action) in keys {
        if take(Modifiers::NONE, key) {
            actions.push(action);
        }
    }
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    for (n, key) in digits.into_iter().enumerate() {
        if take(Modifiers::NONE, key) {
            actions.push(Action::TakeVersion(n + 1));
        }
        // Shift+1 … Shift+9: annotators 11 to 19; Shift+0: the tenth.
        if take(Modifiers::SHIFT, key) {
            actions.push(Action::TakeVersion(n + 11));
        }
    }
    if take(Modifiers::SHIFT, Key::Num0) {
        actions.push(Action::TakeVersion(10));
    }
}

/// Reads the keys pressed this frame and returns the actions they mean.
/// `was_typing`: a text field had the keyboard at the end of the last frame
/// (egui drops that focus on Escape before we see the key, and the Escape
/// then belongs to the field, not to the text).
pub fn keyboard_actions(
    ctx: &egui::Context,
    schema: &Schema,
    mode: &Mode,
    was_typing: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let typing = was_typing || ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        // One key press at a time, in the order pressed, so that fast
        // typing (A A A, or A then X in one frame) loses and reorders none.
        let events = std::mem::take(&mut i.events);
        let mut left = Vec::with_capacity(events.len());
        for event in events {
            if matches!(event, Event::Key { pressed: true, .. }) {
                i.events = vec![event];
                key_actions(i, schema, mode, typing, &mut actions);
                left.append(&mut i.events);
            } else {
                left.push(event);
            }
        }
        i.events = left;
    });
    if !typing {
        // The keys above drive the text; keep egui from also moving widget focus.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
    }
    actions
}

/// The actions of the key presses in `i.events` (one, as called), taking
/// the presses it uses.
fn key_actions(
    i: &mut InputState,
    schema: &Schema,
    mode: &Mode,
    typing: bool,
    actions: &mut Vec<Action>,
) {
    {
        let mut take = |mods: Modifiers, key: Key| take_exact(i, mods, key);
        if take(Modifiers::COMMAND, Key::S) {
            actions.push(Action::Save);
        }
        if typing {
            return;
        }
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        if take(shift_cmd, Key::Z) || take(Modifiers::COMMAND, Key::Y) {
            actions.push(Action::Redo);
        }
        if take(Modifiers::COMMAND, Key::Z) {
            actions.push(Action::Undo);
        }
        if take(Modifiers::COMMAND, Key::O) {
            actions.push(Action::ShowOpen);
        }
        if take(Modifiers::COMMAND, Key::F) {
            actions.push(Action::ShowFind);
        }
        if take(Modifiers::COMMAND, Key::E) {
            actions.push(Action::ShowExport);
        }
        if take(Modifiers::COMMAND | Modifiers::SHIFT, Key::F) {
            actions.push(Action::ToggleSearch);
        }
        if take(Modifiers::COMMAND | Modifiers::SHIFT, Key::O) {
            actions.push(Action::ShowOpenProject { new: false });
        }
        if take(Modifiers::COMMAND | Modifiers::SHIFT, Key::N) {
            actions.push(Action::ShowOpenProject { new: true });
        }
        if take(Modifiers::COMMAND, Key::PageDown) {
            actions.push(Action::StepDoc { forward: true });
        }
        if take(Modifiers::COMMAND, Key::PageUp) {
            actions.push(Action::StepDoc { forward: false });
        }
        if take(Modifiers::COMMAND, Key::Enter) {
            actions.push(Action::ToggleDone);
        }
        if take(Modifiers::NONE, Key::F9) {
            actions.push(Action::ToggleStats);
        }
        if take(Modifiers::NONE, Key::F10) {
            actions.push(Action::ToggleAgreement);
        }
        if take(Modifiers::COMMAND | Modifiers::SHIFT, Key::A) {
            actions.push(Action::StepAnnotator { forward: true });
        }
        if take(Modifiers::SHIFT, Key::F5) {
            actions.push(Action::SuggestProject);
        }
        if take(Modifiers::COMMAND, Key::L) {
            actions.push(Action::FocusDocList);
        }
        if take(Modifiers::COMMAND, Key::I) {
            actions.push(Action::ShowImport);
        }
        if take(Modifiers::COMMAND, Key::R) {
            actions.push(Action::Realign);
        }
        for (key, cmd_motion, plain_motion) in [
            (Key::ArrowLeft, Motion::SentenceLeft, Motion::WordLeft),
            (Key::ArrowRight, Motion::SentenceRight, Motion::WordRight),
            (Key::ArrowUp, Motion::ParagraphUp, Motion::SentenceLeft),
            (Key::ArrowDown, Motion::ParagraphDown, Motion::SentenceRight),
            (Key::Home, Motion::TextStart, Motion::LineStart),
            (Key::End, Motion::TextEnd, Motion::LineEnd),
        ] {
            for extend in [false, true] {
                let shift = if extend {
                    Modifiers::SHIFT
                } else {
                    Modifiers::NONE
                };
                if take(Modifiers::COMMAND | shift, key) {
                    actions.push(Action::Move {
                        motion: cmd_motion,
                        extend,
                    });
                }
                let char_motion = match key {
                    Key::ArrowLeft => Some(Motion::CharLeft),
                    Key::ArrowRight => Some(Motion::CharRight),
                    _ => None,
                };
                if let Some(motion) = char_motion
                    && take(Modifiers::ALT | shift, key)
                {
                    actions.push(Action::Move { motion, extend });
                }
                if take(shift, key) {
                    actions.push(Action::Move {
                        motion: plain_motion,
                        extend,
                    });
                }
            }
        }
        if take(Modifiers::SHIFT, Key::Tab) {
            actions.push(Action::FocusStep { forward: false });
        }
        if take(Modifiers::NONE, Key::Tab) {
            actions.push(Action::FocusStep { forward: true });
        }
        if matches!(mode, Mode::Review(_)) {
            review_keys(&mut take, schema, actions);
        }
        if matches!(mode, Mode::Curate) {
            curate_keys(&mut take, actions);
        }
        if matches!(mode, Mode::Realign(_)) {
            realign_keys(&mut take, actions);
        }
        if take(Modifiers::NONE, Key::C) {
            actions.push(Action::StartCuration);
        }
        if take(Modifiers::SHIFT, Key::C) {
            actions.push(Action::ToggleCompare);
        }
        if take(Modifiers::NONE, Key::V) {
            actions.push(Action::StartReview);
        }
        if take(Modifiers::NONE, Key::Delete) || take(Modifiers::NONE, Key::Backspace) {
            actions.push(Action::DeleteFocused);
        }
        if take(Modifiers::NONE, Key::L) {
            actions.push(Action::StartRelabel);
        }
        if take(Modifiers::NONE, Key::R) {
            actions.push(Action::ResizeFocused);
        }
        if take(Modifiers::NONE, Key::K) {
            actions.push(Action::StartLink);
        }
        if take(Modifiers::NONE, Key::A) {
            actions.push(Action::EditAttributes);
        }
        if take(Modifiers::NONE, Key::Enter) {
            actions.push(Action::Confirm);
        }
        if take(Modifiers::NONE, Key::F8) {
            actions.push(Action::NextProblem { forward: true });
        }
        if take(Modifiers::SHIFT, Key::F8) {
            actions.push(Action::NextProblem { forward: false });
        }
        if take(Modifiers::NONE, Key::F5) {
            actions.push(Action::Suggest);
        }
        if take(Modifiers::NONE, Key::F2) {
            actions.push(Action::ToggleSchemaEditor);
        }
        if take(Modifiers::NONE, Key::W) {
            actions.push(Action::ToggleSnapping);
        }
        if take(Modifiers::NONE, Key::F3) {
            actions.push(Action::FindNext);
        }
        if take(Modifiers::NONE, Key::F1) {
            actions.push(Action::ToggleHelp);
        }
        if take(Modifiers::NONE, Key::Escape) {
            actions.push(Action::Escape);
        }
        let key_of =
            |c: Option<char>| c.and_then(|c| Key::from_name(&c.to_ascii_uppercase().to_string()));
        if matches!(mode, Mode::ChooseRelation { .. }) {
            for rel in &schema.relations {
                if key_of(rel.hotkey).is_some_and(|key| take(Modifiers::NONE, key)) {
                    actions.push(Action::PickRelation(rel.name.clone()));
                }
            }
            return;
        }
        for label in &schema.labels {
            if key_of(label.hotkey).is_some_and(|key| take(Modifiers::NONE, key)) {
                actions.push(Action::Tag(label.name.clone()));
            }
        }
    }
}

/// Consumes presses of `key` made with exactly `mods` held (egui's own
/// `consume_key` ignores extra Shift and Alt).
fn take_exact(i: &mut InputState, mods: Modifiers, key: Key) -> bool {
    let before = i.events.len();
    i.events.retain(|e| {
        !matches!(e, Event::Key { key: k, pressed: true, modifiers: m, .. }
            if *k == key && m.matches_exact(mods))
    });
    before != i.events.len()
}
