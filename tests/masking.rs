//! Contact masking (issue 16, item 3): masking never corrupts text, and what it must hide is
//! hidden in every renderer.
//!
//! The corpus is `tests/fixtures/masking/`: `keep.txt` (one line each that must come out as it
//! went in: IP addresses, versions, dates, times, UUIDs, hashes, decimals, money, order and
//! invoice numbers, URLs with numeric paths, code identifiers) and `mask.txt` (`input<TAB>
//! expected`: phone numbers of many countries and e-mail addresses, in context). Every line
//! goes through each ticket renderer (Markdown, GitHub Markdown, Textile, plain text) and
//! through [`Mask::text`] (titles, resolutions, custom fields), and must render exactly as
//! its expected text renders with masking off. The test prints precision and recall over the
//! lines and asserts both are 100%.

use porchlight::markup::{render_ticket_text, Mask, Rendered};
use porchlight::model::Markup;

const REL: &str = "nofollow noopener noreferrer ugc";
const RENDERERS: [Markup; 4] = [
    Markup::Markdown,
    Markup::GithubMarkdown,
    Markup::Textile,
    Markup::Plain,
];

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/masking")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn render(src: &str, markup: Markup, mask: Mask) -> Rendered {
    render_ticket_text(src, markup, mask)
}

/// Where `input`, masked, differs from `expected` rendered without masking (empty: none).
fn differences(input: &str, expected: &str) -> Vec<String> {
    let mut out = Vec::new();
    let plain = Mask::ALL.text(input);
    if plain != expected {
        out.push(format!("as text: {plain:?}"));
    }
    // Masking masked text changes nothing (the sanitised path masks twice).
    if Mask::ALL.text(&plain) != plain {
        out.push(format!("masked twice: {:?}", Mask::ALL.text(&plain)));
    }
    for markup in RENDERERS {
        let got = render(input, markup, Mask::ALL);
        let want = render(expected, markup, Mask::NONE);
        if got.html != want.html {
            out.push(format!(
                "{markup:?} html: {:?} (want {:?})",
                got.html, want.html
            ));
        }
        if got.text != want.text {
            out.push(format!(
                "{markup:?} text: {:?} (want {:?})",
                got.text, want.text
            ));
        }
    }
    out
}

