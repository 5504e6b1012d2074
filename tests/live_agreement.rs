//! One analysis, whatever the path: the report the app shows after Stop (live chunks) and
//! `starling analyze` of the same recording must tell the user the same things.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use starling::analysis::{Report, StarLabel};
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

/// The recording fed through the app's recorder and live transcriber, four times real time.
fn live_report(wav: &Path, engine: Arc<dyn starling::transcribe::Transcriber>) -> Report {
    let decoded = starling::audio::wav::read_wav(wav).expect("read the answer");
    let samples = decoded.mono;
    let audio_s = samples.len() as f64 / decoded.sample_rate as f64;
    let source = CaptureSource::Samples { samples: samples.into(), rate: decoded.sample_rate, speed: 4.0 };
    let out = tempfile::tempdir().expect("temp dir");
    let (tx, rx) = std::sync::mpsc::channel();
    let mut job = RecordingJob::start(&source, &out.path().join("answer.wav"), Some(engine), PipelineOptions::default(), move |e| {
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
    report
}

/// Share of the speech span (every 0.1 s) on which both reports name the same section.
fn section_agreement(a: &Report, b: &Report) -> f64 {
    let label_at = |r: &Report, t: f64| -> Option<StarLabel> { r.star.sections.iter().find(|s| s.start <= t && t < s.end).map(|s| s.label) };
    let span = a.pacing.speech_span.expect("speech");
    let (mut same, mut total) = (0usize, 0usize);
    let mut t = span.start;
    while t < span.end {
        total += 1;
        same += usize::from(label_at(a, t) == label_at(b, t));
        t += 0.1;
    }
    same as f64 / total.max(1) as f64
}

fn word_error(reference: &[String], hypothesis: &[String]) -> f64 {
    let mut prev: Vec<usize> = (0..=hypothesis.len()).collect();
    for (i, x) in reference.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, y) in hypothesis.iter().enumerate() {
            cur.push((prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + usize::from(x != y)));
        }
        prev = cur;
    }
    prev[hypothesis.len()] as f64 / reference.len().max(1) as f64
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn the_report_after_stop_agrees_with_analyzing_the_file() {
    let Some(model) = common::model_path() else { return };
    let engine = Arc::new(Engine::load(&model).expect("model loads"));
    let wav = dev_answer("002-06");
    let file = pipeline::analyze_file(&wav, engine.as_ref(), &PipelineOptions::default()).expect("analyze").report;
    let live = live_report(&wav, engine.clone());

    let words = |r: &Report| common::plain_words(&r.transcript);
    let wer = word_error(&words(&file), &words(&live));
    eprintln!("live vs file: WER {wer:.3}, wpm {:.0} / {:.0}, fillers {} / {}", file.pacing.wpm, live.pacing.wpm, file.fillers.count, live.fillers.count);
    assert!(wer <= 0.15, "live and file transcripts differ by {wer:.3} WER:\nfile: {}\nlive: {}", file.transcript, live.transcript);
    let (wf, wl) = (file.pacing.wpm, live.pacing.wpm);
    assert!((wf - wl).abs() / wf <= 0.05, "pace {wf:.0} vs {wl:.0} wpm");
    let (ff, fl) = (file.fillers.count as i64, live.fillers.count as i64);
    assert!((ff - fl).abs() <= 1, "fillers: file {:?}, live {:?}", file.fillers.items, live.fillers.items);
    let long = |r: &Report| r.pacing.long_pause_count;
    assert_eq!(long(&file), long(&live), "long pauses differ");
    // The two paths transcribe apart (issue 38 makes them one): a closing step whisper ran into
    // the Result in one and said as a sentence of its own in the other is labelled apart since
    // the labelling stopped taking the last sentences for a Result by position. The sections
    // that carry the answer (a tenth of it or more) come in the same order; all of it agrees
    // on at least 90% of the time (below).
    let labels = |r: &Report| r.star.sections.iter().filter(|s| s.share >= 0.1).map(|s| s.label).collect::<Vec<_>>();
    assert_eq!(labels(&file), labels(&live), "STAR sections differ");
    let agreement = section_agreement(&file, &live);
    assert!(agreement >= 0.9, "sections agree on only {:.0}% of the answer", agreement * 100.0);

    // `analyze --live-chunks`, which the eval uses to score the app's path on files, cuts and
    // transcribes as the recorder's worker does. (One test: the live feed is the slow part,
    // and two tests generating the same answer at once would race on its file.)
    let options = PipelineOptions { live_chunks: true, ..PipelineOptions::default() };
    let chunked = pipeline::analyze_file(&wav, engine.as_ref(), &options).expect("analyze in chunks").report;
    let wer = word_error(&words(&live), &words(&chunked));
    assert!(wer <= 0.05, "chunked and live transcripts differ by {wer:.3} WER:\nchunked: {}\nlive: {}", chunked.transcript, live.transcript);
    assert_eq!(chunked.fillers.count, live.fillers.count, "fillers differ");
    assert_eq!(chunked.pacing.long_pause_count, live.pacing.long_pause_count, "long pauses differ");
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
