//! What a sentence does, as numbers a learned model can weigh: who acts and in which tense,
//! whether it states an obligation, a change with a number, a lesson, a time or a sequence,
//! and where it sits in the answer. Each feature is a small closed class of English words or a
//! pattern, not a list of one author's phrases: the weights, learned from labelled answers of
//! several authors, decide what each is worth for each section.

use super::super::content::is_quantity;
use super::super::pronouns::{Person, person};

/// The features' names, in the order [`extract`] fills them; the weights file is keyed by them.
pub const NAMES: &[&str] = &[
    "bias",
    "position",
    "position_squared",
    "first_sentence",
    "i_subject",
    "i_past_verb",
    "i_was",
    "we_subject",
    "my_subject",
    "other_subject",
    "past_verb_opener",
    "has_i",
    "has_we",
    "past_verbs",
    "progressive_past",
    "state_past",
    "there_was",
    "obligation",
    "number",
    "unit",
    "change_word",
    "number_and_change",
    "outcome_word",
    "lesson_word",
    "since_word",
    "present_tense",
    "negation",
    "problem_word",
    "modal",
    "time_opener",
    "sequence_opener",
    "purpose_opener",
    "outcome_opener",
    "length",
    "thing_past",
    "time_bound",
];

pub const COUNT: usize = NAMES.len();

const IRREGULAR_PAST: &[&str] = &[
    "built",
    "wrote",
    "rewrote",
    "ran",
    "made",
    "set",
    "spent",
    "took",
    "got",
    "led",
    "sat",
    "met",
    "went",
    "found",
    "brought",
    "drew",
    "kept",
    "gave",
    "told",
    "sent",
    "put",
    "began",
    "chose",
    "did",
    "saw",
    "held",
    "paid",
    "caught",
    "dug",
    "thought",
    "bought",
    "sold",
    "understood",
    "shut",
    "split",
    "broke",
    "spoke",
    "stood",
    "wrote",
    "rebuilt",
    "sought",
    "taught",
    "won",
    "lost",
    "left",
    "became",
    "grew",
    "fell",
    "rose",
    "cut",
    "knew",
    "felt",
    "came",
    "said",
    "heard",
    "ate",
];
/// What was required of the speaker: the Task's words.
const OBLIGATION: &[&str] = &[
    "need",
    "needed",
    "needs",
    "must",
    "goal",
    "goals",
    "task",
    "tasked",
    "responsible",
    "responsibility",
    "asked",
    "role",
    "job",
    "wanted",
    "aim",
    "objective",
    "objectives",
    "mission",
    "expected",
    "deadline",
    "ensure",
    "supposed",
    "challenge",
    "charge",
    "assigned",
    "required",
    "requirement",
    "priority",
];
const UNITS: &[&str] = &[
    "percent",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "minutes",
    "minute",
    "seconds",
    "second",
    "times",
    "x",
    "dollars",
    "users",
    "customers",
    "ms",
    "milliseconds",
    "points",
    "people",
    "requests",
    "tickets",
    "k",
];
const CHANGE: &[&str] = &[
    "reduced",
    "reducing",
    "increased",
    "increasing",
    "dropped",
    "cut",
    "grew",
    "improved",
    "improving",
    "saved",
    "raised",
    "doubled",
    "halved",
    "tripled",
    "fell",
    "rose",
    "decreased",
    "boosted",
    "lowered",
    "shortened",
    "faster",
    "slower",
    "fewer",
    "higher",
    "lower",
    "from",
    "down",
    "up",
];
const OUTCOME: &[&str] = &[
    "result",
    "results",
    "resulted",
    "outcome",
    "impact",
    "eventually",
    "ultimately",
    "finally",
    "end",
    "successfully",
    "success",
    "achieved",
    "delivered",
    "launched",
    "shipped",
    "adopted",
    "became",
    "praised",
    "recognized",
    "promoted",
    "feedback",
];
const LESSON: &[&str] =
    &["learned", "learnt", "lesson", "lessons", "realized", "realised", "taught", "hindsight", "takeaway"];
