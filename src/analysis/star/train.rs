//! Fitting the STAR sentence classifier on labelled answers and judging it on answers it was
//! not fitted on (`starling star-model`). The answers are the eval stories' format: sections
//! of sentences with their labels. They are laid out as timed words (0.4 s a word, 0.6 s between
//! sentences) and split into sentences exactly as a transcript is, so the model learns from what
//! it will see.

use std::path::Path;

use serde::Deserialize;

use super::features::COUNT;
use super::model::{FORMAT, HEADLINE_RESULT, STATES, StarModel, Transitions, log_softmax};
use super::{label_sentences, sentence_features, sentences};
use crate::analysis::report::{ReportWord, StarLabel};

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not a stories file (a list of answers with labelled sections): {source}")]
    Parse { path: String, source: serde_json::Error },
    #[error("no labelled sentences to learn from")]
    Empty,
}

#[derive(Deserialize)]
struct Story {
    id: String,
    sections: Vec<StorySection>,
}

#[derive(Deserialize)]
struct StorySection {
    label: StarLabel,
    sentences: Vec<String>,
}

/// One answer as timed words with each word's true section.
#[derive(Debug, Clone)]
pub struct LabelledAnswer {
    pub id: String,
    pub words: Vec<ReportWord>,
    pub truth: Vec<StarLabel>,
}

const WORD_S: f64 = 0.4;
const SENTENCE_PAUSE_S: f64 = 0.6;

/// Reads a stories file (`../shared/eval/stories-*.json` or ours in `eval/`).
pub fn read_answers(path: &Path) -> Result<Vec<LabelledAnswer>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|source| TrainError::Read { path: path.display().to_string(), source })?;
    let stories: Vec<Story> = serde_json::from_str(&text).map_err(|source| TrainError::Parse { path: path.display().to_string(), source })?;
    Ok(stories.iter().map(lay_out).collect())
}

fn lay_out(story: &Story) -> LabelledAnswer {
    let (mut words, mut truth) = (Vec::new(), Vec::new());
    let mut t = 0.0;
    for section in &story.sections {
        for sentence in &section.sentences {
            let tokens: Vec<&str> = sentence.split_whitespace().collect();
            for (k, token) in tokens.iter().enumerate() {
                let mut text = token.to_string();
                if k + 1 == tokens.len() && !super::super::text::ends_sentence(&text) {
                    text.push('.');
                }
                words.push(ReportWord { text, start: t, end: t + WORD_S - 0.05, probability: 0.9, filler: false });
                truth.push(section.label);
                t += WORD_S;
            }
            t += SENTENCE_PAUSE_S;
        }
    }
    LabelledAnswer { id: story.id.clone(), words, truth }
}

/// The section most of a sentence's words belong to.
fn majority(truth: &[StarLabel]) -> StarLabel {
    let mut votes = [0usize; 5];
    for label in truth {
        votes[label.index()] += 1;
    }
    StarLabel::ALL[(0..5).max_by_key(|&k| votes[k]).unwrap_or(0)]
}

/// Each answer's sentences: their features and the section most of their words belong to.
fn examples(answers: &[LabelledAnswer]) -> Vec<Vec<([f64; COUNT], usize)>> {
    answers
        .iter()
        .map(|a| {
            let sents = sentences(&a.words);
            sents
                .iter()
                .zip(sentence_features(&sents))
                .map(|(s, x)| (x, majority(&a.truth[s.first..s.end]).index()))
                .collect()
        })
        .collect()
}

