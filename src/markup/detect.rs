//! Which markup a text looks written in. Redmine keeps its text formatting in a server
//! setting that its API does not report, and its default is Textile: text read as Markdown
//! that is full of Textile (`h1.` lines, `@code@`, `"text":url`) shows customers raw markup.
//! These counts let the build say so instead of publishing it silently.

/// Textile markers in `text`: block signatures at a line start (`h1.`…`h6.`, `bq.`, `p.`,
/// `pre.`), `@code@` spans and `"text":http` links.
pub fn textile_markers(text: &str) -> usize {
    let mut n = 0;
    for line in text.lines() {
        let l = line.trim_start();
        let block = [
            "h1. ", "h2. ", "h3. ", "h4. ", "h5. ", "h6. ", "bq. ", "p. ", "pre. ",
        ];
        if block.iter().any(|b| l.starts_with(b)) {
            n += 1;
        }
        n += code_spans(l);
        n += l.matches("\":http").count();
    }
    n
}

/// Markdown markers in `text`: ATX headings (`# `…`###### ` at a line start), fenced code
/// (```), and `[text](http…)` links.
pub fn markdown_markers(text: &str) -> usize {
    let mut n = 0;
    for line in text.lines() {
        let l = line.trim_start();
        let hashes = l.bytes().take_while(|b| *b == b'#').count();
        if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') && hashes >= 2 {
            // One `#` is also Textile's numbered list: only `##` and deeper count.
            n += 1;
        }
        if l.starts_with("```") {
            n += 1;
        }
        n += l.matches("](http").count();
    }
    n
}

/// `@word@` spans: an `@` at a word start, closed by an `@` at a word end on the same line,
/// with no space right inside (so e-mail addresses do not count).
fn code_spans(line: &str) -> usize {
    let b = line.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let opens = b[i] == b'@'
            && (i == 0 || b[i - 1].is_ascii_whitespace() || b[i - 1] == b'(')
            && b.get(i + 1)
                .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'@');
        if opens {
            if let Some(len) = line[i + 1..].find('@') {
                let close = i + 1 + len;
                let after = b.get(close + 1);
                if !b[close - 1].is_ascii_whitespace()
                    && after.is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'.')
                {
                    n += 1;
                    i = close + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textile_and_markdown_are_told_apart() {
        let textile = "h1. Export limits\r\n\r\nh2. Large exports\r\n\r\nUse @Reports@ and see \"the guide\":https://x.example/g.";
        assert_eq!(textile_markers(textile), 4);
        assert_eq!(markdown_markers(textile), 0);
        let md = "## Export limits\n\nUse `Reports` and see [the guide](https://x.example/g).\n\n```\nlog\n```";
        assert_eq!(markdown_markers(md), 4);
        assert_eq!(textile_markers(md), 0);
        // E-mail addresses and a lone `#` list are neither.
        let plain = "Mail anna@example.com or bob@x.example.\n# first\n# second";
        assert_eq!(textile_markers(plain), 0);
        assert_eq!(markdown_markers(plain), 0);
    }
}
