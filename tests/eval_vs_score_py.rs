//! Runs `../shared/eval/score.py` and the `eval` module on the same
//! predictions and compares the JSON (every row and count) and the printed
//! table. Also checks `marginalia eval` itself against score.py on the
//! app's `suggest --jsonl` output. Needs python3 and ../shared (CI has both).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::eval::{PredDoc, Report, Row, figures, quotes, read_predictions};
use serde_json::{Value, json};

/// The shared folder: `../shared` beside the crate.
fn shared() -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        shared.join("eval/score.py").exists() && shared.join("corpus/polnear-dev").is_dir(),
        "../shared/eval/score.py and ../shared/corpus are needed"
    );
    shared
}

fn python() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The shared folder and a fresh scratch folder for `name`.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    assert!(python(), "python3 is needed to run score.py");
    let shared = shared();
    let tmp = std::env::temp_dir().join(format!("eval-vs-py-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).expect("temp dir");
    (shared, tmp)
}

/// Runs score.py `task` on `pred`; its stdout and its JSON without the paths.
fn score_py(
    shared: &Path,
    task: &str,
    gold: &Path,
    pred: &Path,
    extra: &[&str],
) -> (String, Value) {
    let out_json = pred.with_extension("py.json");
    let out = Command::new("python3")
        .arg(shared.join("eval/score.py"))
        .args([task, "--gold"])
        .arg(gold)
        .arg("--pred")
        .arg(pred)
        .arg("--json")
        .arg(&out_json)
        .args(extra)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Value =
        serde_json::from_str(&fs::read_to_string(&out_json).expect("json")).expect("json");
    if let Value::Object(m) = &mut v {
        m.remove("gold");
        m.remove("pred");
    }
    (String::from_utf8(out.stdout).expect("utf-8"), v)
}

fn read(pred: &Path) -> Vec<PredDoc> {
    let src = fs::read_to_string(pred).expect("pred file");
    read_predictions(&src, &pred.display().to_string()).expect("readable predictions")
}

/// Both tables and JSONs are identical; on a difference, names the rows.
fn same(report: &Report, py_text: &str, py_json: &Value, what: &str) {
    let rs_json = report.to_json();
    if rs_json != *py_json {
        let (a, b) = (rs_json.as_object(), py_json.as_object());
        for (k, v) in b.into_iter().flatten() {
            let mine = a.and_then(|a| a.get(k));
            if mine != Some(v) {
                eprintln!(
                    "{what}: {k}\n  py: {v}\n  rs: {}",
                    mine.unwrap_or(&Value::Null)
                );
            }
        }
        panic!("{what}: JSON differs from score.py");
    }
    assert_eq!(
        report.to_string(),
        py_text,
        "{what}: table differs from score.py"
    );
}

fn check_quotes(shared: &Path, pred: &Path, literal: bool) -> Report {
    let gold = shared.join("corpus/polnear-dev");
    let extra: &[&str] = if literal {
        &["--literal-apostrophe"]
    } else {
        &[]
    };
    let (text, json) = score_py(shared, "quotes", &gold, pred, extra);
    let report = quotes::score_with(&gold, &read(pred), literal).expect("scores");
    same(&report, &text, &json, &pred.display().to_string());
    report
}

fn check_figures(shared: &Path, pred: &Path) -> Report {
    let gold = shared.join("corpus/newsquant-dev.json");
    let (text, json) = score_py(shared, "figures", &gold, pred, &[]);
    let report = figures::score(&gold, &read(pred)).expect("scores");
    same(&report, &text, &json, &pred.display().to_string());
    report
}

/// Runs a Python snippet with score.py importable as `score`.
fn py_run(shared: &Path, code: &str) {
    let code = format!(
        "import sys, json; sys.path.insert(0, {:?}); import score\n{code}",
        shared.join("eval")
    );
    let out = Command::new("python3")
        .args(["-c", &code])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The app's own suggestions: `marginalia suggest --jsonl` on the dev set.
fn app_predictions(input_code: &str, shared: &Path, tmp: &Path, name: &str) -> PathBuf {
    let bin = env!("CARGO_BIN_EXE_marginalia");
    let input = tmp.join(format!("{name}.in.jsonl"));
    py_run(
        shared,
        &input_code
            .replace("OUT", &format!("{:?}", input))
            .replace("CORPUS", &format!("{:?}", shared.join("corpus"))),
    );
    let out = Command::new(bin)
        .args(["suggest", "--jsonl"])
        .stdin(fs::File::open(&input).expect("input"))
        .output()
        .expect("marginalia runs");
    assert!(out.status.success());
    let pred = tmp.join(format!("{name}.jsonl"));
    fs::write(&pred, out.stdout).expect("write");
    pred
}

fn write_lines(path: &Path, lines: &[Value]) {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(path, text).expect("write");
}

const POLNEAR_IN: &str = "import os\nd = os.path.join(CORPUS, 'polnear-dev', 'text')\n\
with open(OUT, 'w') as f:\n    for n in sorted(os.listdir(d)):\n        \
f.write(json.dumps({'id': n[:-4], 'text': open(os.path.join(d, n), encoding='utf-8', newline='').read()}) + '\\n')";

const NEWSQUANT_IN: &str = "import os\nd = json.load(open(os.path.join(CORPUS, 'newsquant-dev.json')))\n\
with open(OUT, 'w') as f:\n    for i, s in enumerate(d):\n        f.write(json.dumps({'id': str(i), 'text': s['text']}) + '\\n')";

#[test]
fn quotes_app_gold_empty_and_odd_files_agree() {
    let (shared, tmp) = setup("quotes");
    {
        let pred = app_predictions(POLNEAR_IN, &shared, &tmp, "app");
        check_quotes(&shared, &pred, false);
        check_quotes(&shared, &pred, true);
    }
    let gd = shared.join("corpus/polnear-dev");
    for (name, rel) in [("gold-rel", "True"), ("gold-norel", "False")] {
        let pred = tmp.join(format!("{name}.jsonl"));
        py_run(
            &shared,
            &format!("score._gold_as_pred_quotes({gd:?}, {pred:?}, relations={rel})"),
        );
        let r = check_quotes(&shared, &pred, false);
        // without relations nothing is attributed: ATTRIBUTION_direct is 0
        let scored = |row: &&Row| {
            row.score.n_gold > 0
                && row.score.f1.is_some()
                && (rel == "True" || row.name != "ATTRIBUTION_direct")
        };
        for row in r.rows.iter().filter(scored) {
            assert_eq!(
                row.score.f1,
                Some(1.0),
                "{name}: {} {}",
                row.name,
                row.metric
            );
        }
    }
    let empty = tmp.join("empty.jsonl");
    fs::write(&empty, "").expect("write");
    let r = check_quotes(&shared, &empty, false);
    assert!(r.rows.iter().all(|row| row.score.r == 0.0));
    // odd lines: duplicate ids, bad offsets, relations of every ignored kind
    let docs = read(&tmp.join("gold-rel.jsonl"));
    let (a, b, c) = (&docs[0], &docs[1], &docs[2]);
    let text = a.text.clone().unwrap_or_default();
    let odd = [
        json!({"id": a.id, "text": text, "spans": [
            {"id": "a", "start": 0, "end": 50, "label": "QUOTE"},
            {"id": "a", "start": 10, "end": 20, "label": "SOURCE"},
            {"start": "5", "end": 9.9, "label": "SOURCE"},
            {"id": 7, "start": -1, "end": 5, "label": "QUOTE"},
            {"id": "8", "start": 5, "end": 5, "label": "QUOTE"},
            {"id": "9", "start": 0, "end": 999_999, "label": "QUOTE"},
            {"id": 10, "start": 0, "end": 3, "label": "FIGURE"},
            {"id": "x", "label": "QUOTE"},
            {"id": 1.0, "start": 30, "end": 40, "label": "SOURCE"}],
         "relations": [
            {"from": "a", "to": 2, "type": "said_by"}, {"from": "a", "to": "7", "type": "said_by"},
            {"from": "a", "to": "10", "type": "said_by"}, {"from": "a", "to": "nope", "type": "said_by"},
            {"from": "a", "to": 2, "type": "cites"}, {"from": "a"}, 5, {"from": "9", "to": 2},
            {"from": "a", "to": "1.0", "type": "said_by"}, {"from": "x", "to": 2, "type": "said_by"}]}),
        json!({"id": a.id, "spans": []}),
        json!({"id": "not-a-stem"}),
        json!({"id": b.id, "text": "different", "spans": [{"start": 0, "end": 10, "label": "QUOTE"}]}),
        json!({"id": c.id, "spans": [{"start": 0, "end": 10, "label": "QUOTE"}], "relations": {"k": 1}}),
    ];
    let odd_path = tmp.join("odd.jsonl");
    write_lines(&odd_path, &odd);
    check_quotes(&shared, &odd_path, false);
    let null_rel = tmp.join("null-rel.jsonl");
    write_lines(
        &null_rel,
        &[json!({"id": b.id, "spans": null, "relations": null})],
    );
    assert!(check_quotes(&shared, &null_rel, false).pred_has_relations);
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn figures_app_gold_empty_and_odd_files_agree() {
    let (shared, tmp) = setup("figures");
    {
        let pred = app_predictions(NEWSQUANT_IN, &shared, &tmp, "app");
        check_figures(&shared, &pred);
        // the same with each span's attributes.value as its top-level "value"
        let mut lines = Vec::new();
        for line in fs::read_to_string(&pred).expect("read").lines() {
            let mut v: Value = serde_json::from_str(line).expect("json");
            for sp in v["spans"].as_array_mut().into_iter().flatten() {
                if let Some(x) = sp["attributes"]["value"].as_f64() {
                    sp["value"] = json!(x);
                }
            }
            lines.push(v);
        }
        let with_value = tmp.join("app-value.jsonl");
        write_lines(&with_value, &lines);
        check_figures(&shared, &with_value);
    }
    let gold = tmp.join("gold.jsonl");
    let nq = shared.join("corpus/newsquant-dev.json");
    py_run(
        &shared,
        &format!(
            "data = json.load(open({nq:?}))\nwith open({gold:?}, 'w') as f:\n    for i, x in enumerate(data):\n        \
         f.write(json.dumps({{'id': str(i), 'text': x['text'], 'spans': [{{'start': 0, 'end': 1, 'label': 'FIGURE', \
         'value': score.parse_gold_value(q['value'])[0]}} for q in x['quantities']]}}) + '\\n')"
        ),
    );
    assert_eq!(check_figures(&shared, &gold).rows[0].score.f1, Some(1.0));
    let empty = tmp.join("empty.jsonl");
    fs::write(&empty, "\n").expect("write");
    assert_eq!(check_figures(&shared, &empty).rows[0].score.r, 0.0);
    let t0 = read(&gold)[0].text.clone().unwrap_or_default();
    let odd = [
        json!({"id": "0", "text": t0, "spans": [
            {"start": 0, "end": 5, "label": "FIGURE", "value": "12"},
            {"label": "FIGURE", "value": "x"}, {"label": "FIGURE", "value": null, "start": 0, "end": 4},
            {"label": "FIGURE", "value": true}, {"label": "FIGURE", "value": [1]},
            {"label": "FIGURE", "value": -5}, {"label": "QUOTE", "start": 0, "end": 3},
            {"label": "FIGURE", "start": 3, "end": 999}, {"label": "FIGURE", "start": 9, "end": 2}]}),
        json!({"id": "0"}),
        json!({"id": "03"}),
        json!({"id": "99999"}),
        json!({"id": "abc"}),
        json!({"id": 1, "text": "changed: $5m and twenty-five thousand and a half", "spans": [
            {"start": 9, "end": 12, "label": "FIGURE"}, {"start": 17, "end": 49, "label": "FIGURE"}]}),
        json!({"id": "2", "spans": [{"start": "0", "end": "12", "label": "FIGURE"}]}),
    ];
    let odd_path = tmp.join("odd.jsonl");
    write_lines(&odd_path, &odd);
    check_figures(&shared, &odd_path);
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn parse_numbers_agrees_on_word_runs_of_the_corpus() {
    let (shared, tmp) = setup("numbers");
    // every run of 1..=6 words of every NewsQuant sentence and PolNeAR line
    let nq = shared.join("corpus/newsquant-dev.json");
    let data: Value = serde_json::from_str(&fs::read_to_string(&nq).expect("read")).expect("json");
    let mut texts: Vec<String> = data
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["text"].as_str().map(str::to_owned))
        .collect();
    let polnear = tmp.join("polnear.jsonl");
    let corpus = format!("{:?}", shared.join("corpus"));
    py_run(
        &shared,
        &POLNEAR_IN
            .replace("OUT", &format!("{polnear:?}"))
            .replace("CORPUS", &corpus),
    );
    for doc in read(&polnear) {
        texts.extend(doc.text.unwrap_or_default().lines().map(str::to_owned));
    }
    let mut windows = Vec::new();
    for text in &texts {
        let words: Vec<&str> = text.split(' ').collect();
        for i in 0..words.len() {
            for n in 1..=6.min(words.len() - i) {
                windows.push(words[i..i + n].join(" "));
            }
        }
    }
    let odd = [
        "$ 5 K",
        "\u{2212}3",
        "1,234,567.5",
        "1,2345",
        "12,345,67",
        "-.5",
        "x-5",
        "a-5",
        "5.-3",
        "five millionaires",
        "3 Million",
        "2bns",
        "3 thousand\u{17f}",
        "4 \u{212a}",
        "a hundred and five",
        "and a half",
        "two and",
        "zero hundred",
        "millionss",
        "one two three",
        "forty two thousand",
        "£5 B",
        "¥3k",
        "€ 2 tn",
        "1e5",
        "5 hundreds",
        "a an and",
        "half a dozen",
        "dozens",
        "\u{130}",
        "b\u{131}llion",
        "5\u{a0}million",
    ];
    windows.extend(odd.map(str::to_owned));
    windows.sort();
    windows.dedup();
    let input = tmp.join("windows.json");
    fs::write(&input, Value::from(windows.clone()).to_string()).expect("write");
    let output = tmp.join("numbers.json");
    let code = format!(
        "import struct\nws = json.load(open({input:?}, encoding='utf-8'))\n\
         bits = lambda x: struct.unpack('<q', struct.pack('<d', x))[0]\n\
         json.dump([[bits(x) for x in score.parse_numbers(w)] for w in ws], open({output:?}, 'w'))"
    );
    py_run(&shared, &code);
    let want: Vec<Vec<i64>> =
        serde_json::from_str(&fs::read_to_string(&output).expect("read")).expect("json");
    let mut bad = 0;
    for (w, want) in windows.iter().zip(&want) {
        let got = figures::parse_numbers(w);
        let want: Vec<f64> = want.iter().map(|b| f64::from_bits(*b as u64)).collect();
        if got
            .iter()
            .map(|x| x.to_bits())
            .ne(want.iter().map(|x| x.to_bits()))
        {
            bad += 1;
            eprintln!("{w:?}: rust {got:?} python {want:?}");
        }
    }
    assert_eq!(bad, 0, "of {} word runs", windows.len());
    eprintln!("parse_numbers: {} word runs agree", windows.len());
    let _ = fs::remove_dir_all(&tmp);
}

/// `marginalia eval --json` (the CLI users run) gives score.py's numbers on
/// the app's own suggestions, every row to the third decimal and beyond.
#[test]
fn the_eval_command_agrees_with_score_py() {
    let (shared, tmp) = setup("cli");
    let out_json = tmp.join("eval.json");
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("eval")
        .arg("--polnear")
        .arg(shared.join("corpus/polnear-dev"))
        .arg("--newsquant")
        .arg(shared.join("corpus/newsquant-dev.json"))
        .arg("--json")
        .arg(&out_json)
        .output()
        .expect("marginalia eval runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: Value =
        serde_json::from_str(&fs::read_to_string(&out_json).expect("json")).expect("json");
    for (task, input, gold) in [
        ("quotes", POLNEAR_IN, "corpus/polnear-dev"),
        ("figures", NEWSQUANT_IN, "corpus/newsquant-dev.json"),
    ] {
        let pred = app_predictions(input, &shared, &tmp, task);
        let (_, py) = score_py(&shared, task, &shared.join(gold), &pred, &[]);
        assert_eq!(
            ours[task], py,
            "{task}: marginalia eval differs from score.py"
        );
    }
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("QUOTE_direct") && printed.contains("FIGURE value-level"));
    let _ = fs::remove_dir_all(&tmp);
}
