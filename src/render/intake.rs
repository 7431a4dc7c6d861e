//! The intake: where "No, this did not answer my question", the new-ticket page and "+1, this
//! affects me" send the customer, validated from the raw `[intake]` table of `porchlight.toml`.
//!
//! A static site cannot file tickets itself, so every kind of intake is a link (or, for
//! `kind = "form"`, a plain HTML form) that hands a prefilled ticket to something that can: the
//! customer's mail program (trackers such as Redmine and MantisBT create issues from e-mail), a
//! tracker's own new-issue page, or a form endpoint the team runs.
//!
//! The same link is built twice: here at build time (the link that works without JavaScript,
//! and the unit-tested reference) and in `themes/default/static/feedback.js` as the customer
//! types. Both follow the rules below exactly, so a change here needs the same change there:
//!
//! - every field is made single-line (the description keeps its line breaks) and capped at
//!   [`MAX_FIELD`] characters, because everything carried in a URL is untrusted;
//! - values are percent-encoded like JavaScript's `encodeURIComponent`;
//! - a `mailto:` body uses CRLF line breaks (RFC 6068).
//!
//! Limits: tracker fields other than subject/description (Redmine trackers and categories,
//! MantisBT categories) need numeric ids that differ per installation, so the category travels
//! in the body, not in a tracker field.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};

use crate::i18n::Texts;
use crate::model::calendar::Span;
use crate::model::intake_context::Keys;
use crate::render::promise_words;

/// Longest value, in characters (Unicode scalar values), of any one field carried into a
/// ticket. Long enough for a real description, short enough that the link stays usable in
/// mail programs and trackers (GitHub refuses very long URLs).
pub const MAX_FIELD: usize = 2000;

/// The marker that lets `feedback` recognise tickets from this flow: a label where the tracker
/// takes labels from the link (GitHub), and a `Marker:` line in every body.
pub(crate) const DEFAULT_MARKER: &str = "docs-feedback";

/// The marker of "+1, this affects me" and "Still happening?" tickets: a reader saying a
/// ticket affects them, not commenting on the documentation, so `feedback` counts them per
/// affected ticket rather than as docs feedback. Fixed, so every site's report reads them alike.
pub const AFFECTS_MARKER: &str = "affects-me";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntake {
    kind: Option<String>,
    email: Option<String>,
    url: Option<String>,
    project: Option<String>,
    project_id: Option<u32>,
    #[serde(default)]
    labels: Vec<String>,
    marker: Option<String>,
    counter_url: Option<String>,
    categories: Option<Vec<RawCategory>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    name: String,
    promise: String,
    #[serde(default)]
    hint: String,
    /// Per language: `names = { de = "Abrechnung" }`, and the same for `promises`, `hints`.
    #[serde(default)]
    names: BTreeMap<String, String>,
    #[serde(default)]
    promises: BTreeMap<String, String>,
    #[serde(default)]
    hints: BTreeMap<String, String>,
}

/// Where tickets go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// `mailto:` link with subject and body.
    Email { address: String },
    /// `URL/projects/PROJECT/issues/new?issue[subject]=…&issue[description]=…`.
    Redmine { url: String, project: String },
    /// `REPO_URL/issues/new?title=…&body=…&labels=…`.
    Github { repo: String },
    /// `URL/bug_report_page.php?project_id=…&summary=…&description=…`.
    Mantis {
        url: String,
        project_id: Option<u32>,
    },
    /// An HTML form POSTed to the endpoint; field names are listed in README.
    Form { endpoint: String },
}

impl Target {
    /// The `kind` name used in the config.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Target::Email { .. } => "email",
            Target::Redmine { .. } => "redmine",
            Target::Github { .. } => "github",
            Target::Mantis { .. } => "mantis",
            Target::Form { .. } => "form",
        }
    }
}

/// A ticket category the customer picks, with the response time promised for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Category {
    pub name: String,
    /// "We answer within 1 business hour."
    pub promise: String,
    /// One line on when to choose it; may be empty.
    pub hint: String,
    /// A built-in category's key in the theme's Fluent files ("urgent-issue"): its name and
    /// hint are then the site language's (`category-KEY`, `category-KEY-hint`). A category
    /// the config lists is shown in the config's own words.
    #[serde(skip)]
    pub key: Option<&'static str>,
    /// The first answer the workflow promises for it: the promise is then worded in the
    /// site's language ("We answer within 3 business days.").
    #[serde(skip)]
    pub first_answer: Option<Span>,
    /// The config's words per language (`names`, `promises`, `hints`): language code →
    /// name, promise, hint; a missing one is the words above.
    #[serde(skip)]
    pub by_language: BTreeMap<String, [Option<String>; 3]>,
}

