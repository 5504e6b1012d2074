//! What a finding is about, as a type: the advice, the card, the odds and the interviewer's
//! follow-ups match on it, so a misspelt code is a compile error rather than a tip that never
//! shows. In the report it is the same snake_case string as ever ("situation_long"), and a code
//! this build does not know (a newer report's) is kept as written.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::StarLabel;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum FindingCode {
    NoSpeech,
    TooShort,
    TooLong,
    /// No section with this label was heard.
    Missing(StarLabel),
    /// The label's share of the answer is past its band.
    Long(StarLabel),
    Short(StarLabel),
    SituationOverAction,
    ResultNotQuantified,
    ActionNoI,
    ActionWe,
    NoI,
    FillersMany,
    FillersSome,
    Stalls,
    PaceFast,
    PaceSlow,
    Hypothetical,
    HesitationsTranscriptOnly,
    Monotone,
    Uptalk,
    TrailingOff,
    Quiet,
    MidPhrasePauses,
    PetPhrases,
    /// A code this build does not know, kept as the report wrote it.
    Other(String),
}

/// The codes with one fixed name (the per-section ones are built from the label's name).
const NAMED: &[(FindingCode, &str)] = &[
    (FindingCode::NoSpeech, "no_speech"),
    (FindingCode::TooShort, "too_short"),
    (FindingCode::TooLong, "too_long"),
    (FindingCode::SituationOverAction, "situation_over_action"),
    (FindingCode::ResultNotQuantified, "result_not_quantified"),
    (FindingCode::ActionNoI, "action_no_i"),
    (FindingCode::ActionWe, "action_we"),
    (FindingCode::NoI, "no_i"),
    (FindingCode::FillersMany, "fillers_many"),
    (FindingCode::FillersSome, "fillers_some"),
    (FindingCode::Stalls, "stalls"),
    (FindingCode::PaceFast, "pace_fast"),
    (FindingCode::PaceSlow, "pace_slow"),
    (FindingCode::Hypothetical, "hypothetical"),
    (FindingCode::HesitationsTranscriptOnly, "hesitations_transcript_only"),
    (FindingCode::Monotone, "monotone"),
    (FindingCode::Uptalk, "uptalk"),
    (FindingCode::TrailingOff, "trailing_off"),
    (FindingCode::Quiet, "quiet"),
    (FindingCode::MidPhrasePauses, "mid_phrase_pauses"),
    (FindingCode::PetPhrases, "pet_phrases"),
];

fn label_word(label: StarLabel) -> String {
    label.name().to_lowercase()
}

/// An empty code, for the default of the types that hold one.
impl Default for FindingCode {
    fn default() -> Self {
        FindingCode::Other(String::new())
    }
}

impl FindingCode {
    /// The label a per-section code is about.
    pub fn section(&self) -> Option<StarLabel> {
        match self {
            FindingCode::Missing(l) | FindingCode::Long(l) | FindingCode::Short(l) => Some(*l),
            _ => None,
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingCode::Missing(l) => write!(f, "missing_{}", label_word(*l)),
            FindingCode::Long(l) => write!(f, "{}_long", label_word(*l)),
            FindingCode::Short(l) => write!(f, "{}_short", label_word(*l)),
            FindingCode::Other(s) => f.write_str(s),
            named => {
                let name = NAMED.iter().find(|(c, _)| c == named).map_or("", |(_, n)| n);
                f.write_str(name)
            }
        }
    }
}

impl From<&str> for FindingCode {
    fn from(s: &str) -> Self {
        if let Some((code, _)) = NAMED.iter().find(|(_, n)| *n == s) {
            return code.clone();
        }
        let label = |word: &str| StarLabel::ALL.into_iter().find(|l| label_word(*l) == word);
        if let Some(l) = s.strip_prefix("missing_").and_then(label) {
            return FindingCode::Missing(l);
        }
        if let Some(l) = s.strip_suffix("_long").and_then(label) {
            return FindingCode::Long(l);
        }
        if let Some(l) = s.strip_suffix("_short").and_then(label) {
            return FindingCode::Short(l);
        }
        FindingCode::Other(s.to_string())
    }
}

impl From<String> for FindingCode {
    fn from(s: String) -> Self {
        FindingCode::from(s.as_str())
    }
}

impl From<FindingCode> for String {
    fn from(c: FindingCode) -> Self {
        c.to_string()
    }
}

/// Unit tests name codes as the report writes them.
#[cfg(test)]
impl PartialEq<&str> for FindingCode {
    fn eq(&self, other: &&str) -> bool {
        let code = FindingCode::from(*other);
        code == *self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        let mut all: Vec<FindingCode> = NAMED.iter().map(|(c, _)| c.clone()).collect();
        for l in StarLabel::ALL {
            all.extend([FindingCode::Missing(l), FindingCode::Long(l), FindingCode::Short(l)]);
        }
        for code in all {
            let text = code.to_string();
            assert!(!text.is_empty() && !text.starts_with('_'), "{code:?}");
            assert_eq!(FindingCode::from(text.as_str()), code, "{text}");
        }
        assert_eq!(FindingCode::Long(StarLabel::Situation).to_string(), "situation_long");
        assert_eq!(FindingCode::Missing(StarLabel::Result).to_string(), "missing_result");
    }

    #[test]
    fn an_unknown_code_is_kept_as_written() {
        let code: FindingCode = serde_json::from_str("\"speaks_too_softly\"").unwrap();
        assert_eq!(code, FindingCode::Other("speaks_too_softly".into()));
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"speaks_too_softly\"");
        let known: FindingCode = serde_json::from_str("\"action_we\"").unwrap();
        assert_eq!(known, FindingCode::ActionWe);
    }
}
