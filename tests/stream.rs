//! `marginalia suggest --jsonl` as a streaming filter: order kept, bad lines
//! reported in place, the same bytes with any number of threads, and memory
//! that does not grow with the input.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const TEXTS: [&str; 4] = [
    "“We will not back down,” said Mara Quinn, the harbour master, as 1,200 workers marched.",
    "Police detained more than 100 people on Monday, according to Viasna.",
    "The council approved a €3.5 million budget — up 12% from last year.\r\nЕщё 17 человек 🚲 were freed.",
    "«Мы не отступим», — сказал он. 市议会批准了 300 万元预算。",
];

fn input(lines: usize) -> String {
    let mut out = String::new();
    for i in 0..lines {
        let line = serde_json::json!({"id": format!("a{i}"), "text": TEXTS[i % TEXTS.len()]});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Runs the filter on `stdin`; returns (stdout, stderr). The input is fed
/// from a thread so that a full pipe cannot stall the test.
fn filter(stdin: String, threads: usize) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["suggest", "--jsonl", "--threads", &threads.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start marginalia");
    let mut pipe = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || pipe.write_all(stdin.as_bytes()));
    let out = child.wait_with_output().expect("run marginalia");
    feeder.join().expect("feeder").expect("write stdin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("UTF-8 out"),
        String::from_utf8(out.stderr).expect("UTF-8 err"),
    )
}

#[test]
fn a_bad_line_in_the_middle_gives_one_error_line_and_the_rest_is_unchanged() {
    let good = input(1200);
    let (clean, err) = filter(good.clone(), 1);
    assert!(err.is_empty(), "{err}");
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(600, "{\"id\": \"broken\", \"text\": \"no closing quote}");
    let (with_bad, err) = filter(lines.join("\n") + "\n", 1);
    assert!(err.contains("line 601"), "stderr names the line: {err}");

    let out: Vec<&str> = with_bad.lines().collect();
    assert_eq!(out.len(), 1201, "one output line per input line");
    let error: serde_json::Value = serde_json::from_str(out[600]).expect("JSON error line");
    assert_eq!(error["line"], 601);
    assert!(error["error"].as_str().is_some_and(|e| !e.is_empty()));
    let mut rest = out.clone();
    rest.remove(600);
    assert_eq!(rest, clean.lines().collect::<Vec<_>>());
}

#[test]
fn two_threads_write_the_same_bytes_as_one() {
    let mut text = input(3000);
    text.push_str("not json\n{\"id\": 7}\n");
    text.push_str(&input(700));
    let (one, _) = filter(text.clone(), 1);
    let (two, _) = filter(text, 2);
    assert_eq!(one.lines().count(), 3702);
    assert!(one == two, "--threads 2 differs from --threads 1");
}

/// Peak RSS so far of a running process, in KiB (VmHWM).
#[cfg(target_os = "linux")]
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(target_os = "linux")]
#[test]
fn a_hundred_thousand_lines_stream_in_constant_memory() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["suggest", "--jsonl", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start marginalia");
    let mut pipe = child.stdin.take().expect("stdin");
    // About 12 MB of input, written as it is made: the test holds none of it.
    let feeder = std::thread::spawn(move || -> std::io::Result<()> {
        for chunk in 0..100 {
            let lines = input(1000).replace("\"id\":\"a", &format!("\"id\":\"{chunk}-"));
            pipe.write_all(lines.as_bytes())?;
        }
        Ok(())
    });
    let stdout = child.stdout.take().expect("stdout");
    let (mut count, mut spans) = (0usize, 0usize);
    let (mut early_kib, mut late_kib) = (0, 0);
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read");
        count += 1;
        spans += line.matches("\"label\"").count();
        // The peak after a tenth of the input, and near the end (the
        // process is still running: the last lines are not out yet).
        match count {
            10_000 => early_kib = peak_rss_kib(child.id()).expect("VmHWM"),
            99_000 => late_kib = peak_rss_kib(child.id()).expect("VmHWM"),
            _ => {}
        }
    }
    feeder.join().expect("feeder").expect("write stdin");
    assert!(child.wait().expect("wait").success());
    assert_eq!(count, 100_000);
    assert!(spans >= 200_000, "{spans} spans suggested");
    assert!(early_kib > 0 && late_kib >= early_kib);
    assert!(
        late_kib < 100 * 1024,
        "peak RSS {} MiB, over 100 MiB",
        late_kib / 1024
    );
    // Ten times the input, not ten times the memory: a filter that kept
    // its input or output would grow by several MB here.
    assert!(
        late_kib < early_kib + 4 * 1024,
        "peak RSS grew from {early_kib} KiB to {late_kib} KiB"
    );
}
