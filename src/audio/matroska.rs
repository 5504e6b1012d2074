//! How much of a webm or mkv symphonia may read. Its reader allocates an element's data at the
//! size the file declares before reading any of it (symphonia-format-mkv 0.5), so one damaged
//! size asked for 142 TB and the failed allocation aborted Starling; below the machine's memory
//! it only wastes address space (`fuzz/regressions/`). The file is walked first as that reader
//! walks it, and given to it only up to the first element that cannot be whole: in a recording
//! cut off while being written, its last partial block, which could not be decoded anyway.

use std::io::{self, BufReader, Read, Seek};

/// The master elements symphonia's reader steps into (its element table): the data of every
/// other element is read or skipped in one piece, so its size must fit in the file.
const MASTERS: &[u32] = &[
    0x1A45_DFA3, // EBML header
    0x1853_8067, // Segment
    0x114D_9B74, // SeekHead
    0x4DBB,      // Seek
    0x1549_A966, // Info
    0x1F43_B675, // Cluster
    0xA0,        // BlockGroup
    0x75A1,      // BlockAdditions
    0xA6,        // BlockMore
    0x1654_AE6B, // Tracks
    0xAE,        // TrackEntry
    0xE0,        // Video
    0xE1,        // Audio
    0x6D80,      // ContentEncodings
    0x6240,      // ContentEncoding
    0x5035,      // ContentEncryption
    0x47E7,      // ContentEncAESSettings
    0x55B0,      // Colour
    0x55D0,      // MasteringMetadata
    0x1C53_BB6B, // Cues
    0xBB,        // CuePoint
    0xB7,        // CueTrackPositions
    0x1043_A770, // Chapters
    0x45B9,      // EditionEntry
    0xB6,        // ChapterAtom
    0x80,        // ChapterDisplay
    0x1254_C367, // Tags
    0x7373,      // Tag
    0x63C0,      // Targets
    0x67C8,      // SimpleTag
];

/// SimpleBlock and Block: audio frames, several to a block when laced.
const BLOCKS: &[u32] = &[0xA3, 0xA1];
/// A block's header and lacing sizes fit in this much: 255 sizes of at most 8 bytes.
const LACING_HEAD: u64 = 4096;

/// Whether every frame size a block's lacing declares fits in the block (`size` bytes, whose
/// first bytes are `head`): the reader allocates each frame at its declared size, and EBML
/// lacing's sizes are differences that can come out at terabytes.
fn lacing_fits(head: &[u8], size: u64) -> bool {
    let mut r = head;
    // The track number (a variable-length number), the time (2 bytes), the flags.
    let Ok(Some((_, track_len))) = vint(&mut r, 8, false) else { return true };
    let Some(&flags) = head.get(track_len as usize + 2) else { return true };
    let mut r = &head[(track_len as usize + 3).min(head.len())..];
    let lacing = (flags >> 1) & 0b11;
    if lacing == 0b00 || lacing == 0b10 {
        return true; // one frame, or frames of equal size: the block's own size
    }
    let Ok(Some(frames)) = next_byte(&mut r) else { return true };
    let mut sizes: Vec<i128> = Vec::new();
    for _ in 0..frames {
        let next = if lacing == 0b01 {
            // Xiph: 255s then the rest, summed.
            let mut total = 0i128;
            loop {
                let Ok(Some(b)) = next_byte(&mut r) else { return true };
                total += i128::from(b);
                if b != 255 {
                    break total;
                }
            }
        } else {
            // EBML: the first size, then signed differences from the one before.
            let Ok(Some((value, len))) = vint(&mut r, 8, false) else { return true };
            match sizes.last() {
                None => i128::from(value),
                Some(last) => last + i128::from(value) - ((1i128 << (7 * len - 1)) - 1),
            }
        };
        if next < 0 || next > i128::from(size) {
            return false;
        }
        sizes.push(next);
    }
    true
}

