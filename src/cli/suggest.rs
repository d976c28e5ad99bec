//! `marginalia suggest`: pending suggestions into annotation files, or a
//! streaming JSONL filter from stdin to stdout.

use std::path::{Path, PathBuf};

use crate::formats::Format;
use crate::suggest::SuggestSet;

/// Lines read and handled at a time by the filter: memory stays bounded
/// whatever the input size.
const BATCH_LINES: usize = 512;

/// `suggest --jsonl`: stdin to stdout, in order, `threads` at a time.
pub(super) fn suggest_stream(threads: usize, set: &SuggestSet) -> Result<(), Vec<String>> {
    use crate::formats::jsonl::suggest_line;
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
                        Ok(line) => suggest_line(line, *n, set, &schema),
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
pub(super) fn suggest_files(
    files: &[PathBuf],
    out: Option<&Path>,
    set: &SuggestSet,
) -> Result<(), Vec<String>> {
    use crate::suggest::pending_command;
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
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let found = match set.run(&stem.unwrap_or_default(), &text, opened.session.schema()) {
            Ok(found) => found,
            Err(e) => {
                errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
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
