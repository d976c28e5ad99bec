//! The editor core without a window: actions in, model state out.

use marginalia::editor::{Action, Editor, Mode, Selection};
use marginalia::model::{AttrValue, Document, RelationType, Schema, Session, SpanId};

const TEXT: &str = "“We are seeing very contradictory signals — he released 30 people,” said Zoë Ibáñez, a lawyer. \
Police held more than 100 people on Monday.\r\nЕщё 17 человек 🚲 were freed.";

fn editor_with(schema: Schema) -> Editor {
    let doc = Document::new(TEXT.to_owned(), "t".into(), None);
    Editor::new(Session::empty(doc, schema))
}

fn editor() -> Editor {
    editor_with(Schema::default())
}

fn at(needle: &str) -> std::ops::Range<usize> {
    let start = TEXT.find(needle).expect("in the text");
    start..start + needle.len()
}

fn act(e: &mut Editor, action: Action) {
    e.apply(action, true).expect("action applies");
}

/// Selects `needle` (snapping on) and tags it; returns the new span's id.
fn tag(e: &mut Editor, needle: &str, label: &str) -> SpanId {
    tag_range(e, at(needle), label)
}

/// Selects bytes `r` as a mouse would (snapped when tagged) and tags them.
fn tag_range(e: &mut Editor, r: std::ops::Range<usize>, label: &str) -> SpanId {
    act(
        e,
        Action::SetSelection(Selection {
            anchor: r.start,
            caret: r.end,
            exact: false,
        }),
    );
    act(e, Action::Tag(label.into()));
    e.focused().expect("the new span is focused")
}

fn text_of(e: &Editor, id: SpanId) -> String {
    let s = e.session().annotations().span(id).expect("span");
    TEXT[s.range.clone()].to_owned()
}

#[test]
fn normal_to_link_to_pick_to_linked() {
    let mut e = editor();
    let quote = tag(&mut e, "We are seeing", "QUOTE");
    let source = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    tag(&mut e, "a lawyer", "SOURCE");
    act(&mut e, Action::Reveal(quote));
    assert_eq!(e.mode(), &Mode::Normal);
    act(&mut e, Action::StartLink);
    let Mode::Link {
        from,
        candidates,
        at,
    } = e.mode().clone()
    else {
        panic!("link mode, got {:?}", e.mode());
    };
    assert_eq!((from, at), (quote, 0));
    // Nearest first: Zoë Ibáñez, then "a lawyer".
    assert_eq!(candidates.len(), 2);
    assert_eq!(candidates[0], source);
    // Tab to the second, Shift+Tab back to the first.
    act(&mut e, Action::FocusStep { forward: true });
    assert_eq!(e.mode().link_target(), Some(candidates[1]));
    act(&mut e, Action::FocusStep { forward: false });
    assert_eq!(e.mode().link_target(), Some(source));
    act(&mut e, Action::Confirm);
    assert_eq!(e.mode(), &Mode::Normal);
    let rels: Vec<_> = e.session().annotations().relations().collect();
    assert_eq!(rels.len(), 1);
    assert_eq!(
        (rels[0].kind.as_str(), rels[0].from, rels[0].to),
        ("said_by", quote, source)
    );
    // A span already linked is no longer a candidate for the same type.
    act(&mut e, Action::StartLink);
    assert_eq!(
        e.mode().link_target().map(|t| text_of(&e, t)).as_deref(),
        Some("a lawyer")
    );
    act(&mut e, Action::Escape);
    assert_eq!(e.mode(), &Mode::Normal);
    assert_eq!(e.session().annotations().relations().len(), 1);
}

#[test]
fn link_mode_needs_a_relation_type_and_a_candidate() {
    let mut e = editor();
    tag(&mut e, "Zoë Ibáñez", "SOURCE");
    let err = e.apply(Action::StartLink, true).unwrap_err();
    assert!(err.contains("No relation type starts from SOURCE"), "{err}");
    tag(&mut e, "We are seeing", "QUOTE");
    // QUOTE → SOURCE works; a FIGURE has attributed_to but there is only
    // the one source: after linking it, K finds no candidate.
    let fig = tag(&mut e, "more than 100 people", "FIGURE");
    act(&mut e, Action::Reveal(fig));
    act(&mut e, Action::StartLink);
    act(&mut e, Action::Confirm);
    act(&mut e, Action::Reveal(fig));
    let err = e.apply(Action::StartLink, true).unwrap_err();
    assert!(err.contains("No span to link"), "{err}");
    assert_eq!(e.mode(), &Mode::Normal);
}

