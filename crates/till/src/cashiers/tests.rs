//! Cashier sign-in as the manager and the counter meet it: adding and removing cashiers, the
//! switch, signing in and out, the lockout, and who a sale is recorded as.

use stabletill_ledger::AuditFilter;

use super::*;
use crate::{ConfigKey, ErrorCode};

fn instant(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + seconds).unwrap()
}

fn till_home() -> (tempfile::TempDir, TillHome) {
    let dir = tempfile::tempdir().unwrap();
    let home = TillHome::at(dir.path());
    (dir, home)
}

/// A till with Anna (PIN 1357) and Ben (PIN 8642), and sign-in on.
fn till_with_cashiers() -> (tempfile::TempDir, TillHome, CounterSignIn) {
    let (dir, home) = till_home();
    add_cashier(&home, "Anna", "1357").unwrap();
    add_cashier(&home, " Ben ", "8642").unwrap();
    TillConfig::set(&home, ConfigKey::CashierSignIn, "on").unwrap();
    let counter = CounterSignIn::new(&home);
    (dir, home, counter)
}

fn audit(home: &TillHome) -> Vec<(String, String, String)> {
    let ledger = Ledger::open(&home.sales_log()).unwrap();
    let mut entries: Vec<_> = ledger
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|entry| (entry.actor, entry.action, entry.detail))
        .collect();
    entries.reverse();
    entries
}

#[test]
fn cashiers_are_stored_with_a_hashed_pin_and_unique_names() {
    let (_dir, home) = till_home();
    assert_eq!(add_cashier(&home, "Anna", "1357").unwrap(), ["Anna"]);
    assert_eq!(add_cashier(&home, "Ben K.", "86420").unwrap(), ["Anna", "Ben K."]);

    let err = add_cashier(&home, "anna", "2222").unwrap_err();
    assert!(err.to_string().contains("already a cashier called anna"), "{err}");
    let err = add_cashier(&home, "Cleo", "123").unwrap_err();
    assert_eq!(err.to_string(), "a cashier PIN is 4 to 8 digits (0-9), nothing else");
    for bad in ["", "   ", "a\tb", &"x".repeat(41)] {
        let err = add_cashier(&home, bad, "1234").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidSetting, "{bad:?}");
    }

    let text = std::fs::read_to_string(home.config_file()).unwrap();
    assert!(text.contains("name = \"Anna\"") && text.contains("$argon2id$"), "{text}");
    assert!(!text.contains("1357") && !text.contains("86420"), "a PIN is never stored: {text}");
    let config = TillConfig::load(&home).unwrap();
    assert_eq!(config.cashiers.len(), 2);
    assert!(!format!("{config:?}").contains("$argon2id$"), "Debug never shows a hash");
}

#[test]
fn sign_in_cannot_be_turned_on_without_a_cashier_and_the_last_cannot_go_while_it_is_on() {
    let (_dir, home) = till_home();
    let err = TillConfig::set(&home, ConfigKey::CashierSignIn, "on").unwrap_err();
    assert!(err.to_string().starts_with("add a cashier first"), "{err}");
    assert!(!TillConfig::load(&home).unwrap().cashier_sign_in, "a refused change changes nothing");

    add_cashier(&home, "Anna", "1357").unwrap();
    TillConfig::set(&home, ConfigKey::CashierSignIn, "on").unwrap();
    let err = remove_cashier(&home, "Anna").unwrap_err();
    assert!(err.to_string().contains("turn cashier sign-in off first"), "{err}");
    let err = remove_cashier(&home, "Zoe").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    TillConfig::set(&home, ConfigKey::CashierSignIn, "off").unwrap();
    assert_eq!(remove_cashier(&home, "ANNA").unwrap(), ("Anna".to_owned(), Vec::new()));
}

