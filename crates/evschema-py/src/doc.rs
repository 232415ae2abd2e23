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

/// `obj` as a [`Doc`], or `None` where [`crate::to_value`] would fail or differ (it then
/// decides and words the error). Numbers are converted as there: i64, then u64, then f64.
pub fn to_doc<'a>(obj: &Bound<'_, PyAny>, depth: usize) -> Option<Doc<'a>> {
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
        return Some(Doc::String(Cow::Owned(utf8(s)?.to_owned())));
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
            let key = utf8(k.cast::<PyString>().ok()?)?.to_owned();
            members.push((Cow::Owned(key), to_doc(&v, depth + 1)?));
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
