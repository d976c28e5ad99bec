//! `marginalia.ron`: what makes a folder a project.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Schema;
use crate::project::write_atomic;

pub const PROJECT_FILE: &str = "marginalia.ron";
pub const FORMAT_NAME: &str = "marginalia-project";
pub const FORMAT_VERSION: u32 = 1;
/// The folder, under the project, that holds one folder per annotator.
pub const ANNOTATIONS_DIR: &str = "annotations";

/// The project file: name, label schema, settings and annotators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    pub format: String,
    pub format_version: u32,
    pub name: String,
    /// Labels for documents without annotations yet.
    #[serde(default)]
    pub schema: Schema,
    /// People annotating this project (folder names under `annotations/`).
    #[serde(default)]
    pub annotators: Vec<String>,
    #[serde(default)]
    pub settings: ProjectSettings,
    /// Hotkeys of the schema that clash with the app's keys, dropped on
    /// reading (a warning each). Not written.
    #[serde(skip)]
    pub dropped_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectSettings {
    /// Folders (relative to the project) that hold its articles; empty:
    /// the whole project folder.
    pub articles: Vec<String>,
}

impl ProjectFile {
    pub fn new(name: &str) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            format_version: FORMAT_VERSION,
            name: name.to_owned(),
            schema: Schema::default(),
            annotators: Vec::new(),
            settings: ProjectSettings::default(),
            dropped_keys: Vec::new(),
        }
    }

    /// Reads `DIR/marginalia.ron`; the error names the file and the place.
    pub fn read(dir: &Path) -> Result<Self, String> {
        let path = dir.join(PROJECT_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot read the project file ({e})", path.display()))?;
        let mut file: ProjectFile = ron::from_str(&text).map_err(|e| ron_error(&path, &e))?;
        if file.format != FORMAT_NAME {
            return Err(format!(
                "{}: not a Marginalia project file (format {:?})",
                path.display(),
                file.format
            ));
        }
        if file.format_version > FORMAT_VERSION {
            return Err(format!(
                "{}: made by a newer Marginalia (project format {}; this one reads {FORMAT_VERSION})",
                path.display(),
                file.format_version
            ));
        }
        // Keys the app took since the project was made are dropped, as an
        // annotation file's are; Project::open says so.
        file.dropped_keys = file
            .schema
            .drop_reserved_hotkeys()
            .into_iter()
            .map(|w| format!("{}: the schema: {w}", path.display()))
            .collect();
        file.schema
            .check()
            .map_err(|e| format!("{}: the schema: {e}", path.display()))?;
        Ok(file)
    }

    /// Pretty-printed, deterministic text, written atomically.
    pub fn write(&self, dir: &Path) -> Result<(), String> {
        let path = dir.join(PROJECT_FILE);
        let config = ron::ser::PrettyConfig::new().struct_names(false);
        let text = ron::ser::to_string_pretty(self, config).map_err(|e| e.to_string())?;
        write_atomic(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The labels a new project starts with: the default ones and
/// BOILERPLATE, so site junk in scraped articles (menus, cookie notices,
/// "Previous / Next") is suggested, to be accepted as junk and skipped.
pub fn project_schema() -> Schema {
    let mut schema = Schema::default();
    let mut junk = crate::model::Label::new(
        crate::suggest::boilerplate::LABEL,
        [120, 120, 120],
        Some('9'),
    );
    junk.description =
        "Site junk to skip: navigation, cookie notices, share and subscribe prompts".to_owned();
    schema.labels.push(junk);
    schema
}

/// True when `dir` holds a project file.
pub fn is_project(dir: &Path) -> bool {
    dir.join(PROJECT_FILE).is_file()
}

/// Makes `dir` a project: `marginalia.ron`, `annotations/`, and a
/// `.gitignore` that keeps autosave files out of git. Articles already in
/// the folder become the project's documents. Refuses a folder that is
/// already a project.
pub fn init(dir: &Path, name: Option<&str>, schema: Option<Schema>) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir.join(ANNOTATIONS_DIR))
        .map_err(|e| format!("{}: cannot make the folder ({e})", dir.display()))?;
    if is_project(dir) {
        return Err(format!(
            "{}: already a project ({PROJECT_FILE} exists)",
            dir.display()
        ));
    }
    let fallback = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_owned());
    let mut file = ProjectFile::new(name.unwrap_or(&fallback));
    file.schema = schema.unwrap_or_else(project_schema);
    file.write(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write_atomic(
            &ignore,
            b"# Marginalia autosave files\n*.ann.recovery.ron\n",
        )
        .map_err(|e| format!("{}: {e}", ignore.display()))?;
    }
    Ok(dir.join(PROJECT_FILE))
}

/// A RON parse error as `file:line:column: message`.
pub fn ron_error(path: &Path, e: &ron::error::SpannedError) -> String {
    format!(
        "{}:{}:{}: {}",
        path.display(),
        e.span.start.line,
        e.span.start.col,
        e.code
    )
}
