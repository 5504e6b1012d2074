//! Recognising a whisper ggml model file before handing it to whisper.cpp, which would
//! otherwise fail with a bare "failed to load" or read past a truncated file.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha1::{Digest, Sha1};

use super::TranscribeError;
use super::catalog::{self, Architecture, CatalogEntry};

/// "ggml" as whisper.cpp writes it, little-endian.
const GGML_MAGIC: u32 = 0x6767_6d6c;
/// English-only whisper models have one vocabulary entry fewer than multilingual ones.
const ENGLISH_VOCAB: i32 = 51_864;
/// A header, the mel filters and the vocabulary alone take more than this.
const MIN_MODEL_BYTES: u64 = 1024 * 1024;

/// What the header of a model file says about the network inside.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub path: PathBuf,
    pub size_bytes: u64,
    pub architecture: Architecture,
    pub english_only: bool,
    pub n_vocab: i32,
    pub n_audio_layer: i32,
    pub n_text_layer: i32,
    /// ggml's ftype: 0 f32, 1 f16, others quantized (offset by the quantization version).
    pub ftype: i32,
}

impl ModelInfo {
    /// The catalog name this file's architecture corresponds to, for display: `tiny.en`.
    pub fn label(&self) -> String {
        let mut s = self.architecture.name().to_string();
        if self.english_only {
            s.push_str(".en");
        }
        if self.ftype % 1000 > 1 {
            s.push_str(" (quantized)");
        }
        s
    }
}

/// Reads and checks the header; does not load weights.
pub fn inspect(path: &Path) -> Result<ModelInfo, TranscribeError> {
    let not_model = |reason: &str| TranscribeError::NotAModel { path: path.to_path_buf(), reason: reason.to_string() };
    let file = File::open(path).map_err(|e| TranscribeError::ModelOpen { path: path.to_path_buf(), source: e })?;
    let size_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut header = Vec::with_capacity(48);
    let mut reader = BufReader::new(file);
    (&mut reader)
        .take(48)
        .read_to_end(&mut header)
        .map_err(|e| TranscribeError::ModelOpen { path: path.to_path_buf(), source: e })?;
    let word = |i: usize| i32::from_le_bytes([header[i * 4], header[i * 4 + 1], header[i * 4 + 2], header[i * 4 + 3]]);
    if header.len() >= 4 && word(0) as u32 != GGML_MAGIC {
        return Err(not_model(
            "it does not start with the ggml signature (is it a PyTorch, safetensors or GGUF file?)",
        ));
    }
    if header.len() < 48 {
        return Err(not_model("the file is shorter than a model header"));
    }
    let (n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer) =
        (word(1), word(2), word(3), word(4), word(5));
    let (n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype) =
        (word(6), word(7), word(8), word(9), word(10), word(11));
    if !(51_000..=52_000).contains(&n_vocab) || !matches!(n_mels, 80 | 128) || n_audio_state != n_text_state {
        return Err(not_model("its header does not describe a whisper model"));
    }
    let architecture = Architecture::from_audio_layers(n_audio_layer)
        .ok_or_else(|| not_model(&format!("unknown whisper size with {n_audio_layer} encoder layers")))?;
    check_shape(
        architecture,
        [n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_head, n_text_layer, ftype],
    )
    .map_err(|reason| not_model(&reason))?;
    if size_bytes < MIN_MODEL_BYTES {
        return Err(not_model("the file is too small to hold model weights (truncated download?)"));
    }
    let tensors = walk_body(&mut reader, size_bytes, Weights::Skip).map_err(|reason| not_model(&reason))?;
    if tensors == 0 {
        return Err(not_model("the file holds no weights (truncated download?)"));
    }
    Ok(ModelInfo {
        path: path.to_path_buf(),
        size_bytes,
        architecture,
        english_only: n_vocab == ENGLISH_VOCAB,
        n_vocab,
        n_audio_layer,
        n_text_layer,
        ftype,
    })
}

