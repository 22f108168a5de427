//! Tesseract through its C API (`libtesseract`: Debian's `libtesseract-dev` to build,
//! `libtesseract5` and `tesseract-ocr-eng` to run). Loading the model costs far more than
//! reading a line of text, so engines are loaded once and kept in a small pool, one per
//! core at most.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString, c_char, c_int};
use std::sync::{Condvar, Mutex, OnceLock};

#[derive(Debug, thiserror::Error)]
pub enum TesseractError {
    #[error("cannot create a Tesseract engine")]
    Create,
    #[error("cannot load Tesseract's English model (Debian package tesseract-ocr-eng)")]
    Model,
    #[error("the image is too large for Tesseract")]
    TooLarge,
    #[error("the character list holds a NUL byte")]
    Whitelist,
    #[error("Tesseract returned no text")]
    NoText,
    #[error("the engine pool is unusable after a panic")]
    Poisoned,
}

/// Restarts the current program with `OMP_THREAD_LIMIT=1` unless it is already set, and
/// returns only if it was set (or the restart failed). Tesseract runs its LSTM on four
/// OpenMP threads that spin while waiting; with one engine per core already, they only
/// fight each other (a zone took 1.1 s instead of 0.27 s on two cores). OpenMP reads the
/// variable when the library loads, before `main`, hence the restart. Call it first thing.
pub fn restart_with_one_openmp_thread() {
    restart_with_environment(&[("OMP_THREAD_LIMIT", "1")]);
}

/// Restarts the current program with each of `variables` set that is not set yet (a
/// value already in the environment wins), and returns only if none was missing (or the
/// restart failed). For settings read before `main` runs: OpenMP's, the C allocator's.
pub fn restart_with_environment(variables: &[(&str, &str)]) {
    use std::os::unix::process::CommandExt;
    let missing: Vec<&(&str, &str)> = variables
        .iter()
        .filter(|(name, _)| std::env::var_os(name).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let Ok(program) = std::env::current_exe() else {
        return;
    };
    let mut command = std::process::Command::new(program);
    command.args(std::env::args_os().skip(1));
    for (name, value) in missing {
        command.env(name, value);
    }
    let error = command.exec();
    eprintln!("warning: cannot restart with {variables:?} ({error}); OCR will be slower");
}

/// One character Tesseract recognised, with its box in the image's pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub text: String,
    pub left: u32,
    pub top: u32,
    pub right: u32,
    pub bottom: u32,
}

/// What one reading of an image gave: the text, and each character with its box.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub text: String,
    pub symbols: Vec<Symbol>,
}

/// A grey image, one byte a pixel, `width` bytes a row.
pub struct GreyImage<'a> {
    pub pixels: &'a [u8],
    pub width: u32,
    pub height: u32,
}
/// `TessOcrEngineMode::OEM_LSTM_ONLY`.
const OEM_LSTM_ONLY: c_int = 1;

/// How the text sits in the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One block of uniform text (`PSM_SINGLE_BLOCK`).
    Block,
    /// A single character. Read as a single word (`PSM_SINGLE_WORD`): the LSTM recognises
    /// an OCR-B glyph alone more often that way than in `PSM_SINGLE_CHAR` (80 % against
    /// 77 % of the photo set fully read).
    SingleCharacter,
}

impl Layout {
    fn page_seg_mode(self) -> c_int {
        match self {
            Layout::Block => 6,
            Layout::SingleCharacter => 8,
        }
    }
}

mod ffi {
    use std::ffi::{c_char, c_int};

    #[repr(C)]
    pub struct TessBaseApi {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct TessResultIterator {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct TessPageIterator {
        _private: [u8; 0],
    }
    /// `TessPageIteratorLevel::RIL_SYMBOL`.
    pub const RIL_SYMBOL: c_int = 4;

