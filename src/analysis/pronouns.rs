//! "I" versus "we": interviewers want to hear what the candidate did.

use super::report::{Pronouns, ReportWord};
use super::text::normalize;

const SINGULAR: &[&str] = &["i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"];
const PLURAL: &[&str] = &["we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    Singular,
    Plural,
}

pub fn person(word: &str) -> Option<Person> {
    let w = normalize(word);
    if SINGULAR.contains(&w.as_str()) {
        Some(Person::Singular)
    } else if PLURAL.contains(&w.as_str()) {
        Some(Person::Plural)
    } else {
        None
    }
}

pub fn share(i: usize, we: usize) -> Option<f64> {
    (i + we > 0).then(|| i as f64 / (i + we) as f64)
}

pub fn count(words: &[ReportWord], min_probability: f32) -> Pronouns {
    let (mut i, mut we) = (0, 0);
    for w in words.iter().filter(|w| w.counts(min_probability)) {
        match person(&w.text) {
            Some(Person::Singular) => i += 1,
            Some(Person::Plural) => we += 1,
            None => {}
        }
    }
    Pronouns { i, we, i_share: share(i, we), ..Pronouns::default() }
}

/// Per-section counts, and the Action sentences that say "we" without "I".
pub fn by_section(words: &[ReportWord], pronouns: &mut Pronouns, star: &super::report::Star, min_probability: f32) {
    use super::report::{SectionPronouns, Span, StarLabel};
    for section in &star.sections {
        let part = count(&words[section.first_word..section.end_word], min_probability);
        match pronouns.by_section.iter_mut().find(|s| s.label == section.label) {
            Some(s) => {
                s.i += part.i;
                s.we += part.we;
                s.i_share = share(s.i, s.we);
            }
            None => pronouns.by_section.push(SectionPronouns {
                label: section.label,
                i: part.i,
                we: part.we,
                i_share: part.i_share,
            }),
        }
        if section.label == StarLabel::Action {
            for sentence in super::star::sentences(&words[section.first_word..section.end_word]) {
                let p = sentence.words.iter().filter_map(|w| person(w)).collect::<Vec<_>>();
                if p.contains(&Person::Plural) && !p.contains(&Person::Singular) {
                    pronouns.we_sentences_in_action.push(Span { start: sentence.start_s, end: sentence.end_s });
                }
            }
        }
    }
}
