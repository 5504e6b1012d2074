//! Reading WAV files of any PCM or float layout into normalized `f32` frames.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use hound::{SampleFormat, WavReader};

use super::AudioError;

/// Longest answer we accept; longer files are almost certainly the wrong file, and an hour of
/// 48 kHz stereo would need gigabytes before resampling.
pub const MAX_DURATION_S: f64 = 30.0 * 60.0;
/// Shorter than this, whisper has nothing to work with and no measure means anything.
pub const MIN_DURATION_S: f64 = 0.5;

/// Interleaved samples in -1.0..=1.0 with their layout, straight from the file.
#[derive(Debug, Clone)]
pub struct DecodedAudio {
    pub samples: Vec<f32>,
    pub channels: u16,
    pub sample_rate: u32,
}

impl DecodedAudio {
    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels.max(1) as usize
    }

    pub fn duration_s(&self) -> f64 {
        self.frames() as f64 / self.sample_rate as f64
    }
}

/// Reads a WAV file, checking its layout and length before decoding the samples.
pub fn read_wav(path: &Path) -> Result<DecodedAudio, AudioError> {
    let err = |reason: String| AudioError::Unreadable { path: path.to_path_buf(), reason };
    let file = File::open(path).map_err(|e| AudioError::Open { path: path.to_path_buf(), source: e })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(AudioError::Empty { path: path.to_path_buf() });
    }
    let reader = match WavReader::new(BufReader::new(file)) {
        Ok(r) => r,
        Err(e) => {
            // Name the encoding when the header is a WAV header we simply do not decode.
            if let Some(format) = fmt_chunk(path).and_then(|f| f.unsupported()) {
                return Err(AudioError::UnsupportedFormat { path: path.to_path_buf(), format });
            }
            return Err(err(describe_hound(e)));
        }
    };
    let spec = reader.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(err(format!("{} channels at {} Hz is not audio", spec.channels, spec.sample_rate)));
    }
    if !(1000..=384_000).contains(&spec.sample_rate) {
        return Err(err(format!("unsupported sample rate {} Hz", spec.sample_rate)));
    }
    let declared_frames = reader.duration() as u64;
    if declared_frames == 0 {
        return Err(AudioError::Empty { path: path.to_path_buf() });
    }
    check_duration(path, declared_frames as f64 / spec.sample_rate as f64)?;

    let plain_layout = fmt_chunk(path).is_some_and(|f| f.is_plain(spec.channels, spec.bits_per_sample));
    let samples = match (spec.sample_format, spec.bits_per_sample) {
        // Bulk conversion of the data chunk: 5x faster than hound's per-sample iterator, which
        // dominated the pipeline's own cost on long 48 kHz stereo recordings.
        (format, bits) if plain_layout => {
            let expected = reader.len() as usize * (bits as usize / 8);
            read_plain(path, reader.into_inner(), expected, bits, format == SampleFormat::Float)?
        }
        (SampleFormat::Float, 32) => collect(path, reader.into_samples::<f32>(), |s| s)?,
        (SampleFormat::Int, bits @ 1..=8) => collect(path, reader.into_samples::<i8>(), |s| scale(s as i32, bits))?,
        (SampleFormat::Int, bits @ 9..=16) => collect(path, reader.into_samples::<i16>(), |s| scale(s as i32, bits))?,
        (SampleFormat::Int, bits @ 17..=32) => collect(path, reader.into_samples::<i32>(), |s| scale(s, bits))?,
        (format, bits) => {
            return Err(AudioError::UnsupportedFormat {
                path: path.to_path_buf(),
                format: format!("{bits}-bit {}", if format == SampleFormat::Float { "float" } else { "integer" }),
            });
        }
    };
    let audio = DecodedAudio { samples, channels: spec.channels, sample_rate: spec.sample_rate };
    if audio.frames() == 0 {
        return Err(AudioError::Empty { path: path.to_path_buf() });
    }
    check_duration(path, audio.duration_s())?;
    Ok(audio)
}

