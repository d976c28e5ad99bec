//! Annotation files on disk: saves, corrupt files, changed articles, the CLI.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use marginalia::formats::Format;
use marginalia::project::{annotation_path, open_article};

const ARTICLE: &str = "Zoë Ibáñez said: “Прибыль выросла на 12%,” 中文 🚲\r\nSecond line.\r\n";

fn article(dir: &Path) -> PathBuf {
    let path = dir.join("story.txt");
    std::fs::write(&path, ARTICLE).expect("write article");
    path
}

fn tag_and_save(path: &Path, format: Format) -> PathBuf {
    let mut opened = open_article(path, format).expect("open");
    let start = ARTICLE.find('“').expect("quote");
    let end = ARTICLE.find('”').expect("quote") + '”'.len_utf8();
    let cmd = opened.session.add_span_command(start..end, "QUOTE");
    opened.session.execute(cmd).expect("add");
    let fig = ARTICLE.find("12%").expect("figure");
    let cmd = opened.session.add_span_command(fig..fig + 3, "FIGURE");
    opened.session.execute(cmd).expect("add");
    opened
        .target
        .save(&mut opened.session, "tester")
        .expect("save");
    assert!(!opened.session.is_dirty());
    opened.target.path
}

/// Opens the article in the app, tags bytes 0..end (snapped to words) and saves.
fn tag_start_and_save(app: &mut marginalia::app::App, path: &Path, end: usize, label: &str) {
    use marginalia::ui::{Action, Selection};
    app.open(path);
    app.apply(Action::SetSelection(Selection {
        anchor: 0,
        caret: end,
        exact: false,
    }));
    app.apply(Action::Tag(label.into()));
    app.apply(Action::Save);
    app.finish_saves(std::time::Duration::from_secs(10));
}

fn marginalia(args: &[&Path]) -> (bool, String) {
    let out = Process::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("run marginalia");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn validate_passes_on_a_saved_file_and_names_a_changed_character() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    assert_eq!(ann, dir.path().join("story.txt.ann.ron"));
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(ok, "{out}");
    // Change one character of the article (inside the quote).
    std::fs::write(&path, ARTICLE.replacen("12%", "13%", 1)).expect("rewrite");
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(!ok, "{out}");
    assert!(out.contains("sha256"), "{out}");
    assert!(out.contains("13%"), "names the mismatching text: {out}");
}

#[test]
fn convert_goes_both_ways() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let json = tag_and_save(&path, Format::Json);
    assert_eq!(json, dir.path().join("story.txt.ann.json"));
    let ron = dir.path().join("copy.ann.ron");
    let (ok, out) = marginalia(&[Path::new("convert"), &json, &ron]);
    assert!(ok, "{out}");
    let back = dir.path().join("back.ann.json");
    let (ok, out) = marginalia(&[Path::new("convert"), &ron, &back]);
    assert!(ok, "{out}");
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("json");
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&back).expect("read")).expect("json");
    assert_eq!(a, b);
}

#[test]
fn a_corrupt_file_is_reported_with_line_and_column_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    let mut text = std::fs::read_to_string(&ann).expect("read");
    // Break line 5: drop the colon after a field name.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[4] = lines[4].replacen(':', "", 1);
    text = lines.join("\n");
    std::fs::write(&ann, &text).expect("corrupt");
    let before = std::fs::read(&ann).expect("read");

    let mut opened = open_article(&path, Format::Ron).expect("the article still opens");
    let message = opened.messages.join("\n");
    assert!(message.contains("story.txt.ann.ron:5:"), "{message}");
    assert_ne!(opened.target.path, ann, "saves must go elsewhere");
    let cmd = opened.session.add_span_command(0.."Zoë".len(), "SOURCE");
    opened.session.execute(cmd).expect("add");
    opened
        .target
        .save(&mut opened.session, "tester")
        .expect("save elsewhere");
    assert_eq!(std::fs::read(&ann).expect("read"), before, "byte-identical");
    assert!(opened.target.path.exists());
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(!ok);
    assert!(out.contains(":5:"), "{out}");
}

