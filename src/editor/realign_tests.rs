//! Realign review without a window: Ctrl+R, then decisions and undo.

use super::{Item, difference};
use crate::editor::{Action, Editor, Mode, Motion, Selection};
use crate::model::realign::context;
use crate::model::{
    Annotations, Document, Orphan, Relation, RelationId, Schema, Session, Span, SpanId,
};

const OLD: &str = "Intro.\n“We will not close the libary,” said Zoë Brontë, the mayor’s deputy.\n\
Residents cheered. “The room stays open,” she added.\nThe vote is in May.\n";
const NEW: &str = "Updated on Wednesday.\nIntro.\n“We will not close the library,” said Zoë Brontë, the mayor’s deputy.\n\
Residents cheered.\nThe vote is in May.\n";

const QUOTE: SpanId = SpanId(1);
const SOURCE: SpanId = SpanId(2);
const CUT: SpanId = SpanId(3);

/// `needle` in `OLD` as an orphan: its place in code points, text and context.
fn orphan(id: SpanId, needle: &str, label: &str) -> Orphan {
    let start = OLD.find(needle).expect("in the old text");
    let bytes = start..start + needle.len();
    let (prefix, suffix) = context(OLD, bytes.clone());
    let chars = OLD[..start].chars().count()..OLD[..bytes.end].chars().count();
    Orphan {
        span: Span::manual(id, chars, label),
        text: needle.to_owned(),
        prefix,
        suffix,
    }
}

/// The edited article opened: every span an orphan, the links waiting.
fn editor() -> Editor {
    let orphans = vec![
        orphan(QUOTE, "“We will not close the libary,”", "QUOTE"),
        orphan(SOURCE, "Zoë Brontë", "SOURCE"),
        orphan(CUT, "“The room stays open,”", "QUOTE"),
    ];
    let relations = vec![
        Relation::manual(RelationId(10), "said_by", QUOTE, SOURCE),
        Relation::manual(RelationId(11), "said_by", CUT, SOURCE),
    ];
    let ann = Annotations::with_orphans(Vec::new(), orphans, relations).expect("annotations");
    let doc = Document::new(NEW.to_owned(), "t".into(), None);
    Editor::new(Session::new(doc, Schema::default(), ann).expect("session"))
}

fn act(e: &mut Editor, action: Action) {
    e.apply(action, true).expect("action applies");
}

fn covered(e: &Editor, id: SpanId) -> Option<&str> {
    let span = e.session().annotations().span(id)?;
    NEW.get(span.range.clone())
}

#[test]
fn ctrl_r_reports_then_reviews_the_change_before_the_orphan() {
    let mut e = editor();
    act(&mut e, Action::Realign);
    assert!(
        e.hint().starts_with("1 moved, 1 changed, 1 orphaned"),
        "{}",
        e.hint()
    );
    assert_eq!(e.last_realign(), Some("1 moved, 1 changed, 1 orphaned"));
    assert_eq!(covered(&e, SOURCE), Some("Zoë Brontë"));
    assert_eq!(covered(&e, QUOTE), Some("“We will not close the library,”"));
    assert_eq!(
        e.realign_items(),
        vec![Item::Changed(QUOTE), Item::Orphan(CUT)]
    );
    assert_eq!(e.realign_item(), Some(Item::Changed(QUOTE)));
    assert_eq!(e.focused(), Some(QUOTE));
    act(&mut e, Action::FocusStep { forward: true });
    assert_eq!(e.realign_item(), Some(Item::Orphan(CUT)));
    assert_eq!(e.focused(), None);
    assert!(e.selection().is_empty(), "the quote's selection went");
    assert!(
        e.hint().contains("select where it goes, then A"),
        "{}",
        e.hint()
    );
    act(&mut e, Action::FocusStep { forward: true });
    assert_eq!(e.realign_item(), Some(Item::Changed(QUOTE)));
    act(&mut e, Action::FocusStep { forward: false });
    assert_eq!(e.realign_item(), Some(Item::Orphan(CUT)));
    // One undo takes the whole realign back.
    act(&mut e, Action::Undo);
    assert_eq!(e.session().annotations().orphans().len(), 3);
    assert_eq!(e.realign_items().len(), 3);
    assert!(matches!(e.realign_item(), Some(Item::Orphan(_))));
}

