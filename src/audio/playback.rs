//! Playing an answer back through an output device, with seek and speed.
//!
//! The audio callback reads the shared samples and a few atomics (seek request, speed,
//! playing): no locks, no allocation. Speed is applied by resampling on the fly, so pitch
//! follows speed, as on a tape deck.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};

/// Slowest and fastest playback the review screen offers.
pub const SPEED_RANGE: (f32, f32) = (0.75, 1.5);

const NO_SEEK: u64 = u64::MAX;

#[derive(Debug)]
struct Shared {
    /// Playhead in source frames, as f64 bits (written by the callback).
    position: AtomicU64,
    /// A pending seek in source frames (f64 bits), or NO_SEEK.
    seek: AtomicU64,
    speed_bits: AtomicU32,
    playing: AtomicBool,
    device_lost: AtomicBool,
}

/// Names of the output devices, for the device picker.
pub fn output_devices() -> Vec<String> {
    let host = cpal::default_host();
    host.output_devices().map(|d| d.map(|d| d.to_string()).collect()).unwrap_or_default()
}

/// One answer loaded for playback. Without an output device it still keeps a playhead (seek
/// works, play reports why it cannot).
pub struct Player {
    shared: Arc<Shared>,
    samples: Arc<[f32]>,
    rate: u32,
    output: Mutex<Output>,
    /// Dropping it ends the thread that owns the output stream.
    _keep_open: Option<Sender<()>>,
}

/// The output stream lives on its own thread: opening a device can take a while (ALSA probes
/// every card) and must not stall a frame, and the stream is not `Send` everywhere.
enum Output {
    Opening(Receiver<Result<(), String>>),
    Open,
    /// Why there is no sound.
    None(String),
}

impl Player {
    /// Loads mono `samples` at `rate`; opens `device` (None: system default) in the background
    /// unless `silent`.
    pub fn new(samples: Arc<[f32]>, rate: u32, device: Option<&str>, silent: bool) -> Self {
        let shared = Arc::new(Shared {
            position: AtomicU64::new(0f64.to_bits()),
            seek: AtomicU64::new(NO_SEEK),
            speed_bits: AtomicU32::new(1f32.to_bits()),
            playing: AtomicBool::new(false),
            device_lost: AtomicBool::new(false),
        });
        let rate = rate.max(1);
        if silent {
            return Self {
                shared,
                samples,
                rate,
                output: Mutex::new(Output::None("sound is off".into())),
                _keep_open: None,
            };
        }
        let (opened_tx, opened) = mpsc::channel();
        let (keep_open, closed) = mpsc::channel::<()>();
        let (thread_samples, thread_shared, device) = (samples.clone(), shared.clone(), device.map(str::to_string));
        let spawned = std::thread::Builder::new().name("starling-playback".into()).spawn(move || {
            match open_output(device.as_deref(), &thread_samples, rate, &thread_shared) {
                Ok(stream) => {
                    let _ = opened_tx.send(Ok(()));
                    // Holds the stream until the player is dropped.
                    let _ = closed.recv();
                    drop(stream);
                }
                Err(e) => {
                    let _ = opened_tx.send(Err(e));
                }
            }
        });
        let output = match spawned {
            Ok(_) => Output::Opening(opened),
            Err(e) => Output::None(format!("cannot start playback: {e}")),
        };
        Self { shared, samples, rate, output: Mutex::new(output), _keep_open: Some(keep_open) }
    }

    /// Why there is no sound (None while the device is opening or open).
    pub fn output_error(&self) -> Option<String> {
        match &*self.poll_output() {
            Output::None(e) => Some(e.clone()),
            _ => None,
        }
    }

    fn poll_output(&self) -> std::sync::MutexGuard<'_, Output> {
        let mut output = self.output.lock().unwrap_or_else(|e| e.into_inner());
        if let Output::Opening(rx) = &*output {
            match rx.try_recv() {
                Ok(Ok(())) => *output = Output::Open,
                Ok(Err(e)) => *output = Output::None(e),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => *output = Output::None("the playback thread ended".into()),
            }
        }
        output
    }

    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / self.rate as f64
    }

    /// The playhead in seconds (a pending seek counts as done).
    pub fn position_s(&self) -> f64 {
        let seek = self.shared.seek.load(Ordering::Acquire);
        let frames = if seek != NO_SEEK {
            f64::from_bits(seek)
        } else {
            f64::from_bits(self.shared.position.load(Ordering::Acquire))
        };
        frames / self.rate as f64
    }

    pub fn seek(&self, seconds: f64) {
        let frames = (seconds.clamp(0.0, self.duration_s()) * self.rate as f64).to_bits();
        // The callback, once running, takes the seek; until then the playhead is set directly.
        self.shared.seek.store(frames, Ordering::Release);
        if !matches!(*self.poll_output(), Output::Open) {
            self.shared.position.store(frames, Ordering::Release);
        }
    }

    pub fn is_playing(&self) -> bool {
        self.shared.playing.load(Ordering::Acquire)
    }

    /// Starts or pauses; from the end, play starts over. Returns why it cannot play.
    pub fn toggle(&self) -> Result<(), String> {
        match &*self.poll_output() {
            Output::None(e) => return Err(e.clone()),
            Output::Opening(_) => return Err("the speakers are still being opened; try again in a moment".into()),
            Output::Open => {}
        }
        if self.shared.device_lost.load(Ordering::Acquire) {
            return Err("the output device is gone; choose another in Settings".into());
        }
        let playing = !self.is_playing();
        if playing && self.position_s() >= self.duration_s() - 0.01 {
            self.seek(0.0);
        }
        self.shared.playing.store(playing, Ordering::Release);
        Ok(())
    }

    pub fn pause(&self) {
        self.shared.playing.store(false, Ordering::Release);
    }

    pub fn speed(&self) -> f32 {
        f32::from_bits(self.shared.speed_bits.load(Ordering::Relaxed))
    }

    pub fn set_speed(&self, speed: f32) {
        let s = speed.clamp(SPEED_RANGE.0, SPEED_RANGE.1);
        self.shared.speed_bits.store(s.to_bits(), Ordering::Relaxed);
    }
}

