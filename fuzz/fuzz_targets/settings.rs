//! The settings file (`config.toml`) with any content: read into checked settings or refused with
//! a message, never a panic; settings that were accepted are written back and read again unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stabletill_till::TillConfig;

fuzz_target!(|text: &str| {
    match TillConfig::from_toml_text(text, "config.toml") {
        Ok((config, _)) => {
            let written = config.to_toml_text().expect("accepted settings can be written");
            let (again, needs_till_id) =
                TillConfig::from_toml_text(&written, "config.toml").expect("written settings read back");
            assert!(!needs_till_id);
            assert_eq!(again, config, "settings changed on the way through the file:\n{written}");
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
