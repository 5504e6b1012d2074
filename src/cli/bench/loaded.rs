//! `starling bench --load N`: the same answer analyzed on an idle machine and while N other
//! programs keep a core busy each, side by side in one run, as a laptop with a browser and a
//! build running would see it.

use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::pipeline::{self, PipelineOptions};
use crate::transcribe::{Engine, threads};

/// N busy programs, each in its own session (as other apps are, so the scheduler shares the
/// cores between programs rather than between threads of one); stopped when dropped.
pub struct BusyPrograms(Vec<Child>);

impl BusyPrograms {
    pub fn start(n: usize) -> Result<Self> {
        let exe = std::env::current_exe().context("finding this program to start the busy programs")?;
        let mut children = Vec::with_capacity(n);
        for _ in 0..n {
            let mut command = Command::new(&exe);
            command.arg("busy-loop").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
            #[cfg(unix)]
            {
                use std::os::unix::process::CommandExt;
                // SAFETY: setsid is async-signal-safe and touches no memory of ours.
                unsafe {
                    command.pre_exec(|| {
                        libc::setsid();
                        Ok(())
                    });
                }
            }
            children.push(command.spawn().context("starting a busy program")?);
        }
        // Let the scheduler (and our thread choice's window) see them.
        std::thread::sleep(Duration::from_secs(2));
        Ok(Self(children))
    }
}

impl Drop for BusyPrograms {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What a busy program does: spin until killed.
pub fn busy_loop() -> ! {
    let mut x = 0u64;
    loop {
        x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
    }
}

fn time_analysis(wav: &Path, engine: &Engine, options: &PipelineOptions) -> Result<(f64, usize)> {
    let t = Instant::now();
    let analysis = pipeline::analyze_file(wav, engine, options)?;
    Ok((t.elapsed().as_secs_f64(), analysis.report.words.len()))
}

/// Idle (threads chosen), loaded (threads chosen), loaded (one thread per core, as before the
/// choice), interleaved `runs` times; medians and their ratios to idle.
pub fn bench_loaded(wav: &Path, engine: &Engine, load: usize, runs: usize) -> Result<ExitCode> {
    let options = PipelineOptions::default();
    let every_core = PipelineOptions {
        whisper: crate::transcribe::WhisperSettings { threads: Some(threads::usable_cores()), ..options.whisper.clone() },
        ..options.clone()
    };
    let audio_s = crate::audio::load_speech(wav)?.duration_s();
    // Warm-up: first-touch page faults of the model and buffers.
    time_analysis(wav, engine, &options)?;
    let (mut idle, mut chosen, mut every) = (Vec::new(), Vec::new(), Vec::new());
    let (mut idle_threads, mut loaded_threads) = (0, 0);
    let mut words = (0, 0);
    for _ in 0..runs.max(1) {
        std::thread::sleep(Duration::from_secs(1));
        idle_threads = threads::choose();
        let (s, w) = time_analysis(wav, engine, &options)?;
        idle.push(s);
        words.0 = w;
        let busy = BusyPrograms::start(load)?;
        loaded_threads = threads::choose();
        let (s, w) = time_analysis(wav, engine, &options)?;
        chosen.push(s);
        words.1 = w;
        every.push(time_analysis(wav, engine, &every_core)?.0);
        drop(busy);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (i, c, e) = (median(&mut idle), median(&mut chosen), median(&mut every));
    println!("audio              {audio_s:.1} s ({}), model {}", wav.display(), engine.info().label());
    println!("machine            {} usable cores; {load} busy programs while loaded; {} runs of each, interleaved", threads::usable_cores(), runs.max(1));
    println!("idle               {i:.2} s median, whisper threads chosen: {idle_threads} ({} words)", words.0);
    println!("loaded, chosen     {c:.2} s median ({:.2}x idle), whisper threads chosen: {loaded_threads} ({} words)", c / i, words.1);
    println!("loaded, every core {e:.2} s median ({:.2}x idle), {} threads", e / i, threads::usable_cores());
    Ok(ExitCode::SUCCESS)
}
