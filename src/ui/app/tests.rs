//! States the walk-through found stale, checked on the app itself (no window needed).

use super::*;
use crate::transcribe::Word;
use crate::transcribe::scripted::ScriptedTranscriber;

fn app(dir: &std::path::Path) -> StarlingApp {
    let mut app = StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.to_path_buf()) });
    // Whatever the machine has installed, this app starts without a model.
    app.engine = EngineState::Missing("none".into());
    app
}

#[test]
fn model_not_ready_is_forgotten_once_the_model_has_loaded() {
    let dir = tempfile::tempdir().expect("dir");
    let mut app = app(dir.path());
    crate::ui::app::practice_jobs::start_recording(&mut app);
    assert_eq!(app.practice.problem, Some(crate::ui::common::recorder::Problem::ModelNotReady));
    let scripted: Arc<dyn Transcriber> = Arc::new(ScriptedTranscriber::new("Hello there."));
    app.notifier().send(AppEvent::Engine(Ok(scripted)));
    app.apply_events();
    assert!(app.engine().is_some());
    assert_eq!(app.practice.problem, None);
}

#[test]
fn another_question_starts_with_a_clean_practice_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let mut app = app(dir.path());
    app.choose_question("bank-01".into());
    app.practice.live_words.push(Word { text: "old".into(), start: 0.0, end: 0.3, probability: 0.9 });
    app.practice.markers.push(crate::analysis::star::Marker { time: 1.0, label: crate::analysis::StarLabel::Action });
    // The same question again keeps what is there; another one clears it.
    app.choose_question("bank-01".into());
    assert_eq!(app.practice.live_words.len(), 1);
    app.choose_question("bank-02".into());
    assert!(app.practice.live_words.is_empty() && app.practice.markers.is_empty());
    assert_eq!(app.question_id.as_deref(), Some("bank-02"));
}

#[test]
fn two_asks_to_record_in_one_frame_make_one_recording() {
    let dir = tempfile::tempdir().expect("dir");
    let scripted: Arc<dyn Transcriber> = Arc::new(ScriptedTranscriber::new("Hello there."));
    let tone: Vec<f32> = (0..16_000 * 2).map(|i| 0.3 * (i as f32 * 0.05).sin()).collect();
    let source = crate::audio::capture::CaptureSource::Samples { samples: Arc::from(tone), rate: 16_000, speed: 1.0 };
    let config = AppConfig {
        silent: true,
        transcriber: Some(scripted),
        capture_override: Some(source),
        ..AppConfig::new(dir.path().to_path_buf())
    };
    let mut app = StarlingApp::new(config);
    app.settings.mic_checked = true;
    app.send(AppCommand::StartRecording);
    app.send(AppCommand::StartRecording);
    app.apply_commands();
    assert!(app.practice.is_recording(), "{:?}", app.practice.problem);
    let sessions = app.store().expect("store").list(&crate::store::Filter::default()).expect("list").sessions.len();
    assert_eq!(sessions, 1, "one answer, one session");
    app.send(AppCommand::DiscardRecording);
    app.apply_commands();
    assert!(!app.practice.is_active());
}
