//! The status bar: file, encoding, size, spans, annotator, unsaved marker.

/// What the status bar shows.
pub struct Status<'a> {
    pub file: &'a str,
    pub encoding: &'a str,
    pub chars: usize,
    pub spans: usize,
    pub annotator: &'a str,
    pub dirty: bool,
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
        ui.label(format!("{} spans", s.spans));
        ui.separator();
        ui.label(format!("annotator: {}", s.annotator));
        ui.separator();
        if s.read_only {
            ui.colored_label(ui.visuals().warn_fg_color, "read-only");
        } else if s.dirty {
            ui.colored_label(ui.visuals().warn_fg_color, "• unsaved");
        } else {
            ui.label("saved");
        }
        if !s.hint.is_empty() {
            ui.separator();
            ui.weak(s.hint);
        }
    });
}
