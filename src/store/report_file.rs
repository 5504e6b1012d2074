//! Report files, read and written in this one place: the app's sessions, `starling analyze
//! --json` output and edited reports all get the same checks, atomic writes and messages.

use std::path::{Path, PathBuf};

use crate::analysis::Report;
use crate::analysis::report::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum ReportFileError {
    #[error("cannot read the report {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a Starling report, or it is damaged: {source}")]
    Parse { path: PathBuf, source: serde_json::Error },
    #[error("{path} has report schema {found}; this Starling reads schema {SCHEMA_VERSION}")]
    Version { path: PathBuf, found: u32 },
    #[error("{path} is not a Starling report, or it is damaged: {what}")]
    OutOfRange { path: PathBuf, what: String },
    #[error("cannot write the report {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// Where an answer's report is kept: beside its recording, `answer.wav` -> `answer.report.json`.
pub fn path_for(wav: &Path) -> PathBuf {
    wav.with_extension("report.json")
}

/// Reads a saved report, checking its schema version before its fields.
pub fn read(path: &Path) -> Result<Report, ReportFileError> {
    let text = std::fs::read(path).map_err(|source| ReportFileError::Read { path: path.to_path_buf(), source })?;
    // The version first: a report from another schema should say so, not fail on a field.
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: u32,
    }
    let parse_error = |source| ReportFileError::Parse { path: path.to_path_buf(), source };
    let version: Versioned = serde_json::from_slice(&text).map_err(parse_error)?;
    if version.schema_version != SCHEMA_VERSION {
        return Err(ReportFileError::Version { path: path.to_path_buf(), found: version.schema_version });
    }
    let value: serde_json::Value = serde_json::from_slice(&text).map_err(parse_error)?;
    check_values(&value).map_err(|what| ReportFileError::OutOfRange { path: path.to_path_buf(), what })?;
    serde_json::from_value(value).map_err(parse_error)
}

/// No value a recording of at most 30 minutes can give (times, counts, rates, pitches) comes
/// near this; an edited or damaged file past it would make screens and exports loop or
/// allocate without end (an HTML export of a 1e11-second answer).
const MAX_VALUE: f64 = 1e6;
/// An answer's length: the recorder and the readers stop at 30 minutes; a minute of slack.
const MAX_DURATION_S: f64 = crate::audio::wav::MAX_DURATION_S + 60.0;

/// Checks every number in a report against what a real answer can hold, naming the first one
/// that is not.
fn check_values(value: &serde_json::Value) -> Result<(), String> {
    fn walk(value: &serde_json::Value, at: &mut Vec<String>) -> Result<(), String> {
        match value {
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() && x.abs() <= MAX_VALUE => Ok(()),
                _ => Err(format!("{} is {n}, beyond any answer's", at.join("."))),
            },
            serde_json::Value::Array(items) => items.iter().enumerate().try_for_each(|(i, v)| {
                at.push(i.to_string());
                walk(v, at)?;
                at.pop();
                Ok(())
            }),
            serde_json::Value::Object(fields) => fields.iter().try_for_each(|(k, v)| {
                at.push(k.clone());
                walk(v, at)?;
                at.pop();
                Ok(())
            }),
            _ => Ok(()),
        }
    }
    if let Some(d) = value.get("duration_s").and_then(serde_json::Value::as_f64)
        && !(0.0..=MAX_DURATION_S).contains(&d)
    {
        return Err(format!("duration_s is {d} s; a recording is at most 30 minutes"));
    }
    walk(value, &mut Vec::new())
}

/// Writes `report` as pretty JSON, whole or not at all (a crash mid-write keeps the old file);
/// through a link or into a device when the user named one.
pub fn write(path: &Path, report: &Report) -> Result<(), ReportFileError> {
    let write_error = |source| ReportFileError::Write { path: path.to_path_buf(), source };
    let json = serde_json::to_vec_pretty(report).map_err(|e| write_error(e.into()))?;
    crate::files::write_user_file(path, &json).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_written_reads_back_the_same_and_damage_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("answer.wav"));
        assert!(path.ends_with("answer.report.json"));
        let report = Report { schema_version: SCHEMA_VERSION, duration_s: 12.345678901234567, ..Report::default() };
        write(&path, &report).unwrap();
        assert_eq!(read(&path).unwrap(), report);
        std::fs::write(&path, br#"{"schema_version": 7}"#).unwrap();
        assert!(matches!(read(&path), Err(ReportFileError::Version { found: 7, .. })));
        std::fs::write(&path, b"{ not json").unwrap();
        assert!(matches!(read(&path), Err(ReportFileError::Parse { .. })));
        // A folder where the file should go: the write fails as on a read-only or full disk.
        // Values no answer can hold (an edited file) are refused, not shown or exported.
        let mut wild = serde_json::to_value(&report).unwrap();
        wild["duration_s"] = 1e11.into();
        std::fs::write(&path, wild.to_string()).unwrap();
        assert!(matches!(read(&path), Err(ReportFileError::OutOfRange { .. })));
        let mut wild = serde_json::to_value(&report).unwrap();
        wild["pacing"]["wpm"] = 1e300.into();
        std::fs::write(&path, wild.to_string()).unwrap();
        let err = read(&path).unwrap_err();
        assert!(err.to_string().contains("pacing.wpm"), "{err}");
        let blocked = dir.path().join("blocked.report.json");
        std::fs::create_dir(&blocked).unwrap();
        let err = write(&blocked, &report).unwrap_err();
        assert!(matches!(err, ReportFileError::Write { .. }), "{err}");
    }
}
