//! Content checks from the answer guides: a quantified result, no hypotheticals, the right length.

use super::report::{Content, ReportWord, Span, Star, StarLabel};
use super::text::normalize;

/// "I'd" is left out: in stories it is mostly "I had" ("I'd built the renderer").
const HYPOTHETICAL: &[&[&str]] = &[&["i", "would"], &["we", "would"], &["usually", "we"], &["usually", "i"], &["typically", "i"], &["typically", "we"], &["i", "always"], &["i", "generally"], &["i", "tend", "to"]];

pub fn check(words: &[ReportWord], star: &Star, total_s: f64, target_total_s: (f64, f64)) -> Content {
    let norm: Vec<String> = words.iter().map(|w| normalize(&w.text)).collect();
    let result_words: Vec<&String> = match star.sections.iter().find(|s| s.label == StarLabel::Result) {
        Some(r) => norm[r.first_word..r.end_word].iter().collect(),
        None => Vec::new(),
    };
    let result_quantified = (!words.is_empty()).then(|| result_words.iter().any(|w| is_quantity(w)));
    let mut hypothetical = Vec::new();
    for i in 0..norm.len() {
        for pattern in HYPOTHETICAL {
            let end = i + pattern.len();
            // "I would have" narrates a past counterfactual, not a hypothetical answer.
            if end <= norm.len() && norm[i..end].iter().zip(pattern.iter()).all(|(a, b)| a == b) && norm.get(end).is_none_or(|n| n != "have") {
                hypothetical.push(Span { start: words[i].start, end: words[end - 1].end });
            }
        }
    }
    Content { result_quantified, hypothetical, total_s, target_total_s }
}

/// A number or a word that states an amount ("40%", "half", "zero", "doubled"): what makes a
/// Result quantified, and a cue for the Result section.
pub fn is_quantity(w: &str) -> bool {
    const WORDS: &[&str] = &["percent", "half", "twice", "double", "doubled", "tripled", "halved", "hundred", "thousand", "million", "billion", "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen"];
    w.chars().any(|c| c.is_ascii_digit()) || WORDS.contains(&w)
}
