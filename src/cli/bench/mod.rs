//! Benchmarks (`starling bench ...`): the whole analysis, the live path and the review
//! screen's frame times, measured side by side as the README reports them.

pub mod history;
pub mod loaded;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::pipeline::{self, PipelineOptions};
use crate::transcribe::catalog::format_size;
use crate::transcribe::engine;

use super::User;
use crate::store::report_file;

/// Peak resident memory of this process (Linux), for `--stats` and the benchmark. Elsewhere
/// None: under Wine a Windows build would read the Wine loader's own /proc entry.
pub(crate) fn peak_memory() -> Option<u64> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

pub(super) fn bench(wav: &Path, user: &User, model: Option<&Path>, runs: usize) -> Result<ExitCode> {
    let load_start = Instant::now();
    let engine = user.engine(model)?;
    let load = load_start.elapsed();
    // Against bare full() over the whole file, the pipeline transcribes in whole windows too:
    // what is measured is its own cost (the chunked path is `bench --live`).
    let options = PipelineOptions { whole_window: true, ..PipelineOptions::default() };
    let speech = crate::audio::load_speech(wav)?;
    let audio_s = speech.duration_s();
    let out = std::env::temp_dir().join(format!("starling-bench-{}.json", std::process::id()));
    // The plumbing is judged against bare full() with the second pass off: that pass is more
    // whisper work, reported on its own line with the words it recovered.
    let single_pass = PipelineOptions {
        whisper: crate::transcribe::WhisperSettings { fill_skipped: false, ..options.whisper.clone() },
        ..options.clone()
    };
    let (mut bare, mut full, mut single, mut decode) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut words_full, mut words_single) = (0, 0);
    // Warm-up so neither side pays for first-touch page faults.
    {
        let mut state = engine.new_state()?;
        engine::run_full(&mut state, &speech.samples, &options.whisper)?;
    }
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let mut state = engine.new_state()?;
        engine::run_full(&mut state, &speech.samples, &options.whisper)?;
        bare.push(t.elapsed());

        let t = Instant::now();
        drop(crate::audio::load_speech(wav)?);
        decode.push(t.elapsed());

        let t = Instant::now();
        let analysis = pipeline::analyze_file(wav, &engine, &single_pass)?;
        report_file::write(&out, &analysis.report)?;
        single.push(t.elapsed());
        words_single = analysis.report.words.len();

        let t = Instant::now();
        let analysis = pipeline::analyze_file(wav, &engine, &options)?;
        report_file::write(&out, &analysis.report)?;
        full.push(t.elapsed());
        words_full = analysis.report.words.len();
    }
    let _ = std::fs::remove_file(&out);
    // The analysis alone, after transcription: it reruns whenever the user edits a section.
    let words = engine.transcribe(&speech.samples, &options.whisper)?;
    let input = crate::analysis::AnalysisInput {
        words: &words,
        samples: &speech.samples,
        duration_s: audio_s,
        model: pipeline::model_ref(&engine, &options),
        source: None,
        question: None,
        markers: &[],
        words_aligned: false,
        star_model: None,
        corrections: &Default::default(),
    };
    let mut analysis_only: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(crate::analysis::analyze(&input, &options.analysis));
            t.elapsed()
        })
        .collect();
    // The delivery measures (issue 19) inside that analysis, timed alone on the same words: the
    // voice detection they read is the analysis's own and not counted.
    let report = crate::analysis::analyze(&input, &options.analysis);
    let voice = crate::audio::voice::VoiceActivity::detect(&speech.samples);
    let delivery_input = crate::analysis::delivery::DeliveryInput {
        words: &report.words,
        samples: &speech.samples,
        voice: &voice,
        star: &report.star,
        question: None,
        min_word_probability: options.analysis.min_word_probability,
    };
    let mut delivery: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(crate::analysis::delivery::measure(&delivery_input));
            t.elapsed()
        })
        .collect();
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64()
    };
    let delivery_s = median(&mut delivery);
    let (b, f, p, d) = (median(&mut bare), median(&mut full), median(&mut single), median(&mut decode));
    let a = median(&mut analysis_only);
    println!("audio            {:.1} s ({})", audio_s, wav.display());
    println!("model            {} (load {:.2} s)", engine.info().label(), load.as_secs_f64());
    println!("runs             {} of each, interleaved", runs.max(1));
    println!("bare full()      {:.3} s median", b);
    println!("pipeline, 1 pass {:.3} s median (decode, resample, transcribe, words, analysis, JSON)", p);
    println!("decode+resample  {:.3} s median (of which the pipeline's overhead is made)", d);
    println!("overhead         {:+.1}% (one pass against bare full())", (p / b - 1.0) * 100.0);
    println!("whole pipeline   {:.3} s median, with the second pass over skipped speech", f);
    println!(
        "second pass      {:+.3} s ({:+.1}%), {} words recovered ({} -> {})",
        f - p,
        (f / p - 1.0) * 100.0,
        words_full as i64 - words_single as i64,
        words_single,
        words_full
    );
    println!("analysis alone   {:.1} ms median of 20 ({} words)", a * 1000.0, words.len());
    println!(
        "  of it delivery {:.1} ms median of 20 (pitch contour, loudness, fluency, pet phrases)",
        delivery_s * 1000.0
    );
    println!(
        "real-time factor {:.3} (pipeline incl. model load: {:.3})",
        f / audio_s,
        (f + load.as_secs_f64()) / audio_s
    );
    println!("peak memory      {}", peak_memory().map(format_size).unwrap_or_else(|| "n/a".into()));
    Ok(ExitCode::SUCCESS)
}

