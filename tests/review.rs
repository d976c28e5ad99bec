//! Review mode without a window: suggestions in, one key per decision,
//! every decision undoable.

use marginalia::editor::{Action, Editor, Mode, Motion};
use marginalia::model::{Document, Origin, Schema, Session, SpanId, Status};
use marginalia::suggest::{SuggestSet, Suggestions, memory::Memory, pending_command};

/// The built-in rules and `extra` on TEXT.
fn suggest_all(
    schema: &Schema,
    extra: Vec<std::sync::Arc<dyn marginalia::suggest::Suggester>>,
) -> Vec<Suggestions> {
    let set = SuggestSet {
        extra,
        ..SuggestSet::default()
    };
    set.run("t", TEXT, schema).expect("no imports to fail")
}

const TEXT: &str = "“We are seeing very contradictory signals — he released 30 people,” said Zoë Ibáñez, a lawyer. \
Police held more than 100 people on Monday.\r\nЕщё 17 человек 🚲 were freed, “and 40 more will follow,” Ibáñez added. \
Zoë Ibáñez has defended 12 activists.";

/// An editor on TEXT with the built-in suggestions added as pending.
fn suggested() -> Editor {
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let mut session = Session::empty(doc, Schema::default());
    let found = suggest_all(session.schema(), Vec::new());
    let cmd = pending_command(&mut session, &found).expect("suggestions");
    session.execute(cmd).expect("added");
    let mut e = Editor::new(session);
    e.set_annotator("tester");
    e
}

fn act(e: &mut Editor, action: Action) {
    e.apply(action, true).expect("action applies");
}

/// E, Right (the end a word on), Enter: accepts the widened span.
fn widen_by_a_word(e: &mut Editor) {
    act(e, Action::EditBounds);
    let right = Action::Move {
        motion: Motion::WordRight,
        extend: false,
    };
    act(e, right);
    act(e, Action::Confirm);
}

fn focused(e: &Editor) -> (SpanId, String, String, Status) {
    let id = e.focused().expect("a span under review");
    let s = e.session().annotations().span(id).expect("span");
    (
        id,
        s.label.clone(),
        TEXT[s.range.clone()].to_owned(),
        s.status,
    )
}

fn status(e: &Editor, id: SpanId) -> Status {
    e.session().annotations().span(id).expect("span").status
}

/// Every span and relation, in id order: undo must restore exactly this.
fn snapshot(
    e: &Editor,
) -> (
    Vec<marginalia::model::Span>,
    Vec<marginalia::model::Relation>,
) {
    let ann = e.session().annotations();
    let mut spans: Vec<_> = ann.spans().cloned().collect();
    spans.sort_by_key(|s| s.id);
    let mut rels: Vec<_> = ann.relations().cloned().collect();
    rels.sort_by_key(|r| r.id);
    (spans, rels)
}

fn pending(e: &Editor) -> usize {
    e.session()
        .annotations()
        .spans()
        .filter(|s| s.status == Status::Pending)
        .count()
}

#[test]
fn review_walks_in_text_order_and_undo_walks_back() {
    let mut e = suggested();
    let total = pending(&e);
    assert!(total >= 5, "{total} suggestions");
    let start_state = snapshot(&e);
    act(&mut e, Action::StartReview);
    assert!(matches!(e.mode(), Mode::Review(_)));

    // A on the first quote accepts it with its suggested source and link.
    let (quote, label, text, st) = focused(&e);
    assert_eq!((label.as_str(), st), ("QUOTE", Status::Pending), "{text}");
    assert!(text.starts_with("“We are seeing"), "{text}");
    act(&mut e, Action::Accept);
    assert_eq!(status(&e, quote), Status::Accepted);
    let ann = e.session().annotations();
    let link = ann
        .relations_of(quote)
        .find(|r| r.from == quote)
        .expect("said_by");
    assert_eq!(link.status, Status::Accepted);
    let source = ann.span(link.to).expect("source");
    assert_eq!(&TEXT[source.range.clone()], "Zoë Ibáñez");
    assert_eq!(source.status, Status::Accepted);
    let reviewed = ann
        .span(quote)
        .and_then(|s| s.reviewed.clone())
        .expect("stamp");
    assert_eq!(reviewed.by, "tester");
    assert_eq!(
        pending(&e),
        total - 2,
        "the quote and its source in one key"
    );

    // The source is decided already, so review moves past it.
    let (second, _, text, _) = focused(&e);
    assert_ne!(text, "Zoë Ibáñez");
    act(&mut e, Action::Reject);
    assert_eq!(status(&e, second), Status::Rejected);

    // E: Right moves the end a word on, Enter accepts the new range.
    let (third, _, before, _) = focused(&e);
    widen_by_a_word(&mut e);
    let after = {
        let s = e.session().annotations().span(third).expect("span");
        TEXT[s.range.clone()].to_owned()
    };
    assert!(
        after.starts_with(&before) && after.len() > before.len(),
        "{before:?} → {after:?}"
    );
    assert_eq!(status(&e, third), Status::Accepted);

    // A label key relabels (here to SOURCE) and accepts.
    let (fourth, old_label, _, _) = focused(&e);
    act(&mut e, Action::AcceptAs("SOURCE".into()));
    let s = e.session().annotations().span(fourth).expect("span");
    assert_eq!((s.label.as_str(), s.status), ("SOURCE", Status::Accepted));
    assert_eq!(pending(&e), total - 5);

    // Undo walks back through the four decisions, to each span in turn.
    act(&mut e, Action::Undo);
    assert_eq!(e.focused(), Some(fourth));
    let s = e.session().annotations().span(fourth).expect("span");
    assert_eq!(
        (s.label.as_str(), s.status),
        (old_label.as_str(), Status::Pending)
    );
    act(&mut e, Action::Undo);
    assert_eq!(e.focused(), Some(third));
    let s = e.session().annotations().span(third).expect("span");
    assert_eq!(
        (&TEXT[s.range.clone()], s.status),
        (before.as_str(), Status::Pending)
    );
    act(&mut e, Action::Undo);
    assert_eq!(
        (e.focused(), status(&e, second)),
        (Some(second), Status::Pending)
    );
    act(&mut e, Action::Undo);
    assert_eq!(e.focused(), Some(quote));
    assert_eq!(pending(&e), total);
    let ann = e.session().annotations();
    assert!(ann.relations().all(|r| r.status == Status::Pending));
    assert!(
        snapshot(&e) == start_state,
        "undo restored every field, stamps included"
    );
}

