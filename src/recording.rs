//! One answer being recorded: capture to disk, live transcription on a worker thread, and the
//! full analysis as soon as the recording stops. The desktop app and `bench live` drive it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use crate::analysis::Report;
use crate::analysis::star::Marker;
use crate::audio::capture::{CaptureError, CaptureOptions, CaptureSource, CaptureSummary, Recorder};
use crate::audio::resample::StreamResampler;
use crate::audio::voice::VoiceActivity;
use crate::audio::{self, SpeechAudio, WHISPER_RATE};
use crate::pipeline::{self, PipelineOptions};
use crate::store::report_file::{self, ReportFileError};
use crate::transcribe::live::LiveTranscriber;
use crate::transcribe::{Transcriber, Word};

/// What the worker reports, in order: words as chunks finish, then one `Finished` or `Failed`.
#[derive(Debug)]
pub enum RecordingEvent {
    Words(Vec<Word>),
    Finished(Box<FinishedAnswer>),
    Failed(String),
}

/// Everything the review screen needs about one answer.
#[derive(Debug, Clone)]
pub struct FinishedAnswer {
    pub report: Report,
    pub words: Vec<Word>,
    pub speech: Arc<SpeechAudio>,
    pub wav: PathBuf,
    /// Why the recording ended early (device lost, disk full), if it did.
    pub interrupted: Option<String>,
    /// Why the report could not be written beside the recording, if it could not: the answer
    /// is shown, and the user told it is not kept.
    pub not_saved: Option<String>,
    /// Seconds from Stop to the finished report (None for an answer opened from disk).
    pub stop_to_report_s: Option<f64>,
    /// Seconds whisper worked during the recording.
    pub transcribe_busy_s: f64,
    /// `words` are the report's own, already aligned to the voice (an answer opened from disk).
    pub words_aligned: bool,
}

/// Why a saved answer cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Audio(#[from] audio::AudioError),
    #[error(transparent)]
    Report(#[from] ReportFileError),
}

impl FinishedAnswer {
    /// A saved answer: the recording and the report written beside it, by the app or by
    /// `starling analyze --json`. The report's words stand in for whisper's, so edits to the
    /// sections re-run the analysis without transcribing again.
    pub fn open(wav: &Path, report_path: &Path) -> Result<Self, OpenError> {
        let report = report_file::read(report_path)?;
        let speech = audio::load_speech(wav)?;
        let words = report
            .words
            .iter()
            .map(|w| Word { text: w.text.clone(), start: w.start, end: w.end, probability: w.probability })
            .collect();
        Ok(Self {
            report,
            words,
            speech: Arc::new(speech),
            wav: wav.to_path_buf(),
            interrupted: None,
            not_saved: None,
            stop_to_report_s: None,
            transcribe_busy_s: 0.0,
            words_aligned: true,
        })
    }
}

/// How far the worker has got, for a progress bar with the time left after Stop.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Seconds of the recording transcribed (or found silent) so far.
    pub transcribed_s: f64,
    /// Seconds after those already transcribed ahead of their chunk's cut: done unless the
    /// speaker goes on before the next pause.
    pub ahead_s: f64,
    /// Seconds of audio whisper has heard, and the seconds it took: this machine's speed now.
    pub whisper_audio_s: f64,
    pub busy_s: f64,
    /// The transcript is complete; the answer is being analyzed.
    pub analyzing: bool,
    /// When these figures were taken.
    pub at: Instant,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            transcribed_s: 0.0,
            ahead_s: 0.0,
            whisper_audio_s: 0.0,
            busy_s: 0.0,
            analyzing: false,
            at: Instant::now(),
        }
    }
}

impl Progress {
    fn of(live: &LiveTranscriber, analyzing: bool) -> Self {
        Self {
            transcribed_s: live.transcribed_s(),
            ahead_s: live.ahead_s(),
            whisper_audio_s: live.whisper_audio_s,
            busy_s: live.busy_s,
            analyzing,
            at: Instant::now(),
        }
    }

    /// The share of an answer `total_s` long that is done.
    pub fn fraction(&self, total_s: f64) -> f32 {
        if self.analyzing {
            return 1.0;
        }
        (self.done_s() / total_s.max(1e-9)).clamp(0.0, 1.0) as f32
    }

    /// Seconds left: the audio not yet transcribed at the speed measured on this answer,
    /// counted down since the figures were taken. None until whisper has heard enough to
    /// measure a speed, or once only the analysis (well under a second) is left.
    pub fn seconds_left(&self, total_s: f64) -> Option<f64> {
        if self.analyzing || self.whisper_audio_s < 2.0 {
            return None;
        }
        let per_audio_s = self.busy_s / self.whisper_audio_s;
        let at_update = (total_s - self.done_s()).max(0.0) * per_audio_s;
        Some((at_update - self.at.elapsed().as_secs_f64()).max(0.0))
    }

    /// Seconds of the recording whose words are known, including those transcribed ahead.
    fn done_s(&self) -> f64 {
        self.transcribed_s + self.ahead_s
    }
}

