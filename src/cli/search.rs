//! `porchlight search "query"`: the built site's index, ranked as the site's search box ranks
//! it, printed for support staff (the link to paste) and scripts (`--json`).

use anyhow::{Context, Result};

use super::args::{SearchArgs, SearchKind};
use super::messages;
use crate::search::lookup::{self, Kind, Query};

pub(super) fn search(a: SearchArgs) -> Result<()> {
    // The config says where the site is and, on a site in several languages, where each
    // language's part (and its index) is; `--out` alone is enough for a site in one language.
    let cfg = if a.out.is_none() || a.language.is_some() {
        Some(crate::config::Config::load(&a.config)?)
    } else {
        None
    };
    let mut out = match (a.out, &cfg) {
        (Some(o), _) => o,
        (None, c) => c
            .as_ref()
            .map_or_else(Default::default, |c| c.root.join("public")),
    };
    // The part's URLs are relative to the part; printed from the site's root.
    let mut prefix = String::new();
    if let Some(c) = cfg.as_ref().filter(|c| c.multilingual()) {
        let code = a.language.as_deref().unwrap_or(&c.default_language);
        if !c.languages.iter().any(|l| l == code) {
            anyhow::bail!(
                "--language {code:?}: not a language of the site in {} (it has {})",
                a.config.display(),
                c.languages.join(", ")
            );
        }
        prefix = c.language_prefix(code);
        out = out.join(&prefix);
    } else if let (Some(code), Some(c)) = (&a.language, &cfg) {
        if *code != c.language {
            anyhow::bail!(
                "--language {code:?}: the site in {} has one language, {:?}",
                a.config.display(),
                c.language
            );
        }
    }
    let files = lookup::read_index(&out)?;
    let q = Query {
        text: a.query,
        kind: a.kind.map(|k| match k {
            SearchKind::Doc => Kind::Doc,
            SearchKind::Ticket => Kind::Ticket,
        }),
        stage: a.stage,
        limit: a.limit,
    };
    let mut answers = lookup::lookup(&files, &q)
        .with_context(|| format!("searching the index in {}", out.display()))?;
    for r in &mut answers {
        r.url.insert_str(0, &prefix);
    }
    let mut text = String::new();
    if a.json {
        for r in &answers {
            text.push_str(&serde_json::to_string(r)?);
            text.push('\n');
        }
    } else if answers.is_empty() {
        text.push_str(&format!("No results for \"{}\".\n", q.text));
    } else {
        for r in &answers {
            let kind = match (&r.kind, &r.stage) {
                (Kind::Doc, _) => "Doc".to_string(),
                (Kind::Ticket, Some(s)) => format!("Ticket · {s}"),
                (Kind::Ticket, None) => "Ticket".to_string(),
            };
            text.push_str(&format!("{}. {}\n   {}\n   {kind}", r.rank, r.title, r.url));
            if let Some(s) = &r.section {
                text.push_str(&format!(" › {s}"));
            }
            if r.matched < r.of {
                text.push_str(&format!(" (matches {} of {} words)", r.matched, r.of));
            }
            text.push_str(&format!("\n   {}\n", r.excerpt));
        }
    }
    messages::out(&text)
}
