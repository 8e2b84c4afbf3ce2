//! Diagnostics: problems found in a spec, reported as `file: JSON pointer: what is wrong`.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Output was still produced, with a documented fallback.
    Warning,
    /// No output can be produced for this spec.
    Error,
}

/// One problem in one spec, located by a JSON pointer into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The spec file as given on the command line.
    pub file: String,
    /// JSON pointer (RFC 6901) to the offending node; empty for the whole document.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_owned(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pointer, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{}: {}: {}", self.file, pointer, self.message)
    }
}

/// Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 asks.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for segment in segments {
        let segment = segment.as_ref();
        out.push('/');
        if segment.contains(['~', '/']) {
            out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// The errors that stop generation for a spec, with any warnings found before them.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        assert_eq!(pointer(["paths", "/a/{b}", "get"]), "/paths/~1a~1{b}/get");
        assert_eq!(pointer(["x~y"]), "/x~0y");
    }

    #[test]
    fn display_is_file_pointer_message() {
        let d = Diagnostic::error("a.yaml", "/paths", "bad");
        assert_eq!(d.to_string(), "a.yaml: /paths: bad");
        let d = Diagnostic::error("a.yaml", "", "bad");
        assert_eq!(d.to_string(), "a.yaml: /: bad");
    }
}