/// Sent to the worker when the user stops; a closed tap without one means the capture ended
/// on its own (device lost, disk full).
enum Control {
    Finish { markers: Vec<Marker>, at: Instant },
    Discard,
}

pub struct RecordingJob {
    recorder: Option<Recorder>,
    control: mpsc::Sender<Control>,
    worker: Option<JoinHandle<()>>,
    path: PathBuf,
    progress: Arc<Mutex<Progress>>,
    /// Set by [`RecordingJob::cancel`]: the worker skips what is left and sends nothing more.
    cancelled: Arc<AtomicBool>,
}

impl RecordingJob {
    /// Starts capturing `source` into `wav`; `notify` receives the worker's events (the app
    /// forwards them to the UI and asks for a repaint). Without a transcriber the answer is
    /// only captured: no worker, no events (`starling record --no-analyze`).
    pub fn start(
        source: &CaptureSource,
        wav: &Path,
        engine: Option<Arc<dyn Transcriber>>,
        options: PipelineOptions,
        notify: impl Fn(RecordingEvent) + Send + 'static,
    ) -> Result<Self, CaptureError> {
        let (control, controls) = mpsc::channel();
        let path = wav.to_path_buf();
        let progress = Arc::new(Mutex::new(Progress::default()));
        let cancelled = Arc::new(AtomicBool::new(false));
        let Some(engine) = engine else {
            let recorder = Recorder::open(source, wav, CaptureOptions::default())?;
            return Ok(Self { recorder: Some(recorder), control, worker: None, path, progress, cancelled });
        };
        let (tap, samples) = mpsc::channel::<Vec<f32>>();
        let capture_options = CaptureOptions { tap: Some(tap), ..CaptureOptions::default() };
        let recorder = Recorder::open(source, wav, capture_options)?;
        let rate = recorder.sample_rate;
        let worker_path = path.clone();
        let (shown, stop_asked) = (progress.clone(), cancelled.clone());
        let worker = std::thread::Builder::new()
            .name("starling-live-transcriber".into())
            .spawn(move || {
                let is_cancelled = || stop_asked.load(Ordering::Relaxed);
                let tell = |live: &LiveTranscriber, analyzing: bool| {
                    if let Ok(mut p) = shown.lock() {
                        *p = Progress::of(live, analyzing);
                    }
                };
                let mut live = LiveTranscriber::new(options.whisper.clone());
                // The recording at 16 kHz, converted as `starling analyze` converts the saved
                // file (bit for bit), so the app's report is the command line's.
                let mut resampler = match StreamResampler::new(rate, WHISPER_RATE) {
                    Ok(r) => r,
                    Err(e) => return notify(RecordingEvent::Failed(e.to_string())),
                };
                let mut speech = Vec::new();
                let mut failure = None;
                let mut shown_s = 0.0;
                // The tap closes when the writer thread ends: after Stop, or on a failure.
                loop {
                    let batch = match samples.try_recv() {
                        Ok(batch) => batch,
                        Err(mpsc::TryRecvError::Disconnected) => break,
                        Err(mpsc::TryRecvError::Empty) => {
                            // Nothing new: use the wait to shorten the work left after Stop.
                            if failure.is_none() && !is_cancelled() {
                                match live.transcribe_ahead(engine.as_ref()) {
                                    Ok(true) => tell(&live, false),
                                    Ok(false) => {}
                                    Err(e) => failure = Some(e.to_string()),
                                }
                            }
                            match samples.recv() {
                                Ok(batch) => batch,
                                Err(_) => break,
                            }
                        }
                    };
                    let converted = match resampler.push(&batch) {
                        Ok(converted) => converted,
                        Err(e) => {
                            failure.get_or_insert(e.to_string());
                            continue;
                        }
                    };
                    speech.extend_from_slice(&converted);
                    if failure.is_some() || is_cancelled() {
                        continue;
                    }
                    match live.push(engine.as_ref(), &converted) {
                        Ok(words) if !words.is_empty() => notify(RecordingEvent::Words(words)),
                        Ok(_) => {}
                        Err(e) => failure = Some(e.to_string()),
                    }
                    // Only when a chunk is done: the countdown runs from there.
                    if live.transcribed_s() != shown_s {
                        shown_s = live.transcribed_s();
                        tell(&live, false);
                    }
                }
                let (markers, stopped_at) = match controls.try_recv() {
                    Ok(Control::Discard) => return,
                    Ok(Control::Finish { markers, at }) => (markers, at),
                    Err(_) => (Vec::new(), Instant::now()),
                };
                if is_cancelled() {
                    return;
                }
                if let Some(e) = failure {
                    return notify(RecordingEvent::Failed(e));
                }
                let (tail_from, ahead_s, tail_started) = (live.transcribed_s(), live.ahead_s(), Instant::now());
                let tail = resampler.finish().map_err(|e| e.to_string()).and_then(|last| {
                    speech.extend_from_slice(&last);
                    live.push(engine.as_ref(), &last)
                        .and_then(|_| live.finish(engine.as_ref()))
                        .map_err(|e| e.to_string())
                });
                log::info!(
                    "after Stop: the last {:.1} s ({ahead_s:.1} s of it transcribed ahead) took {:.2} s",
                    live.transcribed_s() - tail_from,
                    tail_started.elapsed().as_secs_f64()
                );
                tell(&live, true);
                if is_cancelled() {
                    return;
                }
                let speech = SpeechAudio { samples: speech };
                let event = match tail.map(|_| analyze(&live, speech, &worker_path, engine.as_ref(), options, markers))
                {
                    Ok(mut done) => {
                        let seconds = stopped_at.elapsed().as_secs_f64();
                        done.stop_to_report_s = Some(seconds);
                        log::info!("Stop to report {seconds:.2} s");
                        RecordingEvent::Finished(Box::new(done))
                    }
                    Err(e) => RecordingEvent::Failed(e),
                };
                notify(event);
            })
            .map_err(|e| CaptureError::Open(e.to_string()))?;
        Ok(Self { recorder: Some(recorder), control, worker: Some(worker), path, progress, cancelled })
    }

