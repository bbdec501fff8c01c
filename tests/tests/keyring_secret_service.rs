//! The API secret in the real OS keyring (Secret Service on Linux): set, get, replace, clear, and
//! two tills on one computer keeping separate secrets. Needs a session bus with an unlocked
//! keyring, which scripts/test provides; without one this test fails, it never skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use stabletill_till::{ApiSecret, SecretStore, TillHome};
use tempfile::TempDir;

const NO_SECRET_SERVICE: &str =
    "no Secret Service on the session bus: run inside dbus-run-session with gnome-keyring unlocked, as scripts/test does";

/// A till home in a temp dir with its keyring store; its entry is removed when dropped.
struct Till {
    store: SecretStore,
    _home: TempDir,
}

impl Till {
    fn new() -> Self {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            panic!("{NO_SECRET_SERVICE} (DBUS_SESSION_BUS_ADDRESS is not set)");
        }
        let home = tempfile::Builder::new().prefix("stabletill-keyring-").tempdir().unwrap();
        let store = SecretStore::platform(&TillHome::at(home.path()))
            .unwrap_or_else(|e| panic!("{NO_SECRET_SERVICE} ({e})"));
        Self { store, _home: home }
    }

    fn set(&self, value: &str) {
        self.store.set(&ApiSecret::new(value)).unwrap_or_else(|e| panic!("{NO_SECRET_SERVICE} ({e})"));
    }

    fn get(&self) -> Option<String> {
        let secret = self.store.get().unwrap_or_else(|e| panic!("{NO_SECRET_SERVICE} ({e})"));
        secret.map(|s| s.expose().to_owned())
    }
}

impl Drop for Till {
    fn drop(&mut self) {
        let _ = self.store.clear();
    }
}

#[test]
fn set_get_replace_clear() {
    let till = Till::new();
    assert_eq!(till.get(), None, "a new till has no secret");
    assert!(!till.store.is_set().unwrap());

    till.set("sk_test_first_secret");
    assert_eq!(till.get().as_deref(), Some("sk_test_first_secret"));
    assert!(till.store.is_set().unwrap());

    till.set("sk_test_second_secret");
    assert_eq!(till.get().as_deref(), Some("sk_test_second_secret"), "set replaces the secret");

    assert!(till.store.clear().unwrap(), "clear removes a stored secret");
    assert_eq!(till.get(), None);
    assert!(!till.store.clear().unwrap(), "clearing twice finds nothing the second time");
}

#[test]
fn two_homes_keep_separate_secrets() {
    let (shop, kiosk) = (Till::new(), Till::new());
    shop.set("sk_test_shop");
    kiosk.set("sk_test_kiosk");
    assert_eq!(shop.get().as_deref(), Some("sk_test_shop"));
    assert_eq!(kiosk.get().as_deref(), Some("sk_test_kiosk"));

    assert!(kiosk.store.clear().unwrap());
    assert_eq!(kiosk.get(), None);
    assert_eq!(shop.get().as_deref(), Some("sk_test_shop"), "clearing one till leaves the other alone");
}

#[test]
fn a_bad_secret_is_refused_and_the_stored_one_kept() {
    let till = Till::new();
    till.set("sk_test_kept");
    assert!(till.store.set(&ApiSecret::new("two\nlines")).is_err());
    assert_eq!(till.get().as_deref(), Some("sk_test_kept"));
}
