//! What an interviewer would notice, measured from timed words and the audio itself.
//! One file per measure; [`analyze`] assembles them into a [`Report`].

pub mod claims;
pub mod coaching;
pub mod content;
pub mod corrections;
pub mod delivery;
pub mod feedback;
pub mod fillers;
pub mod hesitation;
pub mod pacing;
pub mod pronouns;
pub mod report;
pub mod settings;
pub mod star;
pub mod text;

use crate::audio::voice::VoiceActivity;
use crate::transcribe::Word;
pub use corrections::Corrections;
pub use report::*;
pub use settings::{AnalysisSettings, StarTargets};

/// Everything the analysis reads.
pub struct AnalysisInput<'a> {
    pub words: &'a [Word],
    /// 16 kHz mono samples of the whole answer, for measures taken from the sound itself.
    pub samples: &'a [f32],
    pub duration_s: f64,
    pub model: ModelRef,
    pub source: Option<String>,
    pub question: Option<QuestionRef>,
    /// Section starts the user marked; hard boundaries for the STAR split.
    pub markers: &'a [star::Marker],
    /// The words come from a saved report: their times already sit on the voice, and aligning
    /// them again would shift them twice.
    pub words_aligned: bool,
    /// The STAR model to label sections with; `None` is the one built in.
    pub star_model: Option<&'a star::StarModel>,
    /// What the user corrected (misheard words, fillers), applied before anything is measured.
    pub corrections: &'a Corrections,
}

pub fn analyze(input: &AnalysisInput, settings: &AnalysisSettings) -> Report {
    analyze_with_voice(input, &VoiceActivity::detect(input.samples), settings)
}

/// [`analyze`] with the voice activity of `input.samples` already found (the pipeline finds it
/// first, to tell whether there is speech to transcribe at all, and it is not found twice).
pub fn analyze_with_voice(input: &AnalysisInput, voice: &VoiceActivity, settings: &AnalysisSettings) -> Report {
    let mut words: Vec<ReportWord> = input
        .words
        .iter()
        .map(|w| ReportWord {
            text: w.text.clone(),
            start: w.start,
            end: w.end,
            probability: w.probability,
            filler: false,
        })
        .collect();
    input.corrections.apply_to_words(&mut words);
    if !input.words_aligned {
        pacing::align_word_starts(&mut words, voice);
        pacing::refine_word_ends(&mut words, voice);
    }
    let mut filler_items = fillers::mark_transcript_fillers(&mut words);
    let hesitations_from = fillers::hesitation_search(voice);
    if hesitations_from == HesitationSearch::TranscriptAndAudio {
        let acoustic = fillers::acoustic(voice, input.samples, &mut words, &mut filler_items);
        filler_items.extend(acoustic);
    }
    filler_items.sort_by(|a, b| a.start.total_cmp(&b.start));
    input.corrections.apply_to_fillers(&mut words, &mut filler_items);
    let pacing = pacing::measure(&words, voice, settings);
    let star_model: &star::StarModel = match input.star_model {
        Some(model) => model,
        None => star::StarModel::builtin(),
    };
    let star = star::segment_with(star_model, &words, input.markers, settings);
    let mut pronouns = pronouns::count(&words, settings.min_word_probability);
    pronouns::by_section(&words, &mut pronouns, &star, settings.min_word_probability);
    let minutes = pacing.speech_span.map(|s| s.duration()).unwrap_or(0.0) / 60.0;
    let mut by_text: Vec<(String, usize)> = Vec::new();
    for f in &filler_items {
        match by_text.iter_mut().find(|(t, _)| *t == f.text) {
            Some((_, n)) => *n += 1,
            None => by_text.push((f.text.clone(), 1)),
        }
    }
    by_text.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let fillers = Fillers {
        count: filler_items.len(),
        per_minute: if minutes > 0.0 { filler_items.len() as f64 / minutes } else { 0.0 },
        items: filler_items,
        by_text,
        hesitations_from,
    };
    let delivery = delivery::measure(&delivery::DeliveryInput {
        words: &words,
        samples: input.samples,
        voice,
        star: &star,
        question: input.question.as_ref().and_then(|q| q.text.as_deref()),
        min_word_probability: settings.min_word_probability,
    });
    // A recording that ends in digital silence (a capture file's end, a muted microphone
    // before Stop) ends where the input did.
    let duration_s = voice.silent_from().map_or(input.duration_s, |end| end.min(input.duration_s));
    let input_gaps = match pacing.speech_span {
        Some(span) => voice
            .dropouts
            .iter()
            .filter(|d| d.start > span.start && d.end < span.end && d.duration() >= INPUT_GAP_MIN_S)
            .copied()
            .collect(),
        None => Vec::new(),
    };
    let content = content::check(&words, &star, duration_s, settings.target_total_s);
    let transcript = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        generator: format!("starling {}", env!("CARGO_PKG_VERSION")),
        source: input.source.clone(),
        question: input.question.clone(),
        duration_s,
        model: input.model.clone(),
        transcript,
        words,
        pacing,
        fillers,
        pronouns,
        star,
        content,
        delivery,
        findings: Vec::new(),
        summary: String::new(),
        settings: settings.clone(),
        coaching: Default::default(),
        corrections: input.corrections.clone(),
        input_gaps,
    };
    let (sure, unsure) = feedback::split_unsure(feedback::findings(&report));
    report.findings = sure;
    report.summary = feedback::summary(&report);
    report.coaching = coaching::coach(&report, &unsure);
    report
}

#[cfg(test)]
#[path = "silence_tests.rs"]
mod silence_tests;

/// "1 pause", "2 pauses": a count with its noun (regular plurals). The window and the command
/// line use it too.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// "2:05".
pub fn format_clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_as_english() {
        assert_eq!(super::counted(1, "question"), "1 question");
        assert_eq!(super::counted(0, "question"), "0 questions");
        assert_eq!(super::counted(12, "question"), "12 questions");
    }
}
