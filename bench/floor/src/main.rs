//! Minimal NDJSON reader: parse every line into serde_json::Value, count them.
use std::io::{BufRead, BufReader};

fn main() {
    let path = std::env::args().nth(1).expect("usage: parse-floor FILE");
    let file = std::fs::File::open(&path).expect("cannot open input");
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let mut line = Vec::new();
    let (mut ok, mut bad) = (0u64, 0u64);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).expect("read error") == 0 {
            break;
        }
        match serde_json::from_slice::<serde_json::Value>(&line) {
            Ok(_) => ok += 1,
            Err(_) => bad += 1,
        }
    }
    println!("{ok} parsed, {bad} malformed");
}
