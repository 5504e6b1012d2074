//! Reading what people record in: WAV through its own reader (`wav.rs`, which repairs and
//! checks what recorders leave behind), everything else through symphonia: mp3 (screen
//! recorders), m4a/AAC (phones), ogg and webm/mkv with vorbis or opus (browsers, voice notes;
//! opus decoded by libopus, `opus.rs`), flac, and the audio track of an mp4 or mov video.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::probe::Hint;

use super::AudioError;
use super::container::OpenError;
use super::wav::{DecodedAudio, MAX_DURATION_S, check_duration, read_wav};

/// Every kind of recording Starling reads, by its file name's ending: the file dialog's filter
/// and the messages that name the formats come from this one list.
pub const FORMATS: &[&str] = &["wav", "mp3", "m4a", "aac", "mp4", "mov", "ogg", "oga", "opus", "webm", "mkv", "flac"];

/// The file dialog's filter: each ending in lower and upper case (the dialogs match case).
pub fn extensions() -> Vec<String> {
    FORMATS.iter().flat_map(|f| [f.to_string(), f.to_uppercase()]).collect()
}

/// The formats as a message names them.
pub fn formats_said() -> String {
    format!("{} (of a video, its sound)", FORMATS.join(", "))
}

/// Packets that fail to decode before the file is called damaged: a few bad frames in a
/// long recording are skipped (a decoder resyncs), a file of nothing but errors is not audio.
const MAX_BAD_PACKETS: usize = 50;

/// Any supported recording, as mono samples at its own rate.
pub fn read_audio(path: &Path) -> Result<DecodedAudio, AudioError> {
    // Before opening: opening a pipe with no writer waits forever, and a device never ends.
    let meta = std::fs::metadata(path).map_err(|source| AudioError::Open { path: path.to_path_buf(), source })?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a pipe or a device)" };
        return Err(AudioError::Unreadable {
            path: path.to_path_buf(),
            reason: format!("{what}; give a recording file"),
        });
    }
    let file = File::open(path).map_err(|source| AudioError::Open { path: path.to_path_buf(), source })?;
    if meta.len() == 0 {
        return Err(AudioError::Empty { path: path.to_path_buf() });
    }
    if is_wav(path) {
        return read_wav(path);
    }
    // The one boundary around the container and codec readers: a reader that panics on a
    // damaged file (symphonia has such paths) gives a named error, not a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode_compressed(path, file))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        log::error!("{}: the decoder failed: {what}", path.display());
        Err(AudioError::Unreadable {
            path: path.to_path_buf(),
            reason: "damaged: the decoder could not make sense of it (a cut or corrupted file?)".into(),
        })
    })
}

/// A WAV file by its name or its first bytes (a RIFF header): WAV's own reader says best
/// what is wrong with a damaged one.
pub fn is_wav(path: &Path) -> bool {
    let mut head = [0u8; 4];
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("wav"))
        || File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok_and(|()| &head == b"RIFF" || &head == b"RIFX")
}

/// Keeps decoded audio as a 16-bit mono WAV at its own rate (an imported mp3's answer.wav).
pub fn write_wav(path: &Path, audio: &DecodedAudio) -> std::io::Result<()> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: audio.sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).map_err(std::io::Error::other)?;
    for &s in &audio.mono {
        writer.write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).map_err(std::io::Error::other)?;
    }
    writer.finalize().map_err(std::io::Error::other)
}

fn decode_compressed(path: &Path, file: File) -> Result<DecodedAudio, AudioError> {
    let unreadable = |reason: String| AudioError::Unreadable { path: path.to_path_buf(), reason };
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let len = file.metadata().map_err(|source| AudioError::Open { path: path.to_path_buf(), source })?.len();
    let mut format = super::container::open(file, len, &hint).map_err(|e| match e {
        OpenError::NotRecognized(why) => {
            log::info!("{}: not recognized: {why}", path.display());
            unreadable(format!("not a recording Starling can read, or a damaged one (it reads {})", formats_said()))
        }
        OpenError::Damaged(why) => unreadable(why),
        OpenError::Io(source) => AudioError::Open { path: path.to_path_buf(), source },
    })?;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL && t.codec_params.sample_rate.is_some())
        .ok_or_else(|| unreadable("it holds no audio track".into()))?;
    let (track_id, total_frames) = (track.id, track.codec_params.n_frames);
    let mut decoder = super::opus::codecs().make(&track.codec_params, &DecoderOptions::default()).map_err(|_| {
        AudioError::UnsupportedCodec { path: path.to_path_buf(), codec: codec_name(track.codec_params.codec) }
    })?;
    // The decoder's rate: Opus decodes at 48 kHz whatever rate the container names.
    let rate = decoder.codec_params().sample_rate.or(track.codec_params.sample_rate).unwrap_or(0);
    let (mut mono, mut channels, mut bad) = (Vec::new(), 0u16, 0usize);
    let mut buffer: Option<SampleBuffer<f32>> = None;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymphoniaError::ResetRequired) => break,
            Err(e) if mono.is_empty() => return Err(unreadable(e.to_string())),
            // Damage after good audio: what came before is kept, as for a cut-off WAV.
            Err(e) => {
                log::warn!("{}: reading stopped early: {e}", path.display());
                break;
            }
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            Err(SymphoniaError::DecodeError(e)) => {
                bad += 1;
                if bad > MAX_BAD_PACKETS {
                    return Err(unreadable(format!("damaged: {e}")));
                }
                continue;
            }
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let spec = *decoded.spec();
        let n = spec.channels.count().max(1);
        channels = n as u16;
        let buf = match &mut buffer {
            Some(b) if b.capacity() >= decoded.capacity() * n => b,
            _ => buffer.insert(SampleBuffer::new(decoded.capacity() as u64, spec)),
        };
        buf.copy_interleaved_ref(decoded);
        mono.extend(buf.samples().chunks_exact(n).map(|frame| frame.iter().sum::<f32>() / n as f32));
        // Past the limit, stop before a long video fills the memory.
        if rate > 0 && mono.len() as f64 / rate as f64 > MAX_DURATION_S {
            // The container's length when it names one past what was read; a streamed file
            // (a browser's webm) names none or a wrong one: then "more than" what was read.
            let read = mono.len() as f64 / rate as f64;
            let named = total_frames.map(|f| f as f64 / rate as f64).filter(|&s| s >= read);
            return Err(match named {
                Some(seconds) => AudioError::TooLong { path: path.to_path_buf(), seconds, limit: MAX_DURATION_S },
                None => AudioError::LongerThan { path: path.to_path_buf(), limit: MAX_DURATION_S },
            });
        }
    }
    if mono.is_empty() || rate == 0 {
        return Err(AudioError::Empty { path: path.to_path_buf() });
    }
    check_duration(path, mono.len() as f64 / rate as f64)?;
    Ok(DecodedAudio { mono, channels, sample_rate: rate })
}

/// A codec's name for people ("opus", "aac").
fn codec_name(codec: symphonia::core::codecs::CodecType) -> String {
    use symphonia::core::codecs as c;
    match codec {
        c::CODEC_TYPE_OPUS => "opus".into(),
        c::CODEC_TYPE_ALAC => "Apple lossless".into(),
        c::CODEC_TYPE_SPEEX => "speex".into(),
        other => super::opus::codecs()
            .get_codec(other)
            .map(|d| d.short_name.to_string())
            .unwrap_or_else(|| format!("{other}")),
    }
}
