//! Recording from an input device straight to disk.
//!
//! The audio callback only copies samples into a lock-free ring buffer and updates two
//! atomics (level, dropped frames): no locks, no allocation, no resampling. A writer thread
//! drains the ring, mixes to mono and appends 16-bit samples to the WAV file, rewriting its
//! header every half second and syncing the file to the disk every second: a crash or kill
//! loses at most what the write buffer held (a fraction of a second), a power loss at most
//! the last second, and the store repairs the header of whatever was cut off.

use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CaptureError {
    #[error("no input device: connect a microphone or choose one in Settings")]
    NoDevice,
    #[error("input device {0:?} not found")]
    DeviceNotFound(String),
    #[error("cannot open the input device: {0}")]
    Open(String),
    #[error("{}", MICROPHONE_DENIED)]
    Denied,
    #[error("the input device stopped ({0}); what was captured until then is kept")]
    DeviceLost(String),
    #[error("{}: cannot write the recording ({reason}); what was captured until then is kept", path.display())]
    Write { path: PathBuf, reason: String },
    #[error("the recording reached its {:.0}-minute limit and stopped; everything up to it is kept", limit_s / 60.0)]
    LimitReached { limit_s: f64 },
}

/// What to do when the system keeps the microphone from us, in the system's own words.
const MICROPHONE_DENIED: &str = if cfg!(windows) {
    "Windows does not let Starling use the microphone: turn on \"Let desktop apps access your microphone\" in Settings > Privacy & security > Microphone"
} else if cfg!(target_os = "macos") {
    "macOS does not let Starling use the microphone: allow it in System Settings > Privacy & Security > Microphone"
} else {
    "the system does not let Starling use the microphone: check that your user may use audio devices (the audio group)"
};

impl CaptureError {
    /// A device that will not open, in the user's terms: the system's default device that is
    /// not there is no microphone at all (ALSA lists a default even with no sound card).
    fn opening(chosen: Option<&str>, e: cpal::Error) -> Self {
        match e.kind() {
            cpal::ErrorKind::PermissionDenied => Self::Denied,
            cpal::ErrorKind::DeviceNotAvailable | cpal::ErrorKind::HostUnavailable if chosen.is_none() => {
                Self::NoDevice
            }
            _ => Self::Open(e.to_string()),
        }
    }
}

/// Names of the input devices, for the device picker.
pub fn input_devices() -> Vec<String> {
    let host = cpal::default_host();
    host.input_devices().map(|d| d.map(|d| d.to_string()).collect()).unwrap_or_default()
}

/// State shared between the audio callback, the writer thread and the UI.
#[derive(Debug, Default)]
pub struct CaptureStatus {
    /// Frames the ring buffer had no room for (the writer fell behind).
    pub dropped_frames: AtomicU64,
    /// Frames written to disk.
    pub written_frames: AtomicU64,
    /// Highest peak since the level meter last looked, as f32 bits (for non-negative floats
    /// the bit patterns order like the values, so `fetch_max` works without a lock).
    level_bits: AtomicU32,
    pub paused: AtomicBool,
    stop: AtomicBool,
    /// Set by the stream's error callback when the device goes away.
    device_lost: AtomicBool,
    /// Set by a file fed as the microphone once all of it has gone in.
    source_ended: AtomicBool,
}

impl CaptureStatus {
    /// The highest peak since the last call (0..1), for the level meter.
    pub fn take_level(&self) -> f32 {
        f32::from_bits(self.level_bits.swap(0, Ordering::Relaxed))
    }
}

/// What a finished recording holds.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureSummary {
    pub path: PathBuf,
    pub sample_rate: u32,
    pub frames: u64,
    pub dropped_frames: u64,
}

/// Where a recording's audio comes from.
#[derive(Clone)]
pub enum CaptureSource {
    /// An input device by name; None for the system default.
    Device(Option<String>),
    /// Mono samples fed through the same ring buffer and writer as a device, `speed` times
    /// faster than real time: the app's flows are tested with it, and `bench live` uses it.
    Samples { samples: Arc<[f32]>, rate: u32, speed: f32 },
}

