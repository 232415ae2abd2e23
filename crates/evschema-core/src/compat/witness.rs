//! Instance generation: minimal valid instances of a schema, and witnesses (an event one
//! side accepts and the other rejects), always checked with the validator.

use serde_json::{json, Map, Value};

use super::num::{self, rat};
use super::prep::*;
use super::subset::{merge, merge_all, Cx, Sd};

const FORMATS: [(&str, &str); 16] = [
    ("uuid", "00000000-0000-4000-8000-000000000000"),
    ("date", "2025-01-01"),
    ("date-time", "2025-01-01T00:00:00Z"),
    ("time", "00:00:00Z"),
    ("email", "a@example.com"),
    ("idn-email", "a@example.com"),
    ("uri", "https://example.com"),
    ("iri", "https://example.com"),
    ("uri-reference", "https://example.com"),
    ("iri-reference", "https://example.com"),
    ("hostname", "example.com"),
    ("idn-hostname", "example.com"),
    ("ipv4", "192.0.2.1"),
    ("ipv6", "2001:db8::1"),
    ("regex", "^a$"),
    ("duration", "P1D"),
];

fn format_example(f: &str) -> Option<&'static str> {
    FORMATS.iter().find(|(n, _)| *n == f).map(|(_, v)| *v)
}

/// A plausible string matching a simple regex (anchors, literals, escapes, classes,
/// groups with alternation, quantifiers). Candidates are always checked afterwards.
pub(crate) fn regex_example(p: &str) -> Option<String> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    gen_seq(&chars, &mut 0, &mut out, 0)?;
    Some(out)
}

fn gen_seq(c: &[char], i: &mut usize, out: &mut String, depth: u32) -> Option<()> {
    if depth > 20 {
        return None;
    }
    while *i < c.len() {
        let ch = c[*i];
        if ch == ')' || ch == '|' {
            return Some(());
        }
        let start = out.len();
        match ch {
            '^' | '$' => {
                *i += 1;
                continue;
            }
            '\\' => {
                let e = *c.get(*i + 1)?;
                out.push(match e {
                    'd' => '0',
                    'w' => 'a',
                    's' => ' ',
                    'D' | 'W' | 'S' | 'b' | 'B' => return None,
                    other => other,
                });
                *i += 2;
            }
            '[' => {
                let mut j = *i + 1;
                if c.get(j) == Some(&'^') {
                    return None;
                }
                let first = *c.get(j)?;
                let first = if first == '\\' {
                    j += 1;
                    match *c.get(j)? {
                        'd' => '0',
                        'w' => 'a',
                        o => o,
                    }
                } else {
                    first
                };
                while j < c.len() && !(c[j] == ']' && j > *i + 1) {
                    if c[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                out.push(first);
                *i = j + 1;
            }
            '(' => {
                *i += 1;
                if c.get(*i) == Some(&'?') {
                    if c.get(*i + 1) == Some(&':') {
                        *i += 2;
                    } else {
                        return None;
                    }
                }
                gen_seq(c, i, out, depth + 1)?;
                // skip other alternatives
                let mut level = 0;
                while *i < c.len() {
                    match c[*i] {
                        '\\' => *i += 1,
                        '(' => level += 1,
                        ')' if level == 0 => break,
                        ')' => level -= 1,
                        _ => {}
                    }
                    *i += 1;
                }
                *i += 1; // ')'
            }
            '.' => {
                out.push('a');
                *i += 1;
            }
            '*' | '+' | '?' | '{' => return None,
            other => {
                out.push(other);
                *i += 1;
            }
        }
        // quantifier
        let atom: String = out[start..].to_string();
        match c.get(*i) {
            Some('*') | Some('?') => {
                out.truncate(start);
                *i += 1;
            }
            Some('+') => *i += 1,
            Some('{') => {
                let close = c[*i..].iter().position(|x| *x == '}')? + *i;
                let body: String = c[*i + 1..close].iter().collect();
                let n: usize = body.split(',').next()?.trim().parse().ok()?;
                out.truncate(start);
                for _ in 0..n.min(64) {
                    out.push_str(&atom);
                }
                *i = close + 1;
            }
            _ => {}
        }
        if matches!(c.get(*i), Some('?')) {
            *i += 1; // lazy quantifier
        }
    }
    Some(())
}

fn pick_type(m: &Map<String, Value>) -> &'static str {
    match m.get("type") {
        Some(Value::String(s)) => static_type(s),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(static_type)
            .next()
            .unwrap_or("null"),
        _ => {
            if [
                "properties",
                "required",
                "additionalProperties",
                "patternProperties",
                "minProperties",
            ]
            .iter()
            .any(|k| m.contains_key(*k))
            {
                "object"
            } else if ["items", "prefixItems", "minItems", "contains"]
                .iter()
                .any(|k| m.contains_key(*k))
            {
                "array"
            } else if ["minLength", "maxLength", "pattern", "format"]
                .iter()
                .any(|k| m.contains_key(*k))
            {
                "string"
            } else if [
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ]
            .iter()
            .any(|k| m.contains_key(*k))
            {
                "number"
            } else {
                "null"
            }
        }
    }
}

fn static_type(s: &str) -> &'static str {
    match s {
        "object" => "object",
        "array" => "array",
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        _ => "null",
    }
}

