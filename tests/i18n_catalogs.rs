//! Every shipped language is whole: the same keys and variables as English, plural forms that
//! read right, every key the templates and the code ask for, the typography of each language;
//! config mistakes about languages end in exact messages; and a site built in French, Dutch or
//! Spanish keeps no English words from the templates.

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use porchlight::i18n::{Catalogs, Texts, REFERENCE, SHIPPED};

/// The default theme's translation files as they are in the repository, code → text.
struct Disk {
    files: BTreeMap<String, Vec<u8>>,
}

impl Catalogs for Disk {
    fn files_of(&self, code: &str) -> Vec<(String, &[u8])> {
        self.files
            .get(code)
            .map(|b| vec![(format!("themes/default/i18n/{code}.ftl"), b.as_slice())])
            .unwrap_or_default()
    }

    fn languages(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }
}

fn i18n_dir() -> std::path::PathBuf {
    repo().join("themes/default/i18n")
}

fn disk() -> Disk {
    let mut files = BTreeMap::new();
    for e in std::fs::read_dir(i18n_dir()).unwrap() {
        let p = e.unwrap().path();
        if let Some(code) = p
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".ftl"))
        {
            files.insert(code.to_string(), std::fs::read(&p).unwrap());
        }
    }
    Disk { files }
}

fn texts(code: &str) -> Texts {
    let (t, warnings) = Texts::load(&disk(), code, None, "test.toml")
        .unwrap_or_else(|e| panic!("language {code}: {e:#}"));
    assert_eq!(warnings, Vec::<String>::new(), "language {code}");
    t
}

/// One message of a file: the plain text of each variant (variables stand as `x`) and the
/// variables it uses.
struct Msg {
    variants: Vec<String>,
    vars: BTreeSet<String>,
}

/// The messages of one file, by key.
fn messages(code: &str) -> BTreeMap<String, Msg> {
    let text = std::fs::read_to_string(i18n_dir().join(format!("{code}.ftl"))).unwrap();
    let res = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, e)| panic!("{code}.ftl: {e:?}"));
    let mut out = BTreeMap::new();
    for entry in res.body {
        if let ast::Entry::Message(m) = entry {
            let mut msg = Msg {
                variants: Vec::new(),
                vars: BTreeSet::new(),
            };
            if let Some(p) = &m.value {
                walk(p, &mut msg);
            }
            assert!(
                out.insert(m.id.name.to_string(), msg).is_none(),
                "{code}.ftl: key {} twice",
                m.id.name
            );
        }
    }
    out
}

/// Collects a pattern's text, one string per select variant (and one for the text around),
/// and its variables.
fn walk(p: &ast::Pattern<&str>, msg: &mut Msg) {
    let mut own = String::new();
    for el in &p.elements {
        match el {
            ast::PatternElement::TextElement { value } => own.push_str(value),
            ast::PatternElement::Placeable { expression } => match expression {
                ast::Expression::Select { selector, variants } => {
                    inline_var(selector, msg);
                    for v in variants {
                        walk(&v.value, msg);
                    }
                }
                ast::Expression::Inline(i) => {
                    inline_var(i, msg);
                    own.push('x');
                }
            },
        }
    }
    if !own.trim().is_empty() {
        msg.variants.push(own);
    }
}

fn inline_var(i: &ast::InlineExpression<&str>, msg: &mut Msg) {
    if let ast::InlineExpression::VariableReference { id } = i {
        msg.vars.insert(id.name.to_string());
    }
}

#[test]
fn the_shipped_languages_are_the_files_of_the_default_theme() {
    let on_disk: Vec<String> = disk().files.keys().cloned().collect();
    assert_eq!(on_disk, SHIPPED);
    assert!(SHIPPED.contains(&REFERENCE));
}

