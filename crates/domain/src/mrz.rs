//! The machine readable zone of passports (ICAO 9303 part 4, TD3): two lines of 44
//! characters. Reads the fields, checks every check digit, and undoes the usual OCR
//! confusions (`0`/`O`, `1`/`I`, `8`/`B`, …) using what each position may hold and, for
//! positions that may be letters or digits, whichever reading satisfies the check digit.

use chrono::{Datelike, NaiveDate};

/// Characters per TD3 line.
pub const LINE_LENGTH: usize = 44;

/// ICAO 9303 check digit: weights 7, 3, 1 over digit values, letters A=10 … Z=35, `<` = 0.
/// `None` when the text holds a character outside `0-9A-Z<`.
pub fn check_digit(text: &str) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0_u32;
    for (index, c) in text.chars().enumerate() {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            '<' => 0,
            _ => return None,
        };
        sum += value * WEIGHTS[index % 3];
    }
    u8::try_from(sum % 10).ok()
}

fn digit_value(c: char) -> Option<u8> {
    c.to_digit(10).and_then(|d| u8::try_from(d).ok())
}

/// A field as read, with the outcome of its check digit where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzField<T> {
    /// `None` when nothing usable could be read.
    pub value: Option<T>,
    /// `Some(true)` when the field's own check digit holds, `None` for fields without one.
    pub check_digit_passed: Option<bool>,
    /// Whether characters were changed to satisfy the rules of the position.
    pub corrected: bool,
}

impl<T> MrzField<T> {
    fn new(value: Option<T>, check_digit_passed: Option<bool>, corrected: bool) -> Self {
        Self {
            value,
            check_digit_passed,
            corrected,
        }
    }
}

/// Sex as printed in the zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzSex {
    Female,
    Male,
    /// `<` or `X`: unspecified.
    Unspecified,
}

/// Everything read from a TD3 zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzReading {
    /// The two lines after normalisation and correction.
    pub lines: [String; 2],
    /// `P` plus the type character (`P<`, `PD` diplomatic, `PO` official, …).
    pub document_code: String,
    pub issuing_country: MrzField<String>,
    pub surnames: MrzField<String>,
    pub given_names: MrzField<String>,
    pub document_number: MrzField<String>,
    pub nationality: MrzField<String>,
    pub birth_date: MrzField<NaiveDate>,
    pub sex: MrzField<MrzSex>,
    pub expiry_date: MrzField<NaiveDate>,
    pub optional_data: MrzField<String>,
    /// The composite check digit over number, birth, expiry and optional data.
    pub composite_check_passed: bool,
}

impl MrzReading {
    /// How many of the five check digits hold.
    pub fn checks_passed(&self) -> usize {
        [
            self.document_number.check_digit_passed == Some(true),
            self.birth_date.check_digit_passed == Some(true),
            self.expiry_date.check_digit_passed == Some(true),
            self.optional_data.check_digit_passed == Some(true),
            self.composite_check_passed,
        ]
        .into_iter()
        .filter(|passed| *passed)
        .count()
    }

    /// Every check digit (the four fields and the composite) holds.
    pub fn fully_valid(&self) -> bool {
        self.document_number.check_digit_passed == Some(true)
            && self.birth_date.check_digit_passed == Some(true)
            && self.expiry_date.check_digit_passed == Some(true)
            && self.optional_data.check_digit_passed == Some(true)
            && self.composite_check_passed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    #[error("the first line does not start with P: this is not a passport zone")]
    NotAPassport,
    #[error("a line is too short to be a TD3 zone ({0} characters)")]
    TooShort(usize),
}

/// Uppercases, maps look-alikes of `<`, drops spaces, and pads or trims to 44 characters.
pub fn normalize_line(raw: &str) -> String {
    fixed_length(&clean_characters(raw))
}

/// The zone's characters of `raw`, whatever their count.
fn clean_characters(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c.to_ascii_uppercase() {
            '«' | '‹' | '(' | '[' | '{' | 'く' => '<',
            other => other,
        })
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<')
        .collect()
}

fn fixed_length(clean: &str) -> String {
    let mut line: String = clean.chars().take(LINE_LENGTH).collect();
    while line.len() < LINE_LENGTH {
        line.push('<');
    }
    line
}

