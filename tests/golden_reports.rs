//! Every report file a Starling build has written still reads with today's build (the schema
//! promise of the README): nothing in it is lost, what it lacks takes its default, and every
//! export renders it.

use std::path::PathBuf;

use serde_json::Value;
use starling::analysis::{AnalysisSettings, Report};

fn golden_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Every key of `old` is in `new` with the same value (arrays element by element).
fn contained(old: &Value, new: &Value, path: &str) -> Result<(), String> {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => a.iter().try_for_each(|(k, v)| match b.get(k) {
            Some(w) => contained(v, w, &format!("{path}.{k}")),
            None => Err(format!("{path}.{k} is no longer written")),
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (v, w))| contained(v, w, &format!("{path}[{i}]")))
        }
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: {a} became {b}")),
    }
}

#[test]
fn every_report_file_ever_written_still_reads_whole() {
    let files = golden_files();
    assert!(files.len() >= 3, "golden files: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("golden file");
        let old: Value = serde_json::from_str(&text).expect("JSON");
        let report: Report =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} no longer reads: {e}", file.display()));
        assert_eq!(report.schema_version, 1, "{}", file.display());
        assert!(!report.words.is_empty() && !report.star.sections.is_empty(), "{}", file.display());
        // Through text, as a file is written: an f32 keeps its short decimal form.
        let again: Value = serde_json::from_str(&serde_json::to_string(&report).expect("written again")).expect("JSON");
        if let Err(e) = contained(&old, &again, "report") {
            panic!("{}: {e}", file.display());
        }
        if old.get("settings").is_none() {
            assert_eq!(
                report.settings,
                AnalysisSettings::default(),
                "{}: a report without settings was judged by the defaults",
                file.display()
            );
        }
        let session = starling::store::Session {
            id: 1,
            folder: "f".into(),
            created_at: "2026-11-26 10:00:00".into(),
            title: None,
            question_id: None,
            question_text: None,
            principle: None,
            story_id: None,
            status: starling::store::SessionStatus::Analyzed,
            duration_s: Some(report.duration_s),
            wpm: Some(report.pacing.wpm),
            fillers_per_min: None,
            i_share: None,
            star_shares: [None; 5],
            pitch_range: None,
            run_length: None,
            pet_phrases: Vec::new(),
            interview: None,
            follow_up_of: None,
        };
        let markdown = starling::export::markdown::session(&session, &report);
        let html = starling::export::html::session(&session, &report);
        let first = &report.words[0].text;
        assert!(markdown.contains(first.trim()) && html.contains("STAR sections"), "{}", file.display());
    }
}

#[test]
fn the_newest_golden_file_has_every_field_this_build_writes() {
    // A field added without a golden file that carries it would go untested against later builds.
    let newest = std::fs::read_to_string(
        golden_files().into_iter().find(|p| p.ends_with("report-v1-current.json")).expect("report-v1-current.json"),
    )
    .expect("read");
    let old: Value = serde_json::from_str(&newest).expect("JSON");
    let report: Report = serde_json::from_str(&newest).expect("reads");
    let written: Value = serde_json::from_str(&serde_json::to_string(&report).expect("written")).expect("JSON");
    fn keys(v: &Value, path: &str, out: &mut Vec<String>) {
        if let Value::Object(m) = v {
            for (k, w) in m {
                out.push(format!("{path}.{k}"));
                keys(w, &format!("{path}.{k}"), out);
            }
        }
    }
    let (mut have, mut want) = (Vec::new(), Vec::new());
    keys(&old, "", &mut have);
    keys(&written, "", &mut want);
    let missing: Vec<_> = want.iter().filter(|k| !have.contains(k)).collect();
    assert!(missing.is_empty(), "add a golden file written by this build; the newest lacks {missing:?}");
}
