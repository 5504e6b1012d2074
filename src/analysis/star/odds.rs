//! How sure the labelling is of each claim the advice may make about an answer's structure.
//! The sections shown are the single most likely labelling; a claim such as "the Situation ran
//! longer than the Action" may hold in it and fail in labellings nearly as likely. So labellings
//! are drawn from the model's posterior (forward filtering, backward sampling over the same
//! scores and order the labelling uses) and each claim gets the share of draws in which it
//! holds. Deterministic: the same answer always gets the same odds.

use std::ops::RangeInclusive;

use super::model::{STATES, StarModel, label_of};
use super::{Sentence, build_sections, forward};
use crate::analysis::claims::{AnswerWords, structure_claims};
use crate::analysis::report::{ClaimOdds, FindingCode, ReportWord};
use crate::analysis::settings::AnalysisSettings;

/// The labelling's scores are sharp enough to pick one labelling but overconfident as odds (a
/// Task folded into the Action came out 99% "no Task"), so the odds are read from them
/// flattened by this much: fitted with [`crate::analysis::feedback::SURE`] on the dev answers
/// of one author, checked on another's (README, *Advice you can trust*).
const TEMPERATURE: f64 = 1.5;

/// "No Result" is stated from these odds, lower than other claims': it holds only in draws
/// where not one sentence came out a Result, so its share understates it. With the model that
/// has no "last sentence" flag, held out by source (`starling star-model check`): answers cut
/// before their Result reach 0.2 in 14 of 24 (another author's) and 24 of 29, against 8 and 22
/// at 0.35; whole answers of those two authors never reach 0.15, while 7 of our 48 in other
/// styles do (6 at 0.35: a short Result between the steps and a lesson). Spoken, whole answers
/// drew at most 0.26 (dev2 000-20 in espeak's voice: a Result told without its subject).
pub const SURE_NO_RESULT: f64 = 0.2;

/// Enough draws that a probability is good to about 0.03, few enough to cost a millisecond.
const DRAWS: usize = 300;

/// One answer's labelling problem: the model, each sentence's section scores and what the
/// user's markers allow.
pub struct Labelling<'a> {
    pub model: &'a StarModel,
    pub score: &'a [[f64; 5]],
    pub allowed: &'a [RangeInclusive<usize>],
    pub sentences: &'a [Sentence],
}

/// SplitMix64: a small, fixed-seed generator, so the odds are the same on every run.
struct Draw(u64);

impl Draw {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index drawn with probability proportional to `exp(log_weights)`.
    fn pick(&mut self, log_weights: &[f64]) -> usize {
        let max = log_weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            return 0;
        }
        let weights: Vec<f64> = log_weights.iter().map(|w| (w - max).exp()).collect();
        let mut left = self.unit() * weights.iter().sum::<f64>();
        for (k, w) in weights.iter().enumerate() {
            if left < *w {
                return k;
            }
            left -= w;
        }
        weights.len() - 1
    }
}

/// Section labels (`StarLabel` indices) of one labelling drawn from the posterior.
fn draw_labels(l: &Labelling, alpha: &[[f64; STATES]], rng: &mut Draw) -> Vec<usize> {
    let n = alpha.len();
    let mut states = vec![0; n];
    let Some(last) = alpha.last() else { return states };
    states[n - 1] = rng.pick(last);
    for i in (0..n - 1).rev() {
        let next = states[i + 1];
        let weights: Vec<f64> = (0..STATES).map(|s| alpha[i][s] + l.model.transitions.next[s][next]).collect();
        states[i] = rng.pick(&weights);
    }
    states.into_iter().map(label_of).collect()
}

/// Every claim that holds in at least one draw, with the share of draws it holds in.
pub fn claim_odds(l: &Labelling, words: &[ReportWord], settings: &AnalysisSettings) -> Vec<ClaimOdds> {
    if l.sentences.is_empty() {
        return Vec::new();
    }
    let mut model = l.model.clone();
    model
        .transitions
        .next
        .iter_mut()
        .flatten()
        .chain(model.transitions.start.iter_mut())
        .for_each(|v| *v /= TEMPERATURE);
    let score: Vec<[f64; 5]> = l.score.iter().map(|row| row.map(|v| v / TEMPERATURE)).collect();
    let alpha = forward(&model, &score, l.allowed);
    let l = &Labelling { model: &model, score: &score, allowed: l.allowed, sentences: l.sentences };
    let mut rng = Draw(0x5EED_57A2);
    let mut counts: Vec<(FindingCode, usize)> = Vec::new();
    let answer = AnswerWords::new(words);
    for _ in 0..DRAWS {
        let sections = build_sections(l.sentences, &draw_labels(l, &alpha, &mut rng));
        for code in structure_claims(&sections, &answer, settings) {
            match counts.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => counts.push((code, 1)),
            }
        }
    }
    counts
        .into_iter()
        .map(|(code, n)| ClaimOdds { code, probability: (n as f64 / DRAWS as f64 * 1000.0).round() / 1000.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::report::timed_words;
    use crate::analysis::star::segment;

    #[test]
    fn a_clear_answer_is_sure_of_what_it_has() {
        let star = segment(&timed_words(super::super::tests::ANSWER), &[]);
        assert!(star.odds_of(&"missing_action".into()).is_some_and(|p| p < 0.05), "{:?}", star.odds);
        assert!(star.odds_of(&"missing_situation".into()).is_some_and(|p| p < 0.05), "{:?}", star.odds);
        // The same answer gets the same odds every time.
        assert_eq!(star.odds, segment(&timed_words(super::super::tests::ANSWER), &[]).odds);
    }

    #[test]
    fn an_answer_that_stops_at_its_steps_is_likely_without_a_result() {
        let text = "At the time our company had a slow build. My task was to speed it up. I decided to cache dependencies. I wrote a script to warm the cache. I also split the test suite.";
        let star = segment(&timed_words(text), &[]);
        assert!(star.odds_of(&"missing_result".into()).is_some_and(|p| p > 0.5), "{:?}", star.odds);
    }
}
