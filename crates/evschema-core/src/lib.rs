//! evschema-core: the engines behind the `evschema` command, as a library.
//!
//! Catalog loading ([`catalog`]), routing ([`routing`]) and delivery wrappers ([`envelope`]), validation ([`validate`]), lint rules and fix
//! planning ([`lint`]), compatibility checking ([`compat`]), the render model and Markdown
//! writer ([`render`]), and findings as data ([`diag`]). It has no command-line parsing, no
//! colour, no process-global state, and prints nothing: the binary does all of that.
//!
//! Which draft a schema is read under is decided in one place ([`draft`]), and every
//! validator is started by one factory ([`validator`]), so `validate`, `lint` and `diff`
//! agree on what a schema means.
//!
//! # Load a catalog
//!
//! A folder of schemas, as `evschema lint schemas/` reads it (here the catalog that ships in
//! the repository):
//!
//! ```
//! use std::path::Path;
//! use evschema_core::catalog::Catalog;
//!
//! let catalog = Catalog::load(Path::new("../../schemas")).unwrap();
//! assert!(catalog.events.contains_key("license.created"));
//! // event type → the schema files that define it, by major version
//! let file = &catalog.schemas[catalog.events["license.created"][0]];
//! assert_eq!(file.rel, "sns_topics/license_created.json");
//! ```
//!
//! # Validate one event
//!
//! Routed by its `event_type` to its schema, with the formats, references and messages of
//! `evschema validate --catalog schemas/`:
//!
//! ```
//! use std::path::Path;
//! use evschema_core::validate::engine::{Engine, EngineOptions};
//! use serde_json::json;
//!
//! let options = EngineOptions { assert_formats: true, redact: false };
//! let engine = Engine::open_catalog(Path::new("../../schemas"), options).unwrap();
//! let event = json!({
//!     "event_type": "license.created",
//!     "event_id": "f86cd860-144b-47b1-866a-b73735226c37",
//!     "timestamp": "2024-12-15T09:00:00Z",
//!     "version": "1.0.0",
//!     "payload": {"user_id": "not-a-uuid"}
//! });
//! let verdict = engine.check(&event).unwrap();
//! assert!(!verdict.valid());
//! assert_eq!(verdict.event_type.as_deref(), Some("license.created"));
//! assert!(verdict.errors.iter().any(|e| e.instance_path == "/payload/user_id"));
//! ```
//!
//! # Compare two schemas
//!
//! The sound compatibility verdict `evschema diff` gives, with the semver bump it needs and
//! an event that shows each break:
//!
//! ```
//! use evschema_core::compat::{compare, Bump, Mode, Policy};
//! use serde_json::json;
//!
//! let old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
//! let new = json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]});
//! let c = compare(&old, &new, Policy::Strict);
//! assert!(!c.backward, "an event without id was valid and no longer is");
//! assert!(c.forward);
//! assert_eq!(c.required_bump(Mode::Backward), Bump::Major);
//! let witness = c.changes[0].witness.as_ref().unwrap();
//! assert!(witness.event.get("id").is_none());
//! ```

pub mod catalog;
pub mod compat;
pub mod diag;
pub mod draft;
pub mod envelope;
pub mod export;
pub mod files;
pub mod formats;
mod json_types;
pub mod lint;
pub mod pairing;
pub mod pointer;
pub mod refs;
pub mod render;
pub mod replay;
pub mod routing;
pub mod spans;
pub mod subscriptions;
pub mod validate;
pub mod validator;
