//! `starling models ...`: the catalog, downloads, and checks of model files.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::settings::models_dir;
use crate::transcribe::catalog::{self, CATALOG, format_size};
use crate::transcribe::download::{self, DownloadRequest, Progress};
use crate::transcribe::locate;
use crate::transcribe::model_file;

use super::ModelsAction;

pub(super) fn models(action: ModelsAction, user: &super::User) -> Result<ExitCode> {
    match action {
        ModelsAction::List => {
            let data_dir = user.data_dir()?;
            let dir = models_dir(data_dir);
            let installed = locate::installed(&dir);
            println!("Models folder: {}", dir.display());
            match user.model(None) {
                Ok(r) => println!("In use: {} (from {})", r.path.display(), r.source.describe()),
                Err(e) => println!("In use: none ({e})"),
            }
            println!();
            println!("{:<14} {:<10} {:<11} NOTES", "MODEL", "SIZE", "STATUS");
            for entry in CATALOG {
                let status = if installed.iter().any(|(e, _)| e.name == entry.name) {
                    "installed"
                } else if dir.join(format!("{}.partial", entry.file)).exists() {
                    "partial"
                } else {
                    "available"
                };
                let size = if entry.size_exact {
                    format_size(entry.size_bytes)
                } else {
                    format!("~{}", format_size(entry.size_bytes))
                };
                println!("{:<14} {:<10} {:<11} {}", entry.name, size, status, entry.summary);
            }
            println!("\nDownload one with: starling models download NAME");
            Ok(ExitCode::SUCCESS)
        }
        ModelsAction::Download { name, base_url } => {
            let Some(entry) = catalog::find(&name) else {
                let names: Vec<_> = CATALOG.iter().map(|e| e.name).collect();
                bail!("unknown model {name:?}; choose one of {}", names.join(", "));
            };
            let dir = models_dir(user.data_dir()?);
            let request = DownloadRequest::for_model(entry, &dir, base_url.as_deref());
            if request.destination.exists() {
                println!("{} is already installed at {}", entry.name, request.destination.display());
                return Ok(ExitCode::SUCCESS);
            }
            println!("Downloading {} ({}) from {}", entry.name, format_size(entry.size_bytes), request.url);
            let bar = progress_bar();
            let path = download::download(&request, 3, &mut |p| match p {
                Progress::Start { done, total } => {
                    if let Some(t) = total {
                        bar.set_length(t);
                    }
                    bar.set_position(done);
                }
                Progress::Advance { done } => bar.set_position(done),
                Progress::Verifying => bar.set_message("verifying SHA-1"),
            });
            bar.finish_and_clear();
            let path = path?;
            println!("Installed {} at {}", entry.name, path.display());
            Ok(ExitCode::SUCCESS)
        }
        ModelsAction::Verify { path } => {
            let v = model_file::verify(&path)?;
            println!(
                "{}: whisper model, {} architecture, {}",
                path.display(),
                v.info.label(),
                format_size(v.info.size_bytes)
            );
            println!("SHA-1 {}", v.sha1);
            match (v.catalog, v.matches_official) {
                (Some(e), Some(true)) => {
                    println!("Matches the official {} file.", e.name);
                    Ok(ExitCode::SUCCESS)
                }
                (Some(e), _) => {
                    println!(
                        "Does NOT match the official {} ({}): the file is damaged or a different build.",
                        e.file, e.sha1
                    );
                    Ok(ExitCode::from(2))
                }
                (None, _) => {
                    println!("Not a catalog file; its header is valid and every weight is a number.");
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}

pub(super) fn progress_bar() -> indicatif::ProgressBar {
    let bar =
        if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
