//! A page's shape and its holes' values, read from its context's `Serialize` implementation
//! as serde_json would see it, without building the JSON tree (building and dropping that tree
//! costs more than filling a stencil).
//!
//! The shape is the cache key: for every value some template reads (the [`Uses`] tree), its
//! field name, type or array length, and what its uses see of it. It holds no hole's value.
//! Values no template reads are not looked at.

use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, SerializeStruct};

use super::uses::{FieldCursor, Use, Uses};

/// A value copied into a hole: a string (a range of [`Holes::text`]) or an integer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum HoleValue {
    Str(usize, usize),
    I64(i64),
    U64(u64),
}

/// The holes' values of one page, in the order the context serializes them.
#[derive(Debug, Default)]
pub(super) struct Holes {
    pub text: String,
    pub list: Vec<HoleValue>,
}

impl Holes {
    pub fn str(&self, i: usize) -> Option<&str> {
        match self.list.get(i)? {
            HoleValue::Str(a, b) => Some(&self.text[*a..*b]),
            _ => None,
        }
    }

    pub fn is_str(&self, i: usize) -> bool {
        matches!(self.list.get(i), Some(HoleValue::Str(..)))
    }

    pub fn is_int(&self, i: usize) -> bool {
        matches!(
            self.list.get(i),
            Some(HoleValue::I64(_) | HoleValue::U64(_))
        )
    }
}

/// One step from a JSON value to a part of it.
#[derive(Debug, Clone)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

/// A page's shape and holes.
pub(super) struct Shape {
    pub key: Vec<u8>,
    pub holes: Holes,
    /// With [`shape_of`]'s `paths`: where each hole is in the context's JSON.
    pub paths: Vec<Vec<Seg>>,
}

/// The shape of `ctx`; `None` for a type this does not follow (bytes, enum variants with
/// data, map keys that are not strings), whose pages Tera renders.
pub(super) fn shape_of(uses: &Uses, ctx: &impl Serialize, paths: bool) -> Option<Shape> {
    let (key, text, list) = SPARE.with(|s| s.take());
    let mut s = Shaper {
        key,
        holes: Holes { text, list },
        path: paths.then(Vec::new),
        paths: Vec::new(),
    };
    let read = s.value(Some(uses), ctx);
    let shape = Shape {
        key: s.key,
        holes: s.holes,
        paths: s.paths,
    };
    if read.is_err() {
        shape.recycle();
        return None;
    }
    Some(shape)
}

type Buffers = (Vec<u8>, String, Vec<HoleValue>);

thread_local! {
    /// A page's key and hole buffers, kept for the thread's next page: they grow to the size
    /// of a page once instead of on every page.
    static SPARE: std::cell::Cell<Buffers> = Default::default();
}

impl Shape {
    /// Gives the buffers back for the next page.
    pub fn recycle(mut self) {
        self.key.clear();
        self.holes.text.clear();
        self.holes.list.clear();
        SPARE.with(|s| s.set((self.key, self.holes.text, self.holes.list)));
    }
}

struct Shaper {
    key: Vec<u8>,
    holes: Holes,
    /// The path to the value being read, when paths are kept.
    path: Option<Vec<Seg>>,
    paths: Vec<Vec<Seg>>,
}

#[derive(Debug)]
enum ShapeError {
    /// A printed or compared value is an array or object: its whole value is in the shape.
    Whole,
    Unsupported,
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ShapeError::Whole => "a whole value",
            ShapeError::Unsupported => "a type stencils do not follow",
        })
    }
}

impl std::error::Error for ShapeError {}

impl ser::Error for ShapeError {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        ShapeError::Unsupported
    }
}

impl Shaper {
    /// Reads one value with its uses (`None`: no template reads it).
    fn value<T: Serialize + ?Sized>(
        &mut self,
        uses: Option<&Uses>,
        v: &T,
    ) -> Result<(), ShapeError> {
        let Some(uses) = uses else {
            return Ok(());
        };
        if uses.here.whole {
            return self.whole(v);
        }
        let mark = (
            self.key.len(),
            self.holes.text.len(),
            self.holes.list.len(),
            self.paths.len(),
        );
        match v.serialize(ValueSer { s: self, uses }) {
            Err(ShapeError::Whole) => {
                self.key.truncate(mark.0);
                self.holes.text.truncate(mark.1);
                self.holes.list.truncate(mark.2);
                self.paths.truncate(mark.3);
                self.whole(v)
            }
            r => r,
        }
    }

