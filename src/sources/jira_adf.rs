//! Atlassian Document Format (ADF) → HTML, for Jira Cloud's REST v3 text fields
//! (`description`, comment `body`).
//!
//! Written here because no crate does it: crates.io has no maintained ADF renderer for Rust
//! (the ones that exist convert Markdown *into* ADF, or are bindings to Atlassian's
//! JavaScript). The node and mark names follow Atlassian's public ADF reference
//! (developer.atlassian.com, "Atlassian Document Format", node and mark pages).
//!
//! The output is not trusted because it came from here: the reader stores it as
//! [`crate::model::Markup::Html`], and it goes through the same cleaner as all ticket text
//! when a page is rendered. Still, this renderer escapes every text and attribute itself and
//! writes only `http`, `https` and `mailto` links, so the cleaner has nothing to repair.
//!
//! PRIVACY: a `mention` is a person's name (its `text` is "@Display Name"): it is written as
//! "@someone", never with the name. Media (attachments, images) are not published: a media
//! node becomes nothing, and is counted. A node of a type this renderer does not know keeps
//! its text (its children are rendered) and is counted, so nothing is dropped silently.

use std::fmt::Write as _;

use serde_json::Value;

/// What rendering a document left out or did not know, for the reader's summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdfStats {
    /// Nodes of a type this renderer does not know (their text was kept).
    pub unknown: usize,
    /// Media nodes (attachments, images), which are not published.
    pub media: usize,
}

/// Renders an ADF document (`{"type": "doc", "content": [...]}`) or any ADF node to HTML.
pub fn to_html(doc: &Value) -> (String, AdfStats) {
    let mut r = Renderer {
        out: String::new(),
        stats: AdfStats::default(),
    };
    r.node(doc);
    (r.out, r.stats)
}

/// What a mention is shown as (see the module comment).
pub use super::MENTION;

/// Removes the person from every `mention` node of an ADF value, in place (its `attrs`
/// hold the name and the account id). `pull jira` does it before a snapshot is written; the
/// renderer never prints a mention's name either way.
pub fn strip_mentions(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("type").and_then(Value::as_str) == Some("mention") {
                // PRIVACY: the name and the account id go.
                m.remove("attrs");
                m.remove("text");
            }
            m.values_mut().for_each(strip_mentions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_mentions),
        _ => {}
    }
}

struct Renderer {
    out: String,
    stats: AdfStats,
}

impl Renderer {
    fn children(&mut self, node: &Value) {
        if let Some(items) = node.get("content").and_then(Value::as_array) {
            for c in items {
                self.node(c);
            }
        }
    }

    fn wrap(&mut self, tag: &str, node: &Value) {
        let _ = write!(self.out, "<{tag}>");
        self.children(node);
        let _ = write!(self.out, "</{tag}>");
    }