#[test]
fn every_language_has_exactly_the_keys_of_english_with_its_variables() {
    let english: BTreeSet<String> = messages(REFERENCE).into_keys().collect();
    assert!(english.len() > 150, "en.ftl has {} keys", english.len());
    for code in SHIPPED {
        let keys: BTreeSet<String> = messages(code).into_keys().collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        let missing: Vec<_> = english.difference(&keys).collect();
        assert!(
            extra.is_empty() && missing.is_empty(),
            "{code}.ftl: keys English lacks {extra:?}, keys missing {missing:?}"
        );
        // Loading checks each message's variables against English's and warns for every key
        // that falls back to English: no error and no warning.
        texts(code);
    }
}

#[test]
fn plural_forms_read_right_for_0_1_2_and_5() {
    let forms = |code: &str, key: &str| -> Vec<String> {
        let t = texts(code);
        [0i64, 1, 2, 5]
            .iter()
            .map(|n| t.fmt(key, &[("count", (*n).into())]))
            .collect()
    };
    let expect: &[(&str, &str, [&str; 4])] = &[
        ("en", "span-days", ["0 days", "1 day", "2 days", "5 days"]),
        ("de", "span-days", ["0 Tage", "1 Tag", "2 Tage", "5 Tage"]),
        // French counts 0 as singular.
        ("fr", "span-days", ["0 jour", "1 jour", "2 jours", "5 jours"]),
        ("nl", "span-days", ["0 dagen", "1 dag", "2 dagen", "5 dagen"]),
        ("es", "span-days", ["0 días", "1 día", "2 días", "5 días"]),
        ("en", "span-hours", ["0 hours", "1 hour", "2 hours", "5 hours"]),
        ("de", "span-hours", ["0 Stunden", "1 Stunde", "2 Stunden", "5 Stunden"]),
        ("fr", "span-hours", ["0 heure", "1 heure", "2 heures", "5 heures"]),
        // Dutch counts hours in the singular.
        ("nl", "span-hours", ["0 uur", "1 uur", "2 uur", "5 uur"]),
        ("es", "span-hours", ["0 horas", "1 hora", "2 horas", "5 horas"]),
        (
            "en",
            "age-days-ago",
            ["0 days ago", "1 day ago", "2 days ago", "5 days ago"],
        ),
        (
            "de",
            "age-days-ago",
            ["heute", "vor 1 Tag", "vor 2 Tagen", "vor 5 Tagen"],
        ),
        (
            "fr",
            "age-days-ago",
            [
                "aujourd’hui",
                "il y a 1 jour",
                "il y a 2 jours",
                "il y a 5 jours",
            ],
        ),
        (
            "nl",
            "age-days-ago",
            [
                "vandaag",
                "1 dag geleden",
                "2 dagen geleden",
                "5 dagen geleden",
            ],
        ),
        (
            "es",
            "age-days-ago",
            ["hoy", "hace 1 día", "hace 2 días", "hace 5 días"],
        ),
        (
            "fr",
            "list-open-lead",
            [
                "Aucun ticket n’est ouvert pour le moment.",
                "1 ticket ouvert (reçu, pas encore publié ni clôturé).",
                "2 tickets ouverts (reçus, pas encore publiés ni clôturés), du plus récent au plus ancien.",
                "5 tickets ouverts (reçus, pas encore publiés ni clôturés), du plus récent au plus ancien.",
            ],
        ),
    ];
    for (code, key, want) in expect {
        assert_eq!(forms(code, key), want, "{code} {key}");
    }
}

#[test]
fn every_key_the_templates_ask_for_is_in_english() {
    let english = messages(REFERENCE);
    let mut calls = 0;
    for e in std::fs::read_dir(repo().join("themes/default/templates")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        // Every trans( names its key as a literal, so this test sees every key.
        assert_eq!(
            text.matches("trans(").count(),
            trans_calls(&text).len(),
            "{name}: a trans() call without key=\"…\" first"
        );
        for (key, args) in trans_calls(&text) {
            calls += 1;
            let msg = english
                .get(&key)
                .unwrap_or_else(|| panic!("{name}: trans(key=\"{key}\"): no such key in en.ftl"));
            assert_eq!(
                args, msg.vars,
                "{name}: trans(key=\"{key}\") gives other variables than the message uses"
            );
        }
    }
    assert!(calls > 100, "found only {calls} trans() calls");
}

