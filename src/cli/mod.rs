//! Command line: `marginalia [FILE]` opens the window; `validate` and
//! `convert` work headless on annotation files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod dataset;
mod eval;
mod extract;
mod realign;
mod suggest;

use crate::formats::{AnnotationFile, Format};
use crate::model::{Session, Severity, problems};
use crate::project::{store::read_annotation_file, write_atomic};

#[derive(Debug, Parser)]
#[command(
    name = "marginalia",
    version,
    about = "Annotate news articles: quotes, sources, figures"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// Article to open (.txt, .md, .html, optionally .gz). Without one, a bundled sample opens.
    pub file: Option<PathBuf>,
    /// Write new annotation files as .ann.json instead of .ann.ron.
    #[arg(long)]
    pub json: bool,
    /// Annotator name written into saved files.
    #[arg(long)]
    pub annotator: Option<String>,
    /// Label schema (RON) for articles without annotations yet, e.g.
    /// `(labels: [(name: "CLAIM", color: (120, 60, 200), hotkey: Some('4'))])`.
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// What F5 suggests with, besides the built-in rules and the memory.
    #[command(flatten)]
    pub sources: SuggestSources,
}

/// `init`: makes a folder a project and says what it holds.
fn init(dir: &Path, name: Option<&Path>, schema: Option<&Path>) -> Result<(), Vec<String>> {
    let schema = schema.map(read_schema).transpose().map_err(|e| vec![e])?;
    let name = name.map(|n| n.to_string_lossy().into_owned());
    let file = crate::project::corpus::init(dir, name.as_deref(), schema).map_err(|e| vec![e])?;
    let project = crate::project::corpus::Project::open(dir).map_err(|e| vec![e])?;
    for w in &project.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "{}: project {:?} with {} documents",
        file.display(),
        project.file.name,
        project.docs.len()
    );
    Ok(())
}

