//! The fast path for dict events: a dict converted into the core's light document
//! ([`Doc`]: members in a vector, no hashing of keys) and checked by the engine's validator
//! for that representation. It only ever answers "valid"; any event it cannot convert the
//! way [`crate::to_value`] does, or finds invalid, goes down the ordinary path, which gives
//! the errors, so results are the same whichever path answers.

use std::borrow::Cow;
use std::ptr::addr_of_mut;

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::Number;

use evschema_core::validate::fast::Doc;

use crate::{utf8_at, MAX_DEPTH};

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
    // SAFETY: see `with_doc`; `s` is a live str and the GIL is held.
    unsafe { utf8_at(s.py(), s.as_ptr()) }
}

fn to_doc<'a>(obj: &Bound<'_, PyAny>, depth: usize) -> Option<Doc<'a>> {
    // SAFETY: `obj` is a live object and the GIL is held (a `Bound` proves both).
    unsafe { exact(obj.py(), obj.as_ptr(), depth) }
}

/// The builtin types an event is made of (exact `dict`, `list`, `str`, `int` that fits
/// an i64, `float`, `bool`, `None`) read through the C API with borrowed references: no
/// reference counting and one type comparison per value. Anything else (subclasses, large
/// ints, tuples) goes to [`general`], which converts it as [`crate::to_value`] does.
///
/// # Safety
/// `ptr` is a live object, the GIL is held, and (see `with_doc`) no Python code runs while
/// the Doc built from it lives.
unsafe fn exact<'a>(py: Python<'_>, ptr: *mut ffi::PyObject, depth: usize) -> Option<Doc<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let ty = ffi::Py_TYPE(ptr);
    if ty == addr_of_mut!(ffi::PyUnicode_Type) {
        return Some(Doc::String(Cow::Borrowed(utf8_at(py, ptr)?)));
    }
    if ty == addr_of_mut!(ffi::PyDict_Type) {
        let mut members = Vec::with_capacity(usize::try_from(ffi::PyDict_Size(ptr)).ok()?);
        let mut pos: ffi::Py_ssize_t = 0;
        let mut key: *mut ffi::PyObject = std::ptr::null_mut();
        let mut value: *mut ffi::PyObject = std::ptr::null_mut();
        while ffi::PyDict_Next(ptr, &mut pos, &mut key, &mut value) != 0 {
            // a key that is a str subclass reads as a str; any other key is for
            // `to_value` to refuse
            if ffi::PyUnicode_Check(key) == 0 {
                return None;
            }
            let key = utf8_at(py, key)?;
            members.push((Cow::Borrowed(key), exact(py, value, depth + 1)?));
        }
        return Some(Doc::Object(members));
    }
    if ty == addr_of_mut!(ffi::PyList_Type) {
        let len = ffi::PyList_Size(ptr);
        let mut items = Vec::with_capacity(usize::try_from(len).ok()?);
        for i in 0..len {
            items.push(exact(py, ffi::PyList_GetItem(ptr, i), depth + 1)?);
        }
        return Some(Doc::Array(items));
    }
    if ty == addr_of_mut!(ffi::PyLong_Type) {
        let mut overflow: std::os::raw::c_int = 0;
        let i = ffi::PyLong_AsLongLongAndOverflow(ptr, &mut overflow);
        if overflow == 0 {
            if i != -1 || ffi::PyErr_Occurred().is_null() {
                return Some(Doc::Number(i.into()));
            }
            drop(PyErr::take(py));
        }
        // beyond i64: u64, then f64, as `to_value` reads it
    } else if ty == addr_of_mut!(ffi::PyFloat_Type) {
        return Number::from_f64(ffi::PyFloat_AsDouble(ptr)).map(Doc::Number);
    } else if ptr == ffi::Py_None() {
        return Some(Doc::Null);
    } else if ptr == ffi::Py_True() {
        return Some(Doc::Bool(true));
    } else if ptr == ffi::Py_False() {
        return Some(Doc::Bool(false));
    }
    general(&Bound::from_borrowed_ptr(py, ptr), depth)
}

/// Any other value, through pyo3's type checks, in the order [`crate::to_value`] takes.
fn general<'a>(obj: &Bound<'_, PyAny>, depth: usize) -> Option<Doc<'a>> {
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
