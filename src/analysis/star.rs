//! STAR sections without a language model: every sentence is scored for each label on cue
//! phrases, tense, pronouns, numbers and position, then dynamic programming picks the best
//! labelling, preferring sections in order (Situation, Task, Action, Result, Reflection), any
//! of them possibly absent. Manual markers are hard boundaries.

use std::ops::RangeInclusive;

use super::pronouns::{Person, person};
use super::report::{ReportWord, Section, Star, StarLabel};
use super::content::is_quantity;
use super::text::{ends_clause, ends_sentence, normalize};

/// A user-set section start (a key pressed while speaking, or a boundary moved in review).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Marker {
    pub time: f64,
    pub label: StarLabel,
}

/// Target share of the answer per label (fractions).
pub fn target(label: StarLabel) -> Option<(f64, f64)> {
    match label {
        StarLabel::Situation => Some((0.0, 0.2)),
        StarLabel::Task => Some((0.0, 0.15)),
        StarLabel::Action => Some((0.5, 0.65)),
        StarLabel::Result => Some((0.1, 0.2)),
        StarLabel::Reflection => None,
    }
}

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

pub fn sentences(words: &[ReportWord]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..words.len() {
        let last = i + 1 == words.len();
        let length = i + 1 - first;
        let clause_end = !last && ends_clause(&words[i].text) && length >= CLAUSE_MIN_WORDS && words[i + 1].start - words[i].end >= CLAUSE_PAUSE_S;
        if ends_sentence(&words[i].text) || last || clause_end || length >= MAX_SENTENCE_WORDS {
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
    out
}

const CUES: &[(StarLabel, &[&str], f64)] = &[
    (StarLabel::Situation, &["the situation", "at the time", "back in", "last year", "a few years ago", "i was working", "we were", "there was", "there were", "our team", "the company", "our company", "had a", "was running", "were using", "was using", "context", "background"], 1.0),
    (StarLabel::Task, &["my task", "my job", "my role", "my goal", "the goal", "i was responsible", "i was asked", "i was tasked", "i needed to", "i had to", "i wanted to", "i owned", "needed to", "was responsible", "the challenge was", "my responsibility", "the task"], 1.6),
    (StarLabel::Action, &["i decided", "i started", "i built", "i wrote", "i proposed", "i ran", "i created", "i added", "i set up", "i designed", "i worked", "i reached", "i pushed", "i used", "i implemented", "i spent", "i made", "i talked", "i met", "i also", "first", "then", "next", "instead", "i broke", "i scheduled", "i organized", "i introduced", "i shared", "i presented"], 1.0),
    (StarLabel::Result, &["as a result", "the result", "resulted", "in the end", "ultimately", "dropped", "reduced", "increased", "improved", "fell", "grew", "saved", "shipped", "launched", "went from", "down from", "up from", "within", "later", "outcome", "impact", "adopted", "signed", "renewed", "on time"], 1.2),
    (StarLabel::Reflection, &["i learned", "lesson", "learned that", "in hindsight", "looking back", "next time", "taught me", "i would now", "since then", "i now", "i realized", "going forward", "if i did it again", "what i took away"], 2.0),
];

const PRIOR_FLOOR: f64 = 3.0;

/// Where in the answer (0..1) each label is typical.
fn position_prior(label: StarLabel, pos: f64) -> f64 {
    let (centre, width) = match label {
        StarLabel::Situation => (0.05, 0.15),
        StarLabel::Task => (0.3, 0.12),
        StarLabel::Action => (0.5, 0.25),
        // The Result usually fills the last fifth or so of an answer.
        StarLabel::Result => (0.9, 0.12),
        StarLabel::Reflection => (1.0, 0.08),
    };
    let z = (pos - centre) / width;
    // Capped, so strong cue phrases can still place a section anywhere.
    (-0.5 * z * z).max(-PRIOR_FLOOR)
}

fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    words.windows(p.len()).any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
}

fn has_number(words: &[String]) -> bool {
    words.iter().any(|w| is_quantity(w))
}

/// Score of each label for one sentence.
pub fn scores(sentence: &Sentence, pos: f64) -> [f64; 5] {
    let w = &sentence.words;
    let mut s = [0.0; 5];
    for (k, label) in StarLabel::ALL.iter().enumerate() {
        s[k] = position_prior(*label, pos);
        for (l, phrases, weight) in CUES {
            if l == label {
                s[k] += phrases.iter().filter(|p| contains_phrase(w, p)).count().min(3) as f64 * weight;
            }
        }
    }
    let starts_with_i_verb = w.len() >= 2 && w[0] == "i" && (w[1].ends_with("ed") || matches!(w[1].as_str(), "built" | "wrote" | "ran" | "made" | "set" | "spent" | "took" | "got" | "led" | "sat" | "met" | "went" | "found" | "brought" | "drew" | "kept"));
    if starts_with_i_verb {
        s[2] += 0.8;
    }
    if has_number(w) {
        s[3] += 0.7;
    }
    let (i, we) = w.iter().fold((0, 0), |(i, we), x| match person(x) {
        Some(Person::Singular) => (i + 1, we),
        Some(Person::Plural) => (i, we + 1),
        None => (i, we),
    });
    if i > we {
        s[2] += 0.3;
    } else if we > i {
        s[0] += 0.2;
    }
    s
}

/// Labels each sentence by dynamic programming: staying in a section is free, moving on to a
/// later one costs a little and going back to an earlier one a lot; `allowed` limits each
/// sentence to a range of labels (from markers).
fn label_sentences(sentences: &[Sentence], total: (f64, f64), allowed: &[RangeInclusive<usize>]) -> Vec<usize> {
    let n = sentences.len();
    let span = (total.1 - total.0).max(1e-6);
    let score: Vec<[f64; 5]> = sentences
        .iter()
        .map(|s| scores(s, (((s.start_s + s.end_s) / 2.0 - total.0) / span).clamp(0.0, 1.0)))
        .collect();
    // Staying in a section is free; moving on costs a little, so sections are not split by noise.
    const SWITCH: f64 = 0.6;
    const BACKTRACK: f64 = 1.0;
    const SKIP: f64 = 1.0;
    let mut best = vec![[f64::NEG_INFINITY; 5]; n];
    let mut back = vec![[0usize; 5]; n];
    // Each section jumped over on the way to a later one costs SKIP: a short Task is otherwise
    // easily swallowed by its neighbours. Where an answer starts (a headline Result first) and
    // where it stops (no Result) are left to the cues.
    let skip = SKIP;
    for l in 0..5 {
        if allowed[0].contains(&l) {
            best[0][l] = score[0][l];
        }
    }
    for i in 1..n {
        for l in 0..5 {
            if !allowed[i].contains(&l) {
                continue;
            }
            let (mut b, mut arg) = (f64::NEG_INFINITY, 0);
            let previous = best[i - 1];
            for (p, &prev_best) in previous.iter().enumerate() {
                let cost = match p.cmp(&l) {
                    std::cmp::Ordering::Equal => 0.0,
                    std::cmp::Ordering::Less => SWITCH + (l - p - 1) as f64 * skip,
                    // Going back (a Situation after the Result) happens in real answers, but
                    // only when the words insist.
                    std::cmp::Ordering::Greater => BACKTRACK,
                };
                let v = prev_best - cost;
                if v > b {
                    (b, arg) = (v, p);
                }
            }
            best[i][l] = b + score[i][l];
            back[i][l] = arg;
        }
    }
    let mut l = (0..5).max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b])).unwrap_or(0);
    let mut labels = vec![0; n];
    for i in (0..n).rev() {
        labels[i] = l;
        l = back[i][l];
    }
    labels
}