#[test]
fn a_changed_article_opens_with_its_spans_waiting_to_realign_and_the_file_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    let before = std::fs::read(&ann).expect("read");
    // A typo fixed before both spans; the article is edited in place.
    let edited = ARTICLE.replacen("Zoë", "Zoe", 1);
    std::fs::write(&path, &edited).expect("rewrite");
    let mut opened = open_article(&path, Format::Ron).expect("open");
    assert!(
        opened.session.read_only().is_none(),
        "Realign is offered, not read-only"
    );
    let ann_now = opened.session.annotations();
    assert_eq!((ann_now.len(), ann_now.orphans().len()), (0, 2));
    assert!(
        opened.messages.join(" ").contains("Realign"),
        "{:?}",
        opened.messages
    );
    assert!(
        !opened.session.is_dirty(),
        "nothing changed yet: closing need not ask"
    );
    let report = opened.session.realign(None).expect("realign");
    assert_eq!(report.summary(), "2 moved, 0 changed, 0 orphaned");
    let quote = edited.find('“').expect("quote");
    let texts: Vec<&str> = opened
        .session
        .annotations()
        .spans()
        .map(|s| &edited[s.range.clone()])
        .collect();
    assert_eq!(texts, ["“Прибыль выросла на 12%,”", "12%"]);
    assert_eq!(
        opened
            .session
            .annotations()
            .spans()
            .next()
            .map(|s| s.range.start),
        Some(quote)
    );
    // The old hash stays on disk until the user saves.
    assert_eq!(std::fs::read(&ann).expect("read"), before);
    assert!(opened.session.is_dirty());
    opened.target.save(&mut opened.session, "x").expect("save");
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(ok, "{out}");
    assert_eq!(annotation_path(&path, Format::Ron), ann);
}

#[test]
fn bad_articles_and_schemas_are_reported_not_panicked_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = marginalia::app::App::new(marginalia::project::Settings::default());
    app.open(&dir.path().join("missing.txt"));
    assert!(app.workspace.doc.is_none());
    assert!(
        app.messages().iter().any(|m| m.contains("missing.txt")),
        "{:?}",
        app.messages()
    );
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 1]).expect("write");
    app.open(&binary);
    assert!(app.workspace.doc.is_none());
    assert!(
        app.messages()
            .iter()
            .any(|m| m.contains("photo.txt") && m.contains("binary")),
        "{:?}",
        app.messages()
    );

    let schema = dir.path().join("labels.ron");
    std::fs::write(&schema, "(labels: [(name: \"CLAIM\" color: (1, 2, 3))])").expect("write");
    let (ok, out) = marginalia(&[Path::new("--schema"), &schema]);
    assert!(!ok);
    assert!(out.contains("labels.ron: 1:"), "{out}");
}

#[test]
fn a_schema_file_sets_the_labels_of_new_annotations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let schema = marginalia::model::Schema::from_ron(
        "(labels: [(name: \"CLAIM\", description: \"A claim\", color: (120, 60, 200), hotkey: Some('4'))])",
    )
    .expect("schema");
    let mut app = marginalia::app::App::new(marginalia::project::Settings::default());
    app.schema = schema.0;
    tag_start_and_save(&mut app, &path, 3, "CLAIM");
    let saved = std::fs::read_to_string(dir.path().join("story.txt.ann.ron")).expect("saved");
    assert!(saved.contains("name: \"CLAIM\""), "{saved}");
    assert!(
        saved.contains("label: \"CLAIM\", start: 0, end: 3, text: \"Zoë\""),
        "{saved}"
    );
}

#[test]
fn work_saved_after_a_parse_failure_opens_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    std::fs::write(&ann, "(format: \"marginalia-annotations\", oops").expect("corrupt");
    let mut opened = open_article(&path, Format::Ron).expect("open");
    let cmd = opened.session.add_span_command(0.."Zoë".len(), "SOURCE");
    opened.session.execute(cmd).expect("add");
    opened
        .target
        .save(&mut opened.session, "tester")
        .expect("save");
    let alt = opened.target.path.clone();
    assert_eq!(alt, dir.path().join("story.txt.ann-2.ron"));
    // Reopen: the broken file is reported again, and the saved work is there.
    let reopened = open_article(&path, Format::Ron).expect("reopen");
    assert_eq!(reopened.target.path, alt);
    assert_eq!(reopened.session.annotations().len(), 1);
    assert!(
        reopened.messages.join("\n").contains("story.txt.ann-2.ron"),
        "{:?}",
        reopened.messages
    );
}

