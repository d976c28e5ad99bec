//! The window, driven like a user: keys and clicks through egui_kittest.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::app::App;
use marginalia::project::{Settings, recovery_path};

fn sample_copy(dir: &Path) -> PathBuf {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    for name in ["harbour-bridge-vote.txt", "harbour-bridge-vote.txt.ann.ron"] {
        std::fs::copy(assets.join(name), dir.join(name)).expect("copy sample");
    }
    dir.join("harbour-bridge-vote.txt")
}

fn harness(article: &Path) -> Harness<'static, App> {
    let h = harness_with_messages(article);
    assert!(
        h.state().messages().is_empty(),
        "{:?}",
        h.state().messages()
    );
    h
}

/// The app with `article` open, whatever it had to say about it.
fn harness_with_messages(article: &Path) -> Harness<'static, App> {
    let app = App::new(Settings {
        annotator: "tester".to_owned(),
        ..Settings::default()
    });
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    // The sample holds CJK and an emoji, which egui's bundled font lacks:
    // draw boxes for them, as the app does, instead of kittest's panic.
    // Set before the article opens, so no frame draws them without it.
    h.ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    h.state_mut().open(article);
    h.run_steps(3);
    h
}

fn press(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_steps(2);
}

/// The window's close button: with unsaved changes the app must ask first.
fn request_close(h: &mut Harness<'_, App>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert!(h.query_by_label("Unsaved changes").is_some());
}

/// Runs frames until the saves in flight have reached the disk.
fn wait_saved(h: &mut Harness<'_, App>) {
    let start = Instant::now();
    h.run_steps(1);
    while h.state().is_saving() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    assert!(!h.state().is_saving(), "the save did not finish");
    h.run_steps(1);
}

/// A primary-button drag from `from` to `to` in five moves.
fn drag(h: &mut Harness<'_, App>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=5 {
        h.hover_at(from + (to - from) * (i as f32 / 5.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(2);
}

/// Ctrl+F, the text, Enter: selects the next match.
fn find(h: &mut Harness<'_, App>, text: &str) {
    press(h, Modifiers::COMMAND, Key::F);
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(1);
    press(h, Modifiers::NONE, Key::Enter);
}

/// The open document's selection.
fn selection(h: &Harness<'_, App>) -> marginalia::ui::Selection {
    h.state()
        .editor()
        .map(|e| e.selection())
        .expect("a document")
}

/// The open document's text.
fn article_text(h: &Harness<'_, App>) -> String {
    h.state()
        .session()
        .map(|s| s.doc().text.to_string())
        .unwrap_or_default()
}

fn span_count(h: &Harness<'_, App>) -> usize {
    h.state().session().map_or(0, |s| s.annotations().len())
}

#[test]
fn tag_by_keyboard_then_undo_and_redo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&sample_copy(dir.path()));
    assert_eq!(span_count(&h), 32);
    assert!(h.query_by_label_contains("QUOTE (8)").is_some());
    // Select the first three words with the keyboard, then press 1.
    for _ in 0..3 {
        press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    }
    press(&mut h, Modifiers::NONE, Key::Num1);
    assert_eq!(span_count(&h), 33);
    assert!(h.query_by_label_contains("QUOTE (9)").is_some());
    // The new span's row in the span panel.
    h.get_by_label("   The Portmere Courier");
    assert!(h.state().session().is_some_and(|s| s.is_dirty()));

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(span_count(&h), 32);
    assert!(h.query_by_label_contains("QUOTE (8)").is_some());
    assert!(h.query_by_label("   The Portmere Courier").is_none());
    assert!(h.state().session().is_some_and(|s| !s.is_dirty()));

    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(span_count(&h), 33);
    assert!(h.query_by_label_contains("QUOTE (9)").is_some());
    assert!(h.query_by_label("   The Portmere Courier").is_some());
}

#[test]
fn clicking_a_span_row_focuses_it_and_delete_removes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&sample_copy(dir.path()));
    h.get_by_label_contains("Łukasz Wójcik").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("(code points)").is_some());
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(span_count(&h), 31);
    let sources = h.state().session().map_or(0, |s| {
        s.annotations()
            .spans()
            .filter(|sp| sp.label == "SOURCE")
            .count()
    });
    assert_eq!(sources, 6);
    assert!(
        h.query_by_label_contains("Łukasz Wójcik").is_none(),
        "its row is gone"
    );
    // Tab focuses the next span in reading order; L then 3 relabels it.
    press(&mut h, Modifiers::NONE, Key::Tab);
    let focused = h
        .state()
        .workspace
        .doc
        .as_ref()
        .and_then(|d| d.editor.focused())
        .expect("focused");
    let label_of = |h: &Harness<'_, App>| {
        h.state()
            .session()
            .and_then(|s| s.annotations().span(focused).map(|sp| sp.label.clone()))
    };
    let before = label_of(&h).expect("focused span");
    let (key, want) = if before == "FIGURE" {
        (Key::Num1, "QUOTE")
    } else {
        (Key::Num3, "FIGURE")
    };
    press(&mut h, Modifiers::NONE, Key::L);
    press(&mut h, Modifiers::NONE, key);
    assert_ne!(label_of(&h).as_deref(), Some(before.as_str()));
    assert_eq!(label_of(&h).as_deref(), Some(want));
}

#[test]
fn unsaved_edits_survive_a_crash_through_the_recovery_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let saved = std::fs::read(article.with_file_name("harbour-bridge-vote.txt.ann.ron"))
        .expect("read annotations");
    let expected = {
        let mut h = harness(&article);
        for _ in 0..2 {
            press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
        }
        press(&mut h, Modifiers::NONE, Key::Num2);
        press(&mut h, Modifiers::NONE, Key::Tab);
        press(&mut h, Modifiers::NONE, Key::Delete);
        let expected = h.state().session().map(|s| s.annotations().clone());
        // Wait more than 2 s after the last edit, as a user would before a crash.
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(2100) {
            std::thread::sleep(Duration::from_millis(100));
            h.step();
        }
        expected.expect("session")
        // The harness (the whole session) is dropped here without saving.
    };
    let recovery = recovery_path(&article);
    let start = Instant::now();
    while !recovery.exists() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        recovery.exists(),
        "no recovery file at {}",
        recovery.display()
    );
    let on_disk = std::fs::read(article.with_file_name("harbour-bridge-vote.txt.ann.ron"))
        .expect("read annotations");
    assert_eq!(
        on_disk, saved,
        "the saved annotations must not change without a save"
    );

    let mut h = harness(&article);
    assert!(h.state().recovery_offered());
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let restored = h.state().session().map(|s| s.annotations().clone());
    assert_eq!(restored.as_ref(), Some(&expected));
    assert!(h.state().session().is_some_and(|s| s.is_dirty()));
    // Saving removes the recovery file.
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let start = Instant::now();
    while recovery.exists() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!recovery.exists());
}