/// Readings of line 2 worth trying when OCR miscounted characters. Kept in place: the
/// line as read, and its tail after the expiry date collapsed when it holds only fillers
/// and one digit (an empty optional field whose filler run came back too long or too
/// short). Shifted, when the line is too long: the same with one character of the
/// fixed-position head dropped.
fn line_two_candidates(raw: &str) -> (Vec<String>, Vec<String>) {
    const HEAD: usize = 28;
    let clean = clean_characters(raw);
    let mut as_read = vec![fixed_length(&clean)];
    let mut shifted = Vec::new();
    let collapsed = |head: &str, tail: &str| -> Option<String> {
        let meaningful: Vec<char> = tail
            .chars()
            .filter(|c| *c != '<' && !FILLER_LOOKALIKES.contains(c))
            .collect();
        match meaningful.as_slice() {
            [composite] => Some(format!("{head}{}{}", "<".repeat(15), as_digit(*composite))),
            _ => None,
        }
    };
    if clean.len() >= HEAD {
        as_read.extend(collapsed(&clean[..HEAD], &clean[HEAD..]));
    }
    if clean.len() > LINE_LENGTH {
        for skip in 0..HEAD {
            let head: String = clean[..=HEAD]
                .char_indices()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| c)
                .collect();
            let tail = &clean[HEAD + 1..];
            shifted.push(fixed_length(&format!("{head}{tail}")));
            shifted.extend(collapsed(&head, tail));
        }
    }
    as_read.dedup();
    (as_read, shifted)
}

/// Letter a digit is usually mistaken for, in positions that hold letters.
fn as_letter(c: char) -> char {
    match c {
        '0' => 'O',
        '1' => 'I',
        '2' => 'Z',
        '4' => 'A',
        '5' => 'S',
        '6' => 'G',
        '7' => 'T',
        '8' => 'B',
        other => other,
    }
}

/// Whether a TD3 position (line 0 or 1, position 0–43) can only hold a digit: line 2's
/// check digits and dates.
pub fn holds_digit(line: usize, position: usize) -> bool {
    line == 1 && matches!(position, 9 | 13..=19 | 21..=27 | 43)
}

/// Whether OCR's `c` in a digit position is something the class fixes cannot make a digit.
pub fn hopeless_as_digit(c: char) -> bool {
    !as_digit(c).is_ascii_digit()
}

/// Digit a letter is usually mistaken for, in positions that hold digits.
fn as_digit(c: char) -> char {
    match c {
        'O' | 'Q' | 'D' | 'U' => '0',
        'I' | 'L' | 'J' | 'T' => '1',
        'Z' => '2',
        'A' => '4',
        'S' => '5',
        'G' | 'b' => '6',
        'B' => '8',
        'g' => '9',
        other => other,
    }
}

/// Forces a letters-only segment (fillers allowed); reports whether anything changed.
fn letters(segment: &str) -> (String, bool) {
    let fixed: String = segment.chars().map(as_letter).collect();
    let changed = fixed != segment;
    (fixed, changed)
}

/// Forces a digits-only segment (fillers allowed where `allow_filler`).
fn digits(segment: &str, allow_filler: bool) -> (String, bool) {
    let fixed: String = segment
        .chars()
        .map(|c| {
            if allow_filler && c == '<' {
                c
            } else {
                as_digit(c)
            }
        })
        .collect();
    let changed = fixed != segment;
    (fixed, changed)
}

/// The characters OCR confuses with `c` (itself included), e.g. `6` and `G`.
pub fn look_alikes(c: char) -> &'static [char] {
    alternatives(c)
}

/// Alternatives for a character in an alphanumeric position.
fn alternatives(c: char) -> &'static [char] {
    match c {
        '0' | 'O' | 'Q' | 'D' => &['0', 'O', 'D', 'Q'],
        '1' | 'I' | 'L' => &['1', 'I', 'L'],
        '2' | 'Z' => &['2', 'Z'],
        '5' | 'S' => &['5', 'S'],
        '6' | 'G' => &['6', 'G'],
        '8' | 'B' => &['8', 'B'],
        '4' | 'A' => &['4', 'A'],
        '7' | 'T' => &['7', 'T'],
        _ => &[],
    }
}

/// Most confusable characters changed in one alphanumeric field. Each reading passes a
/// check digit by chance one time in ten, so corrections are few and only kept when the
/// composite check digit confirms them too; they stay marked `corrected` so the traveler
/// is asked to verify them.
const MAX_CHANGES: usize = 1;
/// Most readings kept per field.
const MAX_CANDIDATES: usize = 64;

