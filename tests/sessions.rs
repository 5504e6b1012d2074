//! Sessions from the command line: import a recording, list it, export it, the history as CSV.

mod common;

use common::*;

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn import_list_export_and_history() {
    let Some(model) = model_path() else { return };
    let data = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let out = starling(data.path())
        .arg("import")
        .arg(&wav)
        .arg("--model")
        .arg(&model)
        .args(["--question", "bank-06"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Session 1 "), "{}", stdout(&out));
    assert!(wav.is_file(), "the original is left where it was");

    let list = stdout(&starling(data.path()).args(["sessions", "list"]).output().unwrap());
    assert!(list.contains("broke production"), "{list}");

    let md = starling(data.path()).args(["sessions", "export", "1", "--format", "md"]).output().unwrap();
    assert!(md.status.success(), "{}", stderr(&md));
    let md = stdout(&md);
    assert!(md.contains("## STAR sections") && md.contains("checkout"), "{md}");

    let json = data.path().join("out.json");
    let ok = starling(data.path())
        .args(["sessions", "export", "1", "--format", "json", "--out"])
        .arg(&json)
        .status()
        .unwrap();
    assert!(ok.success());
    let report: starling::analysis::Report = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report.question.unwrap().id, "bank-06");

    let csv = stdout(&starling(data.path()).args(["history", "--csv"]).output().unwrap());
    let lines: Vec<_> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("id,date,title,question_id"));
    assert!(lines[1].starts_with("1,") && lines[1].contains("bank-06") && lines[1].contains("Ownership"), "{csv}");

    let missing = starling(data.path()).args(["sessions", "export", "7"]).output().unwrap();
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no session 7"), "{}", stderr(&missing));
}

#[test]
fn a_file_that_cannot_be_imported_leaves_no_session() {
    let data = tempfile::tempdir().unwrap();
    let bad = data.path().join("bad.wav");
    std::fs::write(&bad, b"RIFF1234WAVEjunk").unwrap();
    let out = starling(data.path()).arg("import").arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("bad.wav"), "{}", stderr(&out));
    let list = stdout(&starling(data.path()).args(["sessions", "list"]).output().unwrap());
    assert!(list.contains("No sessions yet"), "{list}");
}

/// A real recording process killed mid-answer (SIGKILL: no chance to finish the file) leaves
/// a session that is found, repaired and analyzable, holding all audio up to the last second.
#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn a_recording_killed_mid_answer_is_recovered() {
    use std::io::BufRead;
    let data = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let mut child = starling(data.path())
        .args(["record", "--no-analyze", "--input"])
        .arg(&wav)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut reported = 0.0;
    while reported < 4.0 {
        let line = lines.next().expect("the recorder reports progress").unwrap();
        reported = line
            .strip_prefix("recorded ")
            .and_then(|l| l.trim_end_matches(" s").parse::<f64>().ok())
            .unwrap_or(reported);
    }
    // Another process looking for cut-off recordings leaves this live one alone.
    let store = starling::store::Store::open(data.path()).unwrap();
    assert!(store.recover().unwrap().is_empty(), "a recording in progress was taken for a crashed one");
    drop(store);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The next start finds it.
    let store = starling::store::Store::open(data.path()).unwrap();
    let found = store.recover().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let seconds = *found[0].audio.as_ref().unwrap();
    eprintln!("killed after {reported:.2} s reported; recovered {seconds:.2} s");
    assert!(seconds >= reported - 1.0, "recovered {seconds:.2} s of the {reported:.2} s reported before the kill");
    let wav = store.folder_path(&found[0].session).join(starling::store::AUDIO_FILE);
    let audio = starling::audio::wav::read_wav(&wav).unwrap();
    assert!((audio.duration_s() - seconds).abs() < 0.01);
    drop(store);

    let list = stdout(&starling(data.path()).args(["sessions", "recover", "--list"]).output().unwrap());
    assert!(list.contains("recorded, not analyzed"), "{list}");
    let Some(model) = model_path() else { return };
    let out = starling(data.path()).args(["sessions", "recover", "--model"]).arg(&model).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("analyzed"), "{}", stdout(&out));
    let csv = stdout(&starling(data.path()).args(["history", "--csv"]).output().unwrap());
    assert!(csv.lines().nth(1).is_some_and(|l| l.contains(",analyzed,")), "{csv}");
    let again = stdout(&starling(data.path()).args(["sessions", "recover", "--list"]).output().unwrap());
    assert!(again.contains("No unfinished recordings"), "{again}");
}