/// The keyboard-only flow on the real wire story: find, extend by words, tag.
#[test]
fn keyboard_only_tagging_of_the_seed_story() {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seed/belarus-prisoners.txt");
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("belarus-prisoners.txt");
    std::fs::copy(&seed, &article).expect("the seed story in ../shared");
    let mut h = harness(&article);
    find(&mut h, "Lukashenko is giving");
    for _ in 0..24 {
        press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    }
    press(&mut h, Modifiers::NONE, Key::Num1);
    find(&mut h, "30 political prisoners");
    press(&mut h, Modifiers::NONE, Key::Num3);
    find(&mut h, "Pavel Sapelka");
    press(&mut h, Modifiers::NONE, Key::Num2);
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let saved =
        std::fs::read_to_string(dir.path().join("belarus-prisoners.txt.ann.ron")).expect("saved");
    let file = marginalia::formats::AnnotationFile::parse(
        &saved,
        marginalia::formats::Format::Ron,
        &article,
    )
    .expect("parses");
    let texts: Vec<(&str, &str)> = file
        .spans
        .iter()
        .map(|s| (s.label.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "QUOTE",
                "“Lukashenko is giving very contradictory signals — he has released 30 political prisoners, but at the same time arrested more than 100 people in the last week alone,”"
            ),
            ("FIGURE", "30 political prisoners"),
            ("SOURCE", "Pavel Sapelka"),
        ]
    );
}

#[test]
fn dragging_selects_and_snaps_to_words_then_a_label_chip_tags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&sample_copy(dir.path()));
    // Drag along the first line of the text, from inside "Portmere" to inside "Tuesday".
    let first_line = h
        .state()
        .session()
        .map(|s| s.doc().text.lines().next().unwrap_or("").to_owned());
    assert_eq!(
        first_line.as_deref(),
        Some("The Portmere Courier | Tuesday, 14 October 2025")
    );
    drag(&mut h, egui::pos2(200.0, 55.0), egui::pos2(430.0, 55.0));
    let sel = selection(&h);
    let text = article_text(&h);
    let selected = &text[sel.range()];
    assert!(!selected.is_empty());
    // Snapped: starts and ends on word edges.
    let before = text[..sel.range().start].chars().next_back();
    let after = text[sel.range().end..].chars().next();
    assert!(before.is_none_or(|c| !c.is_alphanumeric()), "{selected:?}");
    assert!(after.is_none_or(|c| !c.is_alphanumeric()), "{selected:?}");
    assert!(selected.starts_with(['T', 'P', 'C']), "{selected:?}");
    // Clicking the SOURCE chip tags it.
    h.get_by_label("2 SOURCE").click();
    h.run_steps(2);
    let tagged = h.state().session().and_then(|s| {
        s.annotations()
            .spans()
            .find(|sp| sp.range == sel.range())
            .map(|sp| sp.label.clone())
    });
    assert_eq!(tagged.as_deref(), Some("SOURCE"));
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let mut h = harness(&article);
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    press(&mut h, Modifiers::NONE, Key::Num3);
    request_close(&mut h);
    // Enter is the dialog's Save.
    press(&mut h, Modifiers::NONE, Key::Enter);
    wait_saved(&mut h);
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert!(h.state().session().is_some_and(|s| !s.is_dirty()));
    let saved = std::fs::read_to_string(article.with_file_name("harbour-bridge-vote.txt.ann.ron"))
        .expect("saved");
    assert!(saved.contains("text: \"The\""), "the new FIGURE is saved");
}

#[test]
fn discarding_removes_the_recovery_file_and_undo_reaches_the_note_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let recovery = recovery_path(&article);
    let mut h = harness(&article);
    // Write a note on the first span (Tab focuses it), then leave the field.
    press(&mut h, Modifiers::NONE, Key::Tab);
    h.get_by_label("Note").click();
    h.run_steps(1);
    h.get_by_label("Note").type_text("check the figure");
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Escape);
    let note = |h: &Harness<'_, App>| {
        h.state().workspace.doc.as_ref().and_then(|d| {
            let id = d.editor.focused()?;
            d.editor
                .session()
                .annotations()
                .span(id)
                .map(|s| s.note.clone())
        })
    };
    assert_eq!(note(&h).as_deref(), Some("check the figure"));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(note(&h).as_deref(), Some(""));
    assert_eq!(
        h.get_by_label("Note").value().as_deref(),
        Some(""),
        "the field follows undo"
    );
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    // Let autosave write the recovery file.
    let start = Instant::now();
    while !recovery.exists() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
        h.step();
    }
    assert!(recovery.exists());
    request_close(&mut h);
    press(&mut h, Modifiers::NONE, Key::D);
    assert!(
        !recovery.exists(),
        "discard removes the recovery file at once"
    );
}

fn click_at(h: &mut Harness<'_, App>, pos: egui::Pos2, modifiers: Modifiers) {
    for pressed in [true, false] {
        let button = egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        };
        h.event_modifiers(button, modifiers);
        h.run_steps(1);
    }
}

#[test]
fn click_places_the_caret_and_shift_click_extends_the_selection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&sample_copy(dir.path()));
    let (first, later) = (egui::pos2(200.0, 55.0), egui::pos2(430.0, 55.0));
    h.hover_at(first);
    h.run_steps(1);
    click_at(&mut h, first, Modifiers::NONE);
    let caret = selection(&h);
    assert!(caret.is_empty());
    let text = article_text(&h);
    let first_line = text.lines().next().unwrap_or("").len();
    assert!(
        caret.caret > 0 && caret.caret < first_line,
        "caret inside the first line: {caret:?}"
    );
    h.hover_at(later);
    h.run_steps(1);
    click_at(&mut h, later, Modifiers::SHIFT);
    let extended = selection(&h);
    assert_eq!(extended.anchor, caret.caret);
    assert!(
        extended.caret > caret.caret + 5,
        "{caret:?} then {extended:?}"
    );
}

const LINK_STORY: &str = "Harbour news\n\n“The bridge will open in May,” said Mara Quinn, the harbour master.\nNobody else spoke.\n";

fn story(dir: &Path) -> PathBuf {
    let path = dir.join("bridge.txt");
    std::fs::write(&path, LINK_STORY).expect("write story");
    path
}

fn relations(h: &Harness<'_, App>) -> Vec<(String, String, String)> {
    let Some(s) = h.state().session() else {
        return Vec::new();
    };
    let ann = s.annotations();
    let text = |id| {
        ann.span(id)
            .map(|sp| s.doc().text[sp.range.clone()].to_owned())
            .unwrap_or_default()
    };
    ann.relations()
        .map(|r| (r.kind.clone(), text(r.from), text(r.to)))
        .collect()
}