/// `trans(key="k", a=x, b=y)` calls of a template: key and the names of the other arguments.
fn trans_calls(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut out = Vec::new();
    for part in text.split("trans(").skip(1) {
        let Some(args) = part.split(')').next() else {
            continue;
        };
        let mut key = None;
        let mut names = BTreeSet::new();
        for a in args.split(',') {
            let Some((name, value)) = a.split_once('=') else {
                continue;
            };
            let name = name.trim();
            if name == "key" {
                let v = value.trim();
                if let Some(k) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                    key = Some(k.to_string());
                }
            } else {
                names.insert(name.to_string());
            }
        }
        if let Some(k) = key {
            out.push((k, names));
        }
    }
    out
}

/// Literals of the Rust code that look like message keys (a family of en.ftl: `stage-…`,
/// `ticket-…`) but are something else.
const NOT_KEYS: &[(&str, &str)] = &[
    ("card-payments", "a doc section anchor in tests"),
    ("fix-in-testing", "a stage's slug (CSS class, URL)"),
    ("docs-feedback", "the marker of feedback tickets"),
    (
        "script-",
        "the prefix of the messages pages carry for the scripts (i18n::script)",
    ),
    ("script-x", "a made-up message in i18n::script's tests"),
    (
        "language-",
        "the class prefix of a fenced code block's language (markup::fast_html)",
    ),
];

#[test]
fn every_key_the_code_passes_to_texts_is_in_english() {
    let english = messages(REFERENCE);
    let families: BTreeSet<&str> = english
        .keys()
        .map(|k| k.split('-').next().unwrap())
        .collect();
    let mut direct = 0;
    let mut unknown = Vec::new();
    for e in walkdir::WalkDir::new(repo().join("src")) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let file = e.path().strip_prefix(repo()).unwrap().display().to_string();
        // Keys given straight to `tx.get("…")`, `texts.fmt(\n "…"`: whatever their family.
        for recv in ["tx.", "texts.", "self."] {
            for method in ["get(", "fmt(", "fmt_into("] {
                for part in text.split(&format!("{recv}{method}")).skip(1) {
                    let t = part.trim_start();
                    let Some(lit) = t.strip_prefix('"').and_then(|t| t.split('"').next()) else {
                        continue;
                    };
                    if recv == "self." && !lit.contains('-') {
                        continue;
                    }
                    direct += 1;
                    if !english.contains_key(lit) {
                        unknown.push(format!("{file}: {recv}{method}\"{lit}\""));
                    }
                }
            }
        }
        // Keys chosen in a `match` or a table first and passed on later: every literal of a
        // key family. Each run between two quotes is looked at (the code between two literals
        // too, which never looks like a key).
        let pieces: Vec<&str> = text.split('"').collect();
        for &lit in pieces.iter().skip(1).take(pieces.len().saturating_sub(2)) {
            let looks_like_key = lit.contains('-')
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && families.contains(lit.split('-').next().unwrap());
            if looks_like_key
                && !english.contains_key(lit)
                && !NOT_KEYS.iter().any(|(k, _)| *k == lit)
            {
                unknown.push(format!("{file}: \"{lit}\""));
            }
        }
    }
    assert!(direct > 20, "found only {direct} direct calls");
    assert_eq!(
        unknown,
        Vec::<String>::new(),
        "keys the code uses that en.ftl lacks (or add a literal that is no key to NOT_KEYS)"
    );
    // NOT_KEYS stays honest: each entry is still in the code and still no key.
    let all_src: String = walkdir::WalkDir::new(repo().join("src"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    for (k, why) in NOT_KEYS {
        assert!(
            all_src.contains(&format!("\"{k}\"")),
            "NOT_KEYS {k} ({why}) is gone from src/"
        );
        assert!(!english.contains_key(*k), "NOT_KEYS {k} is a key now");
    }
}

#[test]
fn french_puts_a_narrow_no_break_space_before_high_punctuation() {
    let mut checked = 0;
    for (key, msg) in messages("fr") {
        for v in msg.variants {
            let text = strip_tags(&v);
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if matches!(c, '?' | '!' | ':' | ';') {
                    checked += 1;
                    assert_eq!(
                        i.checked_sub(1).map(|j| chars[j]),
                        Some('\u{202F}'),
                        "fr {key}: {c:?} without a narrow no-break space before it in {v:?}"
                    );
                }
            }
            assert!(
                !text.contains('\''),
                "fr {key}: a straight apostrophe in {v:?} (French here writes ’)"
            );
            assert!(
                !text.contains('\u{A0}'),
                "fr {key}: a wide no-break space in {v:?}"
            );
        }
    }
    assert!(checked > 20, "only {checked} marks checked");
}

