//! Redaction that a changed letter case, a pasted line break or an invisible character cannot
//! slip past.
//!
//! Two rules make it hold. First, redaction works on the text exactly as the PDF will draw it
//! ([`drawn_text`], the same character handling the layout applies), so nothing the layout drops
//! can hide a secret from the matcher and then disappear to reveal it on the page. Second, each
//! secret is matched in a normalised form ([`Normalised`]): compatibility-decomposed (NFKD, so the
//! match is NFKC equivalence), case-folded, with whitespace, line breaks, zero-width and bidi
//! control characters and soft hyphens ignored inside the match. The text is normalised the same
//! way with a map back to its own characters, so the span replaced is the one that was printed.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// What replaces a secret in a briefing.
pub const REDACTED: &str = "[redacted]";

/// Format characters (zero-width, joiners, bidi controls, BOM, soft hyphen, variation selectors,
/// tags) carry no ink: the layout drops them.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// What the layout draws for `c`: nothing for a format character, a space for any other control
/// character or a line/paragraph separator, the character itself otherwise. "\n" stays: it is the
/// document model's line break.
pub fn drawn_char(c: char) -> Option<char> {
    if c == '\n' {
        Some('\n')
    } else if is_invisible_format(c) {
        None
    } else if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
        Some(' ')
    } else {
        Some(c)
    }
}

/// `text` as the layout will draw it.
pub fn drawn_text(text: &str) -> String {
    text.chars().filter_map(drawn_char).collect()
}

/// Characters the match steps over: they may sit anywhere inside a pasted secret.
fn ignored(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible_format(c)
}

/// Case folding beyond `to_lowercase`: the full folds that change length or merge letters.
fn fold_into(c: char, out: &mut Vec<char>) {
    for l in c.to_lowercase() {
        match l {
            'ß' => out.extend(['s', 's']),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            _ => out.push(l),
        }
    }
}

/// A text in its normalised form, each normalised char mapped to the span of original chars
/// (indices into the text's chars) it came from.
pub struct Normalised {
    pub chars: Vec<char>,
    /// (first, last) original char index, inclusive.
    pub spans: Vec<(usize, usize)>,
}

