//! Helpers for the desktop app's flows (egui_kittest): a harness, stepping until something
//! holds, typing, an app that hears the story through the scripted transcriber, and a
//! recording source fed from a WAV file.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use starling::audio::capture::CaptureSource;
use starling::settings::Settings;
use starling::ui::{AppConfig, StarlingApp};

use super::STORY;

pub fn harness(app: StarlingApp) -> Harness<'static, StarlingApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(|ui, app: &mut StarlingApp| app.show(ui), app)
}

/// Steps the UI (sleeping between frames, as a real frame loop would) until `done` holds.
pub fn run_until(
    h: &mut Harness<'static, StarlingApp>,
    what: &str,
    timeout: Duration,
    done: impl Fn(&StarlingApp) -> bool,
) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(2);
}

/// Focuses the text field labelled `label` and types into it.
pub fn type_into(h: &mut Harness<'static, StarlingApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// An app on `dir` that hears the story through the scripted transcriber (no model needed).
pub fn scripted(dir: &Path) -> AppConfig {
    Settings { prep_seconds: 0, ..Settings::default() }.save(dir).unwrap();
    let transcriber: Arc<dyn starling::transcribe::Transcriber> =
        Arc::new(starling::transcribe::scripted::ScriptedTranscriber::new(STORY));
    AppConfig { silent: true, transcriber: Some(transcriber), ..AppConfig::new(dir.to_path_buf()) }
}

pub fn data_dir_with_model(dir: &Path, model: &Path) {
    let settings = Settings { model_path: Some(model.to_path_buf()), prep_seconds: 0, ..Settings::default() };
    settings.save(dir).unwrap();
}

pub fn sample_source(wav: &Path, speed: f32) -> CaptureSource {
    let mut reader = hound::WavReader::open(wav).unwrap();
    let rate = reader.spec().sample_rate;
    let samples: Vec<f32> = reader.samples::<i16>().map(|s| s.unwrap() as f32 / 32768.0).collect();
    CaptureSource::Samples { samples: Arc::from(samples), rate, speed }
}

pub fn recorded(app: &StarlingApp) -> f64 {
    app.practice().recorded_s()
}
