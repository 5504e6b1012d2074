//! How the app is started: the data folder, and what tests and demos swap in (a file for the
//! microphone, no sound, a scripted transcriber).

use std::path::PathBuf;
use std::sync::Arc;

use crate::audio::capture::CaptureSource;
use crate::settings;
use crate::transcribe::Transcriber;

/// How the app is started: the real window uses the defaults; tests swap the microphone for a
/// file and turn sound off.
#[derive(Clone)]
pub struct AppConfig {
    pub data_dir: PathBuf,
    /// Replaces the input device.
    pub capture_override: Option<CaptureSource>,
    /// No output device: playback keeps a playhead but makes no sound.
    pub silent: bool,
    /// Where exported reports are saved.
    pub exports_dir: PathBuf,
    /// Used instead of loading a whisper model (tests run the app's flows on a scripted one).
    pub transcriber: Option<Arc<dyn Transcriber>>,
}

impl std::fmt::Debug for AppConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppConfig")
            .field("data_dir", &self.data_dir)
            .field("capture_override", &self.capture_override)
            .field("silent", &self.silent)
            .field("exports_dir", &self.exports_dir)
            .field("transcriber", &self.transcriber.as_ref().map(|t| t.name()))
            .finish()
    }
}

impl AppConfig {
    /// Everything inside `data_dir` (exports in its `exports/`).
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            exports_dir: data_dir.join("exports"),
            data_dir,
            capture_override: None,
            silent: false,
            transcriber: None,
        }
    }
}

/// Feeds this WAV instead of the microphone, paced in real time (demos, screenshots, trying
/// the app on a machine without one).
pub const CAPTURE_WAV_ENV: &str = "STARLING_CAPTURE_WAV";

/// The data folder from the environment or the platform default, and the capture override.
pub fn default_config() -> anyhow::Result<AppConfig> {
    let mut config = AppConfig::new(settings::data_dir()?);
    // Exports are for the user to find and send: their documents folder when there is one.
    if let Some(docs) = directories::UserDirs::new().and_then(|d| d.document_dir().map(|p| p.join("Starling"))) {
        config.exports_dir = docs;
    }
    if let Some(path) = std::env::var_os(CAPTURE_WAV_ENV) {
        let path = PathBuf::from(path);
        let speech = crate::audio::load_speech(&path).map_err(|e| anyhow::anyhow!("{CAPTURE_WAV_ENV}: {e}"))?;
        config.capture_override = Some(CaptureSource::Samples {
            samples: speech.samples.into(),
            rate: crate::audio::WHISPER_RATE,
            speed: 1.0,
        });
    }
    Ok(config)
}

/// The user's settings and library as the app opens them, and what to tell the user about
/// them. A damaged file is kept aside (the app would replace it at its next save) and the user
/// told where; one that cannot be read at all is left alone.
pub fn load_user_files(
    data_dir: &std::path::Path,
) -> (settings::Settings, crate::bank::Library, Option<super::Notice>) {
    /// The file's contents, or the defaults with what to tell the user.
    fn opened<T: Default>(
        loaded: Result<(T, Option<PathBuf>), String>,
        damaged: &str,
        warnings: &mut Vec<String>,
        kept: &mut Option<PathBuf>,
    ) -> T {
        match loaded {
            Ok((value, None)) => value,
            Ok((value, Some(aside))) => {
                warnings.push(damaged.replace("{}", &aside.display().to_string()));
                *kept = Some(aside);
                value
            }
            Err(e) => {
                warnings.push(format!("{e}; using the defaults"));
                T::default()
            }
        }
    }
    let (mut warnings, mut kept) = (Vec::new(), None);
    let settings = opened(
        settings::Settings::load_keeping_damaged(data_dir).map_err(|e| e.to_string()),
        "Your settings file was damaged: it was kept as {} and the defaults are used.",
        &mut warnings,
        &mut kept,
    );
    let library = opened(
        crate::bank::Library::load_keeping_damaged(data_dir).map_err(|e| e.to_string()),
        "Your questions and stories file was damaged: it was kept as {} (open it to copy your stories back); starting with an empty one.",
        &mut warnings,
        &mut kept,
    );
    for text in &warnings {
        log::warn!("{text}");
    }
    // Stays until dismissed, with the kept file to open.
    let notice = (!warnings.is_empty()).then(|| super::Notice {
        text: warnings.join(" "),
        error: true,
        at: std::time::Instant::now(),
        file: kept,
        action: None,
    });
    (settings, library, notice)
}
