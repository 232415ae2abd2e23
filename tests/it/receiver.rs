//! A webhook receiver on 127.0.0.1 for the replay tests and benchmark: HTTP/1.1 with
//! keep-alive, checks `X-Evschema-Signature-256`, records every request it got, and fails on
//! command (a status, 429 with Retry-After, a dropped connection, a slow answer), per event
//! id and attempt.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What to do with one request.
#[derive(Debug, Clone)]
pub enum Act {
    /// Answer with this status.
    Status(u16),
    /// Answer with this status and `Retry-After: SECS`.
    RetryAfter(u16, u64),
    /// Close the connection without answering.
    Drop,
    /// Wait, then answer 200 (the client may have given up by then).
    Slow(Duration),
}

/// One request received.
#[derive(Debug, Clone)]
pub struct Got {
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// None when no secret is set; else whether the signature header was right.
    pub signature_ok: Option<bool>,
    /// The status answered (0 for a dropped connection, 200 after a slow answer).
    pub answered: u16,
}

#[derive(Default)]
struct Shared {
    got: Mutex<Vec<Got>>,
    script: Mutex<HashMap<String, VecDeque<Act>>>,
    secret: Option<Vec<u8>>,
    /// Delay before every answer, in microseconds.
    delay_us: AtomicU64,
    requests: AtomicU64,
}

pub struct Receiver {
    pub addr: SocketAddr,
    pub url: String,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

impl Receiver {
    /// Listens on an ephemeral port of 127.0.0.1.
    pub fn start(secret: Option<&[u8]>) -> Receiver {
        Receiver::start_on("127.0.0.1:0", secret)
    }

    pub fn start_on(addr: &str, secret: Option<&[u8]>) -> Receiver {
        let listener = TcpListener::bind(addr).expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            secret: secret.map(<[u8]>::to_vec),
            ..Shared::default()
        });
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(conn) = conn else { continue };
                    let shared = Arc::clone(&shared);
                    std::thread::spawn(move || serve(conn, &shared));
                }
            })
        };
        Receiver {
            addr,
            url: format!("http://{addr}/events"),
            shared,
            stop,
            thread: Some(thread),
        }
    }

    /// The next requests for `event_id` get these answers, in order; then 200.
    pub fn script(&self, event_id: &str, acts: Vec<Act>) {
        self.shared
            .script
            .lock()
            .unwrap()
            .insert(event_id.to_owned(), acts.into());
    }

    /// Every answer waits this long first.
    pub fn set_delay(&self, d: Duration) {
        self.shared
            .delay_us
            .store(d.as_micros() as u64, Ordering::SeqCst);
    }

    pub fn got(&self) -> Vec<Got> {
        self.shared.got.lock().unwrap().clone()
    }

    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // wake the accept loop
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(conn: TcpStream, shared: &Shared) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(20)));
    let _ = conn.set_nodelay(true);
    let mut writer = match conn.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(conn);
    // one request per iteration, until the client closes (bounded by the read timeout)
    loop {
        let mut headers: HashMap<String, String> = HashMap::new();
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if !line.starts_with("POST ") {
            let _ =
                writer.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
            return;
        }
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let event_id = headers.get("x-evschema-event-id").cloned();
        let act = event_id
            .as_ref()
            .and_then(|id| {
                shared
                    .script
                    .lock()
                    .unwrap()
                    .get_mut(id)
                    .and_then(VecDeque::pop_front)
            })
            .unwrap_or(Act::Status(200));
        let signature_ok = shared.secret.as_ref().map(|s| {
            headers.get("x-evschema-signature-256").map(String::as_str) == Some(&sign(s, &body))
        });
        let answered = match act {
            Act::Status(s) | Act::RetryAfter(s, _) => s,
            Act::Drop => 0,
            Act::Slow(_) => 200,
        };
        shared.got.lock().unwrap().push(Got {
            event_id,
            event_type: headers.get("x-evschema-event-type").cloned(),
            content_type: headers.get("content-type").cloned(),
            body,
            signature_ok,
            answered,
        });
        let delay = shared.delay_us.load(Ordering::SeqCst);
        if delay > 0 {
            std::thread::sleep(Duration::from_micros(delay));
        }
        let answer = match act {
            Act::Status(s) => format!("HTTP/1.1 {s} X\r\nContent-Length: 0\r\n\r\n"),
            Act::RetryAfter(s, secs) => {
                format!("HTTP/1.1 {s} X\r\nRetry-After: {secs}\r\nContent-Length: 0\r\n\r\n")
            }
            Act::Drop => {
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
            Act::Slow(d) => {
                std::thread::sleep(d);
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".to_owned()
            }
        };
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}