impl std::fmt::Debug for CaptureSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Device(name) => write!(f, "Device({name:?})"),
            Self::Samples { samples, rate, speed } => write!(f, "Samples({} at {rate} Hz, x{speed})", samples.len()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CaptureOptions {
    /// How much audio the ring buffer holds; devices that are not paced in real time
    /// (file-backed test devices) need more than the whole input.
    pub buffer: Duration,
    /// Receives every batch of mono samples once it is on disk (live transcription).
    pub tap: Option<std::sync::mpsc::Sender<Vec<f32>>>,
    /// Recording stops here: as long as an answer can be analyzed.
    pub max_duration: Duration,
}

impl Default for CaptureOptions {
    fn default() -> Self {
        Self { buffer: DEFAULT_BUFFER, tap: None, max_duration: Duration::from_secs_f64(super::wav::MAX_DURATION_S) }
    }
}

/// What produces the audio: a device stream, or a thread feeding samples.
enum Input {
    Stream(cpal::Stream),
    Feeder(JoinHandle<()>),
}

/// A recording in progress; stop it with [`Recorder::stop`].
pub struct Recorder {
    input: Input,
    status: Arc<CaptureStatus>,
    writer: JoinHandle<Result<CaptureSummary, CaptureError>>,
    pub sample_rate: u32,
    pub device_name: String,
    /// Held until the recorder stops: recovery leaves a recording in progress alone.
    _lock: crate::files::WriteLock,
}

/// Two seconds of the device's audio: room for the writer thread to stall on a slow disk.
pub const DEFAULT_BUFFER: Duration = Duration::from_secs(2);
const HEADER_EVERY: Duration = Duration::from_millis(500);
const SYNC_EVERY: Duration = Duration::from_secs(1);

impl Recorder {
    /// Starts recording `device` (by name; None for the system default) into `path`.
    pub fn start(device: Option<&str>, path: &Path) -> Result<Self, CaptureError> {
        Self::start_with_buffer(device, path, DEFAULT_BUFFER)
    }

    /// As [`Recorder::start`], with the ring buffer holding `buffer` of audio.
    pub fn start_with_buffer(device: Option<&str>, path: &Path, buffer: Duration) -> Result<Self, CaptureError> {
        let options = CaptureOptions { buffer, ..CaptureOptions::default() };
        Self::open(&CaptureSource::Device(device.map(str::to_string)), path, options)
    }

    /// Starts recording `source` into a mono 16-bit WAV at `path`.
    pub fn open(source: &CaptureSource, path: &Path, options: CaptureOptions) -> Result<Self, CaptureError> {
        let lock = crate::files::WriteLock::acquire(path)
            .map_err(|e| CaptureError::Write { path: path.to_path_buf(), reason: e.to_string() })?
            .ok_or_else(|| CaptureError::Write {
                path: path.to_path_buf(),
                reason: "another Starling is recording into it".into(),
            })?;
        let status = Arc::new(CaptureStatus::default());
        let ring = |rate: u32, channels: usize| {
            let capacity = (rate as f64 * channels as f64 * options.buffer.as_secs_f64()).ceil().max(1024.0) as usize;
            rtrb::RingBuffer::<f32>::new(capacity)
        };
        let (input, consumer, sample_rate, channels, device_name) = match source {
            CaptureSource::Device(name) => {
                let device = find_input(name.as_deref())?;
                let device_name = device.to_string();
                let config = device.default_input_config().map_err(|e| CaptureError::opening(name.as_deref(), e))?;
                let sample_rate = config.sample_rate();
                let channels = config.channels() as usize;
                let (producer, consumer) = ring(sample_rate, channels);
                let stream = match config.sample_format() {
                    SampleFormat::F32 => build::<f32>(&device, &config.into(), producer, &status, channels),
                    SampleFormat::I16 => build::<i16>(&device, &config.into(), producer, &status, channels),
                    SampleFormat::I32 => build::<i32>(&device, &config.into(), producer, &status, channels),
                    SampleFormat::U16 => build::<u16>(&device, &config.into(), producer, &status, channels),
                    SampleFormat::I8 => build::<i8>(&device, &config.into(), producer, &status, channels),
                    other => return Err(CaptureError::Open(format!("unsupported device sample format {other}"))),
                }
                .map_err(|e| CaptureError::opening(name.as_deref(), e))?;
                (Input::Stream(stream), consumer, sample_rate, channels, device_name)
            }
            CaptureSource::Samples { samples, rate, speed } => {
                let (producer, consumer) = ring(*rate, 1);
                let feeder = spawn_feeder(samples.clone(), *rate, *speed, producer, status.clone())?;
                (Input::Feeder(feeder), consumer, *rate, 1, "audio file fed as the microphone".to_string())
            }
        };
        let spec =
            hound::WavSpec { channels: 1, sample_rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
        let writer = hound::WavWriter::create(path, spec)
            .map_err(|e| CaptureError::Write { path: path.to_path_buf(), reason: e.to_string() })?;
        if let Input::Stream(stream) = &input {
            stream.play().map_err(|e| CaptureError::opening(Some(device_name.as_str()), e))?;
        }
        let thread_status = status.clone();
        // A second handle on the same file: syncing it flushes the writer's data to the disk.
        let disk = File::open(path).ok();
        let max_frames = (options.max_duration.as_secs_f64() * sample_rate as f64) as u64;
        let sink = Sink { path: path.to_path_buf(), sample_rate, tap: options.tap, disk, max_frames };
        let writer = std::thread::Builder::new()
            .name("starling-capture-writer".into())
            .spawn(move || drain(consumer, writer, channels, &thread_status, sink))
            .map_err(|e| CaptureError::Open(e.to_string()))?;
        Ok(Self { input, status, writer, sample_rate, device_name, _lock: lock })
    }

    pub fn status(&self) -> &Arc<CaptureStatus> {
        &self.status
    }

    /// Pausing keeps the stream open but discards input, so resuming is instant.
    pub fn set_paused(&self, paused: bool) {
        self.status.paused.store(paused, Ordering::Relaxed);
    }

    /// Seconds of audio on disk so far (pauses excluded).
    pub fn recorded_s(&self) -> f64 {
        self.status.written_frames.load(Ordering::Relaxed) as f64 / self.sample_rate as f64
    }

    /// True once a file fed as the microphone has gone in whole.
    pub fn source_ended(&self) -> bool {
        self.status.source_ended.load(Ordering::Acquire)
    }

    /// True once the recording cannot continue (device lost, disk full, length limit); `stop` says why.
    pub fn has_failed(&self) -> bool {
        self.writer.is_finished()
    }

    /// Stops the device, writes what is buffered and finalizes the WAV header.
    pub fn stop(self) -> Result<CaptureSummary, CaptureError> {
        self.status.stop.store(true, Ordering::Release);
        match self.input {
            Input::Stream(stream) => drop(stream),
            Input::Feeder(feeder) => {
                let _ = feeder.join();
            }
        }
        self.writer.join().unwrap_or_else(|_| Err(CaptureError::DeviceLost("the writer thread panicked".into())))
    }
}

fn find_input(name: Option<&str>) -> Result<cpal::Device, CaptureError> {
    let host = cpal::default_host();
    match name {
        None => host.default_input_device().ok_or(CaptureError::NoDevice),
        Some(name) => host
            .input_devices()
            .map_err(|e| CaptureError::Open(e.to_string()))?
            .find(|d| d.to_string() == name)
            .ok_or_else(|| CaptureError::DeviceNotFound(name.to_string())),
    }
}

/// What the audio callback does with one block: push into the ring, update level and drops.
fn push_block(
    producer: &mut rtrb::Producer<f32>,
    status: &CaptureStatus,
    data: impl Iterator<Item = f32>,
    channels: usize,
) {
    if status.paused.load(Ordering::Relaxed) {
        status.level_bits.store(0f32.to_bits(), Ordering::Relaxed);
        return;
    }
    let mut peak = 0f32;
    let mut dropped = 0usize;
    for v in data {
        peak = peak.max(v.abs());
        if producer.push(v).is_err() {
            dropped += 1;
        }
    }
    status.level_bits.fetch_max(peak.to_bits(), Ordering::Relaxed);
    if dropped > 0 {
        status.dropped_frames.fetch_add(dropped.div_ceil(channels) as u64, Ordering::Relaxed);
    }
}

/// Feeds samples in 10 ms blocks at `speed` times real time, like a device callback; then
/// keeps delivering silence, as a quiet microphone would, until stopped.
fn spawn_feeder(
    samples: Arc<[f32]>,
    rate: u32,
    speed: f32,
    mut producer: rtrb::Producer<f32>,
    status: Arc<CaptureStatus>,
) -> Result<JoinHandle<()>, CaptureError> {
    let block = (rate as usize / 100).max(1);
    let period = Duration::from_secs_f64(0.01 / speed.max(0.01) as f64);
    std::thread::Builder::new()
        .name("starling-test-source".into())
        .spawn(move || {
            let start = Instant::now();
            let mut offset = 0usize;
            let mut n: u32 = 0;
            while !status.stop.load(Ordering::Acquire) {
                let end = (offset + block).min(samples.len());
                let data = samples[offset.min(end)..end]
                    .iter()
                    .copied()
                    .chain(std::iter::repeat_n(0.0, block - (end - offset.min(end))));
                push_block(&mut producer, &status, data, 1);
                offset = end;
                if offset == samples.len() {
                    status.source_ended.store(true, Ordering::Release);
                }
                n += 1;
                if let Some(wait) = (period * n).checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
        })
        .map_err(|e| CaptureError::Open(e.to_string()))
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    mut producer: rtrb::Producer<f32>,
    status: &Arc<CaptureStatus>,
    channels: usize,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    let on_data = status.clone();
    let on_error = status.clone();
    device.build_input_stream::<T, _, _>(
        *config,
        move |data: &[T], _| push_block(&mut producer, &on_data, data.iter().map(|&s| s.to_sample::<f32>()), channels),
        move |_err| on_error.device_lost.store(true, Ordering::Release),
        None,
    )
}

/// Where the writer thread puts the audio.
struct Sink {
    path: PathBuf,
    sample_rate: u32,
    tap: Option<std::sync::mpsc::Sender<Vec<f32>>>,
    /// Synced every second so a power loss costs at most that; None where it cannot be opened.
    disk: Option<File>,
    max_frames: u64,
}

/// The writer thread: ring buffer -> mono i16 -> WAV, header refreshed twice a second.
fn drain<W: Write + Seek>(
    mut consumer: rtrb::Consumer<f32>,
    mut writer: hound::WavWriter<W>,
    channels: usize,
    status: &CaptureStatus,
    sink: Sink,
) -> Result<CaptureSummary, CaptureError> {
    let Sink { path, sample_rate, tap, disk, max_frames } = sink;
    let write_err = |e: hound::Error| CaptureError::Write { path: path.clone(), reason: e.to_string() };
    let mut frame = Vec::with_capacity(channels);
    let mut frames: u64 = 0;
    let mut last_header = Instant::now();
    let mut last_sync = Instant::now();
    let mut failure = None;
    loop {
        let stopping = status.stop.load(Ordering::Acquire);
        // Bounded batches: a device that delivers faster than we write must not keep this
        // loop from updating the status, the header and the stop flag.
        let batch = consumer.slots().min(sample_rate as usize * channels / 10);
        let mut drained = 0usize;
        let mut tapped = Vec::with_capacity(if tap.is_some() { batch / channels + 1 } else { 0 });
        while drained < batch
            && let Ok(v) = consumer.pop()
        {
            drained += 1;
            frame.push(v);
            if frame.len() == channels {
                let mono = frame.iter().sum::<f32>() / channels as f32;
                frame.clear();
                let stored = (mono.clamp(-1.0, 1.0) * i16::MAX as f32) as i16;
                if let Err(e) = writer.write_sample(stored) {
                    failure = Some(write_err(e));
                    break;
                }
                frames += 1;
                if tap.is_some() {
                    // The sample as the file gives it back, so that the live transcription
                    // hears what `starling analyze` of the saved answer hears.
                    tapped.push(super::wav::from_i16(stored));
                }
                if frames >= max_frames {
                    failure = Some(CaptureError::LimitReached { limit_s: max_frames as f64 / sample_rate as f64 });
                    break;
                }
            }
        }
        if let Some(tap) = &tap
            && !tapped.is_empty()
        {
            // The listener may be gone (transcription failed); the recording goes on.
            let _ = tap.send(tapped);
        }
        status.written_frames.store(frames, Ordering::Relaxed);
        if failure.is_some() {
            break;
        }
        if last_header.elapsed() >= HEADER_EVERY {
            if let Err(e) = writer.flush() {
                failure = Some(write_err(e));
                break;
            }
            last_header = Instant::now();
            if let Some(disk) = &disk
                && last_sync.elapsed() >= SYNC_EVERY
            {
                if let Err(e) = disk.sync_data() {
                    failure = Some(write_err(hound::Error::IoError(e)));
                    break;
                }
                last_sync = Instant::now();
            }
        }
        if status.device_lost.load(Ordering::Acquire) {
            failure = Some(CaptureError::DeviceLost("the device reported an error or was unplugged".into()));
            break;
        }
        if stopping {
            break;
        }
        if drained == 0 {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    // Keep what was captured whatever happened: a valid header over the samples written.
    let finalized = writer.finalize();
    if let Some(f) = failure {
        // A full disk also fails the header update (the write buffer cannot drain first):
        // fit the header to what reached the file instead.
        if let Err(e) = super::wav::repair_header(&path) {
            eprintln!("starling: could not repair the header of {}: {e}", path.display());
        }
        return Err(f);
    }
    finalized.map_err(write_err)?;
    Ok(CaptureSummary { path, sample_rate, frames, dropped_frames: status.dropped_frames.load(Ordering::Relaxed) })
}

#[cfg(test)]
#[path = "capture_tests.rs"]
mod tests;