fn check_duration(path: &Path, seconds: f64) -> Result<(), AudioError> {
    if seconds > MAX_DURATION_S {
        return Err(AudioError::TooLong { path: path.to_path_buf(), seconds, limit: MAX_DURATION_S });
    }
    if seconds < MIN_DURATION_S {
        return Err(AudioError::TooShort { path: path.to_path_buf(), seconds, minimum: MIN_DURATION_S });
    }
    Ok(())
}

/// Maps a signed integer sample of `bits` width to -1.0..1.0.
fn scale(sample: i32, bits: u16) -> f32 {
    sample as f32 / (1u64 << (bits - 1)) as f32
}

/// Collects samples; a file whose data ends before its header says is reported as truncated
/// (recordings cut off by a crash get their header repaired by the store before analysis).
fn collect<S, I, F>(path: &Path, samples: I, convert: F) -> Result<Vec<f32>, AudioError>
where
    I: Iterator<Item = hound::Result<S>>,
    F: Fn(S) -> f32,
{
    let mut out = Vec::with_capacity(samples.size_hint().0);
    for sample in samples {
        match sample {
            Ok(s) => {
                let v = convert(s);
                if !v.is_finite() {
                    return Err(AudioError::Unreadable {
                        path: path.to_path_buf(),
                        reason: "the file holds samples that are not numbers (NaN or infinite)".into(),
                    });
                }
                out.push(v);
            }
            Err(hound::Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(AudioError::Truncated { path: path.to_path_buf(), samples_read: out.len() });
            }
            Err(e) => return Err(AudioError::Unreadable { path: path.to_path_buf(), reason: describe_hound(e) }),
        }
    }
    Ok(out)
}

/// The `fmt ` chunk fields that decide how samples are laid out.
struct FmtChunk {
    tag: u16,
    channels: u16,
    block_align: u16,
    bits: u16,
}

impl FmtChunk {
    /// Names encodings hound does not decode (A-law, mu-law, ADPCM, 64-bit float, ...).
    fn unsupported(&self) -> Option<String> {
        match (self.tag, self.bits) {
            (1, 1..=32) | (3, 32) => None,
            (1, b) => Some(format!("{b}-bit integer PCM")),
            (3, b) => Some(format!("{b}-bit float")),
            (6, _) => Some("A-law".into()),
            (7, _) => Some("mu-law".into()),
            (2 | 0x11, _) => Some("ADPCM".into()),
            (0x55, _) => Some("MP3 inside WAV".into()),
            (t, _) => Some(format!("WAV encoding 0x{t:04x}")),
        }
    }

    /// Whole-byte samples packed without padding: safe to convert in bulk.
    fn is_plain(&self, channels: u16, bits: u16) -> bool {
        matches!(self.tag, 1 | 3)
            && self.channels == channels
            && matches!(bits, 8 | 16 | 24 | 32)
            && self.bits == bits
            && self.block_align as u32 == channels as u32 * bits as u32 / 8
    }
}

/// Finds and reads the `fmt ` chunk within the first 64 KiB of a RIFF/WAVE file.
fn fmt_chunk(path: &Path) -> Option<FmtChunk> {
    let mut bytes = Vec::new();
    File::open(path).ok()?.take(64 * 1024).read_to_end(&mut bytes).ok()?;
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return None;
    }
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
    let mut pos = 12;
    while pos + 8 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().ok()?) as usize;
        if &bytes[pos..pos + 4] == b"fmt " && pos + 8 + 16 <= bytes.len() {
            let f = &bytes[pos + 8..];
            let mut tag = u16_at(f, 0);
            if tag == 0xFFFE && len >= 40 && f.len() >= 26 {
                tag = u16_at(f, 24); // WAVE_FORMAT_EXTENSIBLE: the sub-format's tag
            }
            return Some(FmtChunk { tag, channels: u16_at(f, 2), block_align: u16_at(f, 12), bits: u16_at(f, 14) });
        }
        pos += 8 + len + (len & 1);
    }
    None
}

