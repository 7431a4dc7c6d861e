//! `porchlight.toml`: read once, validated into a [`Config`] before any other work.
//!
//! Every key is documented in docs/guide/configuration.md. Unknown keys are errors, so a typo
//! such as `mask_email = false` cannot silently change what is published.

mod calendar;
pub(crate) mod visibility;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::model::calendar::{Span, Unit};
use crate::model::workflow::{Localized, Promised, SeverityLevel, Stage, Workflow};
use crate::sources::Format;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default = "default_title")]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_theme")]
    theme: String,
    /// An icon file (.svg, .png or .ico) that replaces the theme's favicon.
    favicon: Option<PathBuf>,
    #[serde(default)]
    sources: RawSources,
    #[serde(default)]
    workflow: RawWorkflow,
    #[serde(default)]
    severity: RawSeverity,
    /// `[calendar]`: working days, hours, holidays and time zone of the team.
    #[serde(default)]
    calendar: calendar::RawCalendar,
    /// `[[promises.categories]]`: promises by ticket category.
    #[serde(default)]
    promises: calendar::RawPromises,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    visibility: crate::config::visibility::Visibility,
    #[serde(default)]
    roles: RawRoles,
    /// Read by the new-ticket flow; kept as a table so that flow can validate it.
    #[serde(default)]
    intake: toml::Table,
    /// `build --pull`: where to pull the snapshot from.
    pull: Option<RawPull>,
    /// The site's language: the theme's `i18n/LANG.ftl` words every page (crate::i18n).
    #[serde(default = "default_language")]
    default_language: String,
    /// `languages = ["de", "en", "fr"]`: the languages the site is published in (each under
    /// its own URL prefix); one language, the default, when absent.
    #[serde(default)]
    languages: Vec<String>,
    /// Whether the default language is published at the root (`true`) or under its prefix
    /// like the others.
    #[serde(default = "yes")]
    default_language_at_root: bool,
    /// `[strings.LANG]`: single messages that override the theme's, key → Fluent text.
    #[serde(default)]
    strings: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

