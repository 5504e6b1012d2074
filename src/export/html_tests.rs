use super::*;
use crate::analysis::report::timed_words;
use crate::analysis::{Finding, Section, Span};

fn row() -> Session {
    Session {
        title: Some("<script>alert(1)</script>".into()),
        question_text: Some("Tell me about a time".into()),
        ..Session::example()
    }
}

#[test]
fn draws_sections_and_findings_and_escapes_the_user_text() {
    let mut words = timed_words("So I fixed the <build> in 3 days.");
    words[0].filler = true;
    let n = words.len();
    let report = Report {
        duration_s: 120.0,
        summary: "Short & sweet".into(),
        star: crate::analysis::Star {
            sections: vec![
                Section {
                    label: StarLabel::Action,
                    start: 0.0,
                    end: 60.0,
                    duration: 60.0,
                    share: 0.5,
                    target: Some((0.5, 0.65)),
                    first_word: 0,
                    end_word: 4,
                    confidence: None,
                    second_choice: None,
                },
                Section {
                    label: StarLabel::Result,
                    start: 60.0,
                    end: 120.0,
                    duration: 60.0,
                    share: 0.5,
                    target: Some((0.1, 0.2)),
                    first_word: 4,
                    end_word: n,
                    confidence: None,
                    second_choice: None,
                },
            ],
            missing: vec![StarLabel::Situation],
            manual_boundaries: false,
            odds: Vec::new(),
        },
        findings: vec![Finding {
            severity: Severity::Problem,
            code: "c".into(),
            message: "Too \"long\"".into(),
            span: Some(Span { start: 65.0, end: 70.0 }),
            confidence: None,
        }],
        coaching: crate::analysis::Coaching {
            next_time: vec![crate::analysis::CoachingTip {
                code: "c".into(),
                text: "Say <what> you did".into(),
                quote: Some("we <fixed> it".into()),
                start: Some(65.0),
                end: None,
            }],
            strengths: vec!["Few fillers".into()],
            checks: vec![crate::analysis::CoachingTip {
                code: "missing_task".into(),
                text: "Did you say what <you> were responsible for?".into(),
                quote: None,
                start: Some(2.0),
                end: None,
            }],
        },
        words,
        ..Report::default()
    };
    let html = session(&row(), &report);
    assert!(html.contains("<h2>Next time</h2>\n<ol>\n<li>Say &lt;what&gt; you did<q>we &lt;fixed&gt; it</q> <span class=\"at\">1:05</span></li>"), "{html}");
    assert!(html.contains("<ul class=\"strengths\"><li>Few fillers</li></ul>"));
    assert!(
        html.contains("Worth a check")
            && html
                .contains("<li>Did you say what &lt;you&gt; were responsible for? <span class=\"at\">0:02</span></li>"),
        "{html}"
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no scripts, and the user's text is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;build&gt;"));
    assert_eq!(html.matches("<svg").count(), 1);
    assert!(html.contains(&format!("fill=\"{}\"", hex(StarLabel::Action.rgb()))));
    assert!(html.contains("<title>Too &quot;long&quot; at 1:05</title>"));
    assert!(html.contains("class=\"filler\""));
    assert!(html.contains("Missing: Situation."));
    assert!(
        !html.contains("http://") || html.matches("http://").count() == 1,
        "only the SVG namespace, nothing fetched"
    );
    assert_eq!(html.matches("<p class=\"section\"").count(), 2);
}

#[test]
fn an_empty_report_is_still_a_page() {
    let html = session(&row(), &Report::default());
    assert!(html.contains("No words were transcribed.") && html.ends_with("</html>\n"));
}
