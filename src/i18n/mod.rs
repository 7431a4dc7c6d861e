//! Translations: every word the site prints, per language, from the theme's Fluent files.
//!
//! A theme ships `i18n/LANG.ftl` (Project Fluent syntax, <https://projectfluent.org>): one
//! message per key, with plural and other selectors where a language needs them. The default
//! theme ships [`SHIPPED`]; adding a language is adding one file. The site's language is
//! `default_language` in the config. Three layers, each overriding single keys of the one
//! before: the built-in theme's file, a theme folder's file of the same name, and
//! `[strings.LANG]` in the config.
//!
//! English is the reference: a key missing from another language falls back to English, with
//! a warning naming the key and the language (an error under `--strict`). A message whose
//! variables differ from English's (a `{ $count }` missing, or an unknown one) is an error:
//! such a slip would print a wrong sentence on every page.
//!
//! Messages are trusted text, as templates are (they come from the theme and the config, not
//! from tickets): they may hold inline HTML (`<code>`, `<strong>`), and templates print them
//! unescaped. Variables given to a message from a template are escaped first, since they may
//! hold ticket text.
//!
//! Dates are formatted by ICU4X from CLDR's data, never by hand-written patterns ([`dates`]).

pub(crate) mod dates;
pub mod script;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use anyhow::{anyhow, bail, Result};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::model::workflow::Stage;

/// The languages the default theme has a complete translation for.
pub const SHIPPED: &[&str] = &["de", "en", "es", "fr", "nl"];

/// Where translation files come from (the theme, `render::theme::Theme`): kept a trait so
/// this module does not depend on the render stage that uses it.
pub trait Catalogs {
    /// The Fluent files of language `code`, weakest first, each with a name for messages
    /// ("the built-in theme's i18n/de.ftl").
    fn files_of(&self, code: &str) -> Vec<(String, &[u8])>;
    /// The languages there is a file for, sorted.
    fn languages(&self) -> Vec<&str>;
}

/// The language every other one falls back to, key by key.
pub const REFERENCE: &str = "en";

/// One language's messages, ready to format.
pub struct Texts {
    /// The language code as configured ("de").
    code: String,
    bundle: FluentBundle<FluentResource>,
    /// English, for keys the language lacks (only when the language is not English).
    fallback: Option<FluentBundle<FluentResource>>,
    /// The CLDR locale dates are formatted in.
    pub(crate) dates: dates::DateStyle,
    /// Every message without variables, formatted once: pages print the same few dozen
    /// (stage names, roles) hundreds of thousands of times.
    plain: HashMap<String, String>,
    /// The browser scripts' words as JSON ([`script`]).
    script_json: String,
    /// [`Texts::script_json`] as a data block for base.html, empty when the words are the
    /// scripts' own English.
    script: String,
    /// Every name a category of the new-ticket page goes by, in any language (as
    /// `model::workflow::name_key`) → its name in this language (see [`Texts::category`]).
    categories: HashMap<String, String>,
}

/// A value given to a message: a number (selects plural forms) or text.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Num(i64),
    Str(std::borrow::Cow<'a, str>),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(n as i64)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(std::borrow::Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(std::borrow::Cow::Owned(s))
    }
}

/// Where the messages of one language come from, weakest first.
struct Layer {
    /// For messages: "the built-in theme's i18n/de.ftl", "porchlight.toml [strings.de]".
    name: String,
    text: String,
}