fn default_language() -> String {
    crate::i18n::REFERENCE.to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPull {
    tracker: String,
    url: String,
    project: String,
    key_env: String,
    snapshot: PathBuf,
    /// Redmine: folder for the wiki pages (default `wiki/` beside the snapshot); `""` for none.
    wiki: Option<PathBuf>,
    /// Redmine: public subprojects whose issues are published too.
    #[serde(default)]
    subprojects: Vec<String>,
    /// Odoo: the environment variable holding the login (default `ODOO_USER`).
    user_env: Option<String>,
    /// Jira: `cloud` or `data-center` (default: from the URL).
    jira_api: Option<String>,
    /// Jira: the JQL that selects the issues (default `project = "PROJECT"`).
    jql: Option<String>,
    /// Jira Cloud: the environment variable holding the account's e-mail.
    email_env: Option<String>,
}

/// The `[pull]` table: what `build --pull` pulls before building. Paths are resolved against
/// the config's folder. The snapshot is read as a ticket source and the wiki folder as docs
/// under `docs/wiki/`, so nothing else has to name them.
#[derive(Debug, Clone)]
pub(crate) struct PullConfig {
    /// `redmine`, `mantis` or `github`.
    pub tracker: String,
    pub url: String,
    pub project: String,
    pub key_env: String,
    pub snapshot: PathBuf,
    /// Redmine only; `None` when switched off (`wiki = ""`) or for other trackers.
    pub wiki: Option<PathBuf>,
    /// Redmine only: public subprojects published beside the project.
    pub subprojects: Vec<String>,
    /// Odoo only: the environment variable holding the login.
    pub user_env: Option<String>,
    /// Jira only: API flavour (`None`: from the URL), JQL, e-mail variable (Cloud).
    pub jira_api: Option<crate::sources::jira::JiraApi>,
    pub jql: Option<String>,
    pub email_env: Option<String>,
}

fn default_title() -> String {
    "Support".into()
}
fn default_base_url() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSources {
    /// Tracker export files (one or several).
    #[serde(default)]
    tickets: Vec<PathBuf>,
    format: Option<String>,
    docs: Option<PathBuf>,
    /// "markdown" (default) or "textile": how Redmine text is written.
    redmine_markup: Option<String>,
    /// The tracker projects whose issues are published; issues of any other project are
    /// withheld. Required when the exports hold issues of several projects.
    #[serde(default)]
    projects: Vec<String>,
}

/// `[roles]`: who is the team, where the tracker does not record it.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    /// Account names or logins of the support team; their notes show as "Support team".
    #[serde(default)]
    team: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWorkflow {
    /// Tracker status name → stage name; added to (and overriding) the built-in map.
    #[serde(default)]
    statuses: BTreeMap<String, String>,
    /// Label → stage name: trackers whose status is only open/closed (GitHub, GitLab) carry
    /// the stage in labels ("status: in progress", "needs info").
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSeverity {
    /// Replaces the built-in levels when given.
    levels: Option<Vec<RawLevel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    name: String,
    /// Words for the resolution promise ("1–3 days"); alone: "at our discretion".
    promise: Option<String>,
    /// The name per language: `names = { de = "Kritisch" }`.
    #[serde(default)]
    names: BTreeMap<String, String>,
    /// `promise` per language: `promises = { de = "1–3 Tage" }`.
    #[serde(default)]
    promises: BTreeMap<String, String>,
    /// "1 business hour": the promised time of the team's first public answer.
    first_response: Option<String>,
    /// "3 business days": the promised resolution time.
    resolution: Option<String>,
    /// The older key: the resolution in calendar days (`resolution = "N days"`).
    days: Option<u32>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    #[serde(default = "yes")]
    mask_emails: bool,
    #[serde(default = "yes")]
    mask_phones: bool,
    /// Custom fields that may be shown on ticket pages (all others are internal).
    #[serde(default)]
    public_custom_fields: Vec<String>,
    /// Tickets carrying any of these labels are withheld like private ones (GitHub has no
    /// private issues; a `security` label is the usual way to keep one off the site).
    #[serde(default)]
    withhold_labels: Vec<String>,
    /// Labels that may be shown on ticket pages (as chips); all others never appear.
    #[serde(default)]
    public_labels: Vec<String>,
    /// Jira issue security levels whose issues may be published; an issue with any other
    /// level is private.
    #[serde(default)]
    public_security_levels: Vec<String>,
    /// The Jira export asked for the `security` field, so an issue without it has no level.
    #[serde(default)]
    jira_export_has_security: bool,
}

impl Default for RawPrivacy {
    fn default() -> Self {
        RawPrivacy {
            mask_emails: true,
            mask_phones: true,
            public_custom_fields: Vec::new(),
            withhold_labels: Vec::new(),
            public_labels: Vec::new(),
            public_security_levels: Vec::new(),
            jira_export_has_security: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// The TOML parser quotes the offending line in its message; a config with a huge line (a
/// 10 MB value, 10,000 brackets) would print all of it. Each line is cut to 300 bytes and the
/// whole message to about 2 KB; the "at line L, column C" header and the message survive.
fn shorten_error(msg: &str) -> String {
    const LINE: usize = 300;
    const TOTAL: usize = 2048;
    fn cut(s: &str, max: usize) -> &str {
        let mut end = max.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        &s[..end]
    }
    let lines: Vec<String> = msg
        .lines()
        .map(|l| {
            if l.len() > LINE {
                format!("{}… ({} bytes)", cut(l, LINE), l.len())
            } else {
                l.to_string()
            }
        })
        .collect();
    let out = lines.join("\n");
    if out.len() > TOTAL {
        format!("{}… (message cut)", cut(&out, TOTAL))
    } else {
        out
    }
}

/// A `[[severity.levels]]` entry, its promised times parsed. `days` (the older key) is a
/// resolution in calendar days, shown in the level's `promise` words as before.
fn level_of(l: RawLevel, path: &Path) -> Result<SeverityLevel> {
    let err = |key: &str, e: String| {
        anyhow::anyhow!(
            "{}: [[severity.levels]] {:?}: {key}: {e}",
            path.display(),
            l.name
        )
    };
    let first_response =
        calendar::promised_time(&l.first_response).map_err(|e| err("first_response", e))?;
    let resolution = match (&l.resolution, l.days) {
        (Some(_), Some(_)) => bail!(
            "{}: [[severity.levels]] {:?}: give `resolution` or the older `days`, not both",
            path.display(),
            l.name
        ),
        (Some(_), None) => {
            calendar::promised_time(&l.resolution).map_err(|e| err("resolution", e))?
        }
        (None, Some(0)) => {
            return Err(err(
                "days",
                "0; expected a number of days from 1, or no `days` for \"at our discretion\""
                    .into(),
            ))
        }
        (None, Some(d)) => Some(Span {
            amount: d,
            unit: Unit::Days,
        }),
        (None, None) => None,
    };
    let where_ = format!("{}: [[severity.levels]] {:?}", path.display(), l.name);
    let names = per_language(&l.names, &format!("{where_}: names"))?;
    let promises = per_language(&l.promises, &format!("{where_}: promises"))?;
    if !promises.is_empty() && l.promise.is_none() {
        bail!("{where_}: `promises` translates `promise`; add `promise` (the words in the default language) or remove `promises`");
    }
    let own = |words: &str| Localized {
        text: words.trim().to_string(),
        by_language: promises.clone(),
    };
    // The words after "Resolution: ". A promised time reads "within …", in the level's own
    // words when it has them; words without a time ("at our discretion") stand alone.
    let resolution_words = match (resolution, &l.promise) {
        (Some(_), Some(words)) => Some(Promised::WithinWords(own(words))),
        (Some(span), None) => Some(Promised::Within(span)),
        (None, Some(words)) => Some(Promised::Words(own(words))),
        (None, None) => None,
    };
    Ok(SeverityLevel {
        names,
        key: None,
        first_response,
        resolution,
        resolution_words,
        aliases: l.aliases,
        name: l.name,
    })
}

/// A `{ de = "…", fr = "…" }` table of words per language, checked: each key a language code,
/// each value one line of words. Errors name the place (`what`).
pub(crate) fn per_language(
    table: &BTreeMap<String, String>,
    what: &str,
) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (code, words) in table {
        let is_code = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
        if !is_code {
            bail!("{what}: {code:?} is not a language code; expected two or three lower-case letters, e.g. de = \"…\"");
        }
        let words = words.trim();
        if words.is_empty() || words.contains('\n') {
            bail!("{what}: {code} = {words:?}: expected one line of words");
        }
        out.insert(code.clone(), words.to_string());
    }
    Ok(out)
}

/// Privacy settings applied by the gate.
#[derive(Debug, Clone)]
pub(crate) struct Privacy {
    pub mask_emails: bool,
    pub mask_phones: bool,
    pub public_custom_fields: Vec<String>,
    pub withhold_labels: Vec<String>,
    pub public_labels: Vec<String>,
    pub public_security_levels: Vec<String>,
    pub jira_export_has_security: bool,
}

/// One language of a multilingual site, as its pages link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLanguage {
    pub code: String,
    /// The language's own name for itself ("Deutsch"), from its `language-name` message.
    pub name: String,
    /// Its URL prefix below the site's root ("de/", or "").
    pub prefix: String,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file, for messages.
    pub path: PathBuf,
    /// Folder of the config file; relative paths in it are relative to this.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute base URL with a trailing slash ("https://support.example.com/help/") or a
    /// path ("/"), used for feeds, canonical links and the 404 page.
    pub base_url: String,
    pub theme: String,
    /// `favicon`: an icon file that replaces the theme's `static/favicon.svg`, resolved
    /// against the config's folder.
    pub favicon: Option<PathBuf>,
    pub tickets: Vec<PathBuf>,
    pub format: Option<Format>,
    pub docs: Option<PathBuf>,
    pub redmine_markup: crate::model::Markup,
    /// `redmine_markup` was given: it wins over what a pull snapshot records.
    pub redmine_markup_set: bool,
    /// `[sources] projects`: the projects whose issues are published, compared as rules are
    /// ([`crate::model::same_name`]); empty when the exports hold one project only.
    pub projects: Vec<String>,
    pub workflow: Workflow,
    pub(crate) privacy: Privacy,
    pub visibility: crate::config::visibility::Visibility,
    /// `[roles] team`: the team's accounts (names or logins), compared as rules are.
    pub team_accounts: Vec<String>,
    pub intake: toml::Table,
    pub(crate) pull: Option<PullConfig>,
    /// The language these pages are written in: `default_language` ("en", "de"), or one of
    /// `languages` in the config of that language's part of the site ([`Config::for_language`]).
    pub language: String,
    /// `default_language` as the config says it.
    pub default_language: String,
    /// `languages`, the default language first; empty for a site in one language.
    pub languages: Vec<String>,
    /// `default_language_at_root`.
    pub default_at_root: bool,
    /// The site's languages with their names and places, for the language picker and the
    /// `hreflang` links; filled in when the languages' words are loaded (`site::languages`),
    /// empty for a site in one language.
    pub site_languages: Vec<SiteLanguage>,
    /// `base_url` as configured (the root of every language's part).
    pub site_base_url: String,
    /// `[strings.LANG]`: messages that override the theme's, per language.
    pub strings: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

impl Config {
    /// Reads and validates the config file at `path`.
    pub(crate) fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!(
                "cannot read the config file {} (run `porchlight init DIR` to make one, or pass --config FILE)",
                path.display()
            )
        })?;
        Config::parse(path, &text)
    }

    /// Validates config `text`; `path` names it in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            anyhow::anyhow!(
                "{}: {}",
                path.display(),
                shorten_error(e.to_string().trim_end())
            )
        })?;
        let root = path
            .parent()
            .map(|p| {
                // Keep relative paths short in messages: "tickets.json", not "./tickets.json".
                p.to_path_buf()
            })
            .unwrap_or_default();
        let format = match &raw.sources.format {
            None => None,
            Some(name) if name == "auto" => None,
            Some(name) => Some(Format::from_name(name).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: [sources] format = {name:?} is not a known format; expected \"auto\" or one of: {}",
                    path.display(),
                    Format::NAMES
                )
            })?),
        };
        let redmine_markup_set = raw.sources.redmine_markup.is_some();
        let redmine_markup = match raw.sources.redmine_markup.as_deref() {
            // Redmine's Markdown (CommonMark, and the older Redcarpet) breaks lines at single
            // newlines and links bare URLs, as GitHub does.
            None | Some("markdown") => crate::model::Markup::GithubMarkdown,
            Some("textile") => crate::model::Markup::Textile,
            Some(other) => bail!(
                "{}: [sources] redmine_markup = {other:?}; expected \"markdown\" or \"textile\"",
                path.display()
            ),
        };
        let mut statuses = BTreeMap::new();
        for (status, stage_name) in &raw.workflow.statuses {
            let stage = Stage::from_name(stage_name).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: [workflow.statuses] {status:?} = {stage_name:?}: not a stage; expected one of: {}",
                    path.display(),
                    Stage::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                )
            })?;
            statuses.insert(status.clone(), stage);
        }
        let mut label_stages = Vec::new();
        for (label, stage_name) in &raw.workflow.labels {
            let stage = Stage::from_name(stage_name).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: [workflow.labels] {label:?} = {stage_name:?}: not a stage; expected one of: {}",
                    path.display(),
                    Stage::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                )
            })?;
            label_stages.push((label.clone(), stage));
        }
        let levels = match raw.severity.levels {
            None => None,
            Some(levels) => {
                if levels.is_empty() {
                    bail!(
                        "{}: [severity] levels is empty; remove it to use the built-in levels",
                        path.display()
                    );
                }
                Some(
                    levels
                        .into_iter()
                        .map(|l| level_of(l, path))
                        .collect::<Result<Vec<_>>>()?,
                )
            }
        };
        let calendar = raw.calendar.validate(path, &root)?;
        let categories = raw.promises.validate(path)?;
        let base_url = normalize_base_url(&raw.base_url)
            .with_context(|| format!("{}: base_url", path.display()))?;
        let mut visibility = raw.visibility;
        // An empty variable counts as unset: an empty key would make every token guessable.
        visibility.secret = std::env::var(&visibility.secret_env)
            .ok()
            .filter(|s| !s.trim().is_empty());
        let pull = match raw.pull {
            None => None,
            Some(p) => {
                if !["redmine", "mantis", "github", "gitlab", "odoo", "jira"]
                    .contains(&p.tracker.as_str())
                {
                    bail!(
                        "{}: [pull] tracker = {:?}; expected \"redmine\", \"mantis\", \"github\", \"gitlab\", \"odoo\" or \"jira\"",
                        path.display(),
                        p.tracker
                    );
                }
                let snapshot = root.join(&p.snapshot);
                let wiki = match (&p.wiki, p.tracker.as_str()) {
                    (Some(w), _) if w.as_os_str().is_empty() => None,
                    (Some(w), "redmine") => Some(root.join(w)),
                    (None, "redmine") => Some(match snapshot.parent() {
                        Some(d) => d.join("wiki"),
                        None => PathBuf::from("wiki"),
                    }),
                    _ => None,
                };
                Some(PullConfig {
                    tracker: p.tracker,
                    url: p.url,
                    project: p.project,
                    key_env: p.key_env,
                    snapshot,
                    wiki,
                    subprojects: p.subprojects,
                    user_env: p.user_env,
                    jira_api: match p.jira_api.as_deref() {
                        None => None,
                        Some(a) => Some(crate::sources::jira::JiraApi::from_name(a).with_context(
                            || format!("{}: [pull] jira_api = {a:?}; expected \"cloud\" or \"data-center\"", path.display()),
                        )?),
                    },
                    jql: p.jql,
                    email_env: p.email_env,
                })
            }
        };
        let mut tickets: Vec<PathBuf> = raw.sources.tickets.iter().map(|p| root.join(p)).collect();
        if let Some(p) = &pull {
            if !tickets.contains(&p.snapshot) {
                tickets.push(p.snapshot.clone());
            }
        }
        let language = raw.default_language.trim().to_ascii_lowercase();
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
            anyhow::bail!(
                "{}: default_language = {:?}: expected a two- or three-letter language code, such as \"de\" (shipped: {})",
                path.display(),
                raw.default_language,
                crate::i18n::SHIPPED.join(", ")
            );
        }
        let mut languages: Vec<String> = Vec::new();
        for (i, code) in raw.languages.iter().enumerate() {
            let code = code.trim().to_ascii_lowercase();
            if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
                anyhow::bail!(
                    "{}: languages[{i}] = {:?}: expected a two- or three-letter language code, such as \"de\" (shipped: {})",
                    path.display(),
                    raw.languages[i],
                    crate::i18n::SHIPPED.join(", ")
                );
            }
            if languages.contains(&code) {
                anyhow::bail!("{}: languages names {code:?} twice", path.display());
            }
            languages.push(code);
        }
        if !languages.is_empty() {
            match languages.iter().position(|l| *l == language) {
                Some(i) => {
                    let l = languages.remove(i);
                    languages.insert(0, l);
                }
                None => anyhow::bail!(
                    "{}: default_language = {language:?} is not one of languages = [{}]; add it, or set default_language to one of them",
                    path.display(),
                    languages.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ")
                ),
            }
        }
        if languages.len() == 1 && raw.default_language_at_root {
            // One language at the root is the plain site.
            languages.clear();
        }
        Ok(Config {
            default_language: language.clone(),
            languages,
            default_at_root: raw.default_language_at_root,
            site_languages: Vec::new(),
            site_base_url: base_url.clone(),
            language,
            strings: raw.strings,
            path: path.to_path_buf(),
            tickets,
            docs: raw.sources.docs.as_ref().map(|p| root.join(p)),
            favicon: raw.favicon.map(|f| root.join(f)),
            root,
            redmine_markup,
            redmine_markup_set,
            projects: raw.sources.projects,
            title: raw.title,
            description: raw.description,
            base_url,
            theme: raw.theme,
            format,
            workflow: Workflow::new(statuses, levels)
                .with_labels(label_stages)
                .with_promises(calendar, categories),
            privacy: Privacy {
                mask_emails: raw.privacy.mask_emails,
                mask_phones: raw.privacy.mask_phones,
                public_custom_fields: raw.privacy.public_custom_fields,
                withhold_labels: raw.privacy.withhold_labels,
                public_labels: raw.privacy.public_labels,
                public_security_levels: raw.privacy.public_security_levels,
                jira_export_has_security: raw.privacy.jira_export_has_security,
            },
            visibility,
            team_accounts: raw.roles.team,
            intake: raw.intake,
            pull,
        })
    }

    /// The path part of the base URL ("/help/"), for links that cannot be relative (404 page).
    /// Site-relative URL of the favicon: the theme's, or `static/favicon.EXT` for the
    /// configured file.
    pub(crate) fn favicon_url(&self) -> String {
        let ext = self
            .favicon
            .as_ref()
            .and_then(|f| f.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_else(|| "svg".into());
        format!("static/favicon.{ext}")
    }

    /// Whether the site is published in several languages, each under its prefix.
    pub fn multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// The URL prefix of language `code`'s part of the site, below the site's root: "" for the
    /// default language at the root, else "de/".
    pub fn language_prefix(&self, code: &str) -> String {
        if !self.multilingual() || (code == self.default_language && self.default_at_root) {
            String::new()
        } else {
            format!("{code}/")
        }
    }

    /// The config of language `code`'s part of the site: its words, and its base URL below
    /// its prefix (every absolute URL its pages and feeds hold).
    pub fn for_language(&self, code: &str) -> Config {
        let mut c = self.clone();
        c.base_url = format!("{}{}", self.site_base_url, self.language_prefix(code));
        c.language = code.to_string();
        c
    }

    /// The path part of `site_base_url`: the site's root, whatever the language.
    pub(crate) fn site_base_path(&self) -> &str {
        path_of(&self.site_base_url)
    }

    pub(crate) fn base_path(&self) -> &str {
        path_of(&self.base_url)
    }
}

