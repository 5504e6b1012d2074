//! Speaking rate.

use super::AnalysisSettings;
use super::report::{Pacing, ReportWord, Span};

pub fn measure(words: &[ReportWord], settings: &AnalysisSettings) -> Pacing {
    let spoken: Vec<&ReportWord> = words.iter().filter(|w| !w.filler).collect();
    let mut pacing = Pacing { target_wpm: settings.wpm_band, word_count: spoken.len(), ..Pacing::default() };
    if let (Some(first), Some(last)) = (spoken.first(), spoken.last()) {
        let span = Span { start: first.start, end: last.end.max(first.start) };
        pacing.speech_span = Some(span);
        if span.duration() > 0.0 {
            pacing.wpm = spoken.len() as f64 / (span.duration() / 60.0);
        }
    }
    pacing
}