impl Texts {
    /// The messages of `code` from `theme` and the config's `[strings.CODE]` table
    /// (`overrides`, key → message text). Returns the warnings (keys that fall back to
    /// English) beside.
    pub fn load(
        theme: &dyn Catalogs,
        code: &str,
        overrides: Option<&BTreeMap<String, String>>,
        config_name: &str,
    ) -> Result<(Texts, Vec<String>)> {
        let en_layers = layers(theme, REFERENCE, None, config_name)?;
        let (english, en_shapes) = bundle_of(REFERENCE, &en_layers)?;
        // The scripts carry the built-in theme's English (the first layer) themselves.
        let (builtin, _) = bundle_of(REFERENCE, &en_layers[..en_layers.len().min(1)])?;
        let builtin_script = script::json(en_shapes.keys(), &[&builtin]);
        let script_block = |json: &str| {
            if json == builtin_script {
                String::new()
            } else {
                format!(
                    "<script type=\"application/json\" id=\"porchlight-strings\">{json}</script>\n"
                )
            }
        };
        if code == REFERENCE {
            let dates = dates::DateStyle::for_language(code)?;
            let (bundle, shapes) = bundle_of(
                REFERENCE,
                &layers(theme, REFERENCE, overrides, config_name)?,
            )?;
            check_variables(&en_shapes, &shapes, code)?;
            let script_json = script::json(en_shapes.keys(), &[&bundle]);
            let script = script_block(&script_json);
            let texts = Texts {
                code: code.to_string(),
                bundle,
                fallback: None,
                dates,
                plain: HashMap::new(),
                script_json,
                script,
                categories: HashMap::new(),
            }
            .with_plain(&en_shapes);
            return Ok((texts, Vec::new()));
        }
        let own = layers(theme, code, overrides, config_name)?;
        if own.is_empty() {
            bail!(
                "{config_name}: default_language = {code:?}: the theme has no translation for it (no i18n/{code}.ftl); it has: {}",
                theme.languages().join(", ")
            );
        }
        let dates = dates::DateStyle::for_language(code)?;
        let (bundle, shapes) = bundle_of(code, &own)?;
        check_variables(&en_shapes, &shapes, code)?;
        let warnings = en_shapes
            .keys()
            .filter(|k| !shapes.contains_key(*k))
            .map(|k| {
                format!(
                    "translation: the key {k:?} is missing in language {code:?}; English is shown"
                )
            })
            .collect();
        let script_json = script::json(en_shapes.keys(), &[&bundle, &english]);
        let script = script_block(&script_json);
        let texts = Texts {
            code: code.to_string(),
            bundle,
            fallback: Some(english),
            dates,
            plain: HashMap::new(),
            script_json,
            script,
            categories: HashMap::new(),
        }
        .with_plain(&en_shapes);
        Ok((texts, warnings))
    }

    /// The language code ("de").
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The browser scripts' words as a `<script type="application/json">` data block, or
    /// nothing when they are the scripts' own English ([`script`]).
    pub fn script_block(&self) -> &str {
        &self.script
    }

    /// The browser scripts' words as JSON, whether or not pages carry them.
    pub fn script_json(&self) -> &str {
        &self.script_json
    }

    fn with_plain(mut self, shapes: &Shapes) -> Texts {
        let plain = shapes
            .iter()
            .filter(|(_, (vars, _))| vars.is_empty())
            .map(|(k, _)| (k.clone(), self.fmt(k, &[])))
            .collect();
        self.plain = plain;
        self
    }