impl Category {
    /// The category as the page of language `tx` shows it: built-in names, hints and promised
    /// times in that language, the config's own words as written. The name is also what the
    /// ticket's `Category:` line carries, so the customer sends what they picked.
    pub(crate) fn in_language(&self, tx: &Texts) -> Category {
        let mut c = self.clone();
        c.by_language = BTreeMap::new();
        if let Some([name, promise, hint]) = self.by_language.get(tx.code()) {
            let set = |to: &mut String, from: &Option<String>| {
                if let Some(f) = from {
                    to.clone_from(f);
                }
            };
            set(&mut c.name, name);
            set(&mut c.promise, promise);
            set(&mut c.hint, hint);
            return c;
        }
        if let Some(key) = self.key {
            c.name = tx.get(&format!("category-{key}")).to_string();
            c.hint = tx.get(&format!("category-{key}-hint")).to_string();
        }
        if let Some(span) = self.first_answer {
            let within = promise_words::within(tx, span);
            c.promise = tx.fmt("new-category-promise", &[("within", within.into())]);
        }
        c
    }
}

/// The validated `[intake]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    /// `None` when `[intake]` names no kind: the pages then explain but offer no submit link.
    pub(crate) target: Option<Target>,
    pub(crate) categories: Vec<Category>,
    pub marker: String,
    /// Extra labels for GitHub, after the marker.
    pub labels: Vec<String>,
    /// Same-origin URL pinged on "Yes" / "No" when set; off by default.
    pub counter_url: Option<String>,
}

/// The fixed parts of an intake link (see [`Intake::link_parts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LinkParts {
    pub prefix: String,
    pub middle: String,
    pub suffix: String,
    /// `mailto:` bodies use CRLF line breaks (RFC 6068).
    pub crlf: bool,
}

/// What goes into one ticket. Every field may come from an untrusted URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    /// The customer's own text.
    pub description: String,
    pub category: String,
    /// Site-relative doc page the reader came from ("docs/billing/refunds/").
    pub doc_page: String,
    /// Heading anchor on that page.
    pub section: String,
    /// What the reader searched for.
    pub query: String,
    /// Full URL of the page the reader came from.
    pub page_url: String,
    /// Id of the ticket a "+1, this affects me" is about.
    pub affects: String,
    /// The site's language: the context lines are written in it ([`Keys::of`]; empty for
    /// English).
    pub language: String,
}

/// The built-in categories: the ones support teams use, with the promised first answer.
pub(crate) fn default_categories() -> Vec<Category> {
    let c = |name: &str, promise: &str, hint: &str| Category {
        name: name.into(),
        promise: promise.into(),
        hint: hint.into(),
        key: Some(match name {
            "Question" => "question",
            "Urgent issue" => "urgent-issue",
            "Server issue" => "server-issue",
            "Issue with an error" => "issue-with-error",
            _ => "issue-without-error",
        }),
        by_language: BTreeMap::new(),
        first_answer: promise
            .strip_prefix("We answer within ")
            .and_then(|p| p.strip_suffix('.'))
            .map(|p| Span::parse(p).expect("built-in promise")),
    };
    vec![
        c(
            "Question",
            "We answer within 3 business days.",
            "How do I …? Something the documentation does not answer.",
        ),
        c(
            "Urgent issue",
            "We answer within 1 business hour.",
            "Something that stops your business right now: you cannot sign in, invoices or payments fail.",
        ),
        c(
            "Server issue",
            "We answer within 3 business days.",
            "The service is slow, unreachable or shows server errors.",
        ),
        c(
            "Issue with an error",
            "We answer within 3 business days.",
            "Something goes wrong and you see an error message.",
        ),
        c(
            "Issue without an error",
            "We answer within 3 business days.",
            "Something does not work as expected, but there is no error message.",
        ),
    ]
}

impl Default for Intake {
    fn default() -> Self {
        Intake {
            target: None,
            categories: default_categories(),
            marker: DEFAULT_MARKER.into(),
            labels: Vec::new(),
            counter_url: None,
        }
    }
}

const KINDS: &str = "\"email\", \"redmine\", \"github\", \"mantis\", \"form\"";

impl Intake {
    /// Makes the built-in categories promise the first answer the workflow promises for them
    /// (`[[promises.categories]]`, or its built-in table), so the new-ticket page and the
    /// ticket pages never disagree. Categories the config lists itself keep its own words.
    pub(crate) fn promise_first_answers(&mut self, wf: &crate::model::workflow::Workflow) {
        for c in &mut self.categories {
            if let Some(span) = wf.category(&c.name).and_then(|p| p.first_response) {
                c.promise = format!("We answer within {}.", span.words());
                c.first_answer = Some(span);
            }
        }
    }

