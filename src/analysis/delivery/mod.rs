//! How the answer sounded: pitch, loudness, fluency and pet phrases, measured from the audio
//! and tied to sentences so every figure points at a moment.
//!
//! Listeners judge liveliness by how far the pitch moves (its spread in semitones) and fluency
//! by how long the runs between pauses are and how much of the time is spent speaking.

pub mod describe;
mod energy;
pub mod findings;
mod fluency;
mod pet_phrases;
mod pitch;

use super::report::{ReportWord, Span, Star};
use super::text::ends_sentence;
use crate::audio::voice::VoiceActivity;

pub use pet_phrases::CRUTCH_PHRASES;
pub use pitch::MONOTONE_RANGE_ST;
// The report's delivery figures live beside the rest of the report, which holds them.
pub use super::report::delivery::{
    Delivery, Energy, Fluency, PetPhrase, PetPhraseKind, Pitch, SectionPitch, SentenceDelivery,
};

/// What the measures read.
pub struct DeliveryInput<'a> {
    pub words: &'a [ReportWord],
    pub samples: &'a [f32],
    pub voice: &'a VoiceActivity,
    pub star: &'a Star,
    /// The question's text: its words are the topic, not a habit.
    pub question: Option<&'a str>,
    /// Words whisper was less sure of are not counted as said (as in pace).
    pub min_word_probability: f32,
}

pub fn measure(input: &DeliveryInput) -> Delivery {
    let sentences = sentences(input.words);
    let mut delivery = Delivery {
        sentences: sentences
            .iter()
            .map(|s| SentenceDelivery { start: s.span.start, end: s.span.end, ..Default::default() })
            .collect(),
        ..Default::default()
    };
    delivery.pitch = pitch::measure(input, &sentences, &mut delivery.sentences);
    delivery.energy = energy::measure(input, &sentences, &mut delivery.sentences);
    delivery.fluency = fluency::measure(input.words, input.voice, input.min_word_probability);
    delivery.pet_phrases = pet_phrases::find(input.words, input.question);
    delivery
}

/// A sentence: the words up to one that ends it, or up to a long silence whisper did not
/// punctuate.
pub(crate) struct Sentence {
    pub span: Span,
    /// Index range into the words.
    pub words: std::ops::Range<usize>,
    pub question: bool,
}

/// Silence that ends a sentence even without a full stop.
const SENTENCE_GAP_S: f64 = 1.5;

pub(crate) fn sentences(words: &[ReportWord]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..words.len() {
        let gap_after = words.get(i + 1).is_some_and(|n| n.start - words[i].end >= SENTENCE_GAP_S);
        if ends_sentence(&words[i].text) || gap_after || i + 1 == words.len() {
            let question = words[i].text.trim_end_matches(['"', '\'', ')']).ends_with('?');
            out.push(Sentence {
                span: Span { start: words[first].start, end: words[i].end },
                words: first..i + 1,
                question,
            });
            first = i + 1;
        }
    }
    out
}

/// Consecutive flagged sentences joined into stretches; `flag` is `None` for a sentence too
/// short to judge, which neither breaks nor extends a stretch.
fn runs(sentences: &[SentenceDelivery], flag: impl Fn(&SentenceDelivery) -> Option<bool>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open = false;
    for s in sentences {
        match flag(s) {
            Some(true) => {
                match out.last_mut() {
                    Some(last) if open => last.end = s.end,
                    _ => out.push(Span { start: s.start, end: s.end }),
                }
                open = true;
            }
            Some(false) => open = false,
            None => {}
        }
    }
    out
}

/// The value at fraction `q` of sorted `values`.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests;
