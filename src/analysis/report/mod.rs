//! The report: the single record every view and export reads. Its JSON form is a public
//! contract (schema v1); fields may be added, existing ones keep their names and meaning.

use serde::{Deserialize, Serialize};

pub use crate::audio::Span;

pub mod codes;
pub mod delivery;
pub use codes::FindingCode;
pub mod figures;

/// Bumped only when an existing field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    pub schema_version: u32,
    /// "starling 0.1.0".
    pub generator: String,
    /// File name of the analyzed audio, without its folder.
    pub source: Option<String>,
    pub question: Option<QuestionRef>,
    /// Length of the audio, seconds.
    pub duration_s: f64,
    pub model: ModelRef,
    pub transcript: String,
    pub words: Vec<ReportWord>,
    pub pacing: Pacing,
    pub fillers: Fillers,
    pub pronouns: Pronouns,
    pub star: Star,
    pub content: Content,
    /// How it sounded: pitch, loudness, fluency, pet phrases (empty in reports written before it).
    pub delivery: delivery::Delivery,
    /// Most important first.
    pub findings: Vec<Finding>,
    /// One line a user reads first.
    pub summary: String,
    /// The thresholds this report was judged by. Reports written before this field read as
    /// judged by the defaults, which is what the command line used then.
    pub settings: super::AnalysisSettings,
    /// What to change next time and what already works (empty in reports written before it).
    pub coaching: Coaching,
    /// What the user corrected; every later analysis of this answer applies it.
    pub corrections: super::Corrections,
    /// Where the input went silent inside the answer for [`INPUT_GAP_MIN_S`] or more (a muted
    /// microphone, a dropout): set aside from every measure, and not the speaker's pauses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_gaps: Vec<crate::audio::Span>,
}

/// A dropout this long inside an answer is worth telling the user about.
pub const INPUT_GAP_MIN_S: f64 = 2.0;