    /// Every name a category goes by on the new-ticket page of any of `languages` (the
    /// config's own, the built-in names in that language, the config's words for it), as
    /// `workflow::name_key` → the category's own name. A name two categories share is left
    /// out: it cannot tell them apart.
    pub(crate) fn category_aliases(&self, languages: &[&Texts]) -> BTreeMap<String, String> {
        use crate::model::workflow::name_key;
        let mut seen: BTreeMap<String, Option<&str>> = BTreeMap::new();
        for c in &self.categories {
            let mut names = vec![c.name.clone()];
            names.extend(languages.iter().map(|tx| c.in_language(tx).name));
            names.extend(c.by_language.values().filter_map(|[n, _, _]| n.clone()));
            for n in names {
                let slot = seen.entry(name_key(&n)).or_insert(Some(c.name.as_str()));
                if *slot != Some(c.name.as_str()) {
                    *slot = None;
                }
            }
        }
        seen.into_iter()
            .filter_map(|(k, v)| Some((k, v?.to_string())))
            .collect()
    }

    /// The categories' names in language `tx` under each of their `aliases` (see
    /// [`Intake::category_aliases`]), for `Texts::category`.
    pub(crate) fn category_names(
        &self,
        aliases: &BTreeMap<String, String>,
        tx: &Texts,
    ) -> std::collections::HashMap<String, String> {
        let local: BTreeMap<&str, String> = self
            .categories
            .iter()
            .map(|c| (c.name.as_str(), c.in_language(tx).name))
            .collect();
        aliases
            .iter()
            .filter_map(|(k, own)| Some((k.clone(), local.get(own.as_str())?.clone())))
            .collect()
    }

