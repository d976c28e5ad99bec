//! Export and import jobs: annotation files (or the open document) to a
//! dataset in any format, and a dataset back to articles with annotation
//! files. The CLI runs them in place; the window runs them on a thread,
//! showing [`Progress`] and cancelling through it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use super::store::{read_annotation_file, write_annotation_file};
use super::write_atomic;
use crate::formats::dataset::{DatasetDoc, Filter, Read, Written};
use crate::formats::tagging::Nested;
use crate::formats::{
    AnnotationFile, Format, brat, conll, csv, doccano, hf, label_studio, marginalia_jsonl, spacy,
};
use crate::model::{Schema, Session};

/// A dataset format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Marginalia,
    Spacy,
    Conll,
    Hf,
    Brat,
    LabelStudio,
    Doccano,
    Csv,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Marginalia,
        Kind::Spacy,
        Kind::Conll,
        Kind::Hf,
        Kind::Brat,
        Kind::LabelStudio,
        Kind::Doccano,
        Kind::Csv,
    ];

    /// The name the CLI takes.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Marginalia => "marginalia",
            Kind::Spacy => "spacy",
            Kind::Conll => "conll",
            Kind::Hf => "hf",
            Kind::Brat => "brat",
            Kind::LabelStudio => "label-studio",
            Kind::Doccano => "doccano",
            Kind::Csv => "csv",
        }
    }

    /// What the window shows.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Marginalia => "Marginalia JSONL",
            Kind::Spacy => "spaCy / Prodigy JSONL",
            Kind::Conll => "CoNLL IOB2",
            Kind::Hf => "Token classification JSONL (Hugging Face)",
            Kind::Brat => "brat standoff (folder)",
            Kind::LabelStudio => "Label Studio JSON tasks",
            Kind::Doccano => "doccano JSONL",
            Kind::Csv => "CSV (one row per span)",
        }
    }

    /// The usual file extension (brat writes a folder).
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Marginalia | Kind::Spacy | Kind::Hf | Kind::Doccano => "jsonl",
            Kind::Conll => "conll",
            Kind::Brat => "",
            Kind::LabelStudio => "json",
            Kind::Csv => "csv",
        }
    }

    pub fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
                format!("--format {name:?}: use one of {}", names.join(", "))
            })
    }

    pub fn can_import(self) -> bool {
        self != Kind::Csv
    }

    /// The dataset in this format.
    pub fn write(self, docs: &[DatasetDoc], schema: &Schema, nested: Nested) -> Written {
        match self {
            Kind::Marginalia => marginalia_jsonl::write(docs),
            Kind::Spacy => spacy::write(docs),
            Kind::Conll => conll::write(docs, schema, nested),
            Kind::Hf => hf::write(docs, schema, nested),
            Kind::Brat => brat::write(docs, schema),
            Kind::LabelStudio => label_studio::write(docs, schema),
            Kind::Doccano => doccano::write(docs),
            Kind::Csv => csv::write(docs),
        }
    }
}

/// Train/dev/test by document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    pub ratios: [f64; 3],
    pub seed: u64,
}

impl Split {
    /// Parses "0.8,0.1,0.1".
    pub fn parse(ratios: &str, seed: u64) -> Result<Self, String> {
        let parts: Vec<f64> = ratios
            .split(',')
            .map(|r| r.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("--split {ratios:?}: three numbers, e.g. 0.8,0.1,0.1"))?;
        match parts[..] {
            [a, b, c]
                if [a, b, c].iter().all(|r| r.is_finite() && *r >= 0.0) && a + b + c > 0.0 =>
            {
                Ok(Self {
                    ratios: [a, b, c],
                    seed,
                })
            }
            _ => Err(format!(
                "--split {ratios:?}: three numbers ≥ 0, not all 0, e.g. 0.8,0.1,0.1"
            )),
        }
    }

