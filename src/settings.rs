//! Where Starling keeps its files, and the user's saved settings.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::files::{JsonFileError, load_json_or_default, save_json};
use crate::transcribe::TranscribeError;
use crate::transcribe::locate::ResolvedModel;

/// Overrides the platform data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "STARLING_DATA_DIR";

#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("no home folder found to keep Starling's data in; set {DATA_DIR_ENV}")]
    NoDataDir,
    #[error(transparent)]
    File(#[from] JsonFileError),
}

/// The folder holding models, sessions and settings.
pub fn data_dir() -> Result<PathBuf, SettingsError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "Starling")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or(SettingsError::NoDataDir)
}

pub fn models_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("models")
}

/// Which theme the window uses (remembered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    /// The desktop's light or dark setting.
    System,
    #[default]
    Dark,
    Light,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];

    pub fn name(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::Light => "Light",
        }
    }
}

/// How whisper picks its words (remembered): the accurate default, or a faster choice for a
/// slow or busy computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decoding {
    /// Beam search, five candidates at each word.
    #[default]
    Accurate,
    /// Greedy: the likeliest word each time.
    Fast,
}

impl Decoding {
    pub const ALL: [Decoding; 2] = [Decoding::Accurate, Decoding::Fast];

    pub fn name(self) -> &'static str {
        match self {
            Decoding::Accurate => "Accurate (beam search)",
            Decoding::Fast => "Fast (greedy)",
        }
    }

    /// What the choice costs, from the README's measurements (3-minute answer, tiny.en, 2 cores;
    /// word error rates on the dev sets).
    pub fn help(self) -> &'static str {
        match self {
            Decoding::Accurate => "Recommended: the fewest missed words.",
            Decoding::Fast => {
                "Takes about a quarter less time; misses 1-3 more words in 100 on unclear speech, about as many on clear speech."
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// A model file the user picked; used when neither `--model` nor `STARLING_MODEL` is given.
    pub model_path: Option<PathBuf>,
    /// Input and output devices by name; None follows the system default.
    pub input_device: Option<String>,
    pub output_device: Option<String>,
    /// Preparation countdown before recording starts, seconds (0: none).
    pub prep_seconds: u32,
    /// The question last chosen, so the app reopens on it.
    pub last_question: Option<String>,
    pub analysis: crate::analysis::AnalysisSettings,
    /// Where sessions (recordings, reports, their index) are kept, if not in the data folder:
    /// a synced or larger drive, say.
    pub sessions_folder: Option<PathBuf>,
    /// Text and controls scale (Ctrl + / Ctrl - / Ctrl 0), kept from the last run.
    pub zoom: f32,
    /// The microphone check was done (or skipped): Practice stops offering it first.
    pub mic_checked: bool,
    /// Dark, light, or as the desktop is.
    pub theme: ThemeChoice,
    /// Beam search or greedy decoding for every answer the app and the command line transcribe
    /// (`analyze --beam-size` overrides it).
    pub decoding: Decoding,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            model_path: None,
            input_device: None,
            output_device: None,
            prep_seconds: 30,
            last_question: None,
            analysis: crate::analysis::AnalysisSettings::default(),
            sessions_folder: None,
            zoom: 1.0,
            mic_checked: false,
            theme: Default::default(),
            decoding: Decoding::default(),
        }
    }
}

impl Settings {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("settings.json")
    }

    pub fn load(data_dir: &Path) -> Result<Self, SettingsError> {
        let settings: Self = load_json_or_default(&Self::path(data_dir), "settings")?;
        Ok(settings.within_limits())
    }

    /// Values outside what the app can offer (a hand-edited file) are put back to their
    /// defaults and the log says which, so no advice or screen is built on them.
    fn within_limits(mut self) -> Self {
        let reset = self.analysis.keep_within_limits();
        if !reset.is_empty() {
            log::warn!("settings: {} out of range; the defaults are used", reset.join(", "));
        }
        self.zoom = if self.zoom.is_finite() { self.zoom.clamp(0.5, 3.0) } else { 1.0 };
        self.prep_seconds = self.prep_seconds.min(120);
        self
    }

    /// For the app, which writes the file back: a damaged file is kept aside, not replaced
    /// (the second value says where it went).
    pub fn load_keeping_damaged(data_dir: &Path) -> Result<(Self, Option<PathBuf>), SettingsError> {
        let (settings, aside): (Self, _) = crate::files::load_json_keeping_damaged(&Self::path(data_dir), "settings")?;
        Ok((settings.within_limits(), aside))
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), SettingsError> {
        Ok(save_json(&Self::path(data_dir), "settings", self)?)
    }

    /// The model to use: `--model`, then `STARLING_MODEL`, then the model picked here, then
    /// one installed in the data folder (see `transcribe::locate`).
    pub fn resolve_model(
        &self,
        flag: Option<&Path>,
        data_dir: Option<&Path>,
    ) -> Result<ResolvedModel, TranscribeError> {
        crate::transcribe::locate::resolve_model(flag, self.model_path.as_deref(), data_dir.map(models_dir).as_deref())
    }

    /// An analysis as the user set it up: their thresholds, and whisper decoding as chosen here.
    /// The one place the app and the command line turn settings into pipeline options.
    pub fn pipeline_options(&self) -> crate::pipeline::PipelineOptions {
        let accurate = crate::transcribe::WhisperSettings::default();
        let whisper = match self.decoding {
            Decoding::Accurate => accurate,
            Decoding::Fast => crate::transcribe::WhisperSettings { beam_size: None, ..accurate },
        };
        crate::pipeline::PipelineOptions { analysis: self.analysis.clone(), whisper, ..Default::default() }
    }

    /// The folder the session store lives in (it holds `sessions.db` and `sessions/`).
    pub fn sessions_root(&self, data_dir: &Path) -> PathBuf {
        self.sessions_folder.clone().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| data_dir.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), Settings::default());
        let s = Settings { model_path: Some("/m/ggml-base.en.bin".into()), prep_seconds: 0, ..Settings::default() };
        s.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), s);
        // A settings file from before the decoding choice reads as the accurate default.
        std::fs::write(Settings::path(dir.path()), br#"{"prep_seconds": 10}"#).unwrap();
        let old = Settings::load(dir.path()).unwrap();
        assert_eq!((old.prep_seconds, old.decoding), (10, Decoding::Accurate));
        assert_eq!(old.pipeline_options().whisper.decoding(), "beam 5");
        assert_eq!(old.pipeline_options().analysis, old.analysis);
        assert_eq!(Settings { decoding: Decoding::Fast, ..old }.pipeline_options().whisper.decoding(), "greedy");
        std::fs::write(Settings::path(dir.path()), b"{not json").unwrap();
        assert!(Settings::load(dir.path()).unwrap_err().to_string().contains("damaged"));
    }
}
