//! File helpers shared by settings, reports and the session store.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`, so a
/// crash leaves either the old file or the new one, never half of each.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Held by the process writing a file (a recording), on `<file>.lock` beside it: another
/// process can then tell a file being written from one whose writer died (the lock goes with
/// the process, whatever way it ends).
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
    path: PathBuf,
}

impl WriteLock {
    /// Takes the lock for `target`; `None` when another handle holds it.
    pub fn acquire(target: &Path) -> std::io::Result<Option<Self>> {
        let path = lock_path(target);
        let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file, path })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn lock_path(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// True while another handle holds `target`'s [`WriteLock`].
pub fn is_being_written(target: &Path) -> bool {
    let path = lock_path(target);
    let Ok(file) = fs::OpenOptions::new().write(true).open(&path) else { return false };
    matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock))
}

/// A JSON file of the user's (settings, questions and stories) that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum JsonFileError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: the {what} file is damaged ({source}); it was left untouched: fix or delete it", path.display())]
    Parse { path: PathBuf, what: &'static str, source: serde_json::Error },
}

/// Reads `path`; a missing file means defaults, a damaged one is an error rather than being
/// silently reset, so the user's data is never thrown away. `what` names the file for people.
pub fn load_json_or_default<T: DeserializeOwned + Default>(path: &Path, what: &'static str) -> Result<T, JsonFileError> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| JsonFileError::Parse { path: path.to_path_buf(), what, source }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(source) => Err(JsonFileError::Io { path: path.to_path_buf(), source }),
    }
}

/// Writes `value` as pretty JSON, atomically.
pub fn save_json<T: Serialize>(path: &Path, what: &'static str, value: &T) -> Result<(), JsonFileError> {
    let json = serde_json::to_vec_pretty(value).map_err(|source| JsonFileError::Parse { path: path.to_path_buf(), what, source })?;
    write_atomic(path, &json).map_err(|source| JsonFileError::Io { path: path.to_path_buf(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_lock_is_seen_while_held_and_gone_with_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("answer.wav");
        assert!(!is_being_written(&wav));
        let lock = WriteLock::acquire(&wav).unwrap().expect("free");
        assert!(is_being_written(&wav));
        assert!(WriteLock::acquire(&wav).unwrap().is_none(), "a second writer is refused");
        drop(lock);
        assert!(!is_being_written(&wav));
        // A lock file left by a writer that died (the file stays, its lock does not).
        std::fs::write(dir.path().join("answer.wav.lock"), b"").unwrap();
        assert!(!is_being_written(&wav));
    }

    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("report.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.json")]);
    }
}
