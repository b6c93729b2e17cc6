//! Properties of the identifier formatters, for any input: the copy form is the display form
//! without separators; formatting what was copied gives the same display (round trip); well-formed
//! identifiers are grouped exactly as banks print them.

use super::format::text_field;
use super::*;
use crate::model::FieldKind;
use proptest::prelude::*;
#[allow(unused_imports)]
use std::{format, string::String, string::ToString, vec::Vec};

const KINDS: [FieldKind; 5] =
    [FieldKind::Text, FieldKind::Code, FieldKind::Iban, FieldKind::SortCode, FieldKind::Clabe];

proptest! {
    #[test]
    fn copy_is_the_display_without_separators(raw in "\\PC{0,40}", kind in 0..KINDS.len()) {
        let kind = KINDS[kind];
        let (display, copy) = text_field(kind, &raw);
        let copy = copy.unwrap();
        prop_assert_eq!(compact(&display), compact(&copy));
        if kind != FieldKind::Text {
            prop_assert_eq!(&copy, &compact(&copy), "codes are copied without spaces or dashes");
            // Round trip: formatting the copied value shows what the raw value showed.
            let (again, copy_again) = text_field(kind, &copy);
            prop_assert_eq!(copy_again.unwrap(), copy);
            if kind != FieldKind::Code {
                prop_assert_eq!(compact(&again), compact(&display));
            }
        }
    }

    #[test]
    fn ibans_are_grouped_by_four(iban in "[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", noise in "[ \t-]{0,3}") {
        let raw = format!("{noise}{}{noise}", iban.to_ascii_lowercase());
        let (display, copy) = text_field(FieldKind::Iban, &raw);
        prop_assert_eq!(copy.as_deref(), Some(iban.as_str()));
        let groups: Vec<&str> = display.split(' ').collect();
        prop_assert!(groups.iter().all(|g| !g.is_empty() && g.len() <= 4));
        prop_assert!(groups[..groups.len() - 1].iter().all(|g| g.len() == 4));
    }

    #[test]
    fn sort_codes_and_clabes_are_grouped_as_printed(sort in "[0-9]{6}", clabe in "[0-9]{18}") {
        let (display, copy) = text_field(FieldKind::SortCode, &sort);
        prop_assert_eq!(display, format!("{}-{}-{}", &sort[..2], &sort[2..4], &sort[4..]));
        prop_assert_eq!(copy.as_deref(), Some(sort.as_str()));
        let (display, copy) = text_field(FieldKind::Clabe, &clabe);
        prop_assert_eq!(display, format!("{} {} {} {}", &clabe[..3], &clabe[3..6], &clabe[6..17], &clabe[17..]));
        prop_assert_eq!(copy.as_deref(), Some(clabe.as_str()));
    }
}
