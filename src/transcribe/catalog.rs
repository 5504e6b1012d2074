//! The official whisper.cpp English models users can download, and what we know of each.

use serde::Serialize;

/// Where whisper.cpp publishes its ggml models; `<base>/<file>` is one model.
pub const DEFAULT_BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    Tiny,
    Base,
    Small,
    Medium,
    Large,
}

impl Architecture {
    /// Encoder depth identifies the size class in a ggml header.
    pub fn from_audio_layers(layers: i32) -> Option<Self> {
        Some(match layers {
            4 => Self::Tiny,
            6 => Self::Base,
            12 => Self::Small,
            24 => Self::Medium,
            32 => Self::Large,
            _ => return None,
        })
    }

    /// Width and attention heads of this size's encoder and decoder, as whisper.cpp builds them.
    pub fn shape(self) -> (i32, i32) {
        match self {
            Self::Tiny => (384, 6),
            Self::Base => (512, 8),
            Self::Small => (768, 12),
            Self::Medium => (1024, 16),
            Self::Large => (1280, 20),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Tiny => "tiny",
            Self::Base => "base",
            Self::Small => "small",
            Self::Medium => "medium",
            Self::Large => "large",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogEntry {
    /// The name users type: `tiny.en`, `base.en-q5_1`.
    pub name: &'static str,
    pub file: &'static str,
    /// Exact byte count where published, otherwise the approximate size for display.
    pub size_bytes: u64,
    pub size_exact: bool,
    pub sha1: &'static str,
    pub architecture: Architecture,
    pub quantized: bool,
    pub summary: &'static str,
}

const MIB: u64 = 1024 * 1024;

/// Ordered by preference when picking an installed model without being told which: the best
/// speed/accuracy trade-off on a laptop first.
pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        name: "base.en",
        file: "ggml-base.en.bin",
        size_bytes: 142 * MIB,
        size_exact: false,
        sha1: "137c40403d78fd54d454da0f9bd998f78703390c",
        architecture: Architecture::Base,
        quantized: false,
        summary: "recommended: clearly better words than tiny.en, still fast",
    },
    CatalogEntry {
        name: "base.en-q8_0",
        file: "ggml-base.en-q8_0.bin",
        size_bytes: 78 * MIB,
        size_exact: false,
        sha1: "bb1574182e9b924452bf0cd1510ac034d323e948",
        architecture: Architecture::Base,
        quantized: true,
        summary: "base.en at about half the size, about as fast",
    },
    CatalogEntry {
        name: "base.en-q5_1",
        file: "ggml-base.en-q5_1.bin",
        size_bytes: 57 * MIB,
        size_exact: false,
        sha1: "d26d7ce5a1b6e57bea5d0431b9c20ae49423c94a",
        architecture: Architecture::Base,
        quantized: true,
        summary: "base.en's smallest download",
    },
    CatalogEntry {
        name: "tiny.en",
        file: "ggml-tiny.en.bin",
        size_bytes: 77_704_715,
        size_exact: true,
        sha1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
        architecture: Architecture::Tiny,
        quantized: false,
        summary: "fastest; fine for pace and timing, misses more words",
    },
    CatalogEntry {
        name: "tiny.en-q8_0",
        file: "ggml-tiny.en-q8_0.bin",
        size_bytes: 42 * MIB,
        size_exact: false,
        sha1: "802d6668e7d411123e672abe4cb6c18f12306abb",
        architecture: Architecture::Tiny,
        quantized: true,
        summary: "tiny.en at half the size, nearly the same accuracy",
    },
    CatalogEntry {
        name: "tiny.en-q5_1",
        file: "ggml-tiny.en-q5_1.bin",
        size_bytes: 31 * MIB,
        size_exact: false,
        sha1: "3fb92ec865cbbc769f08137f22470d6b66e071b6",
        architecture: Architecture::Tiny,
        quantized: true,
        summary: "smallest download",
    },
    CatalogEntry {
        name: "small.en",
        file: "ggml-small.en.bin",
        size_bytes: 466 * MIB,
        size_exact: false,
        sha1: "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022",
        architecture: Architecture::Small,
        quantized: false,
        summary: "most accurate here; several times slower than base.en",
    },
    CatalogEntry {
        name: "medium.en",
        file: "ggml-medium.en.bin",
        size_bytes: 1536 * MIB,
        size_exact: false,
        sha1: "8c30f0e44ce9560643ebd10bbe50cd20eafd3723",
        architecture: Architecture::Medium,
        quantized: false,
        summary: "large and slow on a laptop CPU; for fast machines",
    },
];

/// Looks a model up by its name (`tiny.en`) or file name (`ggml-tiny.en.bin`).
pub fn find(name: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|e| e.name.eq_ignore_ascii_case(name) || e.file.eq_ignore_ascii_case(name))
}

/// Human size: "74.1 MiB".
pub fn format_size(bytes: u64) -> String {
    let mib = bytes as f64 / MIB as f64;
    if mib >= 1024.0 { format!("{:.1} GiB", mib / 1024.0) } else { format!("{mib:.1} MiB") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_by_name_or_file() {
        assert_eq!(find("tiny.en").unwrap().file, "ggml-tiny.en.bin");
        assert_eq!(find("ggml-base.en.bin").unwrap().name, "base.en");
        assert!(find("large-v9").is_none());
    }

    #[test]
    fn every_entry_has_a_well_formed_sha1_and_unique_name() {
        for e in CATALOG {
            assert_eq!(e.sha1.len(), 40, "{}", e.name);
            assert!(e.sha1.chars().all(|c| c.is_ascii_hexdigit()));
            assert_eq!(CATALOG.iter().filter(|o| o.name == e.name).count(), 1);
        }
    }
}
