//! Whether symphonia may read an mp4, m4a or mov. Its reader allocates a sample, and some
//! boxes, at the size the file declares before reading (symphonia-format-isomp4 0.5): a damaged
//! sample size asked for 2.7 GB, and where the allocation fails Starling would abort
//! (`fuzz/regressions/`). So the boxes are walked first: each must end inside the one holding
//! it and inside the file (the media data may be cut short: a recording cut off while being
//! written), and no sample may be larger than the file.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

/// Boxes that hold boxes, and how many bytes (version and flags) come before the first.
fn children_offset(kind: &[u8; 4], parent: Option<&[u8; 4]>) -> Option<u64> {
    match kind {
        b"moov" | b"trak" | b"mdia" | b"minf" | b"stbl" | b"edts" | b"dinf" | b"udta" | b"mvex" | b"moof" | b"traf"
        | b"mfra" | b"ilst" => Some(0),
        b"meta" => Some(4),
        // Each metadata item ("©nam", "trkn", ...) holds its data boxes.
        _ if parent == Some(b"ilst") => Some(0),
        _ => None,
    }
}

/// A read that failed, as the reason the file is refused.
fn io(e: io::Error) -> String {
    format!("cannot read it: {e}")
}

struct Walk<R> {
    r: R,
    len: u64,
}

impl<R: Read + Seek> Walk<R> {
    fn u32_at(&mut self, pos: u64) -> io::Result<u32> {
        let mut b = [0u8; 4];
        self.r.seek(SeekFrom::Start(pos))?;
        self.r.read_exact(&mut b)?;
        Ok(u32::from_be_bytes(b))
    }

    /// The boxes from `start` to `end`, inside `parent`.
    fn boxes(&mut self, start: u64, end: u64, parent: Option<&[u8; 4]>, depth: usize) -> Result<(), String> {
        if depth > 16 {
            return Err("its boxes nest deeper than any recording's".into());
        }
        let mut pos = start;
        while pos + 8 <= end.min(self.len) {
            let size32 = self.u32_at(pos).map_err(io)?;
            let mut kind = [0u8; 4];
            self.r.read_exact(&mut kind).map_err(io)?;
            let (size, header) = match size32 {
                0 => (end.min(self.len) - pos, 8),
                1 => {
                    let hi = u64::from(self.u32_at(pos + 8).map_err(io)?);
                    let lo = u64::from(self.u32_at(pos + 12).map_err(io)?);
                    ((hi << 32) | lo, 16)
                }
                n => (u64::from(n), 8),
            };
            let box_end = pos.checked_add(size).filter(|_| size >= header).ok_or("a box with an impossible size")?;
            // Only the media data may run past the end: the rest of a cut file is not there.
            if box_end > end || (box_end > self.len && &kind != b"mdat") {
                return Err(format!(
                    "its \"{}\" box claims {size} bytes, more than the file holds",
                    String::from_utf8_lossy(&kind)
                ));
            }
            match &kind {
                b"stco" => self.table(pos + header, box_end, 4)?,
                b"co64" | b"stts" => self.table(pos + header, box_end, 8)?,
                b"stsc" => self.table(pos + header, box_end, 12)?,
                b"stsz" => self.sample_sizes(pos + header, box_end)?,
                b"trun" => self.run_sizes(pos + header, box_end)?,
                _ => {
                    if let Some(skip) = children_offset(&kind, parent) {
                        self.boxes(pos + header + skip, box_end, Some(&kind), depth + 1)?;
                    }
                }
            }
            pos = box_end;
        }
        Ok(())
    }

    /// A table box (version and flags, a count, then entries of `entry` bytes): the reader
    /// reserves room for the count it declares before reading any entry.
    fn table(&mut self, data: u64, end: u64, entry: u64) -> Result<(), String> {
        if data + 8 > end {
            return Ok(());
        }
        let count = u64::from(self.u32_at(data + 4).map_err(io)?);
        self.fits(count, entry, end - (data + 8))
    }

    fn fits(&self, count: u64, entry: u64, room: u64) -> Result<(), String> {
        if count * entry > room {
            return Err(format!("a table that claims {count} entries in room for {}", room / entry));
        }
        Ok(())
    }

    fn too_big(&self, size: u32) -> Result<(), String> {
        if u64::from(size) > self.len {
            return Err(format!("a sample of {size} bytes, more than the whole file"));
        }
        Ok(())
    }

    /// `stsz`: version and flags, one size for every sample (or 0), the count, then each size.
    fn sample_sizes(&mut self, data: u64, end: u64) -> Result<(), String> {
        if data + 12 > end {
            return Ok(());
        }
        let constant = self.u32_at(data + 4).map_err(io)?;
        self.too_big(constant)?;
        if constant != 0 {
            return Ok(());
        }
        let count = u64::from(self.u32_at(data + 8).map_err(io)?);
        self.fits(count, 4, end - (data + 12))?;
        self.sizes(data + 12, count, 4)
    }

