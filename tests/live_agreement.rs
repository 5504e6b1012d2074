//! One analysis, whatever the path: the report the app shows after Stop (live chunks) and
//! `starling analyze` of the same recording must tell the user the same things.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use starling::analysis::Report;
use starling::audio::capture::CaptureSource;
use starling::pipeline::{self, PipelineOptions};
use starling::recording::{RecordingEvent, RecordingJob};
use starling::transcribe::Engine;

/// A dev-set answer (two minutes, fillers and long pauses planted) from the shared generator.
fn dev_answer(id: &str) -> PathBuf {
    let dir = common::fixtures_dir().join("dev");
    let wav = dir.join(format!("{id}.wav"));
    if !wav.exists() {
        let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
        let out = Command::new("python3")
            .arg(eval.join("gen.py"))
            .arg(eval.join("stories-dev.json"))
            .arg(&dir)
            .args(["--only", id])
            .output()
            .expect("python3 runs the dev-set generator (run `make test` to install it)");
        assert!(out.status.success(), "gen.py failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    wav
}

/// The recording fed through the app's recorder and live transcriber, `speed` times real time:
/// the report at Stop and the saved recording.
/// `rate` is the microphone's: the answer is converted to it first.
fn live_report(
    wav: &Path,
    engine: Arc<dyn starling::transcribe::Transcriber>,
    speed: f32,
    rate: u32,
    out: &Path,
) -> (Report, PathBuf) {
    let decoded = starling::audio::wav::read_wav(wav).expect("read the answer");
    let samples = starling::audio::resample::resample(&decoded.mono, decoded.sample_rate, rate).expect("resample");
    let audio_s = samples.len() as f64 / rate as f64;
    let source = CaptureSource::Samples { samples: samples.into(), rate, speed };
    let saved = out.join("answer.wav");
    let (tx, rx) = std::sync::mpsc::channel();
    let mut job = RecordingJob::start(&source, &saved, Some(engine), PipelineOptions::default(), move |e| {
        let _ = tx.send(e);
    })
    .expect("recording starts");
    let deadline = Instant::now() + Duration::from_secs(600);
    while job.recorder().is_some_and(|r| r.recorded_s() < audio_s) {
        assert!(Instant::now() < deadline, "feeding the answer did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
    job.stop(Vec::new()).expect("stop");
    let report = loop {
        match rx.recv_timeout(Duration::from_secs(600)).expect("the live analysis finishes") {
            RecordingEvent::Words(_) => {}
            RecordingEvent::Finished(done) => break done.report,
            RecordingEvent::Failed(e) => panic!("live analysis failed: {e}"),
        }
    };
    job.join();
    (report, saved)
}

/// What a user reads of a report, item by item, for a readable failure.
fn verdict(r: &Report) -> Vec<String> {
    let mut lines =
        vec![format!("wpm {:.1}, {} words, {} long pauses", r.pacing.wpm, r.words.len(), r.pacing.long_pause_count)];
    lines.extend(r.fillers.items.iter().map(|f| format!("filler {} at {:.2}", f.text, f.start)));
    lines.extend(r.pacing.pauses.iter().map(|p| format!("pause {:.2}-{:.2}", p.start, p.end)));
    lines.extend(r.star.sections.iter().map(|s| format!("{:?} {:.2}-{:.2}", s.label, s.start, s.end)));
    lines.extend(r.findings.iter().map(|f| format!("finding {}", f.code)));
    lines.extend(r.coaching.next_time.iter().map(|t| format!("next time {}", t.code)));
    lines.extend(r.coaching.checks.iter().map(|t| format!("check {}", t.code)));
    lines
}

/// Same recording, same report: what the app shows at Stop is what `starling analyze` writes
/// for the saved answer, word for word, filler for filler, item for item.
#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn the_report_after_stop_is_the_report_of_analyzing_the_saved_file() {
    let Some(model) = common::model_path() else { return };
    let engine = Arc::new(Engine::load(&model).expect("model loads"));
    // Answers with planted fillers and long pauses; the live feed runs ahead of real time as
    // far as the machine allows: the chunks depend on the samples, never on their arrival.
    // The last through a 48 kHz microphone: the recording is converted while it comes in, the
    // saved file when it is analyzed, to the same samples.
    for (id, speed, rate) in [("002-06", 8.0, 16_000), ("002-11", 16.0, 16_000), ("002-21", 64.0, 48_000)] {
        let wav = dev_answer(id);
        let out = tempfile::tempdir().expect("temp dir");
        let (live, saved) = live_report(&wav, engine.clone(), speed, rate, out.path());
        let file =
            pipeline::analyze_file(&saved, engine.as_ref(), &PipelineOptions::default()).expect("analyze").report;
        assert!(live.words.len() > 100, "{id}: a whole answer was heard ({} words)", live.words.len());
        assert_eq!(verdict(&live), verdict(&file), "{id}: the app and `analyze` tell the user different things");
        assert_eq!(live, file, "{id}: the reports differ");
    }
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn a_report_that_cannot_be_written_after_stop_is_still_shown_and_the_user_told() {
    let Some(model) = common::model_path() else { return };
    let engine = Arc::new(Engine::load(&model).expect("model loads"));
    let wav = common::speech("story", common::STORY, 16_000, 1);
    let decoded = starling::audio::wav::read_wav(&wav).expect("read");
    let audio_s = decoded.mono.len() as f64 / decoded.sample_rate as f64;
    let source = CaptureSource::Samples { samples: decoded.mono.into(), rate: decoded.sample_rate, speed: 4.0 };
    let out = tempfile::tempdir().expect("temp dir");
    let answer = out.path().join("answer.wav");
    // A folder where the report file should go: the write fails as on a full or read-only disk.
    std::fs::create_dir(starling::store::report_file::path_for(&answer)).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut job = RecordingJob::start(&source, &answer, Some(engine), PipelineOptions::default(), move |e| {
        let _ = tx.send(e);
    })
    .expect("recording starts");
    while job.recorder().is_some_and(|r| r.recorded_s() < audio_s) {
        std::thread::sleep(Duration::from_millis(20));
    }
    job.stop(Vec::new()).expect("stop");
    let done = loop {
        match rx.recv_timeout(Duration::from_secs(300)).expect("the live analysis finishes") {
            RecordingEvent::Words(_) => {}
            RecordingEvent::Finished(done) => break done,
            RecordingEvent::Failed(e) => panic!("live analysis failed: {e}"),
        }
    };
    job.join();
    assert!(!done.report.words.is_empty(), "the answer is still analyzed and shown");
    let why = done.not_saved.expect("the failed write is reported, not ignored");
    assert!(why.contains("cannot write the report"), "{why}");
}
