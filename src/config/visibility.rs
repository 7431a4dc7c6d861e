//! Who may see a ticket: three levels, set per ticket by config rules.
//!
//! - **public**: listed on the home page, in search, feeds and the sitemap;
//! - **unlisted**: the customer's own ticket, rendered at an unguessable URL (`t/<token>/`)
//!   that support sends to the reporter; not listed, indexed, fed or mapped, and `noindex`.
//!   The token is an HMAC-SHA256 of the ticket id keyed with a site secret read from an
//!   environment variable, so it is stable across builds and cannot be derived from the id.
//!   Without the secret, unlisted tickets are not rendered at all (fail closed);
//! - **private**: never rendered. A ticket the tracker marks private is always private: rules
//!   can narrow what is shown, never widen it.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::model::Ticket;

/// A visibility level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Public,
    Unlisted,
    Private,
}

/// One `[[visibility.rules]]` entry: every condition given must match (case-insensitively).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub tracker: Option<String>,
    pub project: Option<String>,
    pub category: Option<String>,
    pub label: Option<String>,
    pub level: Level,
}

impl Rule {
    /// Every condition given matches (see [`crate::model::same_name`]).
    pub(crate) fn matches(&self, t: &Ticket) -> bool {
        let label_ok = match &self.label {
            None => true,
            Some(l) => t.labels.iter().any(|x| crate::model::same_name(x, l)),
        };
        label_ok
            && eq(&self.tracker, t.tracker.as_deref())
            && eq(&self.project, t.project.as_deref())
            && eq(&self.category, t.category.as_deref())
    }

    /// `tracker = "Support", level = "unlisted"`: the rule as written.
    pub(crate) fn describe(&self) -> String {
        let mut parts: Vec<String> = [
            ("tracker", &self.tracker),
            ("project", &self.project),
            ("category", &self.category),
            ("label", &self.label),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {v:?}")))
        .collect();
        parts.push(format!(
            "level = {:?}",
            format!("{:?}", self.level).to_lowercase()
        ));
        parts.join(", ")
    }
}

/// The `[visibility]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visibility {
    /// Level of tickets no rule matches.
    #[serde(default)]
    pub default: Level,
    /// Environment variable holding the site secret for unlisted links.
    #[serde(default = "default_secret_env")]
    pub secret_env: String,
    /// Rules in order; the first that matches decides.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The secret itself, read from `secret_env` when the config is loaded.
    #[serde(skip)]
    pub secret: Option<String>,
}

fn default_secret_env() -> String {
    "PORCHLIGHT_SECRET".into()
}

impl Default for Visibility {
    fn default() -> Self {
        Visibility {
            default: Level::Public,
            secret_env: default_secret_env(),
            rules: Vec::new(),
            secret: None,
        }
    }
}

fn eq(a: &Option<String>, b: Option<&str>) -> bool {
    match a {
        None => true,
        Some(want) => b.is_some_and(|v| crate::model::same_name(v, want)),
    }
}

impl Visibility {
    /// The level of a ticket: private when the tracker says so, else the first matching rule,
    /// else the default.
    pub fn level(&self, t: &Ticket) -> Level {
        if t.private {
            return Level::Private;
        }
        for r in &self.rules {
            if r.matches(t) {
                return r.level;
            }
        }
        self.default
    }

    /// Whether any ticket can be unlisted at all (for the "no secret" message).
    pub fn uses_unlisted(&self) -> bool {
        self.default == Level::Unlisted || self.rules.iter().any(|r| r.level == Level::Unlisted)
    }
}

/// The unguessable path token of an unlisted ticket: 128 bits of HMAC-SHA256(secret, id), hex.
pub fn token(secret: &str, id: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(b"porchlight unlisted ticket\0");
    mac.update(id.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_stable_per_secret_and_differs_between_secrets() {
        let a = token("s3cret", "42");
        assert_eq!(a, token("s3cret", "42"));
        assert_eq!(a.len(), 32);
        assert_ne!(a, token("other", "42"));
        assert_ne!(a, token("s3cret", "43"));
    }

    #[test]
    fn rules_never_widen_a_private_ticket() {
        let v = Visibility {
            rules: vec![Rule {
                tracker: None,
                project: None,
                category: None,
                label: None,
                level: Level::Public,
            }],
            ..Visibility::default()
        };
        let t = Ticket {
            private: true,
            ..Ticket::default()
        };
        assert_eq!(v.level(&t), Level::Private);
        let t = Ticket {
            tracker: Some("Support".into()),
            ..Ticket::default()
        };
        assert_eq!(v.level(&t), Level::Public);
    }

    #[test]
    fn first_matching_rule_wins() {
        let v: Visibility = toml::from_str(
            "default = \"private\"\n[[rules]]\ntracker = \"support\"\nlevel = \"unlisted\"\n[[rules]]\nlabel = \"public\"\nlevel = \"public\"\n",
        )
        .unwrap();
        let support = Ticket {
            tracker: Some("Support".into()),
            labels: vec!["public".into()],
            ..Ticket::default()
        };
        assert_eq!(v.level(&support), Level::Unlisted);
        let bug = Ticket {
            tracker: Some("Bug".into()),
            labels: vec!["Public".into()],
            ..Ticket::default()
        };
        assert_eq!(v.level(&bug), Level::Public);
        assert_eq!(v.level(&Ticket::default()), Level::Private);
    }
}