#[test]
fn spanish_opens_questions_and_exclamations() {
    for (key, msg) in messages("es") {
        for v in msg.variants {
            assert_eq!(
                v.matches('¿').count(),
                v.matches('?').count(),
                "es {key}: {v:?}"
            );
            assert_eq!(
                v.matches('¡').count(),
                v.matches('!').count(),
                "es {key}: {v:?}"
            );
        }
    }
    let t = texts("es");
    assert_eq!(t.get("home-title"), "¿En qué podemos ayudarle?");
    assert_eq!(
        t.get("doc-feedback-thanks"),
        "¡Gracias! Nos alegra haberle ayudado."
    );
}

// ---- Config mistakes, through the binary -------------------------------------------------

/// The default site with `lines` put at the top of its config (before any table).
fn default_site_with(lines: &str) -> SiteTest {
    let site = SiteTest::default_site_one_language();
    let config = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    site.write("porchlight.toml", &format!("{lines}\n{config}"));
    site
}

/// Builds `site`, which must fail (exit 1) with exactly `stderr`.
fn refused(site: &SiteTest, stderr: &str) {
    let run = site.build(&[]).fails_with(1);
    assert_eq!(run.stderr, stderr);
}

#[test]
fn a_language_without_translation_is_an_error_naming_the_theme_s_languages() {
    let site = default_site_with("default_language = \"xx\"");
    refused(
        &site,
        "error: porchlight.toml: default_language = \"xx\": the theme has no translation for it (no i18n/xx.ftl); it has: de, en, es, fr, nl\n",
    );
}

#[test]
fn a_language_name_instead_of_a_code_is_an_error() {
    let site = default_site_with("default_language = \"deutsch\"");
    refused(
        &site,
        "error: porchlight.toml: default_language = \"deutsch\": expected a two- or three-letter language code, such as \"de\" (shipped: de, en, es, fr, nl)\n",
    );
}

#[test]
fn an_override_with_other_variables_than_english_is_an_error() {
    let site = default_site_with("default_language = \"fr\"");
    let config = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    site.write(
        "porchlight.toml",
        &format!("{config}\n[strings.fr]\nage-days-ago = \"il y a {{ $days }} jours\"\n"),
    );
    refused(
        &site,
        "error: porchlight.toml [strings.fr]: translation \"fr\", key \"age-days-ago\": uses the variables $days where English uses $count\n",
    );
}

