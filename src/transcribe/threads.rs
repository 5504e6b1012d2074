//! How many threads whisper gets: the cores other programs leave free, not the cores there are.
//!
//! whisper.cpp's worker threads wait for each other at a spinning barrier after every step of
//! its graph. When another program holds a core, the thread that has to finish a step is
//! descheduled while the others spin through their time slices: with two busy processes on a
//! 2-core machine, two threads took 5.3x their idle time for a 60 s answer, one thread 2.2x
//! (tiny.en; README "Speed on a busy machine"). So each whisper call asks how busy the cores
//! were lately, leaving our own process's use out, and takes one thread per free core.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most this many threads: whisper gains little past it and each costs a state's buffers.
pub const MAX_THREADS: usize = 8;
/// The longest the first choice waits for the watcher's second reading.
const SHORT_WINDOW: Duration = Duration::from_millis(400);

/// Counters of the whole machine and of this process, in clock ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CpuTimes {
    /// Ticks the cores spent on anything but idling (stolen time counts as busy).
    pub busy: u64,
    /// Ticks the cores spent idle or waiting for disks.
    pub idle: u64,
    /// Ticks this process spent running (all its threads).
    pub own: u64,
}

impl CpuTimes {
    /// Cores other programs kept busy between `earlier` and `self`, out of `cores`.
    pub fn others_busy(&self, earlier: &CpuTimes, cores: usize) -> f64 {
        let busy = self.busy.saturating_sub(earlier.busy);
        let idle = self.idle.saturating_sub(earlier.idle);
        let own = self.own.saturating_sub(earlier.own);
        let total = busy + idle;
        if total == 0 {
            return 0.0;
        }
        busy.saturating_sub(own) as f64 / total as f64 * cores as f64
    }
}

/// The first line of `/proc/stat` and this process's user+system time from `/proc/self/stat`;
/// None where they cannot be read (not Linux, a sandbox without /proc).
pub fn read_cpu_times() -> Option<(CpuTimes, usize)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let own = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_cpu_times(&stat, &own)
}

/// Parses `/proc/stat` (the aggregate line and the per-core lines, for the count) and
/// `/proc/self/stat` (utime and stime, fields 14 and 15, counted after the command's closing
/// parenthesis because the command may hold spaces).
pub fn parse_cpu_times(stat: &str, own_stat: &str) -> Option<(CpuTimes, usize)> {
    let mut lines = stat.lines();
    let first = lines.next()?;
    let fields: Vec<u64> = first.strip_prefix("cpu ")?.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    if fields.len() < 4 {
        return None;
    }
    let at = |i: usize| fields.get(i).copied().unwrap_or(0);
    // user nice system idle iowait irq softirq steal (guest time is inside user already)
    let idle = at(3) + at(4);
    let busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
    let cores = lines.filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit)).count();
    let after_name = &own_stat[own_stat.rfind(')')? + 1..];
    let own_fields: Vec<&str> = after_name.split_whitespace().collect();
    // After ")" come state (field 3), ..., utime (14) and stime (15).
    let own = own_fields.get(11)?.parse::<u64>().ok()? + own_fields.get(12)?.parse::<u64>().ok()?;
    Some((CpuTimes { busy, idle, own }, cores.max(1)))
}

/// Threads for `free` free cores out of `usable` (what this process may use): one per free
/// core, rounded, at least one.
pub fn threads_for(free: f64, usable: usize) -> usize {
    (free.round().max(1.0) as usize).min(usable.clamp(1, MAX_THREADS))
}

/// Readings a quarter second apart, kept by a watcher thread: the load of the last two seconds or so,
/// read at once when whisper starts.
struct Watch {
    readings: std::collections::VecDeque<(Instant, CpuTimes)>,
    cores: usize,
}

/// How often the watcher reads the counters, and how far back a choice looks.
const WATCH_EVERY: Duration = Duration::from_millis(250);
const WATCH_SPAN: usize = 8;

static WATCH: Mutex<Option<Watch>> = Mutex::new(None);
static WATCHER: std::sync::Once = std::sync::Once::new();

