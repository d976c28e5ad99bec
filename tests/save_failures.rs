//! Saves and autosaves that fail: a full disk, a read-only folder, a
//! permission error, a vanished folder. Each is said with the file and the
//! cause, the work stays unsaved (closing still asks), nothing on disk is
//! cut short, autosave goes to the data folder instead, and a save once the
//! cause is gone writes the work. Failures come from a writer put into the
//! disk worker (tests run as root, so read-only folders would not refuse),
//! or from the system itself: a folder really removed, a file size limit.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use marginalia::app::App;
use marginalia::formats::{AnnotationFile, Format};
use marginalia::project::workspace::{AfterConfirm, Question, Workspace};
use marginalia::project::{Disk, Settings, Writer, recovery_path, write_atomic};
use marginalia::ui::{Action, DialogChoice, Selection};

const TEXT: &str = "Alice said the vote was close. Bob disagreed. Carol counted 12 votes.";
const DISK_FULL: i32 = 28;
const READ_ONLY: i32 = 30;
const NO_PERMISSION: i32 = 13;
const NO_FOLDER: i32 = 2;

/// An article in its own folder, its annotation file saved once (Alice),
/// and an app whose writes into that folder fail while `fault` holds an
/// error number (0: they succeed).
struct Setup {
    _tmp: tempfile::TempDir,
    folder: PathBuf,
    data: PathBuf,
    article: PathBuf,
    ann: PathBuf,
    fault: Arc<AtomicI32>,
    app: App,
}

impl Setup {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("tempdir");
        let folder = tmp.path().join("news");
        let data = tmp.path().join("data");
        std::fs::create_dir(&folder).expect("mkdir");
        let article = folder.join("vote.txt");
        std::fs::write(&article, TEXT).expect("write article");
        let fault = Arc::new(AtomicI32::new(0));
        let mut s = Self {
            ann: folder.join("vote.txt.ann.ron"),
            app: app(faulty(&folder, &fault), &data),
            _tmp: tmp,
            folder,
            data,
            article,
            fault,
        };
        s.app.open(&s.article);
        tag(&mut s.app, "Alice");
        s.app.apply(Action::Save);
        s.app.finish_saves(Duration::from_secs(10));
        assert!(s.ann.exists() && !dirty(&s.app), "{:?}", s.app.messages());
        s
    }

    fn fail_with(&self, errno: i32) {
        self.fault.store(errno, Ordering::SeqCst);
    }

    fn recovery(&self) -> PathBuf {
        recovery_path(&self.article)
    }

    /// Where autosave goes when the article's folder refuses it.
    fn fallback(&self) -> PathBuf {
        marginalia::project::failure::fallback_path(&self.data, &self.recovery())
    }
}

/// Fails writes under `folder` with the error number in `fault`.
fn faulty(folder: &Path, fault: &Arc<AtomicI32>) -> Writer {
    let (folder, fault) = (folder.to_owned(), Arc::clone(fault));
    Arc::new(
        move |path: &Path, bytes: &[u8]| match fault.load(Ordering::SeqCst) {
            0 => write_atomic(path, bytes),
            _ if !path.starts_with(&folder) => write_atomic(path, bytes),
            errno => Err(io::Error::from_raw_os_error(errno)),
        },
    )
}

fn app(writer: Writer, data: &Path) -> App {
    let mut app = App::new(Settings {
        annotator: "tester".to_owned(),
        ..Settings::default()
    });
    app.workspace = Workspace::with_disk(Disk::with(writer, Some(data.to_owned())));
    app
}

fn tag(app: &mut App, word: &str) {
    let at = TEXT.find(word).expect("word");
    app.apply(Action::SetSelection(Selection::exact(at..at + word.len())));
    app.apply(Action::Tag("SOURCE".to_owned()));
}

fn dirty(app: &App) -> bool {
    app.session().is_some_and(|s| s.is_dirty())
}

/// The span texts of an annotation file.
fn spans_in(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read");
    let file = AnnotationFile::parse(&text, Format::Ron, path).expect("parses");
    file.spans.into_iter().map(|s| s.text).collect()
}

/// File names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Lets an autosave happen now, as the window would after an idle spell.
fn autosave(app: &mut App) {
    let now = Instant::now();
    app.workspace.tick("tester", now);
    app.workspace.tick("tester", now + Duration::from_secs(60));
}

