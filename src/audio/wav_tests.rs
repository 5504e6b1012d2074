//! The WAV reader's tests: formats, damaged and odd files, streaming downmix.

use super::*;

#[test]
fn channels_are_averaged_into_mono_as_they_arrive() {
    let mut mixer = MonoMixer::new(2, 3);
    [1.0, 0.0, 0.5, 0.5, -1.0, 1.0].into_iter().for_each(|v| mixer.push(v));
    assert_eq!(mixer.out, vec![0.5, 0.5, 0.0]);
}

/// A pad byte after an odd-sized chunk before the data (which hound refuses), and a data
/// chunk that says it holds more than the file does: the samples there are read.
#[test]
fn odd_chunks_and_overstated_data_sizes_read_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let samples: Vec<i16> = (0..16_000).map(|i| ((i % 100) * 100) as i16).collect();
    let pcm: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let wav = |extra: &[u8], data_len: u32| {
        let mut b = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x80\x3e\0\0\0\x7d\0\0\x02\0\x10\0".to_vec();
        b.extend_from_slice(extra);
        b.extend_from_slice(b"data");
        b.extend_from_slice(&data_len.to_le_bytes());
        b.extend_from_slice(&pcm);
        let riff = (b.len() - 8) as u32;
        b[4..8].copy_from_slice(&riff.to_le_bytes());
        b
    };
    let padded = dir.path().join("padded.wav");
    std::fs::write(&padded, wav(b"LIST\x03\0\0\0abc\0", pcm.len() as u32)).unwrap();
    let overstated = dir.path().join("overstated.wav");
    std::fs::write(&overstated, wav(b"", u32::MAX - 100)).unwrap();
    for path in [padded, overstated] {
        let audio = read_wav(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(audio.frames(), samples.len(), "{}", path.display());
        assert!((audio.mono[150] - samples[150] as f32 / 32_768.0).abs() < 1e-6);
    }
}

/// Found by the header property test in CI: a float format tag with a 16-bit width once
/// reached the bulk converter's impossible arm and panicked.
#[test]
fn a_float_header_with_an_integer_width_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for bits in [8u16, 16, 24, 64] {
        let align = bits / 8;
        let mut b = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x03\0\x01\0\x80\x3e\0\0".to_vec();
        b.extend_from_slice(&(16_000u32 * align as u32).to_le_bytes());
        b.extend_from_slice(&align.to_le_bytes());
        b.extend_from_slice(&bits.to_le_bytes());
        b.extend_from_slice(b"data");
        b.extend_from_slice(&(16_000u32 * align as u32).to_le_bytes());
        b.extend(std::iter::repeat_n(0u8, 16_000 * align as usize));
        let path = dir.path().join(format!("float{bits}.wav"));
        std::fs::write(&path, b).unwrap();
        let e = read_wav(&path).expect_err("no float format of this width is readable");
        assert!(e.to_string().contains(&format!("{bits}-bit float")), "{e}");
    }
}

fn float_wav(dir: &Path, name: &str, values: &[f32]) -> std::path::PathBuf {
    let path = dir.join(name);
    let spec =
        hound::WavSpec { channels: 1, sample_rate: 16_000, bits_per_sample: 32, sample_format: SampleFormat::Float };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    values.iter().for_each(|&v| w.write_sample(v).unwrap());
    w.finalize().unwrap();
    path
}

#[test]
fn a_float_sample_far_over_full_scale_is_a_damaged_file_and_a_hot_one_is_scaled_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut values: Vec<f32> = (0..16_000).map(|i| ((i as f32) * 0.05).sin() * 0.5).collect();
    values[8_000] = 1e30;
    let e = read_wav(&float_wav(dir.path(), "wild.wav", &values)).unwrap_err();
    assert!(e.to_string().contains("damaged") && e.to_string().contains("1.0e30"), "{e}");
    values[8_000] = 1.5;
    let audio = read_wav(&float_wav(dir.path(), "hot.wav", &values)).unwrap();
    let peak = audio.mono.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!((peak - 1.0).abs() < 1e-6, "{peak}");
    assert!((audio.mono[100] - values[100] / 1.5).abs() < 1e-6);
}

/// Every format hound writes reads back to the same values, through the bulk path.
#[test]
fn every_pcm_width_and_float_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<f32> = (0..16_000).map(|i| ((i as f32) * 0.01).sin() * 0.9).collect();
    for (bits, format) in [
        (8, SampleFormat::Int),
        (16, SampleFormat::Int),
        (24, SampleFormat::Int),
        (32, SampleFormat::Int),
        (32, SampleFormat::Float),
    ] {
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
            let got = audio.mono[i];
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
    let spec =
        hound::WavSpec { channels: 2, sample_rate: 16_000, bits_per_sample: 16, sample_format: SampleFormat::Int };
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
