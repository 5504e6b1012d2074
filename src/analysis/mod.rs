//! What an interviewer would notice, measured from timed words and the audio itself.
//! One file per measure; [`analyze`] assembles them into a [`Report`].

pub mod pacing;
pub mod pronouns;
pub mod report;
pub mod text;

use crate::transcribe::Word;
pub use report::*;

/// Thresholds the user can change; every measure reads its limits from here.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AnalysisSettings {
    /// Comfortable speaking rate, words per minute.
    pub wpm_band: (f64, f64),
    /// A silence at least this long is a long pause.
    pub long_pause_s: f64,
    /// A silence at least this long is a stall.
    pub stall_s: f64,
    /// Target answer length, seconds.
    pub target_total_s: (f64, f64),
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        Self { wpm_band: (120.0, 160.0), long_pause_s: 1.0, stall_s: 2.0, target_total_s: (120.0, 180.0) }
    }
}

/// Everything the analysis reads.
pub struct AnalysisInput<'a> {
    pub words: &'a [Word],
    /// 16 kHz mono samples of the whole answer, for measures taken from the sound itself.
    pub samples: &'a [f32],
    pub duration_s: f64,
    pub model: ModelRef,
    pub source: Option<String>,
    pub question: Option<QuestionRef>,
}

pub fn analyze(input: &AnalysisInput, settings: &AnalysisSettings) -> Report {
    let words: Vec<ReportWord> = input
        .words
        .iter()
        .map(|w| ReportWord { text: w.text.clone(), start: w.start, end: w.end, probability: w.probability, filler: false })
        .collect();
    let pacing = pacing::measure(&words, settings);
    let pronouns = pronouns::count(&words);
    let transcript = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let summary = if words.is_empty() {
        "No speech was found in this recording.".to_string()
    } else {
        format!("{} words in {}, {:.0} words per minute.", pacing.word_count, format_clock(input.duration_s), pacing.wpm)
    };
    let findings = if words.is_empty() {
        vec![Finding {
            severity: Severity::Problem,
            code: "no_speech".into(),
            message: "No speech was found. Check that the right microphone is selected and not muted.".into(),
            span: None,
        }]
    } else {
        Vec::new()
    };
    Report {
        schema_version: SCHEMA_VERSION,
        generator: format!("starling {}", env!("CARGO_PKG_VERSION")),
        source: input.source.clone(),
        question: input.question.clone(),
        duration_s: input.duration_s,
        model: input.model.clone(),
        transcript,
        words,
        pacing,
        fillers: Fillers::default(),
        pronouns,
        star: Star::default(),
        content: Content { total_s: input.duration_s, target_total_s: settings.target_total_s, ..Content::default() },
        findings,
        summary,
    }
}

/// "2:05".
pub fn format_clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