/// whisper.cpp trusts the header: zero heads divide by zero, a huge context or layer count
/// allocates gigabytes before failing, an unknown ftype aborts. Only the shapes whisper was
/// released in pass (the decoder may be shallower: large-v3-turbo has 4 layers).
fn check_shape(
    architecture: Architecture,
    [audio_ctx, state, audio_head, audio_layers, text_ctx, text_head, text_layer, ftype]: [i32; 8],
) -> Result<(), String> {
    let name = architecture.name();
    let (width, heads) = architecture.shape();
    if audio_ctx != 1500 || text_ctx != 448 {
        return Err(format!(
            "its header gives context lengths {audio_ctx} (audio) and {text_ctx} (text); whisper's are 1500 and 448 (a damaged file?)"
        ));
    }
    if state != width || audio_head != heads || text_head != heads {
        return Err(format!(
            "its header gives width {state} with {audio_head}/{text_head} attention heads; whisper {name} has {width} with {heads} (a damaged file?)"
        ));
    }
    if !(1..=audio_layers).contains(&text_layer) {
        return Err(format!(
            "its header gives {text_layer} decoder layers; whisper {name} has at most {audio_layers} (a damaged file?)"
        ));
    }
    if ftype < 0 || ftype / 1000 > 2 || tensor_block(ftype % 1000).is_none() {
        return Err(format!("its header gives weight type {ftype}, which whisper.cpp does not load"));
    }
    Ok(())
}

/// Whether [`walk_body`] reads the weights or only steps over them.
#[derive(Clone, Copy, PartialEq)]
enum Weights {
    Skip,
    Check,
}

/// Walks the mel filters, vocabulary and tensor table, checking every length against the file
/// size, so a truncated or damaged file is reported here instead of crashing the loader; with
/// [`Weights::Check`], every weight too. Returns the number of tensors.
fn walk_body(reader: &mut BufReader<File>, size: u64, weights: Weights) -> Result<usize, String> {
    let truncated = || "the file ends early (truncated download?)".to_string();
    let mut pos: u64 = 48;
    let read_i32 = |reader: &mut BufReader<File>, pos: &mut u64| -> Result<i32, String> {
        let mut b = [0u8; 4];
        reader.read_exact(&mut b).map_err(|_| truncated())?;
        *pos += 4;
        Ok(i32::from_le_bytes(b))
    };
    let skip = |reader: &mut BufReader<File>, pos: &mut u64, n: u64| -> Result<(), String> {
        if pos.checked_add(n).is_none_or(|end| end > size) {
            return Err(truncated());
        }
        reader.seek_relative(n as i64).map_err(|e| e.to_string())?;
        *pos += n;
        Ok(())
    };
    let (n_mel, n_fft) = (read_i32(reader, &mut pos)?, read_i32(reader, &mut pos)?);
    if !(1..=256).contains(&n_mel) || !(1..=4096).contains(&n_fft) {
        return Err("its mel filter table is damaged".into());
    }
    skip(reader, &mut pos, n_mel as u64 * n_fft as u64 * 4)?;
    let n_vocab = read_i32(reader, &mut pos)?;
    if !(0..=60_000).contains(&n_vocab) {
        return Err("its vocabulary is damaged".into());
    }
    for _ in 0..n_vocab {
        let len = read_i32(reader, &mut pos)? as u32;
        if len > 1024 {
            return Err("its vocabulary is damaged".into());
        }
        skip(reader, &mut pos, len as u64)?;
    }
    let mut tensors = 0;
    while pos < size {
        let (n_dims, name_len, ttype) =
            (read_i32(reader, &mut pos)?, read_i32(reader, &mut pos)?, read_i32(reader, &mut pos)?);
        if !(1..=4).contains(&n_dims) || !(1..=256).contains(&name_len) {
            return Err(format!("tensor {tensors} has a damaged header"));
        }
        let mut elements: u64 = 1;
        for _ in 0..n_dims {
            let d = read_i32(reader, &mut pos)?;
            if !(1..=1 << 24).contains(&d) {
                return Err(format!("tensor {tensors} has a damaged shape"));
            }
            // Four dimensions of up to 2^24 overflow u64 (found by the fuzzer): such a shape
            // is as damaged as a zero one.
            elements = elements.checked_mul(d as u64).ok_or_else(|| format!("tensor {tensors} has a damaged shape"))?;
        }
        let (block, block_bytes) =
            tensor_block(ttype).ok_or_else(|| format!("tensor {tensors} has unsupported type {ttype}"))?;
        let bytes = elements.div_ceil(block).checked_mul(block_bytes).ok_or_else(truncated)?;
        if weights == Weights::Skip {
            skip(reader, &mut pos, name_len as u64)?;
            skip(reader, &mut pos, bytes)?;
        } else {
            let mut name = vec![0u8; name_len as usize];
            reader.read_exact(&mut name).map_err(|_| truncated())?;
            pos += name_len as u64;
            if pos.checked_add(bytes).is_none_or(|end| end > size) {
                return Err(truncated());
            }
            check_tensor(reader, ttype, bytes, block_bytes)
                .map_err(|e| format!("its tensor {} {e}", String::from_utf8_lossy(&name)))?;
            pos += bytes;
        }
        tensors += 1;
    }
    Ok(tensors)
}