#[test]
fn corpus_precision_and_recall_are_100_percent() {
    let keep = fixture("keep.txt");
    let mask = fixture("mask.txt");
    let keep: Vec<&str> = keep.lines().filter(|l| !l.is_empty()).collect();
    let mask: Vec<(&str, &str)> = mask
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split_once('\t')
                .unwrap_or_else(|| panic!("mask.txt: no tab in {l:?}"))
        })
        .collect();
    assert!(keep.len() >= 200, "keep.txt has {} lines", keep.len());
    assert!(mask.len() >= 60, "mask.txt has {} lines", mask.len());

    let mut failures = Vec::new();
    // Lines to keep that masking changed (false positives), and lines to mask that came out
    // other than expected (a miss or a partial miss: false negatives).
    let (mut fp, mut tp, mut fn_) = (0usize, 0usize, 0usize);
    for line in &keep {
        let d = differences(line, line);
        if d.is_empty() {
            continue;
        }
        fp += 1;
        failures.push(format!("KEEP {line:?} changed:\n    {}", d.join("\n    ")));
    }
    for (input, expected) in &mask {
        assert_ne!(input, expected, "mask.txt: nothing to mask in {input:?}");
        let d = differences(input, expected);
        if d.is_empty() {
            tp += 1;
        } else {
            fn_ += 1;
            failures.push(format!(
                "MASK {input:?} not as expected:\n    {}",
                d.join("\n    ")
            ));
        }
    }
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = tp as f64 / (tp + fn_) as f64;
    println!(
        "masking corpus: {} lines to keep, {} to mask; {tp} masked right, {fp} kept lines changed, {fn_} missed; precision {:.1}%, recall {:.1}%",
        keep.len(),
        mask.len(),
        precision * 100.0,
        recall * 100.0
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The defect of the issue: a URL path turned into `/2013/[phone hidden]/` broke the link, which
/// then rendered as literal `[text](url)`.
#[test]
fn links_with_numeric_paths_keep_working() {
    let url = "https://example.com/2013/08/27/5152564/";
    let link = format!("<a href=\"{url}\" rel=\"{REL}\">the announcement</a>");
    for markup in [Markup::Markdown, Markup::GithubMarkdown] {
        let r = render(
            &format!("See [the announcement]({url})."),
            markup,
            Mask::ALL,
        );
        assert_eq!(r.html, format!("<p>See {link}.</p>\n"), "{markup:?}");
        assert_eq!(r.text, "See the announcement.");
    }
    let r = render(
        &format!("See \"the announcement\":{url}."),
        Markup::Textile,
        Mask::ALL,
    );
    assert_eq!(r.html, format!("<p>See {link}.</p>\n"));
    // A bare URL: GitHub links it, and its text is the URL, unchanged.
    let r = render(&format!("See {url}"), Markup::GithubMarkdown, Mask::ALL);
    assert_eq!(
        r.html,
        format!("<p>See <a href=\"{url}\" rel=\"{REL}\">{url}</a></p>\n")
    );
    // The title and text of the issue's examples.
    assert_eq!(Mask::ALL.text("000.000.000.000"), "000.000.000.000");
    let r = render("r=0.000000000", Markup::Markdown, Mask::ALL);
    assert_eq!(r.html, "<p>r=0.000000000</p>\n");
}

/// A `mailto:` link would carry the address in its href: it keeps its text (masked) and loses
/// the target, in every renderer and on both Markdown paths (raw HTML takes the sanitiser).
#[test]
fn mailto_links_never_carry_the_address() {
    let cases = [
        (
            "[write to us](mailto:jane@example.org)",
            Markup::Markdown,
            format!("<p><a rel=\"{REL}\">write to us</a></p>\n"),
        ),
        (
            "Mail <jane@example.org> now",
            Markup::Markdown,
            format!("<p>Mail <a rel=\"{REL}\">[e-mail hidden]</a> now</p>\n"),
        ),
        (
            "[jane@example.org](mailto:jane@example.org \"jane@example.org\")",
            Markup::GithubMarkdown,
            format!("<p><a title=\"[e-mail hidden]\" rel=\"{REL}\">[e-mail hidden]</a></p>\n"),
        ),
        (
            "<p>Mail <a href=\"mailto:jane@example.org\">Jane</a></p>",
            Markup::Markdown,
            format!("<p>Mail <a rel=\"{REL}\">Jane</a></p>"),
        ),
        (
            "[profile](https://x.example/u?mail=jane%40example.org)",
            Markup::Markdown,
            format!("<p><a rel=\"{REL}\">profile</a></p>\n"),
        ),
        (
            "\"write to us\":mailto:jane@example.org",
            Markup::Textile,
            format!("<p><a rel=\"{REL}\">write to us</a></p>\n"),
        ),
    ];
    for (src, markup, want) in cases {
        let r = render(src, markup, Mask::ALL);
        assert_eq!(r.html, want, "{src:?} as {markup:?}");
        assert!(!r.html.contains("jane"), "{}", r.html);
        assert!(!r.text.contains("jane"), "{}", r.text);
    }
    // Masking off: the link is what the author wrote.
    let r = render(
        "[write to us](mailto:jane@example.org)",
        Markup::Markdown,
        Mask::NONE,
    );
    assert!(
        r.html.contains("href=\"mailto:jane@example.org\""),
        "{}",
        r.html
    );
}

/// Log lines in code carry addresses: they are masked in code blocks and inline code too,
/// and so are phone numbers, while the rest of the log line stays.
#[test]
fn addresses_in_code_are_masked() {
    let log = "2026-11-23 12:30:45,123 ERROR sync user=jane@example.org from 10.0.0.1:8443 cb=+41 79 555 12 34";
    let masked = "2026-11-23 12:30:45,123 ERROR sync user=[e-mail hidden] from 10.0.0.1:8443 cb=[phone hidden]";
    for markup in [Markup::Markdown, Markup::GithubMarkdown] {
        let r = render(&format!("```\n{log}\n```"), markup, Mask::ALL);
        assert_eq!(r.html, format!("<pre><code>{masked}\n</code></pre>\n"));
        assert_eq!(r.text, masked);
        let r = render(&format!("Log: `{log}`"), markup, Mask::ALL);
        assert_eq!(r.html, format!("<p>Log: <code>{masked}</code></p>\n"));
    }
    let r = render(&format!("bc. {log}"), Markup::Textile, Mask::ALL);
    assert_eq!(r.html, format!("<pre><code>{masked}</code></pre>\n"));
    let r = render(&format!("Log: @{log}@"), Markup::Textile, Mask::ALL);
    assert_eq!(r.html, format!("<p>Log: <code>{masked}</code></p>\n"));
    let r = render(log, Markup::Plain, Mask::ALL);
    assert_eq!(r.html, format!("<p>{masked}</p>\n"));
}

/// Markdown splits text at characters that might be markup; an address is still seen whole.
#[test]
fn markdown_escapes_and_emphasis_do_not_split_an_address() {
    let r = render(
        "Mail jane\\_doe@example.org or *j.doe@example.org*",
        Markup::Markdown,
        Mask::ALL,
    );
    assert_eq!(
        r.html,
        "<p>Mail [e-mail hidden] or <em>[e-mail hidden]</em></p>\n"
    );
}

/// Masking is on by default and the config turns each kind off.
#[test]
fn config_switches_masking() {
    let src = "Call +41 79 555 12 34 or mail jane@example.org";
    assert_eq!(
        render(src, Markup::Markdown, Mask::ALL).html,
        "<p>Call [phone hidden] or mail [e-mail hidden]</p>\n"
    );
    let only_mail = Mask {
        emails: true,
        phones: false,
    };
    assert_eq!(
        render(src, Markup::Markdown, only_mail).html,
        "<p>Call +41 79 555 12 34 or mail [e-mail hidden]</p>\n"
    );
    assert_eq!(
        render(src, Markup::Markdown, Mask::NONE).html,
        format!("<p>{src}</p>\n")
    );
}
