//! Which of symphonia's readers opens a compressed recording, and how much of it that reader
//! sees. Symphonia's own probe scans the first megabyte for any format's marker, so a webm or
//! mp4 with bytes before its header was opened with no walk of its sizes (the fuzzer's third
//! webm: a 45 TB string). Here a webm/mkv or mp4 is opened only from its first byte, after
//! [`super::matroska`] or [`super::mp4`] has walked it; the probe, for everything else, knows
//! only the formats whose frames cannot claim more than a few megabytes (mp3, AAC, ogg, flac).

use std::fs::File;
use std::io::{Read, Seek};
use std::sync::OnceLock;

use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSourceStream, ReadOnlySource};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::{Hint, Probe};
use symphonia::default::formats::{AdtsReader, FlacReader, IsoMp4Reader, MkvReader, MpaReader, OggReader};

/// Why a file could not be opened.
pub enum OpenError {
    /// No reader knows it, or the one its first bytes name gave up on it.
    NotRecognized(String),
    /// Its structure claims more than the file holds.
    Damaged(String),
    Io(std::io::Error),
}

/// Matroska's first bytes (webm, mkv).
const EBML_MAGIC: [u8; 4] = [0x1a, 0x45, 0xdf, 0xa3];

/// The probe for files that are neither webm/mkv nor mp4 from their first byte.
fn scanning_probe() -> &'static Probe {
    static PROBE: OnceLock<Probe> = OnceLock::new();
    PROBE.get_or_init(|| {
        let mut probe = Probe::default();
        probe.register_all::<MpaReader>();
        probe.register_all::<AdtsReader>();
        probe.register_all::<OggReader>();
        probe.register_all::<FlacReader>();
        // An ID3 tag before an mp3's (or a flac's) first frame.
        probe.register_all::<symphonia_metadata::id3v2::Id3v2Reader>();
        probe
    })
}

/// The reader for `file` (`len` bytes long).
pub fn open(mut file: File, len: u64, hint: &Hint) -> Result<Box<dyn FormatReader>, OpenError> {
    let options = FormatOptions::default();
    let mut head = [0u8; 8];
    let head_read = (&file).read_exact(&mut head).is_ok();
    file.rewind().map_err(OpenError::Io)?;
    let opened = if head_read && head[..4] == EBML_MAGIC {
        let whole = super::matroska::readable_len(&file, len).map_err(OpenError::Io)?;
        if whole < len {
            log::warn!("the webm/mkv is read to byte {whole} of {len}: an element after it runs past the end");
        }
        file.rewind().map_err(OpenError::Io)?;
        // Front to back without seeking: its reader follows the seek table, and in a cut file
        // that points past the end, where the reader panics (symphonia-format-mkv 0.5);
        // recorders put the tracks before the audio, so nothing needed is lost.
        let source = MediaSourceStream::new(Box::new(ReadOnlySource::new(file.take(whole))), Default::default());
        MkvReader::try_new(source, &options).map(|r| Box::new(r) as Box<dyn FormatReader>)
    } else if head_read && &head[4..] == b"ftyp" {
        super::mp4::check(&file, len).map_err(|reason| OpenError::Damaged(format!("damaged: {reason}")))?;
        file.rewind().map_err(OpenError::Io)?;
        let source = MediaSourceStream::new(Box::new(file), Default::default());
        IsoMp4Reader::try_new(source, &options).map(|r| Box::new(r) as Box<dyn FormatReader>)
    } else {
        let source = MediaSourceStream::new(Box::new(file), Default::default());
        scanning_probe().format(hint, source, &options, &MetadataOptions::default()).map(|probed| probed.format)
    };
    opened.map_err(|e| OpenError::NotRecognized(e.to_string()))
}
