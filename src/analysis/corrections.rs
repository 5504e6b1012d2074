//! What the user corrected on an answer: words whisper misheard, fillers that were not fillers
//! and ones it missed (a word, or an "um" whisper left out of the text, marked on the timeline). The corrections are kept in the report and applied by every analysis of
//! it, so they survive a section edit, an undo, or the thresholds changing.
//!
//! Words are named by their place in the transcript and the text whisper gave them: a
//! correction whose word is no longer there (the answer transcribed again by another model)
//! is left out rather than applied to the wrong word.

use serde::{Deserialize, Serialize};

use super::fillers::filler_kind;
use super::report::{FillerItem, FillerKind, FillerSource, ReportWord};
use super::text::normalize;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Corrections {
    pub words: Vec<WordFix>,
    pub fillers: Vec<FillerMark>,
    /// Hesitations between words: heard by the user where the analysis found none, or found by
    /// it where there was none.
    pub sounds: Vec<SoundMark>,
}

/// Word `index` was heard as `heard`; the user says it is `text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WordFix {
    pub index: usize,
    pub heard: String,
    pub text: String,
}

/// Word `index` (`heard`) is a filler, or is not one, whatever the analysis decided.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FillerMark {
    pub index: usize,
    pub heard: String,
    pub filler: bool,
}

/// From `start` to `end` (seconds) there is (or is not) an "um"/"uh" no word stands for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SoundMark {
    pub start: f64,
    pub end: f64,
    pub filler: bool,
}

