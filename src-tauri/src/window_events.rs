//! How the till's events reach the windows: a page opens a Tauri channel for each topic it wants
//! with the `subscribe` command (`commands/events.rs`), and every event the app emits on that topic is passed on to it.
//!
//! Why channels rather than the pages listening to Tauri events: Tauri registers a page's event
//! listener by evaluating a script in that page from this process, and the first evaluation starts
//! a JavaScript engine here too — about 3 MiB kept for the app's whole life (BENCHMARKS.md, #3).
//! A channel is opened by a command, so a till that is only waiting for a sale evaluates nothing.
//! It also gives each window its own topics ([`topics_of`]): the customer display hears about the
//! counter and the sale on it, nothing of the manager's.
//!
//! The app's code still emits plain Tauri events (`app.emit`); one listener per topic, in this
//! process, passes each on. A page's channels end with the page: a reload or a closed window
//! drops them.

use std::sync::Mutex;

use tauri::ipc::{Channel, InvokeResponseBody};
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Listener, Manager, Runtime, Webview};

use crate::commands::cashier::CASHIERS_CHANGED;
use crate::commands::manager::export::EXPORT_PROGRESS;
use crate::commands::manager::setup::TILL_OPENED;
use crate::commands::manager::window::MANAGER_WINDOW;
use crate::counter::COUNTER_CHANGED;
use crate::gateway_status::GATEWAY_HEALTH;
use crate::sale_events::SALE_UPDATED;
use crate::{customer_display, IpcError};

/// Every topic: each is the name of the Tauri event it carries.
const TOPICS: [&str; 6] =
    [SALE_UPDATED, GATEWAY_HEALTH, COUNTER_CHANGED, CASHIERS_CHANGED, TILL_OPENED, EXPORT_PROGRESS];

/// The topics the window labelled `window` may hear; any other window hears nothing.
fn topics_of(window: &str) -> &'static [&'static str] {
    match window {
        // The sale screen, the cashier's sign-in, and the first-run screen (which gives way to the
        // sale screen when a till opens).
        "main" => &[SALE_UPDATED, GATEWAY_HEALTH, CASHIERS_CHANGED, TILL_OPENED],
        customer_display::LABEL => &[COUNTER_CHANGED, SALE_UPDATED],
        MANAGER_WINDOW => &[TILL_OPENED, EXPORT_PROGRESS],
        _ => &[],
    }
}

struct Subscription {
    webview: String,
    topic: &'static str,
    channel: Channel<InvokeResponseBody>,
}

/// The channels the pages have open, in the order they were opened.
#[derive(Default)]
pub struct Subscriptions(Mutex<Vec<Subscription>>);

impl std::fmt::Debug for Subscriptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = self.open();
        f.debug_list()
            .entries(open.iter().map(|subscription| (&subscription.webview, subscription.topic)))
            .finish()
    }
}

impl Subscriptions {
    fn open(&self) -> std::sync::MutexGuard<'_, Vec<Subscription>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a channel of `webview`'s page for `topic`, if the window may hear it.
    pub fn add(
        &self,
        webview: &str,
        topic: &str,
        channel: Channel<InvokeResponseBody>,
    ) -> Result<(), IpcError> {
        let Some(topic) = topics_of(webview).iter().copied().find(|allowed| *allowed == topic) else {
            return Err(IpcError::not_available(format!(
                "the {webview} window does not hear about \"{topic}\"; it may hear {:?}",
                topics_of(webview)
            )));
        };
        self.open().push(Subscription { webview: webview.to_owned(), topic, channel });
        Ok(())
    }

    /// Passes an event's JSON `payload` on to every channel open on `topic`. A page whose channel
    /// cannot take it any more is gone: all its channels are dropped.
    pub fn deliver(&self, topic: &str, payload: &str) {
        let channels: Vec<(String, Channel<InvokeResponseBody>)> = self
            .open()
            .iter()
            .filter(|subscription| subscription.topic == topic)
            .map(|subscription| (subscription.webview.clone(), subscription.channel.clone()))
            .collect();
        // Sent outside the lock: a send may run the page's code on this thread.
        for (webview, channel) in channels {
            if let Err(error) = channel.send(InvokeResponseBody::Json(payload.to_owned())) {
                tracing::debug!(topic, webview, %error, "a window's channel is gone");
                self.end_page(&webview);
            }
        }
    }