    /// The whole value, as JSON, is part of the shape.
    fn whole<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ShapeError> {
        self.key.push(b'=');
        serde_json::to_writer(&mut self.key, v).map_err(|_| ShapeError::Unsupported)?;
        self.key.push(0);
        Ok(())
    }

    fn scalar(&mut self, u: &Use, v: Scalar) -> Result<(), ShapeError> {
        // Tera compares numbers as f64 and strings by equality; a number never equals a
        // non-number (`==` and `!=` are then both false, for the value and its marker alike).
        let num_hit = |x: f64| u.eq.iter().any(|l| l.as_f64() == Some(x));
        let str_hit = |s: &str| u.eq.iter().any(|l| l.as_str() == Some(s));
        let decision = if u.whole {
            Decision::Whole
        } else if u.is_unused() {
            Decision::Type
        } else {
            match v {
                Scalar::Null | Scalar::Bool(_) | Scalar::F64(_) => Decision::Whole,
                Scalar::I64(i) if u.print && !u.looped && i != 0 && !num_hit(i as f64) => {
                    Decision::Hole
                }
                Scalar::U64(n) if u.print && !u.looped && n != 0 && !num_hit(n as f64) => {
                    Decision::Hole
                }
                Scalar::I64(_) | Scalar::U64(_) => Decision::Whole,
                // A for loop over a string walks its characters.
                Scalar::Str(_) if u.looped => Decision::Whole,
                Scalar::Str(s) if u.print && !s.is_empty() && !str_hit(s) => Decision::Hole,
                Scalar::Str(_) if !u.print && u.eq.is_empty() => Decision::Truth,
                Scalar::Str(_) => Decision::Whole,
            }
        };
        match decision {
            Decision::Type => self.key.push(v.tag()),
            Decision::Truth => self.key.push(match v {
                Scalar::Str("") => b'f',
                _ => b't',
            }),
            Decision::Whole => {
                self.key.push(b'=');
                match v {
                    Scalar::Null => self.key.extend_from_slice(b"null"),
                    Scalar::Bool(b) => {
                        self.key
                            .extend_from_slice(if b { b"true" } else { b"false" })
                    }
                    Scalar::I64(i) => self.key.extend_from_slice(i.to_string().as_bytes()),
                    Scalar::U64(n) => self.key.extend_from_slice(n.to_string().as_bytes()),
                    Scalar::F64(f) => serde_json::to_writer(&mut self.key, &f)
                        .map_err(|_| ShapeError::Unsupported)?,
                    Scalar::Str(s) => serde_json::to_writer(&mut self.key, s)
                        .map_err(|_| ShapeError::Unsupported)?,
                }
                self.key.push(0);
            }
            Decision::Hole => {
                self.key.push(b'h');
                self.key.push(v.tag());
                self.holes.list.push(match v {
                    Scalar::Str(s) => {
                        let start = self.holes.text.len();
                        self.holes.text.push_str(s);
                        HoleValue::Str(start, self.holes.text.len())
                    }
                    Scalar::I64(i) => HoleValue::I64(i),
                    Scalar::U64(n) => HoleValue::U64(n),
                    _ => unreachable!("holes are strings and integers"),
                });
                if let Some(p) = &self.path {
                    self.paths.push(p.clone());
                }
            }
        }
        Ok(())
    }

    fn enter(&mut self, seg: impl FnOnce() -> Seg) {
        if let Some(p) = &mut self.path {
            p.push(seg());
        }
    }

    fn leave(&mut self) {
        if let Some(p) = &mut self.path {
            p.pop();
        }
    }
}

enum Decision {
    /// Nothing uses it: its type only.
    Type,
    /// Only its truth is used.
    Truth,
    /// Printed: a hole.
    Hole,
    /// The value itself.
    Whole,
}

#[derive(Clone, Copy)]
enum Scalar<'v> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'v str),
}

impl Scalar<'_> {
    fn tag(&self) -> u8 {
        match self {
            Scalar::Null => b'0',
            Scalar::Bool(_) => b'b',
            Scalar::I64(_) | Scalar::U64(_) => b'#',
            // serde_json writes a NaN or an infinity as null.
            Scalar::F64(f) if !f.is_finite() => b'0',
            Scalar::F64(_) => b'#',
            Scalar::Str(_) => b's',
        }
    }
}

/// Serializes one value of the context into its [`Shaper`].
struct ValueSer<'s, 'u> {
    s: &'s mut Shaper,
    uses: &'u Uses,
}