    fn node(&mut self, node: &Value) {
        let kind = node.get("type").and_then(Value::as_str).unwrap_or("");
        let attr = |k: &str| node.get("attrs").and_then(|a| a.get(k));
        let attr_str = |k: &str| attr(k).and_then(Value::as_str).unwrap_or("");
        match kind {
            "doc" => self.children(node),
            "paragraph" => self.wrap("p", node),
            "heading" => {
                let level = attr("level")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .clamp(1, 6);
                self.wrap(&format!("h{level}"), node);
            }
            "bulletList" | "taskList" | "decisionList" => self.wrap("ul", node),
            "orderedList" => match attr("order").and_then(Value::as_u64) {
                Some(n) if n != 1 => {
                    let _ = write!(self.out, "<ol start=\"{n}\">");
                    self.children(node);
                    self.out.push_str("</ol>");
                }
                _ => self.wrap("ol", node),
            },
            "listItem" | "decisionItem" => self.wrap("li", node),
            "taskItem" => {
                // The state as text, as the Markdown renderer writes task lists.
                self.out.push_str(if attr_str("state") == "DONE" {
                    "<li>[x] "
                } else {
                    "<li>[ ] "
                });
                self.children(node);
                self.out.push_str("</li>");
            }
            "codeBlock" => {
                self.out.push_str("<pre><code>");
                // Code blocks hold only text nodes without marks.
                let mut text = String::new();
                collect_text(node, &mut text);
                self.out.push_str(&escape(&text));
                self.out.push_str("</code></pre>");
            }
            "blockquote" => self.wrap("blockquote", node),
            "panel" => {
                // The cleaner allows no classes on ticket text: a panel is a quote led by
                // its kind in words.
                self.out.push_str("<blockquote>");
                let lead = match attr_str("panelType") {
                    "info" => Some("Info"),
                    "note" => Some("Note"),
                    "warning" => Some("Warning"),
                    "error" => Some("Error"),
                    "success" => Some("Success"),
                    "tip" => Some("Tip"),
                    _ => None,
                };
                if let Some(l) = lead {
                    let _ = write!(self.out, "<p><strong>{l}</strong></p>");
                }
                self.children(node);
                self.out.push_str("</blockquote>");
            }
            "expand" | "nestedExpand" => {
                let title = attr_str("title");
                if !title.trim().is_empty() {
                    let _ = write!(self.out, "<p><strong>{}</strong></p>", escape(title));
                }
                self.children(node);
            }
            "rule" => self.out.push_str("<hr>"),
            "table" => {
                self.out.push_str("<table><tbody>");
                self.children(node);
                self.out.push_str("</tbody></table>");
            }
            "tableRow" => self.wrap("tr", node),
            "tableHeader" => self.wrap("th", node),
            "tableCell" => self.wrap("td", node),
            "hardBreak" => self.out.push_str("<br>"),
            "text" => self.text(node),
            // PRIVACY: the mention's text is the person's name; never written.
            "mention" => self.out.push_str(MENTION),
            "emoji" => {
                let t = attr("text")
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty())
                    .unwrap_or(attr_str("shortName"));
                self.out.push_str(&escape(t));
            }
            "inlineCard" | "blockCard" | "embedCard" => {
                let url = attr_str("url");
                let block = kind != "inlineCard";
                if block {
                    self.out.push_str("<p>");
                }
                if safe_href(url) {
                    let e = escape(url);
                    let _ = write!(self.out, "<a href=\"{e}\">{e}</a>");
                } else if !url.is_empty() {
                    self.out.push_str(&escape(url));
                }
                if block {
                    self.out.push_str("</p>");
                }
            }
            "date" => {
                // Milliseconds since the epoch, as a string.
                let ms = attr("timestamp").and_then(|v| match v {
                    Value::String(s) => s.trim().parse::<i64>().ok(),
                    v => v.as_i64(),
                });
                if let Some(d) = ms.and_then(chrono::DateTime::from_timestamp_millis) {
                    let _ = write!(self.out, "{}", d.format("%Y-%m-%d"));
                }
            }
            "status" => self.out.push_str(&escape(attr_str("text"))),
            "mediaSingle" | "mediaGroup" | "mediaInline" | "media" => {
                // PRIVACY: attachments are not published (their URLs need a Jira login, and
                // their content was never reviewed for the public).
                if kind == "media" || kind == "mediaInline" {
                    self.stats.media += 1;
                } else {
                    self.children(node);
                }
            }
            // A template placeholder is the editor's hint, not content.
            "placeholder" => {}
            _ => {
                self.stats.unknown += 1;
                let block = node.get("content").is_some();
                if block {
                    self.out.push_str("<div>");
                }
                self.children(node);
                if let Some(t) = node.get("text").and_then(Value::as_str) {
                    self.out.push_str(&escape(t));
                }
                if block {
                    self.out.push_str("</div>");
                }
            }
        }
    }

    fn text(&mut self, node: &Value) {
        let text = node.get("text").and_then(Value::as_str).unwrap_or("");
        if text.is_empty() {
            return;
        }
        let marks = node.get("marks").and_then(Value::as_array);
        let mut open = String::new();
        let mut close: Vec<&'static str> = Vec::new();
        // The link first, so it is the outermost element.
        let mut ordered: Vec<&Value> = marks.into_iter().flatten().collect();
        ordered.sort_by_key(|m| m.get("type").and_then(Value::as_str) != Some("link"));
        for m in ordered {
            let kind = m.get("type").and_then(Value::as_str).unwrap_or("");
            let tag = match kind {
                "strong" => "strong",
                "em" => "em",
                "code" => "code",
                "strike" => "del",
                "underline" => "u",
                "subsup" => {
                    if m.pointer("/attrs/type").and_then(Value::as_str) == Some("sub") {
                        "sub"
                    } else {
                        "sup"
                    }
                }
                "link" => {
                    let href = m
                        .pointer("/attrs/href")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    // Only links a browser may follow safely; any other keeps its text.
                    if !safe_href(href) {
                        continue;
                    }
                    let _ = write!(open, "<a href=\"{}\">", escape(href));
                    close.push("a");
                    continue;
                }
                // Colours and alignment have no place in the site's theme; the text stays.
                _ => continue,
            };
            let _ = write!(open, "<{tag}>");
            close.push(tag);
        }
        self.out.push_str(&open);
        self.out.push_str(&escape(text));
        for tag in close.iter().rev() {
            let _ = write!(self.out, "</{tag}>");
        }
    }
}