impl Cx<'_> {
    /// A small instance meant to be valid under `v` (side `s`); not guaranteed.
    pub(crate) fn minimal(&self, v: &Value, s: Sd, depth: u32) -> Value {
        let Some(m) = v.as_object() else {
            return Value::Null;
        };
        if depth > 12 {
            return Value::Null;
        }
        if let Some(c) = m.get("const") {
            return c.clone();
        }
        if let Some(Value::Array(xs)) = m.get("enum") {
            for x in xs {
                if self.valid(v, s, x) == Some(true) {
                    return x.clone();
                }
            }
            return xs.first().cloned().unwrap_or(Value::Null);
        }
        if m.contains_key("allOf") {
            if let Value::Object(mm) = merge_all(m) {
                let mut mm = mm;
                mm.shift_remove("allOf");
                return self.minimal(&Value::Object(mm), s, depth + 1);
            }
            return Value::Null;
        }
        for kw in ["anyOf", "oneOf"] {
            if let Some(Value::Array(xs)) = m.get(kw) {
                let mut base = m.clone();
                base.shift_remove(kw);
                let base = Value::Object(base);
                let mut first = None;
                for x in xs {
                    let c = self.minimal(&merge(&base, x), s, depth + 1);
                    if self.valid(v, s, &c) == Some(true) {
                        return c;
                    }
                    first.get_or_insert(c);
                }
                return first.unwrap_or(Value::Null);
            }
        }
        match pick_type(m) {
            "object" => {
                let props = m.get("properties").and_then(Value::as_object);
                let mut out = Map::new();
                let req: Vec<&str> = m
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for r in req {
                    let sch = props
                        .and_then(|p| p.get(r))
                        .or_else(|| m.get("additionalProperties"))
                        .cloned()
                        .unwrap_or(Value::Bool(true));
                    out.insert(r.to_string(), self.minimal(&sch, s, depth + 1));
                }
                let min = m.get("minProperties").and_then(count).unwrap_or(0) as usize;
                if let Some(p) = props {
                    for (k, sch) in p {
                        if out.len() >= min {
                            break;
                        }
                        if !out.contains_key(k) {
                            out.insert(k.clone(), self.minimal(sch, s, depth + 1));
                        }
                    }
                }
                Value::Object(out)
            }
            "array" => {
                let n = m.get("minItems").and_then(count).unwrap_or(0).min(8) as usize;
                let (prefix, rest) = self.items_of(m, s);
                let mut out = Vec::new();
                for i in 0..n {
                    let sch = prefix.get(i).unwrap_or(&rest);
                    out.push(self.minimal(sch, s, depth + 1));
                }
                Value::Array(out)
            }
            "string" => self.string_for(m, s),
            "integer" | "number" => {
                let int = pick_type(m) == "integer" || m.get("type").is_none();
                let (lo, hi) = self.bounds(m, s);
                let one = num::int(1);
                let two = num::int(2);
                let zero = num::int(0);
                let mut x = match &lo {
                    Some((v, e)) => {
                        if int {
                            if *e {
                                v.floor() + &one
                            } else {
                                v.ceil()
                            }
                        } else if *e {
                            match &hi {
                                Some((h, _)) if h > v => (v + h) / &two,
                                _ => v + &one,
                            }
                        } else {
                            v.clone()
                        }
                    }
                    None => match &hi {
                        Some((h, e)) => {
                            let h = if *e { h - &one } else { h.clone() };
                            if int {
                                h.floor().min(zero)
                            } else {
                                h.min(zero)
                            }
                        }
                        None => zero,
                    },
                };
                if let Some(mo) = m.get("multipleOf").and_then(rat) {
                    if mo > num::int(0) {
                        x = (&x / &mo).ceil() * &mo;
                    }
                }
                num::to_value(&x).unwrap_or(Value::Null)
            }
            "boolean" => Value::Bool(false),
            _ => Value::Null,
        }
    }

    pub(crate) fn items_of(&self, m: &Map<String, Value>, s: Sd) -> (Vec<Value>, Value) {
        crate::compat::prep::array_shape(m, self.sides[s].d)
    }

    fn string_for(&self, m: &Map<String, Value>, s: Sd) -> Value {
        let min = m.get("minLength").and_then(count).unwrap_or(0).min(256) as usize;
        let mut cands: Vec<String> = Vec::new();
        if let Some(f) = m
            .get("format")
            .and_then(Value::as_str)
            .and_then(format_example)
        {
            cands.push(f.to_string());
        }
        if let Some(p) = m.get("pattern").and_then(Value::as_str) {
            if let Some(x) = regex_example(p) {
                cands.push(x.clone());
                if x.chars().count() < min {
                    cands.push(format!("{x}{}", "a".repeat(min - x.chars().count())));
                }
            }
            for c in ["a", "A", "0", "1", "abc", "a.b", "1.0.0", "a_b", "AA", "aa"] {
                cands.push(c.to_string());
            }
        }
        cands.push("a".repeat(min));
        let mut check = Map::new();
        for k in ["minLength", "maxLength", "pattern", "format"] {
            if let Some(v) = m.get(k) {
                check.insert(k.into(), v.clone());
            }
        }
        let check = Value::Object(check);
        for c in &cands {
            let v = Value::String(c.clone());
            if self.valid(&check, s, &v) == Some(true) {
                return v;
            }
        }
        Value::String(cands.pop().unwrap_or_default())
    }

    /// Values worth trying at one location: boundaries, listed values, and one of each type.
    pub(crate) fn probe_values(&self, node: Option<&Value>, s: Sd, out: &mut Vec<Value>) {
        let Some(v) = node else { return };
        out.push(self.minimal(v, s, 0));
        let Some(m) = v.as_object() else { return };
        if let Some(Value::Array(xs)) = m.get("enum") {
            out.extend(xs.iter().cloned());
        }
        if let Some(c) = m.get("const") {
            out.push(c.clone());
        }
        for k in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            if let Some(x) = m.get(k).and_then(rat) {
                out.extend(num::around(&x));
            }
        }
        if let Some(x) = m.get("multipleOf").and_then(rat) {
            let three_halves = num::Rat::new(3.into(), 2.into());
            for c in [x.clone(), &x * three_halves, num::int(1)] {
                out.extend(num::to_value(&c));
            }
        }
        for k in ["minLength", "maxLength"] {
            if let Some(x) = m.get(k).and_then(count) {
                for n in [x.saturating_sub(1), x, x + 1] {
                    out.push(Value::String("a".repeat(n.min(300) as usize)));
                }
            }
        }
        for k in ["minItems", "maxItems"] {
            if let Some(x) = m.get(k).and_then(count) {
                let (prefix, rest) = self.items_of(m, s);
                for n in [x.saturating_sub(1), x, x + 1] {
                    let arr: Vec<Value> = (0..n.min(20) as usize)
                        .map(|i| self.minimal(prefix.get(i).unwrap_or(&rest), s, 1))
                        .collect();
                    out.push(Value::Array(arr));
                }
            }
        }
        for k in ["minProperties", "maxProperties"] {
            if let Some(x) = m.get(k).and_then(count) {
                let base = self.minimal(v, s, 1);
                for n in [x.saturating_sub(1), x + 1] {
                    let mut o = base.as_object().cloned().unwrap_or_default();
                    let mut i = 0;
                    while (o.len() as u64) < n && i < 40 {
                        o.insert(format!("extra_{i}"), Value::Null);
                        i += 1;
                    }
                    while (o.len() as u64) > n {
                        let Some(k) = o.keys().next_back().cloned() else {
                            break;
                        };
                        o.shift_remove(&k);
                    }
                    out.push(Value::Object(o));
                }
            }
        }
        for kw in ["dependencies", "dependentRequired"] {
            if let Some(Value::Object(deps)) = m.get(kw) {
                let base = self.minimal(v, s, 1);
                for (k, names) in deps {
                    let mut o = base.as_object().cloned().unwrap_or_default();
                    o.insert(k.clone(), Value::Null);
                    for n in names
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        o.insert(n.to_string(), Value::Null);
                    }
                    out.push(Value::Object(o));
                }
            }
        }
        if let Some(c) = m.get("contains") {
            let x = self.minimal(c, s, 1);
            out.push(json!([x.clone()]));
            out.push(json!([x.clone(), x]));
        }
        if m.contains_key("items") || m.contains_key("prefixItems") || m.contains_key("uniqueItems")
        {
            let (prefix, rest) = self.items_of(m, s);
            let one = self.minimal(prefix.first().unwrap_or(&rest), s, 1);
            out.push(json!([one.clone()]));
            out.push(json!([one.clone(), one.clone()]));
            for g in [Value::Null, json!(0), json!("a"), json!(1.5), json!({})] {
                out.push(json!([g.clone()]));
                out.push(json!([one.clone(), g]));
            }
            let (prefix, rest) = (prefix, rest);
            let _ = (prefix, rest);
        }
        if m.get("format").is_some() || m.get("pattern").is_some() {
            for (_, f) in FORMATS {
                out.push(json!(f));
            }
        }
        for kw in ["anyOf", "oneOf", "allOf"] {
            if let Some(Value::Array(xs)) = m.get(kw) {
                for x in xs {
                    self.probe_values(Some(x), s, out);
                }
            }
        }
        for kw in ["not", "if", "then", "else"] {
            if let Some(x) = m.get(kw) {
                self.probe_values(Some(x), s, out);
            }
        }
    }

    /// Find an instance valid under side `acc` and invalid under the other, by mutating a
    /// minimal instance of `acc` at the location the schema pointer `path` addresses.
    pub(crate) fn find_witness(
        &self,
        trees: [&Value; 2],
        acc: Sd,
        path: &str,
        lenient_trees: Option<[&Value; 2]>,
    ) -> Option<Value> {
        let oth = 1 - acc;
        // under lenient, a witness carries only properties its side declares
        let accepts = |inst: &Value| -> bool {
            self.root_valid(acc, inst) == Some(true)
                && lenient_trees.is_none_or(|t| {
                    self.valid(t[acc], acc, inst) == Some(true)
                        && declared_only(inst, &[trees[acc].clone()])
                })
        };
        let rejects = |inst: &Value| self.root_valid(oth, inst) == Some(false);
        // follow the pointer through both trees, collecting the instance location
        let segs = crate::pointer::parse(path);
        let mut loc: Vec<Step> = Vec::new();
        let mut nodes: Vec<Option<Value>> = Vec::new(); // acc node at each loc prefix
        let mut a: Option<Value> = Some(trees[acc].clone());
        let mut o: Option<Value> = Some(trees[oth].clone());
        nodes.push(a.clone());
        let mut i = 0;
        let child = |n: &Option<Value>, ks: &[&str]| -> Option<Value> {
            let mut cur = n.as_ref()?;
            for k in ks {
                cur = match cur {
                    Value::Object(m) => m.get(*k)?,
                    Value::Array(xs) => xs.get(k.parse::<usize>().ok()?)?,
                    _ => return None,
                };
            }
            Some(cur.clone())
        };
        while i < segs.len() {
            let seg = segs[i].as_str();
            let next = segs.get(i + 1).map(String::as_str);
            if next.is_none()
                && matches!(
                    seg,
                    "items" | "contains" | "additionalItems" | "additionalProperties"
                )
            {
                break; // a change to the keyword itself: mutate the container
            }
            match (seg, next) {
                ("properties", Some(name)) => {
                    loc.push(Step::Key(name.to_string()));
                    a = child(&a, &[seg, name]);
                    o = child(&o, &[seg, name]);
                    i += 2;
                }
                ("items" | "prefixItems", Some(n)) if n.parse::<usize>().is_ok() => {
                    loc.push(Step::Index(n.parse().unwrap_or(0)));
                    a = child(&a, &[seg, n]);
                    o = child(&o, &[seg, n]);
                    i += 2;
                }
                ("items" | "contains", _) => {
                    loc.push(Step::Index(0));
                    a = child(&a, &[seg]);
                    o = child(&o, &[seg]);
                    i += 1;
                }
                ("patternProperties", Some(p)) => {
                    let key = regex_example(p).unwrap_or_else(|| "x".into());
                    loc.push(Step::Key(key));
                    a = child(&a, &[seg, p]);
                    o = child(&o, &[seg, p]);
                    i += 2;
                }
                ("additionalProperties", _) => {
                    loc.push(Step::Key("extra_property".into()));
                    a = child(&a, &[seg]);
                    o = child(&o, &[seg]);
                    i += 1;
                }
                ("allOf" | "anyOf" | "oneOf", Some(n)) if n.parse::<usize>().is_ok() => {
                    // same instance location, narrower schema node
                    a = child(&a, &[seg, n]);
                    o = child(&o, &[seg, n]);
                    i += 2;
                    continue;
                }
                _ => break,
            }
            nodes.push(a.clone());
        }
        let mut base = self.minimal(trees[acc], acc, 0);
        // make sure the location exists in the base instance
        for (depth, step) in loc.iter().enumerate() {
            let fill = nodes
                .get(depth + 1)
                .and_then(|n| n.as_ref())
                .map(|n| self.minimal(n, acc, 0))
                .unwrap_or(Value::Null);
            let parent = locate(&mut base, &loc[..depth])?;
            match (step, parent) {
                (Step::Key(k), Value::Object(m)) => {
                    if !m.contains_key(k) {
                        m.insert(k.clone(), fill);
                    }
                }
                (Step::Index(n), Value::Array(xs)) => {
                    while xs.len() <= *n {
                        xs.push(fill.clone());
                    }
                }
                (Step::Key(k), p) => {
                    *p = json!({ k.clone(): fill });
                }
                (Step::Index(n), p) => {
                    *p = Value::Array(vec![fill; n + 1]);
                }
            }
        }
        if !accepts(&base) {
            base = self.improve(
                [trees[acc], trees[oth]],
                [acc, oth],
                &base,
                &|i: &Value| self.err_count(acc, i),
                &|_: &Value| true,
                &loc,
            );
        }
        let mut values: Vec<Value> = Vec::new();
        self.probe_values(a.as_ref(), acc, &mut values);
        self.probe_values(o.as_ref(), oth, &mut values);
        values.extend(generic_values());
        let try_inst = |inst: Value| -> Option<Value> {
            if accepts(&inst) && rejects(&inst) {
                Some(inst)
            } else {
                None
            }
        };
        let search = |base: &Value, allow_base: bool| -> Option<Value> {
            if allow_base {
                if let Some(w) = try_inst(base.clone()) {
                    return Some(w);
                }
            }
            // object-level mutations at the location
            let mut names: Vec<String> = Vec::new();
            for n in [&a, &o].into_iter().flatten() {
                if let Some(p) = n.get("properties").and_then(Value::as_object) {
                    names.extend(p.keys().cloned());
                }
                if let Some(p) = n.get("patternProperties").and_then(Value::as_object) {
                    names.extend(p.keys().filter_map(|k| regex_example(k)));
                }
                for kw in ["dependencies", "dependentRequired", "dependentSchemas"] {
                    if let Some(p) = n.get(kw).and_then(Value::as_object) {
                        names.extend(p.keys().cloned());
                    }
                }
            }
            names.push("extra_property".into());
            names.sort();
            names.dedup();
            let is_obj = locate(&mut base.clone(), &loc).is_some_and(|v| v.is_object());
            if is_obj {
                for name in &names {
                    let mut vals = Vec::new();
                    let pa = a
                        .as_ref()
                        .and_then(|n| n.get("properties"))
                        .and_then(|p| p.get(name));
                    let po = o
                        .as_ref()
                        .and_then(|n| n.get("properties"))
                        .and_then(|p| p.get(name));
                    self.probe_values(pa, acc, &mut vals);
                    self.probe_values(po, oth, &mut vals);
                    vals.extend(generic_values());
                    let mut removed = base.clone();
                    if let Some(Value::Object(m)) = locate(&mut removed, &loc) {
                        m.shift_remove(name);
                    }
                    if let Some(w) = try_inst(removed) {
                        return Some(w);
                    }
                    for v in vals {
                        let mut inst = base.clone();
                        if let Some(Value::Object(m)) = locate(&mut inst, &loc) {
                            m.insert(name.clone(), v);
                        }
                        if let Some(w) = try_inst(inst) {
                            return Some(w);
                        }
                    }
                }
            }
            for v in &values {
                let mut inst = base.clone();
                if let Some(slot) = locate(&mut inst, &loc) {
                    *slot = v.clone();
                }
                if let Some(w) = try_inst(inst) {
                    return Some(w);
                }
            }
            None
        };
        // first from an instance both sides accept, so the witness shows this change
        let both = self.improve(
            [trees[acc], trees[oth]],
            [acc, oth],
            &base,
            &|i: &Value| self.err_count(oth, i),
            &accepts,
            &loc,
        );
        if self.root_valid(oth, &both) == Some(true) {
            if let Some(w) = search(&both, false) {
                return Some(w);
            }
        }
        search(&base, true)
    }

    fn err_count(&self, s: Sd, inst: &Value) -> usize {
        self.root_validator(s)
            .map_or(usize::MAX, |v| v.iter_errors(inst).count())
    }

    /// Local search: change one location at a time (a listed or boundary value, a declared
    /// property added or dropped) while `score` (errors left) decreases and `ok` holds.
    /// `keep` is a location that must survive.
    fn improve(
        &self,
        trees: [&Value; 2],
        sides: [Sd; 2],
        start: &Value,
        score: &dyn Fn(&Value) -> usize,
        ok: &dyn Fn(&Value) -> bool,
        keep: &[Step],
    ) -> Value {
        let mut inst = start.clone();
        let mut best = score(&inst);
        for _ in 0..8 {
            if best == 0 {
                break;
            }
            let mut locs = Vec::new();
            locations(
                &inst,
                Some(trees[0]),
                Some(trees[1]),
                &mut Vec::new(),
                &mut locs,
            );
            let mut improved = false;
            'locs: for (loc, an, on) in locs {
                // each edit is made in place, scored, and undone unless it improves: the
                // instance is never copied per candidate
                let mut edits: Vec<Edit> = Vec::new();
                let mut cands = Vec::new();
                self.probe_values(an.as_ref(), sides[0], &mut cands);
                self.probe_values(on.as_ref(), sides[1], &mut cands);
                edits.extend(cands.into_iter().map(Edit::Set));
                // declared properties (including those of branches) added or dropped
                let mut decl: Vec<(String, Value, Sd)> = Vec::new();
                for (n, s) in [(&an, sides[0]), (&on, sides[1])] {
                    if let Some(n) = n {
                        declared_props(n, s, 0, &mut decl);
                    }
                }
                if let Some(Value::Object(cur)) = locate(&mut inst, &loc) {
                    edits.extend(cur.keys().map(|k| Edit::Remove(k.clone())));
                    for (k, sch, side) in &decl {
                        if cur.contains_key(k) {
                            continue;
                        }
                        let mut vals = Vec::new();
                        self.probe_values(Some(sch), *side, &mut vals);
                        vals.truncate(12);
                        edits.extend(vals.into_iter().map(|v| Edit::Insert(k.clone(), v)));
                    }
                }
                for e in edits {
                    let undo = apply_edit(&mut inst, &loc, e);
                    // the location under test must survive
                    if locate(&mut inst, keep).is_some() && ok(&inst) {
                        let e = score(&inst);
                        if e < best {
                            best = e;
                            improved = true;
                            break 'locs;
                        }
                    }
                    undo_edit(&mut inst, &loc, undo);
                }
            }
            if !improved {
                break;
            }
        }
        inst
    }

    /// Validate against a whole root document, as the CLI would.
    pub(crate) fn root_valid(&self, s: Sd, inst: &Value) -> Option<bool> {
        self.root_validator(s).map(|v| v.is_valid(inst))
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

type Loc = (Vec<Step>, Option<Value>, Option<Value>);

/// Property names a node declares, with their schemas, looking into combinator branches.
fn declared_props(n: &Value, s: Sd, depth: u32, out: &mut Vec<(String, Value, Sd)>) {
    if depth > 4 || out.len() > 64 {
        return;
    }
    if let Some(p) = n.get("properties").and_then(Value::as_object) {
        for (k, v) in p {
            out.push((k.clone(), v.clone(), s));
        }
    }
    for kw in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(xs)) = n.get(kw) {
            for x in xs {
                declared_props(x, s, depth + 1, out);
            }
        }
    }
    for kw in ["then", "else"] {
        if let Some(x) = n.get(kw) {
            declared_props(x, s, depth + 1, out);
        }
    }
}

