//! Where Starling keeps its files, and the user's saved settings.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::files::write_atomic;

/// Overrides the platform data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "STARLING_DATA_DIR";

#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("no home folder found to keep Starling's data in; set {DATA_DIR_ENV}")]
    NoDataDir,
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: settings file is damaged ({source}); fix or delete it", path.display())]
    Parse { path: PathBuf, source: serde_json::Error },
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
    pub analysis: crate::analysis::AnalysisSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            model_path: None,
            input_device: None,
            output_device: None,
            prep_seconds: 30,
            analysis: crate::analysis::AnalysisSettings::default(),
        }
    }
}

impl Settings {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("settings.json")
    }

    /// Missing file means defaults; a damaged one is an error rather than silently reset, so
    /// the user's choices are never thrown away.
    pub fn load(data_dir: &Path) -> Result<Self, SettingsError> {
        let path = Self::path(data_dir);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| SettingsError::Parse { path, source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(SettingsError::Io { path, source }),
        }
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), SettingsError> {
        let path = Self::path(data_dir);
        let json = serde_json::to_vec_pretty(self).map_err(|source| SettingsError::Parse { path: path.clone(), source })?;
        write_atomic(&path, &json).map_err(|source| SettingsError::Io { path, source })
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
        std::fs::write(Settings::path(dir.path()), b"{not json").unwrap();
        assert!(Settings::load(dir.path()).unwrap_err().to_string().contains("damaged"));
    }
}
