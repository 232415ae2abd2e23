//! Validation through the jsonschema crate, built the way `validate` builds it: the
//! exact oracle for listed values, property names and patterns.

use super::*;

impl Cx<'_> {
    /// Build (cached) a validator for a schema node of side `s`; `None` if it cannot be
    /// made standalone or does not compile.
    pub(super) fn with_validator<T>(
        &self,
        node: &Value,
        s: Sd,
        f: impl FnOnce(&jsonschema::Validator) -> T,
    ) -> Option<T> {
        let key = (s, node.to_string());
        let mut cache = self.validators.borrow_mut();
        let entry = cache
            .entry(key)
            .or_insert_with(|| self.build_standalone(node, s));
        entry.as_ref().map(f)
    }

    pub(super) fn build_standalone(&self, node: &Value, s: Sd) -> Option<jsonschema::Validator> {
        let root = self.sides[s].root;
        let mut schema = node.clone();
        if let Some(m) = schema.as_object_mut() {
            let mut refs = Vec::new();
            refs_in(node, &mut refs);
            if !refs.is_empty() {
                // a nested resource changes what fragment refs resolve against
                if node.to_string().contains("\"$id\"") {
                    return None;
                }
                if refs
                    .iter()
                    .any(|r| !(r.starts_with("#/definitions/") || r.starts_with("#/$defs/")))
                {
                    return None;
                }
                for k in ["definitions", "$defs"] {
                    if let Some(v) = root.get(k) {
                        m.insert(k.into(), v.clone());
                    }
                }
            }
            if let Some(v) = root.get("$schema") {
                m.insert("$schema".into(), v.clone());
            }
        }
        validator_for(&schema, self.d(s))
    }

    /// Is `inst` valid under the subschema `node` of side `s`?
    pub(crate) fn valid(&self, node: &Value, s: Sd, inst: &Value) -> Option<bool> {
        match node {
            Value::Bool(b) => Some(*b),
            Value::Object(_) => self.with_validator(node, s, |v| v.is_valid(inst)),
            _ => None,
        }
    }

    /// Does the ECMA-262 regex `p` match `name`? (via the validator, so the same engine)
    pub(crate) fn pattern_matches(&self, p: &str, name: &str) -> Option<bool> {
        let key = (p.to_string(), name.to_string());
        if let Some(r) = self.patterns.borrow().get(&key) {
            return *r;
        }
        let r = validator_for(&json!({ "pattern": p }), Draft::D2020)
            .map(|v| v.is_valid(&Value::String(name.to_string())));
        self.patterns.borrow_mut().insert(key, r);
        r
    }
}

/// Build a validator the way the CLI validates: format assertion on, the document's draft.
pub(crate) fn validator_for(schema: &Value, d: Draft) -> Option<jsonschema::Validator> {
    validator_options(d).build(schema).ok()
}

/// DESIGN: `format` is asserted under every draft; the factory registers `uuid` and
/// `duration` for every draft, as `validate` does; witnesses and the soundness oracle use
/// exactly these options.
pub(crate) fn validator_options(d: Draft) -> jsonschema::ValidationOptions<'static> {
    crate::validator::for_draft(d, true)
}