    /// The documents of each part (train, dev, test): shuffled by the seed
    /// (the same seed gives the same parts), each part in input order.
    pub fn parts<T>(&self, items: Vec<T>) -> [Vec<T>; 3] {
        let n = items.len();
        let mut order: Vec<usize> = (0..n).collect();
        let mut state = self.seed;
        for i in (1..n).rev() {
            let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let sum: f64 = self.ratios.iter().sum();
        let train = ((n as f64) * self.ratios[0] / sum).round() as usize;
        let dev = (((n as f64) * self.ratios[1] / sum).round() as usize).min(n - train.min(n));
        let mut part = vec![2u8; n];
        for (k, &i) in order.iter().enumerate() {
            part[i] = if k < train {
                0
            } else if k < train + dev {
                1
            } else {
                2
            };
        }
        let mut out: [Vec<T>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for (item, p) in items.into_iter().zip(part) {
            out[usize::from(p)].push(item);
        }
        out
    }
}

/// A small, well-known generator (Steele et al., SplitMix64): the split
/// must be the same on every machine and version, so no library's RNG.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What an export writes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportOptions {
    pub filter: Filter,
    pub nested: Nested,
    pub split: Option<Split>,
}

/// How far a job is, and a way to stop it; shared with the thread running it.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    pub cancel: AtomicBool,
}

impl Progress {
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed).max(1);
        self.done.load(Ordering::Relaxed) as f32 / total as f32
    }

    fn cancelled(&self) -> Result<(), String> {
        if self.cancel.load(Ordering::Relaxed) {
            Err("cancelled; nothing was written".to_owned())
        } else {
            Ok(())
        }
    }

    fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// What a job did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub docs: usize,
    pub spans: usize,
    pub files: Vec<PathBuf>,
    /// Spans or documents that could not be written or read, and why.
    pub warnings: Vec<String>,
}

impl Summary {
    /// "3 documents, 41 spans → out.conll; 2 warnings" (singular for one).
    pub fn line(&self) -> String {
        let to = match self.files.as_slice() {
            [one] => one.display().to_string(),
            files => format!("{} files", files.len()),
        };
        let n = |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
        let mut s = format!(
            "{}, {} → {to}",
            n(self.docs, "document"),
            n(self.spans, "span")
        );
        if !self.warnings.is_empty() {
            s.push_str(&format!("; {}", n(self.warnings.len(), "warning")));
        }
        s
    }
}

/// The annotation files among `inputs` (files, or folders searched one
/// level deep), sorted, so the output order is the same on every run.
pub fn annotation_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let is_ann = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.ends_with(".ann.ron") || name.ends_with(".ann.json")
    };
    let mut out = Vec::new();
    for input in inputs {
        if super::corpus::is_project(input) {
            out.extend(project_files(input)?);
        } else if input.is_dir() {
            // Sub-folders too (a project annotator's folder nests like its articles).
            let mut dirs = vec![input.clone()];
            while let Some(dir) = dirs.pop() {
                let entries =
                    std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                    if path.is_dir() {
                        dirs.push(path);
                    } else if is_ann(&path) {
                        out.push(path);
                    }
                }
            }
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    Ok(out)
}

/// A project's annotation files: its one annotator's (several must be
/// told apart by giving `PROJECT/annotations/NAME` instead).
fn project_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let project = super::corpus::Project::open(dir)?;
    let names: Vec<String> = project
        .annotators()
        .into_iter()
        .filter(|n| !super::corpus::batch::annotation_files(&project, n).is_empty())
        .collect();
    match names.as_slice() {
        [] => Ok(Vec::new()),
        [one] => Ok(super::corpus::batch::annotation_files(&project, one)),
        several => Err(format!(
            "{}: annotated by {}; export one annotator's work, e.g. {}",
            dir.display(),
            several.join(", "),
            dir.join(super::corpus::ANNOTATIONS_DIR)
                .join(&several[0])
                .display()
        )),
    }
}

/// One annotation file as a dataset document (its id: the article's file
/// stem) and its schema; refused when the file does not match its article.
pub fn load(path: &Path, filter: &Filter) -> Result<(DatasetDoc, Schema), String> {
    let file = read_annotation_file(path)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{}: no such file", path.display()))?;
    let doc = super::store::article_document(&file, path)?;
    let loaded = file.place_on(&doc);
    if let Some(p) = loaded.problems.first() {
        return Err(format!("{}: not exported: {p}", path.display()));
    }
    let session = Session::new(doc, loaded.schema, loaded.annotations)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = session.doc();
    let id = if super::store::is_hash_id(&doc.id) {
        doc.source_path
            .as_deref()
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        doc.id.clone()
    };
    let schema = session.schema().clone();
    Ok((DatasetDoc::from_session(&session, &id, filter), schema))
}

