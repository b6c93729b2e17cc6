//! Half-width katakana (半角カナ) from full-width: Japanese bank forms ask for the account
//! holder's name that way. Voiced kana become two characters (ガ → ｶﾞ, パ → ﾊﾟ); full-width
//! letters, digits and brackets become ASCII; anything else stays.

use alloc::string::String;

/// Full-width katakana U+30A1 (ァ) … U+30F3 (ン), in order, as half-width; voiced forms as their
/// base kana plus a mark.
const KATAKANA: [&str; 83] = [
    "ｧ", "ｱ", "ｨ", "ｲ", "ｩ", "ｳ", "ｪ", "ｴ", "ｫ", "ｵ", "ｶ", "ｶﾞ", "ｷ", "ｷﾞ", "ｸ", "ｸﾞ", "ｹ", "ｹﾞ", "ｺ", "ｺﾞ", "ｻ", "ｻﾞ", "ｼ",
    "ｼﾞ", "ｽ", "ｽﾞ", "ｾ", "ｾﾞ", "ｿ", "ｿﾞ", "ﾀ", "ﾀﾞ", "ﾁ", "ﾁﾞ", "ｯ", "ﾂ", "ﾂﾞ", "ﾃ", "ﾃﾞ", "ﾄ", "ﾄﾞ", "ﾅ", "ﾆ", "ﾇ", "ﾈ", "ﾉ",
    "ﾊ", "ﾊﾞ", "ﾊﾟ", "ﾋ", "ﾋﾞ", "ﾋﾟ", "ﾌ", "ﾌﾞ", "ﾌﾟ", "ﾍ", "ﾍﾞ", "ﾍﾟ", "ﾎ", "ﾎﾞ", "ﾎﾟ", "ﾏ", "ﾐ", "ﾑ", "ﾒ", "ﾓ", "ｬ", "ﾔ", "ｭ",
    "ﾕ", "ｮ", "ﾖ", "ﾗ", "ﾘ", "ﾙ", "ﾚ", "ﾛ", "ﾜ", "ﾜ", "ｲ", "ｴ", "ｦ", "ﾝ",
];

/// The half-width form of `text`, or `None` when it has no full-width katakana.
pub fn half_width(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for c in text.chars() {
        let code = c as u32;
        let half = match c {
            'ァ'..='ン' => KATAKANA.get((code - 0x30A1) as usize).copied(),
            'ヴ' => Some("ｳﾞ"),
            'ー' => Some("ｰ"),
            '・' => Some("･"),
            '、' => Some("､"),
            '。' => Some("｡"),
            '「' => Some("｢"),
            '」' => Some("｣"),
            '゛' => Some("ﾞ"),
            '゜' => Some("ﾟ"),
            _ => None,
        };
        match half {
            Some(h) => {
                changed = true;
                out.push_str(h);
            }
            None => match code {
                // Full-width ASCII (！ … ～) and the ideographic space.
                0xFF01..=0xFF5E => out.push(char::from_u32(code - 0xFEE0).unwrap_or(c)),
                0x3000 => out.push(' '),
                _ => out.push(c),
            },
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::half_width;
    use alloc::string::ToString;

    #[test]
    fn bank_form_names_in_half_width_katakana() {
        assert_eq!(half_width("ストライプジャパン（カ").as_deref(), Some("ｽﾄﾗｲﾌﾟｼﾞｬﾊﾟﾝ(ｶ"));
        assert_eq!(half_width("ストライプジャパン（カ　シュウノウダイコウ").as_deref(), Some("ｽﾄﾗｲﾌﾟｼﾞｬﾊﾟﾝ(ｶ ｼｭｳﾉｳﾀﾞｲｺｳ"));
        assert_eq!(half_width("ヴァイオリン・ショップ").as_deref(), Some("ｳﾞｧｲｵﾘﾝ･ｼｮｯﾌﾟ"));
        assert_eq!(half_width("ＡＢＣ　ストア１").as_deref(), Some("ABC ｽﾄｱ1"));
        assert_eq!(half_width("Sandbox Shop"), None, "no katakana: no second name");
        assert_eq!(half_width("山田太郎"), None);
    }

    #[test]
    fn every_katakana_has_its_half_width_form() {
        for code in 0x30A1..=0x30F3 {
            let c = char::from_u32(code).unwrap();
            let half = half_width(&c.to_string()).unwrap();
            assert!(half.chars().all(|h| ('\u{FF61}'..='\u{FF9F}').contains(&h)), "{c} → {half}");
        }
    }
}