/// Takes in the worker's reports until `done` holds (at most 10 s).
fn wait_for(app: &mut App, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(app) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
        app.finish_saves(Duration::ZERO);
    }
    assert!(done(app), "{:?}", app.messages());
}

fn has_message(app: &App, part: &str) -> bool {
    app.messages().iter().any(|m| m.contains(part))
}

/// The one message that contains `part`.
fn message<'a>(app: &'a App, part: &str) -> &'a str {
    let found: Vec<&String> = app.messages().iter().filter(|m| m.contains(part)).collect();
    assert_eq!(found.len(), 1, "{:?}", app.messages());
    found[0]
}

/// Closing asks about the unsaved work, and a Save that fails again keeps
/// the window open; Cancel leaves it so.
fn closing_still_asks(app: &mut App) {
    assert!(!app.workspace.request_close());
    assert!(matches!(
        app.workspace.question,
        Some(Question::Unsaved(AfterConfirm::Close))
    ));
    app.apply(Action::Dialog(DialogChoice::Save));
    app.finish_saves(Duration::from_secs(10));
    assert!(!app.workspace.take_close(), "closed without the work saved");
    assert!(dirty(app));
    assert!(!app.workspace.request_close());
    app.apply(Action::Dialog(DialogChoice::Cancel));
}

/// A save that fails with `errno`: said with the file and `cause`, the
/// session stays unsaved, the file on disk is as it was; once the cause is
/// gone the save writes the work.
fn save_fails(errno: i32, cause: &str) {
    let mut s = Setup::new();
    let before = std::fs::read(&s.ann).expect("read");
    tag(&mut s.app, "Bob");
    s.fail_with(errno);
    s.app.apply(Action::Save);
    s.app.finish_saves(Duration::from_secs(10));
    let m = message(&s.app, "not saved");
    assert!(
        m.starts_with(&format!("{}: not saved: {cause} (", s.ann.display())),
        "{m}"
    );
    assert!(
        m.contains("Your work is kept in memory") && m.contains("Ctrl+S"),
        "{m}"
    );
    assert!(dirty(&s.app), "a failed save leaves the work unsaved");
    assert_eq!(
        std::fs::read(&s.ann).expect("read"),
        before,
        "file untouched"
    );
    assert_eq!(names(&s.folder), ["vote.txt", "vote.txt.ann.ron"]);
    closing_still_asks(&mut s.app);

    s.fail_with(0);
    s.app.apply(Action::Save);
    s.app.finish_saves(Duration::from_secs(10));
    assert!(!dirty(&s.app), "{:?}", s.app.messages());
    assert_eq!(spans_in(&s.ann), ["Alice", "Bob"]);
    assert!(
        s.app.workspace.request_close(),
        "saved: closes without asking"
    );
}

/// An autosave that fails with `errno` goes to the data folder and says so
/// once; reopened after a crash, the work there is offered; once the cause
/// is gone, autosave is back beside the file and a save writes the work.
fn autosave_fails(errno: i32, cause: &str) {
    let mut s = Setup::new();
    let before = std::fs::read(&s.ann).expect("read");
    tag(&mut s.app, "Bob");
    s.fail_with(errno);
    autosave(&mut s.app);
    wait_for(&mut s.app, |a| has_message(a, "autosave failed"));
    let m = message(&s.app, "autosave failed").to_owned();
    let said = format!("{}: autosave failed: {cause} (", s.recovery().display());
    assert!(m.starts_with(&said), "{m}");
    let instead = format!(
        "your unsaved work is autosaved to {} instead.",
        s.fallback().display()
    );
    assert!(m.ends_with(&instead), "{m}");
    assert!(s.fallback().starts_with(&s.data));
    assert_eq!(spans_in(&s.fallback()), ["Alice", "Bob"]);
    assert!(!s.recovery().exists());
    assert!(dirty(&s.app));
    assert_eq!(
        std::fs::read(&s.ann).expect("read"),
        before,
        "file untouched"
    );

    // The next autosave goes there too, without saying it again.
    tag(&mut s.app, "Carol");
    autosave(&mut s.app);
    let fallback = s.fallback();
    wait_for(&mut s.app, |_| spans_in(&fallback).len() == 3);
    assert_eq!(message(&s.app, "autosave failed"), m, "told once");

    // The window dies; the next run finds the work in the data folder.
    let writer = faulty(&s.folder, &s.fault);
    s.app = app(writer, &s.data);
    s.app.open(&s.article);
    assert!(s.app.recovery_offered(), "{:?}", s.app.messages());
    s.app.apply(Action::Dialog(DialogChoice::Restore));
    assert!(dirty(&s.app));

    // The cause is gone: autosave is back beside the file, then a save.
    s.fail_with(0);
    tag(&mut s.app, "12 votes");
    autosave(&mut s.app);
    let recovery = s.recovery();
    wait_for(&mut s.app, |_| recovery.exists());
    assert!(!s.fallback().exists(), "the stand-in is stale: removed");
    s.app.apply(Action::Save);
    s.app.finish_saves(Duration::from_secs(10));
    assert!(!dirty(&s.app), "{:?}", s.app.messages());
    assert_eq!(spans_in(&s.ann), ["Alice", "Bob", "Carol", "12 votes"]);
    assert!(!s.recovery().exists() && !s.fallback().exists());
}