/// Converts a packed little-endian data chunk; `expected` is its length in bytes.
fn read_plain(path: &Path, data: impl Read, expected: usize, bits: u16, float: bool) -> Result<Vec<f32>, AudioError> {
    let mut bytes = Vec::with_capacity(expected);
    data.take(expected as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| AudioError::Unreadable { path: path.to_path_buf(), reason: e.to_string() })?;
    let width = bits as usize / 8;
    if bytes.len() < expected {
        return Err(AudioError::Truncated { path: path.to_path_buf(), samples_read: bytes.len() / width });
    }
    let samples: Vec<f32> = match (width, float) {
        (4, true) => bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
        (1, false) => bytes.iter().map(|&b| (b as f32 - 128.0) / 128.0).collect(),
        (2, false) => bytes.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 / 32_768.0).collect(),
        (3, false) => bytes
            .chunks_exact(3)
            .map(|c| (i32::from_le_bytes([0, c[0], c[1], c[2]]) >> 8) as f32 / 8_388_608.0)
            .collect(),
        (4, false) => bytes.chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f32 / 2_147_483_648.0).collect(),
        _ => unreachable!("is_plain admits only whole-byte widths"),
    };
    if samples.iter().any(|v| !v.is_finite()) {
        return Err(AudioError::Unreadable {
            path: path.to_path_buf(),
            reason: "the file holds samples that are not numbers (NaN or infinite)".into(),
        });
    }
    Ok(samples)
}

/// What [`repair_header`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repaired {
    /// Whole frames in the data chunk now.
    pub frames: u64,
    pub sample_rate: u32,
    /// The header was wrong (the file was cut off mid-recording) and is now right.
    pub changed: bool,
}

impl Repaired {
    pub fn duration_s(&self) -> f64 {
        self.frames as f64 / self.sample_rate.max(1) as f64
    }
}

/// Makes the header of a WAV whose writer was cut off (crash, kill, power loss) agree with the
/// data on disk: the data chunk runs to the end of the file, less any half-written frame.
/// Every sample that reached the disk is kept.
pub fn repair_header(path: &Path) -> Result<Repaired, AudioError> {
    use std::io::{Seek, SeekFrom, Write};
    let open_err = |source| AudioError::Open { path: path.to_path_buf(), source };
    let bad = |reason: &str| AudioError::Unreadable { path: path.to_path_buf(), reason: reason.to_string() };
    let mut file = std::fs::OpenOptions::new().read(true).write(true).open(path).map_err(open_err)?;
    let len = file.metadata().map_err(open_err)?.len();
    let mut head = Vec::new();
    (&mut file).take(64 * 1024).read_to_end(&mut head).map_err(open_err)?;
    if len == 0 {
        return Err(AudioError::Empty { path: path.to_path_buf() });
    }
    if head.len() < 12 || &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Err(bad("not a WAV file (no RIFF/WAVE header)"));
    }
    let u32_at = |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
    let (mut pos, mut format) = (12usize, None);
    let data = loop {
        if pos + 8 > head.len() {
            return Err(bad("no audio data chunk in the file's first 64 KiB"));
        }
        let size = u32_at(pos + 4) as usize;
        match &head[pos..pos + 4] {
            b"fmt " if pos + 24 <= head.len() => {
                let rate = u32_at(pos + 12);
                let align = u16::from_le_bytes([head[pos + 20], head[pos + 21]]);
                format = Some((rate, align.max(1) as u64));
            }
            b"data" => break pos,
            _ => {}
        }
        pos += 8 + size + (size & 1);
    };
    let (sample_rate, align) = format.ok_or_else(|| bad("no format chunk before the audio data"))?;
    let data_start = data as u64 + 8;
    let available = len.saturating_sub(data_start);
    let data_len = (available / align * align).min(u32::MAX as u64 - data_start);
    let declared = u32_at(data + 4) as u64;
    let riff = (data_start + data_len - 8) as u32;
    let changed = declared != data_len || u32_at(4) != riff || len != data_start + data_len;
    if changed {
        let write = |file: &mut File| -> std::io::Result<()> {
            file.set_len(data_start + data_len)?;
            file.seek(SeekFrom::Start(4))?;
            file.write_all(&riff.to_le_bytes())?;
            file.seek(SeekFrom::Start(data as u64 + 4))?;
            file.write_all(&(data_len as u32).to_le_bytes())?;
            file.sync_all()
        };
        write(&mut file).map_err(open_err)?;
    }
    Ok(Repaired { frames: data_len / align, sample_rate, changed })
}