/// Words that place an outcome in time.
const TIME_BOUND: &[&str] = &["within", "later", "ahead", "afterwards"];
/// How the speaker works since: the Reflection's other half.
const SINCE: &[&str] = &["now", "today", "since", "always", "forward", "next", "again", "anymore", "ever"];
const PRESENT: &[&str] = &["is", "are", "am", "i'm", "it's", "we're", "still", "now", "today", "do", "does"];
const MODAL: &[&str] = &["would", "could", "should", "will", "might", "can", "i'd", "we'd"];
const TIME_OPENERS: &[&str] = &[
    "at", "in", "during", "when", "while", "last", "back", "before", "early", "about", "a", "two", "three", "several",
    "years", "one",
];
const SEQUENCE_OPENERS: &[&str] = &[
    "first",
    "firstly",
    "then",
    "next",
    "after",
    "afterwards",
    "also",
    "second",
    "secondly",
    "third",
    "finally",
    "so",
    "once",
    "and",
    "from",
    "with",
    "instead",
];
/// What goes wrong: the Situation's trouble and a failed Result's.
const PROBLEM: &[&str] = &[
    "problem",
    "problems",
    "issue",
    "issues",
    "failed",
    "failing",
    "fails",
    "broke",
    "broken",
    "crashed",
    "crashes",
    "slow",
    "late",
    "delayed",
    "complaints",
    "complaint",
    "angry",
    "frustrated",
    "difficult",
    "risk",
    "bug",
    "bugs",
    "errors",
    "outage",
    "stalled",
    "behind",
    "missing",
    "lost",
    "struggling",
    "chaos",
    "mess",
    "worried",
];
const NEGATION: &[&str] =
    &["not", "no", "never", "nobody", "nothing", "didn't", "wasn't", "couldn't", "don't", "won't", "without", "only"];
/// Words that may sit between "I" and its verb ("I then built", "I quickly wrote").
const ADVERBS: &[&str] = &[
    "also",
    "then",
    "just",
    "first",
    "finally",
    "quickly",
    "immediately",
    "personally",
    "still",
    "actually",
    "eventually",
    "later",
];
const POSSESSIVES: &[&str] = &["my", "our"];
const PERSONAL: &[&str] = &["i", "we", "my", "our", "i'm", "i've", "we've", "i'd", "we'd", "me", "us"];
const STATE_VERBS: &[&str] = &["was", "were", "had", "has", "have"];

fn is_past_verb(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed")) || IRREGULAR_PAST.contains(&w)
}

fn any_in(words: &[String], class: &[&str]) -> bool {
    words.iter().any(|w| class.contains(&w.as_str()))
}

fn count_in(words: &[String], class: &[&str]) -> usize {
    words.iter().filter(|w| class.contains(&w.as_str())).count()
}