#[test]
fn a_theme_s_own_file_overrides_single_keys_and_a_missing_key_falls_back_to_english() {
    // A theme folder named like the built-in one layers its files over it: its fr.ftl
    // changes one French message, the rest stays the built-in French.
    let site = default_site_with("default_language = \"fr\"");
    site.write(
        "themes/default/i18n/fr.ftl",
        "home-title = Bonjour, que cherchez-vous\u{202F}?\n",
    );
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("translation:"), "{}", run.stderr);
    let home = site.read("index.html");
    assert!(home.contains("<h1>Bonjour, que cherchez-vous\u{202F}?</h1>"));
    assert!(home.contains(">Contacter le support</a>"));

    // A language only the theme folder has: each key its file lacks is English, with a
    // warning; --strict makes the warning an error.
    let english = std::fs::read_to_string(i18n_dir().join("en.ftl")).unwrap();
    let start = english.find("\nhome-title =").unwrap() + 1;
    let end = start + english[start..].find('\n').unwrap() + 1;
    let italian = format!("{}{}", &english[..start], &english[end..]).replace(
        "nav-contact = Contact support",
        "nav-contact = Contatta il supporto",
    );
    let site = default_site_with("default_language = \"it\"");
    site.write("themes/default/i18n/it.ftl", &italian);
    let warning = "warning: translation: the key \"home-title\" is missing in language \"it\"; English is shown\n";
    let run = site.build(&[]).ok();
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("translation:").count(),
        1,
        "{}",
        run.stderr
    );
    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"it\""));
    assert!(home.contains("<h1>How can we help?</h1>"));
    assert!(home.contains(">Contatta il supporto</a>"));

    let run = site.build(&["--strict"]).fails_with(3);
    assert!(run.stderr.contains(warning), "{}", run.stderr);
}

// ---- Whole sites in each language ---------------------------------------------------------

/// Every `.html` page of the built site, by path.
fn pages(site: &SiteTest) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(site.out())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path()
                    .strip_prefix(site.out())
                    .unwrap()
                    .display()
                    .to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Builds the default site in `code` and checks that no English message is left on any page
/// where the language words it differently. The default site's tickets and docs are English
/// and quote the site's words ("Where the fix is: …", "Documentation page"), so only a whole
/// text counts: an element's text or an attribute's value, as templates print messages.
fn built_in(code: &str) -> (SiteTest, BTreeMap<String, String>) {
    let site = default_site_with(&format!("default_language = \"{code}\""));
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("translation:"), "{}", run.stderr);
    let pages = pages(&site);
    assert!(pages.len() > 50, "{code}: {} pages", pages.len());
    let left = english_on(&pages, code);
    assert_eq!(left, Vec::<String>::new(), "{code}: English left on pages");
    (site, pages)
}

/// The English messages (without variables, of 6 characters or more) that `code` words
/// differently and that stand as a whole text on one of `pages`, with the first such page.
fn english_on(pages: &BTreeMap<String, String>, code: &str) -> Vec<String> {
    let en = texts(REFERENCE);
    let tr = texts(code);
    let english = messages(REFERENCE);
    let mut left = Vec::new();
    for key in english.keys() {
        let e = en.get(key);
        if !english[key].vars.is_empty() || e.contains('<') || e.len() < 6 {
            continue;
        }
        if code != REFERENCE && e == tr.get(key) {
            continue;
        }
        if let Some((path, _)) = pages.iter().find(|(_, html)| whole_text_in(html, e)) {
            left.push(format!("{path}: {key} {e:?}"));
        }
    }
    left
}

#[test]
fn the_check_for_english_left_sees_the_english_site_s_words() {
    // The check above finds nothing on translated sites; on the English site it must find
    // the words (else it would pass on any site).
    let site = SiteTest::default_site_one_language();
    site.build(&[]).ok();
    let found = english_on(&pages(&site), REFERENCE);
    assert!(found.len() > 120, "only {} found: {found:#?}", found.len());
    for key in [
        "home-title",
        "ticket-next-step",
        "promise-first-answer",
        "home-contact-lead",
    ] {
        assert!(
            found.iter().any(|f| f.contains(&format!(": {key} "))),
            "{key} not seen: {found:#?}"
        );
    }
}

/// Whether `text` stands in `html` on its own: after a tag or a quote (or a list's `,` and
/// `·`), and before a tag or a quote; a class or id ("updated") is no text.
fn whole_text_in(html: &str, text: &str) -> bool {
    html.match_indices(text).any(|(at, _)| {
        let head = html[..at].trim_end();
        if head.ends_with("class=\"") || head.ends_with("id=\"") {
            return false;
        }
        let before = head.chars().next_back();
        // The promise labels' colon comes from the template.
        let tail = html[at + text.len()..].trim_start();
        let after = tail.strip_prefix(':').unwrap_or(tail).chars().next();
        matches!(before, Some('>' | '"' | ',' | '·')) && matches!(after, Some('<' | '"' | '·'))
    })
}