impl Report {
    /// "The input went silent at 1:12 for 3 s", one line per gap.
    pub fn input_gap_notes(&self) -> Vec<String> {
        self.input_gaps
            .iter()
            .map(|g| {
                format!(
                    "The input went silent at {} for {:.0} s (a muted or lost microphone?): not counted as a pause.",
                    super::format_clock(g.start),
                    g.duration()
                )
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Coaching {
    /// At most three, the most useful first (they follow the findings' order).
    pub next_time: Vec<CoachingTip>,
    /// A checklist of what the answer already does well.
    pub strengths: Vec<String>,
    /// What the analysis suspects but is not sure of (the labelling was unsure, or whisper
    /// was unsure of the words), put as questions the user can answer by listening back.
    /// Empty in older reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CoachingTip>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CoachingTip {
    /// The finding it answers ("action_we", "result_not_quantified").
    pub code: FindingCode,
    pub text: String,
    /// The user's own words the tip is about.
    pub quote: Option<String>,
    /// Where those words are, seconds.
    pub start: Option<f64>,
    pub end: Option<f64>,
}

impl Report {
    /// The answer's length as it is judged and shown everywhere: from the first word to the
    /// last (the recording's silence before and after does not count); the recording's
    /// length without words.
    pub fn answer_length_s(&self) -> f64 {
        self.pacing.speech_span.map(|s| s.duration()).unwrap_or(self.duration_s)
    }
}

impl CoachingTip {
    /// The quote to show under the tip, when its text does not already say it.
    pub fn quote_to_show(&self) -> Option<&str> {
        self.quote.as_deref().filter(|q| !self.text.contains(q))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionRef {
    pub id: String,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelRef {
    /// "tiny.en", "base.en (quantized)".
    pub name: String,
    pub file: Option<String>,
    /// How whisper chose its words: "greedy" or "beam 5" (None in reports written before it).
    pub decoding: Option<String>,
}

impl ModelRef {
    /// "tiny.en" or "tiny.en, greedy", as the views and exports name it.
    pub fn label(&self) -> String {
        match &self.decoding {
            Some(decoding) => format!("{}, {decoding}", self.name),
            None => self.name.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportWord {
    pub text: String,
    pub start: f64,
    pub end: f64,
    pub probability: f32,
    /// True for a filler ("um", "you know", "like" used as a filler).
    pub filler: bool,
}

impl ReportWord {
    /// Counted in pace and pronoun figures: not a filler, and heard with enough confidence.
    pub fn counts(&self, min_probability: f32) -> bool {
        !self.filler && self.probability >= min_probability
    }
}

/// Words of the sections with this label.
pub fn section_words<'a>(
    sections: &'a [Section],
    words: &'a [ReportWord],
    label: StarLabel,
) -> impl Iterator<Item = &'a ReportWord> {
    sections
        .iter()
        .filter(move |s| s.label == label)
        .flat_map(move |s| words.get(s.first_word..s.end_word).unwrap_or(&[]))
}

/// From the first word's start to the last word's end.
pub fn word_span(words: &[ReportWord]) -> Option<Span> {
    Some(Span { start: words.first()?.start, end: words.last()?.end })
}

/// Words of `text` at 0.4 s intervals, for unit tests of the measures.
#[cfg(test)]
pub fn timed_words(text: &str) -> Vec<ReportWord> {
    text.split_whitespace()
        .enumerate()
        .map(|(i, t)| ReportWord {
            text: t.into(),
            start: i as f64 * 0.4,
            end: i as f64 * 0.4 + 0.35,
            probability: 0.9,
            filler: false,
        })
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pacing {
    /// Words per minute from the first word to the last.
    pub wpm: f64,
    /// Words per minute of speaking time, pauses excluded.
    pub articulation_wpm: f64,
    pub word_count: usize,
    /// From the start of the first word to the end of the last.
    pub speech_span: Option<Span>,
    pub speaking_time_s: f64,
    pub pauses: Vec<Pause>,
    pub long_pause_count: usize,
    pub stall_count: usize,
    /// Rolling words per minute, one point per step, for the chart.
    pub wpm_over_time: Vec<WpmPoint>,
    /// The comfortable band used for the findings.
    pub target_wpm: (f64, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseKind {
    /// 0.3-1 s: ordinary breathing room.
    Short,
    /// >= 1 s: an interviewer notices.
    Long,
    /// >= 2 s: reads as losing the thread.
    Stall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PausePlace {
    /// After a sentence ends: natural.
    BetweenSentences,
    /// Inside a clause: a hesitation.
    MidClause,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    pub start: f64,
    pub end: f64,
    pub duration: f64,
    pub kind: PauseKind,
    pub place: PausePlace,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WpmPoint {
    pub t: f64,
    pub wpm: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fillers {
    pub count: usize,
    pub per_minute: f64,
    pub items: Vec<FillerItem>,
    /// Counts by normalized filler text, most frequent first.
    pub by_text: Vec<(String, usize)>,
    /// Where hesitations were looked for. Files written before this field were searched in
    /// both.
    #[serde(default)]
    pub hesitations_from: HesitationSearch,
}

/// The audio check for hesitations whisper left out needs a clear voice: in loud noise the
/// pitch and colour of every vowel fragment are blurred into "steady", and other talkers make
/// steady sounds of their own. There only the ones whisper wrote are counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HesitationSearch {
    /// In the transcript and in the audio.
    #[default]
    TranscriptAndAudio,
    /// Only in the transcript: the room's noise came within 24 dB of the voice.
    TranscriptOnlyNoisyRoom,
    /// Only in the transcript: other voices were heard in the pauses.
    TranscriptOnlyOtherVoices,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillerSource {
    /// Whisper wrote it.
    Transcript,
    /// Heard in the audio where no transcribed word was: a hesitation whisper left out.
    Acoustic,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FillerItem {
    pub text: String,
    pub start: f64,
    pub end: f64,
    pub kind: FillerKind,
    pub source: FillerSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillerKind {
    /// um, uh, er, ah, hmm.
    Hesitation,
    /// you know, I mean, like, sentence-initial so/basically.
    Phrase,
    /// kind of, sort of.
    Hedge,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pronouns {
    /// First person singular: I, me, my, mine, myself and contractions.
    pub i: usize,
    /// First person plural: we, us, our, ours, ourselves and contractions.
    pub we: usize,
    /// i / (i + we); None when neither is used.
    pub i_share: Option<f64>,
    pub by_section: Vec<SectionPronouns>,
    /// Sentences in the Action section that say "we" and not "I".
    pub we_sentences_in_action: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionPronouns {
    pub label: StarLabel,
    pub i: usize,
    pub we: usize,
    pub i_share: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StarLabel {
    Situation,
    Task,
    Action,
    Result,
    Reflection,
}

impl StarLabel {
    pub const ALL: [StarLabel; 5] = [Self::Situation, Self::Task, Self::Action, Self::Result, Self::Reflection];

    /// Place in [`Self::ALL`] (the order sections come in).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Abbreviation for one-line summaries.
    pub fn short(self) -> &'static str {
        match self {
            Self::Situation => "S",
            Self::Task => "T",
            Self::Action => "A",
            Self::Result => "R",
            Self::Reflection => "Refl",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Situation => "Situation",
            Self::Task => "Task",
            Self::Action => "Action",
            Self::Result => "Result",
            Self::Reflection => "Reflection",
        }
    }

    /// The section's colour, one palette for the app's timeline and the exported reports.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Self::Situation => [86, 140, 214],
            Self::Task => [150, 110, 210],
            Self::Action => [70, 170, 110],
            Self::Result => [224, 160, 50],
            Self::Reflection => [200, 90, 130],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Star {
    pub sections: Vec<Section>,
    /// Labels the answer never reached (Reflection only when the question asks for it).
    pub missing: Vec<StarLabel>,
    /// True when boundaries came from markers the user set while speaking or editing.
    pub manual_boundaries: bool,
    /// How likely each structural claim is (finding code -> share of the labellings drawn from
    /// the model's posterior in which it holds). Empty in older reports, which read as sure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub odds: Vec<ClaimOdds>,
}

/// One claim the advice may make about the answer's structure, and how likely it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimOdds {
    pub code: FindingCode,
    pub probability: f64,
}

impl Star {
    /// How likely the structural claim `code` is; `None` for a report written before odds (or a
    /// claim the labelling cannot settle).
    pub fn odds_of(&self, code: &FindingCode) -> Option<f64> {
        if self.odds.is_empty() {
            return None;
        }
        Some(self.odds.iter().find(|o| o.code == *code).map_or(0.0, |o| o.probability))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub label: StarLabel,
    pub start: f64,
    pub end: f64,
    pub duration: f64,
    /// Share of the answer's speaking span.
    pub share: f64,
    /// Target share range for the label, as fractions.
    pub target: Option<(f64, f64)>,
    /// Index range into `words`.
    pub first_word: usize,
    pub end_word: usize,
    /// How sure the labelling is (0..1): the mean probability, over the section's time, that its
    /// sentences belong to this label, given the whole answer. `None` in older reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The label these sentences most likely have if not this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_choice: Option<StarLabel>,
}

impl Section {
    /// Below this confidence a section is shown as uncertain and findings on it say "about". On
    /// the dev answers' transcripts, sections under 0.8 had the right label for about half their
    /// time, those over 0.95 for 92%.
    pub const UNSURE: f64 = 0.8;

    pub fn is_unsure(&self) -> bool {
        self.confidence.is_some_and(|c| c < Self::UNSURE)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Content {
    /// The Result (all its sections) states a number or metric; None without a Result long
    /// enough to judge.
    pub result_quantified: Option<bool>,
    /// Hypothetical phrasing found ("I would", "usually we"), with times.
    pub hypothetical: Vec<Span>,
    pub total_s: f64,
    pub target_total_s: (f64, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Suggestion,
    Warning,
    Problem,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier ("pace_fast", "result_not_quantified").
    pub code: FindingCode,
    pub message: String,
    /// The moment the finding refers to, when it has one.
    pub span: Option<Span>,
    /// How likely the finding is true (0..1), for those resting on the section labelling or on
    /// words whisper may have misheard; `None`: a measurement, as sure as its figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}
