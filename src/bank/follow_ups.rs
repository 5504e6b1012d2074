//! The mock interviewer's follow-up questions (`assets/follow_ups.json`, our words): asked
//! after an answer, chosen from what its analysis found (no number in the Result: "How did you
//! measure the impact?"), else from the question's principle, as a real interviewer probes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Question;
use crate::analysis::{FindingCode, Report, StarLabel};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Trigger {
    /// Why an interviewer would ask it, as the summary tells the user.
    pub why: String,
    pub asks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FollowUpBank {
    pub version: u32,
    pub triggers: BTreeMap<String, Trigger>,
    /// Follow-ups per principle, asked when the answer gave no other reason.
    pub principles: BTreeMap<String, Vec<String>>,
}

/// A follow-up to ask, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub text: String,
    /// What prompted it: a trigger ("measure_impact") or "principle".
    pub code: String,
    pub why: String,
}

/// What an answer's findings call for, most pressing first (each code's finding list).
const TRIGGERS: &[(&str, &[FindingCode])] = &[
    ("measure_impact", &[FindingCode::ResultNotQuantified, FindingCode::Missing(StarLabel::Result)]),
    ("own_part", &[FindingCode::NoI, FindingCode::ActionWe, FindingCode::ActionNoI]),
    ("specific_case", &[FindingCode::Hypothetical]),
    ("more_detail", &[FindingCode::TooShort, FindingCode::Missing(StarLabel::Action)]),
    ("get_to_action", &[FindingCode::SituationOverAction]),
];

/// Words of a question about a disagreement or a conflict.
const CONFLICT: &[&str] = &[
    "disagree",
    "conflict",
    "pushed back",
    "push back",
    "difficult colleague",
    "difficult person",
    "challenged",
    "went against",
];
/// Phrases that give the other side's view.
const OTHER_VIEW: &[&str] = &[
    "their view",
    "their point",
    "their concern",
    "their perspective",
    "their reasons",
    "their side",
    "they were worried",
    "they felt",
    "they thought",
    "they wanted",
    "he was worried",
    "she was worried",
    "his concern",
    "her concern",
    "understood why",
    "from their",
    "he felt",
    "she felt",
    "he thought",
    "she thought",
];

const BUILTIN: &str = include_str!("../../assets/follow_ups.json");

impl FollowUpBank {
    /// The built-in follow-ups; part of the binary and checked by tests.
    pub fn builtin() -> Self {
        serde_json::from_str(BUILTIN).expect("assets/follow_ups.json is valid (checked by tests)")
    }

    /// Up to `count` follow-ups to `report`, an answer to `question`. `turn` varies the wording
    /// (the session id, say), so a second interview does not ask word for word the same.
    pub fn choose(&self, report: &Report, question: Option<&Question>, count: usize, turn: usize) -> Vec<FollowUp> {
        let pick = |list: &[String], k: usize| list.get((turn + k) % list.len().max(1)).cloned();
        // What the analysis is not sure of is still worth a question: a follow-up asks, it
        // does not state.
        let found = |codes: &[FindingCode]| {
            report
                .findings
                .iter()
                .map(|f| &f.code)
                .chain(report.coaching.checks.iter().map(|c| &c.code))
                .any(|c| codes.contains(c))
        };
        let mut codes: Vec<&str> =
            TRIGGERS.iter().filter(|(_, findings)| found(findings)).map(|(code, _)| *code).collect();
        let reflected = report.star.sections.iter().any(|s| s.label == StarLabel::Reflection);
        if !reflected && !report.words.is_empty() {
            // After the two most pressing: an interviewer asks for the lesson when there is time.
            codes.insert(codes.len().min(2), "reflection");
        }
        if question.is_some_and(is_conflict) && !gives_other_view(&report.transcript) {
            codes.insert(0, "other_side");
        }
        let mut out: Vec<FollowUp> = codes
            .iter()
            .filter_map(|code| {
                let t = self.triggers.get(*code)?;
                // "You said 'we' a lot" only to someone who did: an Action with no pronoun at
                // all is asked about without it.
                let no_we = *code == "own_part" && report.pronouns.we == 0;
                let asks: Vec<String> =
                    t.asks.iter().filter(|a| !(no_we && a.to_lowercase().contains("\"we\""))).cloned().collect();
                let why = if no_we { "The Action did not say who took each step.".to_string() } else { t.why.clone() };
                Some(FollowUp { text: pick(&asks, 0)?, code: code.to_string(), why })
            })
            .take(count)
            .collect();
        let principles = question.map(|q| q.principles.as_slice()).unwrap_or(&[]);
        for (k, p) in principles.iter().cycle().take(principles.len().max(1) * 3).enumerate() {
            if out.len() >= count {
                break;
            }
            if let Some(text) =
                self.principles.get(p).and_then(|list| pick(list, k)).filter(|t| out.iter().all(|f| f.text != *t))
            {
                out.push(FollowUp {
                    text,
                    code: "principle".into(),
                    why: format!("An interviewer probing {p} asks this."),
                });
            }
        }
        out
    }
}

