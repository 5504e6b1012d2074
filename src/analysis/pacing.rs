//! Speaking rate and pauses. Pauses come from the audio (see [`super::voice`]); words only
//! say which side of a sentence end a pause falls on.

use super::AnalysisSettings;
use super::report::{Pacing, Pause, PauseKind, PausePlace, ReportWord, Span, WpmPoint, word_span};
use super::text::ends_sentence;
use crate::audio::voice::{SPEECH_BRIDGE_S, SPEECH_MIN_S, VoiceActivity};

/// Silences shorter than this are part of fluent speech (articulation rate keeps them).
pub const MIN_PAUSE_S: f64 = 0.3;
const WINDOW_S: f64 = 20.0;
const STEP_S: f64 = 5.0;

/// Moves word starts earlier by whisper's alignment lag for this recording. DTW places word
/// starts late (0.1-0.4 s in our measurements); words that follow a silence show the lag
/// exactly, as the distance from the voice onset before them, and the median of those
/// distances is applied to every word.
pub fn align_word_starts(words: &mut [ReportWord], voice: &VoiceActivity) {
    let onsets: Vec<f64> = voice.segments(0.05, 0.05).iter().map(|s| s.start).collect();
    let mut lags: Vec<f64> = words
        .iter()
        .filter_map(|w| onsets.iter().rev().find(|&&o| o <= w.start + 0.05 && o >= w.start - 0.6).map(|o| w.start - o))
        .collect();
    if lags.len() < 3 {
        return;
    }
    lags.sort_by(f64::total_cmp);
    let lag = lags[lags.len() / 2].clamp(0.0, 0.5);
    let mut previous = 0.0;
    for w in words.iter_mut() {
        w.start = (w.start - lag).max(previous).max(0.0);
        w.end = (w.end - lag).max(w.start);
        previous = w.start;
    }
}

/// Ends each word where the voice stops if a silence begins before the next word starts,
/// since DTW gives reliable starts but whisper stretches words over the silence after them.
pub fn refine_word_ends(words: &mut [ReportWord], voice: &VoiceActivity) {
    let Some(span) = word_span(words) else { return };
    let silences = voice.silences(Span { start: span.start, end: span.end + 2.0 }, 0.15);
    for i in 0..words.len() {
        let limit = words.get(i + 1).map(|n| n.start).unwrap_or(words[i].end);
        if let Some(s) = silences.iter().find(|s| s.start > words[i].start && s.start < limit) {
            words[i].end = s.start.max(words[i].start + 0.05).min(limit);
        }
    }
}

pub fn measure(words: &[ReportWord], voice: &VoiceActivity, settings: &AnalysisSettings) -> Pacing {
    let spoken: Vec<&ReportWord> = words.iter().filter(|w| w.counts(settings.min_word_probability)).collect();
    let mut pacing = Pacing { target_wpm: settings.wpm_band, word_count: spoken.len(), ..Pacing::default() };
    let Some(word_span) = word_span(words) else { return pacing };
    let span = voiced_span(word_span, voice);
    pacing.speech_span = Some(span);
    pacing.pauses = pauses(words, voice, span, settings);
    pacing.long_pause_count = pacing.pauses.iter().filter(|p| p.kind != PauseKind::Short).count();
    pacing.stall_count = pacing.pauses.iter().filter(|p| p.kind == PauseKind::Stall).count();
    let paused: f64 = pacing.pauses.iter().map(|p| p.duration).sum();
    // Time the input was silent is neither speaking nor pausing.
    let heard_s = (span.duration() - voice.dropout_s(span)).max(0.0);
    pacing.speaking_time_s = (heard_s - paused).max(0.0);
    if heard_s > 0.0 {
        pacing.wpm = spoken.len() as f64 / (heard_s / 60.0);
    }
    if pacing.speaking_time_s > 0.0 {
        pacing.articulation_wpm = spoken.len() as f64 / (pacing.speaking_time_s / 60.0);
    }
    pacing.wpm_over_time = rolling_wpm(&spoken, span);
    pacing
}

/// The speech span, tightened or widened to where the voice really starts and stops.
fn voiced_span(words: Span, voice: &VoiceActivity) -> Span {
    let segments = voice.segments(SPEECH_BRIDGE_S, SPEECH_MIN_S);
    let start = segments
        .iter()
        .find(|s| s.end > words.start - 0.3)
        .map(|s| s.start.max(words.start - 0.5))
        .unwrap_or(words.start);
    let end =
        segments.iter().rev().find(|s| s.start < words.end).map(|s| s.end.min(words.end + 1.5)).unwrap_or(words.end);
    Span { start: start.min(words.start + 0.5), end: end.max(start) }
}

fn pauses(words: &[ReportWord], voice: &VoiceActivity, span: Span, settings: &AnalysisSettings) -> Vec<Pause> {
    voice
        .silences(span, MIN_PAUSE_S)
        .into_iter()
        .map(|s| {
            let duration = s.duration();
            let kind = if duration >= settings.stall_s {
                PauseKind::Stall
            } else if duration >= settings.long_pause_s {
                PauseKind::Long
            } else {
                PauseKind::Short
            };
            let before = words.iter().rev().find(|w| w.start < s.start && !w.filler);
            let place = match before {
                Some(w) if ends_sentence(&w.text) => PausePlace::BetweenSentences,
                _ => PausePlace::MidClause,
            };
            Pause { start: s.start, end: s.end, duration, kind, place }
        })
        .collect()
}

/// Words per minute in a sliding 20 s window, every 5 s, for the chart.
fn rolling_wpm(words: &[&ReportWord], span: Span) -> Vec<WpmPoint> {
    let mut points = Vec::new();
    if span.duration() <= 0.0 {
        return points;
    }
    let window = WINDOW_S.min(span.duration());
    let mut t = span.start;
    loop {
        let (a, b) = (t, t + window);
        let n = words.iter().filter(|w| w.start >= a && w.start < b).count();
        points.push(WpmPoint { t: (a + b) / 2.0, wpm: n as f64 / (window / 60.0) });
        if b >= span.end {
            break;
        }
        t = (t + STEP_S).min(span.end - window);
    }
    points
}
