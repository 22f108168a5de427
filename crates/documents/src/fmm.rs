//! The Forma Migratoria Múltiple electrónica, laid out like the bilingual sample in the
//! Pre-Registro manual: fields 1–20 on the entry half (REGISTRO DE ENTRADA), the
//! traveler's identity and the exit stamp on the half kept until departure (SALIDA).

use crate::canvas::{BLACK, BOLD, Canvas, GREY, REGULAR, Style, WINE, wrap};
use crate::{
    DocumentError, EntrySeal, FmmContent, PAGE_HEIGHT, PAGE_WIDTH, carrier_label,
    entry_point_label, finish, new_document, state_label,
};
use krilla::page::PageSettings;
use portal_shared::preregistrations::{EntryMode, entry_point};

const MARGIN: f32 = 36.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

struct Styles<'f> {
    label: Style<'f>,
    value: Style<'f>,
    small: Style<'f>,
    title: Style<'f>,
}

/// One bordered field: its numbered bilingual label at the top, its value below.
fn field(
    canvas: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    (x, y, w, h): (f32, f32, f32, f32),
    label: &str,
    value: &str,
) {
    canvas.stroke_rect(x, y, w, h, 0.6);
    let mut baseline = y + 8.5;
    for line in wrap(styles.label, w - 6.0, label).iter().take(2) {
        canvas.text(x + 3.0, baseline, styles.label, line);
        baseline += 7.5;
    }
    let lines = wrap(styles.value, w - 6.0, value);
    let mut value_baseline =
        (baseline + 4.0).max(y + h - 5.0 - 11.0 * (lines.len().max(1) - 1) as f32);
    for line in lines.iter().take(3) {
        canvas.text(x + 3.0, value_baseline, styles.value, line);
        value_baseline += 11.0;
    }
}

/// The officer's entry seal inside field 18: a framed stamp with the port, the date of
/// admission and the officer's badge.
fn entry_stamp(
    canvas: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    (x, y, w, h): (f32, f32, f32, f32),
    seal: &EntrySeal,
) {
    let top = y + 13.0;
    canvas.stroke_rect(x + 4.0, top, w - 8.0, h - 17.0, 1.2);
    let centre = x + w / 2.0;
    let port = entry_point(&seal.port).map_or_else(|| seal.port.clone(), |p| p.code.to_owned());
    for (offset, style, text) in [
        (9.0, styles.label, "INM · ADMITIDO / ADMITTED".to_owned()),
        (
            20.0,
            styles.value,
            seal.admitted_on.format("%d %m %Y").to_string(),
        ),
        (
            31.0,
            styles.label,
            format!("{port} · Agente {}", seal.officer_badge),
        ),
        (
            41.0,
            styles.label,
            format!("{} días / days", seal.authorized_days),
        ),
    ] {
        canvas.text_centred(centre, top + offset, style, &text);
    }
}

/// Field 19: the stay authorized and its last day.
fn authorised_stay(
    canvas: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    (x, y, _w, h): (f32, f32, f32, f32),
    seal: &EntrySeal,
) {
    let until = seal
        .admitted_on
        .checked_add_days(chrono::Days::new(u64::from(seal.authorized_days)))
        .map_or_else(String::new, |d| d.format("%d %m %Y").to_string());
    canvas.text(
        x + 3.0,
        y + h - 27.0,
        styles.value,
        &format!("{} DÍAS / DAYS", seal.authorized_days),
    );
    canvas.text(x + 3.0, y + h - 16.0, styles.label, "Hasta / Until");
    canvas.text(x + 3.0, y + h - 5.0, styles.value, &until);
}