    /// Validates the raw `[intake]` table. Errors name the key and the fix; the caller adds the
    /// file name.
    pub fn from_table(table: &toml::Table) -> Result<Intake> {
        let raw: RawIntake = toml::Value::Table(table.clone())
            .try_into()
            .map_err(|e| anyhow!("[intake] {}", e.to_string().trim_end()))?;
        let mut intake = Intake::default();
        let need = |v: &Option<String>, key: &str, kind: &str| -> Result<String> {
            match v.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => Ok(s.to_string()),
                _ => bail!("[intake] kind = \"{kind}\" needs `{key}`"),
            }
        };
        let unused = |present: bool, key: &str, kind: &str| -> Result<()> {
            if present {
                bail!("[intake] `{key}` has no meaning for kind = \"{kind}\"; remove it");
            }
            Ok(())
        };
        intake.target = match raw.kind.as_deref() {
            None => {
                if raw.email.is_some() || raw.url.is_some() {
                    bail!("[intake] has `email` or `url` but no `kind`; add kind = one of {KINDS}");
                }
                None
            }
            Some("email") => {
                let address = need(&raw.email, "email", "email")?;
                check_email(&address)?;
                unused(raw.url.is_some(), "url", "email")?;
                Some(Target::Email { address })
            }
            Some("redmine") => {
                let url = check_http_url(&need(&raw.url, "url", "redmine")?, "url")?;
                let project = need(&raw.project, "project", "redmine")?;
                if !project
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
                {
                    bail!("[intake] project = {project:?}: a Redmine project identifier has only lower-case letters, digits, '-' and '_'");
                }
                Some(Target::Redmine { url, project })
            }
            Some("github") => {
                let repo = check_http_url(&need(&raw.url, "url", "github")?, "url")?;
                let path = repo.splitn(4, '/').nth(3).unwrap_or("");
                if path.split('/').filter(|s| !s.is_empty()).count() != 2 {
                    bail!("[intake] url = {repo:?}: for kind = \"github\" give the repository, e.g. \"https://github.com/OWNER/REPO\"");
                }
                Some(Target::Github { repo })
            }
            Some("mantis") => {
                let url = check_http_url(&need(&raw.url, "url", "mantis")?, "url")?;
                Some(Target::Mantis {
                    url,
                    project_id: raw.project_id,
                })
            }
            Some("form") => {
                let endpoint = need(&raw.url, "url", "form")?;
                // The page's Content-Security-Policy allows forms to post to the site itself and
                // to https: only.
                let same_site = endpoint.starts_with('/') && !endpoint.starts_with("//");
                if same_site || endpoint.starts_with("https://") {
                    check_url_chars(&endpoint, "url")?;
                } else {
                    bail!("[intake] url = {endpoint:?}: a form endpoint must be https:// or a path on this site starting with /");
                }
                Some(Target::Form { endpoint })
            }
            Some(other) => bail!("[intake] kind = {other:?} is not known; expected one of {KINDS}"),
        };
        if !matches!(intake.target, Some(Target::Redmine { .. })) && raw.project.is_some() {
            bail!("[intake] `project` is only used with kind = \"redmine\"");
        }
        if !matches!(intake.target, Some(Target::Mantis { .. })) && raw.project_id.is_some() {
            bail!("[intake] `project_id` is only used with kind = \"mantis\"");
        }
        if let Some(
            Target::Form { .. }
            | Target::Github { .. }
            | Target::Redmine { .. }
            | Target::Mantis { .. },
        ) = &intake.target
        {
            if raw.email.is_some() {
                bail!("[intake] `email` is only used with kind = \"email\"");
            }
        }
        if !raw.labels.is_empty() && !matches!(intake.target, Some(Target::Github { .. })) {
            bail!("[intake] `labels` is only used with kind = \"github\"");
        }
        for l in &raw.labels {
            if l.trim().is_empty() || l.contains(',') || l.chars().any(char::is_control) {
                bail!("[intake] labels: {l:?} is not a usable label (empty, or has a comma)");
            }
        }
        intake.labels = raw.labels;
        if let Some(m) = raw.marker {
            let m = m.trim().to_string();
            if m.is_empty()
                || m.len() > 64
                || m.contains(',')
                || m.chars().any(|c| c.is_whitespace())
            {
                bail!("[intake] marker = {m:?}: use one short word without spaces or commas, e.g. \"docs-feedback\"");
            }
            intake.marker = m;
        }
        if let Some(u) = raw.counter_url {
            let u = u.trim().to_string();
            // `connect-src 'self'` in the page's Content-Security-Policy blocks any other origin,
            // so only a path on this site can work.
            if !u.starts_with('/') || u.starts_with("//") {
                bail!("[intake] counter_url = {u:?}: must be a path on this site starting with / (the pages' Content-Security-Policy allows requests to the site itself only)");
            }
            check_url_chars(&u, "counter_url")?;
            intake.counter_url = Some(u);
        }
        if let Some(cats) = raw.categories {
            if cats.is_empty() {
                bail!("[intake] categories is empty; remove it to use the built-in categories");
            }
            let mut seen = std::collections::BTreeSet::new();
            let mut out = Vec::with_capacity(cats.len());
            for c in cats {
                let name = single_line(&c.name, 200);
                if name.is_empty() {
                    bail!("[intake] categories: a category has an empty name");
                }
                if !seen.insert(name.to_lowercase()) {
                    bail!("[intake] categories: {name:?} is listed twice");
                }
                let by_language = category_languages(&c, &name)?;
                out.push(Category {
                    name,
                    promise: single_line(&c.promise, 500),
                    hint: single_line(&c.hint, 500),
                    key: None,
                    first_answer: None,
                    by_language,
                });
            }
            intake.categories = out;
        }
        Ok(intake)
    }

    /// The text of a ticket: context lines (only those with a value, plus category and the
    /// marker), a blank line, then the customer's text. The first line names the doc page, as
    /// `docs/native-format.md` describes for `docs-feedback` tickets, so `feedback` can count
    /// them when they come back in an export.
    pub fn body(&self, d: &Draft) -> String {
        let mut lines: Vec<String> = Vec::new();
        let mut line = |key: &str, value: &str| {
            let v = single_line(value, MAX_FIELD);
            if !v.is_empty() {
                lines.push(format!("{key}: {v}"));
            }
        };
        let key = Keys::of(&d.language);
        line(key.doc_page, &d.doc_page);
        line(key.section, &d.section);
        line(key.query, &d.query);
        line(key.page, &d.page_url);
        line(key.affects, &d.affects);
        line(key.category, &d.category);
        line(key.marker, self.marker_for(d));
        let mut body = lines.join("\n");
        body.push_str("\n\n");
        body.push_str(&multi_line(&d.description, MAX_FIELD));
        body
    }

    /// The marker `d` carries: [`AFFECTS_MARKER`] when it names an affected ticket, else the
    /// configured one.
    pub fn marker_for(&self, d: &Draft) -> &str {
        if d.affects.trim().is_empty() {
            &self.marker
        } else {
            AFFECTS_MARKER
        }
    }

    /// The link that files `d`, or `None` when there is no target or the target is a form.
    pub fn link(&self, d: &Draft) -> Option<String> {
        let parts = self.link_parts_for(self.marker_for(d))?;
        let subject = single_line(&d.subject, MAX_FIELD);
        let mut body = self.body(d);
        if parts.crlf {
            body = body.replace('\n', "\r\n");
        }
        Some(format!(
            "{}{}{}{}{}",
            parts.prefix,
            encode_component(&subject),
            parts.middle,
            encode_component(&body),
            parts.suffix
        ))
    }

    /// The fixed parts of the link: `prefix + encode(subject) + middle + encode(body) + suffix`.
    /// The new-ticket page gets these so feedback.js builds exactly the same link.
    pub(crate) fn link_parts(&self) -> Option<LinkParts> {
        self.link_parts_for(&self.marker)
    }

    /// [`Intake::link_parts`] for a ticket carrying `marker` (GitHub gets it as a label).
    fn link_parts_for(&self, marker: &str) -> Option<LinkParts> {
        let e = encode_component;
        let (prefix, middle, suffix, crlf) = match self.target.as_ref()? {
            Target::Email { address } => (
                format!("mailto:{address}?subject="),
                "&body=",
                String::new(),
                true,
            ),
            Target::Redmine { url, project } => (
                format!("{url}/projects/{project}/issues/new?issue[subject]="),
                "&issue[description]=",
                String::new(),
                false,
            ),
            Target::Github { repo } => (
                format!("{repo}/issues/new?title="),
                "&body=",
                format!("&labels={}", e(&self.label_list(marker))),
                false,
            ),
            Target::Mantis { url, project_id } => (
                format!(
                    "{url}/bug_report_page.php?{}summary=",
                    project_id
                        .map(|p| format!("project_id={p}&"))
                        .unwrap_or_default()
                ),
                "&description=",
                String::new(),
                false,
            ),
            Target::Form { .. } => return None,
        };
        Some(LinkParts {
            prefix,
            middle: middle.to_string(),
            suffix,
            crlf,
        })
    }

    /// Name/value pairs of a form POST (for `kind = "form"`); field names are documented in
    /// README. Values are capped like link fields.
    pub fn form_fields(&self, d: &Draft) -> Vec<(&'static str, String)> {
        vec![
            ("subject", single_line(&d.subject, MAX_FIELD)),
            ("description", multi_line(&d.description, MAX_FIELD)),
            ("category", single_line(&d.category, MAX_FIELD)),
            ("page", single_line(&d.doc_page, MAX_FIELD)),
            ("section", single_line(&d.section, MAX_FIELD)),
            ("query", single_line(&d.query, MAX_FIELD)),
            ("page_url", single_line(&d.page_url, MAX_FIELD)),
            ("affects", single_line(&d.affects, MAX_FIELD)),
            ("marker", self.marker_for(d).to_string()),
            ("body", self.body(d)),
        ]
    }

    /// GitHub labels of a ticket carrying `marker`: the marker, then the configured labels.
    fn label_list(&self, marker: &str) -> String {
        let mut labels = vec![marker];
        labels.extend(self.labels.iter().map(String::as_str));
        labels.join(",")
    }

    /// How the new-ticket form is sent when the page runs no JavaScript: the browser itself
    /// submits the typed subject and description to the target, so neither the button nor
    /// Enter in Subject can lose them. `None` when there is nowhere to send them (no target,
    /// or a tracker on plain http:, which the pages' `form-action` policy blocks).
    ///
    /// A `mailto:` action with `method="get"` is standard HTML ("mail with headers"): the
    /// browser opens `mailto:ADDRESS?subject=…&body=…` with spaces as `%20`, so the fields are
    /// named `subject` and `body`. The trackers read their new-issue fields from the query.
    pub(crate) fn plain_form(&self) -> Option<PlainForm> {
        let https = |u: &str| u.starts_with("https://");
        let f = |action: String, subject: &'static str, description: &'static str| PlainForm {
            method: "get",
            action,
            subject,
            description,
            hidden: Vec::new(),
        };
        Some(match self.target.as_ref()? {
            Target::Email { address } => f(format!("mailto:{address}"), "subject", "body"),
            Target::Redmine { url, project } if https(url) => f(
                format!("{url}/projects/{project}/issues/new"),
                "issue[subject]",
                "issue[description]",
            ),
            Target::Github { repo } if https(repo) => PlainForm {
                hidden: vec![("labels", self.label_list(&self.marker))],
                ..f(format!("{repo}/issues/new"), "title", "body")
            },
            Target::Mantis { url, project_id } if https(url) => PlainForm {
                hidden: project_id
                    .map(|p| vec![("project_id", p.to_string())])
                    .unwrap_or_default(),
                ..f(
                    format!("{url}/bug_report_page.php"),
                    "summary",
                    "description",
                )
            },
            Target::Form { endpoint } => PlainForm {
                method: "post",
                ..f(endpoint.clone(), "subject", "description")
            },
            _ => return None,
        })
    }

    /// The form endpoint, for `kind = "form"`.
    pub fn endpoint(&self) -> Option<&str> {
        match &self.target {
            Some(Target::Form { endpoint }) => Some(endpoint),
            _ => None,
        }
    }
}

