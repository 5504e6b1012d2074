//! The history as CSV, one row per session, for spreadsheets.

use crate::analysis::StarLabel;
use crate::store::Session;

pub fn history(sessions: &[Session]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "date", "title", "question_id", "question", "principle", "story_id", "status", "duration_s", "wpm", "fillers_per_min", "i_share"];
    let shares: Vec<String> = StarLabel::ALL.iter().map(|l| format!("{}_share", l.name().to_lowercase())).collect();
    header.extend(shares.iter().map(String::as_str));
    out.write_record(&header)?;
    let number = |v: Option<f64>, digits: usize| v.map(|v| format!("{v:.digits$}")).unwrap_or_default();
    for s in sessions {
        let mut row = vec![
            s.id.to_string(),
            s.created_at.clone(),
            s.display_title(),
            s.question_id.clone().unwrap_or_default(),
            s.question_text.clone().unwrap_or_default(),
            s.principle.clone().unwrap_or_default(),
            s.story_id.map(|i| i.to_string()).unwrap_or_default(),
            s.status_name().to_string(),
            number(s.duration_s, 1),
            number(s.wpm, 1),
            number(s.fillers_per_min, 2),
            number(s.i_share, 3),
        ];
        row.extend(s.star_shares.iter().map(|v| number(*v, 3)));
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