#[test]
fn a_changed_decision_takes_the_links_along() {
    let mut e = suggested();
    act(&mut e, Action::StartReview);
    let (quote, ..) = focused(&e);
    let link_status = |e: &Editor| {
        let ann = e.session().annotations();
        let r = ann
            .relations_of(quote)
            .find(|r| r.from == quote)
            .expect("said_by");
        (r.status, ann.span(r.to).expect("source").status)
    };
    act(&mut e, Action::Reject);
    assert_eq!(link_status(&e), (Status::Rejected, Status::Pending));
    act(&mut e, Action::Back);
    assert_eq!(e.focused(), Some(quote));
    act(&mut e, Action::Accept);
    assert_eq!(status(&e, quote), Status::Accepted);
    assert_eq!(
        link_status(&e),
        (Status::Accepted, Status::Accepted),
        "re-accepting restores the link"
    );

    // Its own label key is a plain accept: the link and source come along.
    let mut e = suggested();
    act(&mut e, Action::StartReview);
    act(&mut e, Action::AcceptAs("QUOTE".into()));
    assert_eq!(link_status(&e), (Status::Accepted, Status::Accepted));
    // Relabelled to a label the link type does not start from: the link is rejected.
    let mut e = suggested();
    act(&mut e, Action::StartReview);
    act(&mut e, Action::AcceptAs("FIGURE".into()));
    assert_eq!(link_status(&e).0, Status::Rejected);
    let problems = marginalia::model::problems(
        e.session().schema(),
        e.session().annotations(),
        &e.session().doc().text,
    );
    assert!(
        problems
            .iter()
            .all(|p| p.severity != marginalia::model::Severity::Error),
        "a rejected link is not an error: {problems:?}"
    );
}

#[test]
fn an_edited_or_relabelled_suggestion_is_not_suggested_again() {
    let mut e = suggested();
    act(&mut e, Action::StartReview);
    // Widen the first quote by a word and accept; relabel the next one.
    widen_by_a_word(&mut e);
    act(&mut e, Action::AcceptAs("SOURCE".into()));
    let decided = e.session().annotations().len();
    let session = e.session_mut();
    let again = suggest_all(&Schema::default(), Vec::new());
    let cmd = pending_command(session, &again);
    assert_eq!(cmd, None, "nothing new: {cmd:?}");
    assert_eq!(session.annotations().len(), decided);
}

#[test]
fn rejected_spans_are_skipped_by_tab_and_back_returns() {
    let mut e = suggested();
    act(&mut e, Action::StartReview);
    let (first, ..) = focused(&e);
    act(&mut e, Action::Skip);
    let (second, ..) = focused(&e);
    act(&mut e, Action::Reject);
    act(&mut e, Action::Back);
    assert_eq!(e.focused(), Some(second), "back to the one just rejected");
    act(&mut e, Action::Back);
    assert_eq!(e.focused(), Some(first));
    act(&mut e, Action::Escape);
    assert_eq!(e.mode(), &Mode::Normal);

    // Tab from the first span goes round every span once, never to the rejected one.
    let n = e.session().annotations().len();
    let mut seen = Vec::new();
    for _ in 0..n {
        act(&mut e, Action::FocusStep { forward: true });
        seen.push(e.focused().expect("focused"));
    }
    assert!(!seen.contains(&second), "Tab reached a rejected span");
    assert!(seen.contains(&first));
    for _ in 0..n {
        act(&mut e, Action::FocusStep { forward: false });
        assert_ne!(
            e.focused(),
            Some(second),
            "Shift+Tab reached a rejected span"
        );
    }
}