// ---- Template contexts (render.rs inserts these; the templates name their fields) ----

/// How a page hands a ticket over: a prefilled link, or a form for `kind = "form"`.
#[derive(Debug, Clone, Serialize)]
pub struct SubmitCtx {
    pub kind: &'static str,
    pub link: Option<String>,
    pub endpoint: Option<String>,
    pub fields: Vec<(&'static str, String)>,
    /// Button text.
    pub label: String,
    /// Where the customer ends up, in their words.
    pub via: String,
}

/// Where and how the new-ticket form goes without JavaScript (see [`Intake::plain_form`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PlainForm {
    pub method: &'static str,
    pub action: String,
    /// Name of the subject field at the target.
    pub subject: &'static str,
    /// Name of the description field at the target.
    pub description: &'static str,
    /// Fixed fields the target needs (GitHub labels, a MantisBT project).
    pub hidden: Vec<(&'static str, String)>,
}

/// The new-ticket page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NewTicketCtx<'a> {
    /// In the page's language ([`Category::in_language`]).
    pub categories: Vec<Category>,
    /// Button text and the form fields of `kind = "form"`; feedback.js fills them in as the
    /// customer types.
    pub submit: Option<SubmitCtx>,
    /// The form's action without JavaScript; `None` when Enter must do nothing.
    pub plain: Option<PlainForm>,
    /// Whether the form itself sends the category (`kind = "form"`); for links and `mailto:`
    /// the category radios stay out of the form, as the target has no field for them.
    pub form_carries_category: bool,
    /// The context line keys, as JSON for feedback.js.
    pub keys: String,
    pub parts: Option<LinkParts>,
    pub marker: &'a str,
    pub max_field: usize,
    pub base_url: &'a str,
    /// The support address with `kind = "email"`, shown as text beside the mail button for
    /// readers whose browser has no mail program set up.
    pub address: Option<&'a str>,
}

