//! Injection, proven in a real browser: a site is built from a hostile native export, hostile
//! Markdown docs and a hostile `porchlight.toml`, served on 127.0.0.1 from a thread of this
//! test, and every page is loaded in Debian's headless Chromium by
//! `tests/browser/injection.mjs`. Every payload sets its own global (`window.__pwned_<place>_<n>`)
//! or calls `alert`; the scenario asserts that no such global exists, that no dialog opened and
//! that no `javascript:`/`data:` URL is live in the DOM — once with the page's
//! Content-Security-Policy in force (and no CSP violation reported, which would mean live markup
//! got through the sanitiser and only the policy stopped it), and once with the policy bypassed,
//! so the sanitiser alone is proven. A control page with a real injected script checks that the
//! detection works.
//!
//! Needs `/usr/bin/chromium` and `npm ci --prefix tests/browser` (as tests/browser.rs).
//! Failure screenshots go to `target/tmp/browser/`.

mod common;

use common::browser::{run_scenario, serve};
use common::*;
use serde_json::json;

/// Payloads for one place; `{g}` is replaced by a global name unique to the place and payload.
/// HTML, entity, mutation-XSS and Markdown tricks; the Textile ones are added for Textile text.
const PAYLOADS: &[&str] = &[
    "<script>window.{g}=1</script>",
    "<script>alert('{g}')</script>",
    "<img src=x onerror=\"window.{g}=1\">",
    "<img src=x onerror=alert('{g}')>",
    "<svg onload=\"window.{g}=1\"></svg>",
    "<svg><script>window.{g}=1</script></svg>",
    "<svg><a xlink:href=\"javascript:window.{g}=1\"><text y=20>svg link</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.{g}=1\">",
    "<noscript><p title=\"</noscript><img src=x onerror=window.{g}=1>\"></noscript>",
    "<a href=\"javascript:window.{g}=1\" id=\"click-{g}\">js link</a>",
    "<a href=\"jav&#x09;ascript:window.{g}=1\" id=\"click-{g}-tab\">tab link</a>",
    "<a href=\"&#106;avascript:window.{g}=1\">entity link</a>",
    "<a href=\"JaVaScRiPt:window.{g}=1\">case link</a>",
    "<a href=\" javascript:window.{g}=1\">space link</a>",
    "<a href=\"data:text/html,<script>parent.{g}=1</script>\">data link</a>",
    "<a href=\"vbscript:msgbox(1)\">vb link</a>",
    "[md link](javascript:window.{g}=1)",
    "[md entity link](jav&#x61;script:window.{g}=1)",
    "[md ref][r{g}]\n\n[r{g}]: javascript:window.{g}=1\n",
    "<javascript:window.{g}=1>",
    "![md image](data:image/svg+xml,<svg%20onload=window.{g}=1>)",
    "![md image js](javascript:window.{g}=1)",
    "<iframe srcdoc=\"<script>parent.{g}=1</script>\"></iframe>",
    "<iframe src=\"javascript:parent.{g}=1\"></iframe>",
    "<object data=\"data:text/html,<script>parent.{g}=1</script>\"></object>",
    "<embed src=\"data:text/html,<script>parent.{g}=1</script>\">",
    "<div onmouseover=\"window.{g}=1\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">hover</div>",
    "<details open ontoggle=\"window.{g}=1\"><summary>d</summary></details>",
    "<body onload=\"window.{g}=1\">",
    "<form><button formaction=\"javascript:window.{g}=1\" id=\"btn-{g}\">go</button></form>",
    "<input autofocus onfocus=\"window.{g}=1\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.{g}=1\">",
    "<base href=\"javascript:window.{g}=1//\">",
    "<link rel=\"import\" href=\"data:text/html,<script>parent.{g}=1</script>\">",
    "<style>@import 'javascript:window.{g}=1';</style>",
    "\"><script>window.{g}=1</script>",
    "'><img src=x onerror=window.{g}=1>",
    "</textarea></title></script><script>window.{g}=1</script>",
    "&lt;script&gt;window.{g}=1&lt;/script&gt;",
    "&amp;lt;script&amp;gt;window.{g}=1&amp;lt;/script&amp;gt;",
    "<scr<script>ipt>window.{g}=1</scr</script>ipt>",
    "<<script>script>window.{g}=1<</script>/script>",
    "<img src=\"x\" onerror=\"window.{g}=1\" <broken",
    "<img\nsrc=x\nonerror=window.{g}=1\n>",
    "<p <img src=x onerror=window.{g}=1>>unclosed <b><i>",
    "<!--<img src=\"--><img src=x onerror=window.{g}=1//\">",
    "<![CDATA[<script>window.{g}=1</script>]]>",
    "`<script>window.{g}=1</script>` and ```\n<script>window.{g}=1</script>\n```",
    "<template><script>window.{g}=1</script></template>",
    "{{ 7*7 }} {% raw %}<script>window.{g}=1</script>{% endraw %}",
];