#[test]
fn a_misspelt_field_is_an_error_with_its_place_not_a_silent_loss() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    let text = std::fs::read_to_string(&ann)
        .expect("read")
        .replacen("note:", "notes:", 1);
    std::fs::write(&ann, &text).expect("write");
    let line = text
        .lines()
        .position(|l| l.contains("notes:"))
        .expect("line")
        + 1;
    let opened = open_article(&path, Format::Ron).expect("open");
    let message = opened.messages.join("\n");
    assert!(
        message.contains(&format!("story.txt.ann.ron:{line}:")),
        "{message}"
    );
    assert!(message.contains("notes"), "{message}");
}

#[test]
fn labels_missing_from_a_files_schema_are_kept_and_undo_still_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    let text = std::fs::read_to_string(&ann).expect("read").replacen(
        "label: \"FIGURE\"",
        "label: \"AMOUNT\"",
        1,
    );
    std::fs::write(&ann, text).expect("write");
    let mut opened = open_article(&path, Format::Ron).expect("open");
    assert!(opened.messages.is_empty(), "{:?}", opened.messages);
    assert!(opened.session.schema().get("AMOUNT").is_some());
    let id = opened
        .session
        .annotations()
        .spans()
        .find(|s| s.label == "AMOUNT")
        .map(|s| s.id)
        .expect("span");
    opened
        .session
        .execute(marginalia::model::Command::Relabel {
            id,
            label: "FIGURE".into(),
        })
        .expect("relabel");
    assert!(opened.session.undo().expect("undo"));
    assert_eq!(
        opened
            .session
            .annotations()
            .span(id)
            .map(|s| s.label.as_str()),
        Some("AMOUNT")
    );
}

#[test]
fn a_recovery_file_that_does_not_fit_is_reported_and_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    let recovery = marginalia::project::recovery_path(&path);
    std::fs::copy(&ann, &recovery).expect("copy");
    std::fs::write(&path, ARTICLE.replacen("Zoë", "Zoe", 1)).expect("rewrite");
    let opened = open_article(&path, Format::Ron).expect("open");
    assert!(opened.recovery.is_none());
    assert!(
        opened
            .messages
            .iter()
            .any(|m| m.contains("recovery") && m.contains("left in place")),
        "{:?}",
        opened.messages
    );
    assert!(recovery.exists());
}

#[test]
fn the_json_setting_makes_new_files_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let mut app = marginalia::app::App::new(marginalia::project::Settings {
        format: Format::Json,
        ..Default::default()
    });
    tag_start_and_save(&mut app, &path, 4, "SOURCE");
    let saved = std::fs::read_to_string(dir.path().join("story.txt.ann.json")).expect("json saved");
    let json: serde_json::Value = serde_json::from_str(&saved).expect("valid json");
    assert_eq!(json["spans"][0]["text"], "Zoë");
    assert!(!dir.path().join("story.txt.ann.ron").exists());
}

#[test]
fn validate_checks_relation_ends_labels_and_attribute_types() {
    use marginalia::model::{AttrValue, Command};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    // A clean file whose quote has no source yet passes, with a warning.
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(ok, "{out}");
    assert!(
        out.contains("warning: QUOTE “") && out.contains("has no said_by"),
        "{out}"
    );

    let mut opened = open_article(&path, Format::Ron).expect("open");
    let ids: Vec<_> = opened
        .session
        .annotations()
        .spans()
        .map(|s| (s.label.clone(), s.id))
        .collect();
    let id = |label: &str| {
        ids.iter()
            .find(|(l, _)| l == label)
            .map(|(_, id)| *id)
            .expect("span")
    };
    // said_by from a FIGURE to a QUOTE: the model allows it, the schema does not.
    let cmd = opened
        .session
        .add_relation_command("said_by", id("FIGURE"), id("QUOTE"));
    opened.session.execute(cmd).expect("link");
    opened
        .session
        .execute(Command::SetAttribute {
            id: id("FIGURE"),
            key: "value".into(),
            value: Some(AttrValue::Text("many".into())),
        })
        .expect("attribute");
    opened
        .target
        .save(&mut opened.session, "tester")
        .expect("save");
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("said_by links FIGURE → QUOTE; the schema allows QUOTE → SOURCE"),
        "{out}"
    );
    assert!(out.contains("value = many is not a number"), "{out}");
}

#[test]
fn both_a_ron_and_a_json_file_are_reported_not_silently_picked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ron = tag_and_save(&path, Format::Ron);
    let json = dir.path().join("story.txt.ann.json");
    let (ok, out) = marginalia(&[Path::new("convert"), &ron, &json]);
    assert!(ok, "{out}");
    let opened = open_article(&path, Format::Json).expect("open");
    let message = opened.messages.join("\n");
    assert!(
        message.contains("story.txt.ann.json") && message.contains("story.txt.ann.ron"),
        "{message}"
    );
    assert!(message.contains("Both"), "{message}");
    let (_, out) = marginalia(&[Path::new("validate"), &ron]);
    assert!(out.contains("story.txt.ann.json also exists"), "{out}");
}

