//! The history as CSV, one row per session, for spreadsheets.

use crate::analysis::StarLabel;
use crate::store::Session;

pub fn history(sessions: &[Session]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "date",
        "title",
        "question_id",
        "question",
        "principle",
        "story_id",
        "status",
        "duration_s",
        "wpm",
        "fillers_per_min",
        "i_share",
    ];
    let shares: Vec<String> = StarLabel::ALL.iter().map(|l| format!("{}_share", l.name().to_lowercase())).collect();
    header.extend(shares.iter().map(String::as_str));
    header.extend(["pitch_range_semitones", "words_between_pauses", "pet_phrases"]);
    out.write_record(&header)?;
    let number = |v: Option<f64>, digits: usize| v.map(|v| format!("{v:.digits$}")).unwrap_or_default();
    for s in sessions {
        let mut row = vec![
            s.id.to_string(),
            s.created_at.clone(),
            text(s.display_title()),
            text(s.question_id.clone().unwrap_or_default()),
            text(s.question_text.clone().unwrap_or_default()),
            text(s.principle.clone().unwrap_or_default()),
            s.story_id.map(|i| i.to_string()).unwrap_or_default(),
            s.status_name().to_string(),
            number(s.duration_s, 1),
            number(s.wpm, 1),
            number(s.fillers_per_min, 2),
            number(s.i_share, 3),
        ];
        row.extend(s.star_shares.iter().map(|v| number(*v, 3)));
        row.extend([
            number(s.pitch_range, 2),
            number(s.run_length, 1),
            text(s.pet_phrases.iter().map(|(p, n)| format!("{p} ({n})")).collect::<Vec<_>>().join("; ")),
        ]);
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A user's text as a cell a spreadsheet shows rather than runs: one starting like a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, which spreadsheets
/// hide and read as "this is text".
fn text(value: String) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_are_written_as_text() {
        let session = Session {
            id: 7,
            folder: "f".into(),
            created_at: "2026-11-26 08:00:00".into(),
            title: Some("=HYPERLINK(\"http://x\",\"y\")".into()),
            question_id: Some("+q".into()),
            question_text: Some("@SUM(A1)".into()),
            principle: Some("-2+3".into()),
            story_id: None,
            status: crate::store::SessionStatus::Analyzed,
            duration_s: None,
            wpm: Some(-1.5),
            fillers_per_min: None,
            i_share: None,
            star_shares: [None; 5],
            pitch_range: None,
            run_length: None,
            pet_phrases: vec![("=cmd".into(), 3)],
            interview: None,
            follow_up_of: None,
        };
        let csv = history(&[session]).unwrap();
        let row = csv.lines().nth(1).unwrap();
        for cell in ["'=HYPERLINK", "'@SUM(A1)", "'-2+3", "'+q", "'=cmd (3)"] {
            assert!(row.contains(cell), "{cell} not neutralized: {row}");
        }
        // Our own numbers stay numbers.
        assert!(row.contains(",-1.5,"), "{row}");
    }
}
