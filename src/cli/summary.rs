//! What `build` and `check` print: the summary table, or one JSON object with `--json`.
//! Warnings always go to stderr, one line each.

use std::fmt::Write as _;

use anyhow::Result;

use super::messages;
use crate::site::Summary;

/// `writeln!` into a String cannot fail.
macro_rules! wln {
    ($t:expr, $($arg:tt)*) => {{
        let _ = writeln!($t, $($arg)*);
    }};
}

/// Prints the summary as the flags ask: `--json`, `--quiet` (warnings only) or the table.
pub(super) fn print(quiet: bool, json_out: bool, s: &Summary, wrote: bool) -> Result<()> {
    for w in &s.warnings {
        eprintln!("warning: {w}");
    }
    if json_out {
        messages::out(&format!("{}\n", json(s)))
    } else if quiet {
        Ok(())
    } else {
        messages::out(&text(s, wrote))
    }
}

/// The summary as a JSON object (`--json`).
fn json(s: &Summary) -> String {
    let v = serde_json::json!({
        "out": s.out.display().to_string(),
        "tickets_published": s.tickets_published,
        "tickets_private": s.tickets_private,
        "tickets_other_project": s.tickets_other_project,
        "tickets_refused": s.tickets_refused,
        "tickets_unlisted": s.tickets_unlisted,
        "unlisted_without_secret": s.unlisted_without_secret,
        "skipped": s.skipped,
        "notes_published": s.notes_published,
        "notes_private": s.notes_private,
        "docs": s.docs,
        "drafts": s.drafts,
        "files": s.write.as_ref().map(|w| serde_json::to_value(w).unwrap_or_default()).unwrap_or(serde_json::json!({"files": s.files, "bytes": s.bytes})),
        "warnings": s.warnings,
        "steps_ms": s.steps.iter().map(|(n, d)| (n.to_string(), serde_json::json!(d.as_millis() as u64))).collect::<serde_json::Map<_, _>>(),
        "total_ms": s.total.as_millis() as u64,
    });
    v.to_string()
}

/// The summary table `build` and `check` print.
fn text(s: &Summary, wrote: bool) -> String {
    let mut t = String::new();
    let verb = if wrote { "Built" } else { "Checked" };
    wln!(
        t,
        "{verb} {} in {:.2} s",
        if wrote {
            s.out.display().to_string()
        } else {
            "the site".into()
        },
        s.total.as_secs_f64()
    );
    wln!(t, "  tickets published   {:>8}", s.tickets_published);
    wln!(
        t,
        "  tickets withheld    {:>8}  (private)",
        s.tickets_private
    );
    if s.tickets_other_project > 0 {
        wln!(
            t,
            "  tickets withheld    {:>8}  (other projects, see [sources] projects)",
            s.tickets_other_project
        );
    }
    if s.tickets_refused > 0 {
        wln!(
            t,
            "  tickets refused     {:>8}  (unsafe ids, see warnings)",
            s.tickets_refused
        );
    }
    if s.tickets_unlisted + s.unlisted_without_secret > 0 {
        wln!(
            t,
            "  tickets unlisted    {:>8}  (at secret links only)",
            s.tickets_unlisted
        );
    }
    if s.unlisted_without_secret > 0 {
        wln!(
            t,
            "  unlisted, withheld  {:>8}  (no site secret set, see warnings)",
            s.unlisted_without_secret
        );
    }
    for (why, n) in &s.skipped {
        wln!(t, "  skipped             {n:>8}  ({why})");
    }
    wln!(t, "  notes published     {:>8}", s.notes_published);
    wln!(t, "  notes withheld      {:>8}  (private)", s.notes_private);
    wln!(
        t,
        "  docs pages          {:>8}{}",
        s.docs,
        if s.drafts > 0 {
            format!("  ({} drafts skipped)", s.drafts)
        } else {
            String::new()
        }
    );
    match &s.write {
        Some(w) => wln!(
            t,
            "  files               {:>8}  ({:.1} MB; {} changed, {} unchanged, {} removed)",
            w.files,
            w.bytes as f64 / 1e6,
            w.changed,
            w.unchanged,
            w.removed
        ),
        None => wln!(
            t,
            "  files planned       {:>8}  ({:.1} MB)",
            s.files,
            s.bytes as f64 / 1e6
        ),
    }
    wln!(t, "  warnings            {:>8}", s.warnings.len());
    let steps: Vec<String> = s
        .steps
        .iter()
        .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
        .collect();
    wln!(t, "  time                {}", steps.join(", "));
    t
}