/// Extra payloads for Textile text (Redmine/Mantis style markup).
const TEXTILE_PAYLOADS: &[&str] = &[
    "\"textile link\":javascript:window.{g}=1",
    "\"textile data\":data:text/html,<script>parent.{g}=1</script>",
    "!javascript:window.{g}=1!",
    "!data:image/svg+xml,<svg onload=window.{g}=1>!",
    "<notextile><script>window.{g}=1</script></notextile>",
    "==<script>window.{g}=1</script>==",
    "p{background:url(javascript:window.{g}=1)}. styled",
    "p(\" onmouseover=\"window.{g}=1). classy",
    "<pre><script>window.{g}=1</script></pre>",
    "@<img src=x onerror=window.{g}=1>@",
];

/// All payloads for `place`, one per line block, each with its own global.
fn hostile(place: &str, textile: bool) -> String {
    let mut out = Vec::new();
    let extra: &[&str] = if textile { TEXTILE_PAYLOADS } else { &[] };
    for (n, p) in PAYLOADS.iter().chain(extra).enumerate() {
        out.push(p.replace("{g}", &format!("__pwned_{place}_{n}")));
    }
    format!("pwnedword {place}\n\n{}", out.join("\n\n"))
}

/// Short hostile one-line text for fields shown as plain text (subjects, statuses, titles).
fn hostile_line(place: &str) -> String {
    format!(
        "pwnedword <script>window.__pwned_{place}=1</script><img src=x onerror=\"window.__pwned_{place}_img=1\"> \"><svg onload=alert('{place}')> &lt;b&gt; <scr<script>ipt>window.__pwned_{place}_nest=1</script>"
    )
}

fn export() -> serde_json::Value {
    let mut tickets = Vec::new();
    for (id, markup) in [(101, "markdown"), (102, "textile"), (103, "plain")] {
        let textile = markup == "textile";
        tickets.push(json!({
            "id": id,
            "subject": hostile_line(&format!("subject{id}")),
            "description": hostile(&format!("desc{id}"), textile),
            "markup": markup,
            "status": hostile_line(&format!("status{id}")),
            "severity": hostile_line(&format!("severity{id}")),
            "category": hostile_line(&format!("category{id}")),
            "tracker": hostile_line(&format!("tracker{id}")),
            "project": hostile_line(&format!("project{id}")),
            "labels": [hostile_line(&format!("label{id}"))],
            "created": "2026-11-01T10:00:00Z",
            "updated": "2026-11-10T10:00:00Z",
            "target_version": hostile_line(&format!("target{id}")),
            "fixed_in_version": hostile_line(&format!("fixedin{id}")),
            "fix_location": format!("javascript:window.__pwned_fixloc{id}=1"),
            "resolution": hostile(&format!("resolution{id}"), textile),
            "custom_fields": {"Browser": hostile_line(&format!("custom{id}"))},
            "notes": [
                {"author": hostile_line(&format!("author{id}")), "role": "customer",
                 "created": "2026-11-02T10:00:00Z", "text": hostile(&format!("note{id}"), textile)},
                {"author": "Support", "role": "staff",
                 "created": "2026-11-03T10:00:00Z", "text": hostile(&format!("staffnote{id}"), textile)},
            ],
            "history": [{"at": "2026-11-05T10:00:00Z", "from": hostile_line(&format!("histfrom{id}")),
                         "to": hostile_line(&format!("histto{id}"))}],
        }));
    }
    // A resolved one so it shows on the home page's "recently fixed" lists, if any.
    tickets.push(json!({
        "id": "104", "subject": hostile_line("subject104"), "status": "Resolved", "status_closed": true,
        "created": "2026-11-01T10:00:00Z", "closed": "2026-11-20T10:00:00Z",
        "description": hostile("desc104", false), "resolution": "fixed",
        // With projects named, a ticket without one is withheld: this one is of 101's.
        "project": hostile_line("project101"),
    }));
    json!({
        "porchlight": 1,
        "tickets": tickets,
        "docs": [{
            "slug": "native-doc", "title": hostile_line("nativedoctitle"),
            "description": hostile_line("nativedocdesc"), "body": hostile("nativedocbody", false),
            "tags": [hostile_line("nativedoctag")],
        }],
    })
}

/// TOML basic string holding `s`.
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn write_site(t: &SiteTest) {
    let cfg = format!(
        "title = {}\ndescription = {}\nbase_url = \"https://help.example.com/\"\n\
         [sources]\ntickets = [\"tickets.json\"]\nformat = \"native\"\ndocs = \"docs\"\n\
         [privacy]\npublic_custom_fields = [\"Browser\"]\n\
         [workflow.statuses]\n{} = \"In progress\"\n\
         [intake]\nkind = \"email\"\nemail = \"support@example.com\"\n\
         [[intake.categories]]\nname = {}\npromise = {}\nhint = {}\n\
         [[intake.categories]]\nname = \"Question\"\npromise = \"Soon.\"\n",
        toml_str(&hostile_line("cfgtitle")),
        toml_str(&hostile_line("cfgdesc")),
        toml_str(&hostile_line("status101")),
        toml_str(&hostile_line("cfgcatname")),
        toml_str(&hostile_line("cfgcatpromise")),
        toml_str(&hostile_line("cfgcathint")),
    );
    t.write(
        "tickets.json",
        &serde_json::to_string_pretty(&export()).unwrap(),
    );
    // Every (hostile) project is published: a name must not reach a page unescaped.
    let cfg = cfg.replace(
        "docs = \"docs\"\n",
        &format!(
            "docs = \"docs\"\n{}",
            all_projects(&[t.path().join("tickets.json")], Some("native"))
        ),
    );
    t.write("porchlight.toml", &cfg);
    for (file, slug) in [("docs/hostile.md", "fm"), ("docs/guide/index.md", "idx")] {
        let doc = format!(
            "+++\ntitle = {}\ndescription = {}\ntags = [{}]\n+++\n{}\n",
            toml_str(&hostile_line(&format!("doctitle_{slug}"))),
            toml_str(&hostile_line(&format!("docdesc_{slug}"))),
            toml_str(&hostile_line(&format!("doctag_{slug}"))),
            hostile(&format!("docbody_{slug}"), false),
        );
        t.write(file, &doc);
    }
}