/// Every location of an instance with the schema nodes of both sides that describe it.
fn locations(
    inst: &Value,
    a: Option<&Value>,
    o: Option<&Value>,
    at: &mut Vec<Step>,
    out: &mut Vec<Loc>,
) {
    if out.len() > 100 || at.len() > 8 {
        return;
    }
    out.push((at.clone(), a.cloned(), o.cloned()));
    let child = |n: Option<&Value>, k: &str| -> Option<Value> {
        let n = n?;
        let mut decl = Vec::new();
        declared_props(n, 0, 0, &mut decl);
        decl.into_iter()
            .find(|(name, _, _)| name == k)
            .map(|(_, v, _)| v)
            .or_else(|| n.get("additionalProperties").cloned())
    };
    let item = |n: Option<&Value>, i: usize| -> Option<Value> {
        match n?.get("items")? {
            Value::Array(xs) => xs.get(i).cloned(),
            x => Some(x.clone()),
        }
    };
    match inst {
        Value::Object(m) => {
            for (k, v) in m {
                at.push(Step::Key(k.clone()));
                let (ca, co) = (child(a, k), child(o, k));
                locations(v, ca.as_ref(), co.as_ref(), at, out);
                at.pop();
            }
        }
        Value::Array(xs) => {
            for (i, v) in xs.iter().enumerate() {
                at.push(Step::Index(i));
                let (ca, co) = (item(a, i), item(o, i));
                locations(v, ca.as_ref(), co.as_ref(), at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// One change the local search tries at a location.
enum Edit {
    Set(Value),
    Remove(String),
    Insert(String, Value),
}

/// How to take an [`Edit`] back.
enum Undo {
    Nothing,
    Set(Value),
    Removed(usize, String, Value),
    Inserted(String),
}

fn apply_edit(inst: &mut Value, loc: &[Step], e: Edit) -> Undo {
    let Some(slot) = locate(inst, loc) else {
        return Undo::Nothing;
    };
    match (e, slot) {
        (Edit::Set(v), slot) => Undo::Set(std::mem::replace(slot, v)),
        (Edit::Remove(k), Value::Object(m)) => match m.keys().position(|x| *x == k) {
            Some(i) => match m.shift_remove_entry(&k) {
                Some((k, v)) => Undo::Removed(i, k, v),
                None => Undo::Nothing,
            },
            None => Undo::Nothing,
        },
        (Edit::Insert(k, v), Value::Object(m)) => {
            m.insert(k.clone(), v);
            Undo::Inserted(k)
        }
        _ => Undo::Nothing,
    }
}

fn undo_edit(inst: &mut Value, loc: &[Step], undo: Undo) {
    let Some(slot) = locate(inst, loc) else {
        return;
    };
    match (undo, slot) {
        (Undo::Nothing, _) => {}
        (Undo::Set(v), slot) => *slot = v,
        (Undo::Removed(i, k, v), Value::Object(m)) => {
            m.shift_insert(i, k, v);
        }
        (Undo::Inserted(k), Value::Object(m)) => {
            m.shift_remove(&k);
        }
        _ => {}
    }
}

fn locate<'v>(v: &'v mut Value, loc: &[Step]) -> Option<&'v mut Value> {
    let mut cur = v;
    for s in loc {
        cur = match (s, cur) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Step::Index(i), Value::Array(xs)) => xs.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

pub(crate) fn generic_values() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(-1),
        json!(0.5),
        json!(1000000),
        json!(""),
        json!("a"),
        json!("not a valid value"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"extra_property": null}),
    ]
}
