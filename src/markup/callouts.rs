//! Part of rendering a doc: call-outs. GitHub alerts (`> [!NOTE]`, TIP, IMPORTANT, WARNING,
//! CAUTION), which pulldown-cmark parses with `ENABLE_GFM`, and MkDocs admonitions
//! (`!!! note "Title"` over a block indented by four spaces), rewritten here before parsing,
//! both become `<aside class="callout callout-KIND">` with the kind (or the given title)
//! written out as its first line, so colour is never the only signal. Call-outs carry raw
//! HTML, so a doc with one is cleaned by ammonia (which keeps only these classes).

use std::borrow::Cow;

/// The classes ammonia keeps on `<aside>` and `<p>` of a doc (pulldown-cmark writes neither
/// with a class, so no other class is emptied): one per kind (note, tip,
/// important, warning, caution; MkDocs' other types map onto the nearest).
pub(crate) const CLASSES: [&str; 7] = [
    "callout",
    "callout-title",
    "callout-note",
    "callout-tip",
    "callout-important",
    "callout-warning",
    "callout-caution",
];

/// The opening HTML of a call-out of `kind` with its title.
pub(crate) fn open(kind: &str, title: &str) -> String {
    format!(
        "<aside class=\"callout callout-{kind}\"><p class=\"callout-title\">{}</p>",
        crate::markup::escape_html(title)
    )
}

pub(crate) const CLOSE: &str = "</aside>";

/// A GitHub alert's kind, and its title as GitHub shows it.
pub(crate) fn github_kind(k: pulldown_cmark::BlockQuoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind as K;
    match k {
        K::Note => ("note", "Note"),
        K::Tip => ("tip", "Tip"),
        K::Important => ("important", "Important"),
        K::Warning => ("warning", "Warning"),
        K::Caution => ("caution", "Caution"),
    }
}

/// MkDocs' admonition types onto the five kinds.
fn mkdocs_kind(t: &str) -> &'static str {
    match t.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" | "example" => "tip",
        "important" | "question" | "help" | "faq" | "abstract" | "summary" | "tldr" => "important",
        "warning" | "attention" | "bug" => "warning",
        "caution" | "danger" | "error" | "failure" | "fail" | "missing" => "caution",
        _ => "note",
    }
}

/// Rewrites MkDocs admonitions (`!!! type "Title"`, or `???` collapsible ones, shown open)
/// into call-out HTML around their dedented Markdown; other text is returned as is.
pub(crate) fn admonitions(src: &str) -> Cow<'_, str> {
    if !src.contains("!!! ") && !src.contains("??? ") {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len() + 128);
    let mut lines = src.split_inclusive('\n').peekable();
    let mut fence: Option<&str> = None;
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            out.push_str(line);
            continue;
        }
        let head = line
            .strip_prefix("!!! ")
            .or_else(|| line.strip_prefix("??? "))
            .or_else(|| line.strip_prefix("???+ "));
        let Some(head) = head else {
            out.push_str(line);
            continue;
        };
        let head = head.trim();
        let (kind, title) = match head.split_once(char::is_whitespace) {
            Some((k, rest)) => (k, rest.trim().trim_matches('"').to_string()),
            None => (head, String::new()),
        };
        let kind_class = mkdocs_kind(kind);
        let title = if title.is_empty() && !head.ends_with("\"\"") {
            let mut t = kind.to_string();
            if let Some(c) = t.get(0..1) {
                t.replace_range(0..1, &c.to_uppercase());
            }
            t
        } else {
            title
        };
        out.push_str(&open(kind_class, &title));
        out.push_str("\n\n");
        // The body: following lines indented by four spaces (or a tab), blank lines within.
        while let Some(&next) = lines.peek() {
            let body = next
                .strip_prefix("    ")
                .or_else(|| next.strip_prefix('\t'));
            match body {
                Some(b) => {
                    out.push_str(b);
                    lines.next();
                }
                None if next.trim().is_empty() => {
                    // A blank line ends the body unless indented text follows.
                    let mut ahead = lines.clone();
                    ahead.next();
                    if ahead
                        .peek()
                        .is_some_and(|l| l.starts_with("    ") || l.starts_with('\t'))
                    {
                        out.push('\n');
                        lines.next();
                    } else {
                        break;
                    }
                }
                None => break,
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(CLOSE);
        out.push_str("\n\n");
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admonitions_become_callout_html_around_their_markdown() {
        let src = "Intro\n\n!!! warning \"Back up first\"\n    Copy the **data**.\n\n    Then go on.\n\nAfter\n";
        assert_eq!(
            admonitions(src),
            "Intro\n\n<aside class=\"callout callout-warning\"><p class=\"callout-title\">Back up first</p>\n\nCopy the **data**.\n\nThen go on.\n\n</aside>\n\n\nAfter\n"
        );
        assert_eq!(
            admonitions("!!! tip\n    Short.\n"),
            "<aside class=\"callout callout-tip\"><p class=\"callout-title\">Tip</p>\n\nShort.\n\n</aside>\n\n"
        );
        let fenced = "```\n!!! note\n    code\n```\n";
        assert_eq!(admonitions(fenced), fenced);
    }
}