#[test]
fn linking_a_quote_to_its_source_by_keyboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&story(dir.path()));
    find(&mut h, "The bridge will open in May");
    press(&mut h, Modifiers::NONE, Key::Num1);
    find(&mut h, "Mara Quinn");
    press(&mut h, Modifiers::NONE, Key::Num2);
    // The source is focused; Shift+Tab goes back to the quote, K links it.
    press(&mut h, Modifiers::SHIFT, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::K);
    assert!(
        h.query_by_label_contains("Link to SOURCE “Mara Quinn” (1 of 1)")
            .is_some(),
        "link mode hint: {:?}",
        h.state().editor().map(|e| e.hint())
    );
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let linked = vec![(
        "said_by".to_owned(),
        "“The bridge will open in May,”".to_owned(),
        "Mara Quinn".to_owned(),
    )];
    assert_eq!(relations(&h), linked);
    assert!(
        h.query_by_label("      said by → Mara Quinn").is_some(),
        "the panel shows the link"
    );

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(relations(&h).is_empty());
    assert!(h.query_by_label("      said by → Mara Quinn").is_none());
    assert_eq!(span_count(&h), 2, "undo took the link only");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(relations(&h), linked);

    // Deleting the source takes the link with it; one undo brings both back.
    press(&mut h, Modifiers::NONE, Key::Tab);
    let focused = h.state().editor().and_then(|e| e.focused());
    let text = h.state().session().and_then(|s| {
        focused
            .and_then(|id| s.annotations().span(id))
            .map(|sp| s.doc().text[sp.range.clone()].to_owned())
    });
    assert_eq!(text.as_deref(), Some("Mara Quinn"));
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(span_count(&h), 1);
    assert!(relations(&h).is_empty());
    assert!(h.query_by_label("      said by → Mara Quinn").is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(span_count(&h), 2);
    assert_eq!(relations(&h), linked);
    assert!(h.query_by_label("      said by → Mara Quinn").is_some());

    // And it is saved.
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let saved = std::fs::read_to_string(dir.path().join("bridge.txt.ann.ron")).expect("saved");
    assert!(saved.contains("kind: \"said_by\""), "{saved}");
}

#[test]
fn renaming_a_label_in_the_schema_editor_renames_every_span_and_undo_restores_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let mut h = harness(&article);
    let count = |h: &Harness<'_, App>, label: &str| {
        h.state().session().map_or(0, |s| {
            s.annotations()
                .spans()
                .filter(|sp| sp.label == label)
                .count()
        })
    };
    let figures = count(&h, "FIGURE");
    assert!(figures > 1);
    // Keyboard only: F2 puts the keyboard on the first label (QUOTE); Tab
    // twice reaches FIGURE, Enter opens it, Tab enters its Name field.
    press(&mut h, Modifiers::NONE, Key::F2);
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert!(
        h.get_by_label("Name").is_focused(),
        "the Name field has the keyboard"
    );
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.get_by_label("Name").type_text("AMOUNT");
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(count(&h, "AMOUNT"), figures);
    assert_eq!(count(&h, "FIGURE"), 0);
    assert!(
        h.query_by_label("AMOUNT").is_some(),
        "the editor shows the new name"
    );
    assert!(
        h.query_by_label("3 AMOUNT").is_some(),
        "so does the label chip"
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let saved = std::fs::read_to_string(article.with_file_name("harbour-bridge-vote.txt.ann.ron"))
        .expect("saved");
    let file = marginalia::formats::AnnotationFile::parse(
        &saved,
        marginalia::formats::Format::Ron,
        &article,
    )
    .expect("parses");
    assert_eq!(
        file.spans.iter().filter(|s| s.label == "AMOUNT").count(),
        figures
    );
    assert!(file.spans.iter().all(|s| s.label != "FIGURE"));
    assert!(file.schema.get("AMOUNT").is_some() && file.schema.get("FIGURE").is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(count(&h, "FIGURE"), figures);
    assert_eq!(count(&h, "AMOUNT"), 0);
    assert!(
        h.state()
            .session()
            .is_some_and(|s| s.schema().get("FIGURE").is_some())
    );
}

#[test]
fn a_note_typed_and_saved_with_the_field_still_focused_is_on_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let mut h = harness(&article);
    press(&mut h, Modifiers::NONE, Key::Tab);
    h.get_by_label("Note").click();
    h.run_steps(1);
    h.get_by_label("Note")
        .type_text("check the council’s figure");
    h.run_steps(1);
    assert!(
        h.ctx.egui_wants_keyboard_input(),
        "the note field still has the keyboard"
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let saved = std::fs::read_to_string(article.with_file_name("harbour-bridge-vote.txt.ann.ron"))
        .expect("saved");
    assert!(
        saved.contains("note: \"check the council’s figure\""),
        "{saved}"
    );
    assert!(h.query_by_label("saved").is_some());
}

#[test]
fn an_autosave_that_fails_is_shown_to_the_user() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    // A folder where the recovery file should go: every autosave write fails.
    let mut h = harness(&article);
    let recovery = recovery_path(&article);
    std::fs::create_dir(&recovery).expect("mkdir");
    std::fs::write(recovery.join("keep"), "x").expect("write");
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    press(&mut h, Modifiers::NONE, Key::Num3);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5)
        && !h
            .state()
            .messages()
            .iter()
            .any(|m| m.contains("autosave failed"))
    {
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    assert!(
        h.query_by_label_contains("autosave failed").is_some(),
        "{:?}",
        h.state().messages()
    );
}

#[test]
fn attributes_are_edited_by_keyboard() {
    use marginalia::model::AttrValue;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&sample_copy(dir.path()));
    // The first span in reading order is the FIGURE "6 votes".
    press(&mut h, Modifiers::NONE, Key::Tab);
    let id = h
        .state()
        .editor()
        .and_then(|e| e.focused())
        .expect("focused");
    let value = |h: &Harness<'_, App>| {
        h.state().session().and_then(|s| {
            s.annotations()
                .span(id)
                .and_then(|sp| sp.attributes.get("value").cloned())
        })
    };
    assert_eq!(value(&h), Some(AttrValue::Int(6)));
    // A moves the keyboard into the first attribute field.
    press(&mut h, Modifiers::NONE, Key::A);
    assert!(
        h.ctx.egui_wants_keyboard_input(),
        "an attribute field has the keyboard"
    );
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("7".to_owned()));
    h.run_steps(2);
    assert_eq!(value(&h), Some(AttrValue::Int(7)));
    // Tab to the unit field, type, Esc back to the text: keys tag again.
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("seats".to_owned()));
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.ctx.egui_wants_keyboard_input());
    let unit = h.state().session().and_then(|s| {
        s.annotations()
            .span(id)
            .and_then(|sp| sp.attributes.get("unit").cloned())
    });
    assert_eq!(unit, Some(AttrValue::Text("seats".into())));
    // Each field edit is one undo step.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(value(&h), Some(AttrValue::Int(6)));
}

/// Tags the story's quote and source by keys; returns where each was drawn
/// (the centre of its first row), for the pointer.
fn quote_and_source(h: &mut Harness<'_, App>) -> (egui::Pos2, egui::Pos2) {
    let mut tag = |text: &str, key: Key| {
        find(h, text);
        press(h, Modifiers::NONE, key);
        h.state()
            .editor()
            .and_then(|e| e.focused())
            .expect("tagged")
    };
    let quote = tag("The bridge will open in May", Key::Num1);
    let source = tag("Mara Quinn", Key::Num2);
    press(h, Modifiers::NONE, Key::Escape);
    let centre = |id| h.state().span_rect(id).expect("in view").center();
    (centre(quote), centre(source))
}

