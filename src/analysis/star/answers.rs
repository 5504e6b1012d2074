//! Labelled answers to fit and judge the STAR classifier on, from two kinds of source:
//! - a stories file (`../shared/eval/stories-*.json` or ours in `eval/`): sections of sentences
//!   with their labels, laid out as timed words (0.4 s a word, 0.6 s between sentences);
//! - a folder of reports made from the eval clips (`target/eval/dev/reports-tiny.en`), beside
//!   the clips' `<id>.truth.json`: whisper's words as the analysis saw them (its punctuation,
//!   its mishearings, fillers marked), each labelled by the true section its middle falls in.
//!
//! Both are split into sentences exactly as a transcript is, so the model learns from what it
//! will see; the second is what it will see in the app.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::analysis::report::{ReportWord, StarLabel};

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not a stories file (a list of answers with labelled sections): {source}")]
    Parse { path: String, source: serde_json::Error },
    #[error("{path} is not a report with words: {source}")]
    Report { path: String, source: serde_json::Error },
    #[error("{path} is not an eval truth file (sections with start and end times): {source}")]
    Truth { path: String, source: serde_json::Error },
    #[error("{path} holds no reports (<id>.json) with a truth file (<id>.truth.json) in the folder above")]
    NoClips { path: String },
    #[error("no labelled sentences to learn from")]
    Empty,
}

/// One answer as timed words with each word's true section.
#[derive(Debug, Clone)]
pub struct LabelledAnswer {
    pub id: String,
    pub words: Vec<ReportWord>,
    pub truth: Vec<StarLabel>,
    /// How much this answer counts when fitting: 1 for a story's text; a transcript of a
    /// story already counted as text may count less, so renderings do not outvote it.
    pub weight: f64,
}