#[test]
fn with_sign_in_on_a_sale_needs_a_signed_in_cashier_and_records_their_name() {
    let (_dir, home, counter) = till_with_cashiers();
    let err = counter.cashier_for_sale().unwrap_err();
    assert_eq!(err.code(), ErrorCode::SignInRequired);

    let status = counter.status().unwrap();
    assert_eq!((status.required, status.cashier.as_deref()), (true, None));
    assert_eq!(status.cashiers, ["Anna", "Ben"]);

    let status = counter.sign_in("ben", " 8642 ").unwrap();
    assert_eq!(status.cashier.as_deref(), Some("Ben"), "the stored spelling of the name");
    assert_eq!(counter.cashier_for_sale().unwrap().as_deref(), Some("Ben"));

    // Another cashier takes over the till.
    counter.sign_in("Anna", "1357").unwrap();
    assert_eq!(counter.cashier_for_sale().unwrap().as_deref(), Some("Anna"));

    let status = counter.sign_out().unwrap();
    assert_eq!(status.cashier, None);
    assert_eq!(counter.cashier_for_sale().unwrap_err().code(), ErrorCode::SignInRequired);

    let actions: Vec<_> =
        audit(&home).into_iter().map(|(actor, action, _)| format!("{actor} {action}")).collect();
    assert_eq!(actions, ["Ben sign_in", "Anna sign_in", "Anna sign_out"]);
}

#[test]
fn with_sign_in_off_sales_record_nobody_and_nobody_can_sign_in() {
    let (_dir, home) = till_home();
    add_cashier(&home, "Anna", "1357").unwrap();
    let counter = CounterSignIn::new(&home);
    assert_eq!(counter.cashier_for_sale().unwrap(), None);
    let err = counter.sign_in("Anna", "1357").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAvailable);
    assert!(!counter.status().unwrap().required);
}

#[test]
fn a_removed_cashier_or_sign_in_turned_off_signs_the_cashier_out() {
    let (_dir, home, counter) = till_with_cashiers();
    counter.sign_in("Anna", "1357").unwrap();
    remove_cashier(&home, "Anna").unwrap();
    assert_eq!(counter.status().unwrap().cashier, None);
    assert_eq!(counter.cashier_for_sale().unwrap_err().code(), ErrorCode::SignInRequired);

    counter.sign_in("Ben", "8642").unwrap();
    TillConfig::set(&home, ConfigKey::CashierSignIn, "off").unwrap();
    assert_eq!(counter.cashier_for_sale().unwrap(), None);
    TillConfig::set(&home, ConfigKey::CashierSignIn, "on").unwrap();
    assert_eq!(counter.status().unwrap().cashier, None, "turning sign-in back on asks again");
}

#[test]
fn wrong_pins_lock_the_sign_in_like_the_manager_screens_but_not_the_manager() {
    let (_dir, home, counter) = till_with_cashiers();
    let err = counter.sign_in_at("Anna", "8642", instant(0)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPin);
    assert_eq!(err.to_string(), "wrong name or PIN (tries left before sign-in locks: 4)");
    // A name that is not on the list is just as wrong, and counts the same.
    let err = counter.sign_in_at("Mallory", "1357", instant(1)).unwrap_err();
    assert_eq!(err.to_string(), "wrong name or PIN (tries left before sign-in locks: 3)");
    for second in 2..4 {
        counter.sign_in_at("Ben", "0000", instant(second)).unwrap_err();
    }
    let err = counter.sign_in_at("Ben", "0000", instant(4)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PinLocked);
    assert_eq!(err.to_string(), "too many wrong PINs: sign-in at this till is locked; try again in 30 s");

    // Locked: even the right PIN waits.
    let err = counter.sign_in_at("Anna", "1357", instant(10)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PinLocked);
    let status = counter.status().unwrap();
    assert_eq!(status.attempts_left, 0);
    // The manager PIN has its own count.
    let manager = PinGuard::new(&home).status().unwrap();
    assert_eq!(manager.failed_attempts, 0);

    // After the lock, the right PIN signs in and clears the count.
    counter.sign_in_at("Anna", "1357", instant(40)).unwrap();
    assert_eq!(counter.status().unwrap().attempts_left, crate::ATTEMPTS_BEFORE_LOCKOUT);

    let wrong: Vec<_> =
        audit(&home).into_iter().filter(|(_, action, _)| action == "wrong_cashier_pin").collect();
    assert_eq!(wrong.len(), 6, "{wrong:?}");
    assert!(wrong.iter().all(|(actor, _, detail)| actor == "unknown" && !detail.contains("1357")));
    assert!(wrong[1].2.starts_with("as \"Mallory\": wrong name or PIN"), "{wrong:?}");
}
