//! `starling bench-history`: the history at scale. Builds a store of N sessions (folders with
//! report files, indexed the way a lost index is rebuilt), then times what a user waits for:
//! opening the History screen, changing its filters, and exporting every session as CSV.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::analysis::{QuestionRef, Report, Section, StarLabel};
use crate::store::{AUDIO_FILE, Filter, REPORT_FILE, Store};
use crate::ui::{AppConfig, Screen, StarlingApp};

/// A plausible report: figures that drift as someone practises, ten questions in rotation.
fn report(i: usize, n: usize) -> Report {
    let progress = i as f64 / n.max(1) as f64;
    let mut r = Report {
        schema_version: crate::analysis::report::SCHEMA_VERSION,
        duration_s: 200.0 - 50.0 * progress + (i % 7) as f64,
        ..Report::default()
    };
    r.pacing.wpm = 175.0 - 30.0 * progress + (i % 5) as f64;
    r.fillers.per_minute = 9.0 - 6.0 * progress;
    r.pronouns.i_share = Some(0.45 + 0.35 * progress);
    r.question = Some(QuestionRef {
        id: format!("bank-{:02}", i % 10 + 1),
        text: Some(format!("Practice question {}", i % 10 + 1)),
    });
    let shares = [0.25 - 0.1 * progress, 0.1, 0.4 + 0.15 * progress, 0.15, 0.1 - 0.05 * progress];
    let mut t = 0.0;
    for (label, share) in StarLabel::ALL.into_iter().zip(shares) {
        let d = share * r.duration_s;
        r.star.sections.push(Section {
            label,
            start: t,
            end: t + d,
            duration: d,
            share,
            target: r.settings.star_targets.get(label),
            first_word: 0,
            end_word: 0,
            confidence: None,
            second_choice: None,
        });
        t += d;
    }
    r
}

/// Writes `n` session folders, one every few hours going back from today.
fn populate(sessions_dir: &Path, n: usize) -> Result<()> {
    let now = chrono::Local::now().naive_local();
    // A header-only WAV: the history never reads the audio.
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    for i in 0..n {
        let at = now - chrono::Duration::minutes(((n - i) * 197) as i64);
        let dir = sessions_dir.join(at.format("%Y-%m-%d_%H-%M-%S").to_string());
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        hound::WavWriter::create(dir.join(AUDIO_FILE), spec)?.finalize()?;
        std::fs::write(dir.join(REPORT_FILE), serde_json::to_vec(&report(i, n))?)?;
    }
    Ok(())
}

fn median_ms(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

/// One History frame at 1280x820, timed from the start of the egui pass to the end of
/// tessellation (what the UI thread does before the GPU).
fn frame(app: &mut StarlingApp, ctx: &egui::Context, started: Instant) -> Duration {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 820.0));
    let input =
        egui::RawInput { screen_rect: Some(screen), time: Some(started.elapsed().as_secs_f64()), ..Default::default() };
    let t = Instant::now();
    let output = ctx.run_ui(input, |ui| app.show(ui));
    let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    t.elapsed()
}

pub fn run(n: usize, runs: usize) -> Result<()> {
    let runs = runs.max(1);
    let dir = std::env::temp_dir().join(format!("starling-bench-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let result = measure(&dir, n, runs);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure(dir: &Path, n: usize, runs: usize) -> Result<()> {
    let store = Store::open(dir)?;
    populate(store.sessions_dir(), n)?;
    let t = Instant::now();
    let added = store.sync_folders()?;
    let bank = crate::bank::QuestionBank::builtin();
    let library = crate::bank::Library::default();
    store.fill_principles(|id| bank.principle_of(&library, id))?;
    let rebuild = t.elapsed();
    drop(store);
    let principle = bank.principle_of(&library, "bank-03");

    let filters = [
        ("all sessions", Filter::default()),
        ("one question", Filter { question_id: Some("bank-03".into()), ..Filter::default() }),
        ("one principle", Filter { principle, ..Filter::default() }),
    ];
    let (mut open, mut csv) = (Vec::new(), Vec::new());
    let mut filtered: Vec<Vec<Duration>> = vec![Vec::new(); filters.len()];
    let mut rows = 0;
    let mut matched = vec![0; filters.len()];
    let mut csv_bytes = 0;
    for _ in 0..runs {
        // Open: a fresh connection, the whole list and the filter values.
        let t = Instant::now();
        let store = Store::open(dir)?;
        rows = store.list(&Filter::default())?.sessions.len();
        store.facets()?;
        open.push(t.elapsed());
        for (i, (_, f)) in filters.iter().enumerate() {
            let t = Instant::now();
            matched[i] = store.list(f)?.sessions.len();
            filtered[i].push(t.elapsed());
        }
        let t = Instant::now();
        let all = store.list(&Filter::default())?;
        csv_bytes = crate::export::csv::history(&all.sessions)?.len();
        csv.push(t.elapsed());
    }

    // The screen itself: the first frame loads the list; a filter change reloads it.
    let mut first_frames = Vec::new();
    let mut filter_frames = Vec::new();
    let mut steady = Vec::new();
    for _ in 0..runs {
        let mut app = StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.to_path_buf()) });
        let ctx = egui::Context::default();
        let started = Instant::now();
        // Warm the font atlas on another screen so the History frame is not charged for it.
        app.show_screen(Screen::Settings);
        for _ in 0..3 {
            frame(&mut app, &ctx, started);
        }
        app.show_screen(Screen::History);
        first_frames.push(frame(&mut app, &ctx, started));
        for _ in 0..5 {
            steady.push(frame(&mut app, &ctx, started));
        }
        app.filter_history(Filter { question_id: Some("bank-03".into()), ..Filter::default() });
        filter_frames.push(frame(&mut app, &ctx, started));
    }

    println!("sessions          {n} ({added} indexed from their folders in {:.0} ms)", rebuild.as_secs_f64() * 1000.0);
    println!("store open+list   {:.1} ms median of {runs} ({rows} rows and the filter values)", median_ms(open));
    for (((name, _), times), m) in filters.iter().zip(filtered).zip(&matched) {
        println!("filter {name:<13} {:.1} ms median ({m} rows)", median_ms(times));
    }
    println!(
        "History, 1st frame {:.1} ms median (loads the list, draws chart and table; budget 100 ms)",
        median_ms(first_frames)
    );
    println!(
        "History, filtered  {:.1} ms median (reload for one question and redraw; budget 100 ms)",
        median_ms(filter_frames)
    );
    println!("History, steady    {:.1} ms median frame", median_ms(steady));
    println!("CSV of all         {:.1} ms median ({csv_bytes} bytes; budget 1000 ms)", median_ms(csv));
    Ok(())
}
