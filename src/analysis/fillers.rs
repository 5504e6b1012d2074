//! Fillers: hesitations (um, uh), filler phrases (you know, I mean, filler "like",
//! sentence-initial so/basically/actually/literally) and hedges (kind of, sort of), with
//! context rules so that "I like Rust", "looks like" and "so that" are not counted.
//! Hesitations whisper left out of the text are found in the audio (see [`acoustic`]).

use super::hesitation;
use super::report::{FillerItem, FillerKind, FillerSource, HesitationSearch, ReportWord};
use super::text::{ends_sentence, normalize};
use crate::audio::voice::VoiceActivity;

const HESITATIONS: &[&str] = &["um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "hm", "mm", "mhm"];
/// Words after which "like" is a verb or preposition, not a filler (and [`SENSE_VERBS`]).
const LIKE_LICENSORS: &[&str] = &[
    "i",
    "you",
    "we",
    "they",
    "he",
    "she",
    "would",
    "'d",
    "i'd",
    "we'd",
    "something",
    "anything",
    "nothing",
    "just",
    "much",
    "more",
    "exactly",
    "things",
    "people",
    "don't",
    "didn't",
    "not",
    "really",
    "did",
    "do",
    "does",
    "is",
    "was",
    "be",
    "like",
    "lot",
    "most",
    "least",
];
/// Determiners before "kind of"/"sort of" make it a noun phrase ("what kind of tool").
const KIND_DETERMINERS: &[&str] = &[
    "a",
    "the",
    "this",
    "that",
    "what",
    "which",
    "some",
    "any",
    "every",
    "each",
    "these",
    "those",
    "one",
    "same",
    "new",
    "right",
    "other",
    "another",
    "different",
];
const SENTENCE_OPENERS: &[&str] = &["so", "basically", "actually", "literally"];

/// The kind of a word the user marked as a filler.
pub(super) fn filler_kind(text: &str) -> FillerKind {
    match text {
        t if HESITATIONS.contains(&t) => FillerKind::Hesitation,
        "kind" | "sort" => FillerKind::Hedge,
        _ => FillerKind::Phrase,
    }
}

/// Marks filler words in place and returns one item per filler (a phrase is one item).
pub fn mark_transcript_fillers(words: &mut [ReportWord]) -> Vec<FillerItem> {
    let norm: Vec<String> = words.iter().map(|w| normalize(&w.text)).collect();
    let raw_ends_with_comma: Vec<bool> = words.iter().map(|w| w.text.trim_end().ends_with(',')).collect();
    let sentence_ends: Vec<bool> = words.iter().map(|w| ends_sentence(&w.text)).collect();
    let sentence_start = |i: usize| i == 0 || sentence_ends[i - 1];
    let mut items = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = norm[i].as_str();
        let next = norm.get(i + 1).map(String::as_str).unwrap_or("");
        let after = norm.get(i + 2).map(String::as_str).unwrap_or("");
        let prev = if i > 0 { norm[i - 1].as_str() } else { "" };
        let clause_start = sentence_start(i) || (i > 0 && raw_ends_with_comma[i - 1]);
        let found: Option<(usize, FillerKind)> = if HESITATIONS.contains(&w) {
            Some((1, FillerKind::Hesitation))
        } else if w == "you" && next == "know" {
            // "you know" as a filler is set off: "it was, you know, slow" or ends a clause.
            let set_off = clause_start || raw_ends_with_comma[i + 1] || after.is_empty() || sentence_ends[i + 1];
            let question = prev == "do"
                || prev == "did"
                || matches!(after, "what" | "how" | "that" | "whether" | "if" | "why" | "where" | "who");
            (set_off && !question).then_some((2, FillerKind::Phrase))
        } else if w == "i" && next == "mean" {
            (clause_start && (raw_ends_with_comma[i + 1] || i + 2 < words.len()))
                .then_some((2, FillerKind::Phrase))
                .filter(|_| {
                    // "I mean it" as a statement of intent is not a filler.
                    !matches!(norm.get(i + 2).map(String::as_str), Some("it" | "that" | "to" | "what"))
                })
        } else if w == "like" {
            let licensed =
                LIKE_LICENSORS.contains(&prev) || SENSE_VERBS.contains(&prev) || prev.ends_with("ed") && prev.len() > 4;
            let comma_before = i > 0 && raw_ends_with_comma[i - 1];
            let set_off = raw_ends_with_comma[i] || comma_before || clause_start;
            // Set off on both sides ("he was, like, not convinced") it is a filler whatever
            // comes before; so it is between a subject and its verb ("we like decided", "to
            // like ship") or before a degree word after "was" ("it was like super slow").
            let inline = (comma_before && raw_ends_with_comma[i])
                || (SUBJECTS.contains(&prev) && is_past_verb(next))
                || (prev == "to" && is_bare_verb(next))
                || (COPULAS.contains(&prev) && DEGREE_WORDS.contains(&next))
                // A past verb taking its object ("I'd also like added a test"): no comparison or
                // wish reads that way.
                || (is_past_verb(next) && LIKE_OBJECTS.contains(&after) && !SENSE_VERBS.contains(&prev));
            // "..., like how it truncated" gives an example (such as). ("..., like updating a CTA"
            // may be one too, but as often is the filler before a verb: left to the comma rule.)
            let example = comma_before
                && !raw_ends_with_comma[i]
                && matches!(next, "how" | "what" | "when" | "where" | "which" | "who");
            (inline || (!licensed && !example && (set_off || is_number_or_quantity(next))))
                .then_some((1, FillerKind::Phrase))
        } else if SENTENCE_OPENERS.contains(&w) && sentence_start(i) {
            // "So that ..." and "Actually, no" as content are rare; "So, ..." is the filler.
            let follows_comma = raw_ends_with_comma[i];
            let so_that = w == "so" && matches!(next, "that" | "far" | "much" | "many");
            (follows_comma || (!so_that && (w != "so" || next_is_pronoun(next)))).then_some((1, FillerKind::Phrase))
        } else if (w == "kind" || w == "sort") && next == "of" {
            (!KIND_DETERMINERS.contains(&prev)).then_some((2, FillerKind::Hedge))
        } else {
            None
        };
        match found {
            Some((len, kind)) => {
                for word in &mut words[i..i + len] {
                    word.filler = true;
                }
                let text = norm[i..i + len].join(" ");
                items.push(FillerItem {
                    text,
                    start: words[i].start,
                    end: words[i + len - 1].end,
                    kind,
                    source: FillerSource::Transcript,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    items
}

/// Verbs "like" completes as a comparison ("looks like", "felt like").
const SENSE_VERBS: &[&str] =
    &["looks", "look", "looked", "feel", "feels", "felt", "seems", "seem", "seemed", "sounds", "sound", "sounded"];
const SUBJECTS: &[&str] = &["i", "you", "we", "they", "he", "she", "it"];
const COPULAS: &[&str] = &["was", "is", "were", "are", "be", "it's", "that's"];
const DEGREE_WORDS: &[&str] =
    &["super", "really", "totally", "so", "very", "completely", "just", "literally", "basically", "actually", "not"];
/// Past tenses that do not end in "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "said", "went", "was", "were", "had", "did", "got", "made", "told", "thought", "knew", "came", "took", "ran",
    "saw", "found", "gave", "built", "wrote", "sent", "spent", "kept", "left", "felt", "brought", "began", "put",
    "set", "shipped",
];
/// Words that follow the verb "like" (its object or complement): "to like it", "to like the idea",
/// "to like working there".
const LIKE_OBJECTS: &[&str] = &[
    "it", "this", "that", "the", "a", "an", "them", "him", "her", "me", "us", "you", "what", "how", "my", "our",
    "your", "their", "his", "its", "some", "any", "each", "every", "these", "those", "to",
];

fn is_past_verb(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 3) || IRREGULAR_PAST.contains(&w)
}

/// A word after "to like" that is no object of "like": the verb the filler interrupts.
fn is_bare_verb(w: &str) -> bool {
    !w.is_empty()
        && !LIKE_OBJECTS.contains(&w)
        && !w.ends_with("ing")
        && !w.ends_with('s')
        && !w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn next_is_pronoun(w: &str) -> bool {
    matches!(w, "i" | "we" | "they" | "he" | "she" | "you" | "it" | "the" | "then" | "basically" | "um" | "uh")
}

fn is_number_or_quantity(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        || matches!(w, "two" | "three" | "four" | "five" | "ten" | "twenty" | "a" | "half")
}

/// The voice must stand this far above the room's noise (speech level over noise floor, dB)
/// for hesitations to be searched for in the audio: clean recordings measure 41-47 dB, a
/// reverberant room 28-46, pink noise 10 dB under the voice 17-18 and three talkers 20. Under
/// pink noise the audio check passed 51 bursts on ten answers, only 2 of them real hesitations.
pub const MIN_CLEAR_VOICE_DB: f32 = 24.0;

/// Whether hesitations whisper left out can be searched for in this recording's audio.
pub fn hesitation_search(voice: &VoiceActivity) -> HesitationSearch {
    if !voice.steady_background {
        HesitationSearch::TranscriptOnlyOtherVoices
    } else if voice.speech_db - voice.floor_db < MIN_CLEAR_VOICE_DB {
        HesitationSearch::TranscriptOnlyNoisyRoom
    } else {
        HesitationSearch::TranscriptAndAudio
    }
}

/// Hesitations whisper did not write, heard in the audio (see [`super::hesitation`]). A
/// hesitation next to a filler whisper did write is that filler: the transcript item is
/// re-timed to the sound instead of counted twice.
pub fn acoustic(
    voice: &VoiceActivity,
    samples: &[f32],
    words: &mut [ReportWord],
    transcript_items: &mut [FillerItem],
) -> Vec<FillerItem> {
    let mut matched = vec![false; transcript_items.len()];
    let mut out = Vec::new();
    for found in hesitation::find(voice, samples, words) {
        let b = found.span;
        let nearby = transcript_items
            .iter()
            .enumerate()
            .filter(|(k, f)| !matched[*k] && f.start >= b.start - 0.3 && f.start <= b.end + 1.0)
            .min_by(|a, b2| (a.1.start - b.start).abs().total_cmp(&(b2.1.start - b.start).abs()))
            .map(|(k, _)| k);
        match nearby {
            Some(k) => {
                matched[k] = true;
                let item = &mut transcript_items[k];
                let length = (item.end - item.start).max(b.duration());
                item.start = b.start;
                item.end = b.start + length;
            }
            None => {
                // The short word whisper made of it is the hesitation, not a word.
                if let Some(i) = found.heard_as {
                    words[i].filler = true;
                }
                out.push(FillerItem {
                    text: "um/uh".into(),
                    start: b.start,
                    end: b.end,
                    kind: FillerKind::Hesitation,
                    source: FillerSource::Acoustic,
                })
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::report::timed_words as words;

    fn found(text: &str) -> Vec<String> {
        mark_transcript_fillers(&mut words(text)).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn hesitations_and_phrases() {
        assert_eq!(found("Um, I rolled it back, uh, quickly."), ["um", "uh"]);
        assert_eq!(found("It was, you know, a hard week."), ["you know"]);
        assert_eq!(found("So, I took the lead."), ["so"]);
        assert_eq!(found("Basically the build was broken."), ["basically"]);
        assert_eq!(found("It was kind of slow."), ["kind of"]);
        assert_eq!(found("We had, like, 40 tickets."), ["like"]);
        assert_eq!(found("I mean, the team was small."), ["i mean"]);
    }

    #[test]
    fn like_said_inline_is_a_filler() {
        assert_eq!(found("He was, like, not convinced."), ["like"]);
        assert_eq!(found("We had to like ship it by Friday."), ["like"]);
        assert_eq!(found("Then we like decided to roll back."), ["like"]);
        assert_eq!(found("The build was like super slow."), ["like"]);
        assert_eq!(found("I'd also like added a smoke test."), ["like"]);
        // Comparison, preference and example stay content.
        assert!(found("It was like a cache bug.").is_empty());
        assert!(found("I'd like to add one thing.").is_empty());
        assert!(found("A tool like this one would help.").is_empty());
        assert!(found("I came to like the new process.").is_empty());
        assert!(found("They like working with us.").is_empty());
        assert!(found("We like tests that fail loudly.").is_empty());
        // After a comma, an example: "such as".
        assert!(found("I checked the exact behavior, like how TikTok truncated text.").is_empty());
    }

    #[test]
    fn content_uses_are_not_fillers() {
        assert!(found("I like Rust.").is_empty());
        assert!(found("It looks like a cache bug.").is_empty());
        assert!(found("I wrote tests so that it would not regress.").is_empty());
        assert!(found("What kind of test would catch it?").is_empty());
        assert!(found("Do you know what happened?").is_empty());
        assert!(found("I would like to add one thing.").is_empty());
        assert!(found("The feature was so popular.").is_empty());
    }

    #[test]
    fn marks_words_and_spans_phrases() {
        let mut w = words("It was, you know, slow.");
        let items = mark_transcript_fillers(&mut w);
        assert!(w[2].filler && w[3].filler && !w[4].filler);
        assert_eq!(items[0].start, w[2].start);
        assert_eq!(items[0].end, w[3].end);
    }
}