/// A field whose value is a row of checkboxes.
fn choice_field(
    canvas: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    (x, y, w, h): (f32, f32, f32, f32),
    label: &str,
    options: &[(&str, bool)],
) {
    canvas.stroke_rect(x, y, w, h, 0.6);
    canvas.text(x + 3.0, y + 8.5, styles.label, label);
    let mut option_x = x + 4.0;
    let mut option_y = y + 21.0;
    let box_style = Style {
        size: 7.5,
        ..styles.value
    };
    for (name, checked) in options {
        let width = box_style.face.width(name, box_style.size) + 18.0;
        if option_x + width > x + w && option_x > x + 4.0 {
            option_x = x + 4.0;
            option_y += 11.0;
        }
        option_x = canvas.checkbox(option_x, option_y - 4.0, *checked, box_style, name);
    }
}

/// Fields 1–4 (names, nationality, date of birth), on both halves; returns the next `y`.
fn identity_row(
    c: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    y: f32,
    traveler: &crate::Traveler,
) -> f32 {
    let birth = traveler.birth_date.format("%d %m %Y").to_string();
    let h = 36.0;
    let mut x = MARGIN;
    for (fraction, label, value) in [
        (0.3, "1. Nombre / First name", traveler.given_names.as_str()),
        (
            0.3,
            "2. Apellido(s) / Last name",
            traveler.surnames.as_str(),
        ),
        (
            0.2,
            "3. Nacionalidad / Nationality",
            traveler.nationality_name.as_str(),
        ),
        (
            0.2,
            "4. Fecha de nacimiento / Date of birth (DD MM AAAA)",
            birth.as_str(),
        ),
    ] {
        field(c, styles, (x, y, WIDTH * fraction, h), label, value);
        x += WIDTH * fraction;
    }
    y + h
}

/// Fields 5 and 6 (sex, passport number), `h` high, on both halves.
fn sex_and_passport(
    c: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    y: f32,
    h: f32,
    traveler: &crate::Traveler,
) {
    choice_field(
        c,
        styles,
        (MARGIN, y, WIDTH * 0.3, h),
        "5. Sexo / Gender",
        &[
            ("Mujer / Female", traveler.sex == "F"),
            ("Hombre / Male", traveler.sex == "M"),
        ],
    );
    field(
        c,
        styles,
        (MARGIN + WIDTH * 0.3, y, WIDTH * 0.2, h),
        "6. No. Pasaporte / Passport No.",
        &traveler.document_number,
    );
}

