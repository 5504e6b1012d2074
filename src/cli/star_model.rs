//! `starling star-model`: fitting the STAR classifier and judging it source by source.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::analysis::report::StarLabel;
use crate::analysis::star::StarModel;
use crate::analysis::star::train::{self, LabelledAnswer, accuracy, cross_validate, mean, naive_accuracy};

#[derive(Debug, Subcommand)]
pub enum StarModelAction {
    /// Fit on every answer of these sources and write the model
    /// (`assets/star-model.json` is the one built into the app). A source is a stories file or
    /// a folder of eval reports (`target/eval/dev/reports-tiny.en`, truth files in the folder
    /// above), optionally named `NAME=PATH`; sources with one name are one source;
    /// `NAME:W=PATH` weighs its answers W in the fit (0: only judged).
    Train {
        #[arg(required = true)]
        stories: Vec<String>,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        weights: Weights,
    },
    /// Per source: a model fitted on the other sources, scored on this one (label accuracy
    /// over time), beside the fixed 20/10/50/20 split and the built-in model; one row per path.
    Check {
        #[arg(required = true)]
        stories: Vec<String>,
        /// Also list every held-out sentence the cross-validated model labels wrongly.
        #[arg(long)]
        errors: bool,
        #[command(flatten)]
        weights: Weights,
    },
}

#[derive(Debug, clap::Args)]
pub struct Weights {
    /// How much each transcript (a folder of reports) counts against a story's text when
    /// fitting: several renderings of one story should not outvote its text.
    #[arg(long, default_value_t = 1.0, value_parser = weight)]
    transcript_weight: f64,
    /// Also fit on each answer cut before its Result, weighing this much (0: not at all), so an
    /// answer that never says how it ended can be labelled without a Result. Judged too, as a
    /// row of its own per path.
    #[arg(long, default_value_t = 0.0, value_parser = weight)]
    without_result: f64,
}

fn weight(arg: &str) -> Result<f64, String> {
    match arg.parse::<f64>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err(format!("{arg} is not a weight (a number 0 or more)")),
    }
}

/// One path's answers and the source they belong to.
struct Part {
    source: String,
    path: PathBuf,
    answers: Vec<LabelledAnswer>,
}

/// `NAME=PATH`, or a path named by its file (`stories-dev.json` is "dev").
fn source_name(arg: &str) -> (String, PathBuf) {
    if let Some((name, path)) = arg.split_once('=') {
        return (name.to_string(), PathBuf::from(path));
    }
    let path = PathBuf::from(arg);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().trim_start_matches("stories-").to_string())
        .unwrap_or_else(|| arg.to_string());
    (name, path)
}

fn read_all(args: &[String], weights: &Weights) -> Result<Vec<Part>> {
    let mut parts: Vec<Part> = args
        .iter()
        .map(|arg| {
            let (source, path) = source_name(arg);
            // NAME:W=PATH weighs these answers W in the fit (0: judged, never fitted on).
            let (source, weight) = match source.split_once(':') {
                Some((name, w)) => (name.to_string(), Some(self::weight(w).map_err(anyhow::Error::msg)?)),
                None => (source, None),
            };
            let mut answers = train::read_answers(&path)?;
            if path.is_dir() {
                answers.iter_mut().for_each(|a| a.weight = weights.transcript_weight);
            }
            if let Some(w) = weight {
                answers.iter_mut().for_each(|a| a.weight *= w);
            }
            Ok(Part { source, path, answers })
        })
        .collect::<Result<_>>()?;
    if weights.without_result == 0.0 {
        return Ok(parts);
    }
    let cut: Vec<Part> = parts
        .iter()
        .map(|p| {
            let answers = p
                .answers
                .iter()
                .filter_map(train::without_result)
                .map(|a| LabelledAnswer { weight: a.weight * weights.without_result, ..a })
                .collect();
            Part { source: p.source.clone(), path: PathBuf::from(format!("{} (no Result)", shown(&p.path))), answers }
        })
        .collect();
    parts.extend(cut);
    Ok(parts)
}

