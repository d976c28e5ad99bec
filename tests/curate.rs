//! Curation without a window: three annotators' versions of one article,
//! settled into the curated version by the same actions the keys send.

use marginalia::editor::{Action, Editor, Mode, UnitState, Version};
use marginalia::model::{
    Document, Origin, Relation, RelationId, Schema, Session, Span, SpanId, Status,
};

const TEXT: &str = "Ticket prices rise by 8 % from June, the transit board said.\n\
“Nobody likes paying more,” said Zoë Ibáñez, its chair. “But the trams are 40 years old.”\n\
Ещё 17 человек 🚲 wrote to the board.\n";

fn at(needle: &str) -> std::ops::Range<usize> {
    let start = TEXT.find(needle).expect("in the text");
    start..start + needle.len()
}

/// A version: spans as (text, label); a said_by link from span 1 to span 2 when `link`.
fn version(name: &str, spans: &[(&str, &str)], link: bool) -> Version {
    let spans: Vec<Span> = spans
        .iter()
        .enumerate()
        .map(|(i, (t, l))| Span::manual(SpanId(i as u64 + 1), at(t), l))
        .collect();
    let relations = if link {
        vec![Relation::manual(
            RelationId(90),
            "said_by",
            SpanId(1),
            SpanId(2),
        )]
    } else {
        Vec::new()
    };
    Version {
        annotator: name.to_owned(),
        spans,
        relations,
    }
}

const QUOTE: &str = "“Nobody likes paying more,”";
const CHAIR: &str = "Zoë Ibáñez";
const LATER: &str = "“But the trams are 40 years old.”";
const LATER_SHORT: &str = "“But the trams are 40 years old.";

fn team() -> Vec<Version> {
    vec![
        version(
            "ana",
            &[
                (QUOTE, "QUOTE"),
                (CHAIR, "SOURCE"),
                (LATER, "QUOTE"),
                ("8 %", "FIGURE"),
            ],
            true,
        ),
        version(
            "ben",
            &[
                (QUOTE, "QUOTE"),
                (CHAIR, "SOURCE"),
                (LATER_SHORT, "QUOTE"),
                ("17 человек", "FIGURE"),
            ],
            true,
        ),
        version(
            "cai",
            &[(QUOTE, "QUOTE"), (CHAIR, "SOURCE"), (LATER, "QUOTE")],
            false,
        ),
    ]
}

fn curating() -> Editor {
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let mut e = Editor::new(Session::empty(doc, Schema::default()));
    e.set_versions(team());
    e
}

fn act(e: &mut Editor, action: Action) {
    e.apply(action, false).expect("action applies");
}

/// Accepted curated spans as (text, label, agreed_by), sorted.
fn settled(e: &Editor) -> Vec<(String, String, Vec<String>)> {
    let s = e.session();
    let mut out: Vec<_> = s
        .annotations()
        .spans()
        .filter(|x| x.status == Status::Accepted)
        .map(|x| {
            let by = match &x.origin {
                Origin::Curated { agreed_by } => agreed_by.clone(),
                other => panic!("not curated: {other:?}"),
            };
            (TEXT[x.range.clone()].to_owned(), x.label.clone(), by)
        })
        .collect();
    out.sort();
    out
}

fn state_of(e: &Editor, label: &str, needle: &str) -> UnitState {
    let c = e.curation().expect("curation");
    let r = at(needle);
    c.units
        .iter()
        .find(|u| u.label == label && u.range.start < r.end && r.start < u.range.end)
        .map(|u| u.state)
        .expect("a unit there")
}

fn go_to(e: &mut Editor, label: &str, needle: &str) {
    let c = e.curation().expect("curation");
    let r = at(needle);
    let i = c
        .units
        .iter()
        .position(|u| u.label == label && u.range.start < r.end && r.start < u.range.end)
        .expect("a unit there");
    act(e, Action::GoToUnit(i));
    assert_eq!(*e.mode(), Mode::Curate);
}