/// What each sentence may be labelled, given the user's markers (sorted by time). A marker is a
/// hard boundary: the first sentence after it starts the marked section, and the sentences up
/// to the next marker may only move on through the sections in between; unmarked stretches are
/// still labelled from the words. A sentence belongs to the side of a marker its middle is on.
fn allowed_labels(sents: &[Sentence], markers: &[Marker]) -> Vec<RangeInclusive<usize>> {
    const LAST: usize = StarLabel::ALL.len() - 1;
    let index = |label: StarLabel| StarLabel::ALL.iter().position(|l| *l == label).unwrap_or(0);
    let mut allowed = Vec::with_capacity(sents.len());
    let mut previous_marker = None;
    for s in sents {
        let middle = (s.start_s + s.end_s) / 2.0;
        let current = markers.iter().rposition(|m| m.time <= middle);
        let next = current.map_or(0, |c| c + 1);
        // The last section allowed before the next marker.
        let until = markers.get(next).map_or(LAST, |m| index(m.label).saturating_sub(1));
        let range = match current {
            None => 0..=until,
            Some(c) => {
                let here = index(markers[c].label);
                if previous_marker == Some(c) { here..=until.max(here) } else { here..=here }
            }
        };
        previous_marker = current;
        allowed.push(range);
    }
    allowed
}

