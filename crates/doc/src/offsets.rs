//! Conversion between byte offsets (internal) and Unicode code point offsets (external).

/// Maps byte offsets of a text to char (code point) offsets and back in O(log n).
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char start, plus the text length at the end.
    starts: Vec<u32>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        starts.push(text.len() as u32);
        CharIndex { starts }
    }

    /// Number of chars in the text.
    pub fn len_chars(&self) -> usize {
        self.starts.len() - 1
    }

    /// Char offset of a byte offset. A byte offset inside a char maps to that char's index.
    pub fn char_of(&self, byte: u32) -> u32 {
        match self.starts.binary_search(&byte) {
            Ok(i) => i as u32,
            Err(i) => i.saturating_sub(1) as u32,
        }
    }

    /// Byte offset of a char offset (clamped to the text length).
    pub fn byte_of(&self, ch: u32) -> u32 {
        let i = (ch as usize).min(self.starts.len() - 1);
        self.starts[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_arabic() {
        let t = "قصف a إدلب";
        let ix = CharIndex::new(t);
        assert_eq!(ix.len_chars(), t.chars().count());
        for (ci, (bi, _)) in t.char_indices().enumerate() {
            assert_eq!(ix.char_of(bi as u32), ci as u32);
            assert_eq!(ix.byte_of(ci as u32), bi as u32);
        }
        assert_eq!(ix.byte_of(999), t.len() as u32);
        assert_eq!(ix.char_of(t.len() as u32), ix.len_chars() as u32);
    }
}
