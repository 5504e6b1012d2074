//! Content checks from the answer guides: a quantified result, no hypotheticals, the right length.

use super::report::{Content, ReportWord, Section, Span, Star, StarLabel, section_words};
use super::text::normalize;

/// "I'd" is left out: in stories it is mostly "I had" ("I'd built the renderer").
const HYPOTHETICAL: &[&[&str]] = &[
    &["i", "would"],
    &["we", "would"],
    &["usually", "we"],
    &["usually", "i"],
    &["typically", "i"],
    &["typically", "we"],
    &["i", "always"],
    &["i", "generally"],
    &["i", "tend", "to"],
];

pub fn check(words: &[ReportWord], star: &Star, total_s: f64, target_total_s: (f64, f64)) -> Content {
    let norm: Vec<String> = words.iter().map(|w| normalize(&w.text)).collect();
    let result_quantified = result_quantified(&star.sections, words);
    let mut hypothetical = Vec::new();
    for i in 0..norm.len() {
        for pattern in HYPOTHETICAL {
            let end = i + pattern.len();
            // "I would have" narrates a past counterfactual, not a hypothetical answer.
            if end <= norm.len()
                && norm[i..end].iter().zip(pattern.iter()).all(|(a, b)| a == b)
                && norm.get(end).is_none_or(|n| n != "have")
                && !narrated(words, &norm, i)
            {
                hypothetical.push(Span { start: words[i].start, end: words[end - 1].end });
            }
        }
    }
    Content { result_quantified, hypothetical, total_s, target_total_s }
}

/// "We added alerts so we would know within minutes": "would" inside a story told in the past
/// is the past's future, not a hypothetical. True when the clause opens with a word that ties it
/// to what came before ("so", "that", ...) or its sentence already narrates in the past tense.
fn narrated(words: &[ReportWord], norm: &[String], at: usize) -> bool {
    const TIES: &[&str] =
        &["so", "that", "which", "until", "because", "knew", "thought", "said", "hoped", "promised", "agreed"];
    if at > 0 && TIES.contains(&norm[at - 1].as_str()) {
        return true;
    }
    let opens = (0..at).rev().find(|&k| super::text::ends_sentence(&words[k].text)).map_or(0, |k| k + 1);
    norm[opens..at]
        .iter()
        .any(|w| matches!(w.as_str(), "was" | "were" | "had" | "did") || (w.len() > 3 && w.ends_with("ed")))
}

/// A Result this short (a fragment the labelling split off) is not judged for its number.
const RESULT_MIN_WORDS: usize = 6;

/// Whether the Result (all its sections, fillers left out) states an amount; None when there
/// is no Result long enough to judge. The content check and the "no number" finding both read
/// this, so the report cannot say one thing in one place and another in the next.
pub fn result_quantified(sections: &[Section], words: &[ReportWord]) -> Option<bool> {
    let result: Vec<String> =
        section_words(sections, words, StarLabel::Result).filter(|w| !w.filler).map(|w| normalize(&w.text)).collect();
    (result.len() >= RESULT_MIN_WORDS).then(|| has_quantity(&result))
}

/// Whether these (normalized) words state an amount: a number, or "one" of a unit of time
/// ("within one hour", "one sprint later"), which alone is too common to count.
pub fn has_quantity<S: AsRef<str>>(words: &[S]) -> bool {
    const UNITS: &[&str] = &[
        "second", "minute", "hour", "day", "night", "week", "sprint", "month", "quarter", "year", "release", "percent",
    ];
    words.iter().enumerate().any(|(k, w)| {
        let w = w.as_ref();
        is_quantity(w) || (w == "one" && words.get(k + 1).is_some_and(|n| UNITS.contains(&n.as_ref())))
    })
}

/// A number or a word that states an amount ("40%", "half", "zero", "doubled"): what makes a
/// Result quantified, and a cue for the Result section.
pub fn is_quantity(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "percent",
        "half",
        "twice",
        "double",
        "doubled",
        "triple",
        "tripled",
        "quadrupled",
        "halved",
        "zero",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "dozen",
        "dozens",
    ];
    w.chars().any(|c| c.is_ascii_digit()) || WORDS.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::timed_words;

    fn hypothetical(text: &str) -> usize {
        check(&timed_words(text), &Star::default(), 60.0, (120.0, 180.0)).hypothetical.len()
    }

    #[test]
    fn would_in_a_past_story_is_not_a_hypothetical() {
        assert_eq!(hypothetical("I added alerts on the queue so we would know within 5 minutes."), 0);
        assert_eq!(hypothetical("The vendor said that we would get the fix by Friday."), 0);
        assert_eq!(hypothetical("I rewrote the job, I would have done it sooner."), 0);
        assert_eq!(hypothetical("In that case I would first talk to the team. Then I would look at the data."), 2);
    }

    #[test]
    fn one_of_a_unit_of_time_is_a_number_and_one_alone_is_not() {
        assert!(has_quantity(&["restored", "within", "one", "hour"]));
        assert!(has_quantity(&["handled", "millions", "of", "events"]));
        assert!(!has_quantity(&["one", "of", "our", "clients", "renewed"]));
    }
}