/// The parts pooled by source, in the order the sources first appear.
fn pooled(parts: &[Part]) -> Vec<(String, Vec<LabelledAnswer>)> {
    let mut out: Vec<(String, Vec<LabelledAnswer>)> = Vec::new();
    for part in parts {
        match out.iter_mut().find(|(name, _)| *name == part.source) {
            Some((_, answers)) => answers.extend(part.answers.iter().cloned()),
            None => out.push((part.source.clone(), part.answers.clone())),
        }
    }
    out
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

pub fn run(action: StarModelAction) -> Result<ExitCode> {
    match action {
        StarModelAction::Train { stories, out, weights } => {
            let inputs: Vec<(&Path, &'static str)> = stories.iter().map(|s| (Path::new(s), "stories file")).collect();
            crate::cli::check_output(Some(&out), &inputs)?;
            let parts = read_all(&stories, &weights)?;
            let names = parts.iter().map(|p| format!("{} ({} answers)", shown(&p.path), p.answers.len())).collect();
            let all: Vec<LabelledAnswer> = parts.iter().flat_map(|p| p.answers.iter().cloned()).collect();
            let model = train::train(&all, names)?;
            let json = serde_json::to_string_pretty(&model)?;
            crate::files::write_user_file(&out, json.as_bytes())
                .with_context(|| format!("writing {}", out.display()))?;
            for p in &parts {
                println!(
                    "{:<40} fitted {:.3}  split {:.3}",
                    shown(&p.path),
                    mean(p.answers.iter().map(|a| accuracy(&model, a))),
                    mean(p.answers.iter().map(naive_accuracy))
                );
            }
            println!("words weigh {} against the order of sections", model.transitions.words_weight);
            println!("wrote {}", out.display());
        }
        StarModelAction::Check { stories, errors, weights } => {
            let parts = read_all(&stories, &weights)?;
            let builtin = StarModel::builtin();
            let scores = cross_validate(&pooled(&parts))?;
            println!(
                "{:<10} {:<40} {:>7} {:>10} {:>7} {:>8}",
                "held out", "path", "answers", "cross-val", "split", "built-in"
            );
            for p in &parts {
                let Some(score) = scores.iter().find(|s| s.source == p.source) else { continue };
                let judged = |model: &StarModel| mean(p.answers.iter().map(|a| accuracy(model, a)));
                let naive = mean(p.answers.iter().map(naive_accuracy));
                println!(
                    "{:<10} {:<40} {:>7} {:>10.3} {:>7.3} {:>8.3}",
                    p.source,
                    shown(&p.path),
                    p.answers.len(),
                    judged(&score.model),
                    naive,
                    judged(builtin)
                );
            }
            // Is a section said to be absent when, and only when, it is? (cross-validated)
            println!("\n{:<40} {:>24} {:>24}", "path", "no Task: true/said/both", "no Result: true/said/both");
            for p in &parts {
                let Some(score) = scores.iter().find(|s| s.source == p.source) else { continue };
                let mut counts = [[0usize; 3]; 2];
                for a in &p.answers {
                    for (c, (has, said)) in counts.iter_mut().zip(train::presence(&score.model, a)) {
                        c[0] += usize::from(!has);
                        c[1] += usize::from(!said);
                        c[2] += usize::from(!has && !said);
                    }
                }
                let cell = |c: [usize; 3]| format!("{}/{}/{}", c[0], c[1], c[2]);
                println!("{:<40} {:>24} {:>24}", shown(&p.path), cell(counts[0]), cell(counts[1]));
            }
            // The card states "no Result" from its odds, not from the one labelling shown: how
            // many answers reach each odds, so the line can be drawn where the cut ones are
            // caught and the whole ones are not.
            let sure = crate::analysis::star::odds::SURE_NO_RESULT;
            const LINES: [f64; 6] = [0.15, 0.2, 0.25, 0.3, 0.35, 0.5];
            let header = format!("odds of no Result >= {}", LINES.map(|t| t.to_string()).join(" "));
            println!("\n{:<40} {:>24} {header}", "path", format!("stated (>= {sure}): t/s/b"));
            for p in &parts {
                let Some(score) = scores.iter().find(|s| s.source == p.source) else { continue };
                let mut c = [0usize; 3];
                let mut odds = Vec::new();
                for a in &p.answers {
                    let has = a.truth.contains(&StarLabel::Result);
                    let p = train::no_result_odds(&score.model, a);
                    let said = p >= sure;
                    c[0] += usize::from(!has);
                    c[1] += usize::from(said);
                    c[2] += usize::from(!has && said);
                    if errors && has == said {
                        println!("{} {} stated: odds of no Result {p:.2}", a.id, if has { "falsely" } else { "not" });
                    }
                    odds.push(p);
                }
                let reach = LINES.map(|t| odds.iter().filter(|p| **p >= t).count().to_string()).join(" ");
                println!("{:<40} {:>24} {reach}", shown(&p.path), format!("{}/{}/{}", c[0], c[1], c[2]));
            }
            if errors {
                for p in &parts {
                    let Some(score) = scores.iter().find(|s| s.source == p.source) else { continue };
                    for a in &p.answers {
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