/// Renders the FMM; the same content always gives the same bytes.
pub fn render_fmm(content: &FmmContent) -> Result<Vec<u8>, DocumentError> {
    let regular = REGULAR.as_ref().ok_or(DocumentError::Font)?;
    let bold = BOLD.as_ref().ok_or(DocumentError::Font)?;
    let styles = Styles {
        label: Style {
            face: regular,
            size: 6.3,
            colour: GREY,
        },
        value: Style {
            face: bold,
            size: 9.0,
            colour: BLACK,
        },
        small: Style {
            face: regular,
            size: 6.8,
            colour: BLACK,
        },
        title: Style {
            face: bold,
            size: 10.5,
            colour: WINE,
        },
    };
    let traveler = &content.traveler;
    let trip = &content.trip;

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
            let c = &mut canvas;

            c.text(MARGIN, 40.0, styles.title, "ENTRADA / ENTRY");
            c.text_right(
                PAGE_WIDTH - MARGIN,
                40.0,
                styles.title,
                &format!("FOLIO {}", content.folio),
            );
            c.text_centred(
                PAGE_WIDTH / 2.0,
                60.0,
                Style {
                    size: 12.0,
                    ..styles.value
                },
                "ESTADOS UNIDOS MEXICANOS · FORMA MIGRATORIA MÚLTIPLE (FMM)",
            );
            let mut y = 74.0;
            for line in [
                "ESTA FORMA DEBE SER LLENADA DE MANERA INDIVIDUAL POR TODO EXTRANJERO QUE SE INTERNE A MÉXICO, INCLUIDO EL PERSONAL DIPLOMÁTICO.",
                "This form must be completed individually by all foreigners entering Mexico, including diplomatic personnel.",
            ] {
                y = c.paragraph(MARGIN, y, WIDTH, 9.0, styles.small, line);
            }
            y += 4.0;
            c.text(
                MARGIN,
                y + 6.0,
                styles.title,
                "REGISTRO DE ENTRADA / ENTRY REGISTRATION",
            );
            y += 14.0;

            let col = |fraction: f32| WIDTH * fraction;
            // Row 1.
            y = identity_row(c, &styles, y, traveler);
            // Row 2.
            let h = 38.0;
            sex_and_passport(c, &styles, y, h, traveler);
            choice_field(
                c,
                &styles,
                (MARGIN + col(0.5), y, col(0.5), h),
                "7. Tipo de viaje / Purpose of trip",
                &[
                    ("Turismo / Tourism", trip.trip_reason == "tourism"),
                    ("Negocios / Business", trip.trip_reason == "business"),
                    ("Otro / Other", trip.trip_reason == "other"),
                ],
            );
            y += h;
            // Row 3.
            choice_field(
                c,
                &styles,
                (MARGIN, y, col(0.4), h),
                "8. Vía de internación / Entering by",
                &[
                    (
                        "Aéreo / Air",
                        trip.entry_mode.known() == Some(EntryMode::Air),
                    ),
                    (
                        "Marítimo / Maritime",
                        trip.entry_mode.known() == Some(EntryMode::Sea),
                    ),
                    (
                        "Terrestre / Land",
                        trip.entry_mode.known() == Some(EntryMode::Land),
                    ),
                ],
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.4), y, col(0.25), h),
                "9. País de residencia / Country of residence",
                &content.country_of_residence,
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.65), y, col(0.35), h),
                "10. Punto de internación / Port of entry",
                &entry_point_label(&trip.entry_point),
            );
            y += h;
            // Row 4.
            let h = 36.0;
            field(
                c,
                &styles,
                (MARGIN, y, col(0.5), h),
                "11. Nombre de la aerolínea o embarcación / Airline or vessel name",
                &carrier_label(trip),
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.5), y, col(0.5), h),
                "12. Vuelo o matrícula de la aeronave o embarcación / Flight No. or vessel registration",
                &trip.flight_number,
            );
            y += h;
            // Row 5.
            let h = 48.0;
            field(
                c,
                &styles,
                (MARGIN, y, col(0.35), h),
                "13. Estado y ciudad de destino en México / State and city of destination in Mexico",
                &state_label(&trip.destination_state),
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.35), y, col(0.65), h),
                "14. Domicilio en México (nombre del hotel, calle y número) / Address in Mexico (hotel name, street and number)",
                &trip.address_in_mexico,
            );
            y += h;
            // Row 6: declaration and date.
            let h = 62.0;
            c.stroke_rect(MARGIN, y, col(0.78), h, 0.6);
            c.text(
                MARGIN + 3.0,
                y + 8.5,
                styles.label,
                "15. Declaración de veracidad / Declaration of truth",
            );
            let declaration = Style {
                size: 6.6,
                ..styles.small
            };
            let mut line_y = y + 18.0;
            for text in [
                "Declaro bajo protesta de decir verdad que toda la información que aquí he proporcionado es correcta y completa, consciente de las consecuencias legales de declarar con falsedad ante la autoridad.",
                "I declare under penalty of perjury that all information I have provided here is correct and complete, and I am aware of the consequences of making false declarations to the authorities.",
            ] {
                line_y = c.paragraph(
                    MARGIN + 3.0,
                    line_y,
                    col(0.78) - 6.0,
                    8.0,
                    declaration,
                    text,
                );
                line_y += 2.0;
            }
            field(
                c,
                &styles,
                (MARGIN + col(0.78), y, col(0.22), h),
                "16. Fecha / Date (DD MM AAAA)",
                &content.issued_on.format("%d %m %Y").to_string(),
            );
            y += h;
            // Row 7: signature and the officer's boxes.
            let h = 70.0;
            let mut x = MARGIN;
            for label in [
                "17. Firma del extranjero / Signature",
                "18. Sello de entrada / Entry stamp",
                "19. Temporalidad / Authorised stay",
                "20. Sello de salida / Exit stamp",
            ] {
                field(c, &styles, (x, y, col(0.25), h), label, "");
                x += col(0.25);
            }
            if let Some(seal) = &content.entry_seal {
                entry_stamp(c, &styles, (MARGIN + col(0.25), y, col(0.25), h), seal);
                authorised_stay(c, &styles, (MARGIN + col(0.5), y, col(0.25), h), seal);
            }
            y += h;
            // Official use.
            let h = 52.0;
            c.stroke_rect(MARGIN, y, WIDTH, h, 0.6);
            c.text(
                MARGIN + 3.0,
                y + 9.0,
                styles.label,
                "USO OFICIAL / OFFICIAL USE ONLY",
            );
            let mut column_x = MARGIN + 4.0;
            for (heading, options) in [
                (
                    "ESTANCIA MÁXIMA HASTA 180 DÍAS",
                    &[
                        "Visitante sin permiso para realizar actividades remuneradas",
                        "Visitante por razones humanitarias",
                        "Visitante con permiso para actividades remuneradas",
                    ][..],
                ),
                (
                    "ESTANCIA MÁXIMA HASTA 30 DÍAS",
                    &["CAUSE", "REPOSICIÓN"][..],
                ),
            ] {
                c.text(column_x, y + 19.0, styles.label, heading);
                let mut option_y = y + 29.0;
                for option in options {
                    c.checkbox(
                        column_x,
                        option_y,
                        false,
                        Style {
                            size: 6.3,
                            ..styles.small
                        },
                        option,
                    );
                    option_y += 9.0;
                }
                column_x += col(0.5);
            }
            y += h + 16.0;

            // Exit half, kept by the traveler until departure.
            c.line(
                (MARGIN - 10.0, y),
                (PAGE_WIDTH - MARGIN + 10.0, y),
                0.8,
                true,
            );
            c.text_centred(
                PAGE_WIDTH / 2.0,
                y + 10.0,
                styles.label,
                "✂  Recorte por esta línea / Cut along this line",
            );
            y += 30.0;
            c.text(MARGIN, y, styles.title, "SALIDA / EXIT");
            c.text_right(
                PAGE_WIDTH - MARGIN,
                y,
                styles.title,
                &format!("FOLIO {}", content.folio),
            );
            y += 8.0;
            c.text(
                MARGIN,
                y + 8.0,
                styles.title,
                "REGISTRO DE SALIDA / DEPARTURE REGISTRATION",
            );
            y += 16.0;
            y = identity_row(c, &styles, y, traveler);
            let h = 70.0;
            sex_and_passport(c, &styles, y, h, traveler);
            field(
                c,
                &styles,
                (MARGIN + col(0.5), y, col(0.25), h),
                "18. Sello de entrada / Entry stamp",
                "",
            );
            if let Some(seal) = &content.entry_seal {
                entry_stamp(c, &styles, (MARGIN + col(0.5), y, col(0.25), h), seal);
            }
            field(
                c,
                &styles,
                (MARGIN + col(0.75), y, col(0.25), h),
                "20. Sello de salida / Exit stamp",
                "",
            );
            y += h + 14.0;
            c.paragraph(
            MARGIN,
            y,
            WIDTH,
            9.0,
            styles.small,
            "Conserve esta parte durante su estancia y entréguela al salir de México. Keep this part during your stay and hand it in when you leave Mexico.",
        );
        }
        surface.finish();
        page.finish();
    }
    let created = content.issued_on.and_hms_opt(0, 0, 0).unwrap_or_default();
    finish(
        document,
        format!("Forma Migratoria Múltiple {}", content.folio),
        format!("{}-fmm", content.folio),
        created,
        &content.portal_name,
    )
}
