//! Projects: a folder of articles and JSONL corpora, one annotation file per
//! document per annotator, next / previous, done, search, autosave.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

use marginalia::app::App;
use marginalia::project::Settings;
use marginalia::project::corpus::{DocStatus, Project, init};
use marginalia::project::workspace::Question;
use marginalia::ui::{Action, Selection};

/// A wire story in two syndicated copies (same text, two files), and a
/// corpus of two lines: curly quotes, accents, Cyrillic, CJK, emoji, CRLF.
const WIRE: &str = "“We will not stop,” said Zoë Kovalenko.\r\nThe fund raised €2.5 million for 1,200 families in Київ 🚲.\r\n";
const LINE_A: &str = r#"{"id": "x1", "text": "Officials in 東京 said “Kovalenko was right,” and 40% agreed.", "url": "https://example.org/a"}"#;
const LINE_B: &str = r#"{"text": "No quotes here, only 7 boats.", "meta": {"title": "Boats"}}"#;

fn project(dir: &Path) -> PathBuf {
    let root = dir.join("proj");
    std::fs::create_dir_all(root.join("wire")).expect("mkdir");
    std::fs::write(root.join("wire/copy-one.txt"), WIRE).expect("write");
    std::fs::write(root.join("wire/copy-two.txt"), WIRE).expect("write");
    std::fs::write(root.join("corpus.jsonl"), format!("{LINE_A}\n\n{LINE_B}\n")).expect("write");
    init(&root, Some("Test project"), None).expect("init");
    root
}

fn app(annotator: &str) -> App {
    App::new(Settings {
        annotator: annotator.to_owned(),
        ..Settings::default()
    })
}

fn open(app: &mut App, root: &Path) {
    app.open(root);
    app.workspace.wait_for_project(Duration::from_secs(20));
    assert!(app.messages().is_empty(), "{:?}", app.messages());
}

fn settle(app: &mut App) {
    app.finish_saves(Duration::from_secs(10));
    app.workspace.wait_for_project(Duration::from_secs(20));
}

fn current(app: &App) -> usize {
    app.workspace
        .project
        .as_ref()
        .and_then(|p| p.current)
        .expect("a document is open")
}

/// Opens the project's document with this id.
fn open_named(app: &mut App, id: &str) -> usize {
    let index = app
        .workspace
        .project
        .as_ref()
        .and_then(|p| p.project.find(id))
        .expect("a document of the project");
    app.apply(Action::OpenDoc(index));
    settle(app);
    index
}

/// Runs the command-line program: (succeeded, stdout and stderr).
fn run(args: &[&str]) -> (bool, String) {
    let out = Process::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn tag(app: &mut App, needle: &str, label: &str) {
    let text = app.session().expect("open").doc().text.clone();
    let start = text.find(needle).expect("needle in text");
    app.apply(Action::SetSelection(Selection::exact(
        start..start + needle.len(),
    )));
    app.apply(Action::Tag(label.into()));
}

#[test]
fn documents_have_unique_ids_and_files_per_annotator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = project(dir.path());
    let p = Project::open(&root).expect("open");
    let ids: Vec<&str> = p.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "corpus.jsonl#x1",
            "corpus.jsonl#3",
            "wire/copy-one.txt",
            "wire/copy-two.txt"
        ]
    );
    assert_eq!(
        p.annotation_path(&p.docs[2], "zoë"),
        root.join("annotations/zoë/wire/copy-one.txt.ann.ron")
    );
    assert_eq!(p.read_text(1).expect("line").title, "Boats");
    assert_eq!(
        p.read_text(0)
            .expect("line")
            .meta
            .get("url")
            .map(String::as_str),
        Some("https://example.org/a")
    );
    assert!(
        init(&root, None, None)
            .unwrap_err()
            .contains("already a project")
    );

    // The two syndicated copies are two documents with two files.
    let mut a = app("ann1");
    open(&mut a, &root);
    a.apply(Action::OpenDoc(2));
    settle(&mut a);
    tag(&mut a, "We will not stop", "QUOTE");
    a.apply(Action::StepDoc { forward: true });
    settle(&mut a);
    assert_eq!(current(&a), 3, "next went to the second copy");
    assert_eq!(a.session().expect("open").doc().id, "wire/copy-two.txt");
    assert_eq!(a.session().expect("open").annotations().len(), 0);
    let one = std::fs::read_to_string(root.join("annotations/ann1/wire/copy-one.txt.ann.ron"))
        .expect("moving on saved the first copy");
    assert!(one.contains("document_id: \"wire/copy-one.txt\""), "{one}");
    assert!(
        one.contains("article: \"../../../wire/copy-one.txt\""),
        "{one}"
    );
    assert!(
        !one.contains("text: Some"),
        "a text file's text is not copied"
    );
    assert!(
        !root
            .join("annotations/ann1/wire/copy-two.txt.ann.ron")
            .exists()
    );
}

