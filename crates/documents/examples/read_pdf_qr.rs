//! Prints the text of the QR in a PDF the portal issued (`read_pdf_qr FILE.pdf`), for the
//! browser tests: what a hand-held scanner at the counter would type.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, file] = args.as_slice() else {
        eprintln!("usage: read_pdf_qr FILE.pdf");
        return std::process::ExitCode::from(2);
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{file}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match portal_documents::inspect::qr_text_of(&bytes) {
        Ok(text) => {
            println!("{text}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}
