//! Which values of a page's context its templates only print, test or compare, read from the
//! templates' syntax trees (Tera's `ast`, which Tera exports for tools like this one).
//!
//! Uses are recorded on paths from the context's root (`ticket.notes[].html`), through the
//! variables templates bind (`{% set t = ticket %}`, `{% for n in t.notes %}`, macro
//! arguments). Bindings are matched without scopes, with one exception: a variable bound two
//! ways anywhere stands for both everywhere, and every variable also stands for the context
//! key of its name, which can only add uses, never lose one. The exception is a loop variable
//! inside its own loop's body, where Tera binds it to the loop's elements and nothing else
//! (a `set` of the same name in the body adds what it sets).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use serde_json::{Number, Value};
use tera::ast::{Expr, ExprVal, LogicOperator, Node};
use tera::Tera;

/// A fast hash for the name and shape maps, which hash short field names and ~1 KB shape
/// keys once per page: multiply-rotate over 8-byte words, as FxHash does. The keys are made
/// here, so nothing needs a hash that resists chosen collisions.
#[derive(Default)]
pub(super) struct FastHash(u64);

impl Hasher for FastHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        self.0 = h;
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHash>>;

/// How the templates use one value of the context.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Use {
    /// `{{ x }}` or `{{ x | safe }}`.
    pub print: bool,
    /// `{% if x %}`, `not x`, `x and y`: only whether it is true.
    pub truth: bool,
    /// `{% for v in x %}`: its length (its elements are looked at by their own names).
    pub looped: bool,
    /// `x == lit` or `x != lit`: the literals it is compared with.
    pub eq: Vec<Value>,
    /// Anything else: the whole value matters.
    pub whole: bool,
}

impl Use {
    pub fn is_unused(&self) -> bool {
        !(self.print || self.truth || self.looped || self.whole) && self.eq.is_empty()
    }

    fn add(&mut self, other: &Use) {
        self.print |= other.print;
        self.truth |= other.truth;
        self.looped |= other.looped;
        self.whole |= other.whole;
        for l in &other.eq {
            if !self.eq.contains(l) {
                self.eq.push(l.clone());
            }
        }
    }
}

/// What one use adds.
fn use_of(kind: UseKind) -> Use {
    let mut u = Use::default();
    match kind {
        UseKind::Print => u.print = true,
        UseKind::Truth => u.truth = true,
        UseKind::Looped => u.looped = true,
        UseKind::Eq(l) => u.eq.push(l),
        UseKind::Whole => u.whole = true,
    }
    u
}

#[derive(Debug, Clone)]
enum UseKind {
    Print,
    Truth,
    Looped,
    Eq(Value),
    Whole,
}

/// One step of a path: a field, or any element of an array (`t.notes[]` from a loop, `f.0`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Field(String),
    Element,
}

/// The uses of the values of a page's context, as a tree that follows its shape.
#[derive(Debug, Default)]
pub(crate) struct Uses {
    /// Uses of the value itself.
    pub(super) here: Use,
    /// The fields some template reads, and where each is in `fields` by name.
    fields: Vec<Uses>,
    by_name: FastMap<String, usize>,
    /// The elements of an array (any index).
    pub(super) elements: Option<Box<Uses>>,
    /// The fields of the first struct read here, in their order: (name's address, its length,
    /// index in `fields`). A struct's fields come in the same order on every page, so its
    /// next field is found without hashing its name (see [`Uses::field_of_struct`]).
    order: std::sync::OnceLock<Vec<(usize, usize, Option<usize>)>>,
}

/// Reading a struct's fields in order, learning the order the first time.
#[derive(Default)]
pub(super) struct FieldCursor {
    next: usize,
    learning: Option<Vec<(usize, usize, Option<usize>)>>,
}

/// Why a template is always rendered by Tera.
#[derive(Debug, PartialEq)]
pub(crate) struct Unsupported(pub String);

