//! Diagnostics: `log` records (ours and whisper.cpp's, routed by whisper-rs) go to
//! `starling.log` in the data folder, where the app's Settings screen shows them; the command
//! line also prints them on stderr when `STARLING_LOG` names a level (error, warn, info, debug).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use simplelog::{
    ColorChoice, CombinedLogger, ConfigBuilder, LevelFilter, SharedLogger, TermLogger, TerminalMode, WriteLogger,
};

pub const LOG_FILE: &str = "starling.log";
/// A log past this size at start is kept as `starling.log.1` (replacing the one before), so
/// the file never grows without bound.
const ROTATE_BYTES: u64 = 4 * 1024 * 1024;
pub const LEVEL_ENV: &str = "STARLING_LOG";

pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_FILE)
}

/// Starts logging to the data folder's log file (and to stderr at `STARLING_LOG`'s level when
/// `stderr_from_env`). Logging is a help, not a need: when the file cannot be opened, or a
/// logger is already set (tests), it says so once on stderr and the program goes on.
pub fn init(data_dir: &Path, stderr_from_env: bool) {
    let mut base = ConfigBuilder::new();
    base.set_time_format_rfc3339().set_thread_level(LevelFilter::Off);
    let config = base.build();
    // whisper.cpp reports every decoding state it sets up (nine lines each): only its warnings
    // and errors are kept; our own records from info up.
    let ours = base.clone().add_filter_ignore_str("whisper_rs").build();
    let whisper = base.clone().add_filter_allow_str("whisper_rs").build();
    let mut loggers: Vec<Box<dyn SharedLogger>> = Vec::new();
    match open_rotated(&log_path(data_dir)).and_then(|file| Ok((file.try_clone()?, file))) {
        Ok((file, copy)) => {
            loggers.push(WriteLogger::new(LevelFilter::Info, ours, file));
            loggers.push(WriteLogger::new(LevelFilter::Warn, whisper, copy));
        }
        Err(e) => eprintln!("starling: no log file ({e}); diagnostics go nowhere"),
    }
    if stderr_from_env && let Some(level) = std::env::var(LEVEL_ENV).ok().and_then(|v| v.parse::<LevelFilter>().ok()) {
        loggers.push(TermLogger::new(level, config, TerminalMode::Stderr, ColorChoice::Never));
    }
    if !loggers.is_empty() && CombinedLogger::init(loggers).is_ok() {
        log::info!("starling {} started", env!("CARGO_PKG_VERSION"));
    }
}

fn open_rotated(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_BYTES) {
        std::fs::rename(path, path.with_extension("log.1"))?;
    }
    OpenOptions::new().create(true).append(true).open(path)
}

/// The last `max_bytes` of the log, from a line start, for the Settings screen.
pub fn tail(path: &Path, max_bytes: u64) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(max_bytes)))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(if len > max_bytes { text.split_once('\n').map(|(_, rest)| rest.to_string()).unwrap_or(text) } else { text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_log_is_rotated_and_the_tail_starts_at_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = log_path(dir.path());
        std::fs::write(&path, vec![b'x'; ROTATE_BYTES as usize + 1]).unwrap();
        drop(open_rotated(&path).unwrap());
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "a fresh file after rotation");
        assert!(path.with_extension("log.1").is_file(), "the old one is kept");
        std::fs::write(&path, "first line\nsecond line\nthird line\n").unwrap();
        assert_eq!(tail(&path, 18).unwrap(), "third line\n");
        assert_eq!(tail(&path, 1000).unwrap(), "first line\nsecond line\nthird line\n");
    }
}