#[test]
fn ids_too_large_and_reserved_hotkeys_in_a_file_are_reported_not_panicked_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let ann = tag_and_save(&path, Format::Ron);
    let good = std::fs::read_to_string(&ann).expect("read");
    // A reserved key (K links) in the file's schema: a warning, and it opens editable.
    std::fs::write(
        &ann,
        good.replacen("hotkey: Some('3')", "hotkey: Some('k')", 1),
    )
    .expect("write");
    let opened = open_article(&path, Format::Ron).expect("open");
    assert!(
        opened.session.read_only().is_none(),
        "{:?}",
        opened.messages
    );
    assert!(
        opened
            .messages
            .iter()
            .any(|m| m.contains("'k'") && m.contains("dropped")),
        "{:?}",
        opened.messages
    );
    assert_eq!(
        opened.session.schema().get("FIGURE").and_then(|l| l.hotkey),
        None
    );
    // An id of u64::MAX: an error that names it, opened read-only, no panic.
    let first_id = good.find("(id: ").expect("a span") + "(id: ".len();
    let end = first_id + good[first_id..].find(',').expect("id end");
    let huge = format!("{}{}{}", &good[..first_id], u64::MAX, &good[end..]);
    std::fs::write(&ann, huge).expect("write");
    let opened = open_article(&path, Format::Ron).expect("open");
    assert!(opened.session.read_only().is_some());
    assert!(
        opened
            .messages
            .iter()
            .any(|m| m.contains(&u64::MAX.to_string())),
        "{:?}",
        opened.messages
    );
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    use marginalia::ui::{Action, DialogChoice};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = article(dir.path());
    let mut app = marginalia::app::App::new(marginalia::project::Settings::default());
    tag_start_and_save(&mut app, &path, 4, "SOURCE");
    let ann = dir.path().join("story.txt.ann.ron");
    // A colleague's (or git's) version lands on disk.
    let theirs = std::fs::read_to_string(&ann)
        .expect("read")
        .replace("annotator: ", "annotator: \"them\", // ");
    std::fs::write(&ann, &theirs).expect("write theirs");
    // Another save of ours must not replace it silently.
    app.apply(Action::SetSelection(marginalia::ui::Selection {
        anchor: 6,
        caret: 12,
        exact: false,
    }));
    app.apply(Action::Tag("SOURCE".into()));
    app.apply(Action::Save);
    app.finish_saves(std::time::Duration::from_secs(10));
    assert_eq!(std::fs::read_to_string(&ann).expect("read"), theirs);
    assert!(
        app.session().is_some_and(|s| s.is_dirty()),
        "not marked saved"
    );
    // Two saves in a row of our own are no conflict; Overwrite writes ours.
    app.apply(Action::Dialog(DialogChoice::Overwrite));
    app.finish_saves(std::time::Duration::from_secs(10));
    let ours = std::fs::read_to_string(&ann).expect("read");
    assert_ne!(ours, theirs);
    assert_eq!(ours.matches("label: \"SOURCE\"").count(), 2);
    assert!(app.session().is_some_and(|s| !s.is_dirty()));
    app.apply(Action::Save);
    app.apply(Action::Save);
    app.finish_saves(std::time::Duration::from_secs(10));
    assert!(app.messages().is_empty(), "{:?}", app.messages());
}

/// A workspace with the test article open and its first word tagged, unsaved.
fn workspace_with_a_tag(dir: &Path) -> (marginalia::project::Workspace, marginalia::model::Schema) {
    use marginalia::ui::{Action, Selection};
    let schema = marginalia::model::Schema::default();
    let mut ws = marginalia::project::Workspace::new();
    ws.open(&article(dir), Format::Ron, &schema);
    let select = Selection {
        anchor: 0,
        caret: 4,
        exact: false,
    };
    assert!(ws.apply_to_doc(Action::SetSelection(select), true));
    assert!(ws.apply_to_doc(Action::Tag("SOURCE".into()), true));
    (ws, schema)
}