/// A file given as the microphone without --seconds is recorded to its end, not followed by
/// minutes of silence.
#[test]
fn record_from_a_file_stops_when_the_file_ends() {
    let data = tempfile::tempdir().unwrap();
    let wav = speech("short-answer", "I shipped the feature on time.", 16_000, 1);
    let length = starling::audio::wav::read_wav(&wav).unwrap().duration_s();
    let started = std::time::Instant::now();
    let out = starling(data.path())
        .args(["record", "--no-analyze", "--input"])
        .arg(&wav)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(started.elapsed().as_secs_f64() < length + 10.0, "took {:?} for a {length:.1} s file", started.elapsed());
    let store = starling::store::Store::open(data.path()).unwrap();
    let session = store.list(&Default::default()).unwrap().sessions.remove(0);
    let recorded = starling::audio::wav::read_wav(&store.folder_path(&session).join(starling::store::AUDIO_FILE))
        .unwrap()
        .duration_s();
    assert!((recorded - length).abs() < 0.6, "recorded {recorded:.2} s of a {length:.2} s file");
}

/// `record` stops by itself after --seconds and analyzes the answer into the history.
#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn record_from_the_command_line_makes_an_analyzed_session() {
    let Some(model) = model_path() else { return };
    let data = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let out = starling(data.path())
        .args(["record", "--seconds", "3", "--question", "bank-06", "--input"])
        .arg(&wav)
        .arg("--model")
        .arg(&model)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Session 1 "), "{}", stdout(&out));
    let csv = stdout(&starling(data.path()).args(["history", "--csv"]).output().unwrap());
    assert!(csv.contains("bank-06") && csv.contains(",analyzed,"), "{csv}");
}

/// The browser this machine has, if any; in CI one must be there (`make test` installs it).
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs chromium for the HTML export test: run scripts/install-deps.sh"
        );
        eprintln!("skipping: no chromium on this machine");
    }
    found
}

/// The HTML export opened in headless Chromium: it loads without console errors, its DOM has
/// the timeline and the transcript, and it renders to a screenshot.
#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn the_html_export_renders_in_chromium() {
    let Some(model) = model_path() else { return };
    let Some(browser) = chromium() else { return };
    let data = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let out = starling(data.path())
        .arg("import")
        .arg(&wav)
        .arg("--model")
        .arg(&model)
        .args(["--question", "bank-06"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = data.path().join("report.html");
    let ok = starling(data.path())
        .args(["sessions", "export", "1", "--format", "html", "--out"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    let url = format!("file://{}", html.display());
    let headless =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0"];
    let profile = format!("--user-data-dir={}", data.path().join("chromium").display());
    let dom =
        std::process::Command::new(browser).args(headless).arg(&profile).arg("--dump-dom").arg(&url).output().unwrap();
    assert!(dom.status.success(), "{}", stderr(&dom));
    let page = stdout(&dom);
    assert!(page.contains("<svg") && page.contains("Transcript") && page.contains("checkout"), "{page}");
    let log = stderr(&dom);
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    let shot = data.path().join("report.png");
    let png = std::process::Command::new(browser)
        .args(headless)
        .arg(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1100,1400")
        .arg(&url)
        .output()
        .unwrap();
    assert!(png.status.success(), "{}", stderr(&png));
    let bytes = std::fs::read(&shot).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "{} bytes", bytes.len());
}

/// A new user's plan and coverage: three questions on principles no answer covers, as text and
/// JSON, and a grid of the 16 principles with nothing in it yet.
#[test]
fn plan_and_coverage_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let text = starling(data.path()).args(["plan", "--date", "2026-11-27"]).output().unwrap();
    assert!(text.status.success(), "{}", stderr(&text));
    let text = stdout(&text);
    assert!(text.starts_with("Today, Friday 27 November 2026: 3 questions"), "{text}");
    assert_eq!(text.matches("No answer covers").count(), 3, "{text}");
    let json = starling(data.path()).args(["plan", "--json", "--count", "5"]).output().unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(plan["items"].as_array().unwrap().len(), 5);
    assert_eq!(plan["items"][0]["why"]["kind"], "uncovered");
    let grid = starling(data.path()).args(["coverage", "--json"]).output().unwrap();
    let grid: serde_json::Value = serde_json::from_slice(&grid.stdout).unwrap();
    assert_eq!(grid["principles"].as_array().unwrap().len(), 16);
    assert!(grid["principles"].as_array().unwrap().iter().all(|p| p["attempts"] == 0));
    let bad = starling(data.path()).args(["plan", "--count", "0"]).output().unwrap();
    assert!(!bad.status.success());
}