/// Whether `q` asks about a disagreement or a conflict, whose follow-up asks for the other side
/// first when the answer never gives it.
pub fn is_conflict(q: &Question) -> bool {
    let text = q.text.to_lowercase();
    q.principles.iter().any(|p| p.starts_with("Have Backbone")) || CONFLICT.iter().any(|w| text.contains(w))
}

fn gives_other_view(transcript: &str) -> bool {
    let text = transcript.to_lowercase();
    OTHER_VIEW.iter().any(|p| text.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Finding, Report, Severity};
    use crate::bank::{Library, QuestionBank};

    fn finding(code: &str) -> Finding {
        Finding { severity: Severity::Warning, code: code.into(), message: String::new(), span: None, confidence: None }
    }

    fn answer(codes: &[&str], reflected: bool) -> Report {
        let mut r = Report {
            transcript: "We fixed the checkout and it worked.".into(),
            words: crate::analysis::timed_words("We fixed it"),
            findings: codes.iter().map(|c| finding(c)).collect(),
            ..Report::default()
        };
        r.pronouns.we = 1;
        if reflected {
            let s = crate::analysis::Section {
                label: StarLabel::Reflection,
                start: 0.0,
                end: 1.0,
                duration: 1.0,
                share: 0.1,
                target: None,
                first_word: 0,
                end_word: 1,
                confidence: None,
                second_choice: None,
            };
            r.star.sections.push(s);
        }
        r
    }

    #[test]
    fn every_principle_and_trigger_has_follow_ups_written_as_sentences() {
        let bank = FollowUpBank::builtin();
        let questions = QuestionBank::builtin();
        assert_eq!(bank.principles.len(), 16);
        for p in &questions.principles {
            assert!(bank.principles.get(&p.name).is_some_and(|l| l.len() >= 2), "{} needs follow-ups", p.name);
        }
        let asked = bank.triggers.values().flat_map(|t| &t.asks).chain(bank.principles.values().flatten());
        for text in asked {
            assert!(text.starts_with(|c: char| c.is_uppercase()) && text.ends_with(['?', '.']), "{text:?}");
        }
        for (code, _) in TRIGGERS {
            assert!(bank.triggers.contains_key(*code), "{code}");
        }
        assert!(bank.triggers.contains_key("reflection") && bank.triggers.contains_key("other_side"));
    }

    #[test]
    fn follow_ups_come_from_what_the_answer_lacked() {
        let bank = FollowUpBank::builtin();
        let questions = QuestionBank::builtin();
        let library = Library::default();
        let q = questions.question(&library, "bank-01");
        let asked = bank.choose(&answer(&["result_not_quantified", "action_we"], true), q, 2, 0);
        assert_eq!(asked.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["measure_impact", "own_part"]);
        assert_eq!(asked[0].text, "How did you measure the impact?");
        assert_eq!(asked[1].why, "The Action was told as \"we\".");
        // No reflection: asked for, after the result.
        let asked = bank.choose(&answer(&["result_not_quantified"], false), q, 2, 0);
        assert_eq!(asked.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["measure_impact", "reflection"]);
        // A complete answer: the principle's follow-ups, worded differently another time.
        let asked = bank.choose(&answer(&[], true), q, 2, 0);
        assert!(asked.iter().all(|f| f.code == "principle") && asked.len() == 2);
        assert!(bank.principles["Customer Obsession"].contains(&asked[0].text));
        assert_ne!(bank.choose(&answer(&[], true), q, 1, 1)[0].text, asked[0].text);
    }

    #[test]
    fn an_action_with_no_we_is_not_asked_about_we() {
        let bank = FollowUpBank::builtin();
        let mut r = answer(&["action_no_i"], true);
        r.pronouns.we = 0;
        for turn in 0..6 {
            let asked = bank.choose(&r, None, 1, turn);
            assert_eq!(asked[0].code, "own_part");
            assert!(!asked[0].text.contains("\"we\"") && !asked[0].why.contains("\"we\""), "{:?}", asked[0]);
        }
    }

    #[test]
    fn a_disagreement_told_without_the_other_side_asks_for_it() {
        let bank = FollowUpBank::builtin();
        let q = Question {
            id: "x".into(),
            text: "Tell me about a time you disagreed with your manager.".into(),
            principles: vec!["Have Backbone; Disagree and Commit".into()],
            ..QuestionBank::builtin().questions[0].clone()
        };
        let asked = bank.choose(&answer(&[], true), Some(&q), 1, 0);
        assert_eq!(asked[0].code, "other_side");
        let mut fair = answer(&[], true);
        fair.transcript = "My manager wanted to ship; I understood why, their concern was the deadline.".into();
        assert_eq!(bank.choose(&fair, Some(&q), 1, 0)[0].code, "principle");
    }
}
