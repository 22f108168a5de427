//! A QR code read with the device camera: the officer console's receipts and the Citas
//! agenda's appointments. A button opens the camera; each frame is looked at until a code
//! is read, which is handed over and the camera closed. Where the camera cannot be used
//! the reason is said, and the page's text field stays the other way in.

use crate::components::camera;
use crate::components::form::Notice;
use crate::components::timer::sleep;
use crate::i18n::{Said, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::i18n::web;
use wasm_bindgen::JsCast;

/// The QR text in the current video frame, if one can be read.
fn read_qr(
    video: &web_sys::HtmlVideoElement,
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<String> {
    let (width, height) = (video.video_width(), video.video_height());
    if width == 0 || height == 0 {
        return None;
    }
    // A QR on a phone or a page is legible well below full resolution.
    let scale = (800.0 / f64::from(width)).min(1.0);
    let (w, h) = (
        (f64::from(width) * scale) as u32,
        (f64::from(height) * scale) as u32,
    );
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(
            video,
            0.0,
            0.0,
            f64::from(w),
            f64::from(h),
        )
        .ok()?;
    let rgba = context
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .ok()?
        .data();
    let grey: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| {
            ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8
        })
        .collect();
    // quircs rather than rqrr: the same work with 512 bytes of Galois-field tables
    // instead of a 64 KB multiplication table in the download.
    let mut decoder = quircs::Quirc::default();
    decoder
        .identify(w as usize, h as usize, &grey)
        .filter_map(Result::ok)
        .find_map(|code| {
            let data = code.decode().ok()?;
            String::from_utf8(data.payload).ok()
        })
}

/// "Scan with the camera", the live view while looking, and why the camera did not open.
/// `on_read` receives the text of the first code read.
#[component]
pub fn QrScanner(#[prop(into)] on_read: Callback<String>) -> impl IntoView {
    let i = use_i18n();
    let scanning = RwSignal::new(false);
    let camera_message = RwSignal::new(None::<Said>);
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let video: NodeRef<leptos::html::Video> = NodeRef::new();
    let canvas: NodeRef<leptos::html::Canvas> = NodeRef::new();

    let stop_camera = move || {
        scanning.set(false);
        if let Some(stream) = stream.try_update_value(Option::take).flatten() {
            camera::stop(&stream);
        }
    };
    on_cleanup(stop_camera);

    let start_scan = move |_| {
        camera_message.set(None);
        scanning.set(true);
        spawn_local(async move {
            match camera::open(r#"{"facingMode":{"ideal":"environment"},"width":{"ideal":1280},"height":{"ideal":720}}"#).await {
                Ok(opened) => {
                    if !scanning.get_untracked() {
                        camera::stop(&opened);
                        return;
                    }
                    if let Some(video) = video.get_untracked() {
                        camera::show(&video, &opened).await;
                    }
                    stream.set_value(Some(opened));
                    while scanning.get_untracked() {
                        let found = match (video.get_untracked(), canvas.get_untracked()) {
                            (Some(video), Some(canvas)) => read_qr(&video, &canvas),
                            _ => None,
                        };
                        if let Some(text) = found {
                            stop_camera();
                            on_read.run(text);
                            break;
                        }
                        sleep(200).await;
                    }
                }
                Err(failure) => {
                    scanning.set(false);
                    camera_message.set(Some(failure.said(web::camera_instead_paste)));
                }
            }
        });
    };

    view! {
        {move || camera_message.get().map(|said| view! { <Notice kind="error"><p>{i.say(said)}</p></Notice> })}
        <Show
            when=move || scanning.get()
            fallback=move || view! {
                <div class="actions">
                    <button type="button" class="button secondary" on:click=start_scan>
                        {move || i.text(web::scan_with_the_camera)}
                    </button>
                </div>
            }
        >
            <div class="camera qr-camera">
                <video node_ref=video autoplay=true playsinline=true muted=true aria-label=move || i.text(web::camera_view)></video>
                <p role="status">{move || i.text(web::point_the_camera_at_the_qr)}</p>
                <div class="actions">
                    <button type="button" class="button cancel" on:click=move |_| stop_camera()>
                        {move || i.text(web::cancel)}
                    </button>
                </div>
            </div>
        </Show>
        <canvas node_ref=canvas class="hidden" aria-hidden="true"></canvas>
    }
}
