//! PolNeAR gold as score.py reads it: `text/<stem>.txt` and the first
//! `attributions/<stem>_<hex>.ann` (brat standoff) in sorted name order;
//! Content → QUOTE, Source → SOURCE, discontinuous spans as their hull, E
//! lines as Content → Source links.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::Path;

use super::pytext::{has_quote_mark, py_int, py_split};
use super::slice;

/// A gold QUOTE or SOURCE span (hull, code points).
#[derive(Debug, Clone)]
pub struct GoldSpan {
    pub tid: String,
    pub quote: bool,
    pub start: usize,
    pub end: usize,
    /// A Content whose text has a quotation mark.
    pub direct: bool,
    /// A Source that an E line links to a direct Content.
    pub src_of_direct: bool,
}

/// One gold article.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub stem: String,
    pub text: String,
    pub spans: Vec<GoldSpan>,
    /// (Content tid, Source tid) pairs from the E lines, sorted, unique.
    pub links: Links,
}

/// The names of the entries of `dir`, sorted.
fn sorted_names(dir: &Path) -> Result<Vec<String>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name();
        let name = name
            .to_str()
            .ok_or_else(|| format!("{}: a file name is not UTF-8: {name:?}", dir.display()))?;
        names.push(name.to_owned());
    }
    names.sort();
    Ok(names)
}

/// The articles of a PolNeAR folder as (stem, text): `text/<stem>.txt`
/// in sorted order of the names, read as UTF-8 with line ends kept.
pub fn texts(gold_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let tdir = gold_dir.join("text");
    let mut out = Vec::new();
    for t in sorted_names(&tdir)? {
        let Some(stem) = t.strip_suffix(".txt") else {
            continue;
        };
        let path = tdir.join(&t);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        out.push((stem.to_owned(), text));
    }
    Ok(out)
}

/// Reads every article of `gold_dir`, in sorted order of the text names.
pub fn load(gold_dir: &Path, literal_apostrophe: bool) -> Result<Vec<GoldDoc>, String> {
    let adir = gold_dir.join("attributions");
    let mut first: HashMap<String, String> = HashMap::new();
    for a in sorted_names(&adir)? {
        if let Some(base) = a.strip_suffix(".ann") {
            let stem = base.rsplit_once('_').map_or(base, |(s, _)| s);
            first.entry(stem.to_owned()).or_insert(a.clone());
        }
    }
    let mut docs = Vec::new();
    for (stem, text) in texts(gold_dir)? {
        let (spans, links) = match first.get(stem.as_str()) {
            Some(ann) => read_ann(&adir.join(ann), &text, literal_apostrophe)?,
            None => (Vec::new(), Vec::new()),
        };
        docs.push(GoldDoc {
            stem,
            text,
            spans,
            links,
        });
    }
    Ok(docs)
}

/// One annotator's gold of one article.
#[derive(Debug, Clone)]
pub struct AnnotatorGold {
    pub stem: String,
    /// The file name's suffix after its last `_` (e.g. `4b22`).
    pub annotator: String,
    pub spans: Vec<GoldSpan>,
    pub links: Links,
}

/// The articles as (stem, text), and every annotator's gold of them.
pub type AllGold = (Vec<(String, String)>, Vec<AnnotatorGold>);

/// Every annotation file of `gold_dir` (every annotator of every article),
/// in sorted order of the names, with the articles' texts.
pub fn load_all(gold_dir: &Path) -> Result<AllGold, String> {
    let adir = gold_dir.join("attributions");
    let texts = texts(gold_dir)?;
    let by_stem: HashMap<&str, &str> = texts
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let mut out = Vec::new();
    for a in sorted_names(&adir)? {
        let Some((stem, annotator)) = a.strip_suffix(".ann").and_then(|b| b.rsplit_once('_'))
        else {
            continue;
        };
        let Some(text) = by_stem.get(stem) else {
            return Err(format!(
                "{}: no text/{stem}.txt for it",
                adir.join(&a).display()
            ));
        };
        let (spans, links) = read_ann(&adir.join(&a), text, false)?;
        out.push(AnnotatorGold {
            stem: stem.to_owned(),
            annotator: annotator.to_owned(),
            spans,
            links,
        });
    }
    Ok((texts, out))
}

