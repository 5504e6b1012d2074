//! The whisper.cpp engine: loading a model and transcribing 16 kHz samples into timed words.

use std::path::Path;

use whisper_rs::{
    DtwMode, DtwModelPreset, DtwParameters, FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters,
    WhisperState,
};

use super::TranscribeError;
use super::catalog::Architecture;
use super::model_file::{self, ModelInfo};
use super::skipped;
use super::words::{RawSegment, RawToken, Word, repeats_itself, words_from_segments};
use crate::audio::WHISPER_RATE;
use crate::audio::voice::VoiceActivity;

/// Every whisper setting Starling uses, in one place.
///
/// - Beam search, width 5: on the dev set's hardest clips it cut tiny.en's word error rate from
///   0.34 to 0.25 against greedy decoding, for ~1.5x the time (still ~0.1 of real time).
/// - English only: the bundled catalog is the `.en` models.
/// - Token timestamps on, and DTW alignment (set on the context, see [`context_parameters`])
///   for word start times; flash attention must stay off or whisper.cpp silently drops DTW.
/// - No initial prompt by default: a disfluent prompt ([`FILLER_PROMPT`]) makes whisper write
///   more "um"s but raised the word error rate (0.29 -> 0.34 greedy); hesitations are found
///   acoustically instead (`analysis::fillers::acoustic`).
/// - A second pass ([`super::skipped`]) over voiced stretches no word covers: on the dev set it
///   recovered 17-30 lost words in 4 of 29 answers (WPM error max 10.4% -> 7.2%).
#[derive(Debug, Clone, PartialEq)]
pub struct WhisperSettings {
    /// Threads for whisper; None chooses per call from the cores other programs leave free
    /// ([`super::threads::choose`]).
    pub threads: Option<usize>,
    pub initial_prompt: Option<String>,
    pub language: &'static str,
    pub best_of: i32,
    /// Beam search width; None decodes greedily.
    pub beam_size: Option<i32>,
    /// Suppress the blank/non-speech tokens ("[MUSIC]", "(laughs)") whisper hallucinates.
    pub suppress_non_speech: bool,
    /// Transcribe again the speech whisper skipped (see [`super::skipped`]).
    pub fill_skipped: bool,
    /// Decode as one segment, for clips of at most one 30-second window (live chunks, the
    /// second pass). whisper.cpp aborts the whole process (an assertion in its DTW median
    /// filter) when a segment ends 100-150 ms before the end of the audio and that remainder
    /// is decoded on its own; short clips hit it often with base. One segment never leaves one.
    pub single_segment: bool,
    /// Encode only the part of whisper's 30-second window a short clip fills (plus 10 s of
    /// silence, see [`FIT_SILENCE_POSITIONS`]) rather than the clip padded to 30 s: the
    /// encoder's cost follows the window, so a 5-second live chunk costs about half. A
    /// shortened window can make whisper loop; such a decode is done again with the whole
    /// window (see [`repeats_itself`]).
    pub fit_context: bool,
}

impl Default for WhisperSettings {
    fn default() -> Self {
        Self {
            threads: None,
            initial_prompt: None,
            language: "en",
            best_of: 1,
            beam_size: Some(5),
            suppress_non_speech: true,
            fill_skipped: true,
            single_segment: false,
            fit_context: false,
        }
    }
}

impl WhisperSettings {
    /// The decoding as a report records it: "greedy" or "beam 5".
    pub fn decoding(&self) -> String {
        match self.beam_size {
            Some(width) => format!("beam {width}"),
            None => "greedy".to_string(),
        }
    }
}

/// Models continue the style of their prompt; one that keeps its hesitations gets them back.
/// Opt-in (`analyze --filler-prompt`).
pub const FILLER_PROMPT: &str = "Umm, so, uh, I was, um, leading the project. Uh, we shipped it.";

/// The DTW alignment-head preset for a model, chosen from its header.
pub fn dtw_preset(info: &ModelInfo) -> DtwModelPreset {
    match (info.architecture, info.english_only) {
        (Architecture::Tiny, true) => DtwModelPreset::TinyEn,
        (Architecture::Tiny, false) => DtwModelPreset::Tiny,
        (Architecture::Base, true) => DtwModelPreset::BaseEn,
        (Architecture::Base, false) => DtwModelPreset::Base,
        (Architecture::Small, true) => DtwModelPreset::SmallEn,
        (Architecture::Small, false) => DtwModelPreset::Small,
        (Architecture::Medium, true) => DtwModelPreset::MediumEn,
        (Architecture::Medium, false) => DtwModelPreset::Medium,
        (Architecture::Large, _) => DtwModelPreset::LargeV3,
    }
}

