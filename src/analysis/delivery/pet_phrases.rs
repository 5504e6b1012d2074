//! Pet phrases: stock phrases that fill space ("basically", "at the end of the day") and the
//! speaker's own phrases said again and again ("we were able to").
//!
//! A phrase repeated in one answer is a habit only when it is made of everyday words: "the
//! release pipeline" said three times is the topic, "a lot of" said three times is a habit.

use super::super::report::{ReportWord, Span};
use super::super::text::normalize;
use super::{PetPhrase, PetPhraseKind};

/// Stock phrases listeners hear as padding. Hesitations and hedges ("you know", "kind of") are
/// fillers and counted there.
pub const CRUTCH_PHRASES: &[&str] = &[
    "basically",
    "actually",
    "literally",
    "honestly",
    "obviously",
    "essentially",
    "totally",
    "definitely",
    "at the end of the day",
    "let's say",
    "to be honest",
    "to be fair",
    "in terms of",
    "moving forward",
    "going forward",
    "at this point in time",
    "needless to say",
    "so yeah",
    "and stuff",
    "or something",
    "and so on",
    "and so forth",
    "if you will",
    "as it were",
    "long story short",
    "for what it's worth",
    "the thing is",
    "i guess",
];

/// Said this often in one answer, a crutch phrase or a repeated phrase is a habit.
const CRUTCH_MIN: usize = 2;
const REPEATED_MIN: usize = 3;

/// Words that carry grammar, not content: a phrase of only these ("of the") is not a habit.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for", "with", "from", "by", "as",
    "into", "about", "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "my", "our",
    "your", "his", "its", "their", "i'm", "we're", "it's", "that's", "there's", "i've", "we've", "i'd", "we'd",
    "don't", "didn't", "wasn't", "weren't", "is", "are", "was", "were", "be", "been", "being", "am", "do", "did",
    "does", "have", "has", "had", "will", "would", "can", "could", "should", "this", "that", "these", "those", "there",
    "then", "than", "which", "who", "what", "when", "where", "how", "if", "not", "no", "all", "some", "any", "each",
    "one", "up", "out", "just", "also", "very", "too",
];

/// Everyday content words that habits are made of ("a lot of", "make sure", "at the end of the
/// day"); a repeated phrase with any other word is about the story.
const EVERYDAY_WORDS: &[&str] = &[
    "able",
    "lot",
    "lots",
    "thing",
    "things",
    "stuff",
    "way",
    "kind",
    "sort",
    "really",
    "actually",
    "basically",
    "like",
    "know",
    "mean",
    "think",
    "guess",
    "say",
    "said",
    "saying",
    "make",
    "made",
    "sure",
    "going",
    "go",
    "went",
    "get",
    "got",
    "getting",
    "day",
    "point",
    "time",
    "times",
    "sense",
    "fact",
    "matter",
    "whole",
    "pretty",
    "much",
    "more",
    "well",
    "right",
    "okay",
    "ok",
    "yeah",
    "good",
    "great",
    "big",
    "little",
    "bit",
    "other",
    "let's",
    "let",
    "look",
    "looking",
    "wanted",
    "want",
    "need",
    "needed",
    "try",
    "tried",
    "trying",
    "start",
    "started",
    "kept",
    "keep",
    "come",
    "came",
    "take",
    "took",
    "put",
    "work",
    "worked",
    "working",
    "honest",
    "terms",
    "forward",
    "moving",
    "help",
    "helped",
    "ensure",
    "even",
    "still",
    "again",
    "back",
    "now",
    "obviously",
    "definitely",
    "super",
    "quite",
    "already",
    "always",
    "never",
    "ever",
];

pub(super) fn find(words: &[ReportWord], question: Option<&str>) -> Vec<PetPhrase> {
    let spoken: Vec<(String, Span)> = words
        .iter()
        .filter(|w| !w.filler)
        .map(|w| (normalize(&w.text), Span { start: w.start, end: w.end }))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    let topic: Vec<String> = question.unwrap_or("").split_whitespace().map(normalize).collect();
    let mut out: Vec<PetPhrase> = Vec::new();
    for phrase in CRUTCH_PHRASES {
        let spans = occurrences(&spoken, &phrase.split(' ').collect::<Vec<_>>());
        if spans.len() >= CRUTCH_MIN {
            out.push(PetPhrase { text: phrase.to_string(), kind: PetPhraseKind::Crutch, spans });
        }
    }
    // Longest first, so "at the end of" is not listed again inside "at the end of the day".
    for n in (2..=4).rev() {
        for start in 0..spoken.len().saturating_sub(n - 1) {
            let gram: Vec<&str> = spoken[start..start + n].iter().map(|(t, _)| t.as_str()).collect();
            let text = gram.join(" ");
            if !is_habit_shaped(&gram, &topic)
                || out.iter().any(|p| p.text.split(' ').collect::<Vec<_>>().windows(n).any(|w| w == gram.as_slice()))
            {
                continue;
            }
            let spans = occurrences(&spoken, &gram);
            if spans.len() >= REPEATED_MIN {
                out.push(PetPhrase { text, kind: PetPhraseKind::Repeated, spans });
            }
        }
    }
    out.sort_by(|a, b| b.spans.len().cmp(&a.spans.len()).then(a.text.cmp(&b.text)));
    out
}

/// Everyday words only, none from the question, and more than one word of grammar plus one
/// other: a pair like "the right" or "you know" is a piece of many phrases, not a habit.
fn is_habit_shaped(gram: &[&str], topic: &[String]) -> bool {
    let function = |w: &str| FUNCTION_WORDS.contains(&w);
    let content = gram.iter().filter(|w| !function(w)).count();
    gram.iter().all(|w| function(w) || (EVERYDAY_WORDS.contains(w) && !topic.iter().any(|t| t == w)))
        && content >= 1
        && (gram.len() >= 3 || content == 2)
}

/// Where `phrase` was said, without overlaps.
fn occurrences(spoken: &[(String, Span)], phrase: &[&str]) -> Vec<Span> {
    let n = phrase.len();
    let mut spans = Vec::new();
    let mut i = 0;
    while n > 0 && i + n <= spoken.len() {
        if spoken[i..i + n].iter().zip(phrase).all(|((t, _), p)| t == p) {
            spans.push(Span { start: spoken[i].1.start, end: spoken[i + n - 1].1.end });
            i += n;
        } else {
            i += 1;
        }
    }
    spans
}
