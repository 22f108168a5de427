#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use portal_scan::{ScanError, decode, estimate_skew_degrees, rotate, scan};
use support::*;

const SPECIMEN_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const SPECIMEN_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn assert_line_two_read(bytes: &[u8]) {
    let outcome = scan(bytes, today()).unwrap_or_else(|e| panic!("scan failed: {e}"));
    let r = &outcome.reading;
    assert_eq!(r.lines[1], SPECIMEN_2, "{r:?}");
    assert!(r.fully_valid(), "{r:?}");
    assert_eq!(r.document_number.value.as_deref(), Some("L898902C3"));
    assert_eq!(r.birth_date.value, NaiveDate::from_ymd_opt(1974, 8, 12));
    assert_eq!(r.expiry_date.value, NaiveDate::from_ymd_opt(2012, 4, 15));
    assert_eq!(r.issuing_country.value.as_deref(), Some("UTO"));
    assert_eq!(r.surnames.value.as_deref(), Some("ERIKSSON"));
}

#[test]
fn a_clean_specimen_page_is_read_completely() {
    assert_line_two_read(&png(&render_page(SPECIMEN_1, SPECIMEN_2)));
}

#[test]
fn a_photo_turned_by_up_to_fifteen_degrees_is_straightened_and_read() {
    for degrees in [-12.0_f32, 7.0, 14.0] {
        let photo = rotate(&on_table(&render_page(SPECIMEN_1, SPECIMEN_2), 80), degrees);
        assert_line_two_read(&png(&photo));
    }
}

#[test]
fn jpeg_noise_and_uneven_light_are_tolerated() {
    let mut page = on_table(&render_page(SPECIMEN_1, SPECIMEN_2), 60);
    uneven_light(&mut page, 60.0);
    add_noise(&mut page, 18, 7);
    let blurred = image::imageops::blur(&page, 0.8);
    assert_line_two_read(&jpeg(&rotate(&blurred, 4.0), 60));
}

#[test]
fn the_skew_estimate_finds_the_angle_within_half_a_degree() {
    let page = render_page(SPECIMEN_1, SPECIMEN_2);
    for degrees in [-14.0_f32, -6.0, 0.0, 3.0, 11.0] {
        let estimate = estimate_skew_degrees(&rotate(&page, degrees));
        assert!(
            (estimate + degrees).abs() <= 0.5 || (estimate - degrees).abs() <= 0.5,
            "turned {degrees}, estimated {estimate}"
        );
    }
}

#[test]
fn a_photo_without_a_zone_is_refused_as_such() {
    let blank = image::GrayImage::from_pixel(800, 600, image::Luma([230]));
    assert!(matches!(scan(&png(&blank), today()), Err(ScanError::NoMrz)));
}

#[test]
fn files_that_are_not_images_are_refused() {
    assert!(matches!(
        decode(b"%PDF-1.7 not an image"),
        Err(ScanError::NotAnImage)
    ));
    assert!(matches!(decode(b""), Err(ScanError::NotAnImage)));
    // GIF is an image, but not one of the accepted formats.
    assert!(matches!(
        decode(b"GIF89a\x01\x00\x01\x00"),
        Err(ScanError::NotAnImage)
    ));
}

#[test]
fn a_truncated_jpeg_is_reported_as_damaged() {
    let bytes = jpeg(&render_page(SPECIMEN_1, SPECIMEN_2), 80);
    let truncated = &bytes[..bytes.len() / 3];
    assert!(matches!(decode(truncated), Err(ScanError::Corrupt(_))));
}

#[test]
fn a_png_declaring_a_huge_size_is_refused_before_decoding() {
    let mut bytes = png(&image::GrayImage::from_pixel(4, 4, image::Luma([0])));
    // IHDR width and height sit at bytes 16..24; declare 100 000 × 100 000.
    bytes[16..20].copy_from_slice(&100_000_u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&100_000_u32.to_be_bytes());
    assert!(matches!(
        decode(&bytes),
        Err(ScanError::TooLarge { .. }) | Err(ScanError::Corrupt(_))
    ));
}
