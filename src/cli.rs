//! Command line: `marginalia [FILE]` opens the window; `validate` and
//! `convert` work headless on annotation files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::formats::{AnnotationFile, Format};
use crate::model::{Document, Session, Severity, problems};
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
    /// Article to open (.txt, .md, optionally .gz). Without one, a bundled sample opens.
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
    },
}

/// Runs a headless subcommand; the exit code says whether it succeeded.
pub fn run(cmd: &Cmd) -> ExitCode {
    let result = match cmd {
        Cmd::Validate { annotation_file } => validate(annotation_file),
        Cmd::Convert { input, output } => convert(input, output),
        Cmd::Suggest {
            files,
            jsonl,
            out,
            threads,
        } => {
            if *jsonl {
                suggest_stream(*threads)
            } else {
                suggest_files(files, out.as_deref())
            }
        }
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
    let article = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(&file.article);
    let text = crate::intake::read_article(&article).map_err(|e| vec![e.to_string()])?;
    let doc = Document::new(text.text, text.title, Some(article));
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

/// Lines read and handled at a time by the filter: memory stays bounded
/// whatever the input size.
const BATCH_LINES: usize = 512;

/// `suggest --jsonl`: stdin to stdout, in order, `threads` at a time.
fn suggest_stream(threads: usize) -> Result<(), Vec<String>> {
    use crate::formats::jsonl::suggest_line;
    use crate::suggest::BuiltIn;
    use std::io::{BufRead, Write};
    let schema = crate::model::Schema::default();
    let threads = threads.max(1);
    let mut input = std::io::stdin().lock();
    let mut output = std::io::BufWriter::new(std::io::stdout().lock());
    let io_error = |e: std::io::Error| vec![format!("suggest: {e}")];
    let mut number = 0;
    let mut bad = 0usize;
    loop {
        let mut batch: Vec<(usize, Result<String, String>)> = Vec::with_capacity(BATCH_LINES);
        let mut buf = Vec::new();
        while batch.len() < BATCH_LINES {
            buf.clear();
            if input.read_until(b'\n', &mut buf).map_err(io_error)? == 0 {
                break;
            }
            number += 1;
            let line = String::from_utf8(std::mem::take(&mut buf))
                .map(|l| l.trim_end_matches(['\n', '\r']).to_owned())
                .map_err(|e| format!("not UTF-8: {e}"));
            batch.push((number, line));
        }
        if batch.is_empty() {
            break;
        }
        let run =
            |part: &[(usize, Result<String, String>)]| -> Vec<Result<String, (String, String)>> {
                part.iter()
                    .map(|(n, line)| match line {
                        Ok(line) => suggest_line(line, *n, &BuiltIn, &schema),
                        Err(why) => Err((
                            serde_json::json!({"line": n, "error": why}).to_string(),
                            format!("line {n}: {why}"),
                        )),
                    })
                    .collect()
            };
        let results: Vec<_> = if threads == 1 {
            run(&batch)
        } else {
            let size = batch.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let handles: Vec<_> = batch
                    .chunks(size)
                    .map(|c| (c, scope.spawn(move || run(c))))
                    .collect();
                // A worker that died still answers each of its lines, in place.
                handles
                    .into_iter()
                    .flat_map(|(chunk, h)| {
                        h.join().unwrap_or_else(|_| {
                            chunk
                                .iter()
                                .map(|(n, _)| {
                                    let why = "the suggester failed on this line";
                                    Err((
                                        serde_json::json!({"line": n, "error": why}).to_string(),
                                        format!("line {n}: {why}"),
                                    ))
                                })
                                .collect()
                        })
                    })
                    .collect()
            })
        };
        for r in results {
            let line = match r {
                Ok(line) => line,
                Err((line, why)) => {
                    eprintln!("suggest: {why}");
                    bad += 1;
                    line
                }
            };
            writeln!(output, "{line}").map_err(io_error)?;
        }
    }
    output.flush().map_err(io_error)?;
    if bad > 0 {
        eprintln!(
            "suggest: {bad} of {number} lines could not be read; each has an \"error\" line in the output"
        );
    }
    Ok(())
}

/// `suggest FILE...`: pending suggestions into each article's annotation file.
fn suggest_files(files: &[PathBuf], out: Option<&Path>) -> Result<(), Vec<String>> {
    use crate::suggest::{pending_command, suggest_all};
    let mut errors = Vec::new();
    for path in files {
        let mut opened = match crate::project::open_article(path, Format::Ron) {
            Ok(o) => o,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        if let Some(why) = opened.session.read_only() {
            errors.push(format!("{}: not changed: {why}", path.display()));
            continue;
        }
        let text = opened.session.doc().text.clone();
        let found = suggest_all(&text, opened.session.schema(), &[]);
        let count: usize = found.iter().map(|s| s.spans.len()).sum();
        if let Some(cmd) = pending_command(&mut opened.session, &found)
            && let Err(e) = opened.session.execute(cmd)
        {
            errors.push(format!("{}: {e}", path.display()));
            continue;
        }
        if let Some(dir) = out {
            let name = opened
                .target
                .path
                .file_name()
                .map(std::ffi::OsStr::to_owned)
                .unwrap_or_default();
            opened.target.path = dir.join(name);
            opened.target.disk_stamp = crate::project::store::file_stamp(&opened.target.path);
        }
        match opened
            .target
            .save(&mut opened.session, "marginalia-suggest")
        {
            Ok(()) => println!(
                "{}: {count} suggestions → {}",
                path.display(),
                opened.target.path.display()
            ),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