/// Loads annotation files for export; those that cannot be read become
/// warnings. The schema is the first file's, grown by the others' labels.
pub fn load_files(
    paths: &[PathBuf],
    filter: &Filter,
    progress: &Progress,
) -> Result<(Vec<DatasetDoc>, Schema, Vec<String>), String> {
    progress.total.store(paths.len() * 2, Ordering::Relaxed);
    let (mut docs, mut schema, mut warnings) = (Vec::new(), None::<Schema>, Vec::new());
    for path in paths {
        progress.cancelled()?;
        match load(path, filter) {
            Ok((doc, s)) => {
                match schema.as_mut() {
                    None => schema = Some(s),
                    Some(schema) => {
                        schema.add_missing(s.labels.iter().map(|l| l.name.as_str()));
                        schema.add_missing_relations(s.relations.iter().map(|r| r.name.as_str()));
                    }
                }
                docs.push(doc);
            }
            Err(e) => warnings.push(e),
        }
        progress.step();
    }
    Ok((docs, schema.unwrap_or_default(), warnings))
}

/// Where a written file goes: `name` "" is `out` itself; other names go
/// inside `out` for folder formats, else beside it as `<stem>.<name>`.
fn place(out: &Path, kind: Kind, name: &str) -> PathBuf {
    if kind == Kind::Brat {
        return out.join(name);
    }
    if name.is_empty() {
        return out.to_owned();
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!("{stem}.{name}"))
}

/// `out` for one part of a split: `data.train.jsonl`, or `out/train/` for brat.
fn part_path(out: &Path, kind: Kind, part: &str) -> PathBuf {
    if kind == Kind::Brat {
        return out.join(part);
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match out.extension() {
        Some(ext) => out.with_file_name(format!("{stem}.{part}.{}", ext.to_string_lossy())),
        None => out.with_file_name(format!("{stem}.{part}")),
    }
}

/// Writes `docs` as `kind` to `out`. Files are formatted first, then each
/// written atomically; cancelling before the writes leaves nothing behind.
pub fn export(
    docs: Vec<DatasetDoc>,
    schema: &Schema,
    kind: Kind,
    out: &Path,
    options: &ExportOptions,
    progress: &Progress,
) -> Result<Summary, String> {
    let mut summary = Summary {
        docs: docs.len(),
        ..Summary::default()
    };
    let parts: Vec<(PathBuf, Vec<DatasetDoc>)> = match &options.split {
        None => vec![(out.to_owned(), docs)],
        Some(split) => ["train", "dev", "test"]
            .into_iter()
            .zip(split.parts(docs))
            .map(|(name, part)| (part_path(out, kind, name), part))
            .collect(),
    };
    let mut files = Vec::new();
    for (path, docs) in &parts {
        progress.cancelled()?;
        let written = kind.write(docs, schema, options.nested);
        summary.spans += written.spans;
        summary.warnings.extend(written.warnings);
        files.extend(
            written
                .files
                .into_iter()
                .map(|(name, text)| (place(path, kind, &name), text)),
        );
        progress.done.fetch_add(docs.len(), Ordering::Relaxed);
    }
    progress.cancelled()?;
    for (path, text) in files {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        write_atomic(&path, text.as_bytes())
            .map_err(|e| format!("{}: could not write: {e}", path.display()))?;
        summary.files.push(path);
    }
    Ok(summary)
}

/// A file name made from a document id: path separators and other
/// characters file systems refuse become "_".
pub fn file_stem_of(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_. ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.trim_matches('.') {
        "" => "document".to_owned(),
        s => s.to_owned(),
    }
}

/// The texts CoNLL and token JSONL are put back on: a Marginalia JSONL file
/// (by id), or a folder of `<id>.txt` files.
pub fn read_texts(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let name = path.display().to_string();
    if path.is_dir() {
        let mut texts = BTreeMap::new();
        let entries = std::fs::read_dir(path).map_err(|e| format!("{name}: {e}"))?;
        for p in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if p.extension().is_some_and(|e| e == "txt")
                && let Some(stem) = p.file_stem()
            {
                let text =
                    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                texts.insert(stem.to_string_lossy().into_owned(), text);
            }
        }
        return Ok(texts);
    }
    let src = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let read = read_marginalia(&src, &name);
    Ok(read.docs.into_iter().map(|d| (d.id, d.text)).collect())
}

