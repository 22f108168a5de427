//! CAPTURAR DOCUMENTO: take a photo with the device camera inside a green guide (CAPTURAR
//! FOTO) or choose a picture (CARGAR IMAGEN); crop it to the data page (GUARDAR FOTO); send it
//! to be read (VALIDAR DOCUMENTO) and hand what was read to the form.

use crate::api;
use crate::components::camera::{self, CameraFailure};
use crate::components::crop::{Corner, Crop};
use crate::components::form::Notice;
use crate::i18n::use_i18n;
use crate::i18n::{Lang, Said};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_shared::documents::{MAX_SCAN_BYTES, ScanResult};
use portal_shared::i18n::web;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A longer side above this is scaled down before sending: the reader needs far less, and a
/// phone's full-size crop could pass the 2 MB limit.
const MAX_SENT_SIDE: f64 = 2400.0;

/// What to tell the person, and the notice's kind (`error`, `info`, `success`).
type Message = (Said, &'static str);

fn error(text: fn(Lang) -> &'static str) -> Message {
    (Said::Text(text), "error")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Choose,
    Camera,
    Crop,
    Saved,
}

#[derive(Clone, Copy)]
struct Drag {
    corner: Option<Corner>,
    start_x: f64,
    start_y: f64,
    start: Crop,
    stage_width: f64,
    stage_height: f64,
}

/// A picture the traveler can send: what the camera took or the file they chose.
struct Picture {
    blob: web_sys::Blob,
    name: String,
    url: String,
    /// A file the traveler chose, which can be sent as it is when not cropped.
    chosen_file: bool,
}

impl Picture {
    fn new(blob: web_sys::Blob, name: String, chosen_file: bool) -> Option<Picture> {
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        Some(Picture {
            blob,
            name,
            url,
            chosen_file,
        })
    }
}

impl Drop for Picture {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.url);
    }
}

fn new_canvas(
    width: f64,
    height: f64,
) -> Option<(
    web_sys::HtmlCanvasElement,
    web_sys::CanvasRenderingContext2d,
)> {
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    Some((canvas, context))
}

async fn canvas_to_jpeg(
    canvas: &web_sys::HtmlCanvasElement,
    quality: f64,
) -> Option<web_sys::Blob> {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let resolved = resolve.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolved.call1(&JsValue::NULL, &blob);
        });
        if canvas
            .to_blob_with_type_and_encoder_options(
                done.unchecked_ref(),
                "image/jpeg",
                &quality.into(),
            )
            .is_err()
        {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// The cropped part of a picture as a JPEG under the size limit, scaled down when large.
async fn crop_to_jpeg(image: &web_sys::HtmlImageElement, crop: Crop) -> Option<web_sys::Blob> {
    let (x, y, width, height) = crop.in_pixels(
        f64::from(image.natural_width()),
        f64::from(image.natural_height()),
    );
    let mut scale = (MAX_SENT_SIDE / width.max(height)).min(1.0);
    for quality in [0.92, 0.85, 0.75, 0.75] {
        let (canvas, context) = new_canvas((width * scale).round(), (height * scale).round())?;
        context
            .draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                image,
                x,
                y,
                width,
                height,
                0.0,
                0.0,
                f64::from(canvas.width()),
                f64::from(canvas.height()),
            )
            .ok()?;
        let blob = canvas_to_jpeg(&canvas, quality).await?;
        if blob.size() <= MAX_SCAN_BYTES as f64 {
            return Some(blob);
        }
        scale *= 0.75;
    }
    None
}

fn camera_failure(failure: CameraFailure) -> Message {
    (failure.said(web::camera_instead_upload), "error")
}

