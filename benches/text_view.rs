//! Frame time of the text view while scrolling, load time of article +
//! annotations, one edit with its frame, and the longest frame while a save
//! runs, on a generated 5 MB article with 50,000 spans (a quarter nested)
//! and 20,000 relations.
//!
//! Run: `cargo bench --bench text_view`

use std::path::{Path, PathBuf};

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, MouseWheelUnit, Pos2, RawInput, Rect, vec2};
use marginalia::editor::Editor;
use marginalia::formats::{AnnotationFile, Format};
use marginalia::model::{Command, Document, Schema, Session};
use marginalia::project::{annotation_path, open_article};
use marginalia::ui::Selection;
use marginalia::ui::text_view::{TextView, ViewInput};

const TARGET_BYTES: usize = 5_000_000;
const SPANS: usize = 50_000;
const RELATIONS: usize = 20_000;

/// A deterministic article: paragraphs of quoted sentences with names and figures.
fn generate() -> (String, Vec<(std::ops::Range<usize>, &'static str)>) {
    let names = [
        "Zoë Ibáñez",
        "Łukasz Wójcik",
        "Søren Halvorsen",
        "Мария Петрова",
        "Chen Wei (陈伟)",
    ];
    let verbs = ["said", "told reporters", "added", "argued", "warned"];
    let mut text = String::with_capacity(TARGET_BYTES + 1024);
    let mut sentences = Vec::new();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    while text.len() < TARGET_BYTES {
        for _ in 0..4 {
            let r = next();
            let q_start = text.len();
            let fig = format!("€{}.{} million", r % 900 + 10, r % 10);
            text.push_str("“The council’s plan will cost ");
            let f_start = text.len();
            text.push_str(&fig);
            let f_end = text.len();
            text.push_str(
                " over the next decade, and we have not seen the details — not one page,”",
            );
            let q_end = text.len();
            text.push(' ');
            text.push_str(verbs[(r >> 8) as usize % verbs.len()]);
            text.push(' ');
            let s_start = text.len();
            text.push_str(names[(r >> 16) as usize % names.len()]);
            let s_end = text.len();
            text.push_str(", who spoke after a long session in the harbour district. ");
            sentences.push((q_start..q_end, f_start..f_end, s_start..s_end));
        }
        text.push_str("\n\n");
    }
    // 37,500 top-level spans (QUOTE and SOURCE) and 12,500 FIGUREs nested in quotes.
    let annotated = SPANS * 3 / 8;
    let step = sentences.len() as f64 / annotated as f64;
    let mut spans = Vec::with_capacity(SPANS);
    for j in 0..annotated {
        let (q, f, s) = sentences[(j as f64 * step) as usize].clone();
        spans.push((q, "QUOTE"));
        spans.push((s, "SOURCE"));
        if j % 3 != 2 && spans.len() < SPANS {
            spans.push((f, "FIGURE"));
        }
    }
    while spans.len() < SPANS {
        let (_, f, _) = sentences[spans.len() % sentences.len()].clone();
        spans.push((f.start..f.start + 1, "FIGURE"));
    }
    (text, spans)
}

fn session(
    text: String,
    spans: &[(std::ops::Range<usize>, &str)],
    path: Option<PathBuf>,
) -> Session {
    let doc = Document::new(text, "bench".into(), path);
    let mut session = Session::empty(doc, Schema::default());
    let mut ids = Vec::with_capacity(spans.len());
    for (range, label) in spans {
        let cmd = session.add_span_command(range.clone(), label);
        let Command::AddSpan(span) = &cmd else {
            unreachable!()
        };
        ids.push((span.id, *label));
        session.execute(cmd).expect("span fits");
    }
    // Each QUOTE is said_by the SOURCE after it; then FIGUREs are
    // attributed_to the SOURCE before them, up to 20k links in all.
    let mut links = 0;
    for (kind, from_label, ahead) in [
        ("said_by", "QUOTE", true),
        ("attributed_to", "FIGURE", false),
    ] {
        for (i, (id, label)) in ids.iter().enumerate() {
            if *label != from_label || links == RELATIONS {
                continue;
            }
            let source = if ahead {
                ids[i..].iter().find(|(_, l)| *l == "SOURCE")
            } else {
                ids[..i].iter().rev().find(|(_, l)| *l == "SOURCE")
            };
            if let Some((to, _)) = source {
                let cmd = session.add_relation_command(kind, *id, *to);
                session.execute(cmd).expect("link fits");
                links += 1;
            }
        }
    }
    session
}

fn write_files(dir: &Path) -> PathBuf {
    let (text, spans) = generate();
    let article = dir.join("big.txt");
    std::fs::write(&article, &text).expect("write article");
    let session = session(text, &spans, Some(article.clone()));
    let file = AnnotationFile::from_session(&session, "big.txt", "bench", "");
    let ron = file.to_text(Format::Ron).expect("ron");
    std::fs::write(annotation_path(&article, Format::Ron), ron).expect("write annotations");
    article
}

/// Drives the text view alone in a headless egui context, like a window
/// 1280×800 points with the pointer over the text.
struct Scroller {
    ctx: egui::Context,
    view: TextView,
    editor: Editor,
    down: bool,
    last: f32,
}

impl Scroller {
    fn new(session: Session) -> Self {
        let mut s = Self {
            ctx: egui::Context::default(),
            view: TextView::default(),
            editor: Editor::new(session),
            down: true,
            last: 0.0,
        };
        for _ in 0..3 {
            s.frame(0.0);
        }
        s
    }

    /// One frame with a wheel step of `dy` points (0: none).
    fn frame(&mut self, dy: f32) -> Vec<egui::ClippedPrimitive> {
        let mut events = vec![Event::PointerMoved(Pos2::new(600.0, 400.0))];
        if dy != 0.0 {
            events.push(Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, dy),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            });
        }
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            events,
            ..Default::default()
        };
        let (view, editor) = (&mut self.view, &self.editor);
        let output = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let input = ViewInput {
                    editor,
                    reveal: None,
                    font_size_pt: 16.0,
                    snapping: true,
                    compare: false,
                };
                view.ui(ui, &input);
            });
        });
        self.ctx.tessellate(output.shapes, output.pixels_per_point)
    }

    /// Scrolls down by `step` a frame; at the end of the text turns round.
    /// egui drops galleys not used in a frame, so every newly visible
    /// paragraph is laid out again, as in real use.
    fn scroll(&mut self, step: f32) -> Vec<egui::ClippedPrimitive> {
        let out = self.frame(if self.down { -step } else { step });
        let now = self.view.scroll_offset();
        if (now - self.last).abs() < 1.0 {
            self.down = !self.down;
        }
        self.last = now;
        out
    }
}