fn read_marginalia(src: &str, place: &str) -> Read {
    crate::formats::dataset::read_lines(src, place, |line, at| {
        marginalia_jsonl::from_line(line, at).map(|(d, w)| (Some(d), w))
    })
}

/// Reads a dataset of `kind` from `input` (a file; a folder for brat).
pub fn read_dataset(
    kind: Kind,
    input: &Path,
    schema: &Schema,
    texts: &BTreeMap<String, String>,
) -> Result<Read, String> {
    let name = input.display().to_string();
    let read_file =
        |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    if kind == Kind::Brat {
        return read_brat(input, schema);
    }
    let src = read_file(input)?;
    let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
    Ok(match kind {
        Kind::Marginalia => read_marginalia(src, &name),
        Kind::Spacy => spacy::read(src, &name),
        Kind::Doccano => doccano::read(src, &name),
        Kind::Conll => conll::read(src, &name, texts),
        Kind::Hf => {
            let labels = place(input, kind, "labels.json");
            let names: Vec<String> = match read_file(&labels) {
                Ok(text) => serde_json::from_str(&text)
                    .map_err(|e| format!("{}: not a list of tag names: {e}", labels.display()))?,
                Err(_) => Vec::new(),
            };
            hf::read(src, &name, &names, texts)
        }
        Kind::LabelStudio => label_studio::read(src, &name, schema)?,
        Kind::Brat | Kind::Csv => {
            return Err(format!("{name}: {} cannot be imported", kind.title()));
        }
    })
}

/// A brat folder: every `.ann` with its `.txt`, in name order.
fn read_brat(dir: &Path, schema: &Schema) -> Result<Read, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut anns: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    anns.sort();
    let mut read = Read::default();
    for ann in anns {
        let txt = ann.with_extension("txt");
        let place = ann.display().to_string();
        let (Ok(a), Ok(t)) = (std::fs::read_to_string(&ann), std::fs::read_to_string(&txt)) else {
            read.warnings.push(format!(
                "{place}: it or {} could not be read as UTF-8; left out",
                txt.display()
            ));
            continue;
        };
        let id = ann
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match brat::read_doc(&id, &t, &a, &place, schema) {
            Ok((doc, w)) => {
                read.docs.push(doc);
                read.warnings.extend(w);
            }
            Err(e) => read.warnings.push(format!("{e}; left out")),
        }
    }
    Ok(read)
}

/// Writes each document as an article (`<id>.txt`) and its annotation
/// file in `out_dir`, through the model's validating constructors. The
/// summary lists the articles.
pub fn import(
    read: Read,
    schema: &Schema,
    out_dir: &Path,
    progress: &Progress,
) -> Result<Summary, String> {
    std::fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    progress.total.store(read.docs.len(), Ordering::Relaxed);
    let created = crate::formats::native::now_rfc3339();
    let mut summary = Summary {
        warnings: read.warnings,
        ..Summary::default()
    };
    for doc in read.docs {
        progress.cancelled()?;
        let session = match doc.session(schema.clone()) {
            Ok(s) => s,
            Err(e) => {
                summary
                    .warnings
                    .push(format!("document {:?}: {e}; left out", doc.id));
                continue;
            }
        };
        let name = format!("{}.txt", file_stem_of(&doc.id));
        let article = out_dir.join(&name);
        let ann = super::annotation_path(&article, Format::Ron);
        let file = AnnotationFile::from_session(&session, &name, "marginalia-import", &created);
        write_atomic(&article, doc.text.as_bytes())
            .map_err(|e| format!("{}: {e}", article.display()))
            .and_then(|()| write_annotation_file(&ann, Format::Ron, &file))?;
        summary.docs += 1;
        summary.spans += doc.spans.len();
        summary.files.push(article);
        progress.step();
    }
    Ok(summary)
}