/// Readings of an alphanumeric `value` that satisfy `check`, fewest changes first, each
/// with whether it differs from what was read.
fn alphanumeric_candidates(value: &str, check: char) -> Vec<(String, bool)> {
    let Some(expected) = digit_value(as_digit(check)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if check_digit(value) == Some(expected) {
        found.push((value.to_owned(), false));
    }
    let chars: Vec<char> = value.chars().collect();
    let ambiguous: Vec<usize> = (0..chars.len())
        .filter(|&i| !alternatives(chars[i]).is_empty())
        .collect();
    for changes in 1..=ambiguous.len().min(MAX_CHANGES) {
        for_each_combination(&ambiguous, changes, &mut |positions| {
            let mut choice = vec![0_usize; positions.len()];
            loop {
                if found.len() >= MAX_CANDIDATES {
                    return;
                }
                let mut candidate = chars.clone();
                let mut differs = true;
                for (slot, &position) in positions.iter().enumerate() {
                    candidate[position] = alternatives(chars[position])[choice[slot]];
                    differs &= candidate[position] != chars[position];
                }
                if differs {
                    let text: String = candidate.iter().collect();
                    if check_digit(&text) == Some(expected) {
                        found.push((text, true));
                    }
                }
                // Next combination of alternatives (odometer).
                let mut slot = 0;
                loop {
                    if slot == positions.len() {
                        return;
                    }
                    choice[slot] += 1;
                    if choice[slot] < alternatives(chars[positions[slot]]).len() {
                        break;
                    }
                    choice[slot] = 0;
                    slot += 1;
                }
            }
        });
    }
    found
}

fn for_each_combination(items: &[usize], size: usize, visit: &mut dyn FnMut(&[usize])) {
    fn walk(
        items: &[usize],
        size: usize,
        start: usize,
        current: &mut Vec<usize>,
        visit: &mut dyn FnMut(&[usize]),
    ) {
        if current.len() == size {
            visit(current);
            return;
        }
        for index in start..items.len() {
            current.push(items[index]);
            walk(items, size, index + 1, current, visit);
            current.pop();
        }
    }
    walk(items, size, 0, &mut Vec::with_capacity(size), visit);
}

/// YYMMDD as a date: birth dates in the future belong to the previous century.
fn birth_date(yymmdd: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (yy, mm, dd) = split_date(yymmdd)?;
    let this_century = today.year() - today.year() % 100;
    let mut year = this_century + yy;
    if year > today.year() {
        year -= 100;
    }
    NaiveDate::from_ymd_opt(year, mm, dd)
}

/// YYMMDD as an expiry date: passports are valid at most ten years, so the century is
/// the one that puts the date closest after fifty years ago.
fn expiry_date(yymmdd: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (yy, mm, dd) = split_date(yymmdd)?;
    let this_century = today.year() - today.year() % 100;
    let mut year = this_century + yy;
    if year < today.year() - 50 {
        year += 100;
    } else if year > today.year() + 50 {
        year -= 100;
    }
    NaiveDate::from_ymd_opt(year, mm, dd)
}

fn split_date(yymmdd: &str) -> Option<(i32, u32, u32)> {
    if yymmdd.len() != 6 || !yymmdd.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let yy = yymmdd[0..2].parse().ok()?;
    let mm = yymmdd[2..4].parse().ok()?;
    let dd = yymmdd[4..6].parse().ok()?;
    Some((yy, mm, dd))
}

/// Letters OCR returns for `<` in long filler runs.
const FILLER_LOOKALIKES: [char; 6] = ['K', 'E', 'S', 'X', 'C', 'Z'];

/// Whether a name token is OCR noise from fillers rather than a name: only look-alike
/// letters and mostly K (no name in the zone is spelt like `KKEK`), or a lone K or X.
fn is_filler_noise(token: &str) -> bool {
    let ks = token.chars().filter(|&c| c == 'K' || c == 'X').count();
    !token.is_empty()
        && token.chars().all(|c| FILLER_LOOKALIKES.contains(&c))
        && (token.len() == 1 && ks == 1 || ks * 2 >= token.len() && token.len() >= 2)
}

/// Turns filler noise in the name field back into fillers, keeping the field's length.
fn clean_name_fillers(names: &str) -> String {
    let mut out = String::with_capacity(names.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if is_filler_noise(token) {
            out.extend(std::iter::repeat_n('<', token.len()));
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in names.chars() {
        if c == '<' {
            flush(&mut token, &mut out);
            out.push('<');
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

fn name_part(segment: &str) -> Option<String> {
    let words: Vec<&str> = segment.split('<').filter(|w| !w.is_empty()).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Reads a TD3 zone from its two lines (as OCR gave them), as of `today` (for centuries).
pub fn read_td3(line1: &str, line2: &str, today: NaiveDate) -> Result<MrzReading, MrzError> {
    let known_nationality = |reading: &MrzReading| {
        reading
            .nationality
            .value
            .as_deref()
            .is_some_and(|code| portal_shared::catalogs::country(code).is_some())
    };
    let (as_read, shifted) = line_two_candidates(line2);
    // Readings that keep every character in place: the first that all check digits (and
    // a real nationality, which has no check digit) confirm wins; else the one that
    // agrees most.
    let mut best: Option<(usize, MrzReading)> = None;
    for candidate in as_read {
        let Ok(reading) = read_fixed(line1, &candidate, today) else {
            continue;
        };
        if reading.fully_valid() && known_nationality(&reading) {
            return Ok(reading);
        }
        let score = reading.checks_passed() * 2 + usize::from(known_nationality(&reading));
        if best
            .as_ref()
            .is_none_or(|(best_score, _)| score > *best_score)
        {
            best = Some((score, reading));
        }
    }
    // Dropping one character can make the digits agree by chance, so a shifted reading
    // is only taken when exactly one confirms, and with no other character changed.
    let mut confirmed: Vec<MrzReading> = Vec::new();
    for candidate in shifted {
        let Ok(reading) = read_fixed(line1, &candidate, today) else {
            continue;
        };
        if reading.fully_valid()
            && known_nationality(&reading)
            && !reading.document_number.corrected
            && !confirmed
                .iter()
                .any(|other| other.lines[1] == reading.lines[1])
        {
            confirmed.push(reading);
        }
    }
    if let [only] = confirmed.as_slice() {
        return Ok(only.clone());
    }
    best.map_or_else(
        || read_fixed(line1, line2, today),
        |(_, reading)| Ok(reading),
    )
}

/// Reads the zone taking every character at its ICAO position.
fn read_fixed(line1: &str, line2: &str, today: NaiveDate) -> Result<MrzReading, MrzError> {
    let raw1 = normalize_line(line1);
    let raw2 = normalize_line(line2);
    let meaningful = |raw: &str| raw.trim_end_matches('<').len();
    if meaningful(&raw1) < 10 {
        return Err(MrzError::TooShort(meaningful(&raw1)));
    }
    if meaningful(&raw2) < 28 {
        return Err(MrzError::TooShort(meaningful(&raw2)));
    }
    if !raw1.starts_with('P') {
        return Err(MrzError::NotAPassport);
    }

    // Line 1: document code, issuing state, names — letters only.
    let (code_type, _) = letters(&raw1[1..2]);
    let (issuing, issuing_fixed) = letters(&raw1[2..5]);
    let (names, mut names_fixed) = letters(&raw1[5..]);
    let cleaned = clean_name_fillers(&names);
    if cleaned != names {
        names_fixed = true;
    }
    let names = cleaned;
    let (surname_part, given_part) = match names.split_once("<<") {
        Some((surnames, given)) => (surnames.to_owned(), given.to_owned()),
        None => (names.clone(), String::new()),
    };

    // Line 2.
    let number_raw = &raw2[0..9];
    let number_check = raw2.chars().nth(9).unwrap_or('<');
    let (nationality, nationality_fixed) = letters(&raw2[10..13]);
    let (birth_raw, birth_fixed) = digits(&raw2[13..20], false);
    let (sex_raw, _) = letters(&raw2[20..21]);
    let (expiry_raw, expiry_fixed) = digits(&raw2[21..28], false);
    let optional_read = &raw2[28..42];
    // Long filler runs come back from OCR as runs of K, S, E…: a field holding nothing
    // but fillers and their look-alikes is empty (the composite digit confirms it below).
    let optional_filler_only = optional_read.contains('<')
        && optional_read
            .chars()
            .all(|c| c == '<' || FILLER_LOOKALIKES.contains(&c));
    let optional_owned = if optional_filler_only {
        "<".repeat(14)
    } else {
        optional_read.to_owned()
    };
    let optional_raw = optional_owned.as_str();
    let optional_empty = optional_raw.chars().all(|c| c == '<');
    let optional_check = match raw2.chars().nth(42).unwrap_or('<') {
        // An empty optional field may carry `<` or `0` as its check digit, and OCR may
        // have read that `<` as one of the filler look-alikes.
        '<' if optional_empty => '<',
        c if optional_empty && FILLER_LOOKALIKES.contains(&c) => '<',
        c => as_digit(c),
    };
    let (composite_raw, _) = digits(&raw2[43..44], false);
    let composite_digit = digit_value(composite_raw.chars().next().unwrap_or('<'));
    let birth_ok =
        check_digit(&birth_raw[..6]) == digit_value(birth_raw.chars().nth(6).unwrap_or('<'));
    let expiry_ok =
        check_digit(&expiry_raw[..6]) == digit_value(expiry_raw.chars().nth(6).unwrap_or('<'));

    let number_candidates = alphanumeric_candidates(number_raw, number_check);
    let optional_candidates = if optional_empty {
        let ok = matches!(optional_check, '<' | '0');
        vec![(optional_raw.to_owned(), false)]
            .into_iter()
            .filter(|_| ok)
            .collect()
    } else {
        alphanumeric_candidates(optional_raw, optional_check)
    };
    let number_check_digit = as_digit(number_check);
    let composite_of = |number: &str, optional: &str| {
        let text = format!(
            "{number}{number_check_digit}{}{}{optional}{optional_check}",
            &birth_raw, &expiry_raw
        );
        check_digit(&text) == composite_digit
    };
    // The first pair of readings that the composite check digit confirms. A correction
    // the composite does not confirm is dropped: the field is reported as read.
    let mut chosen = None;
    'search: for (number, number_fixed) in &number_candidates {
        for (optional, optional_fixed) in &optional_candidates {
            if composite_of(number, optional) {
                chosen = Some((
                    number.clone(),
                    *number_fixed,
                    optional.clone(),
                    *optional_fixed,
                ));
                break 'search;
            }
        }
    }
    let original_ok = |candidates: &[(String, bool)]| candidates.iter().any(|(_, fixed)| !fixed);
    let (number, number_fixed, number_ok, optional, optional_fixed, optional_ok, composite_ok) =
        match chosen {
            Some((number, number_fixed, optional, optional_fixed)) => (
                number,
                number_fixed,
                true,
                optional,
                optional_fixed,
                true,
                true,
            ),
            None => (
                number_raw.to_owned(),
                false,
                original_ok(&number_candidates),
                optional_raw.to_owned(),
                false,
                original_ok(&optional_candidates),
                composite_of(number_raw, optional_raw),
            ),
        };
    let optional_fixed = optional_fixed || (optional_filler_only && optional != optional_read);
    let line2 = format!(
        "{number}{number_check_digit}{nationality}{birth_raw}{sex_raw}{expiry_raw}{optional}{optional_check}{composite_raw}"
    );
    let line1 = format!("P{code_type}{issuing}{names}");

    let sex = match sex_raw.as_str() {
        "F" => Some(MrzSex::Female),
        "M" => Some(MrzSex::Male),
        "<" | "X" => Some(MrzSex::Unspecified),
        _ => None,
    };
    let number_value = number.trim_end_matches('<').to_owned();
    let country = |code: &str| (!code.contains('<') && code.len() == 3).then(|| code.to_owned());
    Ok(MrzReading {
        document_code: format!("P{code_type}"),
        issuing_country: MrzField::new(country(&issuing), None, issuing_fixed),
        surnames: MrzField::new(name_part(&surname_part), None, names_fixed),
        given_names: MrzField::new(name_part(&given_part), None, names_fixed),
        document_number: MrzField::new(
            (!number_value.is_empty()).then_some(number_value),
            Some(number_ok),
            number_fixed,
        ),
        nationality: MrzField::new(country(&nationality), None, nationality_fixed),
        birth_date: MrzField::new(
            birth_date(&birth_raw[..6], today),
            Some(birth_ok),
            birth_fixed,
        ),
        sex: MrzField::new(sex, None, false),
        expiry_date: MrzField::new(
            expiry_date(&expiry_raw[..6], today),
            Some(expiry_ok),
            expiry_fixed,
        ),
        optional_data: MrzField::new(
            name_part(&optional).map(|v| v.replace(' ', "")),
            Some(optional_ok),
            optional_fixed,
        ),
        composite_check_passed: composite_ok,
        lines: [line1, line2],
    })
}

/// What the picture says a zone cell holds, from the ink's shape alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellShape {
    /// The filler chevron `<`.
    Filler,
    /// Some letter or digit.
    Character,
    /// Too faint or too damaged to tell.
    Unknown,
}

/// Places an OCR line onto the zone's 44 cells whose shapes are known: OCR often inserts,
/// drops or misreads characters in runs of fillers, which shifts everything after them.
/// The alignment (least edits between what OCR read and the cells' shapes) puts each read
/// character in its cell; a cell shaped like a filler becomes `<`, the others keep what OCR
/// read there (a character OCR missed stays `<`, and the check digits then say so).
pub fn align_to_cells(ocr_line: &str, cells: &[CellShape]) -> String {
    let read: Vec<char> = clean_characters(ocr_line).chars().collect();
    let (n, m) = (read.len(), cells.len());
    let mismatch = |c: char, shape: CellShape| -> usize {
        match shape {
            CellShape::Filler => usize::from(c != '<'),
            CellShape::Character => usize::from(c == '<'),
            CellShape::Unknown => 0,
        }
    };
    // cost[i][k]: fewest edits to place the first i read characters on the first k cells.
    let mut cost = vec![vec![0_usize; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i;
    }
    for (k, cell) in cost[0].iter_mut().enumerate() {
        *cell = k;
    }
    for i in 1..=n {
        for k in 1..=m {
            let diagonal = cost[i - 1][k - 1] + mismatch(read[i - 1], cells[k - 1]);
            cost[i][k] = diagonal.min(cost[i - 1][k] + 1).min(cost[i][k - 1] + 1);
        }
    }
    let mut placed: Vec<Option<char>> = vec![None; m];
    let (mut i, mut k) = (n, m);
    while i > 0 && k > 0 {
        if cost[i][k] == cost[i - 1][k - 1] + mismatch(read[i - 1], cells[k - 1]) {
            placed[k - 1] = Some(read[i - 1]);
            i -= 1;
            k -= 1;
        } else if cost[i][k] == cost[i - 1][k] + 1 {
            i -= 1;
        } else {
            k -= 1;
        }
    }
    cells
        .iter()
        .zip(placed)
        .map(|(shape, read)| match shape {
            CellShape::Filler => '<',
            _ => read.unwrap_or('<'),
        })
        .collect()
}

/// Finds the two TD3 lines in OCR output (any number of lines, some of them noise):
/// the last line starting with `P` followed by a line with enough content.
pub fn find_td3_lines(ocr_text: &str) -> Option<(String, String)> {
    let lines: Vec<String> = ocr_text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| l.len() >= 30)
        .collect();
    let mut best = None;
    for pair in lines.windows(2) {
        let first = pair[0].to_ascii_uppercase();
        // A speck left of the zone can come out as a character or two before the P.
        let Some(start) = first.find('P').filter(|&at| at <= 2) else {
            continue;
        };
        if first[start..].contains('<') {
            best = Some((pair[0][start..].to_owned(), pair[1].clone()));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECIMEN_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    const SPECIMEN_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
    }

    fn read(l1: &str, l2: &str) -> MrzReading {
        match read_td3(l1, l2, today()) {
            Ok(reading) => reading,
            Err(error) => panic!("{error}"),
        }
    }

    /// Builds a valid line 2 from its fields, computing every check digit.
    fn line2(
        number: &str,
        nationality: &str,
        birth: &str,
        sex: char,
        expiry: &str,
        optional: &str,
    ) -> String {
        let number = format!("{number:<<9}");
        let optional = format!("{optional:<<14}");
        let d = |s: &str| check_digit(s).map_or('?', |v| char::from(b'0' + v));
        let optional_check = if optional.chars().all(|c| c == '<') {
            '<'
        } else {
            d(&optional)
        };
        let partial = format!(
            "{number}{}{nationality}{birth}{}{sex}{expiry}{}{optional}{optional_check}",
            d(&number),
            d(birth),
            d(expiry)
        );
        let composite = format!(
            "{}{}{}",
            &partial[0..10],
            &partial[13..20],
            &partial[21..43]
        );
        format!("{partial}{}", d(&composite))
    }

    fn shapes(line: &str) -> Vec<CellShape> {
        line.chars()
            .map(|c| {
                if c == '<' {
                    CellShape::Filler
                } else {
                    CellShape::Character
                }
            })
            .collect()
    }

    #[test]
    fn cells_put_fillers_read_as_letters_back_in_place() {
        // Two fillers read as K and X, one filler dropped, one inserted.
        let ocr = "P<UTOERIKSSON<<ANNA<MARIA<<<<KX<<<<<<<<<<<<<<";
        assert_eq!(align_to_cells(ocr, &shapes(SPECIMEN_1)), SPECIMEN_1);
        let dropped = "L898902C36UTO7408122F1204159ZE184226B<<<<10";
        assert_eq!(align_to_cells(dropped, &shapes(SPECIMEN_2)), SPECIMEN_2);
        let inserted = "L898902C36UTO7408122F1204159ZE184226B<<<<<<<10";
        assert_eq!(align_to_cells(inserted, &shapes(SPECIMEN_2)), SPECIMEN_2);
    }

    #[test]
    fn cells_keep_what_ocr_read_where_the_shape_is_unknown_or_a_character() {
        let mut cells = shapes(SPECIMEN_2);
        cells[3] = CellShape::Unknown;
        // OCR confused 8 and B in cell 2: the shape does not say which, so OCR's stays.
        let ocr = "L8B8902C36UTO7408122F1204159ZE184226B<<<<<10";
        assert_eq!(align_to_cells(ocr, &cells), ocr);
        // A character OCR missed entirely is left as a filler for the check digits to catch.
        let missing = "L89902C36UTO7408122F1204159ZE184226B<<<<<10";
        let aligned = align_to_cells(missing, &shapes(SPECIMEN_2));
        assert_eq!(aligned.len(), LINE_LENGTH);
        assert_eq!(&aligned[5..], &SPECIMEN_2[5..]);
        assert!(aligned[..5].contains('<'), "{aligned}");
    }

    #[test]
    fn ocr_specks_before_the_zone_are_dropped() {
        let text = format!("S {SPECIMEN_1}\n{SPECIMEN_2}\n");
        assert_eq!(
            find_td3_lines(&text),
            Some((SPECIMEN_1.to_owned(), SPECIMEN_2.to_owned()))
        );
    }

    #[test]
    fn check_digits_follow_the_icao_weights() {
        assert_eq!(check_digit("L898902C3"), Some(6));
        assert_eq!(check_digit("740812"), Some(2));
        assert_eq!(check_digit("120415"), Some(9));
        assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
        assert_eq!(check_digit("<<<<"), Some(0));
        assert_eq!(check_digit("abc"), None);
    }

    #[test]
    fn the_icao_specimen_is_read_completely() {
        let r = read(SPECIMEN_1, SPECIMEN_2);
        assert!(r.fully_valid(), "{r:?}");
        assert_eq!(r.document_code, "P<");
        assert_eq!(r.issuing_country.value.as_deref(), Some("UTO"));
        assert_eq!(r.surnames.value.as_deref(), Some("ERIKSSON"));
        assert_eq!(r.given_names.value.as_deref(), Some("ANNA MARIA"));
        assert_eq!(r.document_number.value.as_deref(), Some("L898902C3"));
        assert_eq!(r.nationality.value.as_deref(), Some("UTO"));
        assert_eq!(r.birth_date.value, NaiveDate::from_ymd_opt(1974, 8, 12));
        assert_eq!(r.sex.value, Some(MrzSex::Female));
        assert_eq!(r.expiry_date.value, NaiveDate::from_ymd_opt(2012, 4, 15));
        assert_eq!(r.optional_data.value.as_deref(), Some("ZE184226B"));
        assert_eq!(r.lines, [SPECIMEN_1.to_owned(), SPECIMEN_2.to_owned()]);
        assert!(!r.document_number.corrected);
    }

    #[test]
    fn ocr_confusions_in_digit_positions_are_undone() {
        // Birth date with O for 0 and I for 1, expiry with B for 8... and S for 5.
        let l2 = "L898902C36UTO74O8I22F12O4I59ZE184226B<<<<<10";
        let r = read(SPECIMEN_1, l2);
        assert!(r.fully_valid(), "{r:?}");
        assert!(r.birth_date.corrected && r.expiry_date.corrected);
        assert_eq!(r.lines[1], SPECIMEN_2);
    }

    #[test]
    fn confusions_in_the_document_number_are_resolved_by_its_check_digit() {
        // "L898902C3" read as "L8989O2C3" (O for 0) and "1" read as "I" elsewhere.
        let r = read(SPECIMEN_1, "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10");
        assert_eq!(r.document_number.value.as_deref(), Some("L898902C3"));
        assert_eq!(r.document_number.check_digit_passed, Some(true));
        assert!(r.document_number.corrected);
        assert!(r.fully_valid());

        let r = read(SPECIMEN_1, "LB98902C36UTO7408122F1204159ZE184226B<<<<<10");
        assert_eq!(r.document_number.value.as_deref(), Some("L898902C3"));
    }

    #[test]
    fn digits_in_letter_positions_become_letters() {
        let r = read(
            "P<UT0ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
            "L898902C36UT07408122F1204159ZE184226B<<<<<10",
        );
        assert_eq!(r.issuing_country.value.as_deref(), Some("UTO"));
        assert_eq!(r.nationality.value.as_deref(), Some("UTO"));
        assert_eq!(r.surnames.value.as_deref(), Some("ERIKSSON"));
        assert_eq!(r.given_names.value.as_deref(), Some("ANNA MARIA"));
        assert!(r.fully_valid());
    }

    #[test]
    fn a_wrong_check_digit_is_reported_on_its_own_field() {
        // Birth date digit changed: its check and the composite fail, the others hold.
        let r = read(SPECIMEN_1, "L898902C36UTO7408132F1204159ZE184226B<<<<<10");
        assert_eq!(r.birth_date.check_digit_passed, Some(false));
        assert_eq!(r.document_number.check_digit_passed, Some(true));
        assert_eq!(r.expiry_date.check_digit_passed, Some(true));
        assert!(!r.composite_check_passed);
        assert!(!r.fully_valid());

        let r = read(SPECIMEN_1, "L898902C36UTO7408122F1204158ZE184226B<<<<<10");
        assert_eq!(r.expiry_date.check_digit_passed, Some(false));
        assert_eq!(r.birth_date.check_digit_passed, Some(true));

        // A number with no confusable character and a wrong check digit stays as read.
        let mut wrong = line2("KXHMRWNPC", "UTO", "740812", 'F', "320415", "");
        let digit = wrong
            .chars()
            .nth(9)
            .and_then(|c| c.to_digit(10))
            .unwrap_or(0);
        wrong.replace_range(9..10, &((digit + 1) % 10).to_string());
        let r = read(SPECIMEN_1, &wrong);
        assert_eq!(r.document_number.check_digit_passed, Some(false));
        assert_eq!(r.document_number.value.as_deref(), Some("KXHMRWNPC"));
        assert!(!r.document_number.corrected);

        let r = read(SPECIMEN_1, "L898902C36UTO7408122F1204159ZE184226B<<<<<11");
        assert!(!r.composite_check_passed);
        assert_eq!(r.document_number.check_digit_passed, Some(true));
    }

    #[test]
    fn names_with_several_parts_and_long_filler_runs() {
        let l1 = "P<COLGARCIA<DE<LA<TORRE<<MARIA<JOSE<DEL<MAR<<";
        let l2 = line2("AB1234567", "COL", "900517", 'F', "330101", "");
        let r = read(l1, &l2);
        assert_eq!(r.surnames.value.as_deref(), Some("GARCIA DE LA TORRE"));
        assert_eq!(r.given_names.value.as_deref(), Some("MARIA JOSE DEL MAR"));
        assert_eq!(r.optional_data.value, None);
        assert_eq!(r.optional_data.check_digit_passed, Some(true));
        assert!(r.fully_valid(), "{r:?}");
        assert_eq!(r.expiry_date.value, NaiveDate::from_ymd_opt(2033, 1, 1));
        assert_eq!(r.birth_date.value, NaiveDate::from_ymd_opt(1990, 5, 17));
    }

    #[test]
    fn a_name_without_given_names_and_a_short_line_are_read() {
        // OCR often drops trailing fillers: the line is padded back to 44.
        let r = read(
            "P<MEXLOPEZ",
            &line2("G12345678", "MEX", "051231", 'M', "290630", "LOMJ051231HDF"),
        );
        assert_eq!(r.surnames.value.as_deref(), Some("LOPEZ"));
        assert_eq!(r.given_names.value, None);
        assert_eq!(r.birth_date.value, NaiveDate::from_ymd_opt(2005, 12, 31));
        assert_eq!(r.sex.value, Some(MrzSex::Male));
        assert!(r.fully_valid(), "{r:?}");
    }

    #[test]
    fn spaces_lowercase_and_guillemets_are_normalised() {
        let l1 = "p<uto eriksson<<anna«maria";
        let r = read(l1, SPECIMEN_2);
        assert_eq!(r.given_names.value.as_deref(), Some("ANNA MARIA"));
        assert_eq!(r.lines[0], SPECIMEN_1);
    }

    #[test]
    fn diplomatic_passports_keep_their_type_letter() {
        let r = read(
            "PDCOLPEREZ<<JUAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            &line2("D0012345", "COL", "700101", 'M', "300101", ""),
        );
        assert_eq!(r.document_code, "PD");
    }

    #[test]
    fn other_documents_and_empty_text_are_refused() {
        assert_eq!(
            read_td3("I<UTOERIKSSON<<ANNA", SPECIMEN_2, today()),
            Err(MrzError::NotAPassport)
        );
        assert!(matches!(
            read_td3("", "", today()),
            Err(MrzError::TooShort(_))
        ));
        assert!(matches!(
            read_td3(SPECIMEN_1, "L898902C3", today()),
            Err(MrzError::TooShort(_))
        ));
    }

    #[test]
    fn the_zone_is_found_among_other_ocr_lines() {
        let text = format!("REPUBLICA DE COLOMBIA PASAPORTE\n\n{SPECIMEN_1}\n{SPECIMEN_2}\n");
        assert_eq!(
            find_td3_lines(&text),
            Some((SPECIMEN_1.to_owned(), SPECIMEN_2.to_owned()))
        );
        assert_eq!(find_td3_lines("nothing here"), None);
    }

    #[test]
    fn filler_runs_read_as_letters_become_fillers_again() {
        let truth = line2("FT6282016", "COL", "610415", 'F', "360512", "");
        let mut read_as = truth.clone();
        read_as.replace_range(35..43, "KKKKKKKK");
        let r = read("P<COLTORRES<<ANA<K<<<<<<<KKKKKKKKKKKEKKKEK<<", &read_as);
        assert!(r.fully_valid(), "{r:?}");
        assert_eq!(r.lines[1], truth);
        assert!(r.optional_data.corrected);
        assert_eq!(r.surnames.value.as_deref(), Some("TORRES"));
        assert_eq!(r.given_names.value.as_deref(), Some("ANA"));
        assert!(r.given_names.corrected);
    }

    #[test]
    fn names_with_k_are_kept() {
        let r = read(
            "P<COLKLINKE<<KATHERINE<KARLA<<<<<<<<<<<<<<<<<",
            &line2("AB1234567", "COL", "900517", 'F', "330101", ""),
        );
        assert_eq!(r.surnames.value.as_deref(), Some("KLINKE"));
        assert_eq!(r.given_names.value.as_deref(), Some("KATHERINE KARLA"));
    }

    #[test]
    fn a_filler_run_read_too_long_or_too_short_is_recounted() {
        let truth = line2("BT0274880", "COL", "840922", 'M', "291205", "");
        let head = &truth[..28];
        let composite = &truth[43..];
        for tail in [
            format!("<<<<<<KKKKKKKK<{composite}<"),
            format!("<<<<<<<<<<<<<<<<<{composite}"),
            format!("<<<<<<<<<<{composite}<<<<"),
        ] {
            let r = read(SPECIMEN_1, &format!("{head}{tail}"));
            assert!(r.fully_valid(), "{tail}: {r:?}");
            assert_eq!(r.lines[1], truth);
        }
    }

    #[test]
    fn one_extra_character_in_the_head_is_dropped_when_the_check_digits_agree() {
        let truth = line2("JL7051954", "COL", "991016", 'F', "290505", "");
        let shifted = format!("{}O{}", &truth[..12], &truth[12..]);
        let r = read(SPECIMEN_1, &shifted);
        assert!(r.fully_valid(), "{r:?}");
        assert_eq!(r.lines[1], truth);

        // The composite digit lost too: nothing says which character was extra, so the
        // reading is not claimed to be valid.
        let r = read(SPECIMEN_1, &format!("{}O{}", &truth[..12], &truth[12..43]));
        assert!(!r.fully_valid(), "{r:?}");
    }

    #[test]
    fn sex_x_is_unspecified() {
        let r = read(
            SPECIMEN_1,
            &line2("L898902C3", "UTO", "740812", 'X', "320415", ""),
        );
        assert_eq!(r.sex.value, Some(MrzSex::Unspecified));
        assert!(r.fully_valid());
    }
}
