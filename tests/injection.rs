//! Untrusted ticket text: script injection in subjects, descriptions, notes and resolution
//! reasons is neutralised in every output file.

mod common;
use common::*;

const HOSTILE: &str = r#"{"porchlight": 1, "tickets": [
  {"id": 66,
   "subject": "<script>window.__pwned=1</script> Export broken <img src=x onerror=alert(1)>",
   "description": "Steps:\n\n<script>alert('d')</script>\n\n[click](javascript:alert(1)) <a href=\"data:text/html,<script>alert(2)</script>\">x</a>\n\n<svg onload=alert(3)></svg> <iframe src=\"https://evil.example/\"></iframe>\n\n<div style=\"background:url(javascript:alert(4))\" onclick=\"alert(5)\">styled</div>\n\n&lt;script&gt;entity&lt;/script&gt; <scr<script>ipt>alert(6)</script>",
   "status": "Rejected", "resolution": "<b onmouseover=alert(7)>not a bug</b>",
   "created": "2026-11-01T10:00:00Z",
   "notes": [{"author": "<script>alert(8)</script>", "role": "customer", "created": "2026-11-02T10:00:00Z",
              "text": "Note <script>alert(9)</script> ![x](javascript:alert(10)) <form action=https://evil.example><input name=p></form>"}]}
]}"#;

#[test]
fn script_injection_is_neutralised_everywhere() {
    let site = SiteTest::new();
    site.write("tickets.json", HOSTILE);
    site.build(&[]).ok();
    let files = snapshot(&site.out());
    // Live markup, not escaped text: a tag with an event handler, a script/iframe/svg/form/
    // object element, or a javascript:/data: URL in an attribute.
    let live = regex::Regex::new(
        r#"(?is)<[a-z][^>]*\son[a-z]+\s*=|<\s*(script|iframe|svg|object|embed|style)[\s>/]|<form[^>]*action\s*=\s*["']?https?:|(href|src|action)\s*=\s*["']?\s*(javascript|data):"#,
    )
    .unwrap();
    // (search-early.js loads without `defer`: it must run before the search page's first paint.)
    let own_scripts = regex::Regex::new(
        r#"<script src="[^"<>]*static/[a-z-]+\.js" defer></script>|<script src="[^"<>]*static/search-early\.js"></script>"#,
    )
    .unwrap();
    for (name, bytes) in &files {
        if name.ends_with(".js") || name.ends_with(".css") || name == "static/favicon.svg" {
            continue; // the theme's own script, style and icon
        }
        let text = String::from_utf8_lossy(bytes);
        // The theme's own script tags are the only scripts allowed.
        let text = own_scripts.replace_all(&text, "");
        if let Some(m) = live.find(&text) {
            panic!("live markup {:?} survived in {name}", m.as_str());
        }
    }
    let page = site.read("tickets/66/index.html");
    // The subject is shown as text, not dropped.
    assert!(
        page.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt; Export broken"),
        "{page}"
    );
    // Markup that is harmless stays.
    assert!(page.contains("<div>styled</div>"), "{page}");
    assert!(
        page.contains("&lt;b onmouseover=alert(7)&gt;not a bug&lt;/b&gt;"),
        "resolution is plain text: {page}"
    );
    // Only the theme's own script tags remain.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    assert!(page.contains("<script src=\"../../static/search.js\" defer></script>"));
}