/// "Did this answer your question?" on a doc page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WidgetCtx {
    /// Site-relative URL of the page ("docs/billing/refunds/").
    pub page: String,
    /// Site-relative link for "No" that works without JavaScript.
    pub no_url: String,
    pub counter_url: Option<String>,
}

impl Intake {
    /// The link or form that files `d`; `None` without a target.
    pub(crate) fn submit_ctx(&self, d: &Draft, tx: &Texts) -> Option<SubmitCtx> {
        let target = self.target.as_ref()?;
        let (label, via) = match target {
            Target::Email { .. } => ("new-submit-email", "new-via-email"),
            Target::Form { .. } => ("new-submit-form", "new-via-form"),
            _ => ("new-submit-tracker", "new-via-tracker"),
        };
        let (label, via) = (tx.get(label).to_string(), tx.get(via).to_string());
        Some(SubmitCtx {
            kind: target.kind(),
            link: self.link(d),
            endpoint: self.endpoint().map(str::to_string),
            fields: if self.endpoint().is_some() {
                self.form_fields(d)
            } else {
                Vec::new()
            },
            label,
            via,
        })
    }

    /// Context of the new-ticket page; `base_url` is the site's configured base URL.
    pub(crate) fn new_ticket_ctx<'a>(&'a self, base_url: &'a str, tx: &Texts) -> NewTicketCtx<'a> {
        NewTicketCtx {
            categories: self.categories.iter().map(|c| c.in_language(tx)).collect(),
            submit: self.submit_ctx(
                &Draft {
                    language: tx.code().to_string(),
                    ..Draft::default()
                },
                tx,
            ),
            plain: self.plain_form(),
            form_carries_category: self.endpoint().is_some(),
            keys: Keys::of(tx.code()).json(),
            parts: self.link_parts(),
            marker: &self.marker,
            max_field: MAX_FIELD,
            base_url,
            address: match &self.target {
                Some(Target::Email { address }) => Some(address.as_str()),
                _ => None,
            },
        }
    }

    /// The widget on the doc page at `page` (site-relative).
    pub(crate) fn widget_ctx(&self, page: &str) -> WidgetCtx {
        WidgetCtx {
            page: page.to_string(),
            no_url: format!(
                "{}?page={}",
                crate::model::urls::NEW_TICKET_URL,
                encode_component(page)
            ),
            counter_url: self.counter_url.clone(),
        }
    }

    /// "+1, this affects me" on the page of ticket `id`; `page_url` is its full URL.
    pub fn plus_one_ctx(
        &self,
        id: &str,
        title: &str,
        page_url: &str,
        tx: &Texts,
    ) -> Option<SubmitCtx> {
        let args = [("id", id.into()), ("title", title.into())];
        self.submit_ctx(
            &Draft {
                subject: tx.fmt("draft-affects-subject", &args),
                description: tx.fmt("draft-affects-body", &args),
                page_url: page_url.to_string(),
                affects: id.to_string(),
                language: tx.code().to_string(),
                ..Draft::default()
            },
            tx,
        )
    }