/// Log-probabilities of the first section and of each section after another, from counts with
/// half a count added to every cell (a move no training answer made stays possible).
fn fit_order(answers: &[Vec<([f64; COUNT], usize)>], words_weight: f64) -> Transitions {
    let (mut start, mut next) = ([0.5; STATES], [[0.5; STATES]; STATES]);
    for a in answers {
        let states = states_of(&a.iter().map(|(_, l)| *l).collect::<Vec<_>>());
        if let Some(first) = states.first() {
            start[*first] += 1.0;
        }
        for pair in states.windows(2) {
            next[pair[0]][pair[1]] += 1.0;
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
fn fit_weights(examples: &[([f64; COUNT], usize)], l2: f64, iterations: usize) -> Vec<Vec<f64>> {
    let mut w = vec![vec![0.0; COUNT]; 5];
    let n = examples.len().max(1) as f64;
    let rate = 1.0;
    for _ in 0..iterations {
        let mut grad = vec![vec![0.0; COUNT]; 5];
        for (x, y) in examples {
            let mut z = [0.0; 5];
            for k in 0..5 {
                z[k] = w[k].iter().zip(x).map(|(a, b)| a * b).sum();
            }
            let p = log_softmax(z).map(f64::exp);
            for k in 0..5 {
                let err = p[k] - if k == *y { 1.0 } else { 0.0 };
                for (g, v) in grad[k].iter_mut().zip(x) {
                    *g += err * v / n;
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

/// The same measure for a fixed 20/10/50/20 split of the answer: the bar to beat.
pub fn naive_accuracy(answer: &LabelledAnswer) -> f64 {
    let n = answer.words.len();
    let right = answer
        .truth
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            let pos = (*i as f64 + 0.5) / n as f64;
            let guess = if pos < 0.2 { StarLabel::Situation } else if pos < 0.3 { StarLabel::Task } else if pos < 0.8 { StarLabel::Action } else { StarLabel::Result };
            **t == guess
        })
        .count();
    right as f64 / n.max(1) as f64
}

pub fn mean(xs: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = xs.into_iter().fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

const L2: f64 = 0.001;
const ITERATIONS: usize = 600;

/// Fits the weights and the order of sections, then how much the words weigh against the order.
pub fn train(answers: &[LabelledAnswer], trained_on: Vec<String>) -> Result<StarModel, TrainError> {
    let per_answer = examples(answers);
    let flat: Vec<([f64; COUNT], usize)> = per_answer.iter().flatten().copied().collect();
    if flat.is_empty() {
        return Err(TrainError::Empty);
    }
    let weights = fit_weights(&flat, L2, ITERATIONS);
    let features = super::features::NAMES.iter().map(|s| s.to_string()).collect();
    let mut model = StarModel { format: FORMAT, trained_on, features, weights, transitions: fit_order(&per_answer, 1.0) };
    let mut best = (f64::NEG_INFINITY, 1.0);
    for words_weight in [0.5, 0.75, 1.0, 1.5, 2.0, 3.0] {
        model.transitions.words_weight = words_weight;
        let score = mean(answers.iter().map(|a| accuracy(&model, a)));
        if score > best.0 + 1e-9 {
            best = (score, words_weight);
        }
    }
    model.transitions.words_weight = best.1;
    Ok(model)
}

/// Per source: the model trained on every other source, judged on this one, beside the split.
pub struct SourceScore {
    pub source: String,
    /// The model fitted without this source.
    pub model: StarModel,
    pub answers: usize,
    pub accuracy: f64,
    pub naive: f64,
}

pub fn cross_validate(sources: &[(String, Vec<LabelledAnswer>)]) -> Result<Vec<SourceScore>, TrainError> {
    let mut out = Vec::new();
    for (k, (name, held_out)) in sources.iter().enumerate() {
        let others: Vec<LabelledAnswer> = sources.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, (_, a))| a.iter().cloned()).collect();
        let names = sources.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, (n, _))| n.clone()).collect();
        let model = train(&others, names)?;
        out.push(SourceScore {
            model: model.clone(),
            source: name.clone(),
            answers: held_out.len(),
            accuracy: mean(held_out.iter().map(|a| accuracy(&model, a))),
            naive: mean(held_out.iter().map(naive_accuracy)),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORIES: &str = r#"[
      {"id": "a", "sections": [
        {"label": "situation", "sentences": ["Last year our team was running a checkout service that failed during launches.", "There were many angry customers"]},
        {"label": "task", "sentences": ["My task was to make the release process safe before the holidays."]},
        {"label": "action", "sentences": ["I decided to add canary releases.", "I built a dashboard for error rates.", "Then I wrote a rollback script."]},
        {"label": "result", "sentences": ["Failed releases dropped by 80 percent.", "We shipped every holiday release on time."]}
      ]}
    ]"#;

    fn answers() -> Vec<LabelledAnswer> {
        let stories: Vec<Story> = serde_json::from_str(STORIES).expect("stories");
        stories.iter().map(lay_out).collect()
    }

    #[test]
    fn answers_are_laid_out_as_timed_sentences() {
        let a = &answers()[0];
        assert_eq!(a.words.len(), a.truth.len());
        // The sentence without a closing period still ends where its section does.
        assert_eq!(sentences(&a.words).len(), 8);
        assert!(a.words.windows(2).all(|w| w[1].start > w[0].start));
    }

    #[test]
    fn a_model_trained_on_an_answer_labels_it() {
        let a = answers();
        let model = train(&a, vec!["test".into()]).expect("trains");
        assert!(accuracy(&model, &a[0]) > 0.95, "{}", accuracy(&model, &a[0]));
        assert!(StarModel::from_json(&serde_json::to_string(&model).expect("json")).is_ok());
    }

    #[test]
    fn an_unreadable_stories_file_is_named() {
        let dir = std::env::temp_dir().join(format!("starling-train-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let bad = dir.join("bad.json");
        std::fs::write(&bad, "{not json").expect("write");
        let e = read_answers(&bad).unwrap_err();
        assert!(e.to_string().contains("bad.json") && e.to_string().contains("stories file"), "{e}");
        assert!(read_answers(&dir.join("missing.json")).unwrap_err().to_string().contains("cannot read"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
