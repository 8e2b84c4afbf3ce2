//! Strings that match a `pattern`: the shortest the regular expression allows, made of letters
//! and digits where it leaves a choice.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Longest string made for a pattern; beyond it the pattern is given up.
const MAX_LEN: usize = 4096;

/// A string matching `pattern`, or `None` when it cannot be parsed or made.
pub fn matching(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    write(&hir, &mut out)?;
    Some(out)
}

fn write(hir: &Hir, out: &mut String) -> Option<()> {
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
                write(&rep.sub, out)?;
            }
        }
        HirKind::Capture(cap) => write(&cap.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, out)?;
            }
        }
        HirKind::Alternation(parts) => write(parts.first()?, out)?,
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
    }
}
