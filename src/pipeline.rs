//! The path every answer takes: audio file -> 16 kHz samples -> timed words -> report.
//! The command line and the desktop app both call this.

use std::path::Path;

use thiserror::Error;

use crate::analysis::{self, AnalysisInput, AnalysisSettings, ModelRef, QuestionRef, Report};
use crate::audio::voice::VoiceActivity;
use crate::audio::{self, AudioError, SpeechAudio};
use crate::transcribe::{TranscribeError, Transcriber, WhisperSettings, Word};

#[derive(Debug, Error)]
pub enum PipelineError {
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error(transparent)]
    Transcribe(#[from] TranscribeError),
}

#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    pub question: Option<QuestionRef>,
    pub whisper: WhisperSettings,
    pub analysis: AnalysisSettings,
    pub markers: Vec<crate::analysis::star::Marker>,
    /// A file of whisper's words for this audio: read if present, written otherwise. Lets the
    /// analysis be re-run (after a rule or settings change) without transcribing again.
    pub transcript_cache: Option<std::path::PathBuf>,
    /// The words are a saved report's (see `AnalysisInput::words_aligned`).
    pub words_aligned: bool,
    /// Another STAR model than the built-in one (developers judging a model on real transcripts).
    pub star_model: Option<std::sync::Arc<crate::analysis::star::StarModel>>,
    /// Developers only: transcribe in whisper's own 30-second windows instead of the chunks a
    /// recording is cut into, to measure one against the other (README, *One path*). Every
    /// user-facing path transcribes in chunks, so an answer gets one verdict however it came in.
    pub whole_window: bool,
    /// The user's corrections to the words and fillers (from the report being edited).
    pub corrections: crate::analysis::Corrections,
}

fn transcribe_cached(
    speech: &SpeechAudio,
    engine: &dyn Transcriber,
    options: &PipelineOptions,
) -> Result<Vec<Word>, PipelineError> {
    if let Some(cache) = &options.transcript_cache
        && let Ok(bytes) = std::fs::read(cache)
        && let Ok(words) = serde_json::from_slice::<Vec<Word>>(&bytes)
    {
        return Ok(words);
    }
    let words = if options.whole_window {
        engine.transcribe(&speech.samples, &options.whisper)?
    } else {
        crate::transcribe::live::transcribe_in_chunks(engine, &speech.samples, &options.whisper)?
    };
    if let Some(cache) = &options.transcript_cache
        && let Ok(json) = serde_json::to_vec(&words)
    {
        // A cache that cannot be written only costs time next run.
        let _ = crate::files::write_user_file(cache, &json);
    }
    Ok(words)
}

/// A finished analysis and what the caller should tell the user about the audio.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub report: Report,
    /// Why transcription was skipped (silence, steady noise); the report is then empty.
    pub no_speech: Option<String>,
}

/// The file name a report records as its source (no folders: reports get shared).
pub fn source_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

pub fn model_ref(engine: &dyn Transcriber, options: &PipelineOptions) -> ModelRef {
    let mut decoding = options.whisper.decoding();
    if options.whole_window {
        decoding.push_str(", whole windows");
    }
    ModelRef { name: engine.name(), file: engine.file().and_then(source_name), decoding: Some(decoding) }
}

/// Analyzes a WAV file of any layout.
pub fn analyze_file(
    path: &Path,
    engine: &dyn Transcriber,
    options: &PipelineOptions,
) -> Result<Analysis, PipelineError> {
    let speech = audio::load_speech(path)?;
    analyze_speech(&speech, source_name(path), engine, options)
}

/// Analyzes samples already at 16 kHz. Silence and steady noise skip whisper, which invents
/// text for them.
pub fn analyze_speech(
    speech: &SpeechAudio,
    source: Option<String>,
    engine: &dyn Transcriber,
    options: &PipelineOptions,
) -> Result<Analysis, PipelineError> {
    let voice = VoiceActivity::detect(&speech.samples);
    let no_speech = no_speech(speech, &voice);
    let words = if no_speech.is_some() { Vec::new() } else { transcribe_cached(speech, engine, options)? };
    let report = analyze_transcribed(speech, &voice, &words, source, model_ref(engine, options), options);
    Ok(Analysis { report, no_speech })
}

/// Why `speech` (whose voice activity is `voice`) holds nothing to transcribe (silence, steady
/// noise), if it does not.
pub fn no_speech(speech: &SpeechAudio, voice: &VoiceActivity) -> Option<String> {
    if speech.is_silent() {
        Some(format!("silent: nothing above {} dBFS", crate::audio::SILENCE_PEAK_DBFS))
    } else if !voice.has_speech() {
        Some("no speech: only steady noise".to_string())
    } else {
        None
    }
}

/// The analysis half of the pipeline, for words transcribed elsewhere (live, or cached);
/// `voice` is `speech`'s voice activity.
pub fn analyze_transcribed(
    speech: &SpeechAudio,
    voice: &VoiceActivity,
    words: &[Word],
    source: Option<String>,
    model: ModelRef,
    options: &PipelineOptions,
) -> Report {
    let input = AnalysisInput {
        words,
        samples: &speech.samples,
        duration_s: speech.duration_s(),
        model,
        source,
        question: options.question.clone(),
        markers: &options.markers,
        words_aligned: options.words_aligned,
        star_model: options.star_model.as_deref(),
        corrections: &options.corrections,
    };
    analysis::analyze_with_voice(&input, voice, &options.analysis)
}