fn frame(c: &mut Criterion) {
    let (text, spans) = generate();
    let nested = spans.iter().filter(|(_, l)| *l == "FIGURE").count();
    let mut scroller = Scroller::new(session(text.clone(), &spans, None));
    eprintln!(
        "article: {} bytes, {} spans, {} nested, {} relations",
        text.len(),
        spans.len(),
        nested,
        scroller.editor.session().annotations().relations().len()
    );
    let before = scroller.view.scroll_offset();
    for _ in 0..20 {
        scroller.frame(-60.0);
    }
    assert!(
        scroller.view.scroll_offset() > before + 100.0,
        "the wheel must scroll the text"
    );
    for (name, step) in [("wheel_60px", 60.0), ("page_800px", 800.0)] {
        c.bench_function(
            &format!("text_view_frame_scrolling_{name}_5MB_50k_spans"),
            |b| b.iter(|| scroller.scroll(step)),
        );
    }
    // The same article as one 5 MB line (no line breaks at all), as scraped
    // text sometimes comes: the view cuts it into blocks, so frames stay cheap.
    let mut one_line = Scroller::new(session(text.replace('\n', " "), &spans, None));
    c.bench_function("text_view_frame_scrolling_wheel_60px_one_5MB_line", |b| {
        b.iter(|| one_line.scroll(60.0))
    });
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    // MARGINALIA_BENCH_DIR keeps the generated files, for profiling.
    let keep = std::env::var_os("MARGINALIA_BENCH_DIR").map(PathBuf::from);
    let article = write_files(keep.as_deref().unwrap_or(dir.path()));
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("open_5MB_article_with_50k_spans", |b| {
        b.iter(|| {
            let opened = open_article(&article, Format::Ron).expect("open");
            assert_eq!(opened.session.annotations().len(), SPANS);
            assert_eq!(opened.session.annotations().relations().len(), RELATIONS);
            assert!(opened.messages.is_empty());
            opened.session.annotations().index().len()
        })
    });
    let ann_path = annotation_path(&article, Format::Ron);
    group.bench_function("part_read_article_5MB", |b| {
        b.iter(|| {
            marginalia::intake::read_article(&article)
                .expect("read")
                .text
                .len()
        })
    });
    group.bench_function("part_parse_ron_50k_spans", |b| {
        let text = std::fs::read_to_string(&ann_path).expect("read");
        b.iter(|| {
            AnnotationFile::parse(&text, Format::Ron, &ann_path)
                .expect("parse")
                .spans
                .len()
        })
    });
    group.finish();
}