#[test]
fn next_previous_done_and_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = project(dir.path());
    let mut a = app("ann1");
    open(&mut a, &root);
    assert_eq!(current(&a), 0);
    let state = a.workspace.project.as_ref().expect("project");
    assert_eq!(state.progress(), (0, 4));
    assert_eq!(state.status(0), Some(DocStatus::New));

    tag(&mut a, "Kovalenko was right", "QUOTE");
    a.apply(Action::ToggleDone);
    settle(&mut a);
    let state = a.workspace.project.as_ref().expect("project");
    assert_eq!(state.progress(), (1, 4));
    assert_eq!(state.status(0), Some(DocStatus::Done));
    let file = root.join("annotations/ann1/corpus.jsonl/x1.ann.ron");
    let saved = std::fs::read_to_string(&file).expect("done saves");
    assert!(saved.contains("done: true"), "{saved}");
    assert!(
        saved.contains("Officials in 東京"),
        "a corpus line's text is stored"
    );
    assert!(!a.session().expect("open").is_dirty());

    // Undo takes "done" back like any command.
    a.apply(Action::Undo);
    assert_eq!(
        a.workspace
            .project
            .as_ref()
            .map(|_| a.session().expect("open").annotations().is_done()),
        Some(false)
    );
    a.apply(Action::Redo);

    a.apply(Action::StepDoc { forward: true });
    settle(&mut a);
    assert_eq!(current(&a), 1);
    a.apply(Action::StepDoc { forward: false });
    settle(&mut a);
    assert_eq!(current(&a), 0);
    assert!(a.session().expect("open").annotations().is_done());

    // The list filters by status; next follows the list.
    if let Some(state) = a.workspace.project.as_mut() {
        state.view.statuses = [true, true, true, false];
        assert_eq!(state.order(), vec![1, 2, 3]);
        state.view.statuses = [true; 4];
        state.view.name = "status:done".into();
        assert_eq!(state.order(), vec![0]);
        state.view.name = "label:quote".into();
        assert_eq!(state.order(), vec![0]);
        state.view.name = "label:QUOTE>=2".into();
        assert_eq!(state.order(), Vec::<usize>::new());
        state.view.name = "label:QUOTE=0".into();
        assert_eq!(state.order(), vec![1, 2, 3]);
        state.view.name = "copy status:new".into();
        assert_eq!(state.order(), vec![2, 3]);
        state.view.name = "status:new status:progress".into();
        assert_eq!(state.order(), vec![1, 2, 3]);
        state.view.name.clear();
        state.view.statuses = [true, true, true, false];
    }
    a.apply(Action::StepDoc { forward: true });
    settle(&mut a);
    assert_eq!(current(&a), 1);

    // A fresh window reads the done mark and the spans from the files.
    let mut b = app("ann1");
    open(&mut b, &root);
    let state = b.workspace.project.as_ref().expect("project");
    assert_eq!(state.progress(), (1, 4));
    assert_eq!(
        state.mine().expect("scanned")[0].labels.get("QUOTE"),
        Some(&1)
    );
    // Another annotator starts from nothing.
    let mut c = app("ann2");
    open(&mut c, &root);
    assert_eq!(
        c.workspace.project.as_ref().expect("project").progress(),
        (0, 4)
    );
}