impl SoundMark {
    fn overlaps(&self, start: f64, end: f64) -> bool {
        self.start < end && start < self.end
    }
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.fillers.is_empty() && self.sounds.is_empty()
    }

    /// A hesitation between words from `start` to `end` is (or is not) a filler. Marking a
    /// stretch the other way from an earlier mark takes that mark back.
    pub fn mark_sound(&mut self, start: f64, end: f64, filler: bool) {
        let takes_back = self.sounds.iter().any(|m| m.overlaps(start, end) && m.filler != filler);
        self.sounds.retain(|m| !m.overlaps(start, end));
        if !takes_back {
            self.sounds.push(SoundMark { start, end, filler });
        }
    }

    /// Word `index` is `text` from now on (a second fix of one word replaces the first; fixing
    /// it back to what was heard removes the fix).
    pub fn fix_word(&mut self, words: &[ReportWord], index: usize, text: &str) {
        let Some(heard) = self.heard(words, index) else { return };
        self.words.retain(|f| f.index != index);
        let text = text.trim();
        if !text.is_empty() && text != heard {
            self.words.push(WordFix { index, heard, text: text.to_string() });
        }
        // A filler mark names the word as heard: it follows the fix.
    }

    /// Word `index` is (or is not) a filler.
    pub fn mark_filler(&mut self, words: &[ReportWord], index: usize, filler: bool) {
        let Some(heard) = self.heard(words, index) else { return };
        self.fillers.retain(|m| m.index != index);
        self.fillers.push(FillerMark { index, heard, filler });
    }

    /// What whisper wrote for word `index`: its text, or what a fix of it replaced.
    fn heard(&self, words: &[ReportWord], index: usize) -> Option<String> {
        let word = words.get(index)?;
        Some(self.words.iter().find(|f| f.index == index).map_or_else(|| word.text.clone(), |f| f.heard.clone()))
    }

    /// The user's text for words whisper misheard, before anything is measured.
    pub(super) fn apply_to_words(&self, words: &mut [ReportWord]) {
        for fix in &self.words {
            if let Some(w) = words.get_mut(fix.index).filter(|w| w.text == fix.heard) {
                w.text = fix.text.clone();
                // The user heard it: it counts however unsure whisper was.
                w.probability = w.probability.max(1.0);
            }
        }
    }

    /// The user's word on which words are fillers, after the analysis has marked its own.
    pub(super) fn apply_to_fillers(&self, words: &mut [ReportWord], items: &mut Vec<FillerItem>) {
        for mark in &self.fillers {
            let fixed = self.words.iter().find(|f| f.index == mark.index).map(|f| f.text.as_str());
            let Some(w) = words.get(mark.index) else { continue };
            if w.text != mark.heard && Some(w.text.as_str()) != fixed {
                continue;
            }
            let (start, end, mid) = (w.start, w.end, (w.start + w.end) / 2.0);
            let covers = |f: &FillerItem| f.source == FillerSource::Transcript && f.start <= mid && mid <= f.end;
            // A phrase ("you know") is one filler: unmarking one of its words unmarks it all.
            let removed: Vec<(f64, f64)> = items.iter().filter(|f| covers(f)).map(|f| (f.start, f.end)).collect();
            items.retain(|f| !covers(f));
            for other in words.iter_mut() {
                let m = (other.start + other.end) / 2.0;
                if removed.iter().any(|(a, b)| *a <= m && m <= *b) {
                    other.filler = false;
                }
            }
            words[mark.index].filler = mark.filler;
            if mark.filler {
                let text = normalize(&words[mark.index].text);
                items.push(FillerItem { kind: filler_kind(&text), text, start, end, source: FillerSource::Transcript });
            }
        }
        for mark in &self.sounds {
            let here = |f: &FillerItem| f.source == FillerSource::Acoustic && mark.overlaps(f.start, f.end);
            if !mark.filler {
                items.retain(|f| !here(f));
            } else if !items.iter().any(|f| mark.overlaps(f.start, f.end)) {
                items.push(FillerItem {
                    text: "um/uh".into(),
                    start: mark.start,
                    end: mark.end,
                    kind: FillerKind::Hesitation,
                    source: FillerSource::Acoustic,
                });
            }
        }
        items.sort_by(|a, b| a.start.total_cmp(&b.start));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{AnalysisInput, AnalysisSettings, ModelRef, Report, analyze};
    use crate::transcribe::Word;

    fn report(text: &str, corrections: &Corrections) -> Report {
        let words: Vec<Word> = text
            .split_whitespace()
            .enumerate()
            .map(|(i, t)| Word {
                text: t.into(),
                start: 0.5 + i as f64 * 0.4,
                end: 0.85 + i as f64 * 0.4,
                probability: 0.95,
            })
            .collect();
        let samples = vec![0.0f32; 16_000 * (2 + words.len() / 2)];
        let input = AnalysisInput {
            words: &words,
            samples: &samples,
            duration_s: samples.len() as f64 / 16_000.0,
            model: ModelRef::default(),
            source: None,
            question: None,
            markers: &[],
            words_aligned: true,
            star_model: None,
            corrections,
        };
        analyze(&input, &AnalysisSettings::default())
    }

    const ANSWER: &str = "So we fixed the build, you know, and I shipped it in 3 days.";

    #[test]
    fn a_misheard_word_is_fixed_and_the_counts_follow() {
        let plain = report(ANSWER, &Corrections::default());
        assert_eq!((plain.pronouns.i, plain.pronouns.we), (1, 1));
        let mut c = Corrections::default();
        c.fix_word(&plain.words, 1, "I");
        let fixed = report(ANSWER, &c);
        assert_eq!(fixed.words[1].text, "I");
        assert_eq!((fixed.pronouns.i, fixed.pronouns.we), (2, 0));
        assert_eq!(fixed.corrections, c, "the report keeps what it was corrected with");
        // Fixing it back to what was heard removes the fix.
        c.fix_word(&fixed.words, 1, "we");
        assert!(c.is_empty());
    }

    #[test]
    fn fillers_are_unmarked_whole_and_marked_by_the_user() {
        let plain = report(ANSWER, &Corrections::default());
        let texts: Vec<&str> = plain.fillers.items.iter().map(|f| f.text.as_str()).collect();
        assert!(texts.contains(&"you know"), "{texts:?}");
        let know = plain.words.iter().position(|w| w.text.starts_with("know")).expect("know");
        let mut c = Corrections::default();
        c.mark_filler(&plain.words, know, false);
        let the = plain.words.iter().position(|w| w.text == "the").expect("the");
        c.mark_filler(&plain.words, the, true);
        let fixed = report(ANSWER, &c);
        let texts: Vec<&str> = fixed.fillers.items.iter().map(|f| f.text.as_str()).collect();
        assert!(!texts.contains(&"you know") && texts.contains(&"the"), "{texts:?}");
        assert!(!fixed.words[know - 1].filler && !fixed.words[know].filler, "both words of the phrase count again");
        assert!(fixed.words[the].filler);
        assert_eq!(fixed.fillers.count, plain.fillers.count);
    }

    #[test]
    fn a_correction_for_a_word_no_longer_there_is_left_out() {
        let plain = report(ANSWER, &Corrections::default());
        let mut c = Corrections::default();
        c.fix_word(&plain.words, 1, "I");
        c.mark_filler(&plain.words, 3, true);
        // The same answer transcribed differently: the words at those places are others.
        let other = report("Then they fixed a build, and I shipped it in 3 days.", &c);
        assert_eq!(other.words[1].text, "they");
        assert!(!other.words[3].filler);
    }

    #[test]
    fn an_um_whisper_left_out_is_added_on_the_timeline_and_a_false_one_removed() {
        let plain = report(ANSWER, &Corrections::default());
        let gap = (plain.words[4].end + 0.01, plain.words[5].start - 0.01);
        let mut c = Corrections::default();
        c.mark_sound(gap.0, gap.1, true);
        let added = report(ANSWER, &c);
        assert_eq!(added.fillers.count, plain.fillers.count + 1);
        let um = added.fillers.items.iter().find(|f| f.source == FillerSource::Acoustic).expect("the added um");
        assert_eq!((um.start, um.end, um.kind), (gap.0, gap.1, FillerKind::Hesitation));
        assert!(added.fillers.per_minute > plain.fillers.per_minute);
        // Saying it was not one after all takes the addition back rather than stacking marks.
        c.mark_sound(um.start, um.end, false);
        assert!(c.is_empty());
        // An "um" the analysis found where there was none is removed by a mark over it.
        let found = FillerItem {
            text: "um/uh".into(),
            start: 1.0,
            end: 1.3,
            kind: FillerKind::Hesitation,
            source: FillerSource::Acoustic,
        };
        let mut items = vec![found.clone()];
        let mut c = Corrections::default();
        c.mark_sound(1.1, 1.2, false);
        c.apply_to_fillers(&mut [], &mut items);
        assert!(items.is_empty());
        // Adding one over a filler already there adds nothing.
        let mut items = vec![found];
        let mut c = Corrections::default();
        c.mark_sound(1.1, 1.2, true);
        c.apply_to_fillers(&mut [], &mut items);
        assert_eq!(items.len(), 1);
    }
}
