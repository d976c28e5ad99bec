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
    let mut app = App::new(Settings {
        annotator: "tester".to_owned(),
        ..Settings::default()
    });
    app.open(article);
    assert!(app.messages.is_empty(), "{:?}", app.messages);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    // The sample holds CJK and an emoji, which egui's bundled font lacks:
    // draw boxes for them, as the app does, instead of kittest's panic.
    h.ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
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
    assert!(h.query_by_label_contains("SOURCE (6)").is_some());
    // Tab focuses the next span in reading order; L then 3 relabels it.
    press(&mut h, Modifiers::NONE, Key::Tab);
    let focused = h
        .state()
        .doc
        .as_ref()
        .and_then(|d| d.focused)
        .expect("focused");
    press(&mut h, Modifiers::NONE, Key::L);
    press(&mut h, Modifiers::NONE, Key::Num3);
    let label = h
        .state()
        .session()
        .and_then(|s| s.annotations().span(focused).map(|sp| sp.label.clone()));
    assert_eq!(label.as_deref(), Some("FIGURE"));
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
    let find = |h: &mut Harness<'_, App>, text: &str| {
        press(h, Modifiers::COMMAND, Key::F);
        h.event(egui::Event::Text(text.to_owned()));
        h.run_steps(1);
        press(h, Modifiers::NONE, Key::Enter);
    };
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
        .map(|s| s.doc.text.lines().next().unwrap_or("").to_owned());
    assert_eq!(
        first_line.as_deref(),
        Some("The Portmere Courier | Tuesday, 14 October 2025")
    );
    let (from, to) = (egui::pos2(200.0, 55.0), egui::pos2(430.0, 55.0));
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
    let sel = h.state().doc.as_ref().map(|d| d.selection).expect("doc");
    let text = h
        .state()
        .session()
        .map(|s| s.doc.text.clone())
        .unwrap_or_default();
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
        h.state().doc.as_ref().and_then(|d| {
            let id = d.focused?;
            d.session.annotations().span(id).map(|s| s.note.clone())
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
    let caret = h.state().doc.as_ref().map(|d| d.selection).expect("doc");
    assert!(caret.is_empty());
    let text = h
        .state()
        .session()
        .map(|s| s.doc.text.clone())
        .unwrap_or_default();
    let first_line = text.lines().next().unwrap_or("").len();
    assert!(
        caret.caret > 0 && caret.caret < first_line,
        "caret inside the first line: {caret:?}"
    );
    h.hover_at(later);
    h.run_steps(1);
    click_at(&mut h, later, Modifiers::SHIFT);
    let extended = h.state().doc.as_ref().map(|d| d.selection).expect("doc");
    assert_eq!(extended.anchor, caret.caret);
    assert!(
        extended.caret > caret.caret + 5,
        "{caret:?} then {extended:?}"
    );
}