/// The sentence's subject position: its first word, or its second after an opener ("Then I").
fn subject(words: &[String]) -> Option<&str> {
    let first = words.first()?.as_str();
    if SEQUENCE_OPENERS.contains(&first) || first == "but" || first == "to" {
        words.get(1).map(String::as_str)
    } else {
        Some(first)
    }
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// The features of one sentence (normalized words) at `position` (0..1) in the answer. There is
/// no "last sentence" flag: every answer it was fitted on ended in a Result, so it taught that an
/// answer's last words are one whatever they say (held out, an answer cut before its Result was
/// called so 5 of 24 times with it, 8 without, other answers labelled as well).
pub fn extract(words: &[String], position: f64, first: bool) -> [f64; COUNT] {
    let w = words;
    let n = w.len().max(1) as f64;
    let subject = subject(w);
    let i_at = w.iter().position(|x| x == "i");
    let after_i = i_at.and_then(|k| w[k + 1..].iter().find(|x| !ADVERBS.contains(&x.as_str()) && !x.ends_with("ly")));
    let i_was =
        after_i.is_some_and(|x| matches!(x.as_str(), "was" | "had" | "were" | "am" | "have" | "needed" | "wanted"));
    // "I learned", "I realized": what the speaker took from it, not something done.
    let i_past = !i_was && after_i.is_some_and(|x| is_past_verb(x) && !LESSON.contains(&x.as_str()));
    let (i, we) = w.iter().fold((0, 0), |(i, we), x| match person(x) {
        Some(Person::Singular) => (i + 1, we),
        Some(Person::Plural) => (i, we + 1),
        None => (i, we),
    });
    let past = w.iter().filter(|x| is_past_verb(x)).count() as f64;
    let progressive =
        w.windows(2).any(|p| (p[0] == "was" || p[0] == "were") && p[1].ends_with("ing") && p[1].len() > 4);
    let state = w.iter().take(6).any(|x| STATE_VERBS.contains(&x.as_str())) && subject != Some("i");
    let there = w.windows(2).any(|p| p[0] == "there" && matches!(p[1].as_str(), "was" | "were" | "is" | "are" | "had"));
    let obligation = (count_in(w, OBLIGATION) as f64
        + flag(w.windows(2).any(|p| matches!(p[0].as_str(), "had" | "have" | "has") && p[1] == "to")))
    .min(2.0)
        / 2.0;
    let number = w.iter().any(|x| is_quantity(x));
    let unit = w.iter().any(|x| x.ends_with('%') || UNITS.contains(&x.as_str()));
    let change = any_in(w, CHANGE);
    let first_word = w.first().map(String::as_str).unwrap_or("");
    let values = [
        1.0,
        position,
        position * position,
        flag(first),
        flag(subject == Some("i")),
        flag(i_past),
        flag(i_was),
        flag(subject == Some("we")),
        flag(subject.is_some_and(|x| POSSESSIVES.contains(&x))),
        flag(subject.is_some_and(|x| !PERSONAL.contains(&x))),
        // "Documented the incident", "Took the lead": a step with its "I" left out.
        flag(w.first().is_some_and(|x| x != "i" && is_past_verb(x))),
        flag(i > 0),
        flag(we > 0),
        (past / n * 5.0).min(1.0),
        flag(progressive),
        flag(state),
        flag(there),
        obligation,
        flag(number),
        flag(unit),
        flag(change),
        flag(number && change),
        (count_in(w, OUTCOME) as f64).min(2.0) / 2.0,
        flag(any_in(w, LESSON)),
        flag(any_in(w, SINCE)),
        flag(any_in(w, PRESENT)),
        flag(any_in(w, NEGATION)),
        (count_in(w, PROBLEM) as f64).min(2.0) / 2.0,
        flag(any_in(w, MODAL)),
        flag(TIME_OPENERS.contains(&first_word)),
        flag(SEQUENCE_OPENERS.contains(&first_word)),
        flag(first_word == "to"),
        // "As a result ...", "We cut ...", "Revenue grew ...": an outcome said up front.
        flag(w.iter().take(4).any(|x| {
            OUTCOME.contains(&x.as_str()) || CHANGE.contains(&x.as_str()) && x != "from" && x != "up" && x != "down"
        })),
        (n / 40.0).min(1.0),
        // "The demo went smoothly", "Errors dropped": something other than the speaker acted.
        flag(subject.is_some_and(|x| !PERSONAL.contains(&x)) && w.iter().skip(1).take(4).any(|x| is_past_verb(x))),
        // "within a week", "on time", "later": when an outcome came.
        flag(any_in(w, TIME_BOUND) || w.windows(2).any(|p| p[0] == "on" && p[1] == "time")),
    ];
    debug_assert_eq!(values.len(), COUNT);
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> [f64; COUNT] {
        let words: Vec<String> = text.split_whitespace().map(super::super::super::text::normalize).collect();
        extract(&words, 0.5, false)
    }

    fn get(f: &[f64; COUNT], name: &str) -> f64 {
        f[NAMES.iter().position(|n| *n == name).expect("feature name")]
    }

    #[test]
    fn names_match_the_values() {
        assert_eq!(NAMES.len(), of("I built it.").len());
    }

    #[test]
    fn a_sentence_says_what_it_does() {
        let action = of("Then I rewrote the retry logic and added a dashboard.");
        assert_eq!(get(&action, "i_subject"), 1.0);
        assert_eq!(get(&action, "i_past_verb"), 1.0);
        assert_eq!(get(&action, "sequence_opener"), 1.0);
        let result = of("Errors dropped from 4% to 0.5% within two weeks.");
        assert_eq!(get(&result, "number_and_change"), 1.0);
        assert_eq!(get(&result, "unit"), 1.0);
        let task = of("My job was to make releases safe, and I had to do it by March.");
        assert!(get(&task, "obligation") >= 1.0);
        let situation = of("Our team was running a checkout service that kept failing.");
        assert_eq!(get(&situation, "progressive_past"), 1.0);
        assert_eq!(get(&situation, "state_past"), 1.0);
        let lesson = of("I learned that small steps beat big plans, and I still do it today.");
        assert_eq!(get(&lesson, "lesson_word"), 1.0);
        assert_eq!(get(&lesson, "present_tense"), 1.0);
        // A step with its "I" left out, irregular verbs too; an outcome something else brought.
        assert_eq!(get(&of("Took the lead on the rollout."), "past_verb_opener"), 1.0);
        let outcome = of("The demo went smoothly and the client signed within a week.");
        assert_eq!(get(&outcome, "thing_past"), 1.0);
        assert_eq!(get(&outcome, "time_bound"), 1.0);
        assert_eq!(get(&of("I shipped it on time."), "thing_past"), 0.0);
    }
}
