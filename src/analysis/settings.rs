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
        Self {
            situation: Some((0.0, 0.2)),
            task: Some((0.0, 0.15)),
            action: Some((0.5, 0.65)),
            result: Some((0.1, 0.2)),
            reflection: None,
        }
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

impl AnalysisSettings {
    /// Puts each threshold back to its default when it is outside what any speaker or answer
    /// could want (a hand-edited settings file: a target of 10^18 seconds gave "about
    /// 307445734561825860:15 is enough"); returns the names of those put back.
    pub fn keep_within_limits(&mut self) -> Vec<&'static str> {
        let d = Self::default();
        let mut reset = Vec::new();
        let band = |(lo, hi): (f64, f64), min: f64, max: f64| {
            lo.is_finite() && hi.is_finite() && min <= lo && lo <= hi && hi <= max
        };
        let one = |x: f64, min: f64, max: f64| x.is_finite() && (min..=max).contains(&x);
        if !band(self.wpm_band, 30.0, 400.0) {
            self.wpm_band = d.wpm_band;
            reset.push("comfortable pace");
        }
        if !one(self.long_pause_s, 0.2, 10.0) {
            self.long_pause_s = d.long_pause_s;
            reset.push("long pause");
        }
        if !one(self.stall_s, self.long_pause_s, 30.0) {
            self.stall_s = d.stall_s.max(self.long_pause_s);
            reset.push("stall");
        }
        if !band(self.target_total_s, 10.0, crate::audio::wav::MAX_DURATION_S) {
            self.target_total_s = d.target_total_s;
            reset.push("target length");
        }
        if !band(self.fillers_per_minute, 0.0, 60.0) {
            self.fillers_per_minute = d.fillers_per_minute;
            reset.push("fillers a minute");
        }
        if !one(self.action_i_share_min, 0.0, 1.0) {
            self.action_i_share_min = d.action_i_share_min;
            reset.push("share of \"I\" in the Action");
        }
        if !one(self.min_word_probability as f64, 0.0, 1.0) {
            self.min_word_probability = d.min_word_probability;
            reset.push("word certainty");
        }
        for label in StarLabel::ALL {
            if let Some(share) = self.star_targets.get(label)
                && !band(share, 0.0, 1.0)
            {
                *self.star_targets.get_mut(label) = d.star_targets.get(label);
                reset.push("STAR section targets");
            }
        }
        reset.dedup();
        reset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_no_answer_could_want_are_put_back() {
        let mut wild = AnalysisSettings {
            target_total_s: (1e18, 2e18),
            long_pause_s: f64::NAN,
            wpm_band: (160.0, 120.0),
            ..AnalysisSettings::default()
        };
        wild.star_targets.action = Some((0.5, 7.0));
        let reset = wild.keep_within_limits();
        assert_eq!(reset, ["comfortable pace", "long pause", "target length", "STAR section targets"]);
        assert_eq!(wild, AnalysisSettings::default());
        let mut own =
            AnalysisSettings { target_total_s: (60.0, 90.0), long_pause_s: 1.5, ..AnalysisSettings::default() };
        assert!(own.keep_within_limits().is_empty(), "a user's own sane choice stays");
        assert_eq!(own.target_total_s, (60.0, 90.0));
    }

    #[test]
    fn settings_written_before_star_targets_read_with_the_default_targets() {
        let old: AnalysisSettings =
            serde_json::from_str(r#"{"wpm_band":[110.0,150.0],"long_pause_s":1.5}"#).expect("reads");
        assert_eq!(old.wpm_band, (110.0, 150.0));
        assert_eq!(old.star_targets, StarTargets::default());
        assert_eq!(old.star_targets.get(StarLabel::Action), Some((0.5, 0.65)));
        assert_eq!(old.star_targets.get(StarLabel::Reflection), None);
    }
}
