//! Closed sets of codes that cross the wire, as types.
//!
//! Every code the API sends or accepts (`status`, `variant`, `outcome`, …) is an enum
//! declared with [`wire_code!`]: serde writes it as its snake_case string, OpenAPI lists
//! its values, and a `match` on it makes the compiler find every place a new code must be
//! handled. Form fields where a person picks a code are [`Choice`]s, so that a blank or an
//! unknown value is reported as a field error (`required`, `unknown_option`) instead of
//! refusing the whole body.

use crate::error::FieldErrorCode;
use crate::validation::FieldErrors;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed set of codes with a stable text form.
pub trait WireCode: Copy + Eq + 'static {
    /// Every code, in the order forms list them.
    const ALL: &'static [Self];

    /// The code as it is written on the wire and in the database.
    fn as_str(self) -> &'static str;

    /// The code written `code`, if it is one of the set.
    fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|known| known.as_str() == code)
    }
}

/// Declares a [`WireCode`] enum: each variant with the exact string it has on the wire.
///
/// ```
/// portal_shared::wire_code! {
///     /// Vía de internación.
///     pub enum Way { Air = "air", Sea = "sea" }
/// }
/// use portal_shared::codes::WireCode;
/// assert_eq!(Way::parse("sea"), Some(Way::Sea));
/// assert_eq!(serde_json::to_string(&Way::Air).unwrap(), "\"air\"");
/// ```
#[macro_export]
macro_rules! wire_code {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $code:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        #[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The code as it is written on the wire and in the database.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            /// The code written `code`, if it is one of the set.
            pub fn parse(code: &str) -> Option<Self> {
                <Self as $crate::codes::WireCode>::parse(code)
            }
        }

        impl $crate::codes::WireCode for $name {
            const ALL: &'static [Self] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::codes::WireCode::as_str(*self))
            }
        }
    };
}

/// A code picked in a form: blank until chosen, one of the set, or a value outside it.
///
/// On the wire it is the plain string (`""` when blank), so the JSON of a request is the
/// same as with a `String` field; the rules, not the JSON parser, turn a blank or an
/// unknown value into a field error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Choice<T> {
    #[default]
    Blank,
    Known(T),
    /// A value that is not one of the set, kept to be reported, never acted on.
    Unknown(String),
}

impl<T: WireCode> Choice<T> {
    /// Reads a form value: blank, a known code, or an unknown one.
    pub fn from_code(code: &str) -> Self {
        if code.is_empty() {
            Self::Blank
        } else {
            T::parse(code).map_or_else(|| Self::Unknown(code.to_owned()), Self::Known)
        }
    }

    /// The chosen code, if it is one of the set.
    pub fn known(&self) -> Option<T> {
        match self {
            Self::Known(code) => Some(*code),
            Self::Blank | Self::Unknown(_) => None,
        }
    }

    /// The text of the value as sent (`""` when blank).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Blank => "",
            Self::Known(code) => code.as_str(),
            Self::Unknown(text) => text,
        }
    }

    /// The chosen code of a request whose rules have passed; otherwise the field error
    /// the rules would have reported.
    pub fn checked(&self, field: &str) -> Result<T, Vec<crate::FieldError>> {
        let mut errors = FieldErrors::new();
        self.require(&mut errors, field, FieldErrorCode::UnknownOption)
            .ok_or_else(|| errors.into_vec())
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Self::Blank)
    }

    /// The chosen code; otherwise adds `required` (blank) or `unknown` on `field`.
    pub fn require(
        &self,
        errors: &mut FieldErrors,
        field: &str,
        unknown: FieldErrorCode,
    ) -> Option<T> {
        match self {
            Self::Known(code) => Some(*code),
            Self::Blank => {
                errors.add(field, FieldErrorCode::Required);
                None
            }
            Self::Unknown(_) => {
                errors.add(field, unknown);
                None
            }
        }
    }
}

impl<T: WireCode> From<&str> for Choice<T> {
    /// A form's text value: [`Choice::from_code`].
    fn from(code: &str) -> Self {
        Self::from_code(code)
    }
}

impl<T: WireCode> Serialize for Choice<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, T: WireCode> Deserialize<'de> for Choice<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::from_code(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::wire_code! {
        pub enum Sample { One = "one", TwoWords = "two_words" }
    }

    #[test]
    fn a_wire_code_is_written_and_read_as_its_string() {
        assert_eq!(Sample::ALL, &[Sample::One, Sample::TwoWords]);
        assert_eq!(Sample::TwoWords.as_str(), "two_words");
        assert_eq!(Sample::parse("two_words"), Some(Sample::TwoWords));
        assert_eq!(Sample::parse("TwoWords"), None);
        assert_eq!(serde_json::json!(Sample::One), serde_json::json!("one"));
        assert_eq!(
            serde_json::from_str::<Sample>("\"two_words\"").ok(),
            Some(Sample::TwoWords)
        );
        assert!(serde_json::from_str::<Sample>("\"three\"").is_err());
    }

    #[test]
    fn a_choice_keeps_blank_and_unknown_values_for_the_rules_to_report() {
        let read = |json: &str| serde_json::from_str::<Choice<Sample>>(json).ok();
        assert_eq!(read("\"one\""), Some(Choice::Known(Sample::One)));
        assert_eq!(read("\"\""), Some(Choice::Blank));
        assert_eq!(read("\"zz\""), Some(Choice::Unknown("zz".into())));
        assert_eq!(read("null"), None);
        for choice in [
            Choice::Known(Sample::TwoWords),
            Choice::Blank,
            Choice::Unknown("zz".into()),
        ] {
            let json = serde_json::to_string(&choice).unwrap_or_default();
            assert_eq!(read(&json), Some(choice));
        }

        let mut errors = FieldErrors::new();
        assert_eq!(
            Choice::Known(Sample::One).require(&mut errors, "a", FieldErrorCode::UnknownOption),
            Some(Sample::One)
        );
        assert!(errors.is_empty());
        Choice::<Sample>::Blank.require(&mut errors, "b", FieldErrorCode::UnknownOption);
        Choice::<Sample>::from_code("zz").require(&mut errors, "c", FieldErrorCode::UnknownSex);
        let found: Vec<_> = errors
            .into_vec()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            found,
            vec![
                ("b".to_owned(), FieldErrorCode::Required),
                ("c".to_owned(), FieldErrorCode::UnknownSex)
            ]
        );
    }
}
