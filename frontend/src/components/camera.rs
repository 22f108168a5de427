//! The device camera, shared by the passport capture and the officer's QR scanner: open a
//! stream, stop it, and say why it could not be opened.

use crate::i18n::{Lang, Said};
use portal_shared::i18n::web;
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

    /// What to tell people, then `instead` (the other way to go on).
    pub fn said(self, instead: fn(Lang) -> &'static str) -> Said {
        let failure = match self {
            Self::NotAvailable => web::camera_not_available,
            Self::NotAllowed => web::camera_not_allowed,
            Self::NotFound => web::camera_not_found,
            Self::Busy => web::camera_busy,
            Self::Other => web::camera_failed,
        };
        Said::Then(failure, instead)
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