#[test]
fn ctrl_dragging_from_a_quote_to_its_source_links_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&story(dir.path()));
    let (from, to) = quote_and_source(&mut h);
    let selection = h.state().editor().map(|e| e.selection());
    h.event(egui::Event::ModifiersChanged(Modifiers::COMMAND));
    drag(&mut h, from, to);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(1);
    assert_eq!(
        relations(&h),
        [(
            "said_by".to_owned(),
            "“The bridge will open in May,”".to_owned(),
            "Mara Quinn".to_owned()
        )]
    );
    assert_eq!(
        h.state().editor().map(|e| e.selection()),
        selection,
        "no text was selected"
    );
}

#[test]
fn right_click_link_to_then_a_click_on_the_target_links() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&story(dir.path()));
    let (from, to) = quote_and_source(&mut h);
    h.hover_at(from);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: from,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(1);
    h.get_by_label("Link to…").click();
    h.run_steps(2);
    assert!(matches!(
        h.state().editor().map(|e| e.mode().clone()),
        Some(marginalia::editor::Mode::Link { .. })
    ));
    h.hover_at(to);
    h.run_steps(1);
    click_at(&mut h, to, Modifiers::NONE);
    h.run_steps(1);
    assert_eq!(relations(&h).len(), 1);
    assert_eq!(relations(&h)[0].2, "Mara Quinn");
}

#[test]
fn f5_suggests_off_the_ui_thread_and_one_undo_takes_the_suggestions_back() {
    use marginalia::model::Status;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&story(dir.path()));
    press(&mut h, Modifiers::NONE, Key::F5);
    let start = Instant::now();
    while h.state().workspace.is_suggesting() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
    let pending = |h: &Harness<'_, App>| {
        h.state().session().map_or(0, |s| {
            s.annotations()
                .spans()
                .filter(|sp| sp.status == Status::Pending)
                .count()
        })
    };
    assert!(pending(&h) >= 2, "quote and source suggested");
    assert_eq!(relations(&h).len(), 1, "with their said_by link");
    assert!(
        h.query_all_by_label_contains("(suggested)").count() >= 2,
        "listed apart in the panel"
    );
    assert!(
        h.query_all_by_label_contains("+ 1 suggested").count() >= 2,
        "counted apart: QUOTE (0) + 1 suggested, SOURCE (0) + 1 suggested"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(span_count(&h), 0, "one undo step");
}

/// F5 and the frames until its suggestions have landed.
fn suggest(h: &mut Harness<'_, App>) {
    press(h, Modifiers::NONE, Key::F5);
    let start = Instant::now();
    while h.state().workspace.is_suggesting() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
}

/// (pending, accepted, rejected) spans.
fn statuses(h: &Harness<'_, App>) -> (usize, usize, usize) {
    use marginalia::model::Status;
    let Some(s) = h.state().session() else {
        return (0, 0, 0);
    };
    let count = |st| s.annotations().spans().filter(|sp| sp.status == st).count();
    (
        count(Status::Pending),
        count(Status::Accepted),
        count(Status::Rejected),
    )
}

/// The span under review: (label, range, status).
fn under_review(h: &Harness<'_, App>) -> (String, std::ops::Range<usize>, String) {
    let s = h.state().session().expect("a document");
    let id = h.state().editor().and_then(|e| e.focused()).expect("focus");
    let sp = s.annotations().span(id).expect("span");
    (
        sp.label.clone(),
        sp.range.clone(),
        sp.status.name().to_owned(),
    )
}

#[test]
fn reviewing_suggestions_by_keyboard_and_undoing_each_decision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&sample_copy(dir.path()));
    suggest(&mut h);
    let (pending, accepted, rejected) = statuses(&h);
    assert!(pending >= 4, "{pending} suggestions on the sample");
    let shows = |h: &Harness<'_, App>, (p, a, r): (usize, usize, usize)| {
        let line = format!("pending {p} · accepted {a} · rejected {r}");
        assert!(
            h.query_by_label_contains(&line).is_some(),
            "status bar shows {line}"
        );
    };
    press(&mut h, Modifiers::NONE, Key::V);
    assert!(h.query_by_label_contains("Review:").is_some());
    shows(&h, (pending, accepted, rejected));

    let first = under_review(&h);
    press(&mut h, Modifiers::NONE, Key::A);
    let after_a = statuses(&h);
    assert!(after_a.0 < pending && after_a.1 > accepted, "{after_a:?}");
    shows(&h, after_a);

    let second = under_review(&h);
    press(&mut h, Modifiers::NONE, Key::X);
    let after_x = statuses(&h);
    assert_eq!((after_x.0, after_x.2), (after_a.0 - 1, rejected + 1));
    shows(&h, after_x);

    // E, then Right moves the end a word on; Enter accepts the new range.
    let third = under_review(&h);
    press(&mut h, Modifiers::NONE, Key::E);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let edited = {
        let s = h.state().session().expect("doc");
        let sp = s
            .annotations()
            .meeting(third.1.clone())
            .find(|sp| sp.range.start == third.1.start && sp.label == third.0)
            .expect("the edited span");
        (sp.range.clone(), sp.status.name())
    };
    assert!(edited.0.end > third.1.end, "{third:?} → {edited:?}");
    assert_eq!(edited.1, "accepted");

    // A label key relabels and accepts: 3 is FIGURE in the sample's schema.
    let fourth = under_review(&h);
    let (key, to) = if fourth.0 == "FIGURE" {
        (Key::Num2, "SOURCE")
    } else {
        (Key::Num3, "FIGURE")
    };
    press(&mut h, Modifiers::NONE, key);
    let relabelled = h.state().session().and_then(|s| {
        s.annotations()
            .spans()
            .find(|sp| sp.range == fourth.1)
            .map(|sp| (sp.label.clone(), sp.status))
    });
    assert_eq!(
        relabelled,
        Some((to.to_owned(), marginalia::model::Status::Accepted))
    );

    // Ctrl+Z walks back through the four decisions, returning to each span.
    for (back_to, counts) in [
        (&fourth, None),
        (&third, None),
        (&second, Some(after_a)),
        (&first, Some((pending, accepted, rejected))),
    ] {
        press(&mut h, Modifiers::COMMAND, Key::Z);
        let now = under_review(&h);
        assert_eq!(
            (&now.0, &now.1, now.2.as_str()),
            (&back_to.0, &back_to.1, "pending")
        );
        if let Some(c) = counts {
            assert_eq!(statuses(&h), c);
            shows(&h, c);
        }
    }

    // Rejected spans are neither drawn nor reached by Tab.
    press(&mut h, Modifiers::NONE, Key::X);
    let rejected_range = first.1.clone();
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::NONE, Key::Escape);
    for _ in 0..span_count(&h) {
        press(&mut h, Modifiers::NONE, Key::Tab);
        let (_, range, status) = under_review(&h);
        assert!(
            status != "rejected" && range != rejected_range,
            "Tab reached the rejected {range:?}"
        );
    }
}