/// Starts the watcher on first use: a thread that wakes four times a second to read two small
/// files, for as long as the program runs.
fn start_watching() {
    WATCHER.call_once(|| {
        let spawned = std::thread::Builder::new().name("cpu-load".into()).spawn(|| {
            loop {
                if let Some((times, cores)) = read_cpu_times()
                    && let Ok(mut watch) = WATCH.lock()
                {
                    let watch = watch.get_or_insert_with(|| Watch { readings: Default::default(), cores });
                    watch.readings.push_back((Instant::now(), times));
                    while watch.readings.len() > WATCH_SPAN {
                        watch.readings.pop_front();
                    }
                } else {
                    return; // no counters here: choices fall back to every usable core
                }
                std::thread::sleep(WATCH_EVERY);
            }
        });
        if let Err(e) = spawned {
            log::warn!("cannot watch the machine's load: {e}");
        }
    });
}

/// The cores this process may run on (affinity and quotas), at most [`MAX_THREADS`].
pub fn usable_cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).min(MAX_THREADS)
}

/// Cores other programs kept busy over the last ~2 s, with the cores counted; None until the
/// watcher has two readings.
fn others_busy_lately() -> Option<(f64, usize)> {
    let watch = WATCH.lock().ok()?;
    let watch = watch.as_ref()?;
    let (first, last) = (watch.readings.front()?, watch.readings.back()?);
    (last.0 > first.0).then(|| (last.1.others_busy(&first.1, watch.cores), watch.cores))
}

/// Threads for the whisper call about to start: one per core that other programs left free
/// over the last two seconds. The first call waits for the watcher's second reading.
pub fn choose() -> usize {
    let usable = usable_cores();
    start_watching();
    let deadline = Instant::now() + SHORT_WINDOW;
    let lately = loop {
        match others_busy_lately() {
            Some(lately) => break Some(lately),
            None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            None => break None,
        }
    };
    let Some((others, cores)) = lately else { return usable };
    // Busy cores we may not run on anyway (affinity, quotas) do not take ours.
    let free = (cores as f64 - others.max(0.0)).min(usable as f64);
    let threads = threads_for(free, usable);
    log::debug!("whisper threads: {threads} ({others:.2} of {cores} cores busy with other programs)");
    threads
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &str = "4242 (starling (x) 1) R 1 4242 4242 0 -1 4194304 5000 0 0 0 300 50 0 0 20 0 3 0 100 0 0";

    #[test]
    fn reads_the_machine_and_this_process() {
        let stat = "cpu  1000 10 200 5000 40 0 5 3 0 0\ncpu0 500 5 100 2500 20 0 2 1 0 0\ncpu1 500 5 100 2500 20 0 3 2 0 0\nintr 1\n";
        let (times, cores) = parse_cpu_times(stat, OWN).expect("parses");
        assert_eq!(cores, 2);
        assert_eq!(times, CpuTimes { busy: 1218, idle: 5040, own: 350 });
        assert!(parse_cpu_times("intr 1\n", OWN).is_none(), "no cpu line");
        assert!(parse_cpu_times(stat, "4242 (starling) R").is_none(), "no times for the process");
    }

    #[test]
    fn our_own_work_does_not_count_as_load() {
        let before = CpuTimes { busy: 0, idle: 0, own: 0 };
        // 2 cores over 1 s (200 ticks): 150 busy, of which 100 ours.
        let after = CpuTimes { busy: 150, idle: 50, own: 100 };
        assert!((after.others_busy(&before, 2) - 0.5).abs() < 1e-9);
        assert_eq!(after.others_busy(&after, 2), 0.0, "no time passed");
    }

    #[test]
    fn one_thread_per_free_core_and_never_none() {
        assert_eq!(threads_for(2.0, 2), 2, "idle machine");
        assert_eq!(threads_for(0.0, 2), 1, "two busy programs on two cores");
        assert_eq!(threads_for(1.0, 2), 1, "one busy program");
        assert_eq!(threads_for(1.6, 2), 2);
        assert_eq!(threads_for(31.0, 32), MAX_THREADS);
    }

    #[test]
    fn on_this_machine_the_choice_is_within_the_cores() {
        let threads = choose();
        assert!((1..=usable_cores()).contains(&threads));
        // Later calls read what the watcher saw rather than waiting.
        let t = Instant::now();
        assert!((1..=usable_cores()).contains(&choose()));
        assert!(t.elapsed() < Duration::from_millis(50));
    }
}
