//! The recorder's tests: capture from files and sample sources, limits, lost devices, locks.

use super::*;
use std::io::BufWriter;

fn mono_writer(path: &Path) -> hound::WavWriter<BufWriter<File>> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    hound::WavWriter::create(path, spec).unwrap()
}

/// A recording left running stops at its limit with every frame up to it kept and a
/// reason, and a file fed as the microphone says when it has gone in.
#[test]
fn a_recording_stops_at_its_length_limit_and_a_fed_file_says_when_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("long.wav");
    let source = CaptureSource::Samples { samples: vec![0.1f32; 48_000].into(), rate: 16_000, speed: 20.0 };
    let options = CaptureOptions {
        buffer: Duration::from_secs(4),
        max_duration: Duration::from_secs(1),
        ..CaptureOptions::default()
    };
    let recorder = Recorder::open(&source, &wav, options).unwrap();
    let started = Instant::now();
    while !recorder.has_failed() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let e = recorder.stop().unwrap_err();
    assert!(matches!(e, CaptureError::LimitReached { .. }) && e.to_string().contains("limit"), "{e}");
    assert_eq!(hound::WavReader::open(&wav).unwrap().duration(), 16_000);

    let short = CaptureSource::Samples { samples: vec![0.1f32; 8_000].into(), rate: 16_000, speed: 20.0 };
    let recorder = Recorder::open(&short, &dir.path().join("short.wav"), CaptureOptions::default()).unwrap();
    assert!(!recorder.source_ended());
    while !recorder.source_ended() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(recorder.source_ended());
    assert!(recorder.stop().is_ok());
}

/// The writer thread's work on a plain source: stereo in, mono 16-bit WAV out, all frames kept.
#[test]
fn drain_mixes_to_mono_and_finalizes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.wav");
    let (mut producer, consumer) = rtrb::RingBuffer::<f32>::new(50_000);
    for i in 0..20_000 {
        let v = (i as f32 / 20_000.0) - 0.5;
        producer.push(v).unwrap();
        producer.push(v).unwrap();
    }
    let writer = mono_writer(&path);
    // One pass drains at most a tenth of a second: stop only once everything is written.
    let status = Arc::new(CaptureStatus::default());
    let s2 = status.clone();
    let p2 = path.clone();
    let handle = std::thread::spawn(move || {
        drain(
            consumer,
            writer,
            2,
            &s2,
            Sink { path: p2, sample_rate: 16_000, tap: None, disk: None, max_frames: u64::MAX },
        )
    });
    while status.written_frames.load(Ordering::Relaxed) < 20_000 {
        std::thread::sleep(Duration::from_millis(5));
    }
    status.stop.store(true, Ordering::Release);
    let summary = handle.join().unwrap().unwrap();
    assert_eq!(summary.frames, 20_000);
    let samples: Vec<i16> = hound::WavReader::open(&path).unwrap().into_samples().map(|s| s.unwrap()).collect();
    assert_eq!(samples.len(), 20_000);
    assert_eq!(samples[0], (-0.5 * i16::MAX as f32) as i16);
}

#[test]
fn a_lost_device_keeps_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.wav");
    let (mut producer, consumer) = rtrb::RingBuffer::<f32>::new(8_000);
    for _ in 0..4_000 {
        producer.push(0.25).unwrap();
    }
    let status = CaptureStatus::default();
    status.device_lost.store(true, Ordering::Release);
    let writer = mono_writer(&path);
    let sink = Sink { path: path.clone(), sample_rate: 16_000, tap: None, disk: None, max_frames: u64::MAX };
    let err = drain(consumer, writer, 1, &status, sink).unwrap_err();
    assert!(matches!(err, CaptureError::DeviceLost(_)), "{err}");
    assert!(err.to_string().contains("kept"));
    assert_eq!(hound::WavReader::open(&path).unwrap().duration(), 1_600);
}

/// A file on a disk that fills up after `room` bytes: writes past it fail as a full disk
/// does, rewrites of bytes already there (the WAV header) still work.
struct FillingDisk {
    file: File,
    room: u64,
}

impl Write for FillingDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let at = self.file.stream_position()?;
        let len = self.file.metadata()?.len();
        let allowed = self.room.max(len).saturating_sub(at) as usize;
        if allowed == 0 {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        self.file.write(&buf[..buf.len().min(allowed)])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Seek for FillingDisk {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

/// The disk fills up mid-answer: the recording stops with a message that says so, and the
/// file is a valid WAV holding everything that fit.
#[test]
fn a_full_disk_stops_the_recording_and_keeps_what_was_captured() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.wav");
    let room = 44 + 2 * 24_000; // 1.5 s of 16 kHz mono
    let disk = FillingDisk {
        file: File::options().read(true).write(true).create(true).truncate(true).open(&path).unwrap(),
        room,
    };
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let writer = hound::WavWriter::new(BufWriter::new(disk), spec).unwrap();
    let (mut producer, consumer) = rtrb::RingBuffer::<f32>::new(64_000);
    for i in 0..48_000 {
        producer.push(((i % 100) as f32 / 100.0) - 0.5).unwrap();
    }
    let status = CaptureStatus::default();
    let sink = Sink { path: path.clone(), sample_rate: 16_000, tap: None, disk: None, max_frames: u64::MAX };
    let err = drain(consumer, writer, 1, &status, sink).unwrap_err();
    assert!(matches!(err, CaptureError::Write { .. }), "{err}");
    assert!(err.to_string().contains("kept"), "{err}");
    let kept = hound::WavReader::open(&path).unwrap();
    assert_eq!(kept.duration(), 24_000, "every sample that fit is readable");
    let samples: Vec<i16> = kept.into_samples().map(|s| s.unwrap()).collect();
    assert_eq!(samples[1], ((0.01f32 - 0.5) * i16::MAX as f32) as i16);
}

/// The system's default device that will not open is no microphone at all (ALSA lists a
/// default with no sound card); a device the user chose keeps the system's reason, and a
/// microphone the system withholds says where to allow it.
#[test]
fn a_device_that_will_not_open_is_told_in_the_users_terms() {
    use cpal::{Error, ErrorKind};
    let gone = || Error::new(ErrorKind::DeviceNotAvailable);
    assert!(matches!(CaptureError::opening(None, gone()), CaptureError::NoDevice));
    assert!(matches!(CaptureError::opening(None, Error::new(ErrorKind::HostUnavailable)), CaptureError::NoDevice));
    let chosen = CaptureError::opening(Some("USB headset"), gone());
    assert!(matches!(chosen, CaptureError::Open(_)), "{chosen}");
    let denied = CaptureError::opening(None, Error::new(ErrorKind::PermissionDenied)).to_string();
    assert!(denied.contains("Privacy") || denied.contains("audio group"), "{denied}");
    let busy = CaptureError::opening(None, Error::with_message(ErrorKind::DeviceBusy, "in use by another program"));
    assert_eq!(busy.to_string(), "cannot open the input device: in use by another program");
}
