//! The fast path for dict events: a dict converted into the core's light document
//! ([`Doc`]: members in a vector, no hashing of keys) and checked by the engine's validator
//! for that representation. It only ever answers "valid"; any event it cannot convert the
//! way [`crate::to_value`] does, or finds invalid, goes down the ordinary path, which gives
//! the errors, so results are the same whichever path answers.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Number;

use evschema_core::validate::fast::Doc;

use crate::{utf8, MAX_DEPTH};

/// `event` as a [`Doc`] that borrows its strings from the Python objects, handed to `f`; or
/// `None` where [`crate::to_value`] would fail or differ (it then decides and words the
/// error). Numbers are converted as there: i64, then u64, then f64.
pub fn with_doc<T>(event: &Bound<'_, PyAny>, f: impl FnOnce(&Doc<'_>) -> T) -> Option<T> {
    // SAFETY of the borrowed strings (see `borrow`): the Doc lives only inside this call,
    // during which the GIL stays held and no Python code runs (the conversion reads dicts,
    // lists, tuples, str, int, float, bool and None through their C API, which calls no
    // user code, and the validator is Rust), so no container is mutated and every str the
    // Doc points into stays referenced by `event`, which the caller borrows.
    let doc = to_doc(event, 0)?;
    Some(f(&doc))
}

/// A str's UTF-8 as a borrow as long as the Doc it goes into: `with_doc` guarantees the str
/// object outlives that Doc (it is held by a container reachable from the event, and nothing
/// can remove it while the Doc lives).
fn borrow<'a>(s: &Bound<'_, PyString>) -> Option<&'a str> {
    let text = utf8(s)?;
    // SAFETY: see `with_doc`; CPython keeps a str's UTF-8 buffer as long as the object.
    Some(unsafe { std::mem::transmute::<&str, &'a str>(text) })
}

fn to_doc<'a>(obj: &Bound<'_, PyAny>, depth: usize) -> Option<Doc<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    if obj.is_none() {
        return Some(Doc::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Some(Doc::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Some(Doc::String(Cow::Borrowed(borrow(s)?)));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Some(Doc::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Some(Doc::Number(u.into()));
        }
        return obj
            .extract::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Doc::Number);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value()).map(Doc::Number);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut members = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = borrow(k.cast::<PyString>().ok()?)?;
            members.push((Cow::Borrowed(key), to_doc(&v, depth + 1)?));
        }
        return Some(Doc::Object(members));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        let mut items = Vec::with_capacity(l.len());
        for item in l.iter() {
            items.push(to_doc(&item, depth + 1)?);
        }
        return Some(Doc::Array(items));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(t.len());
        for item in t.iter() {
            items.push(to_doc(&item, depth + 1)?);
        }
        return Some(Doc::Array(items));
    }
    None
}
