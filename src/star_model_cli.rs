//! `starling star-model`: fitting the STAR classifier and judging it source by source.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::analysis::star::StarModel;
use crate::analysis::star::train::{self, LabelledAnswer, accuracy, cross_validate, mean, naive_accuracy};

#[derive(Debug, Subcommand)]
pub enum StarModelAction {
    /// Fit on every answer of these stories files and write the model
    /// (`assets/star-model.json` is the one built into the app).
    Train {
        #[arg(required = true)]
        stories: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Per stories file: a model fitted on the other files, scored on this one (label accuracy
    /// over time), beside the fixed 20/10/50/20 split and the built-in model.
    Check {
        #[arg(required = true)]
        stories: Vec<PathBuf>,
        /// Also list every held-out sentence the cross-validated model labels wrongly.
        #[arg(long)]
        errors: bool,
    },
}

fn source_name(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().trim_start_matches("stories-").to_string()).unwrap_or_else(|| path.display().to_string())
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<(String, Vec<LabelledAnswer>)>> {
    paths.iter().map(|p| Ok((source_name(p), train::read_answers(p)?))).collect()
}

pub fn run(action: StarModelAction) -> Result<ExitCode> {
    match action {
        StarModelAction::Train { stories, out } => {
            let sources = read_all(&stories)?;
            let names = sources.iter().map(|(n, a)| format!("{n} ({} answers)", a.len())).collect();
            let all: Vec<LabelledAnswer> = sources.iter().flat_map(|(_, a)| a.iter().cloned()).collect();
            let model = train::train(&all, names)?;
            let json = serde_json::to_string_pretty(&model)?;
            crate::files::write_atomic(&out, json.as_bytes()).with_context(|| format!("writing {}", out.display()))?;
            for (name, answers) in &sources {
                println!("{name:<12} fitted {:.3}  split {:.3}", mean(answers.iter().map(|a| accuracy(&model, a))), mean(answers.iter().map(naive_accuracy)));
            }
            println!("words weigh {} against the order of sections", model.transitions.words_weight);
            println!("wrote {}", out.display());
        }
        StarModelAction::Check { stories, errors } => {
            let sources = read_all(&stories)?;
            let builtin = StarModel::builtin();
            println!("{:<12} {:>7} {:>10} {:>7} {:>8}", "held out", "answers", "cross-val", "split", "built-in");
            let scores = cross_validate(&sources)?;
            for score in &scores {
                let answers = sources.iter().find(|(n, _)| *n == score.source).map(|(_, a)| a.as_slice()).unwrap_or_default();
                let own = mean(answers.iter().map(|a| accuracy(builtin, a)));
                println!("{:<12} {:>7} {:>10.3} {:>7.3} {:>8.3}", score.source, score.answers, score.accuracy, score.naive, own);
            }
            if errors {
                for (score, (_, answers)) in scores.iter().zip(&sources) {
                    for a in answers {
                        for (text, truth, given) in train::labelled_sentences(&score.model, a) {
                            if truth != given {
                                println!("{} {:<10} as {:<10} {}", a.id, truth.name(), given.name(), text);
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