impl<'s, 'u> ValueSer<'s, 'u> {
    fn scalar(self, v: Scalar) -> Result<(), ShapeError> {
        self.s.scalar(&self.uses.here, v)
    }

    /// Arrays and objects are looked inside, unless they are printed or compared.
    fn compound(&self) -> Result<(), ShapeError> {
        if self.uses.here.print || !self.uses.here.eq.is_empty() {
            return Err(ShapeError::Whole);
        }
        Ok(())
    }

    fn seq(self) -> Result<SeqSer<'s, 'u>, ShapeError> {
        self.compound()?;
        self.s.key.push(b'[');
        Ok(SeqSer {
            elements: self.uses.elements.as_deref(),
            s: self.s,
            n: 0,
        })
    }
}

struct SeqSer<'s, 'u> {
    s: &'s mut Shaper,
    /// The elements' uses.
    elements: Option<&'u Uses>,
    n: usize,
}

impl SeqSer<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ShapeError> {
        let n = self.n;
        self.n += 1;
        if self.elements.is_none() {
            return Ok(());
        }
        self.s.enter(|| Seg::Index(n));
        let r = self.s.value(self.elements, v);
        self.s.leave();
        r
    }

    fn finish(self) -> Result<(), ShapeError> {
        self.s.key.push(b']');
        self.s.key.extend_from_slice(&(self.n as u32).to_le_bytes());
        Ok(())
    }
}

struct StructSer<'s, 'u> {
    s: &'s mut Shaper,
    uses: &'u Uses,
    cursor: FieldCursor,
    /// Fields written (an object with none is false in Tera).
    n: u32,
}

impl StructSer<'_, '_> {
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        uses: Option<&Uses>,
        v: &T,
    ) -> Result<(), ShapeError> {
        self.n += 1;
        let Some(uses) = uses else {
            return Ok(());
        };
        self.s
            .key
            .extend_from_slice(&(name.len() as u32).to_le_bytes());
        self.s.key.extend_from_slice(name.as_bytes());
        self.s.enter(|| Seg::Key(name.to_string()));
        let r = self.s.value(Some(uses), v);
        self.s.leave();
        r
    }
}

struct MapSer<'s, 'u> {
    inner: StructSer<'s, 'u>,
    key: Option<String>,
}

/// Map keys: strings (and numbers, which serde_json turns into strings).
struct KeySer;

macro_rules! key_numbers {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, v: $t) -> Result<String, ShapeError> {
            Ok(v.to_string())
        })*
    };
}

macro_rules! unsupported {
    ($($f:ident($($a:ty),*) -> $r:ty),*) => {
        $(fn $f(self, $(_: $a),*) -> Result<$r, ShapeError> {
            Err(ShapeError::Unsupported)
        })*
    };
}

impl ser::Serializer for KeySer {
    type Ok = String;
    type Error = ShapeError;
    type SerializeSeq = ser::Impossible<String, ShapeError>;
    type SerializeTuple = ser::Impossible<String, ShapeError>;
    type SerializeTupleStruct = ser::Impossible<String, ShapeError>;
    type SerializeTupleVariant = ser::Impossible<String, ShapeError>;
    type SerializeMap = ser::Impossible<String, ShapeError>;
    type SerializeStruct = ser::Impossible<String, ShapeError>;
    type SerializeStructVariant = ser::Impossible<String, ShapeError>;

