//! Writes a generated passport photo, for the browser tests and for trying the reader:
//! `render_passport OUT.jpg LINE1 LINE2 [DEGREES]`.

#[path = "../tests/support/mod.rs"]
mod support;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, line1, line2, rest @ ..] = args.as_slice() else {
        eprintln!("usage: render_passport OUT.jpg LINE1 LINE2 [DEGREES]");
        return std::process::ExitCode::from(2);
    };
    let degrees: f32 = rest.first().and_then(|d| d.parse().ok()).unwrap_or(0.0);
    let photo = support::turn(
        &support::on_table(&support::render_page(line1, line2), 60),
        degrees,
    );
    if let Err(error) = std::fs::write(out, support::jpeg(&photo, 80)) {
        eprintln!("cannot write {out}: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