/// The ticket page that shows `needle`.
fn page_with<'a>(pages: &'a BTreeMap<String, String>, needle: &str) -> &'a str {
    pages
        .values()
        .find(|h| h.contains(needle))
        .unwrap_or_else(|| panic!("no page contains {needle:?}"))
}

/// What a site in one language must show: on the home page, on a ticket page, a date, and
/// the 404 page's heading.
struct Speaks<'a> {
    home: &'a [&'a str],
    /// The ticket page's "Next step:", and another of its texts.
    ticket: [&'a str; 2],
    date: &'a str,
    not_found: &'a str,
}

fn assert_speaks(code: &str, want: Speaks) -> SiteTest {
    let (site, pages) = built_in(code);
    let home = site.read("index.html");
    assert!(home.contains(&format!("<html lang=\"{code}\"")));
    for text in want.home {
        assert!(home.contains(text), "{code}: home page lacks {text:?}");
    }
    let ticket = page_with(&pages, want.ticket[0]);
    assert!(
        ticket.contains(want.ticket[1]),
        "{code}: {:?}",
        want.ticket[1]
    );
    assert!(
        pages.values().any(|h| h.contains(want.date)),
        "{code}: {:?}",
        want.date
    );
    let not_found = format!("<h1>{}</h1>", want.not_found);
    assert!(site.read("404.html").contains(&not_found), "{code}: 404");
    site
}

#[test]
fn a_french_site_speaks_french() {
    let site = assert_speaks(
        "fr",
        Speaks {
            home: &[
                "<h1>Comment pouvons-nous vous aider\u{202F}?</h1>",
                ">Contacter le support</a>",
                "<h2 id=\"open-h\">Tickets ouverts par statut</h2>",
            ],
            ticket: [
                "<strong>Prochaine étape\u{202F}:</strong>",
                "<h2 id=\"hist-h\">Historique</h2>",
            ],
            date: "20 novembre 2026",
            not_found: "Page introuvable",
        },
    );
    assert!(site.read("tickets/open/index.html").contains(
        "tickets ouverts (reçus, pas encore publiés ni clôturés), du plus récent au plus ancien."
    ));
    // A promise's name takes the colon as French writes it.
    let promised = walkdir::WalkDir::new(site.out().join("tickets"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|p| p.contains("class=\"promises\""))
        .expect("a ticket page with promises");
    assert!(
        promised.contains("<li><strong>Première réponse\u{202F}:</strong>"),
        "{promised}"
    );
}

#[test]
fn a_dutch_site_speaks_dutch() {
    assert_speaks(
        "nl",
        Speaks {
            home: &[
                "<h1>Waarmee kunnen we u helpen?</h1>",
                ">Contact opnemen</a>",
            ],
            ticket: [
                "<strong>Volgende stap:</strong>",
                "<h2 id=\"hist-h\">Geschiedenis</h2>",
            ],
            date: "20 november 2026",
            not_found: "Pagina niet gevonden",
        },
    );
}

#[test]
fn a_spanish_site_speaks_spanish() {
    assert_speaks(
        "es",
        Speaks {
            home: &[
                "<h1>¿En qué podemos ayudarle?</h1>",
                ">Contactar con soporte</a>",
            ],
            ticket: [
                "<strong>Siguiente paso:</strong>",
                "<h2 id=\"hist-h\">Historial</h2>",
            ],
            date: "20 de noviembre de 2026",
            not_found: "Página no encontrada",
        },
    );
}

#[test]
fn a_german_site_speaks_german() {
    assert_speaks(
        "de",
        Speaks {
            home: &[
                "<h1>Wie können wir helfen?</h1>",
                ">Support kontaktieren</a>",
            ],
            ticket: [
                "<strong>Nächster Schritt:</strong>",
                "<h2 id=\"hist-h\">Statusverlauf</h2>",
            ],
            date: "20. November 2026",
            not_found: "Seite nicht gefunden",
        },
    );
}
