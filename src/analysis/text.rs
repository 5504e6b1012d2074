//! Word normalization shared by the measures.

/// Defined with the words it compares: transcription uses it too, and depends on nothing here.
pub use crate::transcribe::words::normalize;

/// The word's last character with closing quotes and brackets skipped: `done."` -> '.'.
fn closing_mark(word: &str) -> Option<char> {
    word.trim_end_matches(['"', '\'', ')', '’', '”']).chars().last()
}

/// True when the word closes a sentence.
pub fn ends_sentence(word: &str) -> bool {
    matches!(closing_mark(word), Some('.' | '?' | '!'))
}

/// True when the word closes a clause: a comma, semicolon or colon.
pub fn ends_clause(word: &str) -> bool {
    matches!(closing_mark(word), Some(',' | ';' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_punctuation_and_apostrophes() {
        assert_eq!(normalize("I’m,"), "i'm");
        assert_eq!(normalize("\"Kubernetes.\""), "kubernetes");
        assert_eq!(normalize("40%"), "40%");
        assert!(ends_sentence("done.\""));
        assert!(!ends_sentence("e.g"));
        assert!(ends_clause("channels,") && ends_clause("follows:") && !ends_clause("done."));
    }
}
