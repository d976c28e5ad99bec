//! The status bar: file, encoding, size, spans, links, annotator, save state, mode hint.

/// What the status bar shows.
pub struct Status<'a> {
    pub file: &'a str,
    pub encoding: &'a str,
    pub chars: usize,
    pub spans: usize,
    pub relations: usize,
    pub annotator: &'a str,
    pub dirty: bool,
    /// A save is being written.
    pub saving: bool,
    /// Suggesters are running.
    pub suggesting: bool,
    pub read_only: bool,
    pub hint: &'a str,
}

pub fn status_bar_ui(ui: &mut egui::Ui, s: &Status<'_>) {
    ui.horizontal(|ui| {
        ui.label(s.file);
        ui.separator();
        ui.label(s.encoding);
        ui.separator();
        ui.label(format!("{} characters", s.chars));
        ui.separator();
        ui.label(format!("{} spans, {} links", s.spans, s.relations));
        ui.separator();
        ui.label(format!("annotator: {}", s.annotator));
        ui.separator();
        if s.read_only {
            ui.colored_label(ui.visuals().warn_fg_color, "read-only");
        } else if s.saving {
            ui.colored_label(ui.visuals().warn_fg_color, "saving…");
        } else if s.dirty {
            ui.colored_label(ui.visuals().warn_fg_color, "• unsaved");
        } else {
            ui.label("saved");
        }
        if s.suggesting {
            ui.separator();
            ui.spinner();
            ui.label("suggesting… (Esc stops)");
        }
        if !s.hint.is_empty() {
            ui.separator();
            ui.strong(s.hint);
        }
    });
}
