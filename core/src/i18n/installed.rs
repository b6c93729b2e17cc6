//! Message tables installed at run time. The browser builds compile in English only and load
//! another language's table when a page shows it (see `build.rs`); the texts then live for the
//! rest of the page, like the compiled-in ones, so `Lang::text` keeps returning `&'static str`.

use super::{Lang, Message};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::sync::atomic::{AtomicPtr, Ordering};

/// One table's texts in the compiled-in layout: all texts concatenated and where each ends.
struct Packed {
    text: String,
    ends: Vec<u16>,
}

/// One slot per language for one message table.
pub struct Installed([AtomicPtr<Packed>; Lang::ALL.len()]);

impl Installed {
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Installed([const { AtomicPtr::new(core::ptr::null_mut()) }; Lang::ALL.len()])
    }

    pub(super) fn get(&self, lang: usize) -> Option<(&'static str, &'static [u16])> {
        let ptr = self.0.get(lang)?.load(Ordering::Acquire);
        // SAFETY: a non-null pointer comes from `Box::leak` in `install` and is never freed.
        let packed: &'static Packed = unsafe { ptr.as_ref()? };
        Some((&packed.text, &packed.ends))
    }
}

/// Why a table was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableError {
    /// Made for another build (other keys or key order).
    Version,
    /// Not one text per key, or longer than the compiled-in layout allows (64 KiB).
    Shape,
}

impl TableError {
    pub const fn message(self) -> &'static str {
        match self {
            TableError::Version => "the language table belongs to another version of the package",
            TableError::Shape => "the language table does not have one text per key",
        }
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// Installs `lang`'s texts of table `M`, in key order (an empty text falls back to English),
/// checked against `M::VERSION`. Installing a language twice keeps the first table: a page
/// loads each language once, and the texts already on the page must stay valid.
pub fn install<M: Message>(lang: Lang, version: u32, texts: &[String]) -> Result<(), TableError> {
    if version != M::VERSION {
        return Err(TableError::Version);
    }
    let packed = pack(texts, M::COUNT)?;
    let slot = &M::installed().0[lang as usize];
    let ptr = Box::into_raw(Box::new(packed));
    if slot.compare_exchange(core::ptr::null_mut(), ptr, Ordering::AcqRel, Ordering::Acquire).is_err() {
        // SAFETY: `ptr` was never shared.
        drop(unsafe { Box::from_raw(ptr) });
    }
    Ok(())
}

fn pack(texts: &[String], count: usize) -> Result<Packed, TableError> {
    if texts.len() != count {
        return Err(TableError::Shape);
    }
    let mut packed = Packed { text: String::new(), ends: Vec::with_capacity(count) };
    for text in texts {
        packed.text.push_str(text.trim());
        packed.ends.push(u16::try_from(packed.text.len()).map_err(|_| TableError::Shape)?);
    }
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn packs_like_the_compiled_in_tables() {
        let packed = pack(&["a".to_string(), " bc ".to_string(), String::new()], 3).unwrap();
        assert_eq!((packed.text.as_str(), packed.ends.as_slice()), ("abc", &[1u16, 3, 3][..]));
    }

    #[test]
    fn refuses_tables_of_another_shape_or_build() {
        assert_eq!(pack(&["a".to_string()], 2).err(), Some(TableError::Shape));
        assert_eq!(pack(&["x".repeat(40_000), "y".repeat(40_000)], 2).err(), Some(TableError::Shape));
        let texts = vec![String::new(); super::super::Msg::COUNT];
        assert_eq!(install::<super::super::Msg>(Lang::De, 0, &texts), Err(TableError::Version));
    }
}
