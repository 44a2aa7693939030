//! JSON string escaping for long texts: the engine writes the long strings of JS values into
//! their stored text itself (`js::values`), faster than `JSON.stringify` on Node 20, with the
//! same result: `"`, `\` and control characters escaped (short forms where JSON has them,
//! else `\u00xx`), everything else, non-ASCII included, as it is.

/// Appends `text` (UTF-8) to `out` escaped as JSON.stringify escapes a string's content. Eight
/// bytes are checked at a time.
pub fn escape_json(text: &[u8], out: &mut Vec<u8>) {
    let mut start = 0;
    while let Some(at) = needs_escape(text, start) {
        out.extend_from_slice(&text[start..at]);
        let byte = text[at];
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(byte >> 4)],
                    HEX[usize::from(byte & 0xf)],
                ]);
            }
        }
        start = at + 1;
    }
    out.extend_from_slice(&text[start..]);
}

/// The first byte of `text` from `from` on that a JSON string escapes (`"`, `\`, below 0x20).
fn needs_escape(text: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let rest = text.get(from..)?;
    let mut at = from;
    for w in rest.chunks_exact(8) {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // A byte below n (n ≤ 0x80) sets its high bit here; exact for the word as a whole.
        let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGHS;
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        if below(word, 0x20) | below(quote, 1) | below(backslash, 1) != 0 {
            break;
        }
        at += 8;
    }
    let escaped = |b: &u8| *b < 0x20 || *b == b'"' || *b == b'\\';
    text[at..].iter().position(escaped).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::escape_json;

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape_json(text.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_json_writers_do_at_every_offset_in_a_word() {
        let specials: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '/', '\u{7f}', 'é', '\u{2028}', '😀'])
            .collect();
        for special in specials {
            for offset in 0..20 {
                let text = format!("{}{special}{}", "a".repeat(offset), "b".repeat(19 - offset));
                let expected = serde_json::to_string(&text).unwrap();
                assert_eq!(format!("\"{}\"", escaped(&text)), expected, "{special:?} at {offset}");
            }
        }
    }

    #[test]
    fn long_text_round_trips_through_a_json_reader() {
        let text: String = (0..5000).map(|i| char::from_u32(i % 0x300).unwrap_or('x')).collect();
        let json = format!("\"{}\"", escaped(&text));
        assert_eq!(json, serde_json::to_string(&text).unwrap());
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        assert_eq!(escaped(""), "");
    }
}