/// The whole window (text, span panel, bars) on the big article: an idle
/// frame, and an edit (tag, then undo) with the frame after each.
fn app_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = write_files(dir.path());
    let mut app = marginalia::app::App::new(marginalia::project::Settings::default());
    app.open(&article);
    assert!(app.messages().is_empty(), "{:?}", app.messages());
    let ctx = egui::Context::default();
    let run = |app: &mut marginalia::app::App| common::app_frame(&ctx, app);
    for _ in 0..3 {
        run(&mut app);
    }
    c.bench_function("app_frame_idle_5MB_50k_spans", |b| b.iter(|| run(&mut app)));
    let spans = app.session().map_or(0, |s| s.annotations().len());
    use marginalia::ui::Action;
    // The edit both benches make: bytes 4..20 tagged FIGURE.
    let tag_figure = |app: &mut marginalia::app::App| {
        let exact = Selection {
            anchor: 4,
            caret: 20,
            exact: true,
        };
        app.apply(Action::SetSelection(exact));
        app.apply(Action::Tag("FIGURE".into()));
    };
    // One edit (a tag) and the frame that shows it; the undo that follows
    // (and its frame) is not timed.
    c.bench_function("app_one_edit_and_its_frame_5MB_50k_spans", |b| {
        b.iter_custom(|iters| {
            let mut timed = std::time::Duration::ZERO;
            for _ in 0..iters {
                let start = std::time::Instant::now();
                tag_figure(&mut app);
                run(&mut app);
                timed += start.elapsed();
                app.apply(Action::Undo);
                run(&mut app);
            }
            timed
        })
    });
    assert_eq!(app.session().map_or(0, |s| s.annotations().len()), spans);
    // Saving 50k spans runs on the disk worker: the longest frame drawn
    // between Ctrl+S and the save's end is what the user feels.
    let mut group = c.benchmark_group("save");
    group.sample_size(10);
    group.bench_function("longest_frame_while_saving_5MB_50k_spans", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                tag_figure(&mut app);
                run(&mut app);
                let mut longest = std::time::Duration::ZERO;
                let start = std::time::Instant::now();
                app.apply(Action::Save);
                run(&mut app);
                longest = longest.max(start.elapsed());
                while app.is_saving() {
                    let t = std::time::Instant::now();
                    run(&mut app);
                    longest = longest.max(t.elapsed());
                }
                assert!(app.session().is_some_and(|s| !s.is_dirty()));
                total += longest;
                app.apply(Action::Undo);
                run(&mut app);
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, frame, load, app_frame);
criterion_main!(benches);
