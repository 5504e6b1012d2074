//! The thresholds an answer is judged by. They are the user's (Settings), and a copy travels in
//! every report so that views and exports judge it by what it was analyzed with, not by today's.

use serde::{Deserialize, Serialize};

use super::StarLabel;

/// Thresholds the user can change; every measure reads its limits from here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisSettings {
    /// Comfortable speaking rate, words per minute.
    pub wpm_band: (f64, f64),
    /// A silence at least this long is a long pause.
    pub long_pause_s: f64,
    /// A silence at least this long is a stall.
    pub stall_s: f64,
    /// Target answer length, seconds.
    pub target_total_s: (f64, f64),
    /// Fillers per minute: up to the first goes unnoticed, from the second on distracts.
    pub fillers_per_minute: (f64, f64),
    /// Below this share of "I" among I/we pronouns, the Action section is flagged.
    pub action_i_share_min: f64,
    /// Words whisper is less sure of than this are shown but not counted in pace or I/we:
    /// on unclear audio whisper breaks one word into several unlikely short ones.
    pub min_word_probability: f32,
    /// Share of the answer each STAR section should take.
    pub star_targets: StarTargets,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        Self {
            wpm_band: (120.0, 160.0),
            long_pause_s: 1.0,
            stall_s: 2.0,
            target_total_s: (120.0, 180.0),
            fillers_per_minute: (5.0, 12.0),
            action_i_share_min: 0.6,
            min_word_probability: 0.2,
            star_targets: StarTargets::default(),
        }
    }
}

/// Target share of the answer per STAR section, as (min, max) fractions; `None`: no target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StarTargets {
    pub situation: Option<(f64, f64)>,
    pub task: Option<(f64, f64)>,
    pub action: Option<(f64, f64)>,
    pub result: Option<(f64, f64)>,
    pub reflection: Option<(f64, f64)>,
}

impl Default for StarTargets {
    /// Interview coaches' rule of thumb: short context, most of the time on what you did.
    fn default() -> Self {
        Self { situation: Some((0.0, 0.2)), task: Some((0.0, 0.15)), action: Some((0.5, 0.65)), result: Some((0.1, 0.2)), reflection: None }
    }
}

impl StarTargets {
    pub fn get(&self, label: StarLabel) -> Option<(f64, f64)> {
        match label {
            StarLabel::Situation => self.situation,
            StarLabel::Task => self.task,
            StarLabel::Action => self.action,
            StarLabel::Result => self.result,
            StarLabel::Reflection => self.reflection,
        }
    }

    pub fn get_mut(&mut self, label: StarLabel) -> &mut Option<(f64, f64)> {
        match label {
            StarLabel::Situation => &mut self.situation,
            StarLabel::Task => &mut self.task,
            StarLabel::Action => &mut self.action,
            StarLabel::Result => &mut self.result,
            StarLabel::Reflection => &mut self.reflection,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_written_before_star_targets_read_with_the_default_targets() {
        let old: AnalysisSettings = serde_json::from_str(r#"{"wpm_band":[110.0,150.0],"long_pause_s":1.5}"#).expect("reads");
        assert_eq!(old.wpm_band, (110.0, 150.0));
        assert_eq!(old.star_targets, StarTargets::default());
        assert_eq!(old.star_targets.get(StarLabel::Action), Some((0.5, 0.65)));
        assert_eq!(old.star_targets.get(StarLabel::Reflection), None);
    }
}
