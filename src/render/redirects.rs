//! Part of stage "render": the page written at each old URL of a doc (front matter
//! `aliases`), so links pasted into replies years ago keep working after the doc moved.

/// Text and attribute values: `&`, `<`, `>` and `"` escaped (paths keep their slashes).
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The redirect page at `from` (a site path such as `docs/old/path/`) to the doc at `to`
/// (`docs/new/path/`): a meta refresh and a canonical link, a script that keeps the link's
/// `#anchor` (a meta refresh drops it), and a plain link for readers without either.
pub(crate) fn redirect_page(base_url: &str, from: &str, to: &str, title: &str) -> String {
    let target = format!("{}{to}", crate::model::urls::root_for(from));
    let href = escape_html(&target);
    let canonical = escape_html(&format!("{base_url}{to}"));
    let title = escape_html(title);
    // JSON-encoded for the script; `<` escaped so no `</script>` can close it early.
    let js = serde_json::to_string(&target)
        .unwrap_or_else(|_| "\"./\"".to_string())
        .replace('<', "\\u003c");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
<meta name=\"robots\" content=\"noindex\">\n\
<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
<script>location.replace({js} + location.hash);</script>\n</head>\n<body>\n\
<p>This page has moved to <a href=\"{href}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_goes_to_the_doc_from_the_old_url() {
        let page = redirect_page(
            "https://s.example/",
            "docs/old/path/",
            "docs/billing/refunds/",
            "Refunds <and> more",
        );
        assert!(page
            .contains("<link rel=\"canonical\" href=\"https://s.example/docs/billing/refunds/\">"));
        assert!(page.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../../docs/billing/refunds/\">"
        ));
        assert!(
            page.contains("location.replace(\"../../../docs/billing/refunds/\" + location.hash)")
        );
        assert!(page.contains("<title>Moved: Refunds &lt;and&gt; more</title>"));
    }
}
