//! What the advice says about an answer's structure, as claims about one labelling of its
//! sections: "no Result", "the Situation ran longer than the Action", "the Action never says
//! I". One definition serves twice: the findings judge the most likely labelling by it, and
//! [`super::star::odds`] counts in how many labellings drawn from the model each claim holds,
//! which is how sure the advice may be of it.

use super::content::result_quantified;
use super::pronouns::{Person, person};
use super::report::{FindingCode, ReportWord, Section, StarLabel, section_words};
use super::settings::AnalysisSettings;
use super::text::normalize;

/// A share this far past its target band is worth a finding (points of the answer).
pub const SHARE_MARGIN: f64 = 0.1;
/// An Action this short has too few words to judge its pronouns.
const ACTION_MIN_WORDS: usize = 8;
/// One "our" in an Action of "I"s is not a habit worth a tip.
const ACTION_MIN_WE: usize = 2;
/// "We" doing something, as against "our" or "us": "I rolled back our deploy" is the
/// speaker's own step, so an Action whose only plurals are possessive gets no "we" tip (it
/// was the dev sets' most frequent false one).
const WE_ACTING: &[&str] = &["we", "we're", "we've", "we'd", "we'll"];

/// The sections of one labelling, summed per label.
struct Totals {
    /// Seconds and share of the answer per label, in `StarLabel::ALL` order.
    duration: [f64; 5],
    share: [f64; 5],
    present: [bool; 5],
}

fn totals(sections: &[Section]) -> Totals {
    let mut t = Totals { duration: [0.0; 5], share: [0.0; 5], present: [false; 5] };
    for s in sections {
        t.duration[s.label.index()] += s.duration;
        t.share[s.label.index()] += s.share;
        t.present[s.label.index()] = true;
    }
    t
}

/// The "I"s and "we"s of the sections with this label, counted as the pronoun figures count them.
pub fn pronouns_in(
    sections: &[Section],
    words: &[ReportWord],
    label: StarLabel,
    min_probability: f32,
) -> (usize, usize) {
    section_words(sections, words, label).filter(|w| w.counts(min_probability)).fold((0, 0), |(i, we), w| match person(
        &w.text,
    ) {
        Some(Person::Singular) => (i + 1, we),
        Some(Person::Plural) => (i, we + 1),
        None => (i, we),
    })
}

/// An answer's words with what the claims read of them that no labelling changes, worked out
/// once: the odds judge hundreds of labellings of the same words.
pub struct AnswerWords<'a> {
    pub words: &'a [ReportWord],
    says_task: bool,
}

impl<'a> AnswerWords<'a> {
    pub fn new(words: &'a [ReportWord]) -> Self {
        Self { words, says_task: says_task(words) }
    }
}

/// Every structural claim that holds for this labelling, by finding code.
pub fn structure_claims(sections: &[Section], answer: &AnswerWords, settings: &AnalysisSettings) -> Vec<FindingCode> {
    let words = answer.words;
    let t = totals(sections);
    let mut out = Vec::new();
    if sections.is_empty() {
        return out;
    }
    for label in [StarLabel::Situation, StarLabel::Task, StarLabel::Action, StarLabel::Result] {
        // A Task said in a sentence the labelling gave to a neighbour is still said.
        if !(t.present[label.index()] || label == StarLabel::Task && answer.says_task) {
            out.push(FindingCode::Missing(label));
        }
    }
    let (s, a) = (StarLabel::Situation.index(), StarLabel::Action.index());
    if t.present[s] && t.present[a] && t.duration[s] > t.duration[a] {
        out.push(FindingCode::SituationOverAction);
    }
    for label in StarLabel::ALL {
        let k = label.index();
        let Some((min, max)) = settings.star_targets.get(label) else { continue };
        if !t.present[k] {
            continue;
        }
        let share = t.share[k];
        if share > max + SHARE_MARGIN {
            out.push(FindingCode::Long(label));
        } else if share < min - SHARE_MARGIN {
            out.push(FindingCode::Short(label));
        }
    }
    if result_quantified(sections, words) == Some(false) {
        out.push(FindingCode::ResultNotQuantified);
    }
    let action_words = section_words(sections, words, StarLabel::Action).filter(|w| !w.filler).count();
    let (i, we) = pronouns_in(sections, words, StarLabel::Action, settings.min_word_probability);
    if t.present[a] && action_words >= ACTION_MIN_WORDS && i == 0 {
        out.push(FindingCode::ActionNoI);
    } else if we >= ACTION_MIN_WE
        && (i as f64 / (i + we) as f64) < settings.action_i_share_min
        && section_words(sections, words, StarLabel::Action)
            .any(|w| w.counts(settings.min_word_probability) && WE_ACTING.contains(&normalize(&w.text).as_str()))
    {
        out.push(FindingCode::ActionWe);
    }
    out
}

/// Whether the speaker says in so many words what they had to do ("my job was", "I was tasked
/// with", "I needed to"): first person and an obligation, a closed class of words rather than
/// any one author's phrases. Such an answer has a Task wherever the labelling put it.
pub fn says_task(words: &[ReportWord]) -> bool {
    const DUTY: &[&str] =
        &["task", "job", "role", "goal", "responsibility", "mission", "objective", "assignment", "remit"];
    const BOUND: &[&str] =
        &["tasked", "responsible", "asked", "assigned", "expected", "charged", "needed", "required", "supposed"];
    let w: Vec<String> = words.iter().filter(|w| !w.filler).map(|w| super::text::normalize(&w.text)).collect();
    w.windows(2).any(|p| p[0] == "my" && DUTY.contains(&p[1].as_str()))
        || w.windows(3).any(|p| {
            p[0] == "i" && matches!(p[1].as_str(), "was" | "were" | "am" | "felt") && BOUND.contains(&p[2].as_str())
        })
        || w.windows(3)
            .any(|p| p[0] == "i" && matches!(p[1].as_str(), "had" | "needed" | "have" | "wanted") && p[2] == "to")
        || w.windows(3).any(|p| {
            p[0] == "i" && p[1] == "took" && matches!(p[2].as_str(), "responsibility" | "ownership" | "charge")
        })
}

