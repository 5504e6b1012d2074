//! Taking reports elsewhere: a session as Markdown, self-contained HTML or JSON, the history as
//! CSV. Every export reads the report (and, for the history, the session index) and nothing else.

pub mod csv;
pub mod html;
pub mod markdown;

use crate::analysis::Report;
use crate::store::Session;

/// The formats `sessions export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Md, Format::Html, Format::Json];

    /// "md", "html" or "json": also the names the command line takes.
    pub fn from_extension(name: &str) -> Option<Format> {
        Self::ALL.into_iter().find(|f| f.extension() == name)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// One session in `format`.
pub fn session(format: Format, session: &Session, report: &Report) -> Result<String, serde_json::Error> {
    match format {
        Format::Md => Ok(markdown::session(session, report)),
        Format::Html => Ok(html::session(session, report)),
        Format::Json => serde_json::to_string_pretty(report),
    }
}
