//! `porchlight build` and `porchlight check`: the same stages, with and without writing.

use std::path::PathBuf;

use anyhow::Result;
use chrono::Utc;

use super::args::Common;
use super::{messages, summary};
use crate::site::{self, BuildOptions};

/// The build options a command's flags ask for.
pub(super) fn options(common: Common, out: Option<PathBuf>, write: bool) -> BuildOptions {
    BuildOptions {
        config: common.config,
        out,
        now: common.now.unwrap_or_else(Utc::now),
        strict: common.strict,
        progress: !common.quiet && !common.json,
        write,
    }
}

/// `build [--pull]`: a failed pull fails the build and leaves the previous site untouched.
pub(super) fn build(common: Common, out: Option<PathBuf>, pull: bool) -> Result<()> {
    let (quiet, json) = (common.quiet, common.json);
    if pull {
        let cfg = crate::config::Config::load(&common.config)?;
        let (s, snapshot) = crate::pull::pull_for_build(&cfg)?;
        if json {
            // stdout holds the one JSON summary; the pull line goes to stderr.
            eprintln!("{}", s.line(&snapshot));
        } else if !quiet {
            messages::out(&format!("{}\n", s.line(&snapshot)))?;
        }
    }
    if !quiet {
        if let Ok(cfg) = crate::config::Config::load(&common.config) {
            if let Some(hint) = base_path_hint(&cfg) {
                eprintln!("{hint}");
            }
        }
    }
    let s = site::build(&options(common, out, true))?;
    summary::print(quiet, json, &s, true)
}

/// `check`: everything but the write.
pub(super) fn check(common: Common) -> Result<()> {
    let (quiet, json) = (common.quiet, common.json);
    let s = site::build(&options(common, None, false))?;
    summary::print(quiet, json, &s, false)
}

/// On a site served from a sub-path, `robots.txt` lands where crawlers never read it (they
/// ask only at the host's root): say so, once per build.
fn base_path_hint(cfg: &crate::config::Config) -> Option<String> {
    let path = cfg.base_path();
    (path.len() > 1 && cfg.base_url.contains("://")).then(|| {
        format!(
            "hint: base_url {} has a path ({path}); crawlers read robots.txt only at the site's root, so {path}robots.txt is not read: copy its lines into the root's robots.txt",
            cfg.base_url
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_base_url_with_a_path_gets_the_robots_hint() {
        let parse =
            |t: &str| crate::config::Config::parse(std::path::Path::new("p.toml"), t).unwrap();
        assert_eq!(
            super::base_path_hint(&parse("base_url = \"https://x.example/help\"")).as_deref(),
            Some("hint: base_url https://x.example/help/ has a path (/help/); crawlers read robots.txt only at the site's root, so /help/robots.txt is not read: copy its lines into the root's robots.txt")
        );
        assert_eq!(
            super::base_path_hint(&parse("base_url = \"https://x.example/\"")),
            None
        );
    }
}
