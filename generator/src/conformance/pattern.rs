//! Strings that match a `pattern`: the shortest the regular expression allows (or, given a
//! `minLength`, long enough for it where a repetition can grow), made of letters and digits
//! where it leaves a choice.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Longest string made for a pattern; beyond it the pattern is given up.
const MAX_LEN: usize = 4096;

/// A string matching `pattern`, or `None` when it cannot be parsed or made.
pub fn matching(pattern: &str) -> Option<String> {
    matching_at_least(pattern, 0)
}

/// A string matching `pattern` of at least `min_len` bytes where the pattern's repetitions
/// can grow that far (else as long as they allow), or `None` when it cannot be made.
pub fn matching_at_least(pattern: &str, min_len: usize) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    write(&hir, &mut out, &mut 0)?;
    if out.len() < min_len {
        // Once more, with the missing length for the repetitions to add.
        let mut extra = min_len - out.len();
        out.clear();
        write(&hir, &mut out, &mut extra)?;
    }
    Some(out)
}

/// Writes a match of `hir`; repetitions that may grow repeat until `extra` bytes were added.
fn write(hir: &Hir, out: &mut String, extra: &mut usize) -> Option<()> {
    if out.len() > MAX_LEN {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let preferred = ['a', 'A', '0', 'x', '1', '-', '_', '.'];
            let pick = preferred
                .iter()
                .copied()
                .find(|c| ranges.iter().any(|r| r.start() <= *c && *c <= r.end()))
                .or_else(|| {
                    ranges
                        .iter()
                        .find_map(|r| (r.start()..=r.end()).find(|c| !c.is_control()))
                })?;
            out.push(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let byte = class
                .ranges()
                .iter()
                .find_map(|r| (r.start()..=r.end()).find(|b| b.is_ascii_alphanumeric()))?;
            out.push(char::from(byte));
        }
        HirKind::Repetition(rep) => {
            for _ in 0..rep.min {
                write(&rep.sub, out, &mut 0)?;
            }
            let mut count = rep.min;
            while *extra > 0 && rep.max.is_none_or(|max| count < max) {
                let before = out.len();
                write(&rep.sub, out, &mut 0)?;
                let added = out.len() - before;
                if added == 0 {
                    break;
                }
                *extra = extra.saturating_sub(added);
                count += 1;
            }
        }
        HirKind::Capture(cap) => write(&cap.sub, out, extra)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, out, extra)?;
            }
        }
        HirKind::Alternation(parts) => write(parts.first()?, out, extra)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_match_their_patterns() {
        assert_eq!(
            matching("^MG[0-9a-fA-F]{32}$").as_deref(),
            Some("MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        );
        assert_eq!(matching(r"^\d{3}-\d{2}$").as_deref(), Some("000-00"));
        assert_eq!(matching("^(foo|bar)+x?$").as_deref(), Some("foo"));
        assert_eq!(matching("[^/]+").as_deref(), Some("a"));
        assert_eq!(matching("(unclosed"), None);
        // A minimum length grows the repetitions that may grow, and no others.
        assert_eq!(
            matching_at_least("^[0-9a-f]+$", 40).as_deref(),
            Some("a".repeat(40).as_str())
        );
        assert_eq!(
            matching_at_least("^v[0-9]{2}-[a-z]*$", 8).as_deref(),
            Some("v00-aaaa")
        );
        assert_eq!(matching_at_least("^ab?$", 5).as_deref(), Some("ab"));
    }
}