/// The CSP every page must carry: scripts from the site itself only, no inline, no eval.
fn assert_csp(name: &str, html: &str) {
    let re = regex::Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]*)">"#)
        .unwrap();
    let caps: Vec<_> = re.captures_iter(html).collect();
    assert_eq!(caps.len(), 1, "{name}: expected exactly one CSP meta tag");
    let csp = &caps[0][1];
    let directive = |d: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|p| p.split_whitespace().next() == Some(d))
            .map(|p| p.split_whitespace().skip(1).collect::<Vec<_>>())
    };
    let scripts = directive("script-src").or_else(|| directive("default-src"));
    assert_eq!(
        scripts,
        Some(vec!["'self'"]),
        "{name}: script-src must be 'self' only: {csp}"
    );
    assert_eq!(
        directive("object-src"),
        Some(vec!["'none'"]),
        "{name}: {csp}"
    );
    assert_eq!(directive("base-uri"), Some(vec!["'none'"]), "{name}: {csp}");
    // The tag must come before anything the page's content could inject.
    let head_end = html.find("</head>").unwrap_or(html.len());
    let at = html.find("Content-Security-Policy").unwrap();
    assert!(
        at < head_end && at < html.find("<title>").unwrap_or(usize::MAX),
        "{name}: CSP meta is not at the top of <head>"
    );
}

#[test]
fn hostile_site_runs_no_injected_script_in_chromium() {
    let t = SiteTest::new();
    write_site(&t);
    t.build(&[]).ok();
    let out = t.out();

    // Every HTML page: the CSP meta tag, and the list of pages for the browser.
    let mut pages = Vec::new();
    for (name, bytes) in snapshot(&out) {
        if name.ends_with(".html") {
            assert_csp(&name, &String::from_utf8_lossy(&bytes));
            let url = name.strip_suffix("index.html").unwrap_or(&name).to_string();
            pages.push(url);
        }
    }
    for must in [
        "",
        "tickets/",
        "tickets/101/",
        "tickets/102/",
        "tickets/103/",
        "tickets/104/",
        "docs/",
        "docs/hostile/",
        "docs/guide/",
        "docs/native-doc/",
        "search/",
        "new/",
        "404.html",
    ] {
        assert!(
            pages.iter().any(|p| p == must),
            "page {must:?} was not built: {pages:?}"
        );
    }
    // Hostile query strings for the pages that read them.
    let q = "<img src=x onerror=window.__pwned_query=1><script>window.__pwned_query2=1</script>pwnedword";
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    pages.push(format!("search/?q={}", enc(q)));
    pages.push("search/?q=pwnedword".into());
    pages.push("search/?q=script".into());
    pages.push(format!(
        "search/?q={}&kind={}",
        enc("\"><svg onload=alert('kind')>"),
        enc("\"><svg onload=alert('kind')>")
    ));
    pages.push(format!(
        "new/?q={}&page={}&section={}&category={}",
        enc(q),
        enc("javascript:window.__pwned_param_page=1"),
        enc("\"><img src=x onerror=window.__pwned_param_section=1>"),
        enc("<script>window.__pwned_param_cat=1</script>"),
    ));
    pages.push(format!(
        "new/?page={}",
        enc("//evil.example/<script>alert('newpage')</script>")
    ));
    pages.push(format!("new/?page={}&q=pwnedword", enc("../tickets/101/")));
    pages.push(format!("no-such-page-{}/", enc("<script>")));
    // A control page with a real injection, to prove the detection works.
    // It carries the site's own CSP meta tag: blocked with the policy, runs without it.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let meta = regex::Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).unwrap();
    let meta = meta.find(&home).unwrap().as_str();
    std::fs::create_dir_all(out.join("__control")).unwrap();
    std::fs::write(
        out.join("__control/index.html"),
        format!("<!DOCTYPE html><html><head>{meta}<title>control</title></head><body><p>control</p><script>window.__pwned_control=1; alert('control')</script></body></html>"),
    )
    .unwrap();

    let url = serve(out.clone());
    run_scenario("injection", &url, &[("INJECTION_PAGES", &pages.join("\n"))]);
}