/// Context settings: CPU, flash attention off (required for DTW), DTW with the model's preset.
pub fn context_parameters(info: &ModelInfo) -> WhisperContextParameters<'static> {
    let mut params = WhisperContextParameters::default();
    params.flash_attn(false);
    params.use_gpu(false);
    params.dtw_parameters(DtwParameters {
        mode: DtwMode::ModelPreset { model_preset: dtw_preset(info) },
        ..DtwParameters::default()
    });
    params
}

/// Decoding settings for one `full()` call.
pub fn full_params(settings: &WhisperSettings) -> FullParams<'_, '_> {
    let strategy = match settings.beam_size {
        Some(beam_size) => SamplingStrategy::BeamSearch { beam_size, patience: -1.0 },
        None => SamplingStrategy::Greedy { best_of: settings.best_of },
    };
    let mut params = FullParams::new(strategy);
    params.set_n_threads(
        settings.threads.unwrap_or_else(super::threads::choose).clamp(1, super::threads::MAX_THREADS) as i32
    );
    params.set_language(Some(settings.language));
    params.set_translate(false);
    params.set_token_timestamps(true);
    params.set_suppress_nst(settings.suppress_non_speech);
    params.set_print_special(false);
    params.set_print_progress(false);
    params.set_print_realtime(false);
    params.set_print_timestamps(false);
    params.set_single_segment(settings.single_segment);
    if let Some(prompt) = &settings.initial_prompt {
        params.set_initial_prompt(prompt);
    }
    params
}

/// A loaded model. Loading takes a second or more, so the app keeps one and reuses it.
pub struct Engine {
    context: WhisperContext,
    info: ModelInfo,
}

impl Engine {
    pub fn load(path: &Path) -> Result<Self, TranscribeError> {
        // Routes whisper.cpp's console chatter away from the user's terminal (idempotent).
        whisper_rs::install_logging_hooks();
        let info = model_file::inspect(path)?;
        model_file::check_weights_once(path)?;
        let path_str = path.to_str().ok_or_else(|| TranscribeError::NotAModel {
            path: path.to_path_buf(),
            reason: "the path is not valid UTF-8".into(),
        })?;
        let context = WhisperContext::new_with_params(path_str, context_parameters(&info))
            .map_err(|e| TranscribeError::ModelLoad { path: path.to_path_buf(), reason: e.to_string() })?;
        log::info!("loaded {} from {} ({} bytes)", info.label(), path.display(), info.size_bytes);
        Ok(Self { context, info })
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// A fresh decoding state; states hold the working buffers (~tens of MiB).
    pub fn new_state(&self) -> Result<WhisperState, TranscribeError> {
        self.context.create_state().map_err(|e| TranscribeError::Whisper(e.to_string()))
    }

    /// Transcribes 16 kHz mono samples into timed words.
    pub fn transcribe(&self, samples: &[f32], settings: &WhisperSettings) -> Result<Vec<Word>, TranscribeError> {
        let mut state = self.new_state()?;
        let words = transcribe_with(&mut state, samples, settings)?;
        if !settings.fill_skipped {
            return Ok(words);
        }
        let stretches = skipped::skipped_stretches(&VoiceActivity::detect(samples), &words);
        skipped::fill(words, samples, &stretches, |clip, prompt| {
            transcribe_with(
                &mut state,
                clip,
                &WhisperSettings { initial_prompt: prompt, single_segment: true, ..settings.clone() },
            )
        })
    }
}

impl super::Transcriber for Engine {
    fn transcribe(&self, samples: &[f32], settings: &WhisperSettings) -> Result<Vec<Word>, TranscribeError> {
        Engine::transcribe(self, samples, settings)
    }

    fn name(&self) -> String {
        self.info.label()
    }