/// Every span's (range, label, status), in id order.
fn outcome(h: &Harness<'_, App>) -> Vec<(std::ops::Range<usize>, String, String)> {
    let s = h.state().session().expect("a document");
    let mut spans: Vec<_> = s.annotations().spans().collect();
    spans.sort_by_key(|sp| sp.id);
    spans
        .iter()
        .map(|sp| {
            (
                sp.range.clone(),
                sp.label.clone(),
                sp.status.name().to_owned(),
            )
        })
        .collect()
}

#[test]
fn keys_pressed_in_one_frame_all_count_in_order() {
    // The same keys, one frame each and all in one frame, give the same result.
    let keys = [Key::A, Key::A, Key::X, Key::Space, Key::A];
    let mut results = Vec::new();
    for together in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut h = harness(&sample_copy(dir.path()));
        suggest(&mut h);
        press(&mut h, Modifiers::NONE, Key::V);
        for key in keys {
            h.key_press(key);
            if !together {
                h.run_steps(2);
            }
        }
        h.run_steps(2);
        let (_, _, rejected) = statuses(&h);
        assert_eq!(rejected, 1, "the X counted (together: {together})");
        results.push(outcome(&h));
    }
    assert_eq!(
        results[0], results[1],
        "keys in one frame lost or reordered"
    );
}

/// An article with 24,000 figures to suggest: many frames' parts.
fn figures_story(dir: &Path) -> PathBuf {
    let path = dir.join("figures.txt");
    let line = "Police held 17 people, 45 cars and 3 boats on Monday.\n";
    std::fs::write(&path, line.repeat(8000)).expect("write story");
    path
}

#[test]
fn suggestions_land_in_parts_as_one_undo_step_and_an_edit_meanwhile_stops_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = harness(&figures_story(dir.path()));
    suggest(&mut h);
    assert_eq!(span_count(&h), 24_000, "every part landed");
    assert!(!h.state().workspace.is_suggesting());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(span_count(&h), 0, "one undo took every part back");

    // Undo between parts stops the landing; F5 again adds them all.
    press(&mut h, Modifiers::NONE, Key::F5);
    let start = Instant::now();
    while span_count(&h) == 0 && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    assert!(
        h.state().workspace.is_suggesting(),
        "still landing after the first part"
    );
    let first_part = span_count(&h);
    assert!(first_part > 0 && first_part < 24_000, "{first_part}");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(!h.state().workspace.is_suggesting());
    assert_eq!(
        span_count(&h),
        0,
        "the undo took the landed part, nothing came after it"
    );
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.contains("Stopped adding suggestions")),
        "{:?}",
        h.state().messages()
    );
    suggest(&mut h);
    assert_eq!(span_count(&h), 24_000);
}

/// Exports the open document through the Export dialog (Ctrl+E, a format
/// by its name, Enter) and waits for the job; returns the summary line.
fn export_from_window(h: &mut Harness<'_, App>, format: &str) -> String {
    press(h, Modifiers::COMMAND, Key::E);
    h.get_by_label(format).click();
    h.run_steps(2);
    press(h, Modifiers::NONE, Key::Enter);
    let start = Instant::now();
    while h.state().dataset.outcome().is_none() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
    match h.state().dataset.outcome() {
        Some(Ok(summary)) => summary.line(),
        other => panic!("{format}: {other:?}"),
    }
}

#[test]
fn the_export_dialog_writes_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let mut h = harness(&article);
    let spans = span_count(&h);
    let d = dir.path();
    for (title, path) in [
        ("Marginalia JSONL", d.join("harbour-bridge-vote.jsonl")),
        ("spaCy / Prodigy JSONL", d.join("harbour-bridge-vote.jsonl")),
        ("CoNLL IOB2", d.join("harbour-bridge-vote.conll")),
        (
            "Token classification JSONL (Hugging Face)",
            d.join("harbour-bridge-vote.labels.json"),
        ),
        (
            "brat standoff (folder)",
            d.join("harbour-bridge-vote-brat/annotation.conf"),
        ),
        (
            "Label Studio JSON tasks",
            d.join("harbour-bridge-vote.config.xml"),
        ),
        ("doccano JSONL", d.join("harbour-bridge-vote.jsonl")),
        ("CSV (one row per span)", d.join("harbour-bridge-vote.csv")),
    ] {
        let _ = std::fs::remove_file(&path);
        let line = export_from_window(&mut h, title);
        assert!(line.starts_with("1 document, "), "{title}: {line}");
        assert!(
            h.query_by_label_contains(&format!("Exported {line}"))
                .is_some(),
            "{title}: the dialog shows the summary"
        );
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(!written.is_empty(), "{title}: {} is empty", path.display());
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(!h.state().dataset.is_open(), "Esc closes the dialog");
    }
    let csv = std::fs::read_to_string(d.join("harbour-bridge-vote.csv")).expect("csv");
    assert_eq!(
        csv.lines().count(),
        spans + 1,
        "one row per span and a header"
    );
    assert_eq!(span_count(&h), spans, "exporting changes nothing");
}

#[test]
fn the_import_dialog_reads_an_export_back_and_opens_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = sample_copy(dir.path());
    let mut h = harness(&article);
    let spans = span_count(&h);
    export_from_window(&mut h, "Marginalia JSONL");
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::COMMAND, Key::I);
    h.get_by_label("Marginalia JSONL").click();
    h.run_steps(1);
    // What Browse… would fill in.
    let back = dir.path().join("back");
    h.state_mut().dataset.input = dir
        .path()
        .join("harbour-bridge-vote.jsonl")
        .display()
        .to_string();
    h.state_mut().dataset.out = back.display().to_string();
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let start = Instant::now();
    while h.state().dataset.outcome().is_none() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
    let line = match h.state().dataset.outcome() {
        Some(Ok(s)) => s.line(),
        other => panic!("{other:?}"),
    };
    assert!(
        line.starts_with(&format!("1 document, {spans} spans")),
        "{line}"
    );
    assert!(back.join("harbour-bridge-vote.txt.ann.ron").exists());
    h.get_by_label("Open the first document").click();
    h.run_steps(3);
    assert!(!h.state().dataset.is_open());
    let opened = h
        .state()
        .workspace
        .doc
        .as_ref()
        .map(|d| d.target.path.clone());
    assert!(
        opened.is_some_and(|p| p.starts_with(&back)),
        "the imported copy is open"
    );
    assert_eq!(span_count(&h), spans, "with every span");
    assert!(
        h.state().messages().is_empty(),
        "{:?}",
        h.state().messages()
    );
}

// A project in the window: the document list, next / previous, done and
// progress, and search.

const ARTICLES: [(&str, &str); 3] = [
    (
        "a-harbour.txt",
        "Harbour ferries will run every 15 minutes from May, the council said.\n",
    ),
    (
        "b-prison.txt",
        "“No one should sit in prison for a post,” said Ales Sapelka, a lawyer.\n\nThe court freed 12 people.\n",
    ),
    (
        "c-school.txt",
        "The school in Łódź gained 300 pupils, “a record,” its head said.\n",
    ),
];

