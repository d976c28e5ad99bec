//! What the benchmarks share: one frame of the whole window, headless.

use egui::{Pos2, RawInput, Rect, vec2};
use marginalia::app::App;

/// Runs and tessellates one 1280×800 frame of the app.
pub fn app_frame(ctx: &egui::Context, app: &mut App) -> Vec<egui::ClippedPrimitive> {
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.frame_ui(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point)
}