/// (Content tid, Source tid) pairs.
pub type Links = Vec<(String, String)>;

/// A T line: type and hull.
type Tmap = Vec<(String, (String, usize, usize))>;

fn read_ann(
    path: &Path,
    text: &str,
    literal_apostrophe: bool,
) -> Result<(Vec<GoldSpan>, Links), String> {
    let src = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Python's dict: a repeated T id keeps its first place and its last value.
    let mut tmap: Tmap = Vec::new();
    let mut links: Vec<Vec<(String, String)>> = Vec::new();
    // universal newlines: \r\n and \r end lines too
    let src = src.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in src.split('\n').enumerate() {
        let parts: Vec<&str> = line.split('\t').collect();
        if parts.len() < 2 {
            continue;
        }
        if parts[0].starts_with('T') {
            let at = || format!("{}:{}", path.display(), i + 1);
            let (typ, offs) = parts[1].split_once(' ').unwrap_or((parts[1], ""));
            let (start, end) =
                hull(offs).ok_or_else(|| format!("{}: bad offsets {offs:?}", at()))?;
            let value = (typ.to_owned(), start, end);
            match tmap.iter_mut().find(|(k, _)| k == parts[0]) {
                Some((_, v)) => *v = value,
                None => tmap.push((parts[0].to_owned(), value)),
            }
        } else if parts[0].starts_with('E') {
            let mut roles: Vec<(String, String)> = Vec::new();
            for r in py_split(parts[1]) {
                if let Some((k, v)) = r.split_once(':') {
                    match roles.iter_mut().find(|(key, _)| key == k) {
                        Some((_, old)) => *old = v.to_owned(),
                        None => roles.push((k.to_owned(), v.to_owned())),
                    }
                }
            }
            links.push(roles);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let type_of = |tid: &str| {
        tmap.iter()
            .find(|(k, _)| k == tid)
            .map(|(_, v)| v.0.as_str())
    };
    let mut spans = Vec::new();
    let mut direct_content = HashSet::new();
    for (tid, (typ, start, end)) in &tmap {
        let quote = typ == "Content";
        if !quote && typ != "Source" {
            continue;
        }
        let direct = quote && has_quote_mark(slice(&chars, *start, *end), literal_apostrophe);
        if direct {
            direct_content.insert(tid.as_str());
        }
        spans.push(GoldSpan {
            tid: tid.clone(),
            quote,
            start: *start,
            end: *end,
            direct,
            src_of_direct: false,
        });
    }
    let mut src_of_direct = HashSet::new();
    for roles in &links {
        let links_direct = roles
            .iter()
            .any(|(k, v)| k.starts_with("Content") && direct_content.contains(v.as_str()));
        if links_direct {
            for (k, v) in roles {
                if k.starts_with("Source") && type_of(v).is_some() {
                    src_of_direct.insert(v.clone());
                }
            }
        }
    }
    for sp in &mut spans {
        sp.src_of_direct = src_of_direct.contains(&sp.tid);
    }
    let mut pairs = BTreeSet::new();
    for roles in &links {
        for (kc, c) in roles {
            if !(kc.starts_with("Content") && type_of(c) == Some("Content")) {
                continue;
            }
            for (ks, s) in roles {
                if ks.starts_with("Source") && type_of(s) == Some("Source") {
                    pairs.insert((c.clone(), s.clone()));
                }
            }
        }
    }
    Ok((spans, pairs.into_iter().collect()))
}

/// The hull of `s e;s e…`, or None when a piece is not two non-negative
/// integers.
fn hull(offs: &str) -> Option<(usize, usize)> {
    let mut out: Option<(usize, usize)> = None;
    for seg in offs.split(';') {
        let nums: Vec<&str> = py_split(seg).collect();
        let [s, e] = nums.as_slice() else {
            return None;
        };
        let s = usize::try_from(py_int(s)?).ok()?;
        let e = usize::try_from(py_int(e)?).ok()?;
        out = Some(out.map_or((s, e), |(a, b)| (a.min(s), b.max(e))));
    }
    out
}
