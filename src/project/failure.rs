//! Saves and autosaves that fail: what went wrong in plain words, what to
//! do about it, and where autosave goes instead when the article's folder
//! cannot take it (the app's data folder).

use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use crate::model::sha256_hex;

/// What went wrong, in plain words, with the system's own words after it:
/// "the disk is full (No space left on device (os error 28))".
pub fn cause(e: &io::Error) -> String {
    match plain(e) {
        Some((what, _)) => format!("{what} ({e})"),
        None => e.to_string(),
    }
}

/// The plain words for an error, and what the user can do about it.
fn plain(e: &io::Error) -> Option<(&'static str, &'static str)> {
    Some(match e.kind() {
        ErrorKind::StorageFull => ("the disk is full", "free some space"),
        ErrorKind::QuotaExceeded => ("your disk quota is used up", "free some space"),
        ErrorKind::FileTooLarge => (
            "the file is larger than the disk or a limit allows",
            "free some space or raise the limit",
        ),
        ErrorKind::ReadOnlyFilesystem => ("the folder is read-only", "make the folder writable"),
        ErrorKind::PermissionDenied => (
            "permission denied: you may not write in the folder",
            "get write permission for the folder",
        ),
        ErrorKind::NotFound => (
            "the folder no longer exists",
            "put the folder back (or reconnect its drive)",
        ),
        ErrorKind::IsADirectory => ("a folder has the file's name", "move that folder away"),
        _ => return None,
    })
}

/// A save that failed: the file, the cause, and that the work is still here.
pub fn not_saved(path: &Path, e: &io::Error) -> String {
    let remedy = plain(e).map_or("fix that", |(_, remedy)| remedy);
    format!(
        "{}: not saved: {}. Your work is kept in memory; {remedy} and save again (Ctrl+S).",
        path.display(),
        cause(e)
    )
}

/// An autosave to `path` that failed with `e`; `instead` is the fallback
/// file and how writing it went (None: there is no fallback).
pub fn autosave_failed(
    path: &Path,
    e: &io::Error,
    instead: Option<(&Path, &io::Result<()>)>,
) -> String {
    let failed = format!("{}: autosave failed: {}", path.display(), cause(e));
    let only_here = "Unsaved work is only in memory: save with Ctrl+S.";
    match instead {
        None => format!("{failed}. {only_here}"),
        Some((other, Ok(()))) => format!(
            "{failed}; your unsaved work is autosaved to {} instead.",
            other.display()
        ),
        Some((other, Err(e2))) => format!(
            "{failed}, and so did {}: {}. {only_here}",
            other.display(),
            cause(e2)
        ),
    }
}

/// Where autosave goes when `recovery` (beside the annotation file) cannot
/// be written: `<data dir>/recovery/<hash of its path>-<its name>`, one
/// file per article and annotator.
pub fn fallback_path(data_dir: &Path, recovery: &Path) -> PathBuf {
    let full = std::path::absolute(recovery).unwrap_or_else(|_| recovery.to_owned());
    let hash = sha256_hex(&full.to_string_lossy());
    let name = recovery
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let short = hash.get(..16).unwrap_or(&hash);
    data_dir.join("recovery").join(format!("{short}-{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_said_in_plain_words() {
        let said = |code| cause(&io::Error::from_raw_os_error(code));
        assert!(said(28).starts_with("the disk is full ("), "{}", said(28));
        assert!(said(30).starts_with("the folder is read-only ("));
        assert!(said(13).starts_with("permission denied"));
        assert!(said(2).starts_with("the folder no longer exists"));
        let odd = io::Error::other("odd");
        assert_eq!(cause(&odd), "odd");
    }

    #[test]
    fn a_failed_save_names_the_file_cause_and_remedy() {
        let m = not_saved(
            Path::new("/x/a.txt.ann.ron"),
            &io::Error::from_raw_os_error(28),
        );
        assert!(
            m.starts_with("/x/a.txt.ann.ron: not saved: the disk is full ("),
            "{m}"
        );
        assert!(
            m.ends_with("free some space and save again (Ctrl+S)."),
            "{m}"
        );
    }

    #[test]
    fn fallback_names_differ_by_folder_and_keep_the_file_name() {
        let data = Path::new("/data");
        let a = fallback_path(data, Path::new("/one/a.txt.ann.recovery.ron"));
        let b = fallback_path(data, Path::new("/two/a.txt.ann.recovery.ron"));
        assert_ne!(a, b);
        assert!(a.starts_with("/data/recovery"));
        let name = a.file_name().map(|n| n.to_string_lossy().into_owned());
        assert!(name.is_some_and(|n| n.ends_with("-a.txt.ann.recovery.ron")));
    }
}
