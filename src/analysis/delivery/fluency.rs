//! Fluency as listeners judge it: how many words come between pauses, how much of the time the
//! voice is on, how often it stops, and whether long stops fall inside a phrase.

use super::super::report::{ReportWord, Span, word_span};
use super::super::text::{ends_clause, ends_sentence, normalize};
use super::Fluency;
use crate::audio::voice::VoiceActivity;

/// A silence this long ends a run (the usual threshold in fluency research).
pub const RUN_PAUSE_S: f64 = 0.25;
/// A pause this long inside a phrase is heard as searching for words.
const MID_PHRASE_PAUSE_S: f64 = 0.5;

/// Words that cannot end a phrase: after them the listener waits for the rest.
const PHRASE_OPENERS: &[&str] = &[
    "a", "an", "the", "to", "of", "in", "on", "at", "for", "with", "from", "by", "into", "and", "or", "but", "my",
    "our", "their", "his", "her", "its", "your", "this", "that", "these", "those", "i", "we", "they", "he", "she",
    "was", "were", "is", "are", "be", "been", "had", "have", "has", "would", "could", "should", "will", "can", "very",
    "so", "because", "which", "who", "what",
];

pub(super) fn measure(words: &[ReportWord], voice: &VoiceActivity, min_word_probability: f32) -> Fluency {
    let spoken: Vec<&ReportWord> = words.iter().filter(|w| !w.filler).collect();
    // Words as pace counts them: whisper's unsure fragments are not words said.
    let counted = words.iter().filter(|w| w.counts(min_word_probability)).count();
    let Some(span) = word_span(words) else { return Fluency::default() };
    // The detector's silences are judged at the length the speaker's own would have.
    let overshoot = voice.silence_overshoot_s();
    let pauses: Vec<Span> = voice
        .silences(span, RUN_PAUSE_S + overshoot)
        .into_iter()
        .map(|p| Span { start: p.start + overshoot / 2.0, end: p.end - overshoot / 2.0 })
        .collect();
    let paused: f64 = pauses.iter().map(Span::duration).sum();
    let minutes = span.duration() / 60.0;
    let mid_phrase_pauses = pauses
        .iter()
        .filter(|p| p.duration() >= MID_PHRASE_PAUSE_S)
        .filter(|p| spoken.iter().rev().find(|w| w.start < p.start).is_some_and(|w| opens_phrase(&w.text)))
        .copied()
        .collect();
    Fluency {
        // Every pause inside the span ends one run and starts the next.
        mean_length_of_run: counted as f64 / (pauses.len() + 1) as f64,
        phonation_time_ratio: if span.duration() > 0.0 {
            ((span.duration() - paused) / span.duration()).clamp(0.0, 1.0)
        } else {
            0.0
        },
        pauses_per_minute: if minutes > 0.0 { pauses.len() as f64 / minutes } else { 0.0 },
        mid_phrase_pauses,
    }
}

/// A word after which the phrase cannot be over: an article, a preposition, a pronoun waiting
/// for its verb. A pause after a full word is emphasis or thought; after these, searching.
fn opens_phrase(text: &str) -> bool {
    !ends_sentence(text) && !ends_clause(text) && PHRASE_OPENERS.contains(&normalize(text).as_str())
}