    pub fn recorder(&self) -> Option<&Recorder> {
        self.recorder.as_ref()
    }

    /// Stops capturing; the worker then transcribes the tail and analyzes the answer with
    /// `markers` as hard section boundaries. The error says why capture had already ended.
    pub fn stop(&mut self, markers: Vec<Marker>) -> Result<CaptureSummary, CaptureError> {
        let _ = self.control.send(Control::Finish { markers, at: Instant::now() });
        match self.recorder.take() {
            Some(r) => r.stop(),
            None => Err(CaptureError::DeviceLost("already stopped".into())),
        }
    }

    /// How far the transcription has got (after Stop: the progress bar and the time left).
    pub fn progress(&self) -> Progress {
        self.progress.lock().map(|p| *p).unwrap_or_default()
    }

    /// Gives up on the analysis after Stop and keeps the recording: the worker stops at its
    /// next chunk and sends nothing more; nothing waits for it.
    pub fn cancel(mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
        if let Some(r) = self.recorder.take() {
            let _ = r.stop();
        }
        drop(self.worker.take());
    }

    /// Stops and deletes the recording.
    pub fn discard(mut self) {
        let _ = self.control.send(Control::Discard);
        if let Some(r) = self.recorder.take() {
            let _ = r.stop();
        }
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
        let _ = std::fs::remove_file(&self.path);
    }

    /// Waits for the worker (tests and benchmarks).
    pub fn join(mut self) {
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// After Stop and the tail's transcription: the answer analyzed as `starling analyze` analyzes
/// its saved file (the same samples, the same chunks, the same words).
fn analyze(
    live: &LiveTranscriber,
    speech: SpeechAudio,
    wav: &Path,
    engine: &dyn Transcriber,
    mut options: PipelineOptions,
    markers: Vec<Marker>,
) -> FinishedAnswer {
    options.markers = markers;
    // What `analyze` would not have transcribed at all is not reported from the chunks either.
    let voice = VoiceActivity::detect(&speech.samples);
    let words = if pipeline::no_speech(&speech, &voice).is_some() { Vec::new() } else { live.words().to_vec() };
    let report = pipeline::analyze_transcribed(
        &speech,
        &voice,
        &words,
        pipeline::source_name(wav),
        pipeline::model_ref(engine, &options),
        &options,
    );
    let not_saved = report_file::write(&report_file::path_for(wav), &report).err().map(|e| {
        log::error!("{e}");
        e.to_string()
    });
    FinishedAnswer {
        report,
        words,
        speech: Arc::new(speech),
        wav: wav.to_path_buf(),
        interrupted: None,
        not_saved,
        stop_to_report_s: None,
        transcribe_busy_s: live.busy_s,
        words_aligned: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_is_the_untranscribed_audio_at_the_measured_speed() {
        let p = Progress {
            transcribed_s: 60.0,
            ahead_s: 0.0,
            whisper_audio_s: 50.0,
            busy_s: 10.0,
            analyzing: false,
            at: Instant::now(),
        };
        assert!((p.fraction(120.0) - 0.5).abs() < 1e-6);
        let left = p.seconds_left(120.0).unwrap();
        assert!((11.9..=12.0).contains(&left), "{left}");
        let unmeasured = Progress { whisper_audio_s: 1.0, ..p };
        assert_eq!(unmeasured.seconds_left(120.0), None, "no speed measured yet");
        let analyzing = Progress { analyzing: true, ..p };
        assert_eq!((analyzing.fraction(120.0), analyzing.seconds_left(120.0)), (1.0, None));
        let late = Progress { at: Instant::now() - std::time::Duration::from_secs(30), ..p };
        assert_eq!(late.seconds_left(120.0), Some(0.0), "counts down, never below zero");
        // Speech transcribed ahead of its cut is not left to do after Stop.
        let ahead = Progress { ahead_s: 50.0, ..p };
        assert!((ahead.fraction(120.0) - 110.0 / 120.0).abs() < 1e-6);
        let left = ahead.seconds_left(120.0).unwrap();
        assert!((1.9..=2.0).contains(&left), "only the last 10 s at 0.2 s per second: {left}");
    }
}