/// Alias chains longer than this are not followed (the template is left to Tera).
const MAX_ALIAS_DEPTH: usize = 16;

impl Uses {
    /// Reads the uses from the templates `name` renders: itself, its parents, what they
    /// include and the macro files they import.
    pub(crate) fn of(tera: &Tera, name: &str) -> Result<Uses, Unsupported> {
        let mut w = Walker::default();
        let mut todo = vec![name.to_string()];
        let mut seen = HashSet::new();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            let Ok(t) = tera.get_template(&n) else {
                // A missing include (`ignore missing`) renders nothing; a missing parent or
                // macro file fails in Tera as it always did.
                continue;
            };
            todo.extend(t.parents.iter().cloned());
            todo.extend(t.imported_macro_files.iter().map(|(f, _)| f.clone()));
            w.nodes(&t.ast)?;
            todo.append(&mut w.includes);
        }
        w.resolve()
    }

    /// The uses of field `name`; `None` when no template reads it.
    pub(super) fn field(&self, name: &str) -> Option<&Uses> {
        self.by_name.get(name).map(|&i| &self.fields[i])
    }

    /// A cursor for the fields of one struct read here.
    pub(super) fn cursor(&self) -> FieldCursor {
        FieldCursor {
            next: 0,
            learning: self.order.get().is_none().then(Vec::new),
        }
    }

    /// [`Uses::field`] for the next field of the struct `cursor` reads.
    pub(super) fn field_of_struct(&self, c: &mut FieldCursor, name: &'static str) -> Option<&Uses> {
        let at = (name.as_ptr() as usize, name.len());
        let known = self.order.get().and_then(|o| o.get(c.next));
        let index = match known {
            Some(&(p, l, i)) if (p, l) == at => i,
            _ => self.by_name.get(name).copied(),
        };
        if let Some(l) = &mut c.learning {
            l.push((at.0, at.1, index));
        }
        c.next += 1;
        index.map(|i| &self.fields[i])
    }

    /// Ends reading a struct: the first one here teaches the order.
    pub(super) fn struct_done(&self, c: FieldCursor) {
        if let Some(order) = c.learning {
            let _ = self.order.set(order);
        }
    }

    /// Every use in the tree.
    pub(super) fn all(&self) -> Box<dyn Iterator<Item = &Use> + '_> {
        Box::new(
            std::iter::once(&self.here)
                .chain(self.fields.iter().flat_map(|u| u.all()))
                .chain(self.elements.iter().flat_map(|u| u.all())),
        )
    }

    fn at(&mut self, path: &[Step]) -> &mut Uses {
        match path.split_first() {
            None => self,
            Some((Step::Field(f), rest)) => {
                let i = match self.by_name.get(f) {
                    Some(&i) => i,
                    None => {
                        self.fields.push(Uses::default());
                        self.by_name.insert(f.clone(), self.fields.len() - 1);
                        self.fields.len() - 1
                    }
                };
                self.fields[i].at(rest)
            }
            Some((Step::Element, rest)) => {
                self.elements.get_or_insert_with(Default::default).at(rest)
            }
        }
    }
}

/// Collects uses and bindings from syntax trees.
#[derive(Default)]
struct Walker {
    /// Uses of paths as written (the first step may be a variable).
    uses: Vec<(Vec<Step>, UseKind)>,
    /// What variables stand for: `{% set x = a.b %}` (x → a.b), `{% for v in a.list %}`
    /// (v → a.list[]), macro arguments `m(p=a.b)` (p → a.b).
    aliases: FastMap<String, Vec<Vec<Step>>>,
    includes: Vec<String>,
    /// The loop variables bound where the walk is, innermost last: (name, the name of this
    /// binding alone). Inside its loop a loop variable stands for its own container's elements
    /// only, so `{% for l in t.labels %}{{ l }}` does not make another loop's `l` (the language
    /// picker's) a printed whole value, which would give every page its own shape.
    scope: Vec<(String, String)>,
    /// Loops bound so far (for the bindings' own names).
    loops: usize,
}

