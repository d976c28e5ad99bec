//! Agreement on real annotators' work: PolNeAR's dev articles that several
//! people annotated, imported into one project (one annotation file per
//! annotator), `marginalia agreement --json` checked against an independent
//! computation (`tests/agreement_check.py`) on the spans the same project
//! exports. Needs python3 and ../shared (CI has both).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn polnear() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/polnear-dev");
    assert!(dir.is_dir(), "../shared/corpus/polnear-dev is needed");
    dir
}

/// Runs the command-line program; its stdout, or a failure with its stderr.
fn run(args: &[&str]) -> String {
    run_both(args).0
}

/// Runs the command-line program, which must succeed: (stdout, stderr).
fn run_both(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "marginalia {args:?}: {stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

#[test]
fn pairwise_f1_on_polnear_matches_an_independent_computation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("polnear");
    let project_s = project.to_str().expect("utf-8 path");
    let said = run(&[
        "import",
        "--format",
        "polnear",
        polnear().to_str().expect("path"),
        "--out",
        project_s,
    ]);
    assert!(said.contains("imported 84 articles"), "{said}");
    assert!(
        said.contains("2 by 6"),
        "two articles by six annotators: {said}"
    );
    // One file per annotator of each multi-annotated article.
    let flynn = "politico_2016-09-08_flynn-says-trump-absolutely-righ.txt.ann.ron";
    for who in ["4b22", "4e07", "5fec", "6b86", "d473", "ef2d"] {
        let path = project.join("annotations").join(who).join(flynn);
        assert!(path.is_file(), "{}", path.display());
        run(&["validate", path.to_str().expect("path")]);
    }

    let report: Value =
        serde_json::from_str(&run(&["agreement", project_s, "--json"])).expect("JSON");
    assert_eq!(
        report["documents"], 2,
        "two articles have several annotators"
    );
    assert_eq!(report["annotators"].as_array().map(Vec::len), Some(6));
    for label in ["QUOTE", "SOURCE"] {
        let alpha = report["labels"][label]["alpha_u"].as_f64().expect("α_u");
        assert!((-1.0..=1.0).contains(&alpha), "{label} α_u {alpha}");
    }

    let export = dir.path().join("all.jsonl");
    run(&[
        "export",
        "--format",
        "marginalia",
        "--annotator",
        "all",
        "--out",
        export.to_str().expect("path"),
        project_s,
    ]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/agreement_check.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&export)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let python: Value = serde_json::from_slice(&out.stdout).expect("the script's JSON");

    let mut compared = 0;
    for (label, figures) in [
        ("QUOTE", &report["labels"]["QUOTE"]),
        ("SOURCE", &report["labels"]["SOURCE"]),
        ("all", &report["all"]),
    ] {
        let pairs = figures["pairs"].as_array().expect("pairs");
        assert_eq!(pairs.len(), 15, "{label}: every pair of six annotators");
        for p in pairs {
            let key = format!(
                "{}|{}",
                p["a"].as_str().expect("a"),
                p["b"].as_str().expect("b")
            );
            let theirs = &python[label][&key];
            for field in ["a_spans", "b_spans"] {
                assert_eq!(p[field], theirs[field], "{label} {key} {field}");
            }
            for field in ["exact_f1", "overlap_f1"] {
                let ours = p[field].as_f64().expect("defined");
                let other = theirs[field].as_f64().expect("defined");
                assert!(
                    (ours - other).abs() < 1e-12,
                    "{label} {key} {field}: {ours} vs {other}"
                );
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 45);

    // `curated`: the curated file where there is one, else the one
    // annotator's; an article several people annotated but nobody curated
    // is left out, and said so.
    let curated_out = dir.path().join("curated.jsonl");
    let curated_s = curated_out.to_str().expect("path");
    let lines = |p: &Path| -> Vec<Value> {
        std::fs::read_to_string(p)
            .expect("export")
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect()
    };
    let export_curated = || {
        run_both(&[
            "export",
            "--format",
            "marginalia",
            "--annotator",
            "curated",
            "--out",
            curated_s,
            project_s,
        ])
        .1
    };
    let stderr = export_curated();
    assert!(stderr.contains("not curated yet"), "{stderr}");
    assert_eq!(lines(&curated_out).len(), 82);
    let curated_dir = project.join("annotations/curated");
    std::fs::create_dir_all(&curated_dir).expect("mkdir");
    std::fs::copy(
        project.join("annotations/4b22").join(flynn),
        curated_dir.join(flynn),
    )
    .expect("copy");
    export_curated();
    let docs = lines(&curated_out);
    assert_eq!(docs.len(), 83);
    let flynn_doc = docs
        .iter()
        .find(|d| {
            d["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("politico_2016-09-08_flynn"))
        })
        .expect("the curated article");
    assert_eq!(flynn_doc["meta"]["annotator"], "curated");
}