#[test]
fn save_on_a_full_disk() {
    save_fails(DISK_FULL, "the disk is full");
}

#[test]
fn save_in_a_read_only_folder() {
    save_fails(READ_ONLY, "the folder is read-only");
}

#[test]
fn save_without_permission() {
    save_fails(
        NO_PERMISSION,
        "permission denied: you may not write in the folder",
    );
}

#[test]
fn save_in_a_vanished_folder() {
    save_fails(NO_FOLDER, "the folder no longer exists");
}

#[test]
fn autosave_on_a_full_disk() {
    autosave_fails(DISK_FULL, "the disk is full");
}

#[test]
fn autosave_in_a_read_only_folder() {
    autosave_fails(READ_ONLY, "the folder is read-only");
}

#[test]
fn autosave_without_permission() {
    autosave_fails(
        NO_PERMISSION,
        "permission denied: you may not write in the folder",
    );
}

#[test]
fn autosave_in_a_vanished_folder() {
    autosave_fails(NO_FOLDER, "the folder no longer exists");
}

#[test]
fn save_into_a_folder_really_gone_makes_nothing_and_saves_once_it_is_back() {
    let mut s = Setup::new();
    let before = std::fs::read(&s.ann).expect("read");
    tag(&mut s.app, "Bob");
    // The folder goes (a drive unplugged), then comes back as it was.
    let away = s.data.with_file_name("away");
    std::fs::rename(&s.folder, &away).expect("move away");
    s.app.apply(Action::Save);
    s.app.finish_saves(Duration::from_secs(10));
    let m = message(&s.app, "not saved");
    let said = format!(
        "{}: not saved: the folder no longer exists",
        s.ann.display()
    );
    assert!(m.starts_with(&said), "{m}");
    assert!(!s.folder.exists(), "the folder is not made again");
    assert!(dirty(&s.app));
    closing_still_asks(&mut s.app);

    std::fs::rename(&away, &s.folder).expect("move back");
    assert_eq!(std::fs::read(&s.ann).expect("read"), before);
    s.app.apply(Action::Save);
    s.app.finish_saves(Duration::from_secs(10));
    assert!(!dirty(&s.app), "{:?}", s.app.messages());
    assert_eq!(spans_in(&s.ann), ["Alice", "Bob"]);
    assert_eq!(names(&s.folder), ["vote.txt", "vote.txt.ann.ron"]);
}

#[test]
fn autosave_into_a_folder_really_removed_goes_to_the_data_folder() {
    let mut s = Setup::new();
    tag(&mut s.app, "Bob");
    std::fs::remove_dir_all(&s.folder).expect("remove");
    autosave(&mut s.app);
    wait_for(&mut s.app, |a| has_message(a, "autosave failed"));
    let m = message(&s.app, "autosave failed");
    assert!(m.contains("the folder no longer exists"), "{m}");
    assert!(m.contains(&s.fallback().display().to_string()), "{m}");
    assert!(!s.folder.exists(), "the folder is not made again");
    assert_eq!(spans_in(&s.fallback()), ["Alice", "Bob"]);

    // The folder is made again, empty: the save asks before writing a file
    // that went away, then writes the work and drops the stand-in.
    std::fs::create_dir(&s.folder).expect("mkdir");
    s.app.apply(Action::Save);
    s.app.finish_saves(Duration::from_secs(10));
    assert!(matches!(
        s.app.workspace.question,
        Some(Question::ChangedOnDisk(_))
    ));
    s.app.apply(Action::Dialog(DialogChoice::Overwrite));
    s.app.finish_saves(Duration::from_secs(10));
    assert!(!dirty(&s.app), "{:?}", s.app.messages());
    assert_eq!(spans_in(&s.ann), ["Alice", "Bob"]);
    assert!(!s.fallback().exists());
}

