//! Sessions from the command line: import a recording, list it, export it, the history as CSV.

mod common;

use common::*;

#[test]
fn import_list_export_and_history() {
    let Some(model) = model_path() else { return };
    let data = tempfile::tempdir().unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let out = starling(data.path()).arg("import").arg(&wav).arg("--model").arg(&model).args(["--question", "bank-06"]).output().unwrap();
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
    let ok = starling(data.path()).args(["sessions", "export", "1", "--format", "json", "--out"]).arg(&json).status().unwrap();
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