    #[link(name = "tesseract")]
    unsafe extern "C" {
        pub fn TessBaseAPICreate() -> *mut TessBaseApi;
        pub fn TessBaseAPIDelete(handle: *mut TessBaseApi);
        pub fn TessBaseAPIInit4(
            handle: *mut TessBaseApi,
            datapath: *const c_char,
            language: *const c_char,
            mode: c_int,
            configs: *mut *mut c_char,
            configs_size: c_int,
            vars_vec: *mut *mut c_char,
            vars_values: *mut *mut c_char,
            vars_vec_size: usize,
            set_only_non_debug_params: c_int,
        ) -> c_int;
        pub fn TessBaseAPISetVariable(
            handle: *mut TessBaseApi,
            name: *const c_char,
            value: *const c_char,
        ) -> c_int;
        pub fn TessBaseAPISetPageSegMode(handle: *mut TessBaseApi, mode: c_int);
        pub fn TessBaseAPISetImage(
            handle: *mut TessBaseApi,
            imagedata: *const u8,
            width: c_int,
            height: c_int,
            bytes_per_pixel: c_int,
            bytes_per_line: c_int,
        );
        pub fn TessBaseAPISetSourceResolution(handle: *mut TessBaseApi, ppi: c_int);
        pub fn TessBaseAPIGetUTF8Text(handle: *mut TessBaseApi) -> *mut c_char;
        pub fn TessDeleteText(text: *const c_char);
        pub fn TessBaseAPIRecognize(handle: *mut TessBaseApi, monitor: *mut u8) -> c_int;
        pub fn TessBaseAPIGetIterator(handle: *mut TessBaseApi) -> *mut TessResultIterator;
        pub fn TessResultIteratorDelete(handle: *mut TessResultIterator);
        pub fn TessResultIteratorNext(handle: *mut TessResultIterator, level: c_int) -> c_int;
        pub fn TessResultIteratorGetUTF8Text(
            handle: *const TessResultIterator,
            level: c_int,
        ) -> *mut c_char;
        pub fn TessResultIteratorGetPageIterator(
            handle: *mut TessResultIterator,
        ) -> *mut TessPageIterator;
        pub fn TessPageIteratorBoundingBox(
            handle: *const TessPageIterator,
            level: c_int,
            left: *mut c_int,
            top: *mut c_int,
            right: *mut c_int,
            bottom: *mut c_int,
        ) -> c_int;
        pub fn TessBaseAPIClear(handle: *mut TessBaseApi);
    }
}

/// One loaded Tesseract engine, used by one thread at a time.
struct Engine(*mut ffi::TessBaseApi);

// SAFETY: a TessBaseAPI may move between threads; the pool never shares one between two
// threads at once.
unsafe impl Send for Engine {}

impl Engine {
    fn load(whitelist: &str) -> Result<Engine, TesseractError> {
        // Dictionaries only hurt here: the zone holds no words.
        let names = [c"load_system_dawg", c"load_freq_dawg"];
        let mut vars: Vec<*mut c_char> = names.iter().map(|n| n.as_ptr().cast_mut()).collect();
        let mut values: Vec<*mut c_char> = vec![c"0".as_ptr().cast_mut(); names.len()];
        // SAFETY: plain C calls on a handle created here; the strings outlive the calls.
        unsafe {
            let handle = ffi::TessBaseAPICreate();
            if handle.is_null() {
                return Err(TesseractError::Create);
            }
            let engine = Engine(handle);
            let status = ffi::TessBaseAPIInit4(
                handle,
                std::ptr::null(),
                c"eng".as_ptr(),
                OEM_LSTM_ONLY,
                std::ptr::null_mut(),
                0,
                vars.as_mut_ptr(),
                values.as_mut_ptr(),
                names.len(),
                0,
            );
            if status != 0 {
                return Err(TesseractError::Model);
            }
            let whitelist = CString::new(whitelist).map_err(|_| TesseractError::Whitelist)?;
            ffi::TessBaseAPISetVariable(
                handle,
                c"tessedit_char_whitelist".as_ptr(),
                whitelist.as_ptr(),
            );
            Ok(engine)
        }
    }