#[test]
fn two_fitting_types_ask_which_one() {
    let mut schema = Schema::default();
    schema.relations.push(RelationType {
        name: "paraphrases".into(),
        from: vec!["QUOTE".into()],
        to: vec!["SOURCE".into()],
        color: [0, 120, 200],
        hotkey: Some('p'),
        required: false,
    });
    let mut e = editor_with(schema);
    let quote = tag(&mut e, "We are seeing", "QUOTE");
    let source = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    act(
        &mut e,
        Action::Link {
            from: quote,
            to: source,
        },
    );
    let Mode::ChooseRelation { kinds, .. } = e.mode().clone() else {
        panic!("choose mode, got {:?}", e.mode());
    };
    assert_eq!(kinds, ["said_by", "paraphrases"]);
    act(&mut e, Action::FocusStep { forward: true });
    act(&mut e, Action::Confirm);
    let kinds: Vec<String> = e
        .session()
        .annotations()
        .relations()
        .map(|r| r.kind.clone())
        .collect();
    assert_eq!(kinds, ["paraphrases"]);
    // The other type by its hotkey.
    act(
        &mut e,
        Action::Link {
            from: quote,
            to: source,
        },
    );
    act(&mut e, Action::PickRelation("said_by".into()));
    assert_eq!(e.session().annotations().relations().len(), 2);
    assert_eq!(e.mode(), &Mode::Normal);
}

#[test]
fn relabel_then_escape_changes_nothing() {
    let mut e = editor();
    let id = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    act(&mut e, Action::StartRelabel);
    assert_eq!(e.mode(), &Mode::Relabel);
    act(&mut e, Action::Escape);
    assert_eq!(e.mode(), &Mode::Normal);
    assert_eq!(e.focused(), Some(id), "Esc leaves the mode first");
    act(&mut e, Action::Tag("QUOTE".into()));
    let labels: Vec<&str> = e
        .session()
        .annotations()
        .spans()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(
        labels,
        ["SOURCE"],
        "no relabel, and no new span from an empty selection"
    );
    act(&mut e, Action::StartRelabel);
    act(&mut e, Action::Tag("QUOTE".into()));
    let label = e.session().annotations().span(id).map(|s| s.label.clone());
    assert_eq!(label.as_deref(), Some("QUOTE"));
}

#[test]
fn snapping_widens_to_words_and_takes_both_quotation_marks() {
    let mut e = editor();
    // From inside "seeing" to inside "released".
    let id = tag_range(
        &mut e,
        at("eing very contradictory signals — he rel"),
        "QUOTE",
    );
    assert_eq!(
        text_of(&e, id),
        "seeing very contradictory signals — he released"
    );
    // A selection that starts right after “ and ends after ” gets both marks.
    let id = tag_range(&mut e, at("We are").start..at(",”").end, "QUOTE");
    assert_eq!(
        text_of(&e, id),
        "“We are seeing very contradictory signals — he released 30 people,”"
    );
    // Exact selections are not snapped.
    let r = at("ee");
    act(&mut e, Action::SetSelection(Selection::exact(r)));
    act(&mut e, Action::Tag("FIGURE".into()));
    assert_eq!(text_of(&e, e.focused().expect("tagged")), "ee");
}

#[test]
fn a_new_figure_gets_its_value_and_unit_and_other_labels_their_defaults() {
    let mut e = editor();
    let fig = tag(&mut e, "more than 100 people", "FIGURE");
    let attrs = &e
        .session()
        .annotations()
        .span(fig)
        .expect("span")
        .attributes;
    assert_eq!(attrs.get("value"), Some(&AttrValue::Int(100)));
    assert_eq!(attrs.get("approximate"), Some(&AttrValue::Bool(true)));
    assert_eq!(attrs.get("unit"), Some(&AttrValue::Text("people".into())));
    let q = tag(&mut e, "We are seeing", "QUOTE");
    let attrs = &e.session().annotations().span(q).expect("span").attributes;
    assert_eq!(attrs.get("kind"), Some(&AttrValue::Text("direct".into())));
    // One undo takes back the span with its attributes.
    act(&mut e, Action::Undo);
    act(&mut e, Action::Undo);
    assert!(e.session().annotations().is_empty());
}

#[test]
fn deleting_a_source_takes_its_link_and_one_undo_restores_both() {
    let mut e = editor();
    let quote = tag(&mut e, "We are seeing", "QUOTE");
    let source = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    act(
        &mut e,
        Action::Link {
            from: quote,
            to: source,
        },
    );
    let before = e.session().annotations().clone();
    act(&mut e, Action::Reveal(source));
    act(&mut e, Action::DeleteFocused);
    assert_eq!(e.session().annotations().relations().len(), 0);
    assert!(e.session().annotations().span(source).is_none());
    act(&mut e, Action::Undo);
    assert_eq!(e.session().annotations(), &before);
}

