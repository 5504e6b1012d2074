//! Properties of the readers of outside data: whatever a WAV file holds, reading it gives audio
//! or an error, never a panic; whatever the rate, resampling keeps the length and stays finite.

use proptest::prelude::*;
use starling::audio::resample::to_whisper_rate;
use starling::audio::wav::read_wav;

fn header(tag: u16, channels: u16, rate: u32, align: u16, bits: u16, data_len: u32) -> Vec<u8> {
    let mut h = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&tag.to_le_bytes());
    h.extend_from_slice(&channels.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate.wrapping_mul(align as u32)).to_le_bytes());
    h.extend_from_slice(&align.to_le_bytes());
    h.extend_from_slice(&bits.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}

fn read(bytes: &[u8]) -> Result<starling::audio::wav::DecodedAudio, starling::audio::AudioError> {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), bytes).expect("write");
    read_wav(file.path())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any header values, any body: audio within full scale or a typed error.
    #[test]
    fn any_wav_header_reads_or_gives_an_error(
        tag in prop_oneof![Just(1u16), Just(3u16), Just(0xFFFEu16), any::<u16>()],
        channels in prop_oneof![1u16..=4, any::<u16>()],
        rate in prop_oneof![Just(16_000u32), 1u32..400_000, any::<u32>()],
        align in prop_oneof![1u16..=16, any::<u16>()],
        bits in prop_oneof![Just(8u16), Just(16u16), Just(24u16), Just(32u16), any::<u16>()],
        data_len in prop_oneof![0u32..40_000, any::<u32>()],
        body in proptest::collection::vec(any::<u8>(), 0..40_000),
    ) {
        let mut bytes = header(tag, channels, rate, align, bits, data_len);
        bytes.extend_from_slice(&body);
        if let Ok(audio) = read(&bytes) {
            prop_assert!(audio.frames() > 0);
            prop_assert!(audio.mono.iter().all(|v| v.is_finite() && v.abs() <= 1.0));
        }
    }

    /// Random bytes, and a real header cut anywhere, never panic.
    #[test]
    fn any_bytes_read_or_give_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..2_000), cut in 0usize..60) {
        let _ = read(&bytes);
        let mut wav = header(1, 1, 16_000, 2, 16, 32_000);
        wav.extend(std::iter::repeat_n(7u8, 32_000));
        let _ = read(&wav[..cut.min(wav.len())]);
    }

    /// Any supported rate and length: whisper's rate out, as long as the input in time, finite.
    #[test]
    fn resampling_keeps_duration_and_stays_finite(
        rate in prop_oneof![Just(8_000u32), Just(44_100u32), Just(48_000u32), 1_000u32..=384_000],
        samples in proptest::collection::vec(-1.0f32..=1.0, 0..20_000),
    ) {
        let out = to_whisper_rate(&samples, rate).expect("resamples");
        let expected = samples.len() as f64 * 16_000.0 / rate as f64;
        prop_assert!((out.len() as f64 - expected).abs() <= 2.0, "{} samples at {rate} Hz -> {} (expected {expected:.1})", samples.len(), out.len());
        prop_assert!(out.iter().all(|v| v.is_finite()));
    }
}
