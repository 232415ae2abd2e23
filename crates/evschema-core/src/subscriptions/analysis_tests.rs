use super::analysis::*;
use super::parse::parse_file;
use crate::catalog::Catalog;
use std::path::{Path, PathBuf};

fn shipped() -> Catalog {
    Catalog::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas"))).unwrap()
}

fn sub(text: &str) -> super::Subscription {
    parse_file("subscriptions/x.json", PathBuf::from("subscriptions/x.json"), text).unwrap()
}

#[test]
fn show() {
    let cat0 = shipped();
    for s in super::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas"))).0 { let t = std::time::Instant::now(); let a = analyse(&cat0, &s); println!("{} {:?} {:?}", s.name, t.elapsed(), a.findings); }
    let cat = shipped();
    for text in [
        r#"{"name":"n","owner":"o","channel":"sns_topics","sns":{"FilterPolicy":{"event_type":[{"prefix":"license."},"license.expiration.warning"]}}}"#,
        r#"{"name":"n","owner":"o","channel":"sns_topics","sns":{"FilterPolicy":{"event_type":["license.expiration.warning"]}}}"#,
        r#"{"name":"n","owner":"o","channel":"sns_topics","sns":{"FilterPolicyScope":"MessageBody","FilterPolicy":{"event_type":[{"prefix":"license."}],"payload":{"state":[{"numeric":[">",3]}],"days_until_expiration":[{"numeric":["<=",30]}],"licence_id":[{"exists":true}]}}}}"#,
        r#"{"name":"n","owner":"o","channel":"sns_topics","sns":{"FilterPolicy":{"event_type":["license.created"],"version":[{"prefix":"2."}]}}}"#,
        r#"{"name":"n","owner":"o","channel":"*","eventbridge":{"EventPattern":{"detail-type":[{"wildcard":"notification.*"}],"detail":{"payload":{"channel":["email"]}}}}}"#,
    ] {
        let s = sub(text);
        let t = std::time::Instant::now();
        let a = analyse(&cat, &s);
        println!("--- {:?} {:?}", t.elapsed(), a.event_types());
        for f in &a.findings { println!("{} {} {}\n    {}", f.code, f.pointer, f.message, f.help); }
    }
}