    /// "Still happening? Tell us" on the page of Released or Closed ticket `id`: a new ticket
    /// that names the old one. `stage` is the stage's name in the site's language.
    pub fn still_happening_ctx(
        &self,
        id: &str,
        title: &str,
        stage: &str,
        page_url: &str,
        tx: &Texts,
    ) -> Option<SubmitCtx> {
        let args = [
            ("id", id.into()),
            ("title", title.into()),
            ("stage", stage.into()),
        ];
        // Fluent trims a message's trailing line breaks: the blank line and the line the
        // customer writes on are added here.
        let description = format!(
            "{}\n\n{}\n",
            tx.fmt("draft-still-body", &args),
            tx.get("draft-what-went-wrong")
        );
        self.submit_ctx(
            &Draft {
                subject: tx.fmt("draft-still-subject", &args[..2]),
                description,
                page_url: page_url.to_string(),
                affects: id.to_string(),
                language: tx.code().to_string(),
                ..Draft::default()
            },
            tx,
        )
    }
}

/// A configured category's `names`, `promises` and `hints` tables, by language.
fn category_languages(
    c: &RawCategory,
    name: &str,
) -> Result<BTreeMap<String, [Option<String>; 3]>> {
    let mut out: BTreeMap<String, [Option<String>; 3]> = BTreeMap::new();
    for (i, (key, table)) in [
        ("names", &c.names),
        ("promises", &c.promises),
        ("hints", &c.hints),
    ]
    .into_iter()
    .enumerate()
    {
        let what = format!("[intake] categories {name:?}: {key}");
        for (code, words) in crate::config::per_language(table, &what)? {
            out.entry(code).or_default()[i] = Some(single_line(&words, 500));
        }
    }
    Ok(out)
}

/// Percent-encodes like JavaScript's `encodeURIComponent`: everything except ASCII letters,
/// digits and `- _ . ! ~ * ' ( )`, as UTF-8 bytes.
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// First `max` characters of `s`, with control characters (line breaks included) turned into
/// spaces and the ends trimmed: one-line fields must not be able to add lines of their own to
/// the body (a query carrying "\nMarker: …" would forge context).
pub(crate) fn single_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    flat.trim().chars().take(max).collect()
}

/// First `max` characters of `s` with line breaks normalised to `\n`, tabs kept and other
/// control characters dropped.
pub(crate) fn multi_line(s: &str, max: usize) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_string()
}

fn check_url_chars(u: &str, key: &str) -> Result<()> {
    if u.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\'' | '\\' | '`')
    }) {
        bail!("[intake] {key} = {u:?} has spaces, quotes or angle brackets");
    }
    Ok(())
}

/// An http(s) URL without query or fragment (the builders append their own), trailing
/// slashes removed.
fn check_http_url(u: &str, key: &str) -> Result<String> {
    if !(u.starts_with("https://") || u.starts_with("http://")) {
        bail!("[intake] {key} = {u:?} must start with https:// (or http://)");
    }
    check_url_chars(u, key)?;
    if u.contains(['?', '#']) {
        bail!("[intake] {key} = {u:?}: give the base address without ? or #");
    }
    let host = &u[u.find("://").map_or(0, |i| i + 3)..];
    if host.is_empty() || host.starts_with('/') {
        bail!("[intake] {key} = {u:?} has no host");
    }
    Ok(u.trim_end_matches('/').to_string())
}