fn describe_hound(e: hound::Error) -> String {
    match e {
        hound::Error::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => "the file ends before its WAV header does (truncated or not a WAV file)".into(),
        hound::Error::IoError(e) => e.to_string(),
        hound::Error::FormatError(m) => format!("not a valid WAV file ({m})"),
        hound::Error::Unsupported => "a WAV encoding Starling cannot read (only PCM and 32-bit float are supported)".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every format hound writes reads back to the same values, through the bulk path.
    #[test]
    fn every_pcm_width_and_float_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let values: Vec<f32> = (0..16_000).map(|i| ((i as f32) * 0.01).sin() * 0.9).collect();
        for (bits, format) in [(8, SampleFormat::Int), (16, SampleFormat::Int), (24, SampleFormat::Int), (32, SampleFormat::Int), (32, SampleFormat::Float)] {
            let path = dir.path().join(format!("{bits}-{format:?}.wav"));
            let spec = hound::WavSpec { channels: 2, sample_rate: 16_000, bits_per_sample: bits, sample_format: format };
            let mut w = hound::WavWriter::create(&path, spec).unwrap();
            let full = (1i64 << (bits - 1)) as f32;
            for &v in &values {
                for _ in 0..2 {
                    match (format, bits) {
                        (SampleFormat::Float, _) => w.write_sample(v).unwrap(),
                        (_, 8) => w.write_sample((v * full) as i8).unwrap(),
                        (_, 16) => w.write_sample((v * full) as i16).unwrap(),
                        _ => w.write_sample((v as f64 * full as f64) as i32).unwrap(),
                    }
                }
            }
            w.finalize().unwrap();
            let audio = read_wav(&path).unwrap();
            assert_eq!((audio.channels, audio.frames()), (2, values.len()), "{bits} {format:?}");
            let tolerance = 1.5 / full;
            for (i, &v) in values.iter().enumerate() {
                let got = audio.samples[2 * i];
                assert!((got - v).abs() <= tolerance, "{bits} {format:?} sample {i}: {got} vs {v}");
            }
        }
    }

    /// A recording cut off between header updates: the header claims less than the file holds,
    /// and the last frame is half written.
    #[test]
    fn a_cut_off_recording_gets_a_header_that_covers_every_whole_frame() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.wav");
        let spec = hound::WavSpec { channels: 2, sample_rate: 16_000, bits_per_sample: 16, sample_format: SampleFormat::Int };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for i in 0..32_000 {
            w.write_sample(i as i16).unwrap();
        }
        w.flush().unwrap(); // header now says 16,000 frames
        for i in 0..16_000 {
            w.write_sample(i as i16).unwrap();
        }
        std::mem::forget(w); // the process dies: no finalize
        let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        std::io::Write::write_all(&mut f, &[1, 2, 3]).unwrap(); // a half-written frame
        drop(f);
        // BufWriter may not have written everything it held; count what is on disk.
        let on_disk = (std::fs::metadata(&path).unwrap().len() - 44) / 4;
        let fixed = repair_header(&path).unwrap();
        assert!(fixed.changed);
        assert_eq!(fixed.frames, on_disk);
        assert_eq!(read_wav(&path).unwrap().frames() as u64, on_disk);
        assert!(!repair_header(&path).unwrap().changed, "a sound header is left alone");
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(repair_header(&path), Err(AudioError::Empty { .. })));
        std::fs::write(&path, b"RIFF\0\0\0\0WAVEjunk").unwrap();
        assert!(repair_header(&path).unwrap_err().to_string().contains("data chunk"));
    }

    #[test]
    fn integer_scaling_covers_the_full_range() {
        assert_eq!(scale(i16::MIN as i32, 16), -1.0);
        assert!((scale(i16::MAX as i32, 16) - 1.0).abs() < 1e-4);
        assert_eq!(scale(-(1 << 23), 24), -1.0);
        assert_eq!(scale(0, 8), 0.0);
    }
}
