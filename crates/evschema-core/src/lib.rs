//! evschema-core: the engines behind the `evschema` command, as a library.
//!
//! Catalog loading ([`catalog`]), routing ([`routing`]) and delivery wrappers ([`envelope`]), validation ([`validate`]), lint rules and fix
//! planning ([`lint`]), compatibility checking ([`compat`]), the render model and Markdown
//! writer ([`render`]), and findings as data ([`diag`]). It has no command-line parsing, no
//! colour, no process-global state, and prints nothing: the binary does all of that.

pub mod catalog;
pub mod compat;
pub mod diag;
pub mod draft;
pub mod envelope;
pub mod export;
pub mod files;
pub mod formats;
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