fn unsupported<T>(what: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported(what.into()))
}

/// A plain path: `{{ a.b.c }}` with no filters (or only `safe` when `safe_ok`) and no `not`.
fn bare_path(e: &Expr, safe_ok: bool) -> Option<&str> {
    match &e.val {
        ExprVal::Ident(p)
            if !e.negated
                && e.filters
                    .iter()
                    .all(|f| safe_ok && f.name == "safe" && f.args.is_empty()) =>
        {
            Some(p)
        }
        _ => None,
    }
}

/// A literal operand of `==` / `!=`, as Tera evaluates it.
fn literal(e: &Expr) -> Option<Value> {
    if e.negated || !e.filters.is_empty() {
        return None;
    }
    match &e.val {
        ExprVal::String(s) => Some(Value::String(s.clone())),
        ExprVal::Int(i) => Some(Value::from(*i)),
        ExprVal::Float(f) => Number::from_f64(*f).map(Value::Number),
        ExprVal::Bool(b) => Some(Value::Bool(*b)),
        _ => None,
    }
}

impl Walker {
    fn nodes(&mut self, nodes: &[Node]) -> Result<(), Unsupported> {
        for n in nodes {
            self.node(n)?;
        }
        Ok(())
    }

    fn node(&mut self, n: &Node) -> Result<(), Unsupported> {
        match n {
            Node::Super
            | Node::Text(_)
            | Node::Raw(..)
            | Node::Comment(..)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Break(_)
            | Node::Continue(_) => Ok(()),
            Node::VariableBlock(_, e) => {
                if let Some(p) = bare_path(e, true) {
                    return self.path(p, UseKind::Print);
                }
                match &e.val {
                    // A macro's output is written as it is: its own prints are its holes.
                    ExprVal::MacroCall(m) if bare_macro(e) => self.macro_args(&m.args),
                    _ => self.whole(e),
                }
            }
            Node::MacroDefinition(_, m, _) => {
                for e in m.args.values().flatten() {
                    self.whole(e)?;
                }
                self.nodes(&m.body)
            }
            Node::Include(_, names, _) => {
                self.includes.extend(names.iter().cloned());
                Ok(())
            }
            Node::Set(_, s) => {
                // A value computed from whole values is the same on every page of a shape.
                let Some(p) = bare_path(&s.value, false) else {
                    return self.whole(&s.value);
                };
                self.check_path(p)?;
                // `set` inside a loop rebinds its variable for the rest of the body: the
                // binding's own name then stands for both values (and, as before, the name
                // for everything it is ever bound to).
                if let Some(i) = self.scope.iter().rposition(|(n, _)| *n == s.key) {
                    let own = self.scope[i].1.clone();
                    self.alias(&own, p, false);
                }
                self.alias(&s.key, p, false);
                Ok(())
            }
            Node::FilterSection(_, f, _) => {
                if f.filter.name != "safe" {
                    return unsupported(format!("{{% filter {} %}}", f.filter.name));
                }
                self.nodes(&f.body)
            }
            Node::Block(_, b, _) => self.nodes(&b.body),
            Node::Forloop(_, f, _) => {
                if f.key.is_some() {
                    return unsupported("a key-value for loop");
                }
                let own = format!("{}#{}", f.value, self.loops);
                self.loops += 1;
                match bare_path(&f.container, false) {
                    Some(p) => {
                        self.path(p, UseKind::Looped)?;
                        self.alias(&own, p, true);
                        // Outside its loop the name can still be this loop's variable: in a
                        // block or an include rendered inside the loop.
                        self.alias(&f.value, p, true);
                    }
                    None => self.whole(&f.container)?,
                }
                self.scope.push((f.value.clone(), own));
                let body = self.nodes(&f.body);
                self.scope.pop();
                body?;
                if let Some(b) = &f.empty_body {
                    self.nodes(b)?;
                }
                Ok(())
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    self.condition(cond)?;
                    self.nodes(body)?;
                }
                if let Some((_, body)) = &i.otherwise {
                    self.nodes(body)?;
                }
                Ok(())
            }
        }
    }

    /// `{% if e %}`: truth, `and`/`or` of conditions, or a comparison with a literal.
    fn condition(&mut self, e: &Expr) -> Result<(), Unsupported> {
        if !e.filters.is_empty() {
            return self.whole(e);
        }
        match &e.val {
            ExprVal::Ident(p) => self.path(p, UseKind::Truth),
            ExprVal::Logic(l) if matches!(l.operator, LogicOperator::And | LogicOperator::Or) => {
                self.condition(&l.lhs)?;
                self.condition(&l.rhs)
            }
            ExprVal::Logic(l) if matches!(l.operator, LogicOperator::Eq | LogicOperator::NotEq) => {
                let sides = [(&l.lhs, &l.rhs), (&l.rhs, &l.lhs)];
                for (a, b) in sides {
                    if let (Some(p), Some(lit)) = (bare_path(a, false), literal(b)) {
                        return self.path(p, UseKind::Eq(lit));
                    }
                }
                self.whole(e)
            }
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => Ok(()),
            _ => self.whole(e),
        }
    }

    /// Every path in `e` is used as a whole value.
    fn whole(&mut self, e: &Expr) -> Result<(), Unsupported> {
        for f in &e.filters {
            for a in f.args.values() {
                self.whole(a)?;
            }
        }
        self.whole_val(&e.val)
    }

    fn whole_val(&mut self, v: &ExprVal) -> Result<(), Unsupported> {
        match v {
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => Ok(()),
            ExprVal::Ident(p) => self.path(p, UseKind::Whole),
            ExprVal::Math(m) => {
                self.whole(&m.lhs)?;
                self.whole(&m.rhs)
            }
            ExprVal::Logic(l) => {
                self.whole(&l.lhs)?;
                self.whole(&l.rhs)
            }
            ExprVal::In(i) => {
                self.whole(&i.lhs)?;
                self.whole(&i.rhs)
            }
            ExprVal::Test(t) => {
                self.path(&t.ident, UseKind::Whole)?;
                for a in &t.args {
                    self.whole(a)?;
                }
                Ok(())
            }
            ExprVal::Array(items) => {
                for i in items {
                    self.whole(i)?;
                }
                Ok(())
            }
            ExprVal::StringConcat(c) => {
                for v in &c.values {
                    self.whole_val(v)?;
                }
                Ok(())
            }
            // `trans` (render::Trans) and `script_strings` depend on their arguments only: the
            // language is fixed for a Tera instance, so a message is part of the stencil like
            // template text.
            ExprVal::FunctionCall(f)
                if matches!(
                    f.name.as_str(),
                    "range" | "throw" | "trans" | "script_strings"
                ) =>
            {
                for a in f.args.values() {
                    self.whole(a)?;
                }
                Ok(())
            }
            ExprVal::FunctionCall(f) => unsupported(format!("the function {}()", f.name)),
            ExprVal::MacroCall(m) => unsupported(format!(
                "the macro {}::{} inside an expression",
                m.namespace, m.name
            )),
        }
    }

    fn macro_args(&mut self, args: &HashMap<String, Expr>) -> Result<(), Unsupported> {
        for (param, e) in args {
            match bare_path(e, false) {
                Some(p) => {
                    self.check_path(p)?;
                    self.alias(param, p, false);
                }
                None => self.whole(e)?,
            }
        }
        Ok(())
    }

    /// A path as steps: dotted names; a number is an element of an array.
    fn steps(path: &str) -> Result<Vec<Step>, Unsupported> {
        if path.contains(['[', ']', '"', '\'']) {
            return unsupported(format!("the lookup {path}"));
        }
        if path.split('.').next() == Some("__tera_context") {
            return unsupported("__tera_context");
        }
        Ok(path
            .split('.')
            .map(|s| {
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                    Step::Element
                } else {
                    Step::Field(s.to_string())
                }
            })
            .collect())
    }

    /// A path this follows: dotted names only.
    fn check_path(&self, path: &str) -> Result<(), Unsupported> {
        Self::steps(path).map(|_| ())
    }

    /// [`Walker::steps`] where the walk is: a loop variable in scope becomes its binding's
    /// own name.
    fn steps_here(&self, path: &str) -> Result<Vec<Step>, Unsupported> {
        let mut steps = Self::steps(path)?;
        if let Some(Step::Field(first)) = steps.first_mut() {
            if let Some((_, own)) = self.scope.iter().rev().find(|(n, _)| n == first) {
                *first = own.clone();
            }
        }
        Ok(steps)
    }

    /// Records a use of a path.
    fn path(&mut self, path: &str, kind: UseKind) -> Result<(), Unsupported> {
        let steps = self.steps_here(path)?;
        self.uses.push((steps, kind));
        Ok(())
    }

    fn alias(&mut self, name: &str, path: &str, elements: bool) {
        let Ok(mut target) = self.steps_here(path) else {
            return;
        };
        if elements {
            target.push(Step::Element);
        }
        self.aliases
            .entry(name.to_string())
            .or_default()
            .push(target);
    }

    /// The paths from the context's root that `path` can stand for: itself (its first name a
    /// context key) and, through its first name's bindings, what they stand for.
    fn expand(&self, path: &[Step], depth: usize) -> Result<Vec<Vec<Step>>, Unsupported> {
        let mut all = vec![path.to_vec()];
        let Some((Step::Field(first), rest)) = path.split_first() else {
            return Ok(all);
        };
        if let Some(targets) = self.aliases.get(first) {
            if depth >= MAX_ALIAS_DEPTH {
                return unsupported("variables bound to each other too deeply");
            }
            for t in targets {
                for mut e in self.expand(t, depth + 1)? {
                    e.extend_from_slice(rest);
                    if !all.contains(&e) {
                        all.push(e);
                    }
                }
            }
        }
        Ok(all)
    }

    /// The uses as a tree of paths from the context's root.
    fn resolve(self) -> Result<Uses, Unsupported> {
        let mut tree = Uses::default();
        for (path, kind) in &self.uses {
            let u = use_of(kind.clone());
            for full in self.expand(path, 0)? {
                tree.at(&full).here.add(&u);
            }
        }
        Ok(tree)
    }
}

