//! Downloading models: into `<file>.partial`, resuming with HTTP ranges, verifying the SHA-1,
//! then renaming into place so a half-written file is never mistaken for a model.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

use super::catalog::{CatalogEntry, DEFAULT_BASE_URL};
use super::model_file::sha1_file;

/// Overrides where models are fetched from (mirrors, tests on 127.0.0.1).
pub const BASE_URL_ENV: &str = "STARLING_MODEL_BASE_URL";

#[derive(Debug, Error)]
pub enum DownloadError {
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("{url}: the server answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("download interrupted after {received} bytes ({reason}); run the same command again to resume")]
    Interrupted { received: u64, reason: String },
    #[error("{}: checksum mismatch: expected SHA-1 {expected}, got {actual}; the damaged download was deleted", path.display())]
    Checksum { path: PathBuf, expected: String, actual: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl DownloadError {
    /// What went wrong and what to do, in a user's words (the app shows it beside the Download
    /// button; the technical message goes to the log).
    pub fn for_people(&self) -> String {
        let folder = |p: &Path| p.parent().unwrap_or(p).display().to_string();
        match self {
            Self::Unreachable { url, .. } => {
                let host = url.split("://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or(url);
                format!("Starling could not reach the download server ({host}). Check that this computer is online and that no firewall or proxy blocks it, then try again.")
            }
            Self::Status { status: 404, .. } => "The server does not have this model (it answered \"not found\"). Try another model, or download the file in a browser and choose it with \"Choose a model file…\".".into(),
            Self::Status { status, .. } if *status >= 500 => format!("The download server has a problem right now (error {status}). Try again later."),
            Self::Status { status, .. } => format!("The download server refused the request (error {status}). Try again later, or download the file in a browser and choose it with \"Choose a model file…\"."),
            Self::Interrupted { received, .. } => format!("The download stopped part-way, after {:.0} MB. Press Download again: it goes on from where it stopped.", *received as f64 / 1e6),
            Self::Checksum { .. } => "The file that arrived is not the expected model (damaged on the way, or the server sent something else). It was deleted; try again.".into(),
            Self::Io { path, source } if source.kind() == std::io::ErrorKind::StorageFull => {
                format!("There is not enough free disk space in {} for this model. Free some space, or choose a smaller model, and try again.", folder(path))
            }
            Self::Io { path, source } if source.kind() == std::io::ErrorKind::PermissionDenied => {
                format!("Starling is not allowed to write in {}. Check the folder's permissions, or start Starling with another data folder.", folder(path))
            }
            Self::Io { path, source } => format!("The model could not be saved in {}: {source}.", folder(path)),
        }
    }
}

/// What a progress display needs to know.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// Starting (or resuming at `done` bytes) with `total` expected, when the server says.
    Start {
        done: u64,
        total: Option<u64>,
    },
    Advance {
        done: u64,
    },
    Verifying,
}

/// One file to fetch.
#[derive(Debug, Clone)]
pub struct DownloadRequest {
    pub url: String,
    pub destination: PathBuf,
    pub sha1: String,
}

impl DownloadRequest {
    /// The request for a catalog model into `models_dir`, from `base_url` or the default host.
    pub fn for_model(entry: &CatalogEntry, models_dir: &Path, base_url: Option<&str>) -> Self {
        let env_base = std::env::var(BASE_URL_ENV).ok().filter(|s| !s.is_empty());
        let base = base_url.map(str::to_string).or(env_base).unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        Self {
            url: format!("{}/{}", base.trim_end_matches('/'), entry.file),
            destination: models_dir.join(entry.file),
            sha1: entry.sha1.to_string(),
        }
    }

    pub fn partial_path(&self) -> PathBuf {
        let mut name = self.destination.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        self.destination.with_file_name(name)
    }
}

/// Downloads with up to `attempts` tries, each resuming where the last stopped.
pub fn download(
    request: &DownloadRequest,
    attempts: u32,
    progress: &mut dyn FnMut(Progress),
) -> Result<PathBuf, DownloadError> {
    let mut last = None;
    for attempt in 0..attempts.max(1) {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(300 * attempt as u64));
        }
        match fetch_once(request, progress) {
            Ok(()) => return finish(request, progress),
            Err(e @ DownloadError::Interrupted { .. }) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("at least one attempt ran"))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_recv_body(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// One HTTP request; appends to the partial file.
fn fetch_once(request: &DownloadRequest, progress: &mut dyn FnMut(Progress)) -> Result<(), DownloadError> {
    let partial = request.partial_path();
    let io = |source| DownloadError::Io { path: partial.clone(), source };
    if let Some(dir) = partial.parent() {
        fs::create_dir_all(dir).map_err(|source| DownloadError::Io { path: dir.to_path_buf(), source })?;
    }
    let have = fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
    let mut call = agent().get(&request.url);
    if have > 0 {
        call = call.header("Range", format!("bytes={have}-"));
    }
    let response =
        call.call().map_err(|e| DownloadError::Unreachable { url: request.url.clone(), reason: e.to_string() })?;
    let status = response.status().as_u16();
    let length =
        response.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let (mut file, mut done) = match status {
        206 => (OpenOptions::new().append(true).open(&partial).map_err(io)?, have),
        200 => (File::create(&partial).map_err(io)?, 0),
        // The partial file already holds everything the server has.
        416 if have > 0 => return Ok(()),
        _ => return Err(DownloadError::Status { url: request.url.clone(), status }),
    };
    let total = length.map(|l| l + done);
    progress(Progress::Start { done, total });
    let mut reader = response.into_body().into_reader();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                file.sync_all().map_err(io)?;
                return Err(DownloadError::Interrupted { received: done, reason: e.to_string() });
            }
        };
        file.write_all(&buf[..n]).map_err(io)?;
        done += n as u64;
        progress(Progress::Advance { done });
    }
    file.sync_all().map_err(io)?;
    if let Some(total) = total
        && done < total
    {
        return Err(DownloadError::Interrupted {
            received: done,
            reason: format!("connection closed {} bytes early", total - done),
        });
    }
    Ok(())
}

/// Verifies the finished partial file and renames it into place; a mismatch deletes it, since
/// resuming onto corrupt bytes could never succeed.
fn finish(request: &DownloadRequest, progress: &mut dyn FnMut(Progress)) -> Result<PathBuf, DownloadError> {
    progress(Progress::Verifying);
    let partial = request.partial_path();
    let actual = sha1_file(&partial).map_err(|source| DownloadError::Io { path: partial.clone(), source })?;
    if !actual.eq_ignore_ascii_case(&request.sha1) {
        let _ = fs::remove_file(&partial);
        return Err(DownloadError::Checksum {
            path: request.destination.clone(),
            expected: request.sha1.clone(),
            actual,
        });
    }
    fs::rename(&partial, &request.destination)
        .map_err(|source| DownloadError::Io { path: request.destination.clone(), source })?;
    Ok(request.destination.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_is_said_in_plain_words_with_what_to_do() {
        let file = PathBuf::from("/data/models/ggml-base.en.bin");
        let io = |kind| DownloadError::Io { path: file.clone(), source: std::io::Error::from(kind) };
        let cases = [
            (
                DownloadError::Unreachable {
                    url: "https://huggingface.co/x/ggml-base.en.bin".into(),
                    reason: "dns error".into(),
                },
                "could not reach the download server (huggingface.co)",
            ),
            (DownloadError::Status { url: String::new(), status: 404 }, "does not have this model"),
            (DownloadError::Status { url: String::new(), status: 503 }, "Try again later"),
            (
                DownloadError::Interrupted { received: 42_000_000, reason: "reset".into() },
                "after 42 MB. Press Download again",
            ),
            (
                DownloadError::Checksum { path: file.clone(), expected: "a".into(), actual: "b".into() },
                "not the expected model",
            ),
            (io(std::io::ErrorKind::StorageFull), "not enough free disk space in /data/models"),
            (io(std::io::ErrorKind::PermissionDenied), "not allowed to write in /data/models"),
        ];
        for (error, says) in cases {
            let text = error.for_people();
            assert!(text.contains(says), "{text:?} should say {says:?}");
            assert!(!text.contains("SHA-1") && !text.contains("HTTP"), "{text:?} is free of jargon");
        }
    }
}