    /// `trun`: flags say which of duration, size, flags and time offset each sample has.
    fn run_sizes(&mut self, data: u64, end: u64) -> Result<(), String> {
        if data + 8 > end {
            return Ok(());
        }
        let flags = self.u32_at(data).map_err(io)? & 0x00FF_FFFF;
        if flags & 0x200 == 0 {
            return Ok(());
        }
        let count = u64::from(self.u32_at(data + 4).map_err(io)?);
        let mut first = data + 8;
        first += 4 * u64::from(flags & 0x1 != 0) + 4 * u64::from(flags & 0x4 != 0);
        let stride = 4 * [0x100, 0x200, 0x400, 0x800].iter().filter(|&&f| flags & f != 0).count() as u64;
        let before = 4 * u64::from(flags & 0x100 != 0);
        self.fits(count, stride, end.saturating_sub(first))?;
        self.sizes(first + before, count, stride)
    }

    /// `count` sample sizes, the first at `first`, one every `stride` bytes; only the size is
    /// read, so the last entry's other fields (or the bytes after the table) are never needed.
    fn sizes(&mut self, first: u64, count: u64, stride: u64) -> Result<(), String> {
        self.r.seek(SeekFrom::Start(first)).map_err(io)?;
        let mut size = [0u8; 4];
        for k in 0..count {
            if k > 0 {
                self.r.seek_relative(stride as i64 - 4).map_err(io)?;
            }
            self.r.read_exact(&mut size).map_err(io)?;
            self.too_big(u32::from_be_bytes(size))?;
        }
        Ok(())
    }
}

/// `Err` with what is wrong when a box or a sample claims more than the file (`len` bytes) holds.
pub fn check(file: impl Read + Seek, len: u64) -> Result<(), String> {
    Walk { r: BufReader::new(file), len }.boxes(0, u64::MAX, None, 0)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn boxed(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = ((data.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out
    }

    fn stsz(sizes: &[u32]) -> Vec<u8> {
        let mut data = vec![0u8; 8];
        data.extend_from_slice(&(sizes.len() as u32).to_be_bytes());
        sizes.iter().for_each(|s| data.extend_from_slice(&s.to_be_bytes()));
        boxed(b"stsz", &data)
    }

    fn file(sizes: &[u32]) -> Vec<u8> {
        let stbl = boxed(b"stbl", &stsz(sizes));
        let moov = boxed(b"moov", &boxed(b"trak", &boxed(b"mdia", &boxed(b"minf", &stbl))));
        let mut out = boxed(b"ftyp", b"M4A \0\0\0\0");
        out.extend(moov);
        out.extend(boxed(b"mdat", &[0u8; 64]));
        out
    }

    fn checked(bytes: &[u8]) -> Result<(), String> {
        check(Cursor::new(bytes), bytes.len() as u64)
    }

    #[test]
    fn a_sound_file_passes_and_may_be_cut_in_its_media_data() {
        let whole = file(&[20, 30, 14]);
        assert_eq!(checked(&whole), Ok(()));
        assert_eq!(checked(&whole[..whole.len() - 30]), Ok(()));
    }

    #[test]
    fn a_sample_larger_than_the_file_is_named() {
        let err = checked(&file(&[20, 2_751_463_887, 14])).unwrap_err();
        assert!(err.contains("2751463887 bytes"), "{err}");
    }

    #[test]
    fn a_box_larger_than_what_holds_it_is_named() {
        let mut bytes = file(&[20]);
        // The stsz box (inside stbl) claims 4 GB.
        let at = bytes.windows(4).position(|w| w == b"stsz").expect("stsz") - 4;
        bytes[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        let err = checked(&bytes).unwrap_err();
        assert!(err.contains("\"stsz\" box"), "{err}");
    }

    #[test]
    fn a_table_that_claims_more_entries_than_it_holds_is_named() {
        let mut bytes = file(&[20, 30]);
        let at = bytes.windows(4).position(|w| w == b"stsz").expect("stsz") + 12;
        bytes[at..at + 4].copy_from_slice(&0x0FFF_FFFFu32.to_be_bytes());
        let err = checked(&bytes).unwrap_err();
        assert!(err.contains("268435455 entries in room for 2"), "{err}");
    }

    #[test]
    fn a_fragments_sample_sizes_are_read_to_the_end_of_the_file() {
        // A trun (durations and sizes: 0x100 | 0x200) as the file's last bytes.
        let mut trun = vec![0, 0, 0x03, 0x00];
        trun.extend_from_slice(&2u32.to_be_bytes());
        for (duration, size) in [(1024u32, 20u32), (1024, 30)] {
            trun.extend_from_slice(&duration.to_be_bytes());
            trun.extend_from_slice(&size.to_be_bytes());
        }
        let mut bytes = boxed(b"ftyp", b"M4A \0\0\0\0");
        bytes.extend(boxed(b"moof", &boxed(b"traf", &boxed(b"trun", &trun))));
        assert_eq!(checked(&bytes), Ok(()));
        let last = bytes.len() - 4;
        bytes[last..].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(checked(&bytes).is_err_and(|e| e.contains("4294967295 bytes")));
    }

    #[test]
    fn the_fuzzed_m4a_is_refused() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/mp4-2.7GB-allocation.m4a");
        let bytes = std::fs::read(&path).expect("the regression file is in git");
        assert!(checked(&bytes).is_err());
    }
}
