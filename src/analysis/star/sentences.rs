//! An answer's words as sentences, the units the STAR labelling reads. Whisper's punctuation
//! is the first guide; pauses, length and clauses that cannot stand alone correct it.

use crate::analysis::report::ReportWord;
use crate::analysis::text::{ends_clause, ends_sentence, normalize};

/// A sentence as a run of words.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub first: usize,
    pub end: usize,
    pub start_s: f64,
    pub end_s: f64,
    pub words: Vec<String>,
}

/// Whisper sometimes writes a whole answer as one comma-joined run: a comma followed by this
/// much silence then also ends a sentence, once the sentence has enough words to be a clause
/// rather than an item of a list.
const CLAUSE_PAUSE_S: f64 = 0.35;
const CLAUSE_MIN_WORDS: usize = 8;
/// Long unpunctuated runs are cut here so one missing period cannot swallow a section.
const MAX_SENTENCE_WORDS: usize = 40;
/// ... unless the sentence ends within this many words.
const MIN_TAIL_WORDS: usize = 6;

pub fn sentences(words: &[ReportWord]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..words.len() {
        let last = i + 1 == words.len();
        let length = i + 1 - first;
        let clause_end = !last
            && ends_clause(&words[i].text)
            && length >= CLAUSE_MIN_WORDS
            && words[i + 1].start - words[i].end >= CLAUSE_PAUSE_S
            && !dependent_clause(&words[i + 1..]);
        // A run cut for length is not cut a few words before its own end: the tail would be a
        // fragment the labelling reads apart (a lesson's last words as a one-second Result).
        let ends_soon = words[i + 1..words.len().min(i + 1 + MIN_TAIL_WORDS)].iter().any(|w| ends_sentence(&w.text))
            || words.len() - i <= MIN_TAIL_WORDS;
        let too_long = length >= MAX_SENTENCE_WORDS && !ends_soon;
        if ends_sentence(&words[i].text)
            || last
            || clause_end
            || too_long
            || length >= MAX_SENTENCE_WORDS + MIN_TAIL_WORDS
        {
            out.push(Sentence {
                first,
                end: i + 1,
                start_s: words[first].start,
                end_s: words[i].end,
                words: words[first..=i].iter().filter(|w| !w.filler).map(|w| normalize(&w.text)).collect(),
            });
            first = i + 1;
        }
    }
    join_continuations(out)
}

/// Personal subjects: a clause with one of them can stand as a sentence of its own.
const SUBJECTS: &[&str] = &["i", "we", "you", "they", "he", "she", "it", "i'm", "we're", "they're", "it's"];

/// Whether the words after a comma (to the sentence's end) cannot stand alone, so the pause
/// before them is not a sentence's end: a few words ("..., not our final answer.") or a
/// participle with no subject ("..., replacing the screenshots we used to email."). Cut off,
/// such a tail is read apart from its clause: a one-second Result after the last step.
fn dependent_clause(rest: &[ReportWord]) -> bool {
    let end = rest.iter().position(|w| ends_sentence(&w.text)).map_or(rest.len(), |k| k + 1);
    let clause: Vec<String> = rest[..end].iter().filter(|w| !w.filler).map(|w| normalize(&w.text)).collect();
    let participle = clause.first().is_some_and(|w| w.len() > 4 && w.ends_with("ing"));
    let has_subject = clause.iter().any(|w| SUBJECTS.contains(&w.as_str()));
    clause.len() < MIN_TAIL_WORDS || participle && !has_subject
}

/// Words that open a clause which cannot stand alone: what follows them belongs to the
/// sentence before, wherever whisper put a period.
const CONTINUATIONS: &[&str] = &[
    "even",
    "without",
    "which",
    "including",
    "whereas",
    "ensuring",
    "specifically",
    "because",
    "although",
    "though",
    "unless",
];

/// Sentences whisper cut off their main clause ("... the bundle bloat. Even though it was not
/// on any roadmap.") are joined back, so the fragment takes its section from its clause.
fn join_continuations(sentences: Vec<Sentence>) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let opens = s.words.first().map(String::as_str);
        let continues = opens.is_some_and(|w| CONTINUATIONS.contains(&w))
            || (opens == Some("so") && s.words.get(1).is_some_and(|w| w == "that"));
        match out.last_mut() {
            Some(prev) if continues && prev.words.len() + s.words.len() <= MAX_SENTENCE_WORDS + 20 => {
                prev.end = s.end;
                prev.end_s = s.end_s;
                prev.words.extend(s.words);
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::timed_words as timed;

    #[test]
    fn a_long_sentence_is_not_cut_just_before_its_end() {
        // 43 words: past the limit, but ending three words later; cutting at 40 would leave
        // "lesson for me." as a sentence of its own.
        let long = format!("{} was the lesson for me.", vec!["step"; 38].join(" "));
        let sents = sentences(&timed(&long));
        assert_eq!(sents.len(), 1, "{:?}", sents.iter().map(|s| s.words.len()).collect::<Vec<_>>());
        // A run with no end in sight is still cut.
        let run = vec!["step"; 90].join(" ");
        assert!(sentences(&timed(&run)).iter().all(|s| s.words.len() <= MAX_SENTENCE_WORDS + MIN_TAIL_WORDS));
        assert!(sentences(&timed(&run)).len() >= 2);
    }

    #[test]
    fn a_clause_whisper_cut_off_its_sentence_joins_it_again() {
        let words = timed(
            "I decided to investigate the bundle bloat. Even though it was not on any roadmap. So that we could ship faster. Then I fixed it. Which took a week.",
        );
        let sents: Vec<String> = sentences(&words).iter().map(|s| s.words.join(" ")).collect();
        assert_eq!(
            sents,
            [
                "i decided to investigate the bundle bloat even though it was not on any roadmap so that we could ship faster",
                "then i fixed it which took a week"
            ]
        );
        // "So" opening a sentence of its own ("So I ...") starts a new one.
        assert_eq!(sentences(&timed("I fixed it. So I wrote a test.")).len(), 2);
    }

    /// Words of `text` with a pause of 0.5 s after each comma, as a chunk cut leaves them.
    fn paused_at_commas(text: &str) -> Vec<ReportWord> {
        let mut words = timed(text);
        let mut shift = 0.0;
        for w in &mut words {
            w.start += shift;
            w.end += shift;
            if w.text.ends_with(',') {
                shift += 0.5;
            }
        }
        words
    }

    #[test]
    fn a_tail_that_cannot_stand_alone_stays_with_its_clause() {
        let joined =
            |text: &str| sentences(&paused_at_commas(text)).iter().map(|s| s.words.join(" ")).collect::<Vec<_>>();
        // A few words after the comma, or a participle with no subject, are not a sentence.
        assert_eq!(joined("I framed each choice as our starting point for the team, not our final answer.").len(), 1);
        assert_eq!(
            joined("I also built an export feature that made preview links for client approval, replacing the screenshots people emailed.").len(),
            1
        );
        // A clause with a subject of its own still ends where the speaker paused.
        assert_eq!(
            joined("I also built an export feature that made preview links for client approval, and in the end clients approved twice as fast.").len(),
            2
        );
        assert_eq!(
            joined("I rewrote the retry logic over two long weekends, looking back I would have asked for help.").len(),
            2
        );
    }
}