#[test]
fn without_a_data_folder_a_failed_autosave_says_the_work_is_only_in_memory() {
    let mut s = Setup::new();
    s.app = {
        let mut app = App::new(Settings::default());
        app.workspace = Workspace::with_disk(Disk::with(faulty(&s.folder, &s.fault), None));
        app
    };
    s.app.open(&s.article);
    tag(&mut s.app, "Bob");
    s.fail_with(DISK_FULL);
    autosave(&mut s.app);
    wait_for(&mut s.app, |a| has_message(a, "autosave failed"));
    let m = message(&s.app, "autosave failed");
    assert!(m.contains("the disk is full"), "{m}");
    assert!(
        m.ends_with("Unsaved work is only in memory: save with Ctrl+S."),
        "{m}"
    );
    assert!(
        !s.data.join("recovery").exists(),
        "no autosave went to a data folder"
    );
}

const CHILD: &str = "MARGINALIA_FILE_SIZE_LIMIT_DIR";

/// Run by the test below under a file size limit; does nothing otherwise.
#[test]
fn child_saves_over_the_file_size_limit() {
    let Ok(dir) = std::env::var(CHILD) else {
        return;
    };
    let mut app = App::new(Settings::default());
    let article = Path::new(&dir).join("news/vote.txt");
    app.open(&article);
    for word in [
        "Bob", "Carol", "12 votes", "said", "vote", "close", "counted",
    ] {
        tag(&mut app, word);
    }
    app.apply(Action::Save);
    app.finish_saves(Duration::from_secs(10));
    let m = message(&app, "not saved");
    assert!(
        m.contains("the file is larger than the disk or a limit allows"),
        "{m}"
    );
    assert!(dirty(&app));
}

/// A real write cut short by the system (a 512-byte file size limit, as a
/// full disk would): the file on disk stays whole, no temporary is left.
#[cfg(unix)]
#[test]
fn a_write_cut_short_leaves_the_old_file_whole() {
    let s = Setup::new();
    let before = std::fs::read(&s.ann).expect("read");
    let exe = std::env::current_exe().expect("test binary");
    // Its output goes through pipes: the limit would cut a file short too.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1 && exec \"$0\" \"$@\"")
        .arg(exe)
        .args([
            "--exact",
            "child_saves_over_the_file_size_limit",
            "--nocapture",
        ])
        .env(CHILD, s.folder.parent().expect("parent"))
        .output()
        .expect("run the child");
    assert!(
        out.status.success(),
        "the child failed: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&s.ann).expect("read"), before);
    assert_eq!(names(&s.folder), ["vote.txt", "vote.txt.ann.ron"]);
}

/// Runs frames until the saves in flight have reached the disk.
fn wait_saved(h: &mut egui_kittest::Harness<'_, App>) {
    let start = Instant::now();
    h.run_steps(1);
    while h.state().is_saving() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
}

#[test]
fn the_window_says_why_keeps_the_work_and_asks_before_closing() {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    let mut s = Setup::new();
    let app = std::mem::replace(&mut s.app, App::new(Settings::default()));
    // Built with a span focused, whose label box has no accessible name
    // (the check runs on building; tests/ui.rs builds before opening).
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app);
    h.run_steps(2);
    tag(h.state_mut(), "Bob");
    s.fail_with(DISK_FULL);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_saved(&mut h);
    let said = format!("{}: not saved: the disk is full", s.ann.display());
    assert!(
        h.query_by_label_contains(&said).is_some(),
        "{:?}",
        h.state().messages()
    );
    assert!(dirty(h.state()));

    // The close button asks; the cause is gone by the time Save is pressed.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert!(h.query_by_label("Unsaved changes").is_some());
    s.fail_with(0);
    h.key_press(Key::Enter);
    wait_saved(&mut h);
    assert!(!dirty(h.state()));
    assert_eq!(spans_in(&s.ann), ["Alice", "Bob"]);
    assert!(
        h.query_by_label_contains(&said).is_none(),
        "the failure is over"
    );
    assert!(h.state_mut().workspace.request_close(), "the window closes");
}