    fn file(&self) -> Option<&Path> {
        Some(&self.info.path)
    }
}

/// Whisper's window: 30 seconds, 1500 encoder positions of 20 ms.
const FULL_CONTEXT: usize = 1500;
const SAMPLES_PER_POSITION: usize = WHISPER_RATE as usize / 50;
/// Silence kept after a clip in a fitted window (10 s), so the model hears that the speech
/// ended. With 1 s whisper looped on a third of the live chunks of dev2; with 5 s on 1 of 39;
/// with 10 s the live path's WER with base was 0.090 against 0.085 with the whole window
/// (dev2 piper, first 10), at 0.63 of the time.
const FIT_SILENCE_POSITIONS: usize = 500;

/// The encoder positions a clip needs with [`WhisperSettings::fit_context`]; None when that is
/// the whole window anyway. whisper.cpp's DTW asserts the clip fits in the window it is given.
fn fitted_context(n_samples: usize) -> Option<i32> {
    let positions = n_samples.div_ceil(SAMPLES_PER_POSITION) + FIT_SILENCE_POSITIONS;
    (positions < FULL_CONTEXT).then_some(positions as i32)
}

/// One decode of `samples` into words.
fn transcribe_with(
    state: &mut WhisperState,
    samples: &[f32],
    settings: &WhisperSettings,
) -> Result<Vec<Word>, TranscribeError> {
    let duration_s = samples.len() as f64 / WHISPER_RATE as f64;
    if settings.fit_context
        && let Some(context) = fitted_context(samples.len())
    {
        let mut params = full_params(settings);
        params.set_audio_ctx(context);
        let started = std::time::Instant::now();
        decode(state, params, samples)?;
        let words = words_from_segments(&read_segments(state)?, duration_s);
        let prompt = settings.initial_prompt.as_deref().unwrap_or_default();
        let looped = repeats_itself(prompt, &words, duration_s);
        log::debug!(
            "{duration_s:.1} s in a window of {context} positions: {} words in {:.2} s{}",
            words.len(),
            started.elapsed().as_secs_f64(),
            if looped { ", looped: again in the whole window" } else { "" }
        );
        if !looped {
            return Ok(words);
        }
    }
    let started = std::time::Instant::now();
    run_full(state, samples, settings)?;
    let words = words_from_segments(&read_segments(state)?, duration_s);
    log::debug!(
        "{duration_s:.1} s in the whole window: {} words in {:.2} s",
        words.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(words)
}

/// The bare whisper call; the benchmark times this alone as the baseline.
pub fn run_full(state: &mut WhisperState, samples: &[f32], settings: &WhisperSettings) -> Result<(), TranscribeError> {
    decode(state, full_params(settings), samples)
}

/// Every sample reaches whisper.cpp through here. Its DTW timing code reads out of bounds on
/// samples far outside +-1 (a damaged float file crashed the process), so whatever the source
/// (a file, a device, a test), they are held within full scale first.
fn decode(state: &mut WhisperState, params: FullParams<'_, '_>, samples: &[f32]) -> Result<(), TranscribeError> {
    let held: std::borrow::Cow<[f32]> = if samples.iter().all(|v| (-1.0..=1.0).contains(v)) {
        std::borrow::Cow::Borrowed(samples)
    } else {
        std::borrow::Cow::Owned(samples.iter().map(|v| if v.is_nan() { 0.0 } else { v.clamp(-1.0, 1.0) }).collect())
    };
    state.full(params, &held).map_err(|e| TranscribeError::Whisper(e.to_string()))
}

/// Copies segments and tokens out of the whisper state.
pub fn read_segments(state: &WhisperState) -> Result<Vec<RawSegment>, TranscribeError> {
    let mut segments = Vec::with_capacity(state.full_n_segments().max(0) as usize);
    for segment in state.as_iter() {
        let mut tokens = Vec::with_capacity(segment.n_tokens().max(0) as usize);
        for i in 0..segment.n_tokens() {
            let Some(token) = segment.get_token(i) else { continue };
            let data = token.token_data();
            let bytes = token.to_bytes().map(<[u8]>::to_vec).unwrap_or_default();
            // Control tokens render as "[_BEG_]", "[_TT_150]", "<|endoftext|>".
            let special = bytes.starts_with(b"[_") || bytes.starts_with(b"<|");
            tokens.push(RawToken { bytes, probability: data.p, t0: data.t0, t1: data.t1, t_dtw: data.t_dtw, special });
        }
        segments.push(RawSegment { t0: segment.start_timestamp(), t1: segment.end_timestamp(), tokens });
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fitted_window_holds_the_clip_and_ten_seconds_of_silence() {
        let rate = WHISPER_RATE as usize;
        assert_eq!(fitted_context(5 * rate), Some(250 + 500));
        // DTW needs the window to hold every 10 ms mel frame of the clip (two per position).
        let odd = 5 * rate + 1;
        assert!(fitted_context(odd).unwrap() as usize * 2 * 160 >= odd);
        // From 20 s on the whole window is used as it is.
        assert_eq!(fitted_context(19 * rate), Some(950 + 500));
        assert_eq!(fitted_context(20 * rate), None);
        assert_eq!(fitted_context(40 * rate), None);
    }
}