/// A label's share of the answer in this labelling (all its sections together).
pub fn share_of(sections: &[Section], label: StarLabel) -> f64 {
    totals(sections).share[label.index()]
}

/// The seconds of all the sections with this label, as the share above counts them.
pub fn duration_of(sections: &[Section], label: StarLabel) -> f64 {
    totals(sections).duration[label.index()]
}

/// Word probabilities at or under this mean: whisper was guessing; at or over [`CLEAR`]: the
/// words are as clear as whisper hears a clean recording (0.86-0.94 on the dev sets' natural
/// voice). Between, trust in what the words lack rises in a straight line.
const GUESSING: f64 = 0.6;
const CLEAR: f64 = 0.82;

/// How far these words can be trusted to show what they lack (no "I", no number): a claim of
/// absence is only as good as the transcript it looks in. 0 to 1, from whisper's own word
/// probabilities (fillers left out); 1 for words a user corrected.
pub fn words_reliability<'a>(words: impl IntoIterator<Item = &'a ReportWord>) -> f64 {
    let (sum, n) = words
        .into_iter()
        .filter(|w| !w.filler)
        .fold((0.0, 0usize), |(s, n), w| (s + f64::from(w.probability.min(1.0)), n + 1));
    if n == 0 {
        return 0.0;
    }
    ((sum / n as f64 - GUESSING) / (CLEAR - GUESSING)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::content::check;
    use crate::analysis::report::{Star, timed_words};

    #[test]
    fn words_whisper_guessed_at_cannot_show_what_they_lack() {
        let mut words = timed_words("Then I rolled back the deploy.");
        words.iter_mut().for_each(|w| w.probability = 0.9);
        assert_eq!(words_reliability(&words), 1.0);
        words.iter_mut().for_each(|w| w.probability = 0.5);
        assert_eq!(words_reliability(&words), 0.0);
        words.iter_mut().for_each(|w| w.probability = 0.71);
        assert!((words_reliability(&words) - 0.5).abs() < 1e-6);
        assert_eq!(words_reliability(&[]), 0.0);
    }

    #[test]
    fn a_task_is_said_in_the_first_person_with_an_obligation() {
        assert!(says_task(&timed_words("Our build was slow and I was tasked with speeding it up.")));
        assert!(says_task(&timed_words("My job was to keep the launch on time.")));
        assert!(says_task(&timed_words("So I had to find the leak before Friday.")));
        assert!(says_task(&timed_words("As the senior engineer I took responsibility for the launch.")));
        assert!(!says_task(&timed_words("The team asked for a faster build. I cached the dependencies.")));
        assert!(!says_task(&timed_words("I added a job to the pipeline.")));
    }

    #[test]
    fn the_content_check_and_the_finding_read_one_result() {
        // A Result split in two by a step between: the number is in the second part.
        let words = timed_words(
            "The launch went out on time and the team was relieved. I wrote the notes. Errors dropped by 80 percent in a week.",
        );
        let section = |label, first_word, end_word| Section {
            label,
            start: 0.0,
            end: 0.0,
            duration: 1.0,
            share: 0.3,
            target: None,
            first_word,
            end_word,
            confidence: None,
            second_choice: None,
        };
        let sections =
            [section(StarLabel::Result, 0, 11), section(StarLabel::Action, 11, 15), section(StarLabel::Result, 15, 23)];
        assert_eq!(result_quantified(&sections, &words), Some(true));
        let star = Star { sections: sections.to_vec(), ..Star::default() };
        assert_eq!(check(&words, &star, 60.0, (120.0, 180.0)).result_quantified, Some(true));
        let claims = structure_claims(&sections, &AnswerWords::new(&words), &AnalysisSettings::default());
        assert!(!claims.contains(&FindingCode::ResultNotQuantified), "{claims:?}");
        // A fragment too short to judge, or no Result at all: not judged either way.
        assert_eq!(result_quantified(&[section(StarLabel::Result, 0, 3)], &words), None);
        assert_eq!(check(&words, &Star::default(), 60.0, (120.0, 180.0)).result_quantified, None);
    }

    #[test]
    fn an_action_of_our_things_is_not_told_to_say_i() {
        let claims = |text: &str| {
            let words = timed_words(text);
            let action = Section {
                label: StarLabel::Action,
                start: 0.0,
                end: 10.0,
                duration: 10.0,
                share: 0.6,
                target: None,
                first_word: 0,
                end_word: words.len(),
                confidence: None,
                second_choice: None,
            };
            structure_claims(&[action], &AnswerWords::new(&words), &AnalysisSettings::default())
        };
        // Two "I"s beside three "our"s (002-06 of the dev set, piper): the steps are the speaker's.
        let mine = claims("First I rolled back our deploy with our pipeline. I also wrote a note for our team.");
        assert!(!mine.contains(&FindingCode::ActionWe), "{mine:?}");
        let shared = claims("First I checked the logs. Then we rolled back our deploy and we wrote a note.");
        assert!(shared.contains(&FindingCode::ActionWe), "{shared:?}");
    }
}
