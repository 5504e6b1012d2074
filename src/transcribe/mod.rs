//! Speech to timed words: the model catalog and downloads, the whisper engine, word building.

pub mod catalog;
pub mod download;
pub mod engine;
pub mod live;
pub mod locate;
pub mod model_file;
pub mod scripted;
pub mod skipped;
pub mod threads;
pub mod words;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use engine::{Engine, WhisperSettings};
pub use words::Word;

/// Speech to timed words. The whisper [`Engine`] in the app and the command line; a
/// [`scripted::ScriptedTranscriber`] in tests, so every flow above runs without model weights.
pub trait Transcriber: Send + Sync {
    /// 16 kHz mono samples to words timed from the first sample.
    fn transcribe(&self, samples: &[f32], settings: &WhisperSettings) -> Result<Vec<Word>, TranscribeError>;
    /// What reports and the status bar call it: "tiny.en", "base.en (quantized)".
    fn name(&self) -> String;
    /// The model file, where there is one.
    fn file(&self) -> Option<&Path>;
}

#[derive(Debug, Error)]
pub enum TranscribeError {
    #[error("no whisper model found: pass --model PATH, set STARLING_MODEL, or run `starling models download base.en`")]
    NoModel,
    #[error("{}: model file not found (from {origin})", path.display())]
    ModelMissing { path: PathBuf, origin: &'static str },
    #[error("{}: is a folder, not a model file (from {origin}); give the model's file, e.g. ggml-base.en.bin", path.display())]
    ModelIsFolder { path: PathBuf, origin: &'static str },
    #[error("{}: cannot read model: {source}", path.display())]
    ModelOpen { path: PathBuf, source: std::io::Error },
    #[error("{}: not a whisper model: {reason}", path.display())]
    NotAModel { path: PathBuf, reason: String },
    #[error("{}: the model is damaged ({reason}); download it again (`starling models download`) or choose another in Settings", path.display())]
    DamagedWeights { path: PathBuf, reason: String },
    #[error("{}: whisper could not load this model ({reason}); the file may be damaged, try `starling models verify`", path.display())]
    ModelLoad { path: PathBuf, reason: String },
    #[error("transcription failed: {0}")]
    Whisper(String),
    #[error("cannot prepare the audio for whisper: {0}")]
    Audio(String),
}