/// No weight of a released whisper comes near this (tiny.en's largest is 17, base's 37): random
/// bytes written over a tensor give values past it one time in ten, besides NaN and infinity.
const MAX_WEIGHT: f32 = 16_384.0;

/// Reads one tensor's `bytes` and checks every value whisper will compute with is a number of
/// a weight's size: NaN, infinity or a huge value (a damaged block on disk, a bad conversion)
/// runs through whisper.cpp's attention into its timestamp search, which then reads out of
/// bounds and takes the program down (SIGSEGV in the DTW) after half a minute of work.
fn check_tensor(reader: &mut BufReader<File>, ttype: i32, bytes: u64, block_bytes: u64) -> Result<(), String> {
    // An f16 at or past 2^14 has a biased exponent of 29 or more (31: infinity or NaN).
    let f16_ok = |b: &[u8]| (u16::from_le_bytes([b[0], b[1]]) >> 10) & 0x1f < 29;
    // Where a block's f16 scales sit: q4_1 and q5_1 have a second (the minimum).
    let scales: &[usize] = match ttype {
        0 | 1 => &[],
        3 | 7 => &[0, 2],
        _ => &[0],
    };
    let chunk = (block_bytes * 65_536) as usize;
    let mut buf = vec![0u8; chunk];
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk as u64) as usize;
        reader.read_exact(&mut buf[..n]).map_err(|_| "ends early".to_string())?;
        let ok = match ttype {
            0 => buf[..n].chunks_exact(4).all(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]).abs() < MAX_WEIGHT),
            1 => buf[..n].chunks_exact(2).all(f16_ok),
            _ => buf[..n]
                .chunks_exact(block_bytes as usize)
                .all(|block| scales.iter().all(|&at| f16_ok(&block[at..at + 2]))),
        };
        if !ok {
            return Err("holds values that are not numbers or far too large to be weights".into());
        }
        left -= n as u64;
    }
    Ok(())
}

/// Reads every weight of a model whose header [`inspect`] passed (see [`check_tensor`]): a
/// full read of the file, so [`check_weights_once`] keeps the answer per file.
pub fn check_weights(path: &Path) -> Result<(), TranscribeError> {
    let open_error = |e| TranscribeError::ModelOpen { path: path.to_path_buf(), source: e };
    let file = File::open(path).map_err(open_error)?;
    let size = file.metadata().map_err(open_error)?.len();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    reader.seek_relative(48).map_err(open_error)?;
    walk_body(&mut reader, size, Weights::Check)
        .map(|_| ())
        .map_err(|reason| TranscribeError::DamagedWeights { path: path.to_path_buf(), reason })
}

/// [`check_weights`], done once per file: a model that passed is remembered by its path, size
/// and modification time (in the user's cache folder), so a 3 GB model is read once, not at
/// every start. A changed file is checked again.
pub fn check_weights_once(path: &Path) -> Result<(), TranscribeError> {
    let stamp = std::fs::metadata(path)
        .ok()
        .and_then(|m| Some((m.len(), m.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos())));
    let key = stamp.map(|(size, modified)| {
        format!("{size}\t{modified}\t{}", std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display())
    });
    let cache = directories::ProjectDirs::from("", "", "Starling").map(|d| d.cache_dir().join("checked-models.txt"));
    let known =
        |cache: &Path, key: &str| std::fs::read_to_string(cache).is_ok_and(|text| text.lines().any(|l| l == key));
    if let (Some(cache), Some(key)) = (&cache, &key)
        && known(cache, key)
    {
        return Ok(());
    }
    let started = std::time::Instant::now();
    check_weights(path)?;
    log::info!("{}: every weight checked in {:.2} s", path.display(), started.elapsed().as_secs_f64());
    if let (Some(cache), Some(key)) = (cache, key) {
        // Losing the note only costs another check.
        let mut text = std::fs::read_to_string(&cache).unwrap_or_default();
        text.push_str(&key);
        text.push('\n');
        let _ = crate::files::write_atomic(&cache, text.as_bytes());
    }
    Ok(())
}