/// A macro call printed as it is (`{{ m::f(..) }}`).
fn bare_macro(e: &Expr) -> bool {
    !e.negated
        && e.filters
            .iter()
            .all(|f| f.name == "safe" && f.args.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(templates: &[(&str, &str)]) -> Result<Uses, Unsupported> {
        let mut t = Tera::default();
        t.add_raw_templates(templates.iter().copied()).unwrap();
        Uses::of(&t, "page.html")
    }

    /// The uses at a path like `ticket.notes[].html`.
    fn u(uses: &Uses, path: &str) -> Use {
        let mut at = Some(uses);
        for step in path.split('.') {
            let name = step.trim_end_matches("[]");
            at = at.and_then(|u| u.field(name));
            for _ in 0..(step.len() - name.len()) / 2 {
                at = at.and_then(|u| u.elements.as_deref());
            }
        }
        at.map(|u| u.here.clone()).unwrap_or_default()
    }

    #[test]
    fn uses_follow_sets_loops_parents_and_macros() {
        let us = uses(&[
            (
                "base.html",
                "<title>{{ site.title | upper }}</title>{% if url == \"\" %}home{% endif %}{% block content %}{% endblock content %}",
            ),
            ("m.html", "{% macro card(c) %}{{ c.name }}{% if c %}!{% endif %}{% endmacro card %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block content %}{% set t = ticket %}\
                 {% for n in t.notes %}{{ n.html | safe }}{{ n }}{% endfor %}{% if t.age != 1 %}s{% endif %}\
                 {% for f in t.fields %}{{ f.0 }}{% endfor %}{{ t.title }}{{ m::card(c=t.owner) }}\
                 {% endblock content %}",
            ),
        ])
        .unwrap();
        let whole = Use {
            whole: true,
            ..Use::default()
        };
        assert_eq!(u(&us, "site.title"), whole);
        assert!(u(&us, "ticket.title").print && !u(&us, "ticket.title").whole);
        assert_eq!(u(&us, "url").eq, vec![Value::from("")]);
        assert!(u(&us, "ticket").is_unused(), "set t = ticket only names it");
        assert!(u(&us, "ticket.notes").looped);
        assert!(
            u(&us, "ticket.notes[]").print,
            "{{ n }} prints the elements"
        );
        assert!(u(&us, "ticket.notes[].html").print);
        assert_eq!(u(&us, "ticket.age").eq, vec![Value::from(1)]);
        assert!(
            u(&us, "ticket.owner").truth,
            "{{% if c %}} in the macro tests the argument"
        );
        assert!(u(&us, "ticket.owner.name").print);
        assert!(
            u(&us, "ticket.fields[][]").print,
            "f.0 is an element of each element of fields"
        );
        // Every variable also stands for the context key of its name.
        assert!(u(&us, "t.title").print);
    }

    /// Two loops with one variable name: inside each loop the name is that loop's elements,
    /// so printing the labels does not print the languages whole. Outside its loop (an
    /// include rendered inside it) the name still stands for every binding.
    #[test]
    fn a_loop_variable_inside_its_loop_is_that_loops_elements() {
        let us = uses(&[
            ("inc.html", "{{ l.extra }}"),
            (
                "page.html",
                "{% for l in languages %}{{ l.code }}{% if l.current %}*{% endif %}{% endfor %}\
                 {% for l in t.labels %}{{ l }}{% include \"inc.html\" %}{% endfor %}\
                 {% for n in t.notes %}{% for l in n.links %}{{ l.href }}{% endfor %}{{ n.html }}{% endfor %}\
                 {% for x in t.a %}{% set x = t.b %}{{ x.c }}{% endfor %}",
            ),
        ])
        .unwrap();
        assert!(
            u(&us, "languages[]").is_unused(),
            "{:?}",
            u(&us, "languages[]")
        );
        assert!(u(&us, "languages[].code").print);
        assert!(u(&us, "languages[].current").truth);
        assert!(u(&us, "t.labels[]").print && !u(&us, "t.labels[]").whole);
        assert!(u(&us, "t.labels[].code").is_unused());
        assert!(u(&us, "t.notes[].links[].href").print);
        assert!(u(&us, "t.notes[].html").print);
        assert!(u(&us, "languages[].href").is_unused());
        // The include's `l` may be either loop's.
        assert!(u(&us, "languages[].extra").print);
        assert!(u(&us, "t.labels[].extra").print);
        // After `set x = t.b` in the body, `x` is the element or `t.b`.
        assert!(u(&us, "t.a[].c").print);
        assert!(u(&us, "t.b.c").print);
    }

    #[test]
    fn unknown_constructs_are_left_to_tera() {
        for body in [
            "{{ __tera_context }}",
            "{{ ticket[key] }}",
            "{% for k, v in ticket %}{{ k }}{% endfor %}",
            "{% filter upper %}{{ ticket.title }}{% endfilter %}",
            "{{ now() }}",
            "{% set x = m::card(c=ticket) %}",
            "{{ m::card(c=ticket) | upper }}",
        ] {
            let page = format!("{{% import \"m.html\" as m %}}{body}");
            let r = uses(&[
                ("m.html", "{% macro card(c) %}{{ c }}{% endmacro card %}"),
                ("page.html", &page),
            ]);
            assert!(r.is_err(), "{body}");
        }
    }
}