/// Splits the answer into sections.
pub fn segment(words: &[ReportWord], markers: &[Marker]) -> Star {
    let sents = sentences(words);
    if sents.is_empty() {
        return Star { missing: vec![StarLabel::Situation, StarLabel::Task, StarLabel::Action, StarLabel::Result], ..Star::default() };
    }
    let total = (sents[0].start_s, sents[sents.len() - 1].end_s);
    let mut sorted = markers.to_vec();
    sorted.sort_by(|a, b| a.time.total_cmp(&b.time));
    let allowed = allowed_labels(&sents, &sorted);
    let labels = label_sentences(&sents, total, &allowed);
    let span = (total.1 - total.0).max(1e-6);
    let mut sections: Vec<Section> = Vec::new();
    for (s, &l) in sents.iter().zip(&labels) {
        let label = StarLabel::ALL[l];
        match sections.last_mut() {
            Some(last) if last.label == label => {
                last.end = s.end_s;
                last.end_word = s.end;
            }
            _ => {
                if let Some(last) = sections.last_mut() {
                    last.end = s.start_s;
                }
                sections.push(Section { label, start: s.start_s, end: s.end_s, duration: 0.0, share: 0.0, target: target(label), first_word: s.first, end_word: s.end });
            }
        }
    }
    for sec in &mut sections {
        sec.duration = (sec.end - sec.start).max(0.0);
        sec.share = sec.duration / span;
    }
    let missing = [StarLabel::Situation, StarLabel::Task, StarLabel::Action, StarLabel::Result]
        .into_iter()
        .filter(|l| !sections.iter().any(|s| s.label == *l))
        .collect();
    Star { sections, missing, manual_boundaries: !markers.is_empty() }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::report::timed_words as timed;

    fn labels(star: &Star) -> Vec<StarLabel> {
        star.sections.iter().map(|s| s.label).collect()
    }

    const ANSWER: &str = "Last year our team was running a checkout service that failed during launches. \
        There were many angry customers and the company was losing sales. \
        My task was to make the release process safe before the holiday season. \
        I decided to add canary releases. I built a dashboard for error rates. I wrote a rollback script and tested it every week. \
        I also ran a review with the payments team. Then I trained two engineers to run releases. \
        As a result, failed releases dropped by 80 percent. We shipped every holiday release on time. \
        I learned that small safe steps beat big careful plans.";

    #[test]
    fn a_full_answer_gets_all_sections_in_order() {
        use StarLabel::*;
        let star = segment(&timed(ANSWER), &[]);
        assert_eq!(labels(&star), [Situation, Task, Action, Result, Reflection]);
        assert!(star.missing.is_empty());
        let shares: f64 = star.sections.iter().map(|s| s.share).sum();
        assert!((shares - 1.0).abs() < 1e-6);
    }

    #[test]
    fn an_answer_with_no_result_reports_it_missing() {
        let text = "At the time our company had a slow build. My task was to speed it up. I decided to cache dependencies. I wrote a script to warm the cache. I also split the test suite.";
        let star = segment(&timed(text), &[]);
        assert!(star.missing.contains(&StarLabel::Result), "{:?}", labels(&star));
        assert_eq!(star.sections.last().unwrap().label, StarLabel::Action);
    }

    #[test]
    fn markers_are_hard_boundaries() {
        let words = timed(ANSWER);
        let result_at = words.iter().find(|w| w.text == "As").unwrap().start;
        let markers = [Marker { time: 0.0, label: StarLabel::Situation }, Marker { time: 10.0, label: StarLabel::Action }, Marker { time: result_at, label: StarLabel::Result }];
        let star = segment(&words, &markers);
        assert!(star.manual_boundaries);
        // Between the markers only the marked sections; after the Result the words may still
        // make a Reflection.
        assert_eq!(labels(&star)[..3], [StarLabel::Situation, StarLabel::Action, StarLabel::Result]);
        assert!(star.sections[1].start >= 10.0 - 5.0 && star.sections[1].start <= 12.0);
        assert_eq!(star.sections[2].start, result_at);
        assert!(labels(&star)[3..].iter().all(|l| *l == StarLabel::Reflection));
    }

    #[test]
    fn one_marker_pins_its_boundary_and_the_words_label_the_rest() {
        let words = timed(ANSWER);
        let decided = words.iter().position(|w| w.text == "decided").unwrap();
        let action_at = words[decided - 1].start;
        let star = segment(&words, &[Marker { time: action_at, label: StarLabel::Action }]);
        let found = labels(&star);
        assert_eq!(found, [StarLabel::Situation, StarLabel::Task, StarLabel::Action, StarLabel::Result, StarLabel::Reflection]);
        let action = star.sections.iter().find(|s| s.label == StarLabel::Action).unwrap();
        assert_eq!(action.start, action_at);
        assert!(star.missing.is_empty());
    }

    #[test]
    fn a_marker_forces_a_boundary_the_words_would_not_make() {
        // Mid-Action, the user marks the Result: the sentence after the marker is the Result
        // even though its words are plain Action.
        let words = timed(ANSWER);
        let built = words.iter().position(|w| w.text == "built").unwrap();
        let result_at = words[built - 1].start;
        let star = segment(&words, &[Marker { time: result_at, label: StarLabel::Result }]);
        let result = star.sections.iter().find(|s| s.label == StarLabel::Result).unwrap();
        assert_eq!(result.start, result_at);
        assert!(star.sections.iter().all(|s| s.start < result_at || s.label >= StarLabel::Result), "{:?}", labels(&star));
    }

    #[test]
    fn a_comma_joined_run_is_split_where_the_speaker_paused() {
        // Whisper sometimes writes a whole answer with commas for periods; the pauses between
        // the spoken sentences still show where they end.
        let mut words = timed(ANSWER);
        let last = words.len() - 1;
        let mut shift = 0.0;
        for (i, w) in words.iter_mut().enumerate() {
            w.start += shift;
            w.end += shift;
            if i < last && w.text.ends_with('.') {
                w.text = w.text.replace('.', ",");
                shift += 0.5;
            }
        }
        let sents = sentences(&words);
        assert!(sents.len() >= 8, "{} sentences", sents.len());
        // A comma said without a pause stays inside its sentence.
        assert!(sents.iter().any(|s| s.words.windows(2).any(|w| w == ["result", "failed"])));
        use StarLabel::*;
        assert_eq!(labels(&segment(&words, &[])), [Situation, Task, Action, Result, Reflection]);
    }
}