impl Normalised {
    /// Normalises by cluster (a char and the combining marks after it), so that NFD and NFC
    /// input, and marks typed in another order, give the same chars.
    pub fn of(text: &str) -> Normalised {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Normalised {
            chars: Vec::with_capacity(chars.len()),
            spans: Vec::with_capacity(chars.len()),
        };
        let mut i = 0;
        let mut cluster = String::new();
        let mut folded = Vec::new();
        while i < chars.len() {
            if ignored(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            cluster.clear();
            cluster.push(chars[i]);
            i += 1;
            // Marks after the base, even with ignored chars between them.
            let mut end = start;
            while i < chars.len() {
                if canonical_combining_class(chars[i]) != 0 {
                    cluster.push(chars[i]);
                    end = i;
                    i += 1;
                } else if ignored(chars[i])
                    && chars[i + 1..]
                        .iter()
                        .find(|c| !ignored(**c))
                        .is_some_and(|c| canonical_combining_class(*c) != 0)
                {
                    i += 1;
                } else {
                    break;
                }
            }
            folded.clear();
            for c in cluster.nfkd() {
                fold_into(c, &mut folded);
            }
            // Folding can produce chars that decompose further (rare); a second pass settles it.
            let settled: Vec<char> = folded.iter().copied().collect::<String>().nfkd().collect();
            for c in settled {
                if !ignored(c) {
                    out.chars.push(c);
                    out.spans.push((start, end));
                }
            }
        }
        out
    }
}

/// Finds every secret in texts and replaces what was printed of it with [`REDACTED`].
pub struct Redactor {
    /// Normalised secrets, longest first, none empty.
    secrets: Vec<Vec<char>>,
}

impl Redactor {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut secrets: Vec<Vec<char>> = secrets
            .into_iter()
            .map(|s| Normalised::of(s).chars)
            .filter(|s| !s.is_empty())
            .collect();
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        Redactor { secrets }
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `text` as drawn, with every occurrence of a secret replaced. Overlapping or touching
    /// occurrences become one replacement.
    pub fn redact(&self, text: &str) -> String {
        let drawn = drawn_text(text);
        if self.secrets.is_empty() {
            return drawn;
        }
        let norm = Normalised::of(&drawn);
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for secret in &self.secrets {
            let n = secret.len();
            if n > norm.chars.len() {
                continue;
            }
            for at in 0..=norm.chars.len() - n {
                if norm.chars[at] == secret[0] && norm.chars[at..at + n] == secret[..] {
                    hits.push((norm.spans[at].0, norm.spans[at + n - 1].1));
                }
            }
        }
        if hits.is_empty() {
            return drawn;
        }
        hits.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in hits {
            match merged.last_mut() {
                Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let chars: Vec<char> = drawn.chars().collect();
        let mut out = String::with_capacity(drawn.len());
        let mut next = 0;
        for (s, e) in merged {
            out.extend(&chars[next..s]);
            out.push_str(REDACTED);
            next = e + 1;
        }
        out.extend(&chars[next..]);
        out
    }
}

/// Replaces anything shaped like an IP address (IPv4 with an optional prefix length, or IPv6
/// with at least three colons or a "::") with [`REDACTED`].
pub fn redact_addresses(text: &str) -> String {
    let is_token = |c: char| c.is_ascii_hexdigit() || c == '.' || c == ':' || c == '/';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_token) {
        out.push_str(&rest[..start]);
        let len = rest[start..]
            .find(|c| !is_token(c))
            .unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        // Sentence punctuation after an address is not part of it.
        let core = token.trim_end_matches(['.', ':']);
        if is_address(core) {
            out.push_str(REDACTED);
            out.push_str(&token[core.len()..]);
        } else {
            out.push_str(token);
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

fn is_address(token: &str) -> bool {
    let addr = token.split('/').next().unwrap_or_default();
    let v4 = addr.split('.').count() == 4
        && addr
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u16>().is_ok_and(|n| n <= 255));
    let v6 = (addr.matches(':').count() >= 3 || addr.contains("::"))
        && addr
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        && addr.chars().any(|c| c.is_ascii_hexdigit());
    v4 || v6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(secrets: &[&str], text: &str) -> String {
        Redactor::new(secrets.iter().copied()).redact(text)
    }

    #[test]
    fn every_disguise_of_a_secret_is_caught() {
        let s = "Password-1";
        for text in [
            "x Password-1 y",
            "x Pass\u{200B}word-1 y",
            "x Pass\u{00AD}word-1 y",
            "x PASSWORD-1 y",
            "x pass word-1 y",
            "x Pass\r\nword-1 y",
            "x Pass\tword-1 y",
            "x \u{202E}Password-1\u{202C} y",
            "x Ｐａｓｓｗｏｒｄ－１ y",
        ] {
            assert_eq!(r(&[s], text), "x [redacted] y", "{text:?}");
        }
        // Accents in either normal form, either side.
        assert_eq!(r(&["Café-9"], "a Cafe\u{301}-9 b"), "a [redacted] b");
        assert_eq!(r(&["Cafe\u{301}-9"], "a CAFÉ-9 b"), "a [redacted] b");
        assert_eq!(r(&["Straße7"], "a STRASSE7 b"), "a [redacted] b");
        // A secret stored with surrounding spaces or its lines apart still matches.
        assert_eq!(
            r(&["  line1\r\nline2 "], "a line1 line2 b"),
            "a [redacted] b"
        );
    }

    #[test]
    fn text_without_secrets_comes_back_as_drawn() {
        assert_eq!(r(&["Kranhaus-2019!"], "a\u{200B}b\tc\nd"), "ab c\nd");
        assert_eq!(r(&[], "Café\u{00AD}"), "Café");
        assert_eq!(r(&["   "], "a b"), "a b");
    }

    #[test]
    fn addresses_go_and_times_stay() {
        assert_eq!(
            redact_addresses("reach 10.0.4.17/24, then fe80::1 or 2001:db8:0:1::5."),
            "reach [redacted], then [redacted] or [redacted]."
        );
        let kept = "D+3 09:00 to 10:30:15, version 1.2.3, 999.1.1.1";
        assert_eq!(redact_addresses(kept), kept);
    }

    #[test]
    fn overlapping_and_repeated_secrets_are_one_replacement_each() {
        assert_eq!(r(&["abcd", "cdef"], "x abcdef y"), "x [redacted] y");
        assert_eq!(r(&["abc"], "abc abc"), "[redacted] [redacted]");
        assert_eq!(r(&["Straße"], "a straße b"), "a [redacted] b");
    }
}