#[test]
fn bulk_accepts_by_score_then_rejects_the_rest() {
    let mut e = suggested();
    let figures = |e: &Editor, st: Status| {
        e.session()
            .annotations()
            .spans()
            .filter(|s| s.label == "FIGURE" && s.status == st)
            .count()
    };
    let all = figures(&e, Status::Pending);
    assert!(all >= 3);
    act(
        &mut e,
        Action::AcceptAbove {
            label: Some("FIGURE".into()),
            min_score: Some(0.0),
        },
    );
    assert_eq!(figures(&e, Status::Accepted), all);
    act(&mut e, Action::Undo);
    assert_eq!(figures(&e, Status::Pending), all, "one undo step");
    let none = e.apply(
        Action::AcceptAbove {
            label: Some("FIGURE".into()),
            min_score: Some(2.0),
        },
        true,
    );
    assert!(none.is_err(), "told that nothing matches");
    assert_eq!(figures(&e, Status::Pending), all, "no score is that high");
    act(&mut e, Action::RejectPending { label: None });
    assert_eq!(pending(&e), 0);
    assert!(
        e.session()
            .annotations()
            .relations()
            .all(|r| r.status == Status::Rejected)
    );
}

#[test]
fn memory_suggests_accepted_strings_and_never_a_rejected_one_again() {
    let mut e = suggested();
    // Accept the first source; reject everything else.
    act(&mut e, Action::StartReview);
    act(&mut e, Action::Accept);
    for label in ["QUOTE", "SOURCE", "FIGURE"] {
        let label = Some(label.to_owned());
        act(&mut e, Action::RejectPending { label });
    }
    let before = e.session().annotations().len();

    let session = e.session_mut();
    let memory: std::sync::Arc<dyn marginalia::suggest::Suggester> =
        std::sync::Arc::new(Memory::from_session(session));
    let found = suggest_all(&Schema::default(), vec![memory]);
    let cmd = pending_command(session, &found).expect("memory finds Zoë Ibáñez again");
    session.execute(cmd).expect("added");
    let new: Vec<_> = session
        .annotations()
        .spans()
        .filter(|s| s.status == Status::Pending)
        .collect();
    assert_eq!(new.len(), 1, "only the remembered name is new: {new:?}");
    assert_eq!(&TEXT[new[0].range.clone()], "Zoë Ibáñez");
    assert_eq!(Some(new[0].range.start), TEXT.rfind("Zoë Ibáñez"));
    assert!(matches!(&new[0].origin, Origin::Suggested { suggester, .. } if suggester == "memory"));
    assert_eq!(session.annotations().len(), before + 1);
    // The rejected suggestions stay rejected: suggesting again adds nothing.
    let again = suggest_all(&Schema::default(), Vec::new());
    assert_eq!(pending_command(session, &again), None);
}

#[test]
fn editing_moves_the_start_by_whole_words_both_ways() {
    let text = "Chronic illnesses. Human rights activists and former prisoners say care is poor.";
    let doc = Document::new(text.to_owned(), "t".into(), None);
    let mut session = Session::empty(doc, Schema::default());
    let start = text.find("former").expect("in text");
    let Some(marginalia::model::Command::AddSpan(mut span)) =
        Some(session.add_span_command(start..start + "former prisoners".len(), "SOURCE"))
    else {
        panic!("a span command");
    };
    span.status = Status::Pending;
    let id = span.id;
    session
        .execute(marginalia::model::Command::AddSpan(span))
        .expect("added");
    let mut e = Editor::new(session);
    act(&mut e, Action::StartReview);
    act(&mut e, Action::EditBounds);
    let shift = |motion| Action::Move {
        motion,
        extend: true,
    };
    for _ in 0..4 {
        act(&mut e, shift(Motion::WordLeft));
    }
    let range = |e: &Editor| e.selection().range();
    assert_eq!(
        &text[range(&e)],
        "Human rights activists and former prisoners"
    );
    act(&mut e, shift(Motion::WordRight));
    assert_eq!(&text[range(&e)], "rights activists and former prisoners");
    act(&mut e, Action::Confirm);
    let s = e.session().annotations().span(id).expect("span");
    assert_eq!(
        (&text[s.range.clone()], s.status),
        ("rights activists and former prisoners", Status::Accepted)
    );
}
