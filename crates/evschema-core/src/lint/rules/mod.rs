//! One function per rule, grouped by family. Each gets the analysed file (or the whole
//! catalog) and pushes hits; the driver adds code, severity and position.

pub mod catalog;
pub mod consistency;
pub mod contract;
pub mod validity;

use serde_json::{Map, Value};

use super::FileCx;

/// The schema objects a subschema stands for: itself, then the targets of its `$ref`
/// chain inside the catalog (at most 8 hops), as (file index, pointer, object).
pub fn with_refs<'a>(
    cx: &FileCx<'a>,
    file: usize,
    pointer: &str,
    node: &'a Map<String, Value>,
) -> Vec<(usize, String, &'a Map<String, Value>)> {
    let catalog: &'a crate::catalog::Catalog = cx.catalog;
    let mut out: Vec<(usize, String, &'a Map<String, Value>)> =
        vec![(file, pointer.to_owned(), node)];
    let mut current_file = file;
    let mut current: &Map<String, Value> = node;
    let mut current_pointer = pointer.to_owned();
    for _ in 0..8 {
        let Some(r) = current.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let site = format!("{current_pointer}/$ref");
        let Ok((t, frag)) = catalog.resolve_ref_at(current_file, &site, r) else {
            break;
        };
        let Some(Value::Object(target)) = catalog.schemas[t].value.pointer(&frag) else {
            break;
        };
        if out.iter().any(|(f, p, _)| *f == t && *p == frag) {
            break;
        }
        out.push((t, frag.clone(), target));
        current_pointer = frag;
        current_file = t;
        current = target;
    }
    out
}
