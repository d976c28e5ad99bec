//! `marginalia eval`: the suggesters (or a prediction file) scored against
//! the dev sets by the rules of `../shared/eval/score.py`, which it agrees
//! with: the predictions are exactly the lines `suggest --jsonl` writes.

use std::path::{Path, PathBuf};

use crate::eval::{
    PredDoc, Report, figures, newsquant_texts, polnear_texts, quotes, read_predictions,
};
use crate::formats::jsonl::suggest_line;
use crate::model::Schema;
use crate::suggest::SuggestSet;

/// What `eval` was asked for.
#[derive(Debug, Clone)]
pub struct EvalArgs {
    pub polnear: PathBuf,
    pub newsquant: PathBuf,
    pub quotes_pred: Option<PathBuf>,
    pub figures_pred: Option<PathBuf>,
    pub json: Option<PathBuf>,
}

/// Runs the suggester on each input through the filter's own line
/// function, then reads the lines back as predictions.
fn predict(inputs: &[(String, String)], suggesters: &SuggestSet) -> Result<Vec<PredDoc>, String> {
    let schema = Schema::default();
    let mut jsonl = String::new();
    for (n, (id, text)) in inputs.iter().enumerate() {
        let line = serde_json::json!({"id": id, "text": text}).to_string();
        let out = suggest_line(&line, n + 1, suggesters, &schema).map_err(|(_, why)| why)?;
        jsonl.push_str(&out);
        jsonl.push('\n');
    }
    read_predictions(&jsonl, "built-in suggesters")
}

fn predictions(
    pred: Option<&Path>,
    inputs: impl FnOnce() -> Result<Vec<(String, String)>, String>,
    suggesters: &SuggestSet,
) -> Result<(Vec<PredDoc>, String), String> {
    match pred {
        Some(path) => {
            let src =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.display().to_string();
            Ok((read_predictions(&src, &name)?, name))
        }
        None => Ok((
            predict(&inputs()?, suggesters)?,
            "built-in suggesters".to_owned(),
        )),
    }
}

fn print(title: &str, gold: &Path, what: &str, report: &Report) {
    println!("== {title}: {what} against {}", gold.display());
    println!("{report}");
}

/// Scores both dev sets (or the ones given) and prints score.py's tables.
pub fn eval(args: &EvalArgs, suggesters: &SuggestSet) -> Result<(), Vec<String>> {
    let (polnear, newsquant) = (&args.polnear, &args.newsquant);
    let one = |e: String| vec![e];
    let mut json = serde_json::Map::new();
    let (preds, what) = predictions(
        args.quotes_pred.as_deref(),
        || polnear_texts(polnear),
        suggesters,
    )
    .map_err(one)?;
    let report = quotes::score(polnear, &preds).map_err(one)?;
    print("quotes (PolNeAR)", polnear, &what, &report);
    json.insert("quotes".into(), report.to_json());

    let (preds, what) = predictions(
        args.figures_pred.as_deref(),
        || newsquant_texts(newsquant),
        suggesters,
    )
    .map_err(one)?;
    let report = figures::score(newsquant, &preds).map_err(one)?;
    print("figures (NewsQuant)", newsquant, &what, &report);
    json.insert("figures".into(), report.to_json());

    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&json).map_err(|e| vec![e.to_string()])?;
        crate::project::write_atomic(path, text.as_bytes())
            .map_err(|e| vec![format!("{}: could not write: {e}", path.display())])?;
    }
    Ok(())
}
