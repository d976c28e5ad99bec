//! One open document's editing state — selection, focused span, mode — and
//! the logic that turns an [`Action`] into model commands. No egui here, so
//! tests drive it directly.

pub mod action;
pub mod curate;
mod fill;
pub mod link;
mod realign;
mod review;

use std::ops::Range;

pub use action::{Action, DialogChoice, Motion, Selection};
pub use curate::{CURATED, Curation, Unit, UnitState, Version};
pub use fill::initial_attributes;
pub use realign::{Item, Realigning, difference};
pub use review::Review;

use crate::model::{Command, Session, SpanId, Status, text_nav};

/// What keys mean right now.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// The next label key relabels the focused span.
    Relabel,
    /// Picking the span to link `from` to: Tab cycles `candidates`, Enter links.
    Link {
        from: SpanId,
        candidates: Vec<SpanId>,
        at: usize,
    },
    /// Several relation types fit `from` → `to`: Tab cycles, Enter or a hotkey picks.
    ChooseRelation {
        from: SpanId,
        to: SpanId,
        kinds: Vec<String>,
        at: usize,
    },
    /// Reviewing pending suggestions; the focused span is the one under review.
    Review(Review),
    /// Curating: settling units of the annotators' versions (see [`curate`]).
    Curate,
    /// Reviewing what realigning left: changed spans and orphans.
    Realign(Realigning),
}

impl Mode {
    /// The highlighted link target, in link mode.
    pub fn link_target(&self) -> Option<SpanId> {
        match self {
            Mode::Link { candidates, at, .. } => candidates.get(*at).copied(),
            Mode::ChooseRelation { to, .. } => Some(*to),
            _ => None,
        }
    }
}

/// An open document being edited.
#[derive(Debug, Clone)]
pub struct Editor {
    session: Session,
    selection: Selection,
    focused: Option<SpanId>,
    mode: Mode,
    /// Scroll the text so that this byte offset shows.
    reveal: Option<usize>,
    /// The last text searched for (F3 finds it again).
    last_find: String,
    /// What the status bar says until the next action (e.g. the problem F8 found).
    notice: Option<String>,
    /// Who is annotating: recorded with each span made or reviewed.
    annotator: String,
    /// The lowest score Shift+A accepts in bulk.
    threshold: f32,
    /// Other annotators' versions of this document and their units, in a
    /// project (for the compare view and curation).
    curation: Option<Curation>,
    /// What the last realign did ("3 moved, 1 changed, 1 orphaned").
    realigned: Option<String>,
    /// The text the orphans were placed on, when a copy was kept: realign
    /// diffs it against the article rather than rebuilding it from the
    /// spans' stored context.
    old_text: Option<std::sync::Arc<str>>,
}

impl Editor {
    pub fn new(session: Session) -> Self {
        Self {
            session,
            selection: Selection::default(),
            focused: None,
            mode: Mode::Normal,
            reveal: Some(0),
            last_find: String::new(),
            notice: None,
            annotator: "annotator".to_owned(),
            threshold: 0.8,
            curation: None,
            realigned: None,
            old_text: None,
        }
    }

    /// Who is annotating: recorded with each span made or reviewed from now on.
    pub fn set_annotator(&mut self, name: &str) {
        name.clone_into(&mut self.annotator);
    }

    /// The lowest score Shift+A accepts in bulk.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// For marking saves and read-only state; edits go through [`Editor::apply`].
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    pub fn selection(&self) -> Selection {
        self.selection
    }

