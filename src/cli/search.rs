//! `porchlight search "query"`: the built site's index, ranked as the site's search box ranks
//! it, printed for support staff (the link to paste) and scripts (`--json`).

use anyhow::{Context, Result};

use super::args::{SearchArgs, SearchKind};
use super::messages;
use crate::search::lookup::{self, Kind, Query};

pub(super) fn search(a: SearchArgs) -> Result<()> {
    let out = match a.out {
        Some(o) => o,
        None => crate::config::Config::load(&a.config)?.root.join("public"),
    };
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
    let answers = lookup::lookup(&files, &q)
        .with_context(|| format!("searching the index in {}", out.display()))?;
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