/// Work running on its own thread (an export, an import, a project scan),
/// with its progress and a way to cancel it.
pub struct Job<T = Summary> {
    pub progress: Arc<Progress>,
    done: mpsc::Receiver<Result<T, String>>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread with a fresh [`Progress`].
    pub fn start(work: impl FnOnce(&Progress) -> Result<T, String> + Send + 'static) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, done) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            let _ = tx.send(work(&shared));
        });
        Self { progress, done }
    }

    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome once the thread is done.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.done.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the job stopped without a result".to_owned()))
            }
        }
    }
}

impl Job<Summary> {
    /// Exports `docs` to `out`.
    pub fn export(
        docs: Vec<DatasetDoc>,
        schema: Schema,
        kind: Kind,
        out: PathBuf,
        options: ExportOptions,
    ) -> Self {
        Self::start(move |p| {
            p.total.store(docs.len(), Ordering::Relaxed);
            export(docs, &schema, kind, &out, &options, p)
        })
    }

    /// Imports `input` into `out_dir`.
    pub fn import(
        kind: Kind,
        input: PathBuf,
        texts: Option<PathBuf>,
        out_dir: PathBuf,
        schema: Schema,
    ) -> Self {
        Self::start(move |p| {
            let texts = texts
                .as_deref()
                .map(read_texts)
                .transpose()?
                .unwrap_or_default();
            let read = read_dataset(kind, &input, &schema, &texts)?;
            import(read, &schema, &out_dir, p)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_follows_ratios_and_seed() {
        let split = Split::parse("0.8,0.1,0.1", 7).expect("valid");
        let [train, dev, test] = split.parts((0..100).collect::<Vec<_>>());
        assert_eq!((train.len(), dev.len(), test.len()), (80, 10, 10));
        assert!(train.windows(2).all(|w| w[0] < w[1]), "input order kept");
        assert_eq!(
            split.parts((0..100).collect::<Vec<_>>())[1],
            dev,
            "same seed, same parts"
        );
        let other = Split::parse("0.8,0.1,0.1", 8).expect("valid");
        assert_ne!(other.parts((0..100).collect::<Vec<_>>())[1], dev);
        assert!(Split::parse("0.8,0.1", 1).is_err());
        assert!(Split::parse("0,0,0", 1).is_err());
    }

    #[test]
    fn a_cancelled_export_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("x.conll");
        let doc = DatasetDoc {
            id: "d".into(),
            text: "Zoë said.".into(),
            ..DatasetDoc::default()
        };
        let progress = Progress::default();
        progress.cancel.store(true, Ordering::Relaxed);
        let options = ExportOptions::default();
        let done = export(
            vec![doc.clone()],
            &Schema::default(),
            Kind::Conll,
            &out,
            &options,
            &progress,
        );
        assert!(done.is_err_and(|e| e.contains("cancelled")));
        assert!(!out.exists());
        let job = Job::export(
            vec![doc],
            Schema::default(),
            Kind::Conll,
            out.clone(),
            options,
        );
        let start = std::time::Instant::now();
        let summary = loop {
            if let Some(r) = job.poll() {
                break r.expect("exported");
            }
            assert!(start.elapsed().as_secs() < 10);
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(summary.files, vec![out.clone()]);
        assert!(
            std::fs::read_to_string(&out)
                .expect("written")
                .starts_with("-DOCSTART- d")
        );
        assert_eq!(job.progress.fraction(), 1.0);
    }

    #[test]
    fn files_go_beside_or_inside() {
        let out = Path::new("x/data.jsonl");
        assert_eq!(place(out, Kind::Hf, ""), Path::new("x/data.jsonl"));
        assert_eq!(
            place(out, Kind::Hf, "labels.json"),
            Path::new("x/data.labels.json")
        );
        assert_eq!(
            part_path(out, Kind::Hf, "dev"),
            Path::new("x/data.dev.jsonl")
        );
        assert_eq!(
            place(Path::new("b"), Kind::Brat, "a.ann"),
            Path::new("b/a.ann")
        );
        assert_eq!(
            part_path(Path::new("b"), Kind::Brat, "test"),
            Path::new("b/test")
        );
    }
}
