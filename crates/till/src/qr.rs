//! QR codes of what the customer scans: an SVG for the screens and block characters for a terminal.

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

use crate::TillError;

/// An SVG (black on white, with the standard quiet zone) that scales to any size on screen.
pub fn qr_svg(data: &str) -> Result<String, TillError> {
    let code = encode(data)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// Half-height block characters, two modules per character row, readable by a phone from a terminal.
pub fn qr_terminal(data: &str) -> Result<String, TillError> {
    let code = encode(data)?;
    Ok(code
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

fn encode(data: &str) -> Result<QrCode, TillError> {
    // Medium error correction survives a scuffed screen or glare, and keeps the code small.
    QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| {
        TillError::UnusableAnswer(format!("the deposit address cannot be put in a QR code: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_renders_as_svg_and_as_terminal_blocks() {
        let svg = qr_svg("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE").expect("svg");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        let text = qr_terminal("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE").expect("terminal");
        assert!(text.lines().count() > 10);
    }
}
