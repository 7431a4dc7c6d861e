//! `porchlight pull TRACKER`: a tracker's public issues into a snapshot that `build` reads.

use anyhow::Result;

use super::args::{JiraApiArg, PullArgs, PullTracker, WikiMarkup};
use super::messages;
use crate::pull::{self, Tracker};

pub(super) fn pull(a: PullArgs) -> Result<()> {
    let tracker = match a.tracker {
        PullTracker::Redmine => Tracker::Redmine,
        PullTracker::Mantis => Tracker::Mantis,
        PullTracker::Github => Tracker::Github,
        PullTracker::Gitlab => Tracker::Gitlab,
        PullTracker::Odoo => Tracker::Odoo,
        PullTracker::Jira => Tracker::Jira,
    };
    let url = match (a.url, tracker) {
        (Some(u), _) => u,
        (None, Tracker::Gitlab) => "https://gitlab.com".to_string(),
        (None, _) => anyhow::bail!("pull needs --url, the tracker's base URL"),
    };
    let mut o = pull::PullOptions::new(tracker, &url, &a.project, &a.key_env, &a.out);
    o.full = a.full;
    o.concurrency = usize::from(a.concurrency);
    o.subprojects = a.subproject;
    o.user_env = a.user_env;
    o.retry.rate_limit_cap = std::time::Duration::from_secs(a.rate_limit_wait);
    if a.no_wiki || tracker != Tracker::Redmine {
        o.wiki = None;
    } else if let Some(w) = a.wiki {
        o.wiki = Some(w);
    }
    o.markup = a.markup.map(|m| match m {
        WikiMarkup::Markdown => crate::model::Markup::GithubMarkdown,
        WikiMarkup::Textile => crate::model::Markup::Textile,
    });
    o.jira = pull::jira::JiraPull {
        api: a.jira_api.map(|k| match k {
            JiraApiArg::Cloud => pull::jira::JiraApi::Cloud,
            JiraApiArg::DataCenter => pull::jira::JiraApi::DataCenter,
        }),
        jql: a.jql,
        email_env: a.email_env,
        public_security_levels: a.public_security_level,
    };
    let s = pull::pull(&o)?;
    messages::out(&format!("{}\n", s.line(&a.out)))
}
