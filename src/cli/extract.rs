//! `marginalia extract`: the article text of HTML pages, one `.txt` each.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::intake::read_article;
use crate::project::write_atomic;

/// Extracts each page into `out/<name>.txt`. A page that fails is reported
/// (naming the file) and the others go on; the result is an error if any failed.
pub(super) fn extract(files: &[PathBuf], out: &Path) -> Result<(), Vec<String>> {
    if files.is_empty() {
        return Err(vec!["extract: no FILE given".to_string()]);
    }
    std::fs::create_dir_all(out).map_err(|e| vec![format!("{}: {e}", out.display())])?;
    let start = Instant::now();
    let mut errors = Vec::new();
    for file in files {
        let result = read_article(file)
            .map_err(|e| e.to_string())
            .and_then(|article| {
                if article.text.trim().is_empty() {
                    return Err(format!("{}: no article text found", file.display()));
                }
                let target = out.join(format!("{}.txt", output_name(file)));
                write_atomic(&target, article.text.as_bytes())
                    .map_err(|e| format!("{}: cannot write ({e})", target.display()))
            });
        if let Err(e) = result {
            eprintln!("{e}");
            errors.push(e);
        }
    }
    println!(
        "extract: {} pages, {} failed, {:.2} s",
        files.len(),
        errors.len(),
        start.elapsed().as_secs_f64()
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(vec![format!(
            "extract: {} of {} pages failed",
            errors.len(),
            files.len()
        )])
    }
}

/// The file name without `.html.gz`, `.htm.gz`, `.html`, `.htm` or `.gz`.
pub(crate) fn output_name(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for suffix in [".html.gz", ".htm.gz", ".html", ".htm", ".gz"] {
        if name.len() > suffix.len()
            && name.is_char_boundary(name.len() - suffix.len())
            && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            return name[..name.len() - suffix.len()].to_string();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::output_name;
    use std::path::Path;

    #[test]
    fn output_names_lose_html_and_gz() {
        assert_eq!(output_name(Path::new("a/b.html.gz")), "b");
        assert_eq!(output_name(Path::new("b.HTM")), "b");
        assert_eq!(output_name(Path::new("b.gz")), "b");
        assert_eq!(output_name(Path::new("b.txt")), "b.txt");
    }
}
