//! A project in the window, driven like a user through egui_kittest: the
//! document list, next / previous, done and progress, and search.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::app::App;
use marginalia::project::Settings;

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

fn project(dir: &Path) -> PathBuf {
    let root = dir.join("three");
    std::fs::create_dir_all(&root).expect("mkdir");
    for (name, text) in ARTICLES {
        std::fs::write(root.join(name), text).expect("write");
    }
    marginalia::project::corpus::init(&root, Some("Three stories"), None).expect("init");
    root
}

fn harness(root: &Path) -> Harness<'static, App> {
    let app = App::new(Settings {
        annotator: "tester".to_owned(),
        ..Settings::default()
    });
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    h.ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    h.state_mut().open(root);
    settle(&mut h);
    assert!(
        h.state().messages().is_empty(),
        "{:?}",
        h.state().messages()
    );
    h
}

/// Runs frames until saves and the project's background work are done.
fn settle(h: &mut Harness<'_, App>) {
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

fn press(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    settle(h);
}

fn open_name(h: &Harness<'_, App>) -> String {
    h.state().workspace.doc_name().unwrap_or_default()
}

#[test]
fn next_previous_done_progress_and_search_in_a_project_of_three() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = project(dir.path());
    let mut h = harness(&root);
    assert_eq!(open_name(&h), "a-harbour.txt");
    assert!(h.query_by_label("0 of 3 done").is_some());
    assert!(
        h.query_by_label_contains("b-prison.txt").is_some(),
        "the list shows every document"
    );

    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(open_name(&h), "b-prison.txt");
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(open_name(&h), "c-school.txt");
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(open_name(&h), "b-prison.txt");

    // Mark it done: the progress changes and the file says so.
    press(&mut h, Modifiers::COMMAND, Key::Enter);
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
    settle(&mut h);
    assert!(h.query_by_label("0 of 3 done").is_some());
    press(&mut h, Modifiers::COMMAND, Key::Enter);

    // Tag a quote here, then search for it from another document.
    let text = h.state().session().expect("open").doc().text.clone();
    let quote = "“No one should sit in prison for a post,”";
    let start = text.find(quote).expect("quote");
    h.state_mut().apply(marginalia::ui::Action::SetSelection(
        marginalia::ui::Selection::exact(start..start + quote.len()),
    ));
    press(&mut h, Modifiers::NONE, Key::Num1);
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(open_name(&h), "a-harbour.txt");

    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert!(h.query_by_label("Search the project").is_some());
    h.event(egui::Event::Text("label:QUOTE prison".to_owned()));
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(
        h.state().search.hits().len(),
        1,
        "one quote mentions prison"
    );
    assert!(h.query_by_label_contains("1 hits in 1 documents").is_some());
    // Enter again opens the chosen hit.
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(open_name(&h), "b-prison.txt");
    let editor = h.state().editor().expect("open");
    assert_eq!(
        &editor.session().doc().text[editor.selection().range()],
        quote
    );

    // A plain text search: two hits, the second chosen with ↓ and clicked open.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.event(egui::Event::Key {
        key: Key::A,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    h.event(egui::Event::Text("said".to_owned()));
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let hits = h.state().search.hits().to_vec();
    assert_eq!(hits.len(), 3, "{hits:?}");
    h.get_by_label_contains("its head").click();
    settle(&mut h);
    assert_eq!(open_name(&h), "c-school.txt");
    let editor = h.state().editor().expect("open");
    assert_eq!(
        &editor.session().doc().text[editor.selection().range()],
        "said"
    );
}
