//! The Forma Migratoria Múltiple electrónica, laid out like the bilingual sample in the
//! Pre-Registro manual: fields 1–20 on the entry half (REGISTRO DE ENTRADA), the
//! traveler's identity and the exit stamp on the half kept until departure (SALIDA).

use crate::canvas::{BLACK, BOLD, Canvas, GREY, REGULAR, Style, WINE, wrap};
use crate::{
    DocumentError, EntrySeal, FmmContent, PAGE_HEIGHT, PAGE_WIDTH, carrier_label,
    entry_point_label, finish, new_document, state_label,
};
use krilla::page::PageSettings;
use portal_shared::i18n::{Locale, fmm};
use portal_shared::preregistrations::{EntryMode, entry_point};

/// A text of the form in Spanish and English, as the official bilingual FMM prints it
/// whatever the traveler's language (`Sexo / Gender`).
fn official(text: fn(Locale) -> &'static str) -> String {
    format!("{} / {}", text(Locale::Es), text(Locale::En))
}

/// A numbered field label of the form (`5. Sexo / Gender`).
fn numbered(number: u8, text: fn(Locale) -> &'static str) -> String {
    format!("{number}. {}", official(text))
}

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
        (
            9.0,
            styles.label,
            format!("INM · {}", official(fmm::admitted)),
        ),
        (
            20.0,
            styles.value,
            seal.admitted_on.format("%d %m %Y").to_string(),
        ),
        (
            31.0,
            styles.label,
            format!("{port} · {}", fmm::officer(Locale::Es, &seal.officer_badge)),
        ),
        (
            41.0,
            styles.label,
            format!("{} {}", seal.authorized_days, official(fmm::days)),
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
        &format!("{} {}", seal.authorized_days, official(fmm::days_capitals)),
    );
    canvas.text(x + 3.0, y + h - 16.0, styles.label, &official(fmm::until));
    canvas.text(x + 3.0, y + h - 5.0, styles.value, &until);
}