fn open_output(
    device: Option<&str>,
    samples: &Arc<[f32]>,
    rate: u32,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, String> {
    let host = cpal::default_host();
    let device = match device {
        None => host.default_output_device().ok_or("no output device: connect speakers or headphones")?,
        Some(name) => host
            .output_devices()
            .map_err(|e| e.to_string())?
            .find(|d| d.to_string() == name)
            .ok_or_else(|| format!("output device {name:?} not found"))?,
    };
    let config = device.default_output_config().map_err(|e| format!("cannot open the output device: {e}"))?;
    let stream = match config.sample_format() {
        SampleFormat::F32 => build::<f32>(&device, &config.into(), samples, rate, shared),
        SampleFormat::I16 => build::<i16>(&device, &config.into(), samples, rate, shared),
        SampleFormat::I32 => build::<i32>(&device, &config.into(), samples, rate, shared),
        SampleFormat::U16 => build::<u16>(&device, &config.into(), samples, rate, shared),
        other => return Err(format!("unsupported output sample format {other}")),
    }?;
    stream.play().map_err(|e| format!("cannot start the output device: {e}"))?;
    Ok(stream)
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    samples: &Arc<[f32]>,
    rate: u32,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, String>
where
    T: SizedSample + FromSample<f32>,
{
    let channels = config.channels as usize;
    let step = rate as f64 / config.sample_rate as f64;
    let samples = samples.clone();
    let state = shared.clone();
    let on_error = shared.clone();
    device
        .build_output_stream::<T, _, _>(
            *config,
            move |out: &mut [T], _| {
                let seek = state.seek.swap(NO_SEEK, Ordering::AcqRel);
                let mut pos = if seek != NO_SEEK {
                    f64::from_bits(seek)
                } else {
                    f64::from_bits(state.position.load(Ordering::Acquire))
                };
                let playing = state.playing.load(Ordering::Acquire);
                let advance = step * f32::from_bits(state.speed_bits.load(Ordering::Relaxed)) as f64;
                for frame in out.chunks_mut(channels) {
                    let v = if playing { interpolate(&samples, pos) } else { 0.0 };
                    if playing {
                        pos += advance;
                    }
                    frame.fill(T::from_sample(v));
                }
                if playing && pos >= samples.len() as f64 {
                    pos = samples.len() as f64;
                    state.playing.store(false, Ordering::Release);
                }
                state.position.store(pos.to_bits(), Ordering::Release);
            },
            move |_err| on_error.device_lost.store(true, Ordering::Release),
            None,
        )
        .map_err(|e| format!("cannot open the output device: {e}"))
}

/// Linear interpolation between neighbouring samples; silence past the end.
fn interpolate(samples: &[f32], pos: f64) -> f32 {
    let i = pos as usize;
    let Some(&a) = samples.get(i) else { return 0.0 };
    let b = samples.get(i + 1).copied().unwrap_or(a);
    let t = (pos - i as f64) as f32;
    a + (b - a) * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_player_keeps_a_playhead() {
        let p = Player::new(vec![0.0; 32_000].into(), 16_000, None, true);
        assert_eq!(p.duration_s(), 2.0);
        p.seek(1.25);
        assert!((p.position_s() - 1.25).abs() < 1e-9);
        p.seek(9.0);
        assert_eq!(p.position_s(), 2.0);
        assert!(p.toggle().unwrap_err().contains("off"));
        p.set_speed(3.0);
        assert_eq!(p.speed(), 1.5);
    }

    #[test]
    fn interpolation_is_linear_and_silent_past_the_end() {
        let s = [0.0, 1.0];
        assert_eq!(interpolate(&s, 0.25), 0.25);
        assert_eq!(interpolate(&s, 1.0), 1.0);
        assert_eq!(interpolate(&s, 2.0), 0.0);
    }
}