/// Reads a label schema file; the error names the file.
pub fn read_schema(path: &Path) -> Result<crate::model::Schema, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (schema, warnings) =
        crate::model::Schema::from_ron(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for w in warnings {
        eprintln!("{}: warning: {w}", path.display());
    }
    Ok(schema)
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Check an annotation file against its article (offsets, texts, hash) and
    /// its schema (relation ends, labels, attribute types). Quotes without a
    /// source are reported as warnings and do not fail the check.
    Validate { annotation_file: PathBuf },
    /// Convert between .ann.ron and .ann.json (by the output's extension).
    Convert { input: PathBuf, output: PathBuf },
    /// Suggest QUOTE, SOURCE, said_by and FIGURE with the built-in rules.
    /// With FILEs: adds them as pending spans to each article's annotation
    /// file (beside it, or in --out). With --jsonl: a filter from stdin to
    /// stdout, one JSON line out per line in, offsets in code points.
    Suggest {
        files: Vec<PathBuf>,
        /// Read JSONL {"id", "text"} lines on stdin, write suggestions on stdout.
        #[arg(long)]
        jsonl: bool,
        /// Folder for the annotation files (default: beside each article).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads for --jsonl; the output keeps the input's order.
        #[arg(long, default_value_t = 1)]
        threads: usize,
        #[command(flatten)]
        sources: SuggestSources,
    },
    /// Make DIR a project: marginalia.ron (name, schema, annotators),
    /// annotations/ (one folder per annotator), and a .gitignore for
    /// autosave files. Articles already in DIR become its documents.
    Init {
        dir: PathBuf,
        /// Project name (default: the folder's name).
        #[arg(long)]
        name: Option<PathBuf>,
        /// Label schema (RON) for the project's documents.
        #[arg(long)]
        schema: Option<PathBuf>,
    },
    /// Extract the article text of HTML pages (.html, .htm, optionally .gz)
    /// into --out, one <name>.txt per page: title, blank line, paragraphs.
    Extract {
        files: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Export annotation files (or folders of them) to a dataset. FORMAT:
    /// marginalia, spacy, conll, hf, brat, label-studio, doccano or csv.
    /// Offsets on disk count code points (doccano: UTF-16 units). A
    /// single-file format writes --out as that file (side files beside it:
    /// hf's <stem>.labels.json, label-studio's <stem>.config.xml); brat
    /// writes --out as a folder.
    Export {
        #[arg(long, default_value = "marginalia")]
        format: String,
        /// Statuses that go out, e.g. "accepted,pending" (default: accepted).
        #[arg(long, default_value = "accepted")]
        status: String,
        /// Only these labels, e.g. "QUOTE,SOURCE" (default: all).
        #[arg(long)]
        labels: Option<String>,
        /// Train/dev/test ratios by document, e.g. 0.8,0.1,0.1: writes
        /// <stem>.train.<ext>, .dev, .test (brat: train/, dev/, test/).
        #[arg(long)]
        split: Option<String>,
        /// Seed of the split's shuffle (the same seed gives the same split).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// CoNLL and hf: which nested spans stay: outermost, innermost, or
        /// per-label (CoNLL: one file per label, <stem>.<LABEL>.conll).
        #[arg(long, default_value = "outermost")]
        nested: String,
        /// From a project: whose annotations — an annotator's name,
        /// `curated` (the curated file, else the one annotator's), or `all`
        /// (every annotator's, ids `<id>@<name>`); each document carries
        /// `annotator` in its meta.
        #[arg(long)]
        annotator: Option<String>,
        #[arg(long)]
        out: PathBuf,
        inputs: Vec<PathBuf>,
    },
    /// How far a project's annotators agree: per label, pairwise span F1
    /// (exact and overlap, one-to-one matching by largest overlap),
    /// Krippendorff's α_u over code points, spans per annotator; the same
    /// per document; attribute κ / α of matched spans; link F1.
    Agreement {
        project: PathBuf,
        /// Only this label.
        #[arg(long)]
        label: Option<String>,
        /// One JSON object on stdout (layout in the README).
        #[arg(long)]
        json: bool,
    },
    /// Import a dataset (a file; brat: a folder): an article and its
    /// annotation file per document, in --out. Spans that do not fit
    /// their text are reported and left out. `--format polnear` reads a
    /// PolNeAR folder (text/, attributions/<article>_<annotator>.ann) into
    /// the project --out, one annotation file per annotator.
    Import {
        #[arg(long, default_value = "marginalia")]
        format: String,
        input: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// conll and hf: the documents' texts to put the tokens back on (a
        /// Marginalia JSONL file, or a folder of <id>.txt); without it the
        /// text is the tokens joined by spaces.
        #[arg(long)]
        texts: Option<PathBuf>,
        /// Schema (RON) that types attribute values and colours labels.
        #[arg(long)]
        schema: Option<PathBuf>,
    },
    /// Realign an annotation file to an edited article: spans found again
    /// move, spans whose text changed are marked for review, spans not
    /// found stay in the file's `orphans` list. Writes OUT; exits 0 when
    /// it did, even with orphans.
    Realign {
        annotations: PathBuf,
        /// The article as it is now.
        #[arg(long)]
        article: PathBuf,
        /// Where to write the realigned annotation file (.ann.ron or .ann.json).
        #[arg(long)]
        out: PathBuf,
        /// Print {"moved": [ids], "changed": [ids], "orphaned": [ids]} on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Score the built-in suggesters (or prediction files) on the dev sets
    /// by the rules of ../shared/eval/score.py: exact, overlap and token
    /// P/R/F1 per label, direct quotes apart, attribution, FIGURE values.
    Eval {
        /// PolNeAR folder (text/, attributions/ in brat): Content → QUOTE, Source → SOURCE.
        #[arg(long, default_value = "../shared/corpus/polnear-dev")]
        polnear: PathBuf,
        /// NewsQuant JSON: FIGURE values.
        #[arg(long, default_value = "../shared/corpus/newsquant-dev.json")]
        newsquant: PathBuf,
        /// Score this JSONL (as `suggest --jsonl` writes it) on PolNeAR instead.
        #[arg(long)]
        quotes_pred: Option<PathBuf>,
        /// Score this JSONL on NewsQuant instead.
        #[arg(long)]
        figures_pred: Option<PathBuf>,
        /// Also write the results as JSON.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

/// Where suggestions come from besides the built-in rules.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SuggestSources {
    /// spaCy patterns JSONL (phrase and token patterns); may be repeated.
    #[arg(long = "patterns", value_name = "FILE")]
    pub patterns: Vec<PathBuf>,
    /// Pre-annotations to merge as pending suggestions under their model's
    /// name: JSONL {id or text, spans: [{start, end, label, score?}]} in code
    /// points, or a Label Studio export with predictions; may be repeated.
    #[arg(long = "prelabels", value_name = "FILE")]
    pub prelabels: Vec<PathBuf>,
    /// Leave out the built-in rules (only patterns and pre-annotations).
    #[arg(long)]
    pub no_builtin: bool,
}

impl SuggestSources {
    /// Reads the files; the error names the file and line.
    pub fn load(&self) -> Result<crate::suggest::SuggestSet, String> {
        let read =
            |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        let mut set = crate::suggest::SuggestSet {
            builtin: !self.no_builtin,
            ..Default::default()
        };
        for path in &self.patterns {
            let patterns = crate::suggest::patterns::Patterns::from_jsonl(
                &read(path)?,
                &path.display().to_string(),
            )?;
            set.extra.push(std::sync::Arc::new(patterns));
        }
        let mut imported = Vec::new();
        for path in &self.prelabels {
            imported.extend(crate::formats::prelabels::read(
                &read(path)?,
                &path.display().to_string(),
            )?);
        }
        set.imported = std::sync::Arc::new(imported);
        Ok(set)
    }
}

/// Runs a headless subcommand; the exit code says whether it succeeded.
pub fn run(cmd: &Cmd) -> ExitCode {
    let result = match cmd {
        Cmd::Validate { annotation_file } => validate(annotation_file),
        Cmd::Realign {
            annotations,
            article,
            out,
            json,
        } => realign::realign(annotations, article, out, *json),
        Cmd::Convert { input, output } => convert(input, output),
        Cmd::Init { dir, name, schema } => init(dir, name.as_deref(), schema.as_deref()),
        Cmd::Extract { files, out } => extract::extract(files, out),
        Cmd::Export {
            format,
            status,
            labels,
            split,
            seed,
            nested,
            annotator,
            out,
            inputs,
        } => dataset::parse_statuses(status)
            .map_err(|e| vec![e])
            .and_then(|statuses| {
                let filter = crate::formats::dataset::Filter {
                    statuses,
                    labels: labels
                        .as_ref()
                        .map(|l| l.split(',').map(|x| x.trim().to_owned()).collect()),
                };
                let split = split.as_deref().map(|r| (r, *seed));
                dataset::export(
                    format,
                    inputs,
                    out,
                    filter,
                    nested,
                    split,
                    annotator.as_deref(),
                )
            }),
        Cmd::Agreement {
            project,
            label,
            json,
        } => agreement(project, label.as_deref(), *json),
        Cmd::Import {
            format, input, out, ..
        } if format == "polnear" => crate::project::corpus::import_polnear::import(input, out)
            .map(|done| println!("{}: {}", out.display(), done.line()))
            .map_err(|e| vec![e]),
        Cmd::Import {
            format,
            input,
            out,
            texts,
            schema,
        } => schema
            .as_deref()
            .map(read_schema)
            .transpose()
            .map_err(|e| vec![e])
            .and_then(|s| {
                dataset::import(format, input, out, texts.as_deref(), s.unwrap_or_default())
            }),
        Cmd::Eval {
            polnear,
            newsquant,
            quotes_pred,
            figures_pred,
            json,
        } => eval::eval(
            &eval::EvalArgs {
                polnear: polnear.clone(),
                newsquant: newsquant.clone(),
                quotes_pred: quotes_pred.clone(),
                figures_pred: figures_pred.clone(),
                json: json.clone(),
            },
            &crate::suggest::SuggestSet::default(),
        ),
        Cmd::Suggest {
            files,
            jsonl,
            out,
            threads,
            sources,
        } => match sources.load() {
            Err(e) => Err(vec![e]),
            Ok(set) if *jsonl => suggest::suggest_stream(*threads, &set),
            Ok(set) => suggest::suggest_files(files, out.as_deref(), &set),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::FAILURE
        }
    }
}

/// `agreement`: the figures as text, or as one JSON object.
fn agreement(dir: &Path, label: Option<&str>, json: bool) -> Result<(), Vec<String>> {
    let project = crate::project::corpus::Project::open(dir).map_err(|e| vec![e])?;
    let progress = crate::project::dataset::Progress::default();
    let (report, warnings) = crate::project::corpus::agreement::report(&project, label, &progress);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| vec![e.to_string()])?;
        println!("{text}");
    } else {
        print!("{}", report.text());
    }
    Ok(())
}

fn load(path: &Path) -> Result<AnnotationFile, Vec<String>> {
    match read_annotation_file(path) {
        Ok(Some(file)) => Ok(file),
        Ok(None) => Err(vec![format!("{}: no such file", path.display())]),
        Err(e) => Err(vec![e.to_string()]),
    }
}

/// Checks `path` against the article it names; every problem is one line.
pub fn validate(path: &Path) -> Result<(), Vec<String>> {
    let file = load(path)?;
    let doc = crate::project::store::article_document(&file, path).map_err(|e| vec![e])?;
    let loaded = file.place_on(&doc);
    let name = path.display();
    let mut lines: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| format!("{name}: {p}"))
        .collect();
    lines.extend(file.warnings.iter().map(|w| format!("warning: {w}")));
    let mut other = path.to_path_buf();
    let twin = match Format::of_path(path) {
        Format::Ron => "json",
        Format::Json => "ron",
    };
    other.set_extension(twin);
    if other.exists() {
        lines.push(format!(
            "warning: {} also exists for the same article; the app opens one of them and says so",
            other.display()
        ));
    }
    let session = Session::new(doc.clone(), loaded.schema, loaded.annotations);
    let mut errors = !loaded.problems.is_empty();
    match &session {
        Ok(session) => {
            for p in problems(session.schema(), session.annotations(), &doc.text) {
                let (kind, fails) = match p.severity {
                    Severity::Error => ("", true),
                    Severity::Warning => ("warning: ", false),
                };
                errors |= fails;
                lines.push(format!("{name}: {kind}{}", p.message));
            }
        }
        Err(e) => {
            errors = true;
            lines.push(format!("{name}: {e}"));
        }
    }
    if !file.orphans.is_empty() {
        lines.push(format!(
            "warning: {} orphans (spans whose text was not found after the article changed) \
             wait to be placed or deleted; exports leave them out",
            file.orphans.len()
        ));
    }
    let changed = file
        .spans
        .iter()
        .filter(|s| s.changed_from.is_some())
        .count();
    if changed > 0 {
        lines.push(format!(
            "warning: {changed} realigned spans wait for review (their text changed)"
        ));
    }
    if errors {
        return Err(lines);
    }
    for line in &lines {
        eprintln!("{line}");
    }
    println!(
        "{name}: ok: {} spans, {} relations match {} and its schema",
        file.spans.len(),
        file.relations.len(),
        file.article
    );
    Ok(())
}

fn convert(input: &Path, output: &Path) -> Result<(), Vec<String>> {
    let file = load(input)?;
    let text = file.to_text(Format::of_path(output)).map_err(|e| vec![e])?;
    write_atomic(output, text.as_bytes())
        .map_err(|e| vec![format!("{}: could not write: {e}", output.display())])?;
    println!(
        "{} → {}: {} spans",
        input.display(),
        output.display(),
        file.spans.len()
    );
    Ok(())
}
