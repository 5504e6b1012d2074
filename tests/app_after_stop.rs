//! After Stop, as a user sees it: a progress bar while the answer is transcribed and analyzed,
//! the other screens usable meanwhile, the review waiting for the user where they went, and
//! Cancel keeping the recording for later. A transcriber held at a gate makes the wait as
//! long as the test needs.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::ui::{harness, recorded, run_until, sample_source, scripted};
use common::{STORY, speech};
use egui_kittest::kittest::Queryable;
use starling::transcribe::{TranscribeError, Transcriber, WhisperSettings, Word};
use starling::ui::{AppConfig, Screen, StarlingApp};

/// Transcribes nothing until its gate opens, then as the scripted transcriber does.
struct Gated {
    inner: Arc<dyn Transcriber>,
    open: Arc<AtomicBool>,
}

impl Transcriber for Gated {
    fn transcribe(&self, samples: &[f32], settings: &WhisperSettings) -> Result<Vec<Word>, TranscribeError> {
        while !self.open.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.inner.transcribe(samples, settings)
    }

    fn name(&self) -> String {
        "gated".into()
    }

    fn file(&self) -> Option<&Path> {
        None
    }
}

/// An app recording the story through a closed gate; returns the gate.
fn gated_app(dir: &Path) -> (StarlingApp, Arc<AtomicBool>) {
    let wav = speech("story", STORY, 16_000, 1);
    let config = AppConfig { capture_override: Some(sample_source(&wav, 4.0)), ..scripted(dir) };
    let open = Arc::new(AtomicBool::new(false));
    let transcriber: Arc<dyn Transcriber> = Arc::new(Gated { inner: config.transcriber.clone().unwrap(), open: open.clone() });
    (StarlingApp::new(AppConfig { transcriber: Some(transcriber), ..config }), open)
}

/// Records a few seconds and stops: the answer is left waiting at the gate.
fn record_and_stop(h: &mut egui_kittest::Harness<'static, StarlingApp>) {
    h.run_steps(2);
    h.get_by_label("Record").click();
    h.run_steps(2);
    assert!(h.state().practice.is_recording(), "{:?}", h.state().practice.problem);
    run_until(h, "a few seconds of answer", Duration::from_secs(30), |app| recorded(app) > 3.0);
    h.get_by_label("Stop").click();
    h.run_steps(3);
    assert!(h.state().practice.is_analyzing());
}

#[test]
fn while_an_answer_is_analyzed_the_other_screens_work_and_the_review_waits_for_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let (app, gate) = gated_app(dir.path());
    let mut h = harness(app);
    record_and_stop(&mut h);
    h.get_by_label_contains("Transcribing: 0:00 of 0:0");
    h.get_by_label("Cancel");

    // Another screen while it waits; the status bar says how it is going.
    h.get_by_label("History").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::History, "navigation works while the answer is analyzed");
    h.get_by_label_contains("Transcribing: ");

    // Done: the review is ready, but the user stays where they went until they ask for it.
    gate.store(true, Ordering::Relaxed);
    run_until(&mut h, "the analysis", Duration::from_secs(30), |app| app.review().is_some());
    assert_eq!(h.state().screen(), Screen::History);
    assert!(!h.state().practice.is_active());
    h.get_by_label("Open the review").click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Review);
    assert!(h.state().review().unwrap().report().words.len() > 5);
    // The footer names the model and how it decoded, as the report records them.
    h.get_by_label_contains("Transcribed with gated, beam 5; report ready");
    assert!(h.query_by_label("Open the review").is_none(), "the notice went with its use");
}

#[test]
fn cancel_keeps_the_recording_for_later_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let (app, gate) = gated_app(dir.path());
    let mut h = harness(app);
    record_and_stop(&mut h);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().practice.is_active(), "back to Record at once");
    h.get_by_label_contains("Analysis cancelled");
    assert_eq!(h.state().history.unfinished.len(), 1, "the recording is offered for analysis");
    let kept = h.state().history.unfinished[0].session.id;

    // The worker, let go, ends without a word: no review appears by itself.
    gate.store(true, Ordering::Relaxed);
    for _ in 0..25 {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(h.state().review().is_none());
    h.get_by_label("Record");

    // History offers it; analyzing it there opens its review.
    h.get_by_label("History").click();
    h.run_steps(2);
    h.get_by_label("Analyze").click();
    run_until(&mut h, "the later analysis", Duration::from_secs(30), |app| app.screen() == Screen::Review);
    assert!(h.state().history.unfinished.is_empty());
    assert_eq!(h.state().history.selected, Some(kept));
}
