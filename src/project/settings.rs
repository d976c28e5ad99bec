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

    /// The same settings with out-of-range values (from an edited or old
    /// settings file) brought back into range.
    pub fn sanitized(mut self) -> Self {
        self.font_size_pt = if self.font_size_pt.is_finite() {
            self.font_size_pt.clamp(8.0, 48.0)
        } else {
            Self::default().font_size_pt
        };
        self
    }
}

/// Settings given on the command line: they apply to this run only and are
/// not written back into the saved settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub format: Option<Format>,
    pub annotator: Option<String>,
}
