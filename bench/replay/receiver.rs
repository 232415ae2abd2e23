//! The replay benchmark's webhook receiver: the test receiver (tests/it/receiver.rs)
//! on an ephemeral port of 127.0.0.1. Prints its URL, then serves until its standard input
//! closes, then prints how many requests it got.

#[path = "../../tests/it/receiver.rs"]
mod receiver;

use std::io::{Read, Write};

fn main() {
    let rx = receiver::Receiver::start(None);
    println!("{}", rx.url);
    let _ = std::io::stdout().flush();
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    eprintln!("receiver: {} requests", rx.requests());
}
