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

use serde::{Deserialize, Serialize};

use super::report::{ReportWord, Span, Star, StarLabel};
use super::text::ends_sentence;
use crate::audio::voice::VoiceActivity;

pub use pet_phrases::CRUTCH_PHRASES;
pub use pitch::MONOTONE_RANGE_ST;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Delivery {
    pub pitch: Pitch,
    pub energy: Energy,
    pub fluency: Fluency,
    /// Repeated phrases and crutch words, most used first.
    pub pet_phrases: Vec<PetPhrase>,
    /// Each sentence as these measures heard it, in order.
    pub sentences: Vec<SentenceDelivery>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pitch {
    /// The speaker's typical pitch over the voiced frames; `None` when too little was voiced.
    pub median_hz: Option<f64>,
    /// Standard deviation of the pitch, semitones.
    pub spread_semitones: Option<f64>,
    /// From the 10th to the 90th percentile of the pitch, semitones.
    pub range_semitones: Option<f64>,
    /// Runs of sentences that each stayed within [`MONOTONE_RANGE_ST`].
    pub monotone: Vec<Span>,
    /// Statements (not questions) whose last syllable rose.
    pub uptalk: Vec<Span>,
    pub by_section: Vec<SectionPitch>,
    /// Semitones around `median_hz`, one value per `contour_step_s`; `None` where unvoiced.
    pub contour: Vec<Option<f32>>,
    pub contour_step_s: f64,
}

impl Pitch {
    /// The middle of contour point `i`, seconds: each point is the median of the tracker's
    /// 10 ms frames in its step.
    pub fn contour_time(&self, i: usize) -> f64 {
        use crate::audio::pitch_contour::{HOP_S, PitchContour};
        PitchContour::time(0) + i as f64 * self.contour_step_s + (self.contour_step_s - HOP_S) / 2.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionPitch {
    pub label: StarLabel,
    pub median_hz: Option<f64>,
    pub spread_semitones: Option<f64>,
    pub range_semitones: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Energy {
    /// The typical sentence's loudness, dB below full scale.
    pub level_db: Option<f64>,
    /// Sentences whose last words fell far below the rest of the sentence.
    pub trailing_off: Vec<Span>,
    /// Runs of sentences much quieter than the answer's typical one.
    pub quiet: Vec<Span>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fluency {
    /// Words between pauses of [`fluency::RUN_PAUSE_S`] or more.
    pub mean_length_of_run: f64,
    /// Share of the speaking span with the voice on (pauses of the same length excluded).
    pub phonation_time_ratio: f64,
    pub pauses_per_minute: f64,
    /// Pauses of half a second or more inside a phrase ("the ... team"), where a listener
    /// hears searching rather than emphasis.
    pub mid_phrase_pauses: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PetPhraseKind {
    /// A stock phrase that adds nothing ("basically", "at the end of the day").
    Crutch,
    /// A phrase of the speaker's own said again and again.
    Repeated,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PetPhrase {
    /// Lower case, as said.
    pub text: String,
    pub kind: PetPhraseKind,
    /// Where it was said.
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SentenceDelivery {
    pub start: f64,
    pub end: f64,
    /// From the 10th to the 90th percentile of its pitch; `None` when too little was voiced.
    pub range_semitones: Option<f64>,
    /// Loudness while the voice was on, dB below full scale.
    pub level_db: Option<f64>,
    pub monotone: bool,
    pub uptalk: bool,
    pub trailing_off: bool,
}

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
        sentences: sentences.iter().map(|s| SentenceDelivery { start: s.span.start, end: s.span.end, ..Default::default() }).collect(),
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
            out.push(Sentence { span: Span { start: words[first].start, end: words[i].end }, words: first..i + 1, question });
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
