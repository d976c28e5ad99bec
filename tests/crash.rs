//! Crash torture: a child process tags, autosaves and saves in a loop,
//! through the app's own save path (the disk worker: temp file, fsync,
//! rename), and is killed with SIGKILL at 200 random moments. After each
//! kill the annotation file must parse and be one of the versions saved
//! (version n holds the first n spans, each on its word) — never a torn
//! file — and a recovery file, if there is one, must parse too.
//!
//! Run: `cargo test --release --test crash -- --nocapture` (prints counts).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::app::App;
use marginalia::editor::{Action, Selection};
use marginalia::formats::{AnnotationFile, Format};
use marginalia::project::Settings;

const KILLS: usize = 200;
const CHILD_DIR: &str = "MARGINALIA_TORTURE_DIR";

/// The article: words the child tags one after another, with non-ASCII,
/// CRLF and an emoji so offsets are tested too.
fn article_text() -> String {
    (0..3000)
        .map(|i| format!("Wörd{i}“é” 🚲"))
        .collect::<Vec<_>>()
        .join(if cfg!(windows) { " " } else { "\r\n" })
}

/// The `i`-th word the child tags.
fn word(i: usize) -> String {
    format!("Wörd{i}“é”")
}

fn paths(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let article = dir.join("story.txt");
    let ann = dir.join("story.txt.ann.ron");
    let recovery = marginalia::project::recovery_path(&article);
    (article, ann, recovery)
}

/// The child's loop; a normal test run (no directory given) does nothing.
#[test]
fn child_saves_in_a_loop() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let (article, _, _) = paths(Path::new(&dir));
    let mut app = App::new(Settings {
        annotator: "torture".to_owned(),
        ..Settings::default()
    });
    app.open(&article);
    let text = app.session().expect("open").doc().text.to_string();
    let start_at = app.session().expect("open").annotations().len();
    for i in start_at..3000 {
        let w = word(i);
        let at = text.find(&w).expect("word");
        app.apply(Action::SetSelection(Selection::exact(at..at + w.len())));
        app.apply(Action::Tag("QUOTE".to_owned()));
        // Autosave (the recovery file), then save, as the window does.
        let now = Instant::now();
        app.workspace.tick("torture", now);
        app.workspace.tick("torture", now + Duration::from_secs(60));
        app.apply(Action::Save);
        app.finish_saves(Duration::from_secs(10));
    }
}

/// Checks a file the child wrote: it parses, and its spans are the first
/// n words in order. Returns n.
fn check(path: &Path, text: &str) -> usize {
    let content = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: unreadable: {e}", path.display()));
    let file = AnnotationFile::parse(&content, Format::Ron, path)
        .unwrap_or_else(|e| panic!("torn or broken file {e}:\n{content}"));
    let mut texts: Vec<&str> = file.spans.iter().map(|s| s.text.as_str()).collect();
    texts.sort_by_key(|t| {
        t.trim_start_matches("Wörd")
            .split('“')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
    });
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(*t, word(i), "{}: span {i}", path.display());
    }
    let doc = marginalia::model::Document::new(text.to_owned(), "story".into(), None);
    let placed = file.place_on(&doc);
    assert!(placed.problems.is_empty(), "{:?}", placed.problems);
    texts.len()
}

#[test]
fn killed_at_200_random_moments_the_files_are_never_torn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (article, ann, recovery) = paths(dir.path());
    let text = article_text();
    std::fs::write(&article, &text).expect("article");
    let exe = std::env::current_exe().expect("test binary");
    // A fixed seed: a failure can be replayed.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut saved, mut recoveries, mut versions) = (0, 0, std::collections::BTreeSet::new());
    for kill in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_saves_in_a_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("child");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Once the child has saved in this run (start-up takes longer in a
        // debug build), 0 to 40 ms later: in the middle of the loop.
        let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let before = stamp(&ann);
        let started = Instant::now();
        while stamp(&ann) == before && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_micros(500));
        }
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        if ann.exists() {
            let n = check(&ann, &text);
            versions.insert(n);
            saved += 1;
        }
        if recovery.exists() {
            check(&recovery, &text);
            recoveries += 1;
        }
        // Leftover temp files of a killed write are never mistaken for the file.
        for entry in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                name.ends_with(".tmp") || name.starts_with("story.txt"),
                "kill {kill}: unexpected {name}"
            );
        }
    }
    println!(
        "crash torture: {KILLS} kills; the annotation file parsed after {saved} of them \
         ({} distinct versions, up to {} spans); a recovery file existed and parsed after {recoveries}",
        versions.len(),
        versions.last().copied().unwrap_or(0)
    );
    assert_eq!(saved, KILLS, "the child saved before every kill");
    assert!(
        versions.len() > 10,
        "kills fell at too few moments: {versions:?}"
    );
}
