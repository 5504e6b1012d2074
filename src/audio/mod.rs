//! Audio: devices, capture and playback, files to 16 kHz mono samples, where the voice is.

pub mod capture;
mod container;
pub mod decode;
pub mod level_check;
mod matroska;
mod mp4;
pub mod opus;
pub mod pitch;
pub mod pitch_contour;
pub mod playback;
pub mod resample;
pub mod speaker;
pub mod spectrum;
#[cfg(test)]
pub(crate) mod test_signals;
pub mod voice;
pub mod wav;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use resample::WHISPER_RATE;

#[derive(Debug, Error)]
pub enum AudioError {
    #[error("{}: cannot open: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    #[error("{}: empty: the file holds no audio", path.display())]
    Empty { path: PathBuf },
    #[error("{}: unreadable: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}: truncated: the audio data stops early ({samples_read} samples readable); the file was cut off while being written", path.display())]
    Truncated { path: PathBuf, samples_read: usize },
    #[error("{}: unsupported sample format: {format} (use 8/16/24/32-bit PCM or 32-bit float)", path.display())]
    UnsupportedFormat { path: PathBuf, format: String },
    #[error("{}: {codec} audio cannot be read yet: convert it to wav, mp3, m4a or flac", path.display())]
    UnsupportedCodec { path: PathBuf, codec: String },
    #[error("{}: too short: {seconds:.2} s of audio, at least {minimum} s is needed", path.display())]
    TooShort { path: PathBuf, seconds: f64, minimum: f64 },
    #[error("{}: too long: {:.1} minutes of audio, the limit is {:.0} minutes", path.display(), seconds / 60.0, limit / 60.0)]
    TooLong { path: PathBuf, seconds: f64, limit: f64 },
    #[error("{}: too long: more than {:.0} minutes of audio, the limit", path.display(), limit / 60.0)]
    LongerThan { path: PathBuf, limit: f64 },
    #[error("resampling failed: {0}")]
    Resample(String),
}

/// A stretch of the recording, seconds from its start.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub start: f64,
    pub end: f64,
}

impl Span {
    pub fn duration(&self) -> f64 {
        (self.end - self.start).max(0.0)
    }
}

/// Speech-ready audio: mono, 16 kHz.
#[derive(Debug, Clone)]
pub struct SpeechAudio {
    pub samples: Vec<f32>,
}

impl SpeechAudio {
    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / WHISPER_RATE as f64
    }

    /// Loudest sample in dBFS; -inf for digital silence.
    pub fn peak_dbfs(&self) -> f32 {
        let peak = self.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        20.0 * peak.log10()
    }

    /// True when nothing in the file rises above the noise floor of a quiet room's recording
    /// (-60 dBFS): a muted microphone or an all-zero file.
    pub fn is_silent(&self) -> bool {
        self.peak_dbfs() < SILENCE_PEAK_DBFS
    }
}

/// Peak level below which a recording is treated as silence.
pub const SILENCE_PEAK_DBFS: f32 = -60.0;

/// Reads any WAV and returns 16 kHz mono samples.
pub fn load_speech(path: &Path) -> Result<SpeechAudio, AudioError> {
    let decoded = decode::read_audio(path)?;
    let samples = resample::to_whisper_rate(&decoded.mono, decoded.sample_rate)?;
    Ok(SpeechAudio { samples })
}