    pub fn focused(&self) -> Option<SpanId> {
        self.focused
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn last_find(&self) -> &str {
        &self.last_find
    }

    /// Where the text view should scroll to, once.
    pub fn take_reveal(&mut self) -> Option<usize> {
        self.reveal.take()
    }

    /// What the status bar says about the mode.
    pub fn hint(&self) -> String {
        let ann = self.session.annotations();
        let text = &self.session.doc().text;
        let short = |id: SpanId| {
            ann.span(id)
                .map_or_else(String::new, |s| s.describe(text, 28))
        };
        match &self.mode {
            Mode::Normal => self.notice.clone().unwrap_or_default(),
            Mode::Review(review) => self.review_hint(review),
            Mode::Curate => self.curation_hint(),
            Mode::Realign(r) => self.realign_hint(r),
            Mode::Relabel => "Relabel: press a label key · Esc cancels".to_owned(),
            Mode::Link { candidates, at, .. } => format!(
                "Link to {} ({} of {}) · Tab: next · Enter: link · Esc: cancel",
                candidates.get(*at).map_or_else(String::new, |c| short(*c)),
                at + 1,
                candidates.len()
            ),
            Mode::ChooseRelation { kinds, at, .. } => format!(
                "Which link? {} · Tab: next · Enter or its key: choose · Esc: cancel",
                kinds
                    .iter()
                    .enumerate()
                    .map(|(i, k)| if i == *at {
                        format!("[{k}]")
                    } else {
                        k.clone()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        }
    }

    /// Carries out one action on the document. An error is a sentence for the user.
    pub fn apply(&mut self, action: Action, snapping: bool) -> Result<(), String> {
        self.notice = None;
        let result = self.apply_inner(action, snapping);
        // Units follow every change (an edit or undo outside curation mode too).
        self.refresh_curation();
        self.follow_realign();
        // Keep focus and mode pointing at spans that exist.
        let ann = self.session.annotations();
        if self.focused.is_some_and(|id| ann.span(id).is_none()) {
            self.focused = None;
        }
        let stale = match &self.mode {
            Mode::Link { from, .. } => ann.span(*from).is_none(),
            Mode::ChooseRelation { from, to, .. } => {
                ann.span(*from).is_none() || ann.span(*to).is_none()
            }
            _ => false,
        };
        if stale {
            self.mode = Mode::Normal;
        }
        result
    }

    fn run(&mut self, cmd: Command) -> Result<(), String> {
        self.session.execute(cmd).map_err(|e| e.to_string())
    }

    fn apply_inner(&mut self, action: Action, snapping: bool) -> Result<(), String> {
        if self.review(&action)? || self.curate(&action)? || self.realign(&action, snapping)? {
            return Ok(());
        }
        match action {
            Action::Undo => self.session.undo().map(|_| ()).map_err(|e| e.to_string()),
            Action::Redo => self.session.redo().map(|_| ()).map_err(|e| e.to_string()),
            Action::SetSelection(sel) => {
                let text = &self.session.doc().text;
                self.selection = Selection {
                    anchor: text_nav::floor_boundary(text, sel.anchor),
                    caret: text_nav::floor_boundary(text, sel.caret),
                    exact: sel.exact,
                };
                Ok(())
            }
            Action::Move { motion, extend } => {
                let caret = move_caret(&self.session.doc().text, self.selection.caret, motion);
                self.selection = if extend {
                    Selection {
                        caret,
                        exact: self.selection.exact
                            || matches!(motion, Motion::CharLeft | Motion::CharRight),
                        ..self.selection
                    }
                } else {
                    Selection::caret(caret)
                };
                self.reveal = Some(caret);
                Ok(())
            }
            Action::Tag(label) => self.tag(&label, snapping),
            Action::Select(range) => {
                let text = &self.session.doc().text;
                let range = text_nav::floor_boundary(text, range.start)
                    ..text_nav::floor_boundary(text, range.end);
                self.reveal = Some(range.start);
                self.selection = Selection::exact(range);
                Ok(())
            }
            Action::SetDone(done) => self.run(Command::SetDone(done)),
            Action::Focus(id) => {
                self.focused = id;
                Ok(())
            }
            Action::Reveal(id) => {
                self.reveal_span(id);
                Ok(())
            }
            Action::FocusStep { forward } => {
                self.step(forward);
                Ok(())
            }
            Action::DeleteFocused => match self.focused {
                Some(id) if self.mode == Mode::Normal => self.run(Command::DeleteSpan(id)),
                _ => Ok(()),
            },
            Action::Relabel(id, label) => self.run(Command::Relabel { id, label }),
            Action::StartRelabel => {
                if self.focused.is_some() {
                    self.mode = Mode::Relabel;
                }
                Ok(())
            }
            Action::ResizeFocused => match self.focused {
                Some(id) if !self.selection.is_empty() => {
                    let range = self.chosen_range(snapping);
                    self.run(Command::Resize { id, range })
                }
                _ => Ok(()),
            },
            Action::SetNote { id, note, merge } => self
                .session
                .execute_merging(Command::SetNote { id, note }, merge)
                .map_err(|e| e.to_string()),
            Action::SetAttribute {
                id,
                key,
                value,
                merge,
            } => self
                .session
                .execute_merging(Command::SetAttribute { id, key, value }, merge)
                .map_err(|e| e.to_string()),
            Action::StartLink => match self.focused {
                Some(from) => self.start_link(from),
                None => Err("Focus a span first (Tab, or tag one), then press K.".to_owned()),
            },
            Action::StartLinkFrom(from) => {
                self.focused = Some(from);
                self.start_link(from)
            }
            Action::Link { from, to } => self.link(from, to),
            Action::Confirm => match std::mem::take(&mut self.mode) {
                Mode::Link {
                    from,
                    candidates,
                    at,
                } => match candidates.get(at) {
                    Some(&to) => self.link(from, to),
                    None => Ok(()),
                },
                Mode::ChooseRelation {
                    from,
                    to,
                    kinds,
                    at,
                } => match kinds.get(at) {
                    Some(kind) => self.add_relation(kind, from, to),
                    None => Ok(()),
                },
                other => {
                    self.mode = other;
                    Ok(())
                }
            },
            Action::PickRelation(kind) => match std::mem::take(&mut self.mode) {
                Mode::ChooseRelation {
                    from, to, kinds, ..
                } if kinds.contains(&kind) => self.add_relation(&kind, from, to),
                other => {
                    self.mode = other;
                    Ok(())
                }
            },
            Action::DeleteRelation(id) => self.run(Command::DeleteRelation(id)),
            Action::EditSchema { schema, merge } => self
                .session
                .execute_merging(Command::SetSchema(schema), merge)
                .map_err(|e| e.to_string()),
            Action::RenameLabel { from, to } => self.run(Command::RenameLabel { from, to }),
            Action::RenameRelationType { from, to } => {
                self.run(Command::RenameRelationType { from, to })
            }
            Action::Dialog(DialogChoice::DeleteLabel(label)) => {
                let cmd = self.session.delete_label_command(&label);
                self.run(cmd)
            }
            Action::NextProblem { forward } => self.next_problem(forward),
            Action::StartReview => self.start_review(),
            Action::Realign => self.start_realign(),
            Action::StartCuration => self.start_curation(),
            Action::GoToUnit(i) => {
                self.start_curation()?;
                self.go_to_unit(i);
                Ok(())
            }
            Action::AcceptAbove { label, min_score } => {
                let label = label.or_else(|| self.focused_label());
                self.accept_above(label.as_deref(), min_score.unwrap_or(self.threshold))
            }
            Action::RejectPending { label } => {
                let label = label.or_else(|| self.focused_label());
                self.reject_pending(label.as_deref())
            }
            Action::NudgeThreshold { up } => {
                let step = if up { 0.05 } else { -0.05 };
                self.threshold = ((self.threshold + step) * 20.0).round().clamp(0.0, 20.0) / 20.0;
                self.notice = Some(format!("Shift+A accepts scores ≥ {:.2}", self.threshold));
                Ok(())
            }
            Action::FindNext => match self.last_find.clone() {
                needle if needle.is_empty() => Ok(()),
                needle => self.find(needle),
            },
            Action::Find { needle } => self.find(needle),
            Action::Escape => {
                if self.mode == Mode::Normal {
                    self.selection = Selection::caret(self.selection.caret);
                    self.focused = None;
                } else {
                    self.mode = Mode::Normal;
                }
                Ok(())
            }
            // The app's own actions (files, dialogs, windows) are not the editor's.
            _ => Ok(()),
        }
    }

    /// The range a tag or resize applies to: the selection, snapped to words unless exact.
    fn chosen_range(&self, snapping: bool) -> Range<usize> {
        if snapping && !self.selection.exact {
            text_nav::snap_to_words(&self.session.doc().text, self.selection.range())
        } else {
            self.selection.range()
        }
    }

    fn tag(&mut self, label: &str, snapping: bool) -> Result<(), String> {
        match (&self.mode, self.focused) {
            (Mode::Relabel, Some(id)) => {
                self.mode = Mode::Normal;
                return self.run(Command::Relabel {
                    id,
                    label: label.to_owned(),
                });
            }
            (Mode::Normal, _) => {}
            _ => return Ok(()),
        }
        if self.selection.is_empty() {
            return Ok(());
        }
        let range = self.chosen_range(snapping);
        let Command::AddSpan(mut span) = self.session.add_span_command(range.clone(), label) else {
            return Ok(());
        };
        let covered = self.session.doc().text.get(range.clone()).unwrap_or("");
        span.attributes = initial_attributes(self.session.schema(), label, covered);
        span.created = Some(crate::model::Stamp::now(&self.annotator));
        let id = span.id;
        self.run(Command::AddSpan(span))?;
        self.focused = Some(id);
        self.selection = Selection::caret(range.end);
        Ok(())
    }

    fn focused_label(&self) -> Option<String> {
        let span = self
            .focused
            .and_then(|id| self.session.annotations().span(id))?;
        Some(span.label.clone())
    }

    fn reveal_span(&mut self, id: SpanId) {
        if let Some(span) = self.session.annotations().span(id) {
            self.focused = Some(id);
            self.reveal = Some(span.range.start);
            self.selection = Selection::exact(span.range.clone());
        }
    }

    /// Tab: the next span in reading order, or the next link candidate or type.
    fn step(&mut self, forward: bool) {
        let turn = |at: usize, len: usize| match forward {
            true => (at + 1) % len.max(1),
            false => (at + len.max(1) - 1) % len.max(1),
        };
        match &mut self.mode {
            Mode::Link { candidates, at, .. } => {
                *at = turn(*at, candidates.len());
                let target = candidates.get(*at).copied();
                if let Some(span) = target.and_then(|t| self.session.annotations().span(t)) {
                    self.reveal = Some(span.range.start);
                }
                return;
            }
            Mode::ChooseRelation { kinds, at, .. } => {
                *at = turn(*at, kinds.len());
                return;
            }
            _ => {}
        }
        let ann = self.session.annotations();
        let index = ann.index();
        // Rejected spans are not drawn, so Tab passes them by.
        let shown = |id: &SpanId| ann.span(*id).is_some_and(|s| s.status != Status::Rejected);
        // From the focused span, else from the caret (forward) or the end.
        let (start, end, id) = match self.focused.and_then(|id| ann.span(id)) {
            Some(s) => (s.range.start, s.range.end, s.id),
            None if forward => (self.selection.caret, usize::MAX, SpanId(0)),
            None => (usize::MAX, 0, SpanId(u64::MAX)),
        };
        let next = index.around(start, end, id, forward).find(shown);
        if let Some(id) = next {
            self.reveal_span(id);
        }
    }

    fn start_link(&mut self, from: SpanId) -> Result<(), String> {
        let ann = self.session.annotations();
        let schema = self.session.schema();
        let Some(span) = ann.span(from) else {
            return Ok(());
        };
        if !schema
            .relations
            .iter()
            .any(|t| t.from.contains(&span.label))
        {
            return Err(format!(
                "No relation type starts from {}: add one in the schema editor.",
                span.label
            ));
        }
        let candidates = link::candidates(schema, ann, from);
        let Some(first) = candidates.first().and_then(|c| ann.span(*c)) else {
            return Err(format!("No span to link this {} to.", span.label));
        };
        self.reveal = Some(first.range.start);
        self.mode = Mode::Link {
            from,
            candidates,
            at: 0,
        };
        Ok(())
    }

    fn link(&mut self, from: SpanId, to: SpanId) -> Result<(), String> {
        self.mode = Mode::Normal;
        let ann = self.session.annotations();
        let kinds = link::fitting_types(self.session.schema(), ann, from, to);
        match kinds.len() {
            0 => {
                let label = |id| ann.span(id).map_or("?", |s| s.label.as_str());
                Err(format!(
                    "The schema has no relation from {} to {} (or they are linked already).",
                    label(from),
                    label(to)
                ))
            }
            1 => self.add_relation(&kinds[0], from, to),
            _ => {
                self.mode = Mode::ChooseRelation {
                    from,
                    to,
                    kinds,
                    at: 0,
                };
                Ok(())
            }
        }
    }

    fn add_relation(&mut self, kind: &str, from: SpanId, to: SpanId) -> Result<(), String> {
        self.mode = Mode::Normal;
        let cmd = self.session.add_relation_command(kind, from, to);
        self.run(cmd)?;
        self.focused = Some(from);
        Ok(())
    }

    /// Reveals the span of the next problem after the focused span (or the
    /// caret), wrapping round; the message says what is wrong.
    fn next_problem(&mut self, forward: bool) -> Result<(), String> {
        // Stepping to a problem leaves link or relabel mode, as Esc would.
        self.mode = Mode::Normal;
        let session = &self.session;
        let ann = session.annotations();
        let mut found: Vec<(usize, SpanId, String)> =
            crate::model::problems(session.schema(), ann, &session.doc().text)
                .into_iter()
                .filter_map(|p| ann.span(p.span).map(|s| (s.range.start, p.span, p.message)))
                .collect();
        if found.is_empty() {
            return Err(
                "No problems: every quote has its source and every value its type.".to_owned(),
            );
        }
        found.sort_by_key(|(start, id, _)| (*start, *id));
        // One stop per span, with all its problems.
        found.dedup_by(|later, first| {
            let same = later.1 == first.1;
            if same {
                first.2 = format!("{}; {}", first.2, later.2);
            }
            same
        });
        let here = self
            .focused
            .and_then(|id| ann.span(id))
            .map_or((self.selection.caret, SpanId(0)), |s| (s.range.start, s.id));
        let pick = if forward {
            found
                .iter()
                .find(|(start, id, _)| (*start, *id) > here)
                .or(found.first())
        } else {
            found
                .iter()
                .rev()
                .find(|(start, id, _)| (*start, *id) < here)
                .or(found.last())
        };
        let Some((_, id, message)) = pick.cloned() else {
            return Ok(());
        };
        self.reveal_span(id);
        self.notice = Some(format!("Problem: {message} · F8: next"));
        Ok(())
    }

    fn find(&mut self, needle: String) -> Result<(), String> {
        self.last_find.clone_from(&needle);
        let text = &self.session.doc().text;
        match text_nav::find(text, &needle, self.selection.range().end) {
            Some(r) => {
                // Snapped when tagged, like a mouse selection.
                self.selection = Selection {
                    anchor: r.start,
                    caret: r.end,
                    exact: false,
                };
                self.reveal = Some(r.start);
                self.focused = None;
                Ok(())
            }
            None => Err(format!("{needle:?} is not in the text")),
        }
    }
}

fn move_caret(text: &str, pos: usize, motion: Motion) -> usize {
    match motion {
        Motion::CharLeft => text_nav::prev_char(text, pos),
        Motion::CharRight => text_nav::next_char(text, pos),
        Motion::WordLeft => text_nav::prev_word_start(text, pos),
        Motion::WordRight => text_nav::next_word_end(text, pos),
        Motion::SentenceLeft => text_nav::prev_sentence(text, pos),
        Motion::SentenceRight => text_nav::next_sentence(text, pos),
        Motion::ParagraphUp => text_nav::prev_paragraph(text, pos),
        Motion::ParagraphDown => text_nav::next_paragraph(text, pos),
        Motion::LineStart => text_nav::paragraph_at(text, pos).start,
        Motion::LineEnd => text_nav::paragraph_at(text, pos).end,
        Motion::TextStart => 0,
        Motion::TextEnd => text.len(),
    }
}
