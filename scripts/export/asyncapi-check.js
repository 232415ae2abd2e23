// Parses an AsyncAPI document written by `evschema export asyncapi` with @asyncapi/parser
// and checks that it has no error and that every message payload the parser returns equals
// the catalog's schema for that event type (every $ref replaced by its target, as a
// draft-07 reader sees it: the siblings of a $ref are ignored).
//
// usage: node asyncapi-check.js DOC CATALOG_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { Parser } = require('@asyncapi/parser');

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}

// drop what the parser adds to every schema it hands out
function clean(v) {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('x-parser-')) continue;
      out[k] = clean(x);
    }
    return out;
  }
  return v;
}

function pointer(doc, frag) {
  if (!frag) return doc;
  return frag
    .split('/')
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((v, t) => {
      if (v === undefined || !(t in v)) fail(`pointer ${frag} does not resolve`);
      return v[t];
    }, doc);
}

// the catalog file with every $ref replaced by its (inlined) target
function inline(file, value, depth = 0) {
  if (depth > 64) fail(`ref chain too deep in ${file}`);
  const root = JSON.parse(fs.readFileSync(file, 'utf8'));
  function walk(v, data) {
    if (Array.isArray(v)) return v.map((x) => walk(x, data));
    if (!v || typeof v !== 'object') return v;
    if (!data && typeof v.$ref === 'string') {
      const [docPart, frag] = v.$ref.split('#');
      const target = docPart ? path.resolve(path.dirname(file), docPart) : file;
      const doc = docPart ? JSON.parse(fs.readFileSync(target, 'utf8')) : root;
      return inline(target, pointer(doc, frag || ''), depth + 1);
    }
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = walk(x, data || ['enum', 'const', 'examples', 'default'].includes(k));
    }
    return out;
  }
  return walk(value === undefined ? root : value, false);
}

function canon(v) {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function firstDiff(a, b, at) {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (canon(a[k]) !== canon(b[k])) return firstDiff(a[k], b[k], `${at}/${k}`);
    }
  }
  return `${at || '/'}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

async function main() {
  const [docFile, catalogDir] = process.argv.slice(2);
  const text = fs.readFileSync(docFile, 'utf8');
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(text);
  const errors = diagnostics.filter((d) => d.severity === 0);
  if (!document || errors.length) {
    fail(`${docFile}: ${errors.map((e) => `${e.path.join('/')}: ${e.message}`).join('; ')}`);
  }
  // which catalog file each message comes from: the exporter records it as an extension
  const raw = require('js-yaml').load(text);
  const sources = {};
  for (const [id, m] of Object.entries(raw.components.messages)) sources[id] = m['x-evschema-source'];
  let checked = 0;
  for (const message of document.messages().all()) {
    const id = message.id();
    const rel = sources[id];
    if (!rel) fail(`message ${id}: no source file known`);
    const json = message.payload().json();
    // a Multi Format Schema Object comes back whole: its schema is the payload
    const got = clean(json && json.schemaFormat ? json.schema : json);
    const want = inline(path.join(catalogDir, rel));
    if (canon(got) !== canon(want)) {
      fail(`message ${id}: the payload the parser returns differs from ${rel} at ${firstDiff(got, want, '')}`);
    }
    if (message.payload().schemaFormat() !== 'application/schema+json;version=draft-07') {
      fail(`message ${id}: schemaFormat ${message.payload().schemaFormat()}`);
    }
    checked += 1;
  }
  const warnings = diagnostics.filter((d) => d.severity === 1).length;
  console.log(`${docFile}: parsed, ${document.channels().length} channels, ${document.operations().length} operations, ${checked} payloads equal to the catalog's (${warnings} warnings)`);
}

main().catch((e) => fail(e.stack || String(e)));