    fn read(&mut self, image: &GreyImage, layout: Layout) -> Result<Reading, TesseractError> {
        let width = c_int::try_from(image.width).map_err(|_| TesseractError::TooLarge)?;
        let height = c_int::try_from(image.height).map_err(|_| TesseractError::TooLarge)?;
        let expected = u64::from(image.width) * u64::from(image.height);
        if expected != image.pixels.len() as u64 {
            return Err(TesseractError::TooLarge);
        }
        // SAFETY: the buffer holds exactly width × height one-byte pixels (checked above)
        // and outlives the calls up to Clear.
        unsafe {
            ffi::TessBaseAPISetPageSegMode(self.0, layout.page_seg_mode());
            ffi::TessBaseAPISetImage(self.0, image.pixels.as_ptr(), width, height, 1, width);
            ffi::TessBaseAPISetSourceResolution(self.0, 300);
            if ffi::TessBaseAPIRecognize(self.0, std::ptr::null_mut()) != 0 {
                ffi::TessBaseAPIClear(self.0);
                return Err(TesseractError::NoText);
            }
            let symbols = self.symbols();
            let text = ffi::TessBaseAPIGetUTF8Text(self.0);
            let result = if text.is_null() {
                Err(TesseractError::NoText)
            } else {
                let owned = CStr::from_ptr(text).to_string_lossy().into_owned();
                ffi::TessDeleteText(text);
                Ok(Reading {
                    text: owned,
                    symbols,
                })
            };
            ffi::TessBaseAPIClear(self.0);
            result
        }
    }
}

impl Engine {
    /// Each recognised character and its box, after `TessBaseAPIRecognize`.
    fn symbols(&mut self) -> Vec<Symbol> {
        let mut symbols = Vec::new();
        // SAFETY: the iterator comes from this engine after Recognize, is used only here and
        // deleted once; each text it returns is freed with TessDeleteText.
        unsafe {
            let iterator = ffi::TessBaseAPIGetIterator(self.0);
            if iterator.is_null() {
                return symbols;
            }
            let page = ffi::TessResultIteratorGetPageIterator(iterator);
            loop {
                let text = ffi::TessResultIteratorGetUTF8Text(iterator, ffi::RIL_SYMBOL);
                if !text.is_null() {
                    let (mut left, mut top, mut right, mut bottom) = (0, 0, 0, 0);
                    let boxed = ffi::TessPageIteratorBoundingBox(
                        page,
                        ffi::RIL_SYMBOL,
                        &mut left,
                        &mut top,
                        &mut right,
                        &mut bottom,
                    ) != 0;
                    let owned = CStr::from_ptr(text).to_string_lossy().into_owned();
                    ffi::TessDeleteText(text);
                    let as_pixels = |v: c_int| u32::try_from(v).unwrap_or(0);
                    if boxed {
                        symbols.push(Symbol {
                            text: owned,
                            left: as_pixels(left),
                            top: as_pixels(top),
                            right: as_pixels(right),
                            bottom: as_pixels(bottom),
                        });
                    }
                }
                if ffi::TessResultIteratorNext(iterator, ffi::RIL_SYMBOL) == 0 {
                    break;
                }
            }
            ffi::TessResultIteratorDelete(iterator);
        }
        symbols
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: the handle came from TessBaseAPICreate and is dropped once.
        unsafe { ffi::TessBaseAPIDelete(self.0) }
    }
}

/// Loaded engines waiting for work, and how many exist. Every engine of a pool has the
/// same character list.
struct Pool {
    idle: Mutex<(Vec<Engine>, usize)>,
    returned: Condvar,
    limit: usize,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool {
        idle: Mutex::new((Vec::new(), 0)),
        returned: Condvar::new(),
        limit: std::thread::available_parallelism().map_or(1, |n| n.get()),
    })
}

/// What Tesseract reads in `image` (text and each character's box), restricted to the
/// characters of `whitelist`; the first call fixes the list for the life of the process.
pub fn read(image: &GreyImage, whitelist: &str, layout: Layout) -> Result<Reading, TesseractError> {
    let pool = pool();
    let mut engine = {
        let mut state = pool.idle.lock().map_err(|_| TesseractError::Poisoned)?;
        loop {
            if let Some(engine) = state.0.pop() {
                break Some(engine);
            }
            if state.1 < pool.limit {
                state.1 += 1;
                break None;
            }
            state = pool
                .returned
                .wait(state)
                .map_err(|_| TesseractError::Poisoned)?;
        }
    };
    let engine = match engine.take() {
        Some(engine) => Ok(engine),
        None => Engine::load(whitelist),
    };
    let mut engine = match engine {
        Ok(engine) => engine,
        Err(error) => {
            if let Ok(mut state) = pool.idle.lock() {
                state.1 -= 1;
            }
            pool.returned.notify_one();
            return Err(error);
        }
    };
    let text = engine.read(image, layout);
    if let Ok(mut state) = pool.idle.lock() {
        state.0.push(engine);
    }
    pool.returned.notify_one();
    text
}
