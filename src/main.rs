use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(evschema::main_with_args(std::env::args_os()))
}

// Parsing events into serde_json values allocates and frees many small maps and strings;
// mimalloc does that markedly faster than the system allocator (see bench/validate).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
