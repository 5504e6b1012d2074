//! What the delivery measures tell the user: findings in the report's order of importance, the
//! "next time" tip for each, and what already works.

use super::super::format_clock;
use super::super::report::{CoachingTip, Finding, FindingCode, Report, Severity, Span};
use super::{MONOTONE_RANGE_ST, PetPhraseKind};

/// Monotone stretches covering this share of the answer, or one this long, are worth a finding.
const MONOTONE_SHARE: f64 = 0.3;
const MONOTONE_STRETCH_S: f64 = 20.0;
/// Statements ending on a rise: this many, and this share of the statements.
const UPTALK_MIN: usize = 3;
const UPTALK_SHARE: f64 = 0.2;
/// Sentences fading at the end: this many.
const TRAILING_OFF_MIN: usize = 3;
/// A quiet stretch this long.
const QUIET_S: f64 = 5.0;
/// Pauses inside a phrase: this many.
const MID_PHRASE_MIN: usize = 3;
/// A pet phrase said this often.
const PET_PHRASE_MIN: usize = 3;

fn finding(code: FindingCode, message: String, span: Option<Span>) -> Finding {
    Finding { severity: Severity::Suggestion, code, message, span, confidence: None }
}

pub fn findings(r: &Report) -> Vec<Finding> {
    let d = &r.delivery;
    let mut out = Vec::new();
    let spoken = r.answer_length_s();
    let flat: f64 = d.pitch.monotone.iter().map(Span::duration).sum();
    if let Some(longest) = d.pitch.monotone.iter().copied().max_by(|a, b| a.duration().total_cmp(&b.duration()))
        && (flat >= MONOTONE_SHARE * spoken || longest.duration() >= MONOTONE_STRETCH_S)
    {
        out.push(finding(
            FindingCode::Monotone,
            format!(
                "From {} to {} each sentence stayed within {MONOTONE_RANGE_ST:.0} semitones: a flat voice sounds unsure or bored ({:.0}% of the answer was this flat).",
                format_clock(longest.start),
                format_clock(longest.end),
                100.0 * flat / spoken.max(1.0)
            ),
            Some(longest),
        ));
    }
    let statements = d.sentences.len().max(1);
    if d.pitch.uptalk.len() >= UPTALK_MIN && d.pitch.uptalk.len() as f64 >= UPTALK_SHARE * statements as f64 {
        out.push(finding(
            FindingCode::Uptalk,
            format!(
                "{} statements ended on a rise, as if asking, the first at {}: it sounds unsure of what you did.",
                d.pitch.uptalk.len(),
                format_clock(d.pitch.uptalk[0].start)
            ),
            d.pitch.uptalk.first().copied(),
        ));
    }
    if d.energy.trailing_off.len() >= TRAILING_OFF_MIN {
        out.push(finding(
            FindingCode::TrailingOff,
            format!(
                "{} sentences faded away at the end, the first at {}: the last words are often the ones that matter.",
                d.energy.trailing_off.len(),
                format_clock(d.energy.trailing_off[0].start)
            ),
            d.energy.trailing_off.first().copied(),
        ));
    }
    if let Some(quiet) = d.energy.quiet.iter().find(|q| q.duration() >= QUIET_S) {
        out.push(finding(
            FindingCode::Quiet,
            format!(
                "From {} to {} your voice dropped well below the rest of the answer.",
                format_clock(quiet.start),
                format_clock(quiet.end)
            ),
            Some(*quiet),
        ));
    }
    let mid = &d.fluency.mid_phrase_pauses;
    if mid.len() >= MID_PHRASE_MIN {
        out.push(finding(
            FindingCode::MidPhrasePauses,
            format!("{} long pauses fell inside a phrase (after \"the\", \"to\", \"my\"...), the first at {}: they sound like searching for words.", mid.len(), format_clock(mid[0].start)),
            mid.first().copied(),
        ));
    }
    let habits: Vec<String> = d
        .pet_phrases
        .iter()
        .filter(|p| p.spans.len() >= PET_PHRASE_MIN)
        .take(3)
        .map(|p| format!("\"{}\" {}x", p.text, p.spans.len()))
        .collect();
    if let Some(first) = d.pet_phrases.first().filter(|_| !habits.is_empty()) {
        out.push(finding(
            FindingCode::PetPhrases,
            format!("Pet phrases: {}. Said again and again, they become what the listener hears.", habits.join(", ")),
            first.spans.first().copied(),
        ));
    }
    out
}

/// The "next time" tip for a delivery finding.
pub fn tip(r: &Report, f: &Finding) -> Option<CoachingTip> {
    let d = &r.delivery;
    let at = |span: Span, text: String| {
        Some(CoachingTip { code: f.code.clone(), text, quote: None, start: Some(span.start), end: Some(span.end) })
    };
    match f.code {
        FindingCode::Monotone => at(
            f.span?,
            format!(
                "Lift the key words from {} on: the number, the decision, what you did. Let your pitch rise on them and fall at the full stop.",
                format_clock(f.span?.start)
            ),
        ),
        FindingCode::Uptalk => at(
            f.span?,
            format!(
                "End statements on a falling pitch (the first rise was at {}): say the Result as a fact, not a question.",
                format_clock(f.span?.start)
            ),
        ),
        FindingCode::TrailingOff => at(
            f.span?,
            format!(
                "Keep your voice up to the last word (first fade at {}): breathe before the sentence, not during its end.",
                format_clock(f.span?.start)
            ),
        ),
        FindingCode::Quiet => at(
            f.span?,
            format!(
                "Speak up from {} to {}: project to the back of the room, as loud as the rest of the answer.",
                format_clock(f.span?.start),
                format_clock(f.span?.end)
            ),
        ),
        FindingCode::MidPhrasePauses => at(
            f.span?,
            format!(
                "Pause after a full thought or before the key word, not after \"the\" (first at {}): finish the phrase, then breathe.",
                format_clock(f.span?.start)
            ),
        ),
        FindingCode::PetPhrases => {
            let p = d.pet_phrases.first()?;
            let first = *p.spans.first()?;
            let what = match p.kind {
                PetPhraseKind::Crutch => "drop it or let a short pause stand in",
                PetPhraseKind::Repeated => "vary it or cut it",
            };
            Some(CoachingTip {
                code: f.code.clone(),
                text: format!(
                    "You said \"{}\" {} times (first at {}): {what}.",
                    p.text,
                    p.spans.len(),
                    format_clock(first.start)
                ),
                quote: Some(p.text.clone()),
                start: Some(first.start),
                end: Some(first.end),
            })
        }
        _ => None,
    }
}

/// What the delivery does well.
pub fn strengths(r: &Report) -> Vec<String> {
    let d = &r.delivery;
    let mut out = Vec::new();
    if let Some(range) = d.pitch.range_semitones
        && d.pitch.monotone.is_empty()
        && range >= 2.0 * MONOTONE_RANGE_ST
    {
        out.push(format!("Lively voice: your pitch moved over {range:.0} semitones"));
    }
    if !d.sentences.is_empty() && d.pitch.uptalk.is_empty() && d.energy.trailing_off.is_empty() {
        out.push("Statements end firmly: no rising or fading ends".into());
    }
    out
}
