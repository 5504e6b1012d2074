//! The learned sentence classifier: one weight per feature and section, and the costs the
//! ordered labelling pays to change section. Kept in `assets/star-model.json`, written by
//! `starling star-model train` from labelled answers of several authors.

use serde::{Deserialize, Serialize};

use super::features::{self, COUNT};
use crate::analysis::report::StarLabel;

/// The file's format; a file of another version is refused, not half-read.
pub const FORMAT: u32 = 1;

/// The labelling's states: the five sections in order, then a headline Result (a Result said
/// before the Situation, Task or Action), which the order treats apart from a closing Result.
pub const STATES: usize = 6;
pub const HEADLINE_RESULT: usize = 5;

/// The section a state labels.
pub fn label_of(state: usize) -> usize {
    if state == HEADLINE_RESULT { StarLabel::Result.index() } else { state }
}

#[derive(Debug, thiserror::Error)]
pub enum StarModelError {
    #[error("the STAR model file is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the STAR model file has format {found}, this build reads format {FORMAT}")]
    Format { found: u32 },
    #[error("the STAR model file's features ({found}) are not the ones this build computes ({expected})")]
    Features { found: String, expected: String },
    #[error(
        "the STAR model file has weights for {found} sections, not one row per section (Situation, Task, Action, Result, Reflection)"
    )]
    Labels { found: usize },
    #[error("the STAR model file has a weight row of {found} values for {expected} features")]
    Row { found: usize, expected: usize },
    #[error("the STAR model file's section order is not a {STATES} by {STATES} table with {STATES} starting values")]
    Transitions,
    #[error("the STAR model file holds a value that is not a finite number")]
    NotFinite,
}

/// How sections follow one another, learned from the labelled answers: log-probabilities of
/// the first sentence's state and of each sentence's state given the one before (staying,
/// moving on, skipping one, going back as interleaved actions and results do), over
/// [`STATES`] states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transitions {
    pub start: Vec<f64>,
    /// `next[from][to]`.
    pub next: Vec<Vec<f64>>,
    /// Weight of the sentence's own words against the order of sections.
    pub words_weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StarModel {
    pub format: u32,
    /// What it was trained on and how it scored, for the reader of the file.
    pub trained_on: Vec<String>,
    pub features: Vec<String>,
    /// One row per section, in `StarLabel::ALL` order, one weight per feature.
    pub weights: Vec<Vec<f64>>,
    pub transitions: Transitions,
}

impl StarModel {
    pub fn from_json(text: &str) -> Result<Self, StarModelError> {
        let model: StarModel = serde_json::from_str(text)?;
        if model.format != FORMAT {
            return Err(StarModelError::Format { found: model.format });
        }
        if model.features.iter().map(String::as_str).ne(features::NAMES.iter().copied()) {
            return Err(StarModelError::Features {
                found: model.features.join(", "),
                expected: features::NAMES.join(", "),
            });
        }
        if model.weights.len() != StarLabel::ALL.len() {
            return Err(StarModelError::Labels { found: model.weights.len() });
        }
        if let Some(row) = model.weights.iter().find(|r| r.len() != COUNT) {
            return Err(StarModelError::Row { found: row.len(), expected: COUNT });
        }
        let t = &model.transitions;
        if t.start.len() != STATES || t.next.len() != STATES || t.next.iter().any(|r| r.len() != STATES) {
            return Err(StarModelError::Transitions);
        }
        let values =
            model.weights.iter().flatten().chain(&t.start).chain(t.next.iter().flatten()).chain([&t.words_weight]);
        if !values.into_iter().all(|v| v.is_finite()) {
            return Err(StarModelError::NotFinite);
        }
        Ok(model)
    }

    /// The model built into this program. Its file is checked by a test, so a damaged one
    /// fails the build's tests rather than a user's analysis.
    pub fn builtin() -> &'static StarModel {
        static MODEL: std::sync::OnceLock<StarModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| match StarModel::from_json(include_str!("../../../assets/star-model.json")) {
            Ok(model) => model,
            Err(e) => panic!("assets/star-model.json: {e}"),
        })
    }

    /// Log-probability of each section for a sentence with these features.
    pub fn log_probabilities(&self, x: &[f64; COUNT]) -> [f64; 5] {
        let mut z = [0.0; 5];
        for (k, row) in self.weights.iter().enumerate() {
            z[k] = row.iter().zip(x).map(|(w, v)| w * v).sum();
        }
        log_softmax(z)
    }
}

pub fn log_softmax(z: [f64; 5]) -> [f64; 5] {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z.iter().map(|v| (v - max).exp()).sum();
    z.map(|v| v - max - sum.ln())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_loads() {
        let text = include_str!("../../../assets/star-model.json");
        let model = StarModel::from_json(text).expect("assets/star-model.json reads");
        assert_eq!(model.weights.len(), 5);
        assert!(!model.trained_on.is_empty());
    }

    #[test]
    fn a_damaged_model_file_is_a_clear_error() {
        let text = include_str!("../../../assets/star-model.json");
        let cut = StarModel::from_json(&text[..text.len() / 2]).unwrap_err();
        assert!(cut.to_string().contains("not valid JSON"), "{cut}");
        let mut model = StarModel::from_json(text).expect("reads");
        model.features.swap(1, 2);
        let swapped = StarModel::from_json(&serde_json::to_string(&model).expect("json")).unwrap_err();
        assert!(matches!(swapped, StarModelError::Features { .. }), "{swapped}");
        let mut model = StarModel::from_json(text).expect("reads");
        model.weights[2].pop();
        assert!(matches!(
            StarModel::from_json(&serde_json::to_string(&model).expect("json")),
            Err(StarModelError::Row { .. })
        ));
        let mut model = StarModel::from_json(text).expect("reads");
        model.format = 99;
        assert!(matches!(
            StarModel::from_json(&serde_json::to_string(&model).expect("json")),
            Err(StarModelError::Format { found: 99 })
        ));
        let mut model = StarModel::from_json(text).expect("reads");
        model.transitions.next.pop();
        assert!(matches!(
            StarModel::from_json(&serde_json::to_string(&model).expect("json")),
            Err(StarModelError::Transitions)
        ));
        let mut model = StarModel::from_json(text).expect("reads");
        model.transitions.words_weight = f64::NAN;
        // JSON has no NaN: serde writes null, which is not a number either.
        assert!(StarModel::from_json(&serde_json::to_string(&model).expect("json")).is_err());
    }
}
