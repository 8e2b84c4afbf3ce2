use super::repair;

/// Repairs one paragraph of text (no code lines).
fn fix(text: &str) -> String {
    let lines = text
        .split('\n')
        .map(|l| (l.to_owned(), false))
        .collect::<Vec<_>>();
    repair(&lines).join("\n")
}

#[test]
fn bare_urls_become_autolinks_without_trailing_punctuation() {
    assert_eq!(
        fix("See https://example.com/docs. Or (https://w3.org/TR/x#y)."),
        "See <https://example.com/docs>. Or (<https://w3.org/TR/x#y>)."
    );
    assert_eq!(
        fix("Wiki: https://en.wikipedia.org/wiki/Rust_(language), HTTP://X.ORG/a?b=c&d"),
        "Wiki: <https://en.wikipedia.org/wiki/Rust_(language)>, <HTTP://X.ORG/a?b=c&d>"
    );
    assert_eq!(fix("**https://a.io/x**"), "**<https://a.io/x>**");
}

#[test]
fn urls_already_linked_or_in_code_stay() {
    for text in [
        "<https://example.com/>",
        "[docs](https://example.com/a_(b)) and [https://x.io](https://x.io \"t\")",
        "`curl https://example.com` and ``a ` https://x.io``",
        "[ref]: https://example.com/ref",
        "xhttps://no.io and /https://no.io",
        "http://<host>/x is a template",
    ] {
        let expected = text.replace("http://<host>", "http://&lt;host>");
        assert_eq!(fix(text), expected, "{text}");
    }
}

#[test]
fn brackets_that_are_no_links_are_escaped() {
    assert_eq!(fix("Get items [DEPRECATED]"), "Get items \\[DEPRECATED\\]");
    assert_eq!(
        fix("data[0].count, [18].[6]"),
        "data\\[0\\].count, \\[18\\].\\[6\\]"
    );
    assert_eq!(fix("see [x][missing]"), "see \\[x\\]\\[missing\\]");
    assert_eq!(fix("a [`Policy`] here"), "a `Policy` here");
    assert_eq!(fix("note [a](see above)"), "note \\[a\\](see above)");
    assert_eq!(fix("empty [] and \\[kept\\]"), "empty [] and \\[kept\\]");
}

#[test]
fn defined_references_and_footnotes_stay() {
    let text = "Per [RFC][rfc] and [JWK] and [^1].\n\n[rfc]: https://r.io\n[jwk]: https://j.io\n[^1]: Note.";
    assert_eq!(fix(text), text);
    // Inside a paragraph, such a line is text.
    assert_eq!(fix("Text\n[a]: b"), "Text\n\\[a\\]: b");
}

#[test]
fn links_to_rust_paths_keep_their_text() {
    assert_eq!(
        fix("Create a [`Disk`](omicron::api::Disk) or [Vpc](crate::views::Vpc)."),
        "Create a `Disk` or Vpc."
    );
    assert_eq!(
        fix("[mail](mailto:a@b.io) [top](#top) [page](docs/page.html)"),
        "[mail](mailto:a@b.io) [top](#top) [page](docs/page.html)"
    );
}

#[test]
fn unknown_and_unclosed_tags_are_escaped() {
    assert_eq!(
        fix("specify a <Description> element; Vec<String>; <b>bold</b>"),
        "specify a &lt;Description> element; Vec&lt;String>; <b>bold</b>"
    );
    assert_eq!(
        fix("open <b>bold and </i> stray"),
        "open &lt;b>bold and &lt;/i> stray"
    );
    assert_eq!(
        fix("a<br>b<br/>c <img src=\"x.png\">"),
        "a<br>b<br/>c <img src=\"x.png\">"
    );
    assert_eq!(
        fix("1 < 2 and <!-- note --> x"),
        "1 < 2 and <!-- note --> x"
    );
    assert_eq!(fix("<b x=\"unclosed>"), "&lt;b x=\"unclosed>");
    assert_eq!(
        fix("<a href=\"https://a.io\">unclosed"),
        "&lt;a href=\"<https://a.io>\">unclosed"
    );
    assert_eq!(
        fix("<script>alert(1)</script>"),
        "&lt;script>alert(1)&lt;/script>"
    );
    assert_eq!(fix("`<id>` stays"), "`<id>` stays");
}

#[test]
fn tags_balance_across_paragraphs() {
    let text = "<details>\n<summary>More</summary>\n\nText with [x].\n\n</details>";
    assert_eq!(fix(text), text.replace("[x]", "\\[x\\]"));
}

#[test]
fn html_blocks_are_raw_but_for_their_tags() {
    let text = "<p>Use [x] or https://a.io and <id>.</p>\n<p>Next</p>\n\nAfter [y].";
    assert_eq!(
        fix(text),
        "<p>Use [x] or https://a.io and &lt;id>.</p>\n<p>Next</p>\n\nAfter \\[y\\]."
    );
    // A block whose first tag is escaped is Markdown after all.
    assert_eq!(fix("<p>Unclosed [x]"), "&lt;p>Unclosed \\[x\\]");
}

#[test]
fn code_lines_stay() {
    let lines = [
        ("```text".to_owned(), true),
        ("[x] https://a.io <id>".to_owned(), true),
        ("```".to_owned(), true),
        ("[y]".to_owned(), false),
    ];
    assert_eq!(
        repair(&lines),
        ["```text", "[x] https://a.io <id>", "```", "\\[y\\]"]
    );
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "[",
        "]",
        "[[[",
        "`",
        "``a",
        "<",
        "<a",
        "</",
        "<!--",
        "h",
        "http://",
        "https://.",
        "[x](",
        "[x](y",
        "é<é>[é](é) https://é.io/é",
        "\\",
        "a\\",
        "<a b='c",
        "[`]`]",
    ] {
        let _ = fix(text);
    }
}
