//! The report's delivery figures (pitch, loudness, fluency, pet phrases), measured by
//! [`crate::analysis::delivery`]; kept with the report so the report names no measuring code.

use serde::{Deserialize, Serialize};

use super::{Span, StarLabel};

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
