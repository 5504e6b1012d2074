//! Opus, as browsers (webm) and voice-note apps (ogg) record it: symphonia reads those
//! containers but has no Opus decoder, so libopus (the `opus` crate) decodes the packets
//! symphonia's demuxers hand over, behind symphonia's own `Decoder` trait.

use std::sync::{Mutex, OnceLock};

use symphonia::core::audio::{AsAudioBufferRef, AudioBuffer, AudioBufferRef, Channels, Signal, SignalSpec};
use symphonia::core::codecs::{
    CODEC_TYPE_OPUS, CodecDescriptor, CodecParameters, CodecRegistry, Decoder, DecoderOptions, FinalizeResult,
};
use symphonia::core::errors::{Error, Result, decode_error, unsupported_error};
use symphonia::core::formats::Packet;
use symphonia::core::support_codec;

/// libopus always decodes at 48 kHz here (it resamples internally for other input rates).
const RATE: u32 = 48_000;
/// The longest Opus packet: 120 ms.
const MAX_FRAMES: usize = RATE as usize * 120 / 1000;

pub struct OpusDecoder {
    params: CodecParameters,
    /// In a mutex only because symphonia's decoders must be `Sync` and libopus's handle is not.
    decoder: Mutex<opus::Decoder>,
    channels: usize,
    /// Interleaved output of the last packet.
    scratch: Vec<f32>,
    buffer: AudioBuffer<f32>,
}

impl Decoder for OpusDecoder {
    fn try_new(params: &CodecParameters, _options: &DecoderOptions) -> Result<Self> {
        let count = params.channels.map_or(1, |c| c.count());
        let (layout, spec_channels) = match count {
            1 => (opus::Channels::Mono, Channels::FRONT_LEFT),
            2 => (opus::Channels::Stereo, Channels::FRONT_LEFT | Channels::FRONT_RIGHT),
            // Surround Opus is a multistream stream: not what a voice recording is.
            _ => return unsupported_error("opus with more than two channels"),
        };
        let decoder = Mutex::new(opus::Decoder::new(RATE, layout).map_err(|_| Error::Unsupported("opus decoder"))?);
        let mut params = params.clone();
        params.with_sample_rate(RATE);
        Ok(Self {
            params,
            decoder,
            channels: count,
            scratch: vec![0.0; MAX_FRAMES * count],
            buffer: AudioBuffer::new(MAX_FRAMES as u64, SignalSpec::new(RATE, spec_channels)),
        })
    }

    fn supported_codecs() -> &'static [CodecDescriptor] {
        &[support_codec!(CODEC_TYPE_OPUS, "opus", "Opus")]
    }

    fn reset(&mut self) {
        if let Ok(decoder) = self.decoder.get_mut() {
            let _ = decoder.reset_state();
        }
    }

    fn codec_params(&self) -> &CodecParameters {
        &self.params
    }

    fn decode(&mut self, packet: &Packet) -> Result<AudioBufferRef<'_>> {
        self.buffer.clear();
        let Ok(decoder) = self.decoder.get_mut() else { return decode_error("opus: the decoder failed before") };
        let frames = match decoder.decode_float(&packet.data, &mut self.scratch, false) {
            Ok(frames) => frames,
            Err(_) => return decode_error("opus: a damaged packet"),
        };
        self.buffer.render_reserved(Some(frames));
        for ch in 0..self.channels {
            let plane = self.buffer.chan_mut(ch);
            for (i, sample) in plane.iter_mut().enumerate() {
                *sample = self.scratch[i * self.channels + ch];
            }
        }
        Ok(self.buffer.as_audio_buffer_ref())
    }

    fn finalize(&mut self) -> FinalizeResult {
        FinalizeResult::default()
    }

    fn last_decoded(&self) -> AudioBufferRef<'_> {
        self.buffer.as_audio_buffer_ref()
    }
}

/// symphonia's codecs and ours.
pub fn codecs() -> &'static CodecRegistry {
    static REGISTRY: OnceLock<CodecRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut registry = CodecRegistry::new();
        symphonia::default::register_enabled_codecs(&mut registry);
        registry.register_all::<OpusDecoder>();
        registry
    })
}
