//! Case conversion of the text [`super::words`] leaves (ASCII letters, digits and spaces).
//!
//! Words break where `heck` breaks them, so names stay as they were: at spaces, after a
//! lower-case letter followed by a capital (`fooBar`), and before the last capital of a run
//! followed by a lower-case letter (`HTTPServer`); digits continue the word they are in. Unlike
//! `heck`, nothing here goes through `fmt` one character at a time, which made naming a fifth
//! of lowering large specs.

/// Calls `word` with each word of `text`, in order.
fn split(text: &str, mut word: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    for part in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let (mut start, mut mode) = (0, Mode::Boundary);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                (start, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..i]);
                (start, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
}

/// The words of `text`, each written by `write`, with `separator` between them.
fn join(text: &str, separator: &str, write: impl Fn(&str, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut first = true;
    split(text, |word| {
        if !first {
            out.push_str(separator);
        }
        first = false;
        write(word, &mut out);
    });
    out
}

fn lower(word: &str, out: &mut String) {
    out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
}

fn upper(word: &str, out: &mut String) {
    out.extend(word.chars().map(|c| c.to_ascii_uppercase()));
}

fn capitalized(word: &str, out: &mut String) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    }
}

/// `snake_case`.
pub(super) fn snake(text: &str) -> String {
    join(text, "_", lower)
}

/// `UpperCamelCase`.
pub(super) fn upper_camel(text: &str) -> String {
    join(text, "", capitalized)
}

/// `kebab-case`.
pub(super) fn kebab(text: &str) -> String {
    join(text, "-", lower)
}

/// `SHOUTY_SNAKE_CASE`.
pub(super) fn shouty_snake(text: &str) -> String {
    join(text, "_", upper)
}

#[cfg(test)]
mod tests {
    use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

    use super::*;

    /// Every text of up to six characters from letters of both cases, a digit and a space,
    /// and some real names, convert as `heck` converts them.
    #[test]
    fn words_break_where_heck_breaks_them() {
        let alphabet = ['a', 'b', 'A', 'B', '1', ' '];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.extend(
            [
                "HTTPServer",
                "getV2UsersByID",
                "  x  Y  ",
                "issuing authorization amount details",
                "ABCDef123ghiJKL",
                "a1B2c3D",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(snake(text), text.to_snake_case(), "{text:?}");
            assert_eq!(upper_camel(text), text.to_upper_camel_case(), "{text:?}");
            assert_eq!(kebab(text), text.to_kebab_case(), "{text:?}");
            assert_eq!(shouty_snake(text), text.to_shouty_snake_case(), "{text:?}");
        }
    }
}
