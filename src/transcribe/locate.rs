//! Finding the model to use: `--model PATH`, then `STARLING_MODEL`, then the user's choice in
//! settings, then the first catalog model installed in the models folder. The settings are
//! read above this layer (`settings::resolve_model`) and come in as plain paths.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::TranscribeError;
use super::catalog::{CATALOG, CatalogEntry};

pub const MODEL_ENV: &str = "STARLING_MODEL";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    CommandLine,
    Environment,
    Settings,
    DataFolder,
}

impl ModelSource {
    pub fn describe(self) -> &'static str {
        match self {
            Self::CommandLine => "--model",
            Self::Environment => MODEL_ENV,
            Self::Settings => "settings",
            Self::DataFolder => "data folder",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedModel {
    pub path: PathBuf,
    pub source: ModelSource,
}

/// Resolves the model. An explicit choice that does not exist is an error, not a reason to
/// quietly fall back to another model the user did not ask for.
pub fn resolve_model(
    flag: Option<&Path>,
    configured: Option<&Path>,
    models_dir: Option<&Path>,
) -> Result<ResolvedModel, TranscribeError> {
    let env = std::env::var_os(MODEL_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
    let explicit = [
        (flag.map(Path::to_path_buf), ModelSource::CommandLine),
        (env, ModelSource::Environment),
        (configured.map(Path::to_path_buf), ModelSource::Settings),
    ];
    for (path, source) in explicit {
        if let Some(path) = path {
            if path.is_dir() {
                return Err(TranscribeError::ModelIsFolder { path, origin: source.describe() });
            }
            if !path.is_file() {
                return Err(TranscribeError::ModelMissing { path, origin: source.describe() });
            }
            return Ok(ResolvedModel { path, source });
        }
    }
    if let Some(dir) = models_dir
        && let Some((_, path)) = installed(dir).into_iter().next()
    {
        return Ok(ResolvedModel { path, source: ModelSource::DataFolder });
    }
    Err(TranscribeError::NoModel)
}

/// Catalog models present in `dir`, in catalog preference order. Partial downloads do not count.
pub fn installed(dir: &Path) -> Vec<(&'static CatalogEntry, PathBuf)> {
    CATALOG.iter().map(|e| (e, dir.join(e.file))).filter(|(_, p)| p.is_file()).collect()
}