#[test]
fn search_finds_text_and_spans_and_jumps_to_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = project(dir.path());
    let mut a = app("ann1");
    open(&mut a, &root);
    tag(&mut a, "“Kovalenko was right,”", "QUOTE");
    tag(&mut a, "Officials", "SOURCE");
    settle(&mut a);
    let state = a.workspace.project.as_ref().expect("project");
    let hits = state.search("kovalenko", false, 100).expect("search");
    let docs: Vec<usize> = hits.iter().map(|h| h.doc).collect();
    assert_eq!(docs, vec![0, 2, 3]);
    let spans = state
        .search("label:QUOTE right", false, 100)
        .expect("search");
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].matched, "“Kovalenko was right,”");

    let hit = hits[2].clone();
    a.apply(Action::JumpTo {
        doc: hit.doc,
        range: hit.range.clone(),
    });
    settle(&mut a);
    assert_eq!(current(&a), 3);
    let editor = a.editor().expect("open");
    let text = &editor.session().doc().text;
    assert_eq!(&text[editor.selection().range()], "Kovalenko");
    // Leaving the first document saved it.
    assert!(
        root.join("annotations/ann1/corpus.jsonl/x1.ann.ron")
            .exists()
    );
}

#[test]
fn autosave_and_recovery_are_per_document_and_annotator() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = project(dir.path());
    {
        let mut a = app("ann1");
        open(&mut a, &root);
        a.apply(Action::OpenDoc(3));
        settle(&mut a);
        tag(&mut a, "1,200 families", "FIGURE");
        // The first tick sees the edit; one a minute later autosaves it.
        a.workspace.tick("ann1", Instant::now());
        a.workspace
            .tick("ann1", Instant::now() + Duration::from_secs(60));
        a.finish_saves(Duration::from_secs(10));
        let recovery = root.join("annotations/ann1/wire/copy-two.txt.ann.recovery.ron");
        let start = Instant::now();
        while !recovery.exists() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(recovery.exists(), "autosave beside the annotator's file");
        // The window dies here without saving.
    }
    let mut b = app("ann2");
    open(&mut b, &root);
    b.apply(Action::OpenDoc(3));
    settle(&mut b);
    assert!(
        b.workspace.question.is_none(),
        "ann2 has nothing to recover"
    );

    let mut a = app("ann1");
    open(&mut a, &root);
    a.apply(Action::OpenDoc(2));
    settle(&mut a);
    assert!(
        a.workspace.question.is_none(),
        "the other copy has nothing to recover"
    );
    a.apply(Action::OpenDoc(3));
    settle(&mut a);
    assert!(matches!(a.workspace.question, Some(Question::Recovery(_))));
    a.apply(Action::Dialog(marginalia::ui::DialogChoice::Restore));
    assert_eq!(a.session().expect("open").annotations().len(), 1);
}

#[test]
fn init_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("p");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(root.join("story.txt"), WIRE).expect("write");
    let root_s = root.to_string_lossy().into_owned();
    let (ok, said) = run(&["init", &root_s, "--name", "Wire"]);
    assert!(ok, "{said}");
    assert!(said.contains("project \"Wire\" with 1 documents"), "{said}");
    assert!(
        std::fs::read_to_string(root.join(".gitignore"))
            .expect("gitignore")
            .contains("*.ann.recovery.ron")
    );
    let (ok, said) = run(&["init", &root_s]);
    assert!(!ok && said.contains("already a project"), "{said}");

    let mut a = app("ann1");
    open(&mut a, &root);
    tag(&mut a, "“We will not stop,”", "QUOTE");
    a.apply(Action::Save);
    settle(&mut a);
    let ann = root.join("annotations/ann1/story.txt.ann.ron");
    let (ok, said) = run(&["validate", &ann.to_string_lossy()]);
    assert!(ok, "{said}");
    let out = dir.path().join("out.jsonl");
    let (ok, said) = run(&[
        "export",
        "--format",
        "marginalia",
        "--out",
        &out.to_string_lossy(),
        &root_s,
    ]);
    assert!(ok, "{said}");
    let line = std::fs::read_to_string(&out).expect("export");
    assert!(line.contains("\"id\":\"story.txt\""), "{line}");
    assert!(line.contains("“We will not stop,”"), "{line}");
}

/// Copies the bundled sample project into `dir`.
fn sample_project(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-project");
    let root = dir.join("sample");
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        std::fs::create_dir_all(root.join(&rel)).expect("mkdir");
        for entry in std::fs::read_dir(from.join(&rel)).expect("ls") {
            let entry = entry.expect("entry");
            let rel = rel.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                stack.push(rel);
            } else {
                std::fs::copy(from.join(&rel), root.join(&rel)).expect("copy");
            }
        }
    }
    root
}