/// A field whose value is a row of checkboxes.
fn choice_field(
    canvas: &mut Canvas<'_, '_>,
    styles: &Styles<'_>,
    (x, y, w, h): (f32, f32, f32, f32),
    label: &str,
    options: &[(String, bool)],
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
        (
            0.3,
            numbered(1, fmm::first_name),
            traveler.given_names.as_str(),
        ),
        (0.3, numbered(2, fmm::last_name), traveler.surnames.as_str()),
        (
            0.2,
            numbered(3, fmm::nationality),
            traveler.nationality_name.as_str(),
        ),
        (0.2, numbered(4, fmm::birth_date), birth.as_str()),
    ] {
        field(c, styles, (x, y, WIDTH * fraction, h), &label, value);
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
        &numbered(5, fmm::sex),
        &[
            (official(fmm::female), traveler.sex == "F"),
            (official(fmm::male), traveler.sex == "M"),
        ],
    );
    field(
        c,
        styles,
        (MARGIN + WIDTH * 0.3, y, WIDTH * 0.2, h),
        &numbered(6, fmm::passport_number),
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

            c.text(MARGIN, 40.0, styles.title, &official(fmm::entry));
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
                fmm::form_title(Locale::Es),
            );
            let mut y = 74.0;
            for line in [fmm::instructions(Locale::Es), fmm::instructions(Locale::En)] {
                y = c.paragraph(MARGIN, y, WIDTH, 9.0, styles.small, line);
            }
            y += 4.0;
            c.text(
                MARGIN,
                y + 6.0,
                styles.title,
                &official(fmm::entry_registration),
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
                &numbered(7, fmm::trip_purpose),
                &[
                    (official(fmm::tourism), trip.trip_reason == "tourism"),
                    (official(fmm::business), trip.trip_reason == "business"),
                    (official(fmm::other), trip.trip_reason == "other"),
                ],
            );
            y += h;
            // Row 3.
            choice_field(
                c,
                &styles,
                (MARGIN, y, col(0.4), h),
                &numbered(8, fmm::entering_by),
                &[
                    (
                        official(fmm::air),
                        trip.entry_mode.known() == Some(EntryMode::Air),
                    ),
                    (
                        official(fmm::sea),
                        trip.entry_mode.known() == Some(EntryMode::Sea),
                    ),
                    (
                        official(fmm::land),
                        trip.entry_mode.known() == Some(EntryMode::Land),
                    ),
                ],
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.4), y, col(0.25), h),
                &numbered(9, fmm::country_of_residence),
                &content.country_of_residence,
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.65), y, col(0.35), h),
                &numbered(10, fmm::port_of_entry),
                &entry_point_label(&trip.entry_point),
            );
            y += h;
            // Row 4.
            let h = 36.0;
            field(
                c,
                &styles,
                (MARGIN, y, col(0.5), h),
                &numbered(11, fmm::carrier),
                &carrier_label(trip),
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.5), y, col(0.5), h),
                &numbered(12, fmm::flight),
                &trip.flight_number,
            );
            y += h;
            // Row 5.
            let h = 48.0;
            field(
                c,
                &styles,
                (MARGIN, y, col(0.35), h),
                &numbered(13, fmm::destination),
                &state_label(&trip.destination_state),
            );
            field(
                c,
                &styles,
                (MARGIN + col(0.35), y, col(0.65), h),
                &numbered(14, fmm::address_in_mexico),
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
                &numbered(15, fmm::declaration_heading),
            );
            let declaration = Style {
                size: 6.6,
                ..styles.small
            };
            let mut line_y = y + 18.0;
            for text in [fmm::declaration(Locale::Es), fmm::declaration(Locale::En)] {
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
                &numbered(16, fmm::date),
                &content.issued_on.format("%d %m %Y").to_string(),
            );
            y += h;
            // Row 7: signature and the officer's boxes.
            let h = 70.0;
            let mut x = MARGIN;
            for label in [
                numbered(17, fmm::signature),
                numbered(18, fmm::entry_stamp),
                numbered(19, fmm::authorised_stay),
                numbered(20, fmm::exit_stamp),
            ] {
                field(c, &styles, (x, y, col(0.25), h), &label, "");
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
                &official(fmm::official_use),
            );
            let mut column_x = MARGIN + 4.0;
            for (heading, options) in [
                (
                    fmm::stay_up_to_180_days(Locale::Es),
                    &[
                        fmm::visitor_without_paid_activities(Locale::Es),
                        fmm::visitor_humanitarian(Locale::Es),
                        fmm::visitor_with_paid_activities(Locale::Es),
                    ][..],
                ),
                (
                    fmm::stay_up_to_30_days(Locale::Es),
                    &[fmm::cause(Locale::Es), fmm::replacement(Locale::Es)][..],
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
                &format!("✂  {}", official(fmm::cut_here)),
            );
            y += 30.0;
            c.text(MARGIN, y, styles.title, &official(fmm::exit));
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
                &official(fmm::departure_registration),
            );
            y += 16.0;
            y = identity_row(c, &styles, y, traveler);
            let h = 70.0;
            sex_and_passport(c, &styles, y, h, traveler);
            field(
                c,
                &styles,
                (MARGIN + col(0.5), y, col(0.25), h),
                &numbered(18, fmm::entry_stamp),
                "",
            );
            if let Some(seal) = &content.entry_seal {
                entry_stamp(c, &styles, (MARGIN + col(0.5), y, col(0.25), h), seal);
            }
            field(
                c,
                &styles,
                (MARGIN + col(0.75), y, col(0.25), h),
                &numbered(20, fmm::exit_stamp),
                "",
            );
            y += h + 14.0;
            c.paragraph(
                MARGIN,
                y,
                WIDTH,
                9.0,
                styles.small,
                &format!(
                    "{} {}",
                    fmm::keep_this_part(Locale::Es),
                    fmm::keep_this_part(Locale::En)
                ),
            );
        }
        surface.finish();
        page.finish();
    }
    let created = content.issued_on.and_hms_opt(0, 0, 0).unwrap_or_default();
    finish(
        document,
        fmm::document_title(Locale::Es, &content.folio),
        format!("{}-fmm", content.folio),
        created,
        &content.portal_name,
    )
}