/// The live path as the app runs it: recorder -> live transcription -> analysis at Stop; with
/// `load`, fed a second time while that many other programs keep a core busy each.
pub(super) fn bench_live(wav: &Path, user: &User, model: Option<&Path>, speed: f32, load: usize) -> Result<ExitCode> {
    let engine = std::sync::Arc::new(user.engine(model)?);
    let decoded = crate::audio::wav::read_wav(wav)?;
    let rate = decoded.sample_rate;
    let samples: std::sync::Arc<[f32]> = decoded.mono.into();
    let audio_s = samples.len() as f64 / rate as f64;
    let whole = engine.transcribe(&crate::audio::load_speech(wav)?.samples, &PipelineOptions::default().whisper)?;
    println!("audio             {audio_s:.1} s at {rate} Hz, fed at x{speed} ({})", wav.display());
    println!("model             {}; whole-file transcription: {} words", engine.info().label(), whole.len());
    let idle = live_once(&engine, samples.clone(), rate, speed)?;
    idle.print("idle");
    if load > 0 {
        let busy = loaded::BusyPrograms::start(load)?;
        let loaded = live_once(&engine, samples, rate, speed)?;
        drop(busy);
        loaded.print(&format!("{load} busy programs"));
        println!("stop -> report, loaded / idle: {:.2}x", loaded.latency / idle.latency.max(1e-3));
    }
    Ok(ExitCode::SUCCESS)
}

struct LiveRun {
    recorded_s: f64,
    dropped: u64,
    live_words: usize,
    report_words: usize,
    busy_s: f64,
    feed_s: f64,
    lag: f64,
    latency: f64,
    worker_latency: f64,
}

impl LiveRun {
    fn print(&self, label: &str) {
        println!("-- {label}");
        println!("recorded          {:.1} s, dropped frames {}", self.recorded_s, self.dropped);
        println!("words             {} live before Stop, {} in the report", self.live_words, self.report_words);
        println!(
            "whisper busy      {:.1} s while recording ({:.0}% of the feeding time)",
            self.busy_s,
            self.busy_s / self.feed_s * 100.0
        );
        println!("feeding overrun   {:.2} s", self.lag);
        println!("stop -> report    {:.2} s (worker's own count {:.2} s)", self.latency, self.worker_latency);
    }
}

