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

/// Wall and CPU seconds (this process, all threads) of one analysis, and its word count.
fn time_analysis(wav: &Path, engine: &Engine, options: &PipelineOptions) -> Result<(f64, f64, usize)> {
    let cpu = threads::read_cpu_times().map(|(t, _)| t.own);
    let t = Instant::now();
    let analysis = pipeline::analyze_file(wav, engine, options)?;
    let wall = t.elapsed().as_secs_f64();
    let cpu_s = match (cpu, threads::read_cpu_times()) {
        (Some(before), Some((after, _))) => after.own.saturating_sub(before) as f64 / ticks_per_second(),
        _ => f64::NAN,
    };
    Ok((wall, cpu_s, analysis.report.words.len()))
}

/// The clock ticks `/proc` counts CPU time in.
fn ticks_per_second() -> f64 {
    #[cfg(unix)]
    // SAFETY: sysconf reads a constant of the system and touches no memory of ours.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    #[cfg(not(unix))]
    let ticks = 100;
    if ticks > 0 { ticks as f64 } else { 100.0 }
}

/// The cores a program gets beside `load` others that keep a core busy each: the scheduler
/// shares the `cores` equally between programs (Linux shares between sessions and apps, not
/// threads), and one program's thread can use one core at most.
pub fn fair_share(load: usize, cores: usize) -> f64 {
    (cores as f64 / (load + 1) as f64).min(1.0)
}

/// The least time an analysis that takes `one_thread_s` alone on one core (its least work) can
/// take with its [`fair_share`] of the machine.
pub fn fair_share_bound(one_thread_s: f64, load: usize, cores: usize) -> f64 {
    one_thread_s / fair_share(load, cores)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Idle (threads chosen), idle on one thread, loaded (threads chosen), loaded (one thread per
/// core, as before the choice), interleaved `runs` times; medians, their ratios to idle, and
/// the loaded run against the fair share of the machine a program can get.
pub fn bench_loaded(wav: &Path, engine: &Engine, load: usize, runs: usize) -> Result<ExitCode> {
    let options = PipelineOptions::default();
    let on_threads = |n: usize| PipelineOptions {
        whisper: crate::transcribe::WhisperSettings { threads: Some(n), ..options.whisper.clone() },
        ..options.clone()
    };
    let (every_core, one_thread) = (on_threads(threads::usable_cores()), on_threads(1));
    let audio_s = crate::audio::load_speech(wav)?.duration_s();
    // Warm-up: first-touch page faults of the model and buffers.
    time_analysis(wav, engine, &options)?;
    let (mut idle, mut one, mut chosen, mut chosen_cpu, mut every) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut idle_threads, mut loaded_threads) = (0, 0);
    let mut words = (0, 0);
    for _ in 0..runs.max(1) {
        std::thread::sleep(Duration::from_secs(1));
        idle_threads = threads::choose();
        let (s, _, w) = time_analysis(wav, engine, &options)?;
        idle.push(s);
        words.0 = w;
        one.push(time_analysis(wav, engine, &one_thread)?.0);
        let busy = BusyPrograms::start(load)?;
        loaded_threads = threads::choose();
        let (s, cpu, w) = time_analysis(wav, engine, &options)?;
        chosen.push(s);
        chosen_cpu.push(cpu / s);
        words.1 = w;
        every.push(time_analysis(wav, engine, &every_core)?.0);
        drop(busy);
    }
    let (i, o, c, e) = (median(&mut idle), median(&mut one), median(&mut chosen), median(&mut every));
    let cores = threads::usable_cores();
    let bound = fair_share_bound(o, load, cores);
    println!("audio              {audio_s:.1} s ({}), model {}", wav.display(), engine.info().label());
    println!(
        "machine            {cores} usable cores; {load} busy programs while loaded; {} runs of each, interleaved",
        runs.max(1)
    );
    println!("idle               {i:.2} s median, whisper threads chosen: {idle_threads} ({} words)", words.0);
    println!("idle, one thread   {o:.2} s median ({:.2}x the chosen threads' time)", o / i);
    println!(
        "loaded, chosen     {c:.2} s median ({:.2}x idle), whisper threads chosen: {loaded_threads} ({} words); used {:.2} cores",
        c / i,
        words.1,
        median(&mut chosen_cpu)
    );
    println!("loaded, every core {e:.2} s median ({:.2}x idle), {cores} threads", e / i);
    println!(
        "fair share         a program gets {:.2} of the {cores} cores beside {load} busy ones: at best {bound:.2} s ({:.2}x idle); the chosen threads took {:.2}x that",
        fair_share(load, cores),
        bound / i,
        c / bound
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::fair_share_bound;

    #[test]
    fn a_fair_share_is_the_cores_split_between_programs_and_at_most_one_core_per_thread() {
        // Two busy programs on two cores: each of three programs gets two thirds of a core.
        assert!((fair_share_bound(30.0, 2, 2) - 45.0).abs() < 1e-9);
        // One busy program on two cores: a whole core, as on an idle machine.
        assert!((fair_share_bound(30.0, 1, 2) - 30.0).abs() < 1e-9);
        // Seven busy programs on four cores: half a core.
        assert!((fair_share_bound(30.0, 7, 4) - 60.0).abs() < 1e-9);
    }
}