#[test]
fn agreed_units_merge_with_their_agreed_links_in_one_undo_step() {
    let mut e = curating();
    assert_eq!(e.merge_agreed().expect("merge"), 2);
    let all3 = vec!["ana".to_owned(), "ben".to_owned(), "cai".to_owned()];
    assert_eq!(
        settled(&e),
        vec![
            (CHAIR.to_owned(), "SOURCE".to_owned(), all3.clone()),
            (QUOTE.to_owned(), "QUOTE".to_owned(), all3.clone()),
        ]
    );
    // Only ana and ben linked the quote to its chair: not merged.
    assert_eq!(e.session().annotations().relations().count(), 0);
    assert_eq!(state_of(&e, "QUOTE", QUOTE), UnitState::Agreed);
    assert_eq!(state_of(&e, "QUOTE", LATER), UnitState::Disagreed);
    assert_eq!(state_of(&e, "FIGURE", "8 %"), UnitState::Incomplete);
    // Merging again finds nothing new; one undo takes the merge back.
    assert_eq!(e.merge_agreed().expect("merge"), 0);
    act(&mut e, Action::Undo);
    assert!(settled(&e).is_empty());
}

#[test]
fn a_takes_the_version_most_share_x_drops_and_digits_take_one_annotator() {
    let mut e = curating();
    e.merge_agreed().expect("merge");
    act(&mut e, Action::StartCuration);

    // A: ana and cai share the longer quote; ben is not among its agreers.
    go_to(&mut e, "QUOTE", LATER);
    act(&mut e, Action::Accept);
    assert!(settled(&e).contains(&(
        LATER.to_owned(),
        "QUOTE".to_owned(),
        vec!["ana".to_owned(), "cai".to_owned()]
    )));
    assert_eq!(state_of(&e, "QUOTE", LATER), UnitState::Accepted);

    // 2 on the same unit: ben's version replaces it (one step), and undo brings ana's back.
    go_to(&mut e, "QUOTE", LATER);
    act(&mut e, Action::TakeVersion(2));
    let bens = (
        LATER_SHORT.to_owned(),
        "QUOTE".to_owned(),
        vec!["ben".to_owned()],
    );
    assert!(settled(&e).contains(&bens));
    assert_eq!(settled(&e).iter().filter(|s| s.1 == "QUOTE").count(), 2);
    act(&mut e, Action::Undo);
    assert!(!settled(&e).contains(&bens));
    assert!(settled(&e).iter().any(|s| s.0 == LATER));

    // X drops the figure only ana marked: nothing accepted, the unit rejected (kept as such).
    go_to(&mut e, "FIGURE", "8 %");
    act(&mut e, Action::Reject);
    assert_eq!(state_of(&e, "FIGURE", "8 %"), UnitState::Rejected);
    assert!(!settled(&e).iter().any(|s| s.1 == "FIGURE"));
    let rejected = e
        .session()
        .annotations()
        .spans()
        .filter(|s| s.status == Status::Rejected)
        .count();
    assert_eq!(rejected, 1);

    // A where no two annotators agree says so and changes nothing.
    go_to(&mut e, "FIGURE", "17 человек");
    let before = e.session().revision();
    assert!(e.apply(Action::Accept, false).is_err());
    assert_eq!(e.session().revision(), before);
    // 1 on a unit ana has no span in drops it.
    act(&mut e, Action::TakeVersion(1));
    assert_eq!(state_of(&e, "FIGURE", "17 человек"), UnitState::Rejected);
}

