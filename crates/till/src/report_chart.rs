//! The Z-report's chart: the paid takings of each hour of the business day as bars, one colour per
//! currency, drawn by plotters into an SVG string. The SVG carries its text as `<text>` elements
//! that the viewer sets in its own sans-serif font, so drawing needs no font files: plotters is
//! built without its font features and runs on a bare system.
//!
//! Bar heights and pixel positions are floats; they only place pixels. The amounts a manager
//! reads are the report's exact decimals.

use std::collections::BTreeSet;

use plotters::prelude::*;

use crate::{TillError, ZReport};

const WIDTH: u32 = 760;
const HEIGHT: u32 = 320;
/// One colour per currency, in the currencies' alphabetical order.
const COLOURS: [RGBColor; 4] =
    [RGBColor(38, 161, 123), RGBColor(39, 117, 202), RGBColor(230, 145, 56), RGBColor(142, 68, 173)];

impl ZReport {
    /// The paid-by-hour chart as a standalone SVG document.
    pub fn chart_svg(&self) -> Result<String, TillError> {
        let mut svg = String::new();
        self.draw(&mut svg)
            .map_err(|e| TillError::NotAvailable(format!("the chart cannot be drawn: {e}")))?;
        Ok(svg)
    }

    fn draw(&self, svg: &mut String) -> Result<(), Box<dyn std::error::Error + '_>> {
        let hours = &self.report.paid_by_hour;
        let currencies: Vec<&str> = hours
            .iter()
            .flat_map(|hour| hour.paid.keys())
            .map(String::as_str)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let height_of = |amount: &rust_decimal::Decimal| amount.to_string().parse::<f64>().unwrap_or(0.0);
        let tallest = hours.iter().flat_map(|hour| hour.paid.values()).map(height_of).fold(0.0, f64::max);
        let top = if tallest > 0.0 { tallest * 1.25 } else { 1.0 };
        let slots = hours.len().max(1);
        // Hour labels on the night the clocks change carry the offset: one hour repeats.
        let pattern = if hours.len() == 24 { "%H:%M" } else { "%H:%M%:z" };
        let labels: Vec<String> = hours
            .iter()
            .map(|hour| hour.start.to_zoned(self.zone.clone()).strftime(pattern).to_string())
            .collect();

        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let title = format!("Paid sales by hour, {} ({})", self.report.day, self.time_zone);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..slots as f64, 0.0..top)?;
        let label_of = |x: &f64| {
            let rounded = x.round();
            if (x - rounded).abs() > 1e-6 || rounded < 0.0 {
                return String::new();
            }
            labels.get(rounded as usize).cloned().unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            // A label about every two hours; fewer when the labels carry offsets and are longer.
            .x_labels(if hours.len() == 24 { slots / 2 + 1 } else { slots / 4 + 1 })
            .x_label_formatter(&label_of)
            .y_desc("order amount")
            .label_style(("sans-serif", 11))
            .draw()?;

        let width = 0.8 / currencies.len().max(1) as f64;
        for (index, currency) in currencies.iter().enumerate() {
            let colour = COLOURS[index % COLOURS.len()];
            let offset = 0.1 + width * index as f64;
            let bars = hours.iter().enumerate().filter_map(|(slot, hour)| {
                let height = height_of(hour.paid.get(*currency)?);
                let left = slot as f64 + offset;
                Some(Rectangle::new([(left, 0.0), (left + width, height)], colour.filled()))
            });
            chart
                .draw_series(bars)?
                .label(*currency)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
        }
        if !currencies.is_empty() {
            chart
                .configure_series_labels()
                // The first hours of a business day are its quietest: the legend hides the least there.
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font(("sans-serif", 12))
                .draw()?;
        }
        root.present()?;
        Ok(())
    }
}