fn three_stories(dir: &Path) -> PathBuf {
    let root = dir.join("three");
    std::fs::create_dir_all(&root).expect("mkdir");
    for (name, text) in ARTICLES {
        std::fs::write(root.join(name), text).expect("write");
    }
    marginalia::project::corpus::init(&root, Some("Three stories"), None).expect("init");
    root
}

/// Runs frames until saves and the project's background work are done.
fn settle_project(h: &mut Harness<'_, App>) {
    let start = Instant::now();
    h.run_steps(2);
    while (h.state().is_saving()
        || h.state()
            .workspace
            .project
            .as_ref()
            .is_some_and(|p| p.is_busy()))
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
}

fn press_and_settle(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    settle_project(h);
}

fn open_name(h: &Harness<'_, App>) -> String {
    h.state().workspace.doc_name().unwrap_or_default()
}

#[test]
fn next_previous_done_progress_and_search_in_a_project_of_three() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = three_stories(dir.path());
    let mut h = harness(&root);
    settle_project(&mut h);
    assert_eq!(open_name(&h), "a-harbour.txt");
    assert!(h.query_by_label("0 of 3 done").is_some());
    assert!(
        h.query_by_label_contains("b-prison.txt").is_some(),
        "the list shows every document"
    );

    press_and_settle(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(open_name(&h), "b-prison.txt");
    press_and_settle(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(open_name(&h), "c-school.txt");
    press_and_settle(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(open_name(&h), "b-prison.txt");

    // Mark it done: the progress changes and the file says so.
    press_and_settle(&mut h, Modifiers::COMMAND, Key::Enter);
    assert!(
        h.query_by_label("1 of 3 done").is_some(),
        "progress after Ctrl+Enter"
    );
    assert!(h.query_by_label("0 of 3 done").is_none());
    let saved = std::fs::read_to_string(root.join("annotations/tester/b-prison.txt.ann.ron"))
        .expect("done is saved");
    assert!(saved.contains("done: true"));
    // Clicking "Not done" takes it back.
    h.get_by_label("Not done").click();
    settle_project(&mut h);
    assert!(h.query_by_label("0 of 3 done").is_some());
    press_and_settle(&mut h, Modifiers::COMMAND, Key::Enter);

    // Tag a quote here, then search for it from another document.
    let text = h.state().session().expect("open").doc().text.clone();
    let quote = "“No one should sit in prison for a post,”";
    let start = text.find(quote).expect("quote");
    h.state_mut().apply(marginalia::ui::Action::SetSelection(
        marginalia::ui::Selection::exact(start..start + quote.len()),
    ));
    press_and_settle(&mut h, Modifiers::NONE, Key::Num1);
    press_and_settle(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(open_name(&h), "a-harbour.txt");

    press_and_settle(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert!(h.query_by_label("Search the project").is_some());
    h.event(egui::Event::Text("label:QUOTE prison".to_owned()));
    h.run_steps(1);
    press_and_settle(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(
        h.state().search.hits().len(),
        1,
        "one quote mentions prison"
    );
    assert!(h.query_by_label_contains("1 hits in 1 documents").is_some());
    // Enter again opens the chosen hit.
    press_and_settle(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(open_name(&h), "b-prison.txt");
    let editor = h.state().editor().expect("open");
    assert_eq!(
        &editor.session().doc().text[editor.selection().range()],
        quote
    );

    // A plain text search: two hits, the second chosen with ↓ and clicked open.
    press_and_settle(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    press_and_settle(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.event(egui::Event::Key {
        key: Key::A,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    h.event(egui::Event::Text("said".to_owned()));
    h.run_steps(1);
    press_and_settle(&mut h, Modifiers::NONE, Key::Enter);
    let hits = h.state().search.hits().to_vec();
    assert_eq!(hits.len(), 3, "{hits:?}");
    h.get_by_label_contains("its head").click();
    settle_project(&mut h);
    assert_eq!(open_name(&h), "c-school.txt");
    let editor = h.state().editor().expect("open");
    assert_eq!(
        &editor.session().doc().text[editor.selection().range()],
        "said"
    );
}

/// An article two people annotated: they agree on a quote, its source and
/// the link between them; they disagree on where a second quote ends; and
/// only the second marked a figure.
const TEAM_ARTICLE: &str = "Ferry fares will rise by 12 % in March, the port authority said on Tuesday.\n\n\
“We held prices for three winters,” said Ilse Nørgaard, the authority’s director. \
“Fuel alone costs us €4.1 million more than in 2023, and we can’t carry that forever.”\n";

/// Writes `annotator`'s file for the team article: spans as (text, label).
fn team_file(root: &Path, annotator: &str, spans: &[(&str, &str)], link: bool) {
    use marginalia::model::{Relation, RelationId, Span, SpanId};
    let project = marginalia::project::corpus::Project::open(root).expect("project");
    let doc = marginalia::model::Document::new(TEAM_ARTICLE.to_owned(), "fares".into(), None)
        .with_id("fares.txt");
    let spans: Vec<Span> = spans
        .iter()
        .enumerate()
        .map(|(i, (text, label))| {
            let start = TEAM_ARTICLE.find(text).expect("span text");
            Span::manual(SpanId(i as u64 + 1), start..start + text.len(), label)
        })
        .collect();
    let relations = if link {
        vec![Relation::manual(
            RelationId(50),
            "said_by",
            SpanId(1),
            SpanId(2),
        )]
    } else {
        Vec::new()
    };
    project
        .write_annotations(0, annotator, &doc, &spans, &relations)
        .expect("write");
}

const AGREED_QUOTE: &str = "“We held prices for three winters,”";
const SPEAKER: &str = "Ilse Nørgaard";
const LONG_QUOTE: &str =
    "“Fuel alone costs us €4.1 million more than in 2023, and we can’t carry that forever.”";
const SHORT_QUOTE: &str = "“Fuel alone costs us €4.1 million more than in 2023,";

fn team_project(dir: &Path) -> PathBuf {
    let root = dir.join("team");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(root.join("fares.txt"), TEAM_ARTICLE).expect("write");
    marginalia::project::corpus::init(&root, Some("Team"), None).expect("init");
    team_file(
        &root,
        "ana",
        &[
            (AGREED_QUOTE, "QUOTE"),
            (SPEAKER, "SOURCE"),
            (SHORT_QUOTE, "QUOTE"),
        ],
        true,
    );
    team_file(
        &root,
        "ben",
        &[
            (AGREED_QUOTE, "QUOTE"),
            (SPEAKER, "SOURCE"),
            (LONG_QUOTE, "QUOTE"),
            ("12 %", "FIGURE"),
        ],
        true,
    );
    root
}

/// The curated session's accepted spans as (text, label, agreed_by).
fn curated_spans(h: &Harness<'_, App>) -> Vec<(String, String, Vec<String>)> {
    let session = h.state().session().expect("open");
    let text = &session.doc().text;
    let mut out: Vec<_> = session
        .annotations()
        .spans()
        .filter(|s| s.status == marginalia::model::Status::Accepted)
        .map(|s| {
            let by = match &s.origin {
                marginalia::model::Origin::Curated { agreed_by } => agreed_by.clone(),
                _ => Vec::new(),
            };
            (text[s.range.clone()].to_owned(), s.label.clone(), by)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn curating_two_annotators_merges_agreement_and_settles_a_unit_with_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = team_project(dir.path());
    let app = App::new(Settings {
        annotator: "curated".to_owned(),
        ..Settings::default()
    });
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    h.ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    h.state_mut().open(&root);
    settle_project(&mut h);

    // On open, what both agree on is merged, with the link they both made.
    let both = vec!["ana".to_owned(), "ben".to_owned()];
    assert_eq!(
        curated_spans(&h),
        vec![
            (SPEAKER.to_owned(), "SOURCE".to_owned(), both.clone()),
            (AGREED_QUOTE.to_owned(), "QUOTE".to_owned(), both.clone()),
        ]
    );
    let session = h.state().session().expect("open");
    assert_eq!(
        session.annotations().relations().count(),
        1,
        "the agreed link"
    );
    assert!(h.query_by_label_contains("Merged 2 spans").is_some());
    // The units list shows every unit by state; the one in hand is the quote they disagree on.
    assert!(h.query_by_label_contains("≠ QUOTE 2/2").is_some());
    assert!(h.query_by_label_contains("◐ FIGURE 1/2").is_some());
    let in_hand = |h: &Harness<'_, App>| {
        let editor = h.state().editor().expect("open");
        assert_eq!(*editor.mode(), marginalia::editor::Mode::Curate);
        let unit = editor.curation().and_then(|c| c.unit()).expect("a unit");
        (unit.state, unit.label.clone())
    };
    use marginalia::editor::UnitState;
    // Curation starts at the first open unit (the figure only ben marked);
    // Tab steps through every unit in reading order to the disputed quote.
    assert_eq!(in_hand(&h), (UnitState::Incomplete, "FIGURE".to_owned()));
    press_and_settle(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(in_hand(&h), (UnitState::Agreed, "QUOTE".to_owned()));
    press_and_settle(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(in_hand(&h), (UnitState::Agreed, "SOURCE".to_owned()));
    press_and_settle(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(in_hand(&h), (UnitState::Disagreed, "QUOTE".to_owned()));

    // 2 takes ben's version of it.
    press_and_settle(&mut h, Modifiers::NONE, Key::Num2);
    let settled = (
        LONG_QUOTE.to_owned(),
        "QUOTE".to_owned(),
        vec!["ben".to_owned()],
    );
    assert!(
        curated_spans(&h).contains(&settled),
        "{:?}",
        curated_spans(&h)
    );
    assert_eq!(curated_spans(&h).len(), 3);
    // Undo and redo.
    press_and_settle(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!curated_spans(&h).contains(&settled));
    assert_eq!(curated_spans(&h).len(), 2);
    press_and_settle(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(curated_spans(&h).contains(&settled));

    // Saved: the curated file records who agreed with each span.
    press_and_settle(&mut h, Modifiers::COMMAND, Key::S);
    let path = root.join("annotations/curated/fares.txt.ann.ron");
    let text = std::fs::read_to_string(&path).expect("the curated file");
    let file =
        marginalia::formats::AnnotationFile::parse(&text, marginalia::formats::Format::Ron, &path)
            .expect("parses");
    let mut saved: Vec<(String, Vec<String>)> = file
        .spans
        .iter()
        .map(|s| match &s.origin {
            marginalia::model::Origin::Curated { agreed_by } => (s.text.clone(), agreed_by.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    saved.sort();
    assert_eq!(
        saved,
        vec![
            (SPEAKER.to_owned(), both.clone()),
            (LONG_QUOTE.to_owned(), vec!["ben".to_owned()]),
            (AGREED_QUOTE.to_owned(), both.clone()),
        ]
    );
    assert_eq!(file.annotator, "curated");
    assert_eq!(file.relations.len(), 1);
    assert!(
        file.spans
            .iter()
            .all(|s| s.reviewed.as_ref().is_some_and(|r| r.by == "curated")),
        "merged and settled spans record who settled them"
    );
    assert!(h.query_by_label_contains("✔ QUOTE 2/2").is_some());

    // A merged span the curator deletes stays deleted when the document opens again.
    let id = {
        let session = h.state().session().expect("open");
        session
            .annotations()
            .spans()
            .find(|s| &session.doc().text[s.range.clone()] == SPEAKER)
            .map(|s| s.id)
            .expect("the merged source")
    };
    press_and_settle(&mut h, Modifiers::NONE, Key::Escape);
    h.state_mut().apply(marginalia::ui::Action::Focus(Some(id)));
    press_and_settle(&mut h, Modifiers::NONE, Key::Delete);
    press_and_settle(&mut h, Modifiers::COMMAND, Key::S);
    h.state_mut().open(&root);
    settle_project(&mut h);
    assert!(
        !curated_spans(&h).iter().any(|s| s.0 == SPEAKER),
        "{:?}",
        curated_spans(&h)
    );
    assert_eq!(curated_spans(&h).len(), 2);
}

/// A story with curly quotes, accents, Cyrillic, an emoji and CRLF line
/// endings, as annotated; below, the same story after an edit: a line on
/// top, a typo fixed inside the quote, the second quote's sentence cut.
const BEFORE_EDIT: &str = "Новости Порт-Мэра 🌉\r\n\r\n\
The council met on Monday in Saint-Étienne’s old hall.\r\n\
“We will not close the libary,” said Zoë Brontë, the mayor’s deputy.\r\n\
Residents cheered. “The reading room stays open until ten,” she added.\r\n\
The vote is due in May.\r\n";
const AFTER_EDIT: &str = "Обновлено в среду.\r\nНовости Порт-Мэра 🌉\r\n\r\n\
The council met on Monday in Saint-Étienne’s old hall.\r\n\
“We will not close the library,” said Zoë Brontë, the mayor’s deputy.\r\n\
Residents cheered.\r\n\
The vote is due in May.\r\n";
const TYPO_QUOTE: &str = "“We will not close the libary,”";
const FIXED_QUOTE: &str = "“We will not close the library,”";
const DEPUTY: &str = "Zoë Brontë";
const CUT_QUOTE: &str = "“The reading room stays open until ten,”";

/// The open document's span (placed) whose text is `text`.
fn span_with_text(h: &Harness<'_, App>, text: &str) -> Option<marginalia::model::SpanId> {
    let session = h.state().session()?;
    let doc = &session.doc().text;
    let found = session
        .annotations()
        .spans()
        .find(|s| &doc[s.range.clone()] == text);
    found.map(|s| s.id)
}

/// The realign item in hand.
fn item_in_hand(h: &Harness<'_, App>) -> Option<marginalia::editor::Item> {
    h.state().editor().and_then(|e| e.realign_item())
}

#[test]
fn realigning_an_edited_article_by_keyboard_then_undo_and_save() {
    use marginalia::editor::{Item, Mode};
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("library.txt");
    std::fs::write(&article, BEFORE_EDIT).expect("write");

    // Annotate: the quote, its source and the link, a second quote and its link.
    let mut h = harness(&article);
    find(&mut h, "We will not close the libary");
    press(&mut h, Modifiers::NONE, Key::Num1);
    find(&mut h, DEPUTY);
    press(&mut h, Modifiers::NONE, Key::Num2);
    press(&mut h, Modifiers::SHIFT, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::K);
    press(&mut h, Modifiers::NONE, Key::Enter);
    find(&mut h, "The reading room stays open until ten");
    press(&mut h, Modifiers::NONE, Key::Num1);
    press(&mut h, Modifiers::NONE, Key::K);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let linked = vec![
        (
            "said_by".to_owned(),
            TYPO_QUOTE.to_owned(),
            DEPUTY.to_owned(),
        ),
        (
            "said_by".to_owned(),
            CUT_QUOTE.to_owned(),
            DEPUTY.to_owned(),
        ),
    ];
    assert_eq!(relations(&h), linked);
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    drop(h);

    // The article is edited on disk; opened again, every span waits as an orphan.
    std::fs::write(&article, AFTER_EDIT).expect("edit");
    let mut h = harness_with_messages(&article);
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.contains("Realign (Ctrl+R)")),
        "{:?}",
        h.state().messages()
    );
    let session = h.state().session().expect("open");
    assert!(session.read_only().is_none());
    assert_eq!(session.annotations().len(), 0);
    assert_eq!(session.annotations().orphans().len(), 3);
    assert!(
        session
            .annotations()
            .relations()
            .all(|r| session.annotations().is_dangling(r))
    );
    assert!(
        h.query_by_label_contains("3 spans wait for a place")
            .is_some(),
        "the banner"
    );
    assert!(h.query_all_by_label("Realign (Ctrl+R)").count() >= 1);
    assert!(h.query_by_label("Orphans (3)").is_some());

    // Ctrl+R: the source moved, the quote with the typo changed, the cut quote is an orphan.
    press(&mut h, Modifiers::COMMAND, Key::R);
    assert!(
        h.query_all_by_label_contains("1 moved, 1 changed, 1 orphaned")
            .count()
            >= 1,
        "the report: {:?}",
        h.state().editor().map(|e| e.hint())
    );
    assert!(
        h.query_by_label_contains("spans wait for a place")
            .is_none()
    );
    let session = h.state().session().expect("open");
    let ann = session.annotations();
    let quote = span_with_text(&h, FIXED_QUOTE).expect("the quote, placed on the fixed text");
    let deputy = span_with_text(&h, DEPUTY).expect("the source, moved");
    assert_eq!(ann.changed(quote), Some(TYPO_QUOTE));
    assert_eq!(ann.changed(deputy), None);
    let cut: Vec<_> = ann.orphans().map(|o| (o.span.id, o.text.clone())).collect();
    assert_eq!(cut.len(), 1);
    assert_eq!(cut[0].1, CUT_QUOTE);
    let orphan = cut[0].0;
    assert!(matches!(
        h.state().editor().map(|e| e.mode()),
        Some(Mode::Realign(_))
    ));
    // The review starts at the changed span, focused in the text.
    assert_eq!(item_in_hand(&h), Some(Item::Changed(quote)));
    assert_eq!(h.state().editor().and_then(|e| e.focused()), Some(quote));
    assert!(h.query_by_label("Changed (1)").is_some());
    assert!(h.query_by_label("Orphans (1)").is_some());
    assert!(
        h.query_all_by_label_contains("waits for an orphan").count() >= 1,
        "the link to the orphan is flagged"
    );

    // Tab: the orphan; X deletes it with its link; Ctrl+Z brings both back, in hand.
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(item_in_hand(&h), Some(Item::Orphan(orphan)));
    assert_eq!(h.state().editor().and_then(|e| e.focused()), None);
    press(&mut h, Modifiers::NONE, Key::X);
    let ann = h.state().session().expect("open").annotations();
    assert!(ann.orphan(orphan).is_none());
    assert_eq!(ann.relations().count(), 1);
    assert_eq!(item_in_hand(&h), Some(Item::Changed(quote)));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let ann = h.state().session().expect("open").annotations();
    assert!(ann.orphan(orphan).is_some());
    assert_eq!(ann.relations().count(), 2);
    assert_eq!(item_in_hand(&h), Some(Item::Orphan(orphan)));
    // A on an orphan with nothing selected says what to do.
    press(&mut h, Modifiers::NONE, Key::A);
    assert!(
        h.query_by_label_contains("Nothing selected: select where it goes, then A")
            .is_some()
    );
    assert!(
        h.state()
            .session()
            .is_some_and(|s| s.annotations().orphan(orphan).is_some())
    );

    // Shift+Tab back to the changed span; A accepts it, the orphan comes next.
    press(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(item_in_hand(&h), Some(Item::Changed(quote)));
    press(&mut h, Modifiers::NONE, Key::A);
    let ann = h.state().session().expect("open").annotations();
    assert_eq!(ann.changed(quote), None);
    assert_eq!(item_in_hand(&h), Some(Item::Orphan(orphan)));
    // X deletes the orphan: nothing is left, the review ends.
    press(&mut h, Modifiers::NONE, Key::X);
    assert_eq!(h.state().editor().map(|e| e.mode()), Some(&Mode::Normal));
    assert!(h.query_by_label_contains("Realign done").is_some());
    assert!(
        h.state()
            .session()
            .is_some_and(|s| s.annotations().orphan(orphan).is_none())
    );
    // Ctrl+Z: the orphan and its link are back, listed apart.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let ann = h.state().session().expect("open").annotations();
    assert!(ann.orphan(orphan).is_some());
    assert_eq!(ann.relations().count(), 2);
    assert!(h.query_by_label("Orphans (1)").is_some());
    assert!(h.query_by_label("Changed (0)").is_some());

    // Saved: spans on the new text, the accepted change cleared, the orphan kept.
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let file =
        marginalia::project::store::read_annotation_file(&dir.path().join("library.txt.ann.ron"))
            .expect("parses")
            .expect("saved");
    assert_eq!(file.text_sha256, marginalia::model::sha256_hex(AFTER_EDIT));
    let chars: Vec<char> = AFTER_EDIT.chars().collect();
    let mut texts: Vec<&str> = file.spans.iter().map(|s| s.text.as_str()).collect();
    texts.sort_unstable();
    assert_eq!(texts, vec![DEPUTY, FIXED_QUOTE]);
    for s in &file.spans {
        let slice: String = chars[s.start..s.end].iter().collect();
        assert_eq!(slice, s.text);
        assert_eq!(s.changed_from, None, "{}", s.text);
    }
    assert_eq!(file.orphans.len(), 1);
    assert_eq!(file.orphans[0].text, CUT_QUOTE);
    assert_eq!(file.relations.len(), 2);
}