/// Whether a link target is one the site may show: `http`, `https` or `mailto`, the schemes
/// the ticket cleaner allows.
fn safe_href(href: &str) -> bool {
    let h = href.trim_start();
    let lower = h.get(..8).unwrap_or(h).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// The text of a node and its children, in order (code blocks).
fn collect_text(node: &Value, out: &mut String) {
    if let Some(t) = node.get("text").and_then(Value::as_str) {
        out.push_str(t);
    }
    if node.get("type").and_then(Value::as_str) == Some("hardBreak") {
        out.push('\n');
    }
    for c in node
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_text(c, out);
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn html(v: Value) -> (String, AdfStats) {
        to_html(&v)
    }

    #[test]
    fn paragraphs_headings_lists_and_marks() {
        let (h, s) = html(json!({"type": "doc", "version": 1, "content": [
            {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Steps"}]},
            {"type": "paragraph", "content": [
                {"type": "text", "text": "Bold", "marks": [{"type": "strong"}]},
                {"type": "text", "text": " and "},
                {"type": "text", "text": "docs", "marks": [{"type": "em"}, {"type": "link", "attrs": {"href": "https://example.com/a?b=1&c=2"}}]},
                {"type": "hardBreak"},
                {"type": "text", "text": "x<y", "marks": [{"type": "code"}]},
                {"type": "text", "text": "old", "marks": [{"type": "strike"}]}
            ]},
            {"type": "orderedList", "attrs": {"order": 3}, "content": [
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "three"}]}]}
            ]},
            {"type": "bulletList", "content": [
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "dot"}]}]}
            ]}
        ]}));
        assert_eq!(
            h,
            "<h2>Steps</h2><p><strong>Bold</strong> and <a href=\"https://example.com/a?b=1&amp;c=2\"><em>docs</em></a><br><code>x&lt;y</code><del>old</del></p><ol start=\"3\"><li><p>three</p></li></ol><ul><li><p>dot</p></li></ul>"
        );
        assert_eq!(s, AdfStats::default());
    }

    #[test]
    fn code_quote_panel_table_rule() {
        let (h, _) = html(json!({"type": "doc", "content": [
            {"type": "codeBlock", "attrs": {"language": "rust"}, "content": [{"type": "text", "text": "fn main() {\n  <x>\n}"}]},
            {"type": "blockquote", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "quoted"}]}]},
            {"type": "panel", "attrs": {"panelType": "warning"}, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "careful"}]}]},
            {"type": "rule"},
            {"type": "table", "content": [
                {"type": "tableRow", "content": [{"type": "tableHeader", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "H"}]}]}]},
                {"type": "tableRow", "content": [{"type": "tableCell", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "C"}]}]}]}
            ]}
        ]}));
        assert_eq!(
            h,
            "<pre><code>fn main() {\n  &lt;x&gt;\n}</code></pre><blockquote><p>quoted</p></blockquote><blockquote><p><strong>Warning</strong></p><p>careful</p></blockquote><hr><table><tbody><tr><th><p>H</p></th></tr><tr><td><p>C</p></td></tr></tbody></table>"
        );
    }

    /// A mention never shows the person's name; unsafe links keep their text only; unknown
    /// nodes keep their text and are counted; media are counted and left out.
    #[test]
    fn mentions_unsafe_links_unknown_nodes_and_media() {
        let (h, s) = html(json!({"type": "doc", "content": [
            {"type": "paragraph", "content": [
                {"type": "mention", "attrs": {"id": "5b10ac8d82e05b22cc7d4ef5", "text": "@Priya Secretname", "accessLevel": ""}},
                {"type": "text", "text": " see "},
                {"type": "text", "text": "this", "marks": [{"type": "link", "attrs": {"href": "javascript:alert(1)"}}]},
                {"type": "text", "text": " "},
                {"type": "emoji", "attrs": {"shortName": ":smile:", "text": "😄"}},
                {"type": "text", "text": " "},
                {"type": "inlineCard", "attrs": {"url": "https://example.atlassian.net/browse/EX-2"}},
                {"type": "futureThing", "text": "kept words"}
            ]},
            {"type": "mediaSingle", "content": [{"type": "media", "attrs": {"id": "abc", "type": "file", "collection": "x"}}]},
            {"type": "layoutSection", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "in a layout"}]}]}
        ]}));
        assert!(!h.contains("Priya") && !h.contains("Secretname"), "{h}");
        assert_eq!(
            h,
            "<p>@someone see this 😄 <a href=\"https://example.atlassian.net/browse/EX-2\">https://example.atlassian.net/browse/EX-2</a>kept words</p><div><p>in a layout</p></div>"
        );
        assert_eq!(
            s,
            AdfStats {
                unknown: 2,
                media: 1
            }
        );
    }

    #[test]
    fn strip_mentions_removes_the_person() {
        let mut v = json!({"type": "doc", "content": [{"type": "paragraph", "content": [
            {"type": "text", "text": "hi "},
            {"type": "mention", "attrs": {"id": "5b10ac8d82e05b22cc7d4ef5", "text": "@Priya Secretname"}}
        ]}]});
        strip_mentions(&mut v);
        assert_eq!(
            v,
            json!({"type": "doc", "content": [{"type": "paragraph", "content": [
                {"type": "text", "text": "hi "},
                {"type": "mention"}
            ]}]})
        );
        assert_eq!(to_html(&v).0, "<p>hi @someone</p>");
    }
}
