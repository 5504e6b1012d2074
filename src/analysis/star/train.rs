//! Fitting the STAR sentence classifier on labelled answers ([`super::answers`]) and judging it
//! on answers it was not fitted on (`starling star-model`).

use super::answers::majority;
pub use super::answers::{LabelledAnswer, TrainError, read_answers};
use super::features::COUNT;
use super::model::{FORMAT, HEADLINE_RESULT, STATES, StarModel, Transitions, log_softmax};
use super::{label_sentences, sentence_features, sentences};
use crate::analysis::report::{FindingCode, StarLabel};

/// One sentence to learn from: its features, its true section, and its answer's weight.
type Example = ([f64; COUNT], usize, f64);

/// Each answer's sentences: their features and the section most of their words belong to.
fn examples(answers: &[LabelledAnswer]) -> Vec<Vec<Example>> {
    answers
        .iter()
        .map(|a| {
            let sents = sentences(&a.words);
            sents
                .iter()
                .zip(sentence_features(&sents))
                .map(|(s, x)| (x, majority(&a.truth[s.first..s.end]).index(), a.weight))
                .collect()
        })
        .collect()
}

/// Log-probabilities of the first section and of each section after another, from counts with
/// half a count added to every cell (a move no training answer made stays possible).
fn fit_order(answers: &[Vec<Example>], words_weight: f64) -> Transitions {
    let (mut start, mut next) = ([0.5; STATES], [[0.5; STATES]; STATES]);
    for a in answers {
        let weight = a.first().map_or(1.0, |e| e.2);
        let states = states_of(&a.iter().map(|e| e.1).collect::<Vec<_>>());
        if let Some(first) = states.first() {
            start[*first] += weight;
        }
        for pair in states.windows(2) {
            next[pair[0]][pair[1]] += weight;
        }
    }
    let log_share = |row: &[f64; STATES]| {
        let total: f64 = row.iter().sum();
        row.iter().map(|c| (c / total).ln()).collect::<Vec<f64>>()
    };
    Transitions { start: log_share(&start), next: next.iter().map(log_share).collect(), words_weight }
}

/// The states of a labelled answer: a Result before any Situation, Task or Action is a headline.
fn states_of(labels: &[usize]) -> Vec<usize> {
    let result = StarLabel::Result.index();
    let mut opened = false;
    labels
        .iter()
        .map(|&l| {
            opened |= l < result;
            if l == result && !opened { HEADLINE_RESULT } else { l }
        })
        .collect()
}

/// Multinomial logistic regression by full-batch gradient descent with an L2 penalty (the
/// bias is not penalized): a few hundred sentences, so plain and exact is fast enough.
fn fit_weights(examples: &[Example], l2: f64, iterations: usize) -> Vec<Vec<f64>> {
    let mut w = vec![vec![0.0; COUNT]; 5];
    let n = examples.iter().map(|e| e.2).sum::<f64>().max(f64::EPSILON);
    let rate = 1.0;
    for _ in 0..iterations {
        let mut grad = vec![vec![0.0; COUNT]; 5];
        for (x, y, weight) in examples {
            let mut z = [0.0; 5];
            for k in 0..5 {
                z[k] = w[k].iter().zip(x).map(|(a, b)| a * b).sum();
            }
            let p = log_softmax(z).map(f64::exp);
            for k in 0..5 {
                let err = p[k] - if k == *y { 1.0 } else { 0.0 };
                for (g, v) in grad[k].iter_mut().zip(x) {
                    *g += weight * err * v / n;
                }
            }
        }
        for k in 0..5 {
            for j in 0..COUNT {
                let penalty = if j == 0 { 0.0 } else { l2 * w[k][j] };
                w[k][j] -= rate * (grad[k][j] + penalty);
            }
        }
    }
    w
}

/// Share of the answer's time (here: words) labelled as the truth labels it.
pub fn accuracy(model: &StarModel, answer: &LabelledAnswer) -> f64 {
    let sents = sentences(&answer.words);
    if sents.is_empty() {
        return 0.0;
    }
    let allowed = vec![0..=4; sents.len()];
    let labels = label_sentences(model, &sents, &allowed);
    let mut right = 0;
    for (s, &l) in sents.iter().zip(&labels) {
        right += answer.truth[s.first..s.end].iter().filter(|t| t.index() == l).count();
    }
    right as f64 / answer.words.len() as f64
}

/// Each sentence's text, true section (by most of its words) and the section the model gave it.
pub fn labelled_sentences(model: &StarModel, answer: &LabelledAnswer) -> Vec<(String, StarLabel, StarLabel)> {
    let sents = sentences(&answer.words);
    let labels = label_sentences(model, &sents, &vec![0..=4; sents.len()]);
    sents
        .iter()
        .zip(labels)
        .map(|(s, l)| (s.words.join(" "), majority(&answer.truth[s.first..s.end]), StarLabel::ALL[l]))
        .collect()
}

/// The answer as if its speaker had stopped before the Result: every word from the closing
/// Result on dropped (a headline Result said first stays). Fitting on these too teaches the
/// labelling that an answer's last sentences are a Result only when their words say so, not
/// because they come last. `None` for an answer with no closing Result.
pub fn without_result(answer: &LabelledAnswer) -> Option<LabelledAnswer> {
    let opened = answer.truth.iter().position(|&l| l < StarLabel::Result)?;
    let cut = answer.truth[opened..].iter().position(|&l| l == StarLabel::Result)? + opened;
    Some(LabelledAnswer {
        id: format!("{}-no-result", answer.id),
        words: answer.words[..cut].to_vec(),
        truth: answer.truth[..cut].to_vec(),
        weight: answer.weight,
    })
}