#[test]
fn typing_in_one_field_is_one_undo_step() {
    let mut e = editor();
    let id = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    for note in ["c", "ch", "che", "check"] {
        act(
            &mut e,
            Action::SetNote {
                id,
                note: note.into(),
                merge: Some("note:1".into()),
            },
        );
    }
    act(
        &mut e,
        Action::SetNote {
            id,
            note: "check it".into(),
            merge: Some("note:2".into()),
        },
    );
    let note = |e: &Editor| e.session().annotations().span(id).map(|s| s.note.clone());
    assert_eq!(note(&e).as_deref(), Some("check it"));
    act(&mut e, Action::Undo);
    assert_eq!(note(&e).as_deref(), Some("check"));
    act(&mut e, Action::Undo);
    assert_eq!(note(&e).as_deref(), Some(""));
}

#[test]
fn a_save_in_the_middle_of_typing_keeps_the_rest_dirty() {
    let mut e = editor();
    let id = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    let key = Some("note:1".to_owned());
    act(
        &mut e,
        Action::SetNote {
            id,
            note: "a".into(),
            merge: key.clone(),
        },
    );
    // Ctrl+S with the field focused: the snapshot is taken now...
    let point = e.session_mut().save_point();
    // ...typing goes on while the worker writes it...
    act(
        &mut e,
        Action::SetNote {
            id,
            note: "ab".into(),
            merge: key.clone(),
        },
    );
    // ...and the save reports back.
    e.session_mut().mark_saved_at(point);
    assert!(
        e.session().is_dirty(),
        "the \"b\" typed during the save is not on disk"
    );
    act(&mut e, Action::Undo);
    assert!(
        !e.session().is_dirty(),
        "one undo is back at the saved \"a\""
    );
    let note = e.session().annotations().span(id).map(|s| s.note.clone());
    assert_eq!(note.as_deref(), Some("a"));
}

#[test]
fn tab_walks_spans_in_reading_order_and_wraps() {
    let mut e = editor();
    let b = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    let a = tag(&mut e, "We are seeing", "QUOTE");
    let c = tag(&mut e, "17", "FIGURE");
    act(&mut e, Action::Escape);
    act(&mut e, Action::SetSelection(Selection::caret(0)));
    let mut seen = Vec::new();
    for _ in 0..4 {
        act(&mut e, Action::FocusStep { forward: true });
        seen.push(e.focused().expect("focused"));
    }
    // The quote (with its marks) starts at 0 and comes first.
    assert_eq!(seen, [a, b, c, a]);
    act(&mut e, Action::FocusStep { forward: false });
    assert_eq!(e.focused(), Some(c));
}

#[test]
fn f8_walks_the_problems_and_says_what_is_wrong() {
    let mut e = editor();
    let q1 = tag(&mut e, "We are seeing", "QUOTE");
    let source = tag(&mut e, "Zoë Ibáñez", "SOURCE");
    let q2 = tag(&mut e, "Police held more than 100 people", "QUOTE");
    act(&mut e, Action::Escape);
    act(&mut e, Action::SetSelection(Selection::caret(0)));
    act(&mut e, Action::NextProblem { forward: true });
    assert_eq!(e.focused(), Some(q1));
    assert!(e.hint().contains("has no said_by"), "{}", e.hint());
    act(&mut e, Action::NextProblem { forward: true });
    assert_eq!(e.focused(), Some(q2));
    // Linking the first quote solves its problem: F8 then goes round to q2 only.
    act(
        &mut e,
        Action::Link {
            from: q1,
            to: source,
        },
    );
    act(&mut e, Action::NextProblem { forward: true });
    assert_eq!(e.focused(), Some(q2));
    act(
        &mut e,
        Action::Link {
            from: q2,
            to: source,
        },
    );
    let err = e
        .apply(Action::NextProblem { forward: true }, true)
        .unwrap_err();
    assert!(err.starts_with("No problems"), "{err}");
}

#[test]
fn f8_leaves_relabel_mode_and_stops_once_per_span() {
    let mut e = editor();
    let fig = tag(&mut e, "more than 100 people", "FIGURE");
    e.apply(
        Action::SetAttribute {
            id: fig,
            key: "value".into(),
            value: Some(AttrValue::Text("many".into())),
            merge: None,
        },
        true,
    )
    .expect("attribute");
    e.apply(
        Action::SetAttribute {
            id: fig,
            key: "colour".into(),
            value: Some(AttrValue::Text("red".into())),
            merge: None,
        },
        true,
    )
    .expect("attribute");
    let q = tag(&mut e, "We are seeing", "QUOTE");
    act(&mut e, Action::StartRelabel);
    act(&mut e, Action::NextProblem { forward: true });
    assert_eq!(e.mode(), &Mode::Normal, "F8 leaves relabel mode");
    assert_eq!(e.focused(), Some(fig));
    let hint = e.hint();
    assert!(
        hint.contains("not a number") && hint.contains("colour"),
        "{hint}"
    );
    act(&mut e, Action::NextProblem { forward: true });
    assert_eq!(
        e.focused(),
        Some(q),
        "the figure's two problems are one stop"
    );
}
