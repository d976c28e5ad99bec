use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use marginalia::app::App;
use marginalia::cli::{Cli, read_schema, run};
use marginalia::formats::Format;

const SAMPLE_NAME: &str = "harbour-bridge-vote.txt";
const SAMPLE_TEXT: &str = include_str!("../assets/samples/harbour-bridge-vote.txt");
const SAMPLE_ANN: &str = include_str!("../assets/samples/harbour-bridge-vote.txt.ann.ron");

/// Writes the bundled sample (and its annotations) to the data folder, once,
/// so that saving it never touches the program's own files.
fn sample_path() -> Result<PathBuf, String> {
    let dir = eframe::storage_dir("marginalia")
        .unwrap_or_else(std::env::temp_dir)
        .join("samples");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let article = dir.join(SAMPLE_NAME);
    let current = std::fs::read_to_string(&article).ok();
    if current.as_deref() != Some(SAMPLE_TEXT) {
        let ann = marginalia::project::annotation_path(&article, Format::Ron);
        for (path, text) in [(&article, SAMPLE_TEXT), (&ann, SAMPLE_ANN)] {
            marginalia::project::write_atomic(path, text.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(article)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(cmd) = &cli.command {
        return run(cmd);
    }
    let schema = match cli.schema.as_deref().map(read_schema).transpose() {
        Ok(schema) => schema,
        Err(e) => {
            eprintln!("marginalia: {e}");
            return ExitCode::FAILURE;
        }
    };
    let suggest_set = match cli.sources.load() {
        Ok(set) => set,
        Err(e) => {
            eprintln!("marginalia: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (path, welcome) = match &cli.file {
        Some(p) => (Some(p.clone()), false),
        None => match sample_path() {
            Ok(p) => (Some(p), true),
            Err(e) => {
                eprintln!("could not prepare the sample article: {e}");
                (None, true)
            }
        },
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_inner_size([1280.0, 820.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let result = eframe::run_native(
        "marginalia",
        options,
        Box::new(move |cc| {
            let mut app = App::from_creation_context(cc);
            if cli.json {
                app.overrides.format = Some(Format::Json);
            }
            app.overrides.annotator = cli.annotator;
            app.workspace.suggest_set = suggest_set;
            if let Some(schema) = schema {
                app.schema = schema;
            }
            if let Some(path) = path {
                app.open(&path);
            }
            app.help_open = welcome;
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marginalia: {e}");
            ExitCode::FAILURE
        }
    }
}