/// The path part of a base URL ("/help/" of "https://x.example/help/").
fn path_of(url: &str) -> &str {
    match url.find("://") {
        Some(i) => match url[i + 3..].find('/') {
            Some(j) => &url[i + 3 + j..],
            None => "/",
        },
        None => url,
    }
}

fn normalize_base_url(url: &str) -> Result<String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok("/".into());
    }
    let ok = url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://");
    if !ok
        || url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
    {
        bail!("{url:?} is not an http(s) URL or a path starting with /");
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_of_absolute_and_relative_urls() {
        let c =
            Config::parse(Path::new("p.toml"), "base_url = \"https://x.example/help\"").unwrap();
        assert_eq!(c.base_url, "https://x.example/help/");
        assert_eq!(c.base_path(), "/help/");
        let c = Config::parse(Path::new("p.toml"), "base_url = \"https://x.example\"").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_keys_and_stages_are_errors() {
        let e = Config::parse(Path::new("p.toml"), "[privacy]\nmask_email = false\n").unwrap_err();
        assert!(e.to_string().contains("unknown field `mask_email`"), "{e}");
        let e = Config::parse(
            Path::new("p.toml"),
            "[workflow.statuses]\nParked = \"Sleeping\"\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("p.toml: [workflow.statuses] \"Parked\" = \"Sleeping\": not a stage"),
            "{e}"
        );
    }
}
