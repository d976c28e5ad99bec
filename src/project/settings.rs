use serde::{Deserialize, Serialize};

use crate::formats::Format;

/// User settings that persist between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub annotator: String,
    pub dark_theme: bool,
    pub font_size_pt: f32,
    /// Format of new annotation files.
    pub format: Format,
    /// Snap selections to whole words before tagging.
    pub snapping: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            annotator: std::env::var("USER").unwrap_or_else(|_| "annotator".to_owned()),
            dark_theme: false,
            font_size_pt: 16.0,
            format: Format::Ron,
            snapping: true,
        }
    }
}

impl Settings {
    pub const STORAGE_KEY: &'static str = "marginalia-settings";
}
