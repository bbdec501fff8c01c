//! The customer display: a second window, fullscreen on a second monitor, that shows the customer
//! the sale on the counter (and the shop's welcome between sales). Which monitor comes from the
//! `customer-display` setting: `auto` takes a monitor other than the cashier's when there is one,
//! `off` opens none, a number opens on that monitor. With one monitor and `auto`, the cashier's
//! payment screen is the customer's view. The window's capability (`customer.json`) lets it read
//! and listen only.

use stabletill_till::{CustomerDisplay, TillConfig};
use tauri::{
    AppHandle, Manager, Monitor, PhysicalPosition, PhysicalSize, Runtime, WebviewUrl, WebviewWindowBuilder,
};

use crate::Launch;

/// The customer display's window label, as `capabilities/customer.json` names it.
pub const LABEL: &str = "customer";

/// Opens the customer display where the settings say, if anywhere. A failure is logged: the till
/// works without it (the cashier's screen serves).
pub fn open<R: Runtime>(app: &AppHandle<R>, launch: &Launch) {
    let home = if launch.demo { launch.home.demo() } else { launch.home.clone() };
    let setting = match TillConfig::load(&home) {
        Ok(config) => config.counter.customer_display,
        Err(error) => {
            tracing::warn!(%error, "no customer display: the settings cannot be read");
            return;
        }
    };
    let monitors = app.available_monitors().unwrap_or_default();
    let cashier = app
        .get_webview_window("main")
        .and_then(|main| main.current_monitor().ok().flatten())
        .or_else(|| app.primary_monitor().ok().flatten());
    let cashier_index = cashier.and_then(|c| monitors.iter().position(|m| same_monitor(m, &c)));
    let Some(index) = choose_monitor(setting, monitors.len(), cashier_index) else {
        tracing::info!(%setting, monitors = monitors.len(), "no customer display window: the cashier's screen serves");
        return;
    };
    // With `auto` the display may go back to the monitor it was on last time (see `place`).
    let keep_last_beside = (setting == CustomerDisplay::Auto).then(|| cashier_index.unwrap_or(0));
    match place(app, &monitors, index, keep_last_beside) {
        Ok(shown_on) => tracing::info!(monitor = shown_on + 1, "customer display open"),
        Err(error) => tracing::warn!(%error, "the customer display could not open"),
    }
}

/// With `auto`, the monitor the display was on last time (the window-state plugin has just put
/// the new window where the last one was), if it is still connected and not the cashier's.
pub fn remembered_monitor(
    monitors: &[(PhysicalPosition<i32>, PhysicalSize<u32>)],
    last_position: PhysicalPosition<i32>,
    cashier: Option<usize>,
) -> Option<usize> {
    let contains = |(origin, size): &(PhysicalPosition<i32>, PhysicalSize<u32>)| {
        let inside = |at: i32, from: i32, length: u32| {
            at >= from && i64::from(at) < i64::from(from) + i64::from(length)
        };
        inside(last_position.x, origin.x, size.width) && inside(last_position.y, origin.y, size.height)
    };
    monitors.iter().position(contains).filter(|index| Some(*index) != cashier)
}

/// Which monitor (0-based, in the system's order) gets the customer display, if any.
pub fn choose_monitor(setting: CustomerDisplay, monitors: usize, cashier: Option<usize>) -> Option<usize> {
    match setting {
        CustomerDisplay::Off => None,
        CustomerDisplay::Monitor(number) => {
            let index = usize::try_from(number).ok()?.checked_sub(1)?;
            if index < monitors {
                Some(index)
            } else {
                tracing::warn!(number, monitors, "customer-display names a monitor that is not connected");
                None
            }
        }
        CustomerDisplay::Auto if monitors < 2 => None,
        CustomerDisplay::Auto => (0..monitors).find(|i| Some(*i) != cashier.or(Some(0))),
    }
}

fn same_monitor(a: &Monitor, b: &Monitor) -> bool {
    a.position() == b.position() && a.size() == b.size()
}

/// Opens the display on `monitors[index]`; or, when `keep_last_beside` names the cashier's monitor
/// (with `auto`), on the monitor it was on last time if that is another one. Returns the monitor
/// used.
fn place<R: Runtime>(
    app: &AppHandle<R>,
    monitors: &[Monitor],
    index: usize,
    keep_last_beside: Option<usize>,
) -> tauri::Result<usize> {
    let window = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("customer.html".into()))
        .title("StableTill — customer display")
        .visible(false)
        .decorations(false)
        .focused(false)
        .build()?;
    let rects: Vec<_> = monitors.iter().map(|m| (*m.position(), *m.size())).collect();
    let index = match (keep_last_beside, window.outer_position()) {
        (Some(cashier), Ok(last)) => remembered_monitor(&rects, last, Some(cashier)).unwrap_or(index),
        _ => index,
    };
    let monitor = &monitors[index];
    // Cover the monitor even where no window manager honours fullscreen (kiosk set-ups).
    window.set_position(*monitor.position())?;
    window.set_size(*monitor.size())?;
    window.set_fullscreen(true)?;
    window.show()?;
    // The cashier types on the main window; the display must not take the keyboard.
    if let Some(main) = app.get_webview_window("main") {
        main.set_focus()?;
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_takes_a_monitor_other_than_the_cashiers() {
        assert_eq!(choose_monitor(CustomerDisplay::Auto, 1, Some(0)), None);
        assert_eq!(choose_monitor(CustomerDisplay::Auto, 0, None), None);
        assert_eq!(choose_monitor(CustomerDisplay::Auto, 2, Some(0)), Some(1));
        assert_eq!(choose_monitor(CustomerDisplay::Auto, 2, Some(1)), Some(0));
        assert_eq!(choose_monitor(CustomerDisplay::Auto, 3, None), Some(1));
    }

    #[test]
    fn auto_keeps_the_monitor_the_display_was_on_unless_it_is_gone_or_the_cashiers() {
        let screen = |x: i32| (PhysicalPosition::new(x, 0), PhysicalSize::new(1920, 1080));
        let monitors = [screen(0), screen(1920), screen(3840)];
        assert_eq!(remembered_monitor(&monitors, PhysicalPosition::new(3840, 0), Some(0)), Some(2));
        assert_eq!(remembered_monitor(&monitors, PhysicalPosition::new(2000, 500), Some(0)), Some(1));
        assert_eq!(
            remembered_monitor(&monitors, PhysicalPosition::new(100, 0), Some(0)),
            None,
            "the cashier's"
        );
        assert_eq!(
            remembered_monitor(&monitors, PhysicalPosition::new(9000, 0), Some(0)),
            None,
            "disconnected"
        );
        assert_eq!(remembered_monitor(&monitors[..2], PhysicalPosition::new(3840, 0), Some(0)), None);
    }

    #[test]
    fn off_opens_none_and_a_number_opens_that_monitor_if_connected() {
        assert_eq!(choose_monitor(CustomerDisplay::Off, 2, Some(0)), None);
        assert_eq!(choose_monitor(CustomerDisplay::Monitor(1), 1, Some(0)), Some(0));
        assert_eq!(choose_monitor(CustomerDisplay::Monitor(2), 3, Some(0)), Some(1));
        assert_eq!(choose_monitor(CustomerDisplay::Monitor(3), 2, Some(0)), None);
    }
}