/// Elements per block and bytes per block of the ggml tensor types whisper models use.
fn tensor_block(ttype: i32) -> Option<(u64, u64)> {
    Some(match ttype {
        0 => (1, 4),   // f32
        1 => (1, 2),   // f16
        2 => (32, 18), // q4_0
        3 => (32, 20), // q4_1
        6 => (32, 22), // q5_0
        7 => (32, 24), // q5_1
        8 => (32, 34), // q8_0
        _ => return None,
    })
}

/// SHA-1 of a whole file, hex.
pub fn sha1_file(path: &Path) -> std::io::Result<String> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut hasher = Sha1::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The outcome of `starling models verify`.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub info: ModelInfo,
    pub sha1: String,
    /// The catalog entry with this file name, if any.
    pub catalog: Option<&'static CatalogEntry>,
    /// Some(true) when the SHA-1 matches the official file of the same name.
    pub matches_official: Option<bool>,
}

pub fn verify(path: &Path) -> Result<Verification, TranscribeError> {
    let info = inspect(path)?;
    check_weights(path)?;
    let sha1 = sha1_file(path).map_err(|e| TranscribeError::ModelOpen { path: path.to_path_buf(), source: e })?;
    let by_name = path.file_name().and_then(|n| n.to_str()).and_then(catalog::find);
    let by_hash = catalog::CATALOG.iter().find(|e| e.sha1 == sha1);
    let catalog = by_hash.or(by_name);
    let matches_official = catalog.map(|e| e.sha1 == sha1);
    Ok(Verification { info, sha1, catalog, matches_official })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    #[test]
    fn rejects_files_that_are_not_models() {
        for (bytes, needle) in [
            (&b"ab"[..], "shorter than a model header"),
            (&b"short"[..], "ggml signature"),
            (&[0u8; 4096][..], "ggml signature"),
            (&b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"[..], "ggml signature"),
        ] {
            let f = write(bytes);
            let err = inspect(f.path()).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        }
    }

    fn synthetic_model(tensor_elements: i32) -> Vec<u8> {
        let mut b = Vec::new();
        let put = |v: i32, b: &mut Vec<u8>| b.extend_from_slice(&v.to_le_bytes());
        for v in [GGML_MAGIC as i32, 51_864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1] {
            put(v, &mut b);
        }
        put(80, &mut b); // mel filters
        put(201, &mut b);
        b.resize(b.len() + 80 * 201 * 4, 0);
        put(2, &mut b); // vocabulary of two words
        for word in [&b"hi"[..], b"there"] {
            put(word.len() as i32, &mut b);
            b.extend_from_slice(word);
        }
        put(1, &mut b); // one f32 tensor
        put(1, &mut b);
        put(0, &mut b);
        put(tensor_elements, &mut b);
        b.push(b'w');
        b.resize(b.len() + tensor_elements as usize * 4, 0);
        b
    }

    #[test]
    fn walks_the_structure_and_reports_truncation() {
        let whole = synthetic_model(300_000);
        let info = inspect(write(&whole).path()).unwrap();
        assert_eq!(info.architecture, Architecture::Tiny);
        assert!(info.english_only);
        assert_eq!(info.label(), "tiny.en");
        let cut = &whole[..whole.len() - 1000];
        let err = inspect(write(cut).path()).unwrap_err().to_string();
        assert!(err.contains("truncated"), "{err}");
        let mut zeros = whole[..48].to_vec();
        zeros.resize(2 * 1024 * 1024, 0);
        let err = inspect(write(&zeros).path()).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
        let err = inspect(write(&whole[..4096]).path()).unwrap_err().to_string();
        assert!(err.contains("too small"), "{err}");
    }

    /// A NaN or an infinity among the weights (the probe's damaged copy of tiny.en crashed
    /// whisper's DTW) is found and named; a sound file passes, and the check is remembered.
    #[test]
    fn weights_that_are_not_numbers_are_found() {
        let whole = synthetic_model(300_000);
        let good = write(&whole);
        check_weights(good.path()).unwrap();
        for bad in [f32::NAN, f32::INFINITY, 1e6] {
            let mut bytes = whole.clone();
            let at = bytes.len() - 4 * 1000;
            bytes[at..at + 4].copy_from_slice(&bad.to_le_bytes());
            let f = write(&bytes);
            assert!(inspect(f.path()).is_ok(), "the header alone is sound");
            let err = check_weights(f.path()).unwrap_err().to_string();
            assert!(err.contains("damaged") && err.contains("its tensor w") && err.contains("not numbers"), "{err}");
            assert!(verify(f.path()).is_err(), "models verify reports it");
        }
        // f16 and quantized scales: an all-ones exponent is NaN or infinity.
        let reader = |bytes: &[u8]| BufReader::new(write(bytes).reopen().unwrap());
        assert!(check_tensor(&mut reader(&[0x00, 0x3c, 0x00, 0x7c]), 1, 4, 2).is_err(), "f16 infinity");
        assert!(check_tensor(&mut reader(&[0x00, 0x3c, 0xff, 0x3b]), 1, 4, 2).is_ok());
        assert!(check_tensor(&mut reader(&[0x00, 0x74]), 1, 2, 2).is_err(), "f16 16384");
        assert!(check_tensor(&mut reader(&[0xff, 0x73]), 1, 2, 2).is_ok(), "f16 16376");
        let mut q8 = vec![0u8; 34];
        q8[1] = 0x7e; // scale NaN
        assert!(check_tensor(&mut reader(&q8), 8, 34, 34).is_err(), "q8_0 scale");
    }

    /// Each header value whisper.cpp would crash or run out of memory on (zero heads: a division
    /// by zero; a 2^30 context, 100000 decoder layers, an unknown ftype: aborts) is refused by
    /// name before whisper.cpp sees the file.
    #[test]
    fn header_values_whisper_cannot_load_are_refused() {
        for (word, value, needle) in [
            (4, 0i32, "attention heads"),
            (8, 0, "attention heads"),
            (3, 0, "does not describe a whisper model"),
            (2, 1 << 30, "context lengths"),
            (6, 0, "context lengths"),
            (9, 100_000, "decoder layers"),
            (9, 0, "decoder layers"),
            (11, 99, "weight type 99"),
            (11, -1, "weight type"),
        ] {
            let mut bytes = synthetic_model(300_000);
            bytes[word * 4..word * 4 + 4].copy_from_slice(&value.to_le_bytes());
            let err = inspect(write(&bytes).path()).unwrap_err().to_string();
            assert!(err.contains(needle), "word {word} = {value}: {err}");
        }
        // Found by the fuzzer: a tensor of four 2^24-long dimensions overflowed the element count.
        let crash = include_bytes!("../../fuzz/regressions/model_header-shape-overflow");
        let mut bytes = 0x6767_6d6cu32.to_le_bytes().to_vec();
        bytes.extend_from_slice(crash);
        bytes.resize(1024 * 1024 + 64, 0);
        let err = inspect(write(&bytes).path()).unwrap_err().to_string();
        assert!(err.contains("damaged shape"), "{err}");
        // A shallower decoder (large-v3-turbo's 4 of 32) and a quantized ftype are real models.
        let mut bytes = synthetic_model(300_000);
        bytes[9 * 4..10 * 4].copy_from_slice(&2i32.to_le_bytes());
        bytes[11 * 4..12 * 4].copy_from_slice(&2008i32.to_le_bytes());
        assert!(inspect(write(&bytes).path()).is_ok());
    }

    #[test]
    fn sha1_of_known_bytes() {
        let f = write(b"abc");
        assert_eq!(sha1_file(f.path()).unwrap(), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }
}