/// The next byte, or `None` at the end of the file.
fn next_byte(r: &mut impl Read) -> io::Result<Option<u8>> {
    let mut b = [0u8; 1];
    match r.read_exact(&mut b) {
        Ok(()) => Ok(Some(b[0])),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// An EBML variable-length number's first byte and the rest: its value without the length
/// marker (`keep_marker` for element IDs, which keep it) and its length in bytes. `None` for a
/// byte no number starts with or an end of file inside the number.
fn vint(r: &mut impl Read, max_len: u32, keep_marker: bool) -> io::Result<Option<(u64, u32)>> {
    let Some(first) = next_byte(r)? else { return Ok(None) };
    let extra = first.leading_zeros();
    if extra >= max_len {
        return Ok(None);
    }
    let mut value = u64::from(if keep_marker { first } else { first ^ (0x80 >> extra) });
    for _ in 0..extra {
        let Some(b) = next_byte(r)? else { return Ok(None) };
        value = (value << 8) | u64::from(b);
    }
    Ok(Some((value, extra + 1)))
}

/// The length of the file's start that is whole EBML: up to the first element header that is
/// not valid, or whose data runs past the end of the file (`len` bytes). Equal to `len` for
/// every file a recorder finishes writing.
pub fn readable_len(file: impl Read + Seek, len: u64) -> io::Result<u64> {
    let mut r = BufReader::new(file);
    let mut pos = 0u64;
    while pos < len {
        let start = pos;
        let Some((id, id_len)) = vint(&mut r, 4, true)? else { return Ok(start) };
        // 0xFF alone is "size unknown": a Segment or Cluster still being written.
        let Some((size, size_len)) = vint(&mut r, 8, false)? else { return Ok(start) };
        let unknown = size_len == 1 && size == 0x7F;
        let data = start + u64::from(id_len + size_len);
        if MASTERS.contains(&(id as u32)) {
            pos = data;
            continue;
        }
        // The reader takes a leaf of unknown size as empty.
        let size = if unknown { 0 } else { size };
        let Some(end) = data.checked_add(size).filter(|&end| end <= len) else { return Ok(start) };
        if BLOCKS.contains(&(id as u32)) {
            // The frames laced in a block are sized in its first bytes.
            let mut head = vec![0u8; size.min(LACING_HEAD) as usize];
            r.read_exact(&mut head)?;
            if !lacing_fits(&head, size) {
                return Ok(start);
            }
            r.seek_relative((size - head.len() as u64) as i64)?;
        } else {
            r.seek_relative(size as i64)?;
        }
        pos = end;
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    /// An element: its ID's bytes, a one-byte size and the data.
    fn element(id: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = id.to_vec();
        out.push(0x80 | data.len() as u8);
        out.extend_from_slice(data);
        out
    }

    fn len_of(bytes: &[u8]) -> u64 {
        readable_len(Cursor::new(bytes), bytes.len() as u64).expect("reads from memory")
    }

    #[test]
    fn a_whole_file_is_read_whole() {
        let mut file = element(&[0x1A, 0x45, 0xDF, 0xA3], &element(&[0x42, 0x82], b"webm"));
        // A Segment and a Cluster of unknown size (a live recording), then a block.
        file.extend_from_slice(&[0x18, 0x53, 0x80, 0x67, 0xFF, 0x1F, 0x43, 0xB6, 0x75, 0xFF]);
        file.extend(element(&[0xA3], &[0x81, 0, 0, 0x80, 1, 2, 3]));
        assert_eq!(len_of(&file), file.len() as u64);
    }

    #[test]
    fn reading_stops_before_a_block_that_claims_more_than_the_file_holds() {
        let mut file = element(&[0x1A, 0x45, 0xDF, 0xA3], &element(&[0x42, 0x82], b"webm"));
        file.extend_from_slice(&[0x18, 0x53, 0x80, 0x67, 0xFF]);
        let good = file.len() as u64;
        // A SimpleBlock whose 8-byte size says 142 TB.
        file.extend_from_slice(&[0xA3, 0x01, 0x00, 0x81, 0xD3, 0x1C, 0x80, 0x64, 0xAD, 1, 2, 3]);
        assert_eq!(len_of(&file), good);
    }

    #[test]
    fn reading_stops_at_bytes_that_are_not_an_element() {
        let mut file = element(&[0x1A, 0x45, 0xDF, 0xA3], &[]);
        let good = file.len() as u64;
        file.extend_from_slice(&[0x00, 0x00, 0x01]);
        assert_eq!(len_of(&file), good);
        // A cut inside an element's header.
        assert_eq!(len_of(&[0x1A, 0x45]), 0);
    }

    #[test]
    fn reading_stops_before_a_block_whose_laced_frames_claim_more_than_it_holds() {
        let mut file = element(&[0x1A, 0x45, 0xDF, 0xA3], &[]);
        file.extend_from_slice(&[0x18, 0x53, 0x80, 0x67, 0xFF]);
        let good = file.len() as u64;
        // Track 1, time 0, EBML lacing, two sizes given: 3 bytes, then 3 + 134 million.
        file.extend(element(&[0xA3], &[0x81, 0, 0, 0b110, 2, 0x83, 0x1F, 0xFF, 0xFF, 0xFE, 1, 2, 3, 4]));
        assert_eq!(len_of(&file), good);
        // The same frames sized 3 and 2 (a difference of -1): whole.
        let mut sound = file[..good as usize].to_vec();
        sound.extend(element(&[0xA3], &[0x81, 0, 0, 0b110, 2, 0x83, 0xBE, 1, 2, 3, 4, 5, 6, 7, 8]));
        assert_eq!(len_of(&sound), sound.len() as u64);
        // Xiph lacing: a size of 255 + 255 + 10 = 520 in a block of 9 bytes.
        let mut xiph = file[..good as usize].to_vec();
        xiph.extend(element(&[0xA3], &[0x81, 0, 0, 0b010, 1, 255, 255, 10, 1]));
        assert_eq!(len_of(&xiph), good);
    }

    /// The webms the fuzzer made that aborted Starling: a block of 142 TB; laced frames of 2 TB.
    #[test]
    fn the_fuzzed_webms_are_cut_before_their_impossible_blocks() {
        for name in ["mkv-142TB-allocation.webm", "mkv-2TB-lacing.webm"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(name);
            let bytes = std::fs::read(&path).expect("the regression file is in git");
            let n = len_of(&bytes);
            assert!(n > 0 && n < bytes.len() as u64, "{name}: {n} of {}", bytes.len());
        }
    }
}
