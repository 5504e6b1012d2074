use super::*;
use crate::store::Session;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An analyzed answer to `question` on `date`, every measure on target unless changed.
fn answer(id: i64, date: &str, question: &str) -> Session {
    let mut s = Session::example();
    s.id = id;
    s.created_at = format!("{date} 10:00:00");
    s.question_id = Some(question.into());
    s.duration_s = Some(150.0);
    s.wpm = Some(140.0);
    s.fillers_per_min = Some(1.0);
    s.i_share = Some(0.8);
    s.star_shares = [Some(0.1), Some(0.1), Some(0.55), Some(0.15), None];
    s
}

#[test]
fn a_new_user_starts_with_three_principles_no_answer_covers() {
    let bank = QuestionBank::builtin();
    let plan =
        plan(&[], &bank, &Library::default(), &AnalysisSettings::default(), day("2026-11-27"), DEFAULT_COUNT.into());
    assert_eq!(plan.items.len(), 3);
    assert_eq!(plan.uncovered.len(), 16);
    let principles: Vec<String> = plan
        .items
        .iter()
        .map(|i| match &i.why {
            Why::Uncovered { principle } => principle.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(principles, ["Customer Obsession", "Ownership", "Invent and Simplify"]);
    for item in &plan.items {
        assert!(item.reason.starts_with("No answer covers"), "{}", item.reason);
        assert!(item.schedule.is_none());
    }
    assert_eq!(plan.weakest, None);
    // Another day, another choice among the questions of the same principles.
    let tomorrow = super::plan(
        &[],
        &bank,
        &Library::default(),
        &AnalysisSettings::default(),
        day("2026-11-28"),
        DEFAULT_COUNT.into(),
    );
    assert_ne!(
        plan.items.iter().map(|i| &i.question_id).collect::<Vec<_>>(),
        tomorrow.items.iter().map(|i| &i.question_id).collect::<Vec<_>>()
    );
}

#[test]
fn a_due_question_an_uncovered_principle_and_the_weakest_measure_lead() {
    let bank = QuestionBank::builtin();
    let library = Library::default();
    let mut sessions = Vec::new();
    // bank-01 answered well on the 20th: due again on the 21st (one day), so due for 6 days.
    sessions.push(answer(1, "2026-11-20", "bank-01"));
    // Three answers with many fillers: the weakest measure.
    for (i, q) in ["bank-02", "bank-03", "bank-04"].iter().enumerate() {
        let mut s = answer(2 + i as i64, "2026-11-26", q);
        s.fillers_per_min = Some(20.0);
        sessions.push(s);
    }
    // A short follow-up answer in a mock interview is not a poor answer to a question.
    let mut follow_up = answer(9, "2026-11-26", "bank-05");
    (follow_up.question_id, follow_up.follow_up_of, follow_up.duration_s) = (None, Some(2), Some(40.0));
    sessions.push(follow_up);
    let plan = plan(&sessions, &bank, &library, &AnalysisSettings::default(), day("2026-11-27"), 3);
    assert_eq!(plan.items[0].question_id, "bank-01");
    assert_eq!(plan.items[0].why, Why::Due { overdue_days: 6 });
    assert!(plan.items[0].reason.contains("due for 6 days"), "{}", plan.items[0].reason);
    assert!(
        matches!(&plan.items[1].why, Why::Uncovered { principle } if !plan.uncovered.is_empty() && plan.uncovered[0] == *principle)
    );
    assert_eq!(plan.items[2].why, Why::Weakest { measure: Measure::Fillers });
    assert!(
        plan.items[2].reason.contains("filler words (missed in 3 of your last 4 answers)"),
        "{}",
        plan.items[2].reason
    );
    assert_eq!(plan.weakest, Some(Weakness { measure: Measure::Fillers, missed: 3, of: 4 }));
    // The answers of the 26th passed 5 of 6 measures (score 4): due again today, so the
    // weakest measure's pick is one of them, and nothing falls due after today.
    assert!(["bank-02", "bank-03", "bank-04"].contains(&plan.items[2].question_id.as_str()));
    assert_eq!(plan.next_due, None);
    let ids: std::collections::HashSet<_> = plan.items.iter().map(|i| &i.question_id).collect();
    assert_eq!(ids.len(), 3, "no question twice");
}

#[test]
fn practised_principles_are_covered_and_good_answers_wait_their_interval() {
    let bank = QuestionBank::builtin();
    let sessions = vec![
        answer(1, "2026-11-20", "bank-01"),
        answer(2, "2026-11-21", "bank-01"),
        answer(3, "2026-11-27", "bank-01"),
    ];
    let plan = plan(&sessions, &bank, &Library::default(), &AnalysisSettings::default(), day("2026-11-27"), 3);
    let library = Library::default();
    let q = bank.question(&library, "bank-01").unwrap();
    for p in &q.principles {
        assert!(!plan.uncovered.contains(p), "{p} was practised");
    }
    // Due today by the days before (one day after the 21st's second good answer would be six:
    // due the 27th), answered today: on the plan, marked done, its schedule moved on.
    let item = plan.items.iter().find(|i| i.question_id == "bank-01").expect("bank-01 is due today");
    assert_eq!(item.why, Why::Due { overdue_days: 0 });
    assert_eq!(item.done_today, Some(5));
    // Third good answer: 6 days x ease 2.7 = 16 days after today.
    assert_eq!(item.schedule.as_ref().map(|s| s.due), Some(day("2026-11-27") + chrono::Days::new(16)));
    assert_eq!(plan.next_due, Some(day("2026-11-27") + chrono::Days::new(16)));
}

/// The plan holds all day, but what it says of coverage counts today's answers, as the
/// coverage grid does: an Ownership answer today leaves fewer than 16 principles uncovered.
#[test]
fn todays_answers_count_in_what_the_plan_says_is_uncovered() {
    let bank = QuestionBank::builtin();
    let library = Library::default();
    let morning = plan(&[], &bank, &library, &AnalysisSettings::default(), day("2026-11-27"), DEFAULT_COUNT.into());
    let ownership = morning
        .items
        .iter()
        .find(|i| i.why == Why::Uncovered { principle: "Ownership".into() })
        .expect("Ownership on the plan");
    let sessions = vec![answer(1, "2026-11-27", &ownership.question_id)];
    let evening =
        plan(&sessions, &bank, &library, &AnalysisSettings::default(), day("2026-11-27"), DEFAULT_COUNT.into());
    assert_eq!(
        evening.items.iter().map(|i| &i.question_id).collect::<Vec<_>>(),
        morning.items.iter().map(|i| &i.question_id).collect::<Vec<_>>()
    );
    let answered =
        bank.questions.iter().find(|q| q.id == ownership.question_id).expect("the question").principles.len();
    assert_eq!((evening.uncovered.len(), evening.principle_count), (16 - answered, 16));
    assert!(!evening.uncovered.contains(&"Ownership".to_string()));
    // The coverage grid, from the same sessions, says the same of every principle.
    let grid = crate::sessions::coverage::coverage(&sessions, &bank, &library, &AnalysisSettings::default());
    for row in &grid.principles {
        assert_eq!(
            row.attempts == 0,
            evening.uncovered.contains(&row.principle),
            "{}: {} answers in the grid",
            row.principle,
            row.attempts
        );
    }
    let item = evening.items.iter().find(|i| i.question_id == ownership.question_id).expect("still on the plan");
    assert!(item.done_today.is_some());
    assert!(!item.reason.contains("No answer covers Ownership"), "{}", item.reason);
    assert!(item.reason.contains("first"), "{}", item.reason);
}