    /// Forgets the channels of `webview`'s page: it is being replaced, or its window closed.
    pub fn end_page(&self, webview: &str) {
        self.open().retain(|subscription| subscription.webview != webview);
    }

    #[cfg(test)]
    fn count(&self, topic: &str) -> usize {
        self.open().iter().filter(|subscription| subscription.topic == topic).count()
    }
}

/// Passes every topic's events on to the channels open on it, from now on.
pub fn pass_on<R: Runtime>(app: &AppHandle<R>) {
    for topic in TOPICS {
        let handle = app.clone();
        app.listen_any(topic, move |event| handle.state::<Subscriptions>().deliver(topic, event.payload()));
    }
}

/// A page starts loading in `webview`: the channels its previous page opened are dead.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, event: PageLoadEvent) {
    if event == PageLoadEvent::Started {
        webview.state::<Subscriptions>().end_page(webview.label());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A channel in this process that keeps what it is sent.
    fn recording_channel() -> (Channel<InvokeResponseBody>, Arc<Mutex<Vec<String>>>) {
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = received.clone();
        let channel = Channel::new(move |body| {
            if let InvokeResponseBody::Json(json) = body {
                sink.lock().expect("sink").push(json);
            }
            Ok(())
        });
        (channel, received)
    }

    #[test]
    fn each_window_hears_its_own_topics_and_no_other() {
        let subscriptions = Subscriptions::default();
        let (channel, received) = recording_channel();
        subscriptions.add("customer", SALE_UPDATED, channel.clone()).expect("the customer display's topic");
        for foreign in [GATEWAY_HEALTH, TILL_OPENED, EXPORT_PROGRESS, CASHIERS_CHANGED, "made-up"] {
            let refused = subscriptions.add("customer", foreign, channel.clone()).expect_err(foreign);
            assert!(refused.message.contains("does not hear"), "{refused:?}");
        }
        assert!(subscriptions.add("some-other-window", SALE_UPDATED, channel).is_err());
        subscriptions.deliver(SALE_UPDATED, r#"{"state":"paid"}"#);
        subscriptions.deliver(GATEWAY_HEALTH, r#"{"state":"ok"}"#);
        assert_eq!(*received.lock().expect("received"), [r#"{"state":"paid"}"#]);
    }

    #[test]
    fn every_topic_a_window_hears_is_passed_on() {
        for window in ["main", customer_display::LABEL, MANAGER_WINDOW] {
            for topic in topics_of(window) {
                assert!(TOPICS.contains(topic), "{window} hears {topic}, which is never passed on");
            }
        }
    }

    #[test]
    fn a_new_page_starts_with_no_channels() {
        let subscriptions = Subscriptions::default();
        let (main_channel, main_received) = recording_channel();
        let (customer_channel, customer_received) = recording_channel();
        subscriptions.add("main", SALE_UPDATED, main_channel).expect("main");
        subscriptions.add("customer", SALE_UPDATED, customer_channel).expect("customer");
        subscriptions.end_page("main");
        subscriptions.deliver(SALE_UPDATED, "1");
        assert!(main_received.lock().expect("main").is_empty());
        assert_eq!(*customer_received.lock().expect("customer"), ["1"]);
    }

    #[test]
    fn a_channel_that_fails_is_dropped() {
        let subscriptions = Subscriptions::default();
        let broken = Channel::new(|_| Err(tauri::Error::WebviewNotFound));
        subscriptions.add("main", SALE_UPDATED, broken).expect("main");
        subscriptions.deliver(SALE_UPDATED, "1");
        assert_eq!(subscriptions.count(SALE_UPDATED), 0);
    }
}
