//! The device camera, shared by the passport capture and the officer's QR scanner: open a
//! stream, stop it, and say why it could not be opened.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Why the camera did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraFailure {
    /// The page cannot use a camera at all (no `mediaDevices`: not a secure context).
    NotAvailable,
    NotAllowed,
    NotFound,
    Busy,
    Other,
}

impl CameraFailure {
    fn of(failure: &JsValue) -> Self {
        let name = failure
            .dyn_ref::<web_sys::DomException>()
            .map(|exception| exception.name())
            .unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "SecurityError" => Self::NotAllowed,
            "NotFoundError" | "OverconstrainedError" => Self::NotFound,
            "NotReadableError" | "AbortError" => Self::Busy,
            _ => Self::Other,
        }
    }

    /// What to tell people, ending with the other way to go on (`fallback_es`/`_en`,
    /// e.g. "use CARGAR IMAGEN").
    pub fn message(self, fallback_es: &str, fallback_en: &str) -> (String, String) {
        let (es, en) = match self {
            Self::NotAvailable => (
                "Este navegador no permite usar la cámara en esta página.",
                "This browser does not allow the camera on this page.",
            ),
            Self::NotAllowed => (
                "No se dio permiso para usar la cámara. Permítalo en su navegador o",
                "Permission to use the camera was not given. Allow it in your browser or",
            ),
            Self::NotFound => (
                "No se encontró una cámara en este dispositivo.",
                "No camera was found on this device.",
            ),
            Self::Busy => (
                "La cámara está ocupada por otra aplicación. Ciérrela e intente de nuevo, o",
                "The camera is in use by another application. Close it and try again, or",
            ),
            Self::Other => (
                "No se pudo abrir la cámara.",
                "The camera could not be opened.",
            ),
        };
        let join = |text: &str, fallback: &str| {
            if text.ends_with(" o") || text.ends_with(" or") {
                format!("{text} {fallback}.")
            } else {
                let mut fallback = fallback.to_owned();
                if let Some(first) = fallback.get(..1) {
                    fallback = first.to_uppercase() + &fallback[1..];
                }
                format!("{text} {fallback}.")
            }
        };
        (join(es, fallback_es), join(en, fallback_en))
    }
}

/// Opens the camera with `video` constraints (JSON, e.g. the back camera's), audio off.
pub async fn open(video: &str) -> Result<web_sys::MediaStream, CameraFailure> {
    let navigator = web_sys::window()
        .map(|w| w.navigator())
        .ok_or(CameraFailure::NotAvailable)?;
    let devices = js_sys::Reflect::get(&navigator, &"mediaDevices".into())
        .ok()
        .filter(|devices| !devices.is_undefined())
        .map(|devices| devices.unchecked_into::<web_sys::MediaDevices>())
        .ok_or(CameraFailure::NotAvailable)?;
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::FALSE);
    constraints.set_video(&js_sys::JSON::parse(video).unwrap_or(JsValue::TRUE));
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|failure| CameraFailure::of(&failure))?;
    JsFuture::from(promise)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|failure| CameraFailure::of(&failure))
}

/// Shows `stream` in `video` and waits until it plays.
pub async fn show(video: &web_sys::HtmlVideoElement, stream: &web_sys::MediaStream) {
    video.set_src_object(Some(stream));
    if let Ok(playing) = video.play() {
        let _ = JsFuture::from(playing).await;
    }
}

/// Stops every track of `stream` (the camera light goes off).
pub fn stop(stream: &web_sys::MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}