#[component]
pub fn PassportCapture(on_read: Callback<ScanResult>) -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let video: NodeRef<leptos::html::Video> = NodeRef::new();
    let picture_element: NodeRef<leptos::html::Img> = NodeRef::new();
    let stage: NodeRef<leptos::html::Div> = NodeRef::new();

    let step = RwSignal::new(Step::Choose);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<Message>);
    let camera_ready = RwSignal::new(false);
    let guide = RwSignal::new(Crop::WHOLE);
    let crop = RwSignal::new(Crop::WHOLE);
    let drag = StoredValue::new(None::<Drag>);
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    // The picture being cropped, and the one that will be sent.
    let original = StoredValue::new_local(None::<Picture>);
    let saved = StoredValue::new_local(None::<Picture>);
    let original_url = RwSignal::new(None::<String>);
    let saved_url = RwSignal::new(None::<String>);
    let chosen_name = RwSignal::new(None::<String>);

    let stop_camera = move || {
        if let Some(stream) = stream.try_update_value(Option::take).flatten() {
            camera::stop(&stream);
        }
        camera_ready.set(false);
    };
    on_cleanup(move || {
        stop_camera();
    });

    let start_cropping = move |picture: Picture, start: Crop| {
        original_url.set(Some(picture.url.clone()));
        chosen_name.set(Some(picture.name.clone()));
        original.set_value(Some(picture));
        saved.set_value(None);
        saved_url.set(None);
        crop.set(start);
        step.set(Step::Crop);
    };

    let open_camera = move |_| {
        message.set(None);
        step.set(Step::Camera);
        spawn_local(async move {
            match camera::open(
                r#"{"facingMode":{"ideal":"environment"},"width":{"ideal":1920},"height":{"ideal":1080}}"#,
            )
            .await
            {
                Ok(opened) => {
                    if step.get_untracked() != Step::Camera {
                        // The traveler cancelled while the browser was asking.
                        camera::stop(&opened);
                        return;
                    }
                    if let Some(video) = video.get_untracked() {
                        camera::show(&video, &opened).await;
                    }
                    stream.set_value(Some(opened));
                }
                Err(failure) => {
                    step.set(Step::Choose);
                    message.set(Some(camera_failure(failure)));
                }
            }
        });
    };

    let on_video_ready = move |_| {
        if let Some(video) = video.get_untracked() {
            guide.set(Crop::passport_guide(
                f64::from(video.video_width()),
                f64::from(video.video_height()),
            ));
            camera_ready.set(video.video_width() > 0);
        }
    };

    let take_photo = move |_| {
        let Some(video) = video.get_untracked() else {
            return;
        };
        let (width, height) = (
            f64::from(video.video_width()),
            f64::from(video.video_height()),
        );
        let Some((canvas, context)) = new_canvas(width, height) else {
            return;
        };
        if context
            .draw_image_with_html_video_element(&video, 0.0, 0.0)
            .is_err()
        {
            return;
        }
        stop_camera();
        busy.set(true);
        spawn_local(async move {
            match canvas_to_jpeg(&canvas, 0.95)
                .await
                .and_then(|blob| Picture::new(blob, "foto-pasaporte.jpg".into(), false))
            {
                Some(picture) => start_cropping(picture, guide.get_untracked()),
                None => {
                    step.set(Step::Choose);
                    message.set(Some(error(web::the_photo_could_not_be_taken)));
                }
            }
            busy.set(false);
        });
    };

    let cancel_camera = move |_| {
        stop_camera();
        step.set(if original_url.get_untracked().is_some() {
            Step::Crop
        } else {
            Step::Choose
        });
    };

    let on_file_chosen = move |_| {
        message.set(None);
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // The same file can be chosen again after a rejection.
        input.set_value("");
        if !matches!(file.type_().as_str(), "image/png" | "image/jpeg") {
            message.set(Some(error(web::file_must_be_png_or_jpeg)));
            return;
        }
        if file.size() > MAX_SCAN_BYTES as f64 {
            message.set(Some(error(web::the_image_is_larger_than_2)));
            return;
        }
        stop_camera();
        let name = file.name();
        if let Some(picture) = Picture::new(file.into(), name, true) {
            start_cropping(picture, Crop::WHOLE);
        }
    };

    let on_picture_error = move |_| {
        original.set_value(None);
        original_url.set(None);
        step.set(Step::Choose);
        message.set(Some(error(web::the_browser_could_not_open_that)));
    };

    // Saves the crop (GUARDAR FOTO); an untouched crop of a chosen file sends the file itself.
    let save_crop = move || async move {
        let whole = crop.get_untracked().is_whole();
        let chosen_file = original.with_value(|p| p.as_ref().is_some_and(|p| p.chosen_file));
        let blob = if whole && chosen_file {
            original.with_value(|p| p.as_ref().map(|p| p.blob.clone()))
        } else {
            match picture_element.get_untracked() {
                Some(image) if image.complete() && image.natural_width() > 0 => {
                    crop_to_jpeg(&image, crop.get_untracked()).await
                }
                _ => None,
            }
        };
        let Some(picture) = blob.and_then(|blob| Picture::new(blob, "pasaporte.jpg".into(), false))
        else {
            message.set(Some(error(web::the_cropped_photo_could_not_be)));
            return false;
        };
        saved_url.set(Some(picture.url.clone()));
        saved.set_value(Some(picture));
        step.set(Step::Saved);
        true
    };

    let save = move |_| {
        message.set(None);
        busy.set(true);
        spawn_local(async move {
            save_crop().await;
            busy.set(false);
        });
    };

    let validate = move |_| {
        message.set(None);
        if matches!(step.get_untracked(), Step::Choose | Step::Camera) {
            message.set(Some(error(web::first_take_a_photo_or_upload)));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            if step.get_untracked() == Step::Crop && !save_crop().await {
                busy.set(false);
                return;
            }
            let Some((blob, name)) =
                saved.with_value(|p| p.as_ref().map(|p| (p.blob.clone(), p.name.clone())))
            else {
                busy.set(false);
                return;
            };
            let result = session
                .call(|token| {
                    let (blob, name) = (blob.clone(), name.clone());
                    async move { api::scan_document(&token, &blob, &name).await }
                })
                .await;
            match result {
                Ok(read) => {
                    let complete = read.fully_valid;
                    on_read.run(read);
                    message.set(Some(if complete {
                        (Said::Text(web::the_passport_data_was_read_check), "success")
                    } else {
                        (Said::Text(web::part_of_the_data_was_read), "info")
                    }));
                }
                Err(failure) => {
                    message.set(Some((failure.first_said(), "error")));
                }
            }
            busy.set(false);
        });
    };

    let start_drag = move |ev: web_sys::PointerEvent| {
        let Some(stage) = stage.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let corner = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.get_attribute("data-corner"))
            .and_then(|name| Corner::from_name(&name));
        let rect = stage.get_bounding_client_rect();
        if let Some(element) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = element.set_pointer_capture(ev.pointer_id());
        }
        drag.set_value(Some(Drag {
            corner,
            start_x: f64::from(ev.client_x()),
            start_y: f64::from(ev.client_y()),
            start: crop.get_untracked(),
            stage_width: rect.width().max(1.0),
            stage_height: rect.height().max(1.0),
        }));
    };
    let continue_drag = move |ev: web_sys::PointerEvent| {
        let Some(current) = drag.get_value() else {
            return;
        };
        let dx = (f64::from(ev.client_x()) - current.start_x) / current.stage_width;
        let dy = (f64::from(ev.client_y()) - current.start_y) / current.stage_height;
        crop.set(match current.corner {
            Some(corner) => current.start.resized(corner, dx, dy),
            None => current.start.moved(dx, dy),
        });
    };
    let end_drag = move |_: web_sys::PointerEvent| drag.set_value(None);
    let on_crop_key = move |ev: web_sys::KeyboardEvent| {
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-0.01, 0.0),
            "ArrowRight" => (0.01, 0.0),
            "ArrowUp" => (0.0, -0.01),
            "ArrowDown" => (0.0, 0.01),
            _ => return,
        };
        ev.prevent_default();
        crop.update(|crop| {
            *crop = if ev.shift_key() {
                crop.resized(Corner::BottomRight, dx, dy)
            } else {
                crop.moved(dx, dy)
            }
        });
    };

    let choose_buttons = move || {
        view! {
            <div class="capture-actions">
                <button type="button" class="button secondary" disabled=move || busy.get() on:click=open_camera>
                    {move || i.text(web::take_photo)}
                </button>
                <label class="button secondary" for="passport-image">{move || i.text(web::upload_image)}</label>
            </div>
        }
    };

    view! {
        <section class="panel capture" aria-labelledby="capture-heading">
            <h2 id="capture-heading">{move || i.text(web::capture_the_document)}</h2>
            <input
                id="passport-image"
                class="visually-hidden"
                type="file"
                accept="image/png,image/jpeg"
                node_ref=file_input
                on:change=on_file_chosen
            />
            {move || match step.get() {
                Step::Choose => view! {
                    <p class="hint">{move || i.text(web::take_a_photo_of_the_passport)}</p>
                    {choose_buttons()}
                }.into_any(),
                Step::Camera => view! {
                    <p class="hint">{move || i.text(web::place_the_data_page_inside_the)}</p>
                    <div class="camera-stage">
                        <video
                            node_ref=video
                            autoplay=true
                            playsinline=true
                            prop:muted=true
                            on:loadedmetadata=on_video_ready
                            aria-label=move || i.text(web::camera_view)
                        ></video>
                        <div
                            class="camera-guide"
                            style:left=move || guide.get().left_css()
                            style:top=move || guide.get().top_css()
                            style:width=move || guide.get().width_css()
                            style:height=move || guide.get().height_css()
                            aria-hidden="true"
                        ></div>
                        {move || (!camera_ready.get()).then(|| view! {
                            <p class="camera-waiting" role="status">{move || i.text(web::opening_the_camera)}</p>
                        })}
                    </div>
                    <div class="capture-actions">
                        <button type="button" class="button primary" disabled=move || !camera_ready.get() || busy.get() on:click=take_photo>
                            {move || i.text(web::take_the_photo)}
                        </button>
                        <button type="button" class="button cancel" on:click=cancel_camera>{move || i.text(web::cancel)}</button>
                    </div>
                }.into_any(),
                Step::Crop => view! {
                    <p class="hint">{move || i.text(web::fit_the_box_to_the_data)}</p>
                    <div class="crop-stage" node_ref=stage>
                        <img
                            node_ref=picture_element
                            src=move || original_url.get().unwrap_or_default()
                            alt=move || i.text(web::passport_photo_to_crop)
                            draggable="false"
                            on:error=on_picture_error
                        />
                        <div
                            class="crop-box"
                            tabindex="0"
                            role="group"
                            aria-label=move || i.text(web::crop_box)
                            style:left=move || crop.get().left_css()
                            style:top=move || crop.get().top_css()
                            style:width=move || crop.get().width_css()
                            style:height=move || crop.get().height_css()
                            on:pointerdown=start_drag
                            on:pointermove=continue_drag
                            on:pointerup=end_drag
                            on:pointercancel=end_drag
                            on:keydown=on_crop_key
                        >
                            <span class="crop-handle nw" data-corner="nw"></span>
                            <span class="crop-handle ne" data-corner="ne"></span>
                            <span class="crop-handle sw" data-corner="sw"></span>
                            <span class="crop-handle se" data-corner="se"></span>
                        </div>
                    </div>
                    <p class="file-name">{move || chosen_name.get().unwrap_or_default()}</p>
                    <div class="capture-actions">
                        <button type="button" class="button primary" disabled=move || busy.get() on:click=save>
                            {move || i.text(web::save_photo)}
                        </button>
                    </div>
                    {choose_buttons()}
                }.into_any(),
                Step::Saved => view! {
                    <p class="hint">{move || i.text(web::photo_saved_press_validate_document_to)}</p>
                    <img
                        class="saved-photo"
                        src=move || saved_url.get().unwrap_or_default()
                        alt=move || i.text(web::saved_passport_photo)
                    />
                    <div class="capture-actions">
                        <button type="button" class="button secondary" disabled=move || busy.get() on:click=move |_| step.set(Step::Crop)>
                            {move || i.text(web::crop_again)}
                        </button>
                    </div>
                    {choose_buttons()}
                }.into_any(),
            }}
            <div class="capture-actions">
                <button type="button" class="button primary" disabled=move || busy.get() on:click=validate>
                    {move || if busy.get() { i.text(web::reading_the_passport) } else { i.text(web::validate_document) }}
                </button>
            </div>
            {move || busy.get().then(|| view! { <progress class="capture-progress" aria-label=move || i.text(web::processing_the_photo)></progress> })}
            {move || message.get().map(|(said, kind)| view! { <Notice kind=kind><p>{i.say(said)}</p></Notice> })}
        </section>
    }
}