/// Which sections the truth has and which the model's labelling has, for Task and Result: the
/// two a speaker most often leaves out, and whose absence the advice names.
pub fn presence(model: &StarModel, answer: &LabelledAnswer) -> [(bool, bool); 2] {
    let sents = sentences(&answer.words);
    let labels = label_sentences(model, &sents, &vec![0..=4; sents.len()]);
    [StarLabel::Task, StarLabel::Result].map(|l| (answer.truth.contains(&l), labels.contains(&l.index())))
}

/// How likely the advice holds it that the answer has no Result ([`super::odds`]), as the card
/// would weigh it: the share of labellings drawn from the model's posterior without one.
pub fn no_result_odds(model: &StarModel, answer: &LabelledAnswer) -> f64 {
    let star = super::segment_with(model, &answer.words, &[], &crate::analysis::settings::AnalysisSettings::default());
    star.odds_of(&FindingCode::Missing(StarLabel::Result)).unwrap_or(0.0)
}

/// The same measure for a fixed 20/10/50/20 split of the answer: the bar to beat.
pub fn naive_accuracy(answer: &LabelledAnswer) -> f64 {
    let n = answer.words.len();
    let right = answer
        .truth
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            let pos = (*i as f64 + 0.5) / n as f64;
            let guess = if pos < 0.2 {
                StarLabel::Situation
            } else if pos < 0.3 {
                StarLabel::Task
            } else if pos < 0.8 {
                StarLabel::Action
            } else {
                StarLabel::Result
            };
            **t == guess
        })
        .count();
    right as f64 / n.max(1) as f64
}

pub fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    weighted_mean(xs.into_iter().map(|x| (x, 1.0)))
}

fn weighted_mean(xs: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let (sum, total) = xs.into_iter().fold((0.0, 0.0), |(s, t), (x, w)| (s + x * w, t + w));
    if total > 0.0 { sum / total } else { 0.0 }
}

const L2: f64 = 0.001;
const ITERATIONS: usize = 600;

/// Fits the weights and the order of sections, then how much the words weigh against the order.
pub fn train(answers: &[LabelledAnswer], trained_on: Vec<String>) -> Result<StarModel, TrainError> {
    let per_answer = examples(answers);
    let flat: Vec<Example> = per_answer.iter().flatten().copied().filter(|e| e.2 > 0.0).collect();
    if flat.is_empty() {
        return Err(TrainError::Empty);
    }
    let weights = fit_weights(&flat, L2, ITERATIONS);
    let features = super::features::NAMES.iter().map(|s| s.to_string()).collect();
    let mut model =
        StarModel { format: FORMAT, trained_on, features, weights, transitions: fit_order(&per_answer, 1.0) };
    let mut best = (f64::NEG_INFINITY, 1.0);
    for words_weight in [0.5, 0.75, 1.0, 1.5, 2.0, 3.0] {
        model.transitions.words_weight = words_weight;
        let score = weighted_mean(answers.iter().map(|a| (accuracy(&model, a), a.weight)));
        if score > best.0 + 1e-9 {
            best = (score, words_weight);
        }
    }
    model.transitions.words_weight = best.1;
    Ok(model)
}

/// A source held out: the model fitted on every other source, to be judged on this one.
pub struct HeldOut {
    pub source: String,
    pub model: StarModel,
}

/// Leave-one-source-out: one model per source, fitted without it.
pub fn cross_validate(sources: &[(String, Vec<LabelledAnswer>)]) -> Result<Vec<HeldOut>, TrainError> {
    let mut out = Vec::new();
    for (k, (name, _)) in sources.iter().enumerate() {
        let others: Vec<LabelledAnswer> =
            sources.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, (_, a))| a.iter().cloned()).collect();
        let names = sources.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, (n, _))| n.clone()).collect();
        out.push(HeldOut { source: name.clone(), model: train(&others, names)? });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::star::answers::{parse_stories, tests::STORIES};

    #[test]
    fn an_answer_without_its_result_keeps_what_came_before() {
        let a = parse_stories(STORIES).expect("stories");
        let cut = without_result(&a[0]).expect("the story has a Result");
        assert!(cut.words.len() < a[0].words.len());
        assert!(!cut.truth.contains(&StarLabel::Result), "{:?}", cut.truth);
        assert_eq!(cut.truth[..], a[0].truth[..cut.truth.len()]);
    }

    #[test]
    fn a_model_trained_on_an_answer_labels_it() {
        let a = parse_stories(STORIES).expect("stories");
        let model = train(&a, vec!["test".into()]).expect("trains");
        assert!(accuracy(&model, &a[0]) > 0.95, "{}", accuracy(&model, &a[0]));
        assert!(StarModel::from_json(&serde_json::to_string(&model).expect("json")).is_ok());
    }

    /// An answer's weight scales its say: at 0 a contradicting copy changes nothing, at 1 it
    /// pulls the fit towards its labels.
    #[test]
    fn an_answers_weight_scales_its_say_in_the_fit() {
        let a = parse_stories(STORIES).expect("stories");
        let mut wrong = a[0].clone();
        wrong.truth.iter_mut().for_each(|t| *t = StarLabel::Situation);
        let alone = train(&a, vec![]).expect("trains");
        wrong.weight = 0.0;
        let ignored = train(&[a[0].clone(), wrong.clone()], vec![]).expect("trains");
        assert_eq!(ignored.weights, alone.weights);
        assert_eq!(ignored.transitions.start, alone.transitions.start);
        wrong.weight = 1.0;
        let heard = train(&[a[0].clone(), wrong], vec![]).expect("trains");
        assert!(
            accuracy(&heard, &a[0]) < accuracy(&alone, &a[0]),
            "{} vs {}",
            accuracy(&heard, &a[0]),
            accuracy(&alone, &a[0])
        );
    }
}