/// A plain `local@domain` address: it goes into a `mailto:` link unencoded, so characters that
/// would end or change the address (`? & # % ,` spaces, quotes) are refused.
fn check_email(a: &str) -> Result<()> {
    let ok = match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@'))
                && a.matches('@').count() == 1
        }
        None => false,
    };
    if !ok {
        bail!("[intake] email = {a:?} is not a plain address such as \"support@example.com\"");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intake(toml_text: &str) -> Result<Intake> {
        let t: toml::Table = toml::from_str(toml_text).unwrap();
        Intake::from_table(&t)
    }

    #[test]
    fn intake_empty_table_has_defaults_and_no_target() {
        let i = intake("").unwrap();
        assert_eq!(i.target, None);
        assert_eq!(i.categories.len(), 5);
        assert_eq!(i.categories[1].name, "Urgent issue");
        assert!(i.categories[1].promise.contains("1 business hour"));
        assert!(i.categories[4].promise.contains("3 business days"));
        assert_eq!(i.link(&Draft::default()), None);
    }

    #[test]
    fn intake_config_errors_name_the_key() {
        let cases = [
            ("kind = \"fax\"", "kind = \"fax\" is not known"),
            ("kind = \"email\"", "needs `email`"),
            ("kind = \"email\"\nemail = \"a b@x.org\"", "not a plain address"),
            ("kind = \"email\"\nemail = \"a@x.org?cc=evil@x.org\"", "not a plain address"),
            ("kind = \"github\"\nurl = \"https://github.com/acme\"", "give the repository"),
            ("kind = \"redmine\"\nurl = \"https://r.example\"", "needs `project`"),
            ("kind = \"redmine\"\nurl = \"https://r.example\"\nproject = \"Acme Web\"", "project identifier"),
            ("kind = \"form\"\nurl = \"http://x.example/post\"", "https://"),
            ("kind = \"email\"\nemail = \"s@x.org\"\ncounter_url = \"https://stats.example/c\"", "counter_url"),
            ("kind = \"email\"\nemail = \"s@x.org\"\nlabels = [\"x\"]", "`labels` is only used"),
            ("kind = \"email\"\nemail = \"s@x.org\"\nemial = \"x\"", "unknown field `emial`"),
            ("categories = []", "categories is empty"),
            ("[[categories]]\nname = \"Q\"\npromise = \"p\"\n[[categories]]\nname = \"q\"\npromise = \"p\"", "listed twice"),
            ("marker = \"docs feedback\"", "marker"),
        ];
        for (text, want) in cases {
            let e = intake(text).expect_err(text).to_string();
            assert!(e.contains(want), "{text:?}: {e}");
            assert!(e.starts_with("[intake]"), "{e}");
        }
    }

    #[test]
    fn intake_custom_categories_replace_the_defaults() {
        let i = intake("kind = \"email\"\nemail = \"help@acme.example\"\n[[categories]]\nname = \"Billing\"\npromise = \"Within a day.\"\n").unwrap();
        assert_eq!(
            i.categories,
            vec![Category {
                name: "Billing".into(),
                promise: "Within a day.".into(),
                hint: String::new(),
                key: None,
                first_answer: None,
                by_language: BTreeMap::new(),
            }]
        );
    }

    #[test]
    fn intake_encode_component_matches_javascript() {
        // Expected values from `encodeURIComponent` in a browser.
        assert_eq!(encode_component("a b&c#d"), "a%20b%26c%23d");
        assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
        assert_eq!(encode_component("ü€😀"), "%C3%BC%E2%82%AC%F0%9F%98%80");
        assert_eq!(encode_component("\r\n+=/?[]"), "%0D%0A%2B%3D%2F%3F%5B%5D");
    }

    #[test]
    fn intake_plain_form_sends_typed_text_to_each_target() {
        let form = |text: &str| intake(text).unwrap().plain_form();
        let f = form("kind = \"email\"\nemail = \"help@acme.example\"").unwrap();
        assert_eq!(
            (f.method, f.action.as_str(), f.subject, f.description),
            ("get", "mailto:help@acme.example", "subject", "body")
        );
        let f = form(
            "kind = \"github\"\nurl = \"https://github.com/acme/ledger\"\nlabels = [\"customer\"]",
        )
        .unwrap();
        assert_eq!(
            (f.action.as_str(), f.subject, f.description),
            ("https://github.com/acme/ledger/issues/new", "title", "body")
        );
        assert_eq!(
            f.hidden,
            vec![("labels", "docs-feedback,customer".to_string())]
        );
        let f =
            form("kind = \"mantis\"\nurl = \"https://bugs.example.com\"\nproject_id = 4").unwrap();
        assert_eq!(
            (f.action.as_str(), f.subject, f.description),
            (
                "https://bugs.example.com/bug_report_page.php",
                "summary",
                "description"
            )
        );
        assert_eq!(f.hidden, vec![("project_id", "4".to_string())]);
        let f = form("kind = \"form\"\nurl = \"/tickets\"").unwrap();
        assert_eq!((f.method, f.action.as_str()), ("post", "/tickets"));
        // Nowhere to send to: the page blocks Enter instead.
        assert_eq!(form(""), None);
        assert_eq!(
            form("kind = \"redmine\"\nurl = \"http://r.example\"\nproject = \"a\""),
            None
        );
    }

    #[test]
    fn intake_plus_one_carries_its_own_marker() {
        let i = intake("kind = \"email\"\nemail = \"help@acme.example\"").unwrap();
        let d = Draft {
            affects: "4101".into(),
            ..Draft::default()
        };
        assert_eq!(i.body(&d), "Affects ticket: 4101\nMarker: affects-me\n\n");
        assert_eq!(i.body(&Draft::default()), "Marker: docs-feedback\n\n");
    }

    #[test]
    fn intake_single_line_strips_breaks_and_caps() {
        assert_eq!(single_line("  a\nMarker: x\t ", 100), "a Marker: x");
        assert_eq!(
            single_line(&"😀".repeat(3000), MAX_FIELD).chars().count(),
            MAX_FIELD
        );
        assert_eq!(multi_line("a\r\nb\rc\u{0}d  \n", 100), "a\nb\ncd");
    }
}