#[test]
fn an_orphan_goes_on_the_selection_and_undo_brings_it_back_in_hand() {
    let mut e = editor();
    act(&mut e, Action::Realign);
    act(&mut e, Action::GoToItem(CUT));
    assert_eq!(e.realign_item(), Some(Item::Orphan(CUT)));
    act(&mut e, Action::Accept);
    assert!(e.hint().starts_with("Nothing selected"), "{}", e.hint());
    let start = NEW.find("Residents cheered").expect("in the text");
    act(
        &mut e,
        Action::SetSelection(Selection::exact(start..start + 17)),
    );
    act(&mut e, Action::Accept);
    assert_eq!(covered(&e, CUT), Some("Residents cheered"));
    assert_eq!(e.session().annotations().changed(CUT), None);
    assert_eq!(e.realign_item(), Some(Item::Changed(QUOTE)));
    act(&mut e, Action::Undo);
    assert!(e.session().annotations().orphan(CUT).is_some());
    assert_eq!(e.realign_item(), Some(Item::Orphan(CUT)));
    act(&mut e, Action::Redo);
    assert_eq!(covered(&e, CUT), Some("Residents cheered"));
    assert_eq!(e.realign_item(), Some(Item::Changed(QUOTE)));
}

#[test]
fn deleting_an_orphan_takes_its_link_and_e_then_enter_resizes_and_accepts_in_one_step() {
    let mut e = editor();
    act(&mut e, Action::Realign);
    act(&mut e, Action::GoToItem(CUT));
    act(&mut e, Action::Reject);
    let ann = e.session().annotations();
    assert!(ann.orphan(CUT).is_none());
    assert_eq!(ann.relations().count(), 1);
    act(&mut e, Action::Undo);
    assert_eq!(e.session().annotations().relations().count(), 2);
    assert_eq!(e.realign_item(), Some(Item::Orphan(CUT)));
    act(&mut e, Action::FocusStep { forward: true });
    act(&mut e, Action::EditBounds);
    // The end back by a word: the quote without its closing words.
    act(
        &mut e,
        Action::Move {
            motion: Motion::WordLeft,
            extend: false,
        },
    );
    act(&mut e, Action::Confirm);
    assert_eq!(covered(&e, QUOTE), Some("“We will not close the"));
    assert_eq!(e.session().annotations().changed(QUOTE), None);
    assert_eq!(e.realign_item(), Some(Item::Orphan(CUT)));
    act(&mut e, Action::Undo);
    assert_eq!(covered(&e, QUOTE), Some("“We will not close the library,”"));
    assert!(e.session().annotations().changed(QUOTE).is_some());
    assert_eq!(e.realign_item(), Some(Item::Changed(QUOTE)));
    // Esc ends the review; what is left waits.
    act(&mut e, Action::Escape);
    assert_eq!(e.mode(), &Mode::Normal);
    assert!(e.hint().starts_with("2 left to realign"), "{}", e.hint());
    // Ctrl+R again: the orphan stays one; with nothing left it says so.
    act(&mut e, Action::Realign);
    assert!(
        e.hint().starts_with("0 moved, 0 changed, 1 orphaned"),
        "{}",
        e.hint()
    );
    assert_eq!(e.realign_item(), Some(Item::Changed(QUOTE)));
    act(&mut e, Action::Accept);
    act(&mut e, Action::Reject);
    assert_eq!(e.mode(), &Mode::Normal);
    assert!(e.hint().starts_with("Realign done"), "{}", e.hint());
    act(&mut e, Action::Realign);
    assert_eq!(e.hint(), "Nothing to realign");
}

#[test]
fn the_difference_is_what_lies_between_the_shared_ends() {
    let (was, now) = ("“horse carts,”", "“horse-drawn carts,”");
    let (a, b) = difference(was, now);
    assert_eq!((&was[a], &now[b]), ("", "-drawn"));
    let (a, b) = difference("Zoë", "Zoë");
    assert!(a.is_empty() && b.is_empty());
    let (a, b) = difference("libary", "library");
    assert_eq!((&"libary"[a], &"library"[b]), ("", "r"));
}
