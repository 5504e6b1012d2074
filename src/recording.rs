//! One answer being recorded: capture to disk, live transcription on a worker thread, and the
//! full analysis as soon as the recording stops. The desktop app and `bench live` drive it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

use crate::analysis::Report;
use crate::analysis::star::Marker;
use crate::audio::capture::{CaptureError, CaptureOptions, CaptureSource, CaptureSummary, Recorder};
use crate::audio::{self, SpeechAudio};
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
    /// Seconds from Stop to the finished report.
    pub stop_to_report_s: f64,
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
        let words = report.words.iter().map(|w| Word { text: w.text.clone(), start: w.start, end: w.end, probability: w.probability }).collect();
        Ok(Self { report, words, speech: Arc::new(speech), wav: wav.to_path_buf(), interrupted: None, not_saved: None, stop_to_report_s: 0.0, transcribe_busy_s: 0.0, words_aligned: true })
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
        let Some(engine) = engine else {
            let recorder = Recorder::open(source, wav, CaptureOptions::default())?;
            return Ok(Self { recorder: Some(recorder), control, worker: None, path });
        };
        let (tap, samples) = mpsc::channel::<Vec<f32>>();
        let capture_options = CaptureOptions { tap: Some(tap), ..CaptureOptions::default() };
        let recorder = Recorder::open(source, wav, capture_options)?;
        let rate = recorder.sample_rate;
        let worker_path = path.clone();
        let worker = std::thread::Builder::new()
            .name("starling-live-transcriber".into())
            .spawn(move || {
                let mut live = LiveTranscriber::new(options.whisper.clone(), rate);
                let mut failure = None;
                // The tap closes when the writer thread ends: after Stop, or on a failure.
                for batch in samples {
                    if failure.is_some() {
                        continue;
                    }
                    match live.push(engine.as_ref(), &batch) {
                        Ok(words) if !words.is_empty() => notify(RecordingEvent::Words(words)),
                        Ok(_) => {}
                        Err(e) => failure = Some(e.to_string()),
                    }
                }
                let (markers, stopped_at) = match controls.try_recv() {
                    Ok(Control::Discard) => return,
                    Ok(Control::Finish { markers, at }) => (markers, at),
                    Err(_) => (Vec::new(), Instant::now()),
                };
                if let Some(e) = failure {
                    return notify(RecordingEvent::Failed(e));
                }
                let event = match finish(&mut live, &worker_path, engine.as_ref(), options, markers) {
                    Ok(mut done) => {
                        done.stop_to_report_s = stopped_at.elapsed().as_secs_f64();
                        RecordingEvent::Finished(Box::new(done))
                    }
                    Err(e) => RecordingEvent::Failed(e),
                };
                notify(event);
            })
            .map_err(|e| CaptureError::Open(e.to_string()))?;
        Ok(Self { recorder: Some(recorder), control, worker: Some(worker), path })
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

/// After Stop: transcribe the tail, read the answer back from disk (the file is the record of
/// truth) and analyze it with the live words.
fn finish(live: &mut LiveTranscriber, wav: &Path, engine: &dyn Transcriber, mut options: PipelineOptions, markers: Vec<Marker>) -> Result<FinishedAnswer, String> {
    live.finish(engine).map_err(|e| e.to_string())?;
    let speech = audio::load_speech(wav).map_err(|e| e.to_string())?;
    options.markers = markers;
    let words = live.words().to_vec();
    let report = pipeline::analyze_transcribed(&speech, &words, pipeline::source_name(wav), pipeline::model_ref(engine), &options);
    let not_saved = report_file::write(&report_file::path_for(wav), &report).err().map(|e| {
        log::error!("{e}");
        e.to_string()
    });
    Ok(FinishedAnswer {
        report,
        words,
        speech: Arc::new(speech),
        wav: wav.to_path_buf(),
        interrupted: None,
        not_saved,
        stop_to_report_s: 0.0,
        transcribe_busy_s: live.busy_s,
        words_aligned: false,
    })
}