fn live_once(
    engine: &std::sync::Arc<crate::transcribe::Engine>,
    samples: std::sync::Arc<[f32]>,
    rate: u32,
    speed: f32,
) -> Result<LiveRun> {
    use crate::audio::capture::CaptureSource;
    use crate::recording::{RecordingEvent, RecordingJob};
    let audio_s = samples.len() as f64 / rate as f64;
    let dir = tempfile_dir()?;
    let out = dir.join("live.wav");
    let source = CaptureSource::Samples { samples, rate, speed };
    let (tx, rx) = std::sync::mpsc::channel();
    let mut job = RecordingJob::start(&source, &out, Some(engine.clone()), PipelineOptions::default(), move |e| {
        let _ = tx.send(e);
    })?;
    let started = Instant::now();
    let mut live_words = 0usize;
    let feed_s = audio_s / speed as f64;
    eprintln!("feeding {audio_s:.1} s of audio at x{speed} ({feed_s:.0} s)...");
    while job.recorder().is_some_and(|r| r.recorded_s() < audio_s) {
        while let Ok(RecordingEvent::Words(w)) = rx.try_recv() {
            live_words += w.len();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let lag = started.elapsed().as_secs_f64() - feed_s;
    let summary = job.stop(Vec::new())?;
    let stop = Instant::now();
    let finished = loop {
        match rx.recv()? {
            RecordingEvent::Words(w) => live_words += w.len(),
            RecordingEvent::Finished(done) => break done,
            RecordingEvent::Failed(e) => bail!("live analysis failed: {e}"),
        }
    };
    let latency = stop.elapsed().as_secs_f64();
    job.join();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(LiveRun {
        recorded_s: summary.frames as f64 / rate as f64,
        dropped: summary.dropped_frames as u64,
        live_words,
        report_words: finished.words.len(),
        busy_s: finished.transcribe_busy_s,
        feed_s,
        lag,
        latency,
        worker_latency: finished.stop_to_report_s.unwrap_or_default(),
    })
}

/// Frame times of the review screen with a whole answer on it. The answer is analyzed first;
/// each frame then moves the playhead on (so the highlighted word changes and the transcript
/// scrolls to follow it), runs egui's pass and tessellates, at 60 frames a second.
pub(super) fn bench_ui(wav: &Path, user: &User, model: Option<&Path>, frames: usize) -> Result<ExitCode> {
    use crate::ui::{AppConfig, StarlingApp};
    let dir = tempfile_dir()?;
    let report_path = dir.join("answer.report.json");
    let engine = user.engine(model)?;
    let report = pipeline::analyze_file(wav, &engine, &PipelineOptions::default())?.report;
    report_file::write(&report_path, &report)?;
    let answer = crate::recording::FinishedAnswer::open(wav, &report_path)?;
    let duration = answer.report.duration_s;
    let words = answer.report.words.len();
    let mut app = StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.clone()) });
    app.open_review(answer);
    let ctx = egui::Context::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 820.0));
    let frames = frames.max(10);
    let (mut pass, mut tessellate) = (Vec::with_capacity(frames), Vec::with_capacity(frames));
    let mut vertices = 0usize;
    let started = Instant::now();
    for i in 0..frames + 10 {
        let frame_start = Instant::now();
        if let Some(review) = app.review_mut() {
            review.seek(duration * i as f64 / (frames + 10) as f64);
        }
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(started.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let t = Instant::now();
        let mut output = ctx.run_ui(input, |ui| app.show(ui));
        let pass_s = t.elapsed();
        let t = Instant::now();
        let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        vertices = primitives
            .iter()
            .map(|p| if let egui::epaint::Primitive::Mesh(m) = &p.primitive { m.vertices.len() } else { 0 })
            .sum();
        let tessellate_s = t.elapsed();
        output.textures_delta.clear();
        // The first frames lay out fonts and fill the glyph atlas.
        if i >= 10 {
            pass.push(pass_s);
            tessellate.push(tessellate_s);
        }
        std::thread::sleep(Duration::from_micros(16_667).saturating_sub(frame_start.elapsed()));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let total: Vec<Duration> = pass.iter().zip(&tessellate).map(|(a, b)| *a + *b).collect();
    let ms = |v: &[Duration], q: f64| {
        let mut v = v.to_vec();
        v.sort();
        v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
    };
    println!("answer            {duration:.1} s, {words} words ({})", wav.display());
    println!(
        "frames            {} timed at 1280x820, the playhead moving through the whole answer ({vertices} vertices in the last)",
        pass.len()
    );
    println!(
        "egui pass         {:.2} ms median, {:.2} ms p95, {:.2} ms max",
        ms(&pass, 0.5),
        ms(&pass, 0.95),
        ms(&pass, 1.0)
    );
    println!(
        "tessellation      {:.2} ms median, {:.2} ms p95, {:.2} ms max",
        ms(&tessellate, 0.5),
        ms(&tessellate, 0.95),
        ms(&tessellate, 1.0)
    );
    println!(
        "frame (both)      {:.2} ms median, {:.2} ms p95, {:.2} ms max (budget 16.7 ms)",
        ms(&total, 0.5),
        ms(&total, 0.95),
        ms(&total, 1.0)
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("starling-bench-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    Ok(dir)
}
