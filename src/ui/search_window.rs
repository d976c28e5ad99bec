//! Search across the project (Ctrl+Shift+F): text or span queries, hits
//! with their keyword in context. Enter searches, ↑ ↓ choose a hit, Enter
//! again opens it, Esc closes.

use egui::text::LayoutJob;
use egui::{Color32, FontId, Key, Modifiers, TextFormat};

use super::Action;
use crate::project::corpus::ProjectState;
use crate::project::corpus::search::Hit;

/// Hits shown at most; the count says when there were more.
const LIMIT: usize = 1000;

#[derive(Default)]
pub struct SearchWindow {
    pub open: bool,
    pub query: String,
    pub regex: bool,
    hits: Vec<Hit>,
    error: Option<String>,
    selected: usize,
    /// The query and regex setting the hits are for.
    searched: Option<(String, bool)>,
    focus: bool,
    took_ms: f64,
    /// The project the hits are for; another project clears them.
    for_root: Option<std::path::PathBuf>,
}

impl SearchWindow {
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus = self.open;
    }

    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Runs the query now (Enter does this in the window).
    pub fn run(&mut self, state: &ProjectState) {
        let start = std::time::Instant::now();
        match state.search(&self.query, self.regex, LIMIT) {
            Ok(hits) => {
                self.hits = hits;
                self.error = None;
            }
            Err(e) => {
                self.hits.clear();
                self.error = Some(e);
            }
        }
        self.took_ms = start.elapsed().as_secs_f64() * 1000.0;
        self.selected = 0;
        self.searched = Some((self.query.clone(), self.regex));
    }

    pub fn ui(&mut self, ctx: &egui::Context, state: &ProjectState) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.for_root.as_deref() != Some(state.project.root.as_path()) {
            self.for_root = Some(state.project.root.clone());
            self.hits.clear();
            self.searched = None;
            self.error = None;
            self.selected = 0;
        }
        if !self.open {
            return actions;
        }
        let (down, up, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if escape {
            self.open = false;
            return actions;
        }
        if down && self.selected + 1 < self.hits.len() {
            self.selected += 1;
        }
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        let mut open = self.open;
        egui::Window::new("Search the project")
            .open(&mut open)
            .default_width(520.0)
            .default_height(420.0)
            .anchor(egui::Align2::RIGHT_TOP, [-12.0, 48.0])
            .show(ctx, |ui| self.window_ui(ui, state, &mut actions));
        self.open &= open;
        actions
    }

    fn window_ui(&mut self, ui: &mut egui::Ui, state: &ProjectState, actions: &mut Vec<Action>) {
        let mut go = false;
        ui.horizontal(|ui| {
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .id_salt("search-query")
                    .hint_text("words, or label:QUOTE prison, source:Name")
                    .desired_width(320.0),
            );
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                go = true;
                field.request_focus();
            }
            ui.checkbox(&mut self.regex, "regex");
            go |= ui.button("Search").clicked();
        });
        if go {
            if self.searched.as_ref() == Some(&(self.query.clone(), self.regex)) {
                if let Some(hit) = self.hits.get(self.selected) {
                    actions.push(Action::JumpTo {
                        doc: hit.doc,
                        range: hit.range.clone(),
                    });
                }
            } else {
                self.run(state);
            }
        }
        ui.weak("Enter searches · ↑ ↓ choose · Enter again opens the hit · Esc closes");
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if self.searched.is_some() {
            let docs = {
                let mut d: Vec<usize> = self.hits.iter().map(|h| h.doc).collect();
                d.dedup();
                d.len()
            };
            let more = if self.hits.len() >= LIMIT { "+" } else { "" };
            ui.label(format!(
                "{}{more} hits in {docs} documents ({:.0} ms)",
                self.hits.len(),
                self.took_ms
            ));
            let loaded = state.texts.len();
            if loaded < state.project.docs.len() {
                ui.weak("Article texts are still loading: text search covers those loaded.");
            }
        }
        ui.separator();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.4;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, self.hits.len(), |ui, rows| {
                for k in rows {
                    let hit = &self.hits[k];
                    let Some(doc) = state.project.docs.get(hit.doc) else {
                        continue;
                    };
                    let name = &doc.name;
                    let job = context_job(ui, hit);
                    let chosen = k == self.selected;
                    let row = ui.vertical(|ui| {
                        ui.weak(match &hit.label {
                            Some(l) => format!("{name} · {l}"),
                            None => name.clone(),
                        });
                        ui.selectable_label(chosen, job)
                    });
                    if chosen && (self.hits.len() > 1) {
                        row.inner.scroll_to_me(None);
                    }
                    if row.inner.clicked() {
                        self.selected = k;
                        actions.push(Action::JumpTo {
                            doc: hit.doc,
                            range: hit.range.clone(),
                        });
                    }
                }
            });
    }
}

/// `before` **match** `after`, on one line.
fn context_job(ui: &egui::Ui, hit: &Hit) -> LayoutJob {
    let font = FontId::proportional(ui.text_style_height(&egui::TextStyle::Body) * 0.9);
    let plain = TextFormat::simple(font.clone(), ui.visuals().text_color());
    let strong = TextFormat {
        background: Color32::from_rgba_unmultiplied(255, 200, 0, 90),
        ..TextFormat::simple(font, ui.visuals().strong_text_color())
    };
    let mut job = LayoutJob::default();
    job.append(&format!("…{}", hit.before), 0.0, plain.clone());
    job.append(&hit.matched, 0.0, strong);
    job.append(&format!("{}…", hit.after), 0.0, plain);
    job.wrap.max_rows = 1;
    job
}