    /// Whether the language (or English, its fallback) has message `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key) || self.fallback.as_ref().is_some_and(|f| f.has_message(key))
    }

    /// Message `key`, which has no variables.
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.plain.get(key).map(String::as_str).unwrap_or(key)
    }

    /// A ticket's category as this language names it, when it is one of the new-ticket
    /// page's categories under any of its names ("Urgent issue" on a German page reads
    /// "Dringendes Problem"); any other category as the tracker has it.
    pub fn category<'s>(&'s self, written: &'s str) -> &'s str {
        if self.categories.is_empty() {
            return written;
        }
        self.categories
            .get(&crate::model::workflow::name_key(written))
            .map_or(written, String::as_str)
    }

    /// Sets the names [`Texts::category`] knows: name key → name in this language.
    pub(crate) fn set_categories(&mut self, names: HashMap<String, String>) {
        self.categories = names;
    }

    /// The stage's name ("Under review").
    pub fn stage_name(&self, s: Stage) -> &str {
        self.get(stage_keys(s).0)
    }

    /// One sentence on what the stage means for the customer.
    pub fn stage_about(&self, s: Stage) -> &str {
        self.get(stage_keys(s).1)
    }

    /// "3 March 2026" in the language.
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        self.dates.long_date(d)
    }

    /// "3 March 2026, 14:05 UTC" in the language.
    pub fn date_time(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        let date = self.dates.long_date(t.date_naive());
        let time = self.dates.time(t.time());
        self.fmt(
            "date-time-utc",
            &[("date", date.into()), ("time", time.into())],
        )
    }

    /// Message `key` with `args` (`("count", 3.into())`).
    pub fn fmt(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut out = String::new();
        self.fmt_into(key, args, &mut out);
        out
    }

    /// [`Texts::fmt`] into `out`. A key no language has prints the key itself, so a theme's
    /// typo shows on the page instead of a blank (the tests check every key the code uses).
    pub fn fmt_into(&self, key: &str, args: &[(&str, Arg<'_>)], out: &mut String) {
        let (bundle, msg) = match self.bundle.get_message(key) {
            Some(m) => (&self.bundle, m),
            None => match self
                .fallback
                .as_ref()
                .and_then(|f| Some((f, f.get_message(key)?)))
            {
                Some(found) => found,
                None => {
                    out.push_str(key);
                    return;
                }
            },
        };
        let Some(pattern) = msg.value() else {
            out.push_str(key);
            return;
        };
        let mut fargs = FluentArgs::new();
        for (name, a) in args {
            match a {
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
                Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_ref())),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        // Errors here are a variable the caller did not give; `check_variables` and the
        // key tests keep them from happening, and the text is still printed.
        let _ = write!(out, "{text}");
    }
}

/// The keys of a stage's name and explanation.
fn stage_keys(s: Stage) -> (&'static str, &'static str) {
    match s {
        Stage::Received => ("stage-received", "stage-received-about"),
        Stage::UnderReview => ("stage-under-review", "stage-under-review-about"),
        Stage::Confirmed => ("stage-confirmed", "stage-confirmed-about"),
        Stage::InProgress => ("stage-in-progress", "stage-in-progress-about"),
        Stage::FixInTesting => ("stage-fix-in-testing", "stage-fix-in-testing-about"),
        Stage::Released => ("stage-released", "stage-released-about"),
        Stage::Closed => ("stage-closed", "stage-closed-about"),
        Stage::Rejected => ("stage-rejected", "stage-rejected-about"),
        Stage::WontFix => ("stage-wont-fix", "stage-wont-fix-about"),
    }
}

/// The Fluent files of `code`, weakest first: the built-in theme's, the theme folder's, the
/// config's table.
fn layers(
    theme: &dyn Catalogs,
    code: &str,
    overrides: Option<&BTreeMap<String, String>>,
    config_name: &str,
) -> Result<Vec<Layer>> {
    let mut out = Vec::new();
    for (name, bytes) in theme.files_of(code) {
        let text = utf8(bytes, &name)?;
        out.push(Layer { name, text });
    }
    if let Some(table) = overrides {
        // Each override is one message; written out as Fluent so it gets the same syntax
        // (selectors, variables) and the same checks as a file.
        let mut text = String::new();
        for (key, value) in table {
            if !valid_key(key) {
                bail!("{config_name}: [strings.{code}] {key:?}: a key is letters, digits, '-' and '_', starting with a letter");
            }
            text.push_str(key);
            text.push_str(" =");
            for line in value.lines() {
                text.push_str("\n    ");
                text.push_str(line);
            }
            if value.is_empty() {
                text.push_str(" { \"\" }");
            }
            text.push('\n');
        }
        out.push(Layer {
            name: format!("{config_name} [strings.{code}]"),
            text,
        });
    }
    Ok(out)
}

fn utf8(bytes: &[u8], file: &str) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| anyhow!("{file}: not UTF-8"))
}

fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Each message's variables, by key.
/// Each message's variables and the layer it comes from (for errors), by key.
type Shapes = BTreeMap<String, (BTreeSet<String>, String)>;

/// A bundle of the layers, later ones overriding single messages of earlier ones, and the
/// variables of each message it ends up with.
fn bundle_of(code: &str, layers: &[Layer]) -> Result<(FluentBundle<FluentResource>, Shapes)> {
    let lang: LanguageIdentifier = code
        .parse()
        .map_err(|_| anyhow!("{code:?} is not a language code (for example \"de\")"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks around variables: pages print ticket numbers and dates
    // inside plain text, and the marks would show up in copied text and in tests.
    bundle.set_use_isolating(false);
    let mut shapes = Shapes::new();
    for layer in layers {
        let res = FluentResource::try_new(layer.text.clone()).map_err(|(_, errors)| {
            let first = &errors[0];
            let line = layer.text[..first.pos.start.min(layer.text.len())]
                .matches('\n')
                .count()
                + 1;
            anyhow!(
                "{}: line {line}: {} (Fluent syntax: `key = text`, see projectfluent.org)",
                layer.name,
                first.kind
            )
        })?;
        for entry in res.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                shapes.insert(m.id.name.to_string(), (vars, layer.name.clone()));
            }
        }
        bundle.add_resource_overriding(res);
    }
    Ok((bundle, shapes))
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        _ => {}
    }
}

/// Errors when a message uses variables its English one does not know, or lacks one English
/// uses: the sentence would come out wrong on every page.
fn check_variables(english: &Shapes, lang: &Shapes, code: &str) -> Result<()> {
    for (key, (vars, origin)) in lang {
        let Some((en, _)) = english.get(key) else {
            continue;
        };
        if en != vars {
            let list = |v: &BTreeSet<String>| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.iter()
                        .map(|n| format!("${n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            bail!(
                "{origin}: translation {code:?}, key {key:?}: uses the variables {} where English uses {}",
                list(vars),
                list(en)
            );
        }
    }
    Ok(())
}
