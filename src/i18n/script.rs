//! The words the browser scripts print (search.js, find.js, feedback.js), handed to them by
//! the page.
//!
//! The mechanism, chosen once for all scripts: a page whose words differ from the scripts'
//! own English carries them in a JSON data block,
//! `<script type="application/json" id="porchlight-strings">{…}</script>` (base.html, from
//! `script_strings()`). A data block is never executed, so the pages' Content-Security-Policy
//! (`script-src 'self'`) still allows no inline script. Each script looks a word up there and
//! falls back to the English it was written with, so the English site needs no block and its
//! pages stay byte-identical; `english_matches_the_scripts` keeps those English words equal to
//! en.ftl's.
//!
//! The messages are those whose key starts with [`PREFIX`], plus [`SHARED`]. Each becomes a
//! string with `{name}` where the message has `{ $name }`; a message with a selector
//! (`{ $count -> [one] … *[other] … }`) becomes an object of its variants: `"one"`, `"other"`,
//! `"=0"` for a number key, `"*"` for the default, and `"$"` naming the variable the script
//! selects by (with `Intl.PluralRules` of the page's `<html lang>`, as Fluent does). One
//! selector a message: the scripts' sentences need no more.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use fluent_syntax::ast;
use serde_json::{Map, Value};

/// Keys of messages for the scripts.
pub const PREFIX: &str = "script-";

/// Messages the templates print too, and a script builds again: the doc feedback question
/// (feedback.js adds it to the search page).
pub const SHARED: &[&str] = &[
    "doc-feedback-question",
    "doc-feedback-yes",
    "doc-feedback-no",
    "doc-feedback-thanks",
];

/// The scripts' messages of `keys`, each from the first bundle that has it, as JSON text safe
/// inside a `<script>` element (`<` is written `\u003c`, so no `</script>` can end it).
pub(super) fn json<'k>(
    keys: impl Iterator<Item = &'k String>,
    bundles: &[&FluentBundle<FluentResource>],
) -> String {
    let mut out = Map::new();
    for key in keys.filter(|k| k.starts_with(PREFIX) || SHARED.contains(&k.as_str())) {
        let pattern = bundles
            .iter()
            .find_map(|b| b.get_message(key).and_then(|m| m.value()));
        if let Some(p) = pattern {
            out.insert(key.clone(), message(p));
        }
    }
    serde_json::to_string(&Value::Object(out))
        .expect("JSON of strings")
        .replace('<', "\\u003c")
}

fn message(p: &ast::Pattern<&str>) -> Value {
    let select = p.elements.iter().position(|e| {
        matches!(
            e,
            ast::PatternElement::Placeable {
                expression: ast::Expression::Select { .. }
            }
        )
    });
    let Some(at) = select else {
        return Value::String(flat(&p.elements));
    };
    let ast::PatternElement::Placeable {
        expression: ast::Expression::Select { selector, variants },
    } = &p.elements[at]
    else {
        unreachable!("found above")
    };
    let (before, after) = (flat(&p.elements[..at]), flat(&p.elements[at + 1..]));
    let mut obj = Map::new();
    if let ast::InlineExpression::VariableReference { id } = selector {
        obj.insert("$".into(), Value::String(id.name.to_string()));
    }
    for v in variants {
        let text = Value::String(format!("{before}{}{after}", flat(&v.value.elements)));
        let key = match &v.key {
            ast::VariantKey::Identifier { name } => name.to_string(),
            ast::VariantKey::NumberLiteral { value } => format!("={value}"),
        };
        if v.default {
            obj.insert("*".into(), text.clone());
        }
        obj.insert(key, text);
    }
    Value::Object(obj)
}

/// Text with `{name}` for each variable; literals as they read. A nested selector or a
/// function is beyond what the scripts need and prints nothing.
fn flat(elements: &[ast::PatternElement<&str>]) -> String {
    let mut out = String::new();
    for e in elements {
        match e {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(i),
            } => match i {
                ast::InlineExpression::VariableReference { id } => {
                    out.push('{');
                    out.push_str(id.name);
                    out.push('}');
                }
                ast::InlineExpression::StringLiteral { value }
                | ast::InlineExpression::NumberLiteral { value } => out.push_str(value),
                _ => {}
            },
            ast::PatternElement::Placeable { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::render::theme::test_texts;
    use serde_json::Value;

    const SCRIPTS: [&str; 3] = [
        include_str!("../../themes/default/static/search.js"),
        include_str!("../../themes/default/static/find.js"),
        include_str!("../../themes/default/static/feedback.js"),
    ];

    fn words(code: &str) -> serde_json::Map<String, Value> {
        match serde_json::from_str(test_texts(code).script_json()).unwrap() {
            Value::Object(m) => m,
            other => panic!("{other}"),
        }
    }

    /// The English each script falls back to is en.ftl's, word for word: every message the
    /// scripts get is looked up by its key in one of them, with each of its English forms
    /// written there as a literal.
    #[test]
    fn english_matches_the_scripts() {
        let en = words("en");
        assert!(en.len() >= 25, "{en:?}");
        let all = SCRIPTS.concat();
        for (key, value) in &en {
            assert!(
                all.contains(&format!("tr('{key}', ")),
                "no script uses {key}"
            );
            let forms: Vec<&str> = match value {
                Value::String(s) => vec![s],
                Value::Object(m) => m
                    .iter()
                    .filter(|(k, _)| *k != "$" && *k != "*")
                    .map(|(_, v)| v.as_str().unwrap())
                    .collect(),
                other => panic!("{key}: {other}"),
            };
            for f in forms {
                assert!(
                    all.contains(&format!("'{f}'")),
                    "{key}: the scripts do not write {f:?} (en.ftl and the script differ)"
                );
            }
        }
    }

    #[test]
    fn pages_carry_words_only_where_they_differ_from_the_scripts() {
        assert_eq!(test_texts("en").script_block(), "");
        let de = test_texts("de");
        let block = de.script_block();
        assert!(
            block.starts_with(r#"<script type="application/json" id="porchlight-strings">{"#),
            "{block}"
        );
        let de = words("de");
        assert_eq!(
            de["script-results-for"],
            serde_json::json!({
                "$": "count",
                "one": "{count} Ergebnis für „{q}“",
                "other": "{count} Ergebnisse für „{q}“",
                "*": "{count} Ergebnisse für „{q}“",
            })
        );
        assert_eq!(
            de["script-all-words"]["=0"],
            ": Keines enthält alle Suchwörter."
        );
        assert_eq!(
            de["script-find-none"],
            "Es gibt kein öffentliches Ticket {ticket}."
        );
        assert_eq!(de["doc-feedback-yes"], "Ja");
    }

    /// A message with `</script>` in it cannot end the data block early.
    #[test]
    fn markup_in_a_message_stays_inside_the_block() {
        let mut bundle =
            fluent_bundle::concurrent::FluentBundle::new_concurrent(vec!["en".parse().unwrap()]);
        let res = fluent_bundle::FluentResource::try_new("script-x = a </script><b>\n".to_string())
            .unwrap();
        bundle.add_resource(res).unwrap();
        let json = super::json(["script-x".to_string()].iter(), &[&bundle]);
        assert_eq!(json, r#"{"script-x":"a \u003c/script>\u003cb>"}"#);
    }
}