#[test]
fn an_html_page_keeps_its_extracted_text_and_metadata_with_the_annotations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = sample_project(dir.path());
    let mut a = app("ann1");
    open(&mut a, &root);
    let index = open_named(&mut a, "web/market-hall.html");
    let text = a.session().expect("open").doc().text.clone();
    assert!(text.starts_with("Covered market to stay open late on Fridays\n\n"));
    assert!(
        !text.contains("cookies") && !text.contains("Related stories"),
        "{text}"
    );
    tag(&mut a, "Idris Benali", "SOURCE");
    a.apply(Action::Save);
    settle(&mut a);
    let ann = root.join("annotations/ann1/web/market-hall.html.ann.ron");
    let saved = std::fs::read_to_string(&ann).expect("saved");
    assert!(saved.contains("text: Some(\"Covered market"), "{saved}");
    assert!(
        saved.contains("\"extractor\": \"marginalia-html"),
        "{saved}"
    );
    assert!(saved.contains("\"byline\""), "{saved}");
    assert!(saved.contains("\"url\": \"https://gazette.example/city/2025/market-hall-late\""));

    // The page changes (or the extractor does): the annotations keep their text.
    let page = root.join("web/market-hall.html");
    let html = std::fs::read_to_string(&page).expect("page");
    std::fs::write(
        &page,
        html.replace(
            "<p>The trade office",
            "<p>A new first line.</p><p>The trade office",
        ),
    )
    .expect("rewrite");
    let mut b = app("ann1");
    open(&mut b, &root);
    b.apply(Action::OpenDoc(index));
    settle(&mut b);
    let session = b.session().expect("open");
    assert_eq!(
        session.doc().text,
        text,
        "the stored text, not a new extraction"
    );
    assert!(session.read_only().is_none());
    // Search reads the same stored text, so its hits fall where the spans are.
    let state = b.workspace.project.as_ref().expect("project");
    assert!(
        state
            .search("A new first line", false, 10)
            .expect("search")
            .is_empty()
    );
    assert_eq!(state.texts[index].as_deref(), Some(&*text));
    assert_eq!(session.annotations().len(), 1);
    let (ok, said) = run(&["validate", &ann.to_string_lossy()]);
    assert!(ok, "{said}");
}

#[test]
fn a_new_project_suggests_site_junk_as_boilerplate_to_skip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = sample_project(dir.path());
    let mut a = app("ann1");
    open(&mut a, &root);
    open_named(&mut a, "wire/harbour-strike.txt");
    let before = a.session().expect("open").doc().text.clone();
    a.apply(Action::Suggest);
    let start = Instant::now();
    while a.workspace.is_suggesting() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
        a.workspace.take_suggestions();
    }
    for _ in 0..100 {
        a.workspace.take_suggestions();
    }
    let session = a.session().expect("open");
    let junk: Vec<&str> = session
        .annotations()
        .spans()
        .filter(|s| s.label == "BOILERPLATE")
        .map(|s| &session.doc().text[s.range.clone()])
        .collect();
    assert!(
        junk.iter().any(|j| j.starts_with("Cookie settings")),
        "{junk:?}"
    );
    assert!(junk.iter().all(|j| !j.contains("pilots")), "{junk:?}");
    assert_eq!(session.doc().text, before, "the text is never changed");
}

#[test]
fn changing_the_annotator_saves_the_work_and_reopens_the_document_as_theirs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = project(dir.path());
    let mut a = app("ann1");
    open(&mut a, &root);
    open_named(&mut a, "wire/copy-one.txt");
    tag(&mut a, "We will not stop", "QUOTE");
    a.settings.annotator = "ann2".to_owned();
    a.apply(Action::Escape);
    settle(&mut a);
    let saved = std::fs::read_to_string(root.join("annotations/ann1/wire/copy-one.txt.ann.ron"))
        .expect("ann1's work was saved to ann1's file");
    assert!(saved.contains("annotator: \"ann1\""), "{saved}");
    assert!(saved.contains("We will not stop"));
    let state = a.workspace.project.as_ref().expect("project");
    assert_eq!(state.annotator, "ann2");
    assert_eq!(
        state.status(2),
        Some(DocStatus::New),
        "the list shows ann2's files"
    );
    assert_eq!(a.session().expect("open").doc().id, "wire/copy-one.txt");
    assert_eq!(a.session().expect("open").annotations().len(), 0);
    tag(&mut a, "1,200 families", "FIGURE");
    a.apply(Action::Save);
    settle(&mut a);
    assert!(
        root.join("annotations/ann2/wire/copy-one.txt.ann.ron")
            .exists()
    );
}
