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

/// Writes a file the user named (`--json`, `--out`): a regular file or a new name is replaced
/// atomically; a symbolic link is written through to the file it points at (the link stays); a
/// device or a pipe is written to as it is (`/dev/stdout`, `/dev/full` gives its error), never
/// replaced by a regular file; a folder is refused.
pub fn write_user_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = fs::canonicalize(path).map_err(|e| {
                std::io::Error::new(e.kind(), format!("it is a link to a file that cannot be reached ({e})"))
            })?;
            write_user_file(&target, bytes)
        }
        Ok(meta) if meta.is_dir() => {
            Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder; give a file name"))
        }
        Ok(meta) if !meta.is_file() => {
            let mut file = fs::OpenOptions::new().write(true).open(path)?;
            file.write_all(bytes)?;
            file.flush()
        }
        _ => write_atomic(path, bytes),
    }
}

/// Why a path the user named for output cannot be written, found before any work is done.
#[derive(Debug, thiserror::Error)]
pub enum OutputPathError {
    #[error("{}: cannot write: it is a folder; give a file name", path.display())]
    Folder { path: PathBuf },
    #[error("{}: cannot write: the folder {} does not exist", path.display(), folder.display())]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error("{}: cannot write there: it is the {what} this command reads; give another file name", path.display())]
    IsInput { path: PathBuf, what: &'static str },
    #[error("{}: cannot write into {}: {source}", path.display(), folder.display())]
    NotWritable { path: PathBuf, folder: PathBuf, source: std::io::Error },
}

/// Checks an output path before the work that fills it: its folder exists, it is not a folder,
/// it is none of `inputs` (`analyze answer.wav --json answer.wav` would replace the recording
/// with its report), and a file can be made in its folder (a read-only folder is found before
/// minutes of transcription, not after). Links are followed, so a link to the input is caught.
pub fn check_output_path(path: &Path, inputs: &[(&Path, &'static str)]) -> Result<(), OutputPathError> {
    if path.is_dir() {
        return Err(OutputPathError::Folder { path: path.to_path_buf() });
    }
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(OutputPathError::NoFolder { path: path.to_path_buf(), folder: folder.to_path_buf() });
    }
    for &(input, what) in inputs {
        if same_file::is_same_file(path, input).unwrap_or(false) {
            return Err(OutputPathError::IsInput { path: path.to_path_buf(), what });
        }
    }
    // A device or a pipe is written as it is (no file is made beside it); a link is followed.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if target.exists() && !target.is_file() {
        return Ok(());
    }
    let folder = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => folder,
    };
    let probe = folder.join(format!(".starling-write-check.{}", std::process::id()));
    match fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(source) => {
            Err(OutputPathError::NotWritable { path: path.to_path_buf(), folder: folder.to_path_buf(), source })
        }
    }
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
pub fn load_json_or_default<T: DeserializeOwned + Default>(
    path: &Path,
    what: &'static str,
) -> Result<T, JsonFileError> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| JsonFileError::Parse {
            path: path.to_path_buf(),
            what,
            source,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(source) => Err(JsonFileError::Io { path: path.to_path_buf(), source }),
    }
}

/// Reads `path` as [`load_json_or_default`] does, for a program that will write the file back
/// (the app): a damaged file is moved aside as `<name>.damaged-<date>` and the defaults used,
/// so the next save cannot replace what the user had. The second value says where it went.
pub fn load_json_keeping_damaged<T: DeserializeOwned + Default>(
    path: &Path,
    what: &'static str,
) -> Result<(T, Option<PathBuf>), JsonFileError> {
    match load_json_or_default(path, what) {
        Ok(value) => Ok((value, None)),
        Err(JsonFileError::Parse { source, .. }) => {
            let aside = damaged_name(path);
            fs::rename(path, &aside).map_err(|e| JsonFileError::Io { path: path.to_path_buf(), source: e })?;
            log::warn!("{}: the {what} file is damaged ({source}); kept as {}", path.display(), aside.display());
            Ok((T::default(), Some(aside)))
        }
        Err(e) => Err(e),
    }
}

/// `library.json` -> `library.json.damaged-20261207-093000`.
pub fn damaged_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".damaged-{}", chrono::Local::now().format("%Y%m%d-%H%M%S")));
    PathBuf::from(name)
}

/// Writes `value` as pretty JSON, atomically.
pub fn save_json<T: Serialize>(path: &Path, what: &'static str, value: &T) -> Result<(), JsonFileError> {
    let json = serde_json::to_vec_pretty(value).map_err(|source| JsonFileError::Parse {
        path: path.to_path_buf(),
        what,
        source,
    })?;
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
    fn a_damaged_file_the_app_would_rewrite_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.json");
        let damaged = b"{\"stories\": [{\"title\": \"Outage\"},]}";
        std::fs::write(&path, damaged).unwrap();
        let (value, aside) = load_json_keeping_damaged::<serde_json::Value>(&path, "library").unwrap();
        assert_eq!(value, serde_json::Value::Null);
        let aside = aside.expect("moved aside");
        assert_eq!(std::fs::read(&aside).unwrap(), damaged, "kept as it was");
        assert!(aside.file_name().unwrap().to_string_lossy().starts_with("library.json.damaged-"));
        assert!(!path.exists());
        // A sound file is read in place.
        save_json(&path, "library", &serde_json::json!({"stories": []})).unwrap();
        assert!(load_json_keeping_damaged::<serde_json::Value>(&path, "library").unwrap().1.is_none());
    }

    #[test]
    fn user_files_are_written_through_links_and_devices_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.json");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&target, &link).unwrap();
            write_user_file(&link, b"new").unwrap();
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
            assert_eq!(std::fs::read(&target).unwrap(), b"new");
            // A device is written to, not replaced by a regular file.
            write_user_file(Path::new("/dev/null"), b"x").unwrap();
            assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
            assert!(write_user_file(Path::new("/dev/full"), b"x").is_err(), "a full device's error is not hidden");
            assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
        }
        assert!(write_user_file(dir.path(), b"x").is_err(), "a folder is refused");
        // An output that is the input, by its name or through a link, is refused before any work.
        let input = dir.path().join("answer.wav");
        std::fs::write(&input, b"RIFF").unwrap();
        assert!(matches!(check_output_path(&input, &[(&input, "recording")]), Err(OutputPathError::IsInput { .. })));
        #[cfg(unix)]
        {
            let alias = dir.path().join("alias.json");
            std::os::unix::fs::symlink(&input, &alias).unwrap();
            assert!(matches!(
                check_output_path(&alias, &[(&input, "recording")]),
                Err(OutputPathError::IsInput { .. })
            ));
        }
        assert!(check_output_path(&dir.path().join("report.json"), &[(&input, "recording")]).is_ok());
        assert!(matches!(
            check_output_path(&dir.path().join("no/such/report.json"), &[]),
            Err(OutputPathError::NoFolder { .. })
        ));
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