#[test]
fn taking_a_version_brings_its_links_to_settled_spans_and_remerge_keeps_what_is_settled() {
    let mut e = curating();
    e.merge_agreed().expect("merge");
    act(&mut e, Action::StartCuration);
    // ana linked her quote to the chair; taking her quote brings the link.
    let mut ana_only = team();
    ana_only[0].spans[0].range = at("“Nobody likes paying more,” said");
    e.set_versions(ana_only);
    go_to(&mut e, "QUOTE", QUOTE);
    act(&mut e, Action::Undo); // back to nothing settled, then take ana's version of everything
    assert!(settled(&e).is_empty());
    assert_eq!(
        e.merge_agreed().expect("merge"),
        1,
        "only the chair is agreed now"
    );
    go_to(&mut e, "QUOTE", QUOTE);
    act(&mut e, Action::TakeVersion(1));
    let rels: Vec<_> = e.session().annotations().relations().cloned().collect();
    assert_eq!(rels.len(), 1, "ana's said_by came along");
    let ann = e.session().annotations();
    let from = ann.span(rels[0].from).expect("from");
    let to = ann.span(rels[0].to).expect("to");
    assert_eq!(
        &TEXT[from.range.clone()],
        "“Nobody likes paying more,” said"
    );
    assert_eq!(&TEXT[to.range.clone()], CHAIR);
    assert!(
        matches!(&rels[0].origin, Origin::Curated { agreed_by } if agreed_by == &vec!["ana".to_owned()])
    );

    // New work arrives: everyone now agrees on the longer later quote. A
    // re-merge adds it and leaves the settled quote alone.
    let mut newer = team();
    newer[0].spans[0].range = at("“Nobody likes paying more,” said");
    newer[1].spans[2].range = at(LATER);
    e.set_versions(newer);
    assert_eq!(e.merge_agreed().expect("re-merge"), 1);
    assert!(settled(&e).iter().any(|s| s.0 == LATER && s.2.len() == 3));
    assert!(
        settled(&e)
            .iter()
            .any(|s| s.0 == "“Nobody likes paying more,” said")
    );
}

#[test]
fn a_tie_is_refused_x_widens_the_schema_and_an_edited_span_is_no_longer_agreed() {
    // Four annotators, two versions of one quote held by two each: A cannot choose.
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let mut e = Editor::new(Session::empty(doc, Schema::default()));
    e.set_versions(vec![
        version("ana", &[(LATER, "QUOTE"), ("8 %", "CLAIM")], false),
        version("ben", &[(LATER_SHORT, "QUOTE"), ("8 %", "CLAIM")], false),
        version("cai", &[(LATER, "QUOTE"), ("8 %", "CLAIM")], false),
        version("dan", &[(LATER_SHORT, "QUOTE"), ("8 %", "CLAIM")], false),
    ]);
    // The agreed CLAIM is merged, though the curated schema had no CLAIM.
    assert_eq!(e.merge_agreed().expect("merge"), 1);
    assert!(e.session().schema().get("CLAIM").is_some());
    act(&mut e, Action::StartCuration);
    go_to(&mut e, "QUOTE", LATER);
    let before = e.session().revision();
    let err = e.apply(Action::Accept, false).expect_err("a tie");
    assert!(err.contains("press the number"), "{err}");
    assert_eq!(e.session().revision(), before);

    // X on a unit whose label the schema lacks: the schema grows, the unit is dropped.
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    let mut e = Editor::new(Session::empty(doc, Schema::default()));
    e.set_versions(vec![
        version("ana", &[("8 %", "CLAIM")], false),
        version("ben", &[], false),
    ]);
    act(&mut e, Action::StartCuration);
    go_to(&mut e, "CLAIM", "8 %");
    act(&mut e, Action::Reject);
    assert_eq!(state_of(&e, "CLAIM", "8 %"), UnitState::Rejected);

    // Resizing a merged span (E, then R with the usual keys) makes it the curator's.
    let mut e = curating();
    e.merge_agreed().expect("merge");
    act(&mut e, Action::StartCuration);
    go_to(&mut e, "SOURCE", CHAIR);
    assert_eq!(state_of(&e, "SOURCE", CHAIR), UnitState::Agreed);
    act(&mut e, Action::EditBounds);
    assert_eq!(*e.mode(), Mode::Normal);
    act(
        &mut e,
        Action::SetSelection(marginalia::editor::Selection::exact(at("Zoë"))),
    );
    act(&mut e, Action::ResizeFocused);
    assert_eq!(
        state_of(&e, "SOURCE", CHAIR),
        UnitState::Accepted,
        "refreshed outside curation mode"
    );
    act(&mut e, Action::Undo);
    assert_eq!(state_of(&e, "SOURCE", CHAIR), UnitState::Agreed);
}