    fn serialize_str(self, v: &str) -> Result<String, ShapeError> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, ShapeError> {
        Ok(v.to_string())
    }
    key_numbers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<String, ShapeError> {
        Ok(v.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<String, ShapeError> {
        v.serialize(self)
    }
    unsupported!(serialize_bool(bool) -> String, serialize_f32(f32) -> String,
        serialize_f64(f64) -> String, serialize_bytes(&[u8]) -> String, serialize_none() -> String,
        serialize_unit() -> String, serialize_unit_struct(&'static str) -> String);
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, ShapeError> {
        Err(ShapeError::Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, ShapeError> {
        Err(ShapeError::Unsupported)
    }
    unsupported!(serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct(&'static str, usize) -> Self::SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant);
}

macro_rules! scalars {
    ($($f:ident: $t:ty => $s:ident($conv:expr)),*) => {
        $(fn $f(self, v: $t) -> Result<(), ShapeError> {
            #[allow(clippy::redundant_closure_call)]
            self.scalar(Scalar::$s(($conv)(v)))
        })*
    };
}

impl<'s, 'u> ser::Serializer for ValueSer<'s, 'u> {
    type Ok = ();
    type Error = ShapeError;
    type SerializeSeq = SeqSer<'s, 'u>;
    type SerializeTuple = SeqSer<'s, 'u>;
    type SerializeTupleStruct = SeqSer<'s, 'u>;
    type SerializeTupleVariant = ser::Impossible<(), ShapeError>;
    type SerializeMap = MapSer<'s, 'u>;
    type SerializeStruct = StructSer<'s, 'u>;
    type SerializeStructVariant = ser::Impossible<(), ShapeError>;

    scalars!(serialize_bool: bool => Bool(|v| v),
        serialize_i8: i8 => I64(i64::from), serialize_i16: i16 => I64(i64::from),
        serialize_i32: i32 => I64(i64::from), serialize_i64: i64 => I64(|v| v),
        serialize_u8: u8 => U64(u64::from), serialize_u16: u16 => U64(u64::from),
        serialize_u32: u32 => U64(u64::from), serialize_u64: u64 => U64(|v| v),
        serialize_f32: f32 => F64(f64::from), serialize_f64: f64 => F64(|v| v));

    fn serialize_char(self, v: char) -> Result<(), ShapeError> {
        self.scalar(Scalar::Str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<(), ShapeError> {
        self.scalar(Scalar::Str(v))
    }
    fn serialize_none(self) -> Result<(), ShapeError> {
        self.scalar(Scalar::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), ShapeError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ShapeError> {
        self.scalar(Scalar::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ShapeError> {
        self.scalar(Scalar::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<(), ShapeError> {
        self.scalar(Scalar::Str(v))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), ShapeError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ShapeError> {
        Err(ShapeError::Unsupported)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ShapeError> {
        Err(ShapeError::Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqSer<'s, 'u>, ShapeError> {
        self.seq()
    }
    fn serialize_tuple(self, _: usize) -> Result<SeqSer<'s, 'u>, ShapeError> {
        self.seq()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<SeqSer<'s, 'u>, ShapeError> {
        self.seq()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ShapeError> {
        Err(ShapeError::Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSer<'s, 'u>, ShapeError> {
        self.compound()?;
        self.s.key.push(b'{');
        Ok(MapSer {
            inner: StructSer {
                s: self.s,
                uses: self.uses,
                cursor: FieldCursor::default(),
                n: 0,
            },
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<StructSer<'s, 'u>, ShapeError> {
        self.compound()?;
        self.s.key.push(b'{');
        Ok(StructSer {
            s: self.s,
            uses: self.uses,
            cursor: self.uses.cursor(),
            n: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ShapeError> {
        Err(ShapeError::Unsupported)
    }
}

impl SerializeSeq for SeqSer<'_, '_> {
    type Ok = ();
    type Error = ShapeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ShapeError> {
        self.element(v)
    }
    fn end(self) -> Result<(), ShapeError> {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqSer<'_, '_> {
    type Ok = ();
    type Error = ShapeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ShapeError> {
        self.element(v)
    }
    fn end(self) -> Result<(), ShapeError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqSer<'_, '_> {
    type Ok = ();
    type Error = ShapeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ShapeError> {
        self.element(v)
    }
    fn end(self) -> Result<(), ShapeError> {
        self.finish()
    }
}

impl SerializeStruct for StructSer<'_, '_> {
    type Ok = ();
    type Error = ShapeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        v: &T,
    ) -> Result<(), ShapeError> {
        let uses = self.uses.field_of_struct(&mut self.cursor, name);
        self.field(name, uses, v)
    }
    fn skip_field(&mut self, name: &'static str) -> Result<(), ShapeError> {
        // A skipped field is absent from the JSON: the shape says so.
        self.s.key.push(b'-');
        self.s.key.extend_from_slice(name.as_bytes());
        self.s.key.push(0);
        Ok(())
    }
    fn end(self) -> Result<(), ShapeError> {
        self.s.key.push(b'}');
        self.s.key.extend_from_slice(&self.n.to_le_bytes());
        self.uses.struct_done(self.cursor);
        Ok(())
    }
}

impl SerializeMap for MapSer<'_, '_> {
    type Ok = ();
    type Error = ShapeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), ShapeError> {
        self.key = Some(k.serialize(KeySer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ShapeError> {
        let k = self.key.take().ok_or(ShapeError::Unsupported)?;
        let uses = self.inner.uses.field(&k);
        self.inner.field(&k, uses, v)
    }
    fn end(self) -> Result<(), ShapeError> {
        self.inner.s.key.push(b'}');
        self.inner
            .s
            .key
            .extend_from_slice(&self.inner.n.to_le_bytes());
        Ok(())
    }
}
