//! The Delivery block in words, for the exports: one row per measure, times as clock times.

use super::super::format_clock;
use super::super::report::Span;
use super::{Delivery, MONOTONE_RANGE_ST, PetPhraseKind};

/// (measure, value) rows; empty when nothing was said.
pub fn rows(d: &Delivery) -> Vec<(&'static str, String)> {
    if d.sentences.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let p = &d.pitch;
    rows.push((
        "Pitch",
        match (p.median_hz, p.spread_semitones, p.range_semitones) {
            (Some(hz), Some(sd), Some(range)) => {
                format!("around {hz:.0} Hz, {range:.1} semitones from low to high (10-90%), standard deviation {sd:.1}")
            }
            _ => "too little voiced sound to measure".into(),
        },
    ));
    let by_section: Vec<String> =
        p.by_section.iter().filter_map(|s| s.range_semitones.map(|r| format!("{} {r:.1}", s.label.name()))).collect();
    if !by_section.is_empty() {
        rows.push(("Pitch range by section", format!("{} semitones", by_section.join(", "))));
    }
    rows.push(("Flat stretches", times(&p.monotone, &format!("none stayed within {MONOTONE_RANGE_ST:.0} semitones"))));
    rows.push(("Rising ends of statements", times(&p.uptalk, "none")));
    if let Some(level) = d.energy.level_db {
        rows.push(("Loudness", format!("typical sentence {level:.0} dB below full scale")));
    }
    rows.push(("Faded sentence ends", times(&d.energy.trailing_off, "none")));
    rows.push(("Quiet stretches", times(&d.energy.quiet, "none")));
    let f = &d.fluency;
    rows.push((
        "Fluency",
        format!(
            "{:.1} words between pauses, voice on {:.0}% of the time, {:.1} pauses a minute",
            f.mean_length_of_run,
            f.phonation_time_ratio * 100.0,
            f.pauses_per_minute
        ),
    ));
    rows.push(("Pauses inside a phrase", times(&f.mid_phrase_pauses, "none")));
    let phrases: Vec<String> = d
        .pet_phrases
        .iter()
        .map(|p| {
            let kind = if p.kind == PetPhraseKind::Crutch { "stock phrase" } else { "repeated" };
            format!(
                "\"{}\" {}x ({kind}, first at {})",
                p.text,
                p.spans.len(),
                p.spans.first().map_or(String::new(), |s| format_clock(s.start))
            )
        })
        .collect();
    rows.push(("Pet phrases", if phrases.is_empty() { "none".into() } else { phrases.join("; ") }));
    rows
}

/// "0:40-1:10, 1:52-2:05", or `none` when there are none.
fn times(spans: &[Span], none: &str) -> String {
    if spans.is_empty() {
        return none.into();
    }
    spans.iter().map(|s| format!("{}-{}", format_clock(s.start), format_clock(s.end))).collect::<Vec<_>>().join(", ")
}
