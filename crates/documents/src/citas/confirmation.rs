//! The appointment confirmation (Comprobante de Cita): the person, the procedure, the
//! office and its local time with the zone named, what to bring, and the signed QR the
//! office scans at check-in.

use crate::canvas::{BLACK, BOLD, Canvas, GREY, REGULAR, Style, WINE};
use crate::receipt::both;
use crate::{DocumentError, PAGE_HEIGHT, PAGE_WIDTH, finish, new_document};
use krilla::page::PageSettings;
use portal_shared::i18n::{Locale, citas_confirmation as t};

/// What the confirmation prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmationContent {
    pub portal_name: String,
    pub folio: String,
    pub given_names: String,
    pub surnames: String,
    pub nationality: String,
    pub document_number: String,
    pub procedure_es: String,
    pub procedure_en: String,
    pub office_name: String,
    pub office_address: String,
    /// Whether the address was checked against the INM's directory.
    pub address_verified: bool,
    /// The start on the office's clock, as printed (`lunes 15/03/2027 09:00`).
    pub local_start_es: String,
    pub local_start_en: String,
    /// IANA name of the office's zone and its UTC offset at the appointment.
    pub time_zone: String,
    pub utc_offset: String,
    pub bring_es: Vec<String>,
    pub bring_en: Vec<String>,
    /// The appointment's SEQUENCE: a reschedule issues version n+1.
    pub sequence: u32,
    pub issued_at: chrono::NaiveDateTime,
    /// The signed token the QR encodes.
    pub token: String,
}

const MARGIN: f32 = 42.0;

/// Renders the confirmation; the same content always gives the same bytes.
pub fn render_confirmation(content: &ConfirmationContent) -> Result<Vec<u8>, DocumentError> {
    let regular = REGULAR.as_ref().ok_or(DocumentError::Font)?;
    let bold = BOLD.as_ref().ok_or(DocumentError::Font)?;
    let body = Style {
        face: regular,
        size: 9.5,
        colour: BLACK,
    };
    let label = Style {
        face: regular,
        size: 7.5,
        colour: GREY,
    };
    let value = Style {
        face: bold,
        size: 10.5,
        colour: BLACK,
    };
    let heading = Style {
        face: bold,
        size: 11.0,
        colour: WINE,
    };
    let full_width = PAGE_WIDTH - 2.0 * MARGIN;

    let mut document = new_document();
    {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| DocumentError::Pdf("page size".to_owned()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        {
            let mut canvas = Canvas {
                surface: &mut surface,
            };
            canvas.header_band(
                regular,
                bold,
                MARGIN,
                &content.portal_name,
                [t::title(Locale::Es), t::title(Locale::En)],
            );

            let qr_side = 170.0;
            let qr_x = PAGE_WIDTH - MARGIN - qr_side;
            let qr_y = 100.0;
            canvas.signed_qr(
                (qr_x, qr_y, qr_side),
                &content.token,
                label,
                [t::show_code(Locale::Es), t::show_code(Locale::En)],
            )?;

            let column = qr_x - MARGIN - 18.0;
            let mut y = 112.0;
            let field = |canvas: &mut Canvas<'_, '_>, y: &mut f32, name: &str, text: &str| {
                canvas.text(MARGIN, *y, label, name);
                *y += 13.0;
                *y = canvas.paragraph(MARGIN, *y, column, 13.5, value, text) + 5.0;
            };
            field(&mut canvas, &mut y, &both(t::folio), &content.folio);
            field(
                &mut canvas,
                &mut y,
                &both(t::names),
                &format!("{} {}", content.given_names, content.surnames),
            );
            field(
                &mut canvas,
                &mut y,
                &both(t::nationality),
                &content.nationality,
            );
            field(
                &mut canvas,
                &mut y,
                &both(t::document_number),
                &content.document_number,
            );
            field(
                &mut canvas,
                &mut y,
                &both(t::procedure),
                &format!("{} / {}", content.procedure_es, content.procedure_en),
            );

            let mut y = y.max(qr_y + qr_side + 40.0);
            canvas.text(MARGIN, y, heading, &both(t::date_time));
            y += 6.0;
            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 20.0;
            let big = Style {
                face: bold,
                size: 15.0,
                colour: BLACK,
            };
            canvas.text(MARGIN, y, big, &content.local_start_es);
            y += 15.0;
            canvas.text(MARGIN, y, body, &content.local_start_en);
            y += 13.0;
            for locale in Locale::ALL {
                canvas.text(
                    MARGIN,
                    y,
                    label,
                    &t::local_time_note(*locale, &content.time_zone, &content.utc_offset),
                );
                y += 10.0;
            }
            y += 10.0;
            canvas.text(MARGIN, y, label, &both(t::office));
            y += 13.0;
            y = canvas.paragraph(MARGIN, y, full_width, 13.5, value, &content.office_name) + 5.0;
            canvas.text(MARGIN, y, label, &both(t::office_address));
            y += 13.0;
            y = canvas.paragraph(MARGIN, y, full_width, 13.0, body, &content.office_address);
            if !content.address_verified {
                for locale in Locale::ALL {
                    y = canvas.paragraph(
                        MARGIN,
                        y,
                        full_width,
                        12.0,
                        label,
                        t::address_to_confirm(*locale),
                    );
                }
            }
            y += 12.0;

            canvas.text(MARGIN, y, heading, &both(t::bring));
            y += 6.0;
            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 16.0;
            for (es, en) in content.bring_es.iter().zip(&content.bring_en) {
                y = canvas.paragraph(MARGIN, y, full_width, 12.5, body, &format!("• {es}"));
                y = canvas.paragraph(MARGIN + 8.0, y, full_width - 8.0, 11.0, label, en) + 3.0;
                if y > PAGE_HEIGHT - 170.0 {
                    break;
                }
            }
            y += 10.0;
            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 16.0;
            for locale in Locale::ALL {
                y = canvas.paragraph(MARGIN, y, full_width, 12.0, body, t::arrive_early(*locale));
                y = canvas.paragraph(MARGIN, y, full_width, 12.0, body, t::changes(*locale)) + 5.0;
            }

            let issued = content.issued_at.format("%d/%m/%Y %H:%M UTC").to_string();
            canvas.text(
                MARGIN,
                PAGE_HEIGHT - 48.0,
                label,
                &format!(
                    "{}: {issued} · {} {}",
                    both(t::issued),
                    both(t::sequence),
                    content.sequence
                ),
            );
            canvas.text(
                MARGIN,
                PAGE_HEIGHT - 38.0,
                label,
                &Locale::ALL
                    .iter()
                    .map(|l| t::signed_code(*l))
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
        }
        surface.finish();
        page.finish();
    }
    finish(
        document,
        t::document_title(Locale::ALL[0], &content.folio),
        format!("{}-s{}", content.folio, content.sequence),
        content.issued_at,
        &content.portal_name,
    )
}
