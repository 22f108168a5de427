//! The pre-registration receipt (Comprobante de Pre-Registro de Ingreso): the traveler,
//! the trip and the signed QR the migration officer scans.

use crate::canvas::{BLACK, BOLD, Canvas, GREY, REGULAR, Style, WINE};
use crate::{
    DocumentError, PAGE_HEIGHT, PAGE_WIDTH, ReceiptContent, carrier_label, date_label,
    entry_mode_label, entry_point_label, finish, new_document, state_label, trip_reason_label,
    trip_specification_label,
};
use krilla::page::PageSettings;
use portal_shared::i18n::{Locale, receipt as t};
use portal_shared::preregistrations::EntryMode;

/// A label in every language, `/`-separated, as the receipt prints its labels.
pub(crate) fn both(text: fn(Locale) -> &'static str) -> String {
    Locale::ALL
        .iter()
        .map(|l| text(*l))
        .collect::<Vec<_>>()
        .join(" / ")
}

const MARGIN: f32 = 42.0;

/// Renders the receipt; the same content always gives the same bytes.
pub fn render_receipt(content: &ReceiptContent) -> Result<Vec<u8>, DocumentError> {
    let regular = REGULAR.as_ref().ok_or(DocumentError::Font)?;
    let bold = BOLD.as_ref().ok_or(DocumentError::Font)?;
    let body = Style {
        face: regular,
        size: 10.0,
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

            let qr_side = 190.0;
            let qr_x = PAGE_WIDTH - MARGIN - qr_side;
            let qr_y = 100.0;
            canvas.signed_qr(
                (qr_x, qr_y, qr_side),
                &content.token,
                label,
                [t::show_code(Locale::Es), t::show_code(Locale::En)],
            )?;

            // Left column: folio and traveler.
            let column = qr_x - MARGIN - 18.0;
            let mut y = 112.0;
            let field = |canvas: &mut Canvas<'_, '_>, y: &mut f32, name: &str, text: &str| {
                canvas.text(MARGIN, *y, label, name);
                *y += 13.0;
                let lines = crate::canvas::wrap(value, column, text);
                for line in lines.iter().take(3) {
                    canvas.text(MARGIN, *y, value, line);
                    *y += 13.5;
                }
                if lines.is_empty() {
                    *y += 13.5;
                }
                *y += 5.0;
            };
            field(&mut canvas, &mut y, &both(t::folio), &content.folio);
            let traveler = &content.traveler;
            field(
                &mut canvas,
                &mut y,
                &both(t::names),
                &format!("{} {}", traveler.given_names, traveler.surnames),
            );
            field(
                &mut canvas,
                &mut y,
                &both(t::nationality),
                &format!(
                    "{} - {}",
                    traveler.nationality_name, traveler.nationality_code
                ),
            );
            field(
                &mut canvas,
                &mut y,
                &both(t::document_number),
                &traveler.document_number,
            );
            field(
                &mut canvas,
                &mut y,
                &both(t::birth_date),
                &date_label(Some(traveler.birth_date)),
            );

            // Trip, full width, two columns.
            let mut y = y.max(qr_y + qr_side + 42.0);
            canvas.text(MARGIN, y, heading, &both(t::trip_details));
            y += 6.0;
            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 18.0;
            let trip = &content.trip;
            let carrier_name = if trip.entry_mode.known() == Some(EntryMode::Air) {
                &both(t::airline)
            } else {
                &both(t::vessel)
            };
            let rows: [(&str, String, &str, String); 5] = [
                (
                    &both(t::entering_by),
                    entry_mode_label(trip.entry_mode.as_str()),
                    &both(t::port_of_entry),
                    entry_point_label(&trip.entry_point),
                ),
                (
                    carrier_name,
                    carrier_label(trip),
                    &both(t::flight),
                    trip.flight_number.clone(),
                ),
                (
                    &both(t::arrival_date),
                    date_label(trip.arrival_date),
                    &both(t::departure_date),
                    date_label(trip.departure_date),
                ),
                (
                    &both(t::purpose),
                    trip_reason_label(&trip.trip_reason),
                    &both(t::detail),
                    trip_specification_label(&trip.trip_specification),
                ),
                (
                    &both(t::destination_state),
                    state_label(&trip.destination_state),
                    "",
                    String::new(),
                ),
            ];
            let half = (PAGE_WIDTH - 2.0 * MARGIN) / 2.0;
            for (left_name, left, right_name, right) in rows {
                canvas.text(MARGIN, y, label, left_name);
                canvas.text(MARGIN + half, y, label, right_name);
                y += 13.0;
                let left_end = canvas.paragraph(MARGIN, y, half - 12.0, 13.0, value, &left);
                let right_end = canvas.paragraph(MARGIN + half, y, half - 4.0, 13.0, value, &right);
                y = left_end.max(right_end).max(y + 13.0) + 7.0;
            }
            canvas.text(MARGIN, y, label, &both(t::address));
            y += 13.0;
            y = canvas.paragraph(
                MARGIN,
                y,
                PAGE_WIDTH - 2.0 * MARGIN,
                13.5,
                value,
                &trip.address_in_mexico,
            );
            y += 14.0;

            canvas.line((MARGIN, y), (PAGE_WIDTH - MARGIN, y), 0.6, false);
            y += 18.0;
            for text in Locale::ALL.iter().map(|l| t::not_a_guarantee(*l)) {
                y = canvas.paragraph(MARGIN, y, PAGE_WIDTH - 2.0 * MARGIN, 13.0, body, text);
                y += 6.0;
            }

            let issued = content.issued_at.format("%d/%m/%Y %H:%M").to_string();
            canvas.text(
                MARGIN,
                PAGE_HEIGHT - 48.0,
                label,
                &format!(
                    "{}: {issued} ({}) · {} {}",
                    both(t::issued),
                    both(t::mexico_city_time),
                    both(t::revision),
                    content.revision
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
        format!("{}-r{}", content.folio, content.revision),
        content.issued_at,
        &content.portal_name,
    )
}