/// What answering a question needs, as the window would pass it.
fn answers(
    schema: &marginalia::model::Schema,
) -> marginalia::project::workspace::AnswerContext<'_> {
    marginalia::project::workspace::AnswerContext {
        annotator: "tester",
        schema,
        format: Format::Ron,
        snapping: true,
    }
}

#[test]
fn closing_waits_for_the_save_and_asks_again_when_edits_came_in_meanwhile() {
    use marginalia::project::workspace::{AfterConfirm, Question};
    use marginalia::ui::{Action, DialogChoice};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut ws, schema) = workspace_with_a_tag(dir.path());
    let ctx = answers(&schema);
    assert!(!ws.request_close(), "unsaved work: ask first");
    assert!(matches!(
        ws.question,
        Some(Question::Unsaved(AfterConfirm::Close))
    ));
    ws.answer(DialogChoice::Save, &ctx);
    // An edit arrives while the save is being written.
    let id = ws
        .session()
        .and_then(|s| s.annotations().spans().next().map(|sp| sp.id))
        .expect("span");
    assert!(ws.apply_to_doc(
        Action::SetNote {
            id,
            note: "late".into(),
            merge: None
        },
        true
    ));
    ws.finish_saves(std::time::Duration::from_secs(10), &schema, Format::Ron);
    assert!(!ws.take_close(), "the late note is not on disk: no close");
    assert!(matches!(
        ws.question,
        Some(Question::Unsaved(AfterConfirm::Close))
    ));
    let saved = std::fs::read_to_string(dir.path().join("story.txt.ann.ron")).expect("saved");
    assert!(saved.contains("label: \"SOURCE\"") && !saved.contains("late"));
    // Saving again, with nothing more typed, closes.
    ws.answer(DialogChoice::Save, &ctx);
    ws.finish_saves(std::time::Duration::from_secs(10), &schema, Format::Ron);
    assert!(ws.take_close());
    let saved = std::fs::read_to_string(dir.path().join("story.txt.ann.ron")).expect("saved");
    assert!(saved.contains("note: \"late\""), "{saved}");
}

#[test]
fn discarding_for_an_open_that_fails_keeps_asking_before_close() {
    use marginalia::project::workspace::{AfterConfirm, Question};
    use marginalia::ui::DialogChoice;
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut ws, schema) = workspace_with_a_tag(dir.path());
    let ctx = answers(&schema);
    let missing = dir.path().join("missing.txt");
    assert!(!ws.open_or_ask(missing.clone(), Format::Ron, &schema));
    assert!(
        matches!(&ws.question, Some(Question::Unsaved(AfterConfirm::Open(p))) if *p == missing)
    );
    ws.answer(DialogChoice::Discard, &ctx);
    assert!(
        ws.messages.iter().any(|m| m.contains("missing.txt")),
        "{:?}",
        ws.messages
    );
    assert!(
        ws.session().is_some_and(|s| s.is_dirty()),
        "the first article is still open"
    );
    assert!(!ws.request_close(), "its edits are not saved: closing asks");
    assert!(matches!(
        ws.question,
        Some(Question::Unsaved(AfterConfirm::Close))
    ));
}

#[test]
fn suggest_adds_pending_spans_once_and_the_file_validates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bridge.txt");
    std::fs::write(
        &path,
        "“We will open the new bridge in May,” said Mara Quinn. It will cost 40 million euros.\n",
    )
    .expect("write");
    let (ok, out) = marginalia(&[Path::new("suggest"), &path]);
    assert!(ok, "{out}");
    let ann = dir.path().join("bridge.txt.ann.ron");
    let (ok, out) = marginalia(&[Path::new("validate"), &ann]);
    assert!(ok, "{out}");
    let opened = open_article(&path, Format::Ron).expect("open");
    let ann_set = opened.session.annotations();
    let labels: Vec<&str> = ann_set.spans().map(|s| s.label.as_str()).collect();
    assert!(
        labels.contains(&"QUOTE") && labels.contains(&"SOURCE") && labels.contains(&"FIGURE"),
        "{labels:?}"
    );
    assert!(
        ann_set
            .spans()
            .all(|s| s.status == marginalia::model::Status::Pending)
    );
    assert_eq!(ann_set.relations().len(), 1);
    let count = ann_set.len();
    // Running it again suggests nothing new.
    let (ok, out) = marginalia(&[Path::new("suggest"), &path]);
    assert!(ok, "{out}");
    let again = open_article(&path, Format::Ron).expect("open");
    assert_eq!(again.session.annotations().len(), count);
}