/// A stories file, or a folder of reports beside truth files.
pub fn read_answers(path: &Path) -> Result<Vec<LabelledAnswer>, TrainError> {
    if path.is_dir() { read_clips(path) } else { read_stories(path) }
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

const WORD_S: f64 = 0.4;
const SENTENCE_PAUSE_S: f64 = 0.6;

fn read_text(path: &Path) -> Result<String, TrainError> {
    std::fs::read_to_string(path).map_err(|source| TrainError::Read { path: path.display().to_string(), source })
}

fn read_stories(path: &Path) -> Result<Vec<LabelledAnswer>, TrainError> {
    parse_stories(&read_text(path)?).map_err(|source| TrainError::Parse { path: path.display().to_string(), source })
}

/// The answers of a stories file's text.
pub fn parse_stories(json: &str) -> Result<Vec<LabelledAnswer>, serde_json::Error> {
    let stories: Vec<Story> = serde_json::from_str(json)?;
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
    LabelledAnswer { id: story.id.clone(), words, truth, weight: 1.0 }
}

#[derive(Deserialize)]
struct ReportWords {
    words: Vec<ReportWord>,
}

#[derive(Deserialize)]
struct Truth {
    sections: Vec<TruthSection>,
}

#[derive(Deserialize)]
struct TruthSection {
    label: StarLabel,
    start: f64,
    end: f64,
}

fn read_clips(dir: &Path) -> Result<Vec<LabelledAnswer>, TrainError> {
    let clips = dir.parent().unwrap_or(dir);
    let entries =
        std::fs::read_dir(dir).map_err(|source| TrainError::Read { path: dir.display().to_string(), source })?;
    let mut reports: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    reports.sort();
    let mut out = Vec::new();
    for report in reports {
        let Some(id) = report.file_stem().map(|s| s.to_string_lossy().to_string()) else { continue };
        let truth_path = clips.join(format!("{id}.truth.json"));
        if !truth_path.is_file() {
            continue;
        }
        let words: ReportWords = serde_json::from_str(&read_text(&report)?)
            .map_err(|source| TrainError::Report { path: report.display().to_string(), source })?;
        let truth: Truth = serde_json::from_str(&read_text(&truth_path)?)
            .map_err(|source| TrainError::Truth { path: truth_path.display().to_string(), source })?;
        out.push(label_words(id, words.words, &truth.sections));
    }
    if out.is_empty() {
        return Err(TrainError::NoClips { path: dir.display().to_string() });
    }
    Ok(out)
}

/// Each word gets the section its middle falls in, or the nearest one (words in the gaps
/// between sections, and whisper's words timed a little outside the speech).
fn label_words(id: String, words: Vec<ReportWord>, sections: &[TruthSection]) -> LabelledAnswer {
    let words: Vec<ReportWord> = if sections.is_empty() { Vec::new() } else { words };
    let truth = words
        .iter()
        .map(|w| {
            let mid = (w.start + w.end) / 2.0;
            let distance = |s: &TruthSection| (s.start - mid).max(mid - s.end).max(0.0);
            sections.iter().min_by(|a, b| distance(a).total_cmp(&distance(b))).map_or(StarLabel::Situation, |s| s.label)
        })
        .collect();
    LabelledAnswer { id, words, truth, weight: 1.0 }
}

/// The section most of a sentence's words belong to.
pub(super) fn majority(truth: &[StarLabel]) -> StarLabel {
    let mut votes = [0usize; 5];
    for label in truth {
        votes[label.index()] += 1;
    }
    StarLabel::ALL[(0..5).max_by_key(|&k| votes[k]).unwrap_or(0)]
}

#[cfg(test)]
pub(in crate::analysis::star) mod tests {
    use super::*;
    use crate::analysis::star::sentences;

    pub(in crate::analysis::star) const STORIES: &str = r#"[
      {"id": "a", "sections": [
        {"label": "situation", "sentences": ["Last year our team was running a checkout service that failed during launches.", "There were many angry customers"]},
        {"label": "task", "sentences": ["My task was to make the release process safe before the holidays."]},
        {"label": "action", "sentences": ["I decided to add canary releases.", "I built a dashboard for error rates.", "Then I wrote a rollback script."]},
        {"label": "result", "sentences": ["Failed releases dropped by 80 percent.", "We shipped every holiday release on time."]}
      ]}
    ]"#;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("starling-answers-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[test]
    fn answers_are_laid_out_as_timed_sentences() {
        let a = &parse_stories(STORIES).expect("stories")[0];
        assert_eq!(a.words.len(), a.truth.len());
        // The sentence without a closing period still ends where its section does.
        assert_eq!(sentences(&a.words).len(), 8);
        assert!(a.words.windows(2).all(|w| w[1].start > w[0].start));
    }

    #[test]
    fn report_words_take_the_section_their_middle_falls_in() {
        let dir = scratch("clips");
        let reports = dir.join("reports-tiny.en");
        std::fs::create_dir_all(&reports).expect("dir");
        let truth = r#"{"id":"x","sections":[{"label":"situation","start":0.5,"end":3.0},{"label":"action","start":3.4,"end":6.0}]}"#;
        std::fs::write(dir.join("x.truth.json"), truth).expect("truth");
        let word = |text: &str, start: f64, end: f64| {
            format!(r#"{{"text":"{text}","start":{start},"end":{end},"probability":0.9,"filler":false}}"#)
        };
        let words = [
            word("We", 0.3, 0.6),
            word("failed.", 2.6, 3.1),
            word("I", 3.15, 3.3),
            word("fixed", 3.3, 3.8),
            word("it.", 5.9, 6.4),
        ]
        .join(",");
        std::fs::write(reports.join("x.json"), format!(r#"{{"schema_version":1,"words":[{words}]}}"#)).expect("report");
        // A report without a truth file beside the clips is not an eval clip: skipped.
        std::fs::write(reports.join("y.json"), r#"{"words":[]}"#).expect("report");
        let answers = read_answers(&reports).expect("reads");
        assert_eq!(answers.len(), 1);
        use StarLabel::{Action, Situation};
        // "I" sits in the gap between sections, nearer the Action.
        assert_eq!(answers[0].truth, [Situation, Situation, Action, Action, Action]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unreadable_sources_are_named() {
        let dir = scratch("bad");
        let bad = dir.join("bad.json");
        std::fs::write(&bad, "{not json").expect("write");
        let e = read_answers(&bad).unwrap_err();
        assert!(e.to_string().contains("bad.json") && e.to_string().contains("stories file"), "{e}");
        assert!(read_answers(&dir.join("missing.json")).unwrap_err().to_string().contains("cannot read"));
        let empty = dir.join("reports-empty");
        std::fs::create_dir_all(&empty).expect("dir");
        assert!(matches!(read_answers(&empty), Err(TrainError::NoClips { .. })));
        let reports = dir.join("reports");
        std::fs::create_dir_all(&reports).expect("dir");
        std::fs::write(dir.join("z.truth.json"), r#"{"sections":[]}"#).expect("truth");
        std::fs::write(reports.join("z.json"), "[1, 2]").expect("report");
        let e = read_answers(&reports).unwrap_err();
        assert!(e.to_string().contains("z.json") && e.to_string().contains("report with words"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
