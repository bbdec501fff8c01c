//! The PIN check as a manager (and someone guessing) meets it, on a clock the tests move.

use super::*;
use crate::ErrorCode;

fn instant(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + seconds).unwrap()
}

fn guard_with_pin(pin: &str) -> (tempfile::TempDir, PinGuard) {
    let dir = tempfile::tempdir().unwrap();
    let guard = PinGuard::new(&TillHome::at(dir.path()));
    guard.replace_pin(&Pin::new(pin).unwrap()).unwrap();
    (dir, guard)
}

fn wait_of(err: &TillError) -> u64 {
    match err {
        TillError::PinLocked { wait_seconds, .. } => *wait_seconds,
        other => panic!("not locked: {other:?}"),
    }
}

#[test]
fn the_right_pin_opens_and_a_wrong_one_says_how_many_tries_are_left() {
    let (_dir, guard) = guard_with_pin("4711");
    guard.verify_at("4711", instant(0)).unwrap();
    let err = guard.verify_at("1234", instant(1)).unwrap_err();
    assert!(matches!(err, TillError::WrongPin { attempts_left: 4 }), "{err:?}");
    assert_eq!(err.code(), ErrorCode::WrongPin);
    assert_eq!(err.to_string(), "wrong PIN (tries left before the manager screens lock: 4)");
    let status = guard.status_at(instant(2)).unwrap();
    assert_eq!((status.is_set, status.failed_attempts, status.attempts_left), (true, 1, 4));

    // The right PIN clears the count.
    guard.verify_at(" 4711 ", instant(3)).unwrap();
    assert_eq!(guard.status_at(instant(4)).unwrap().failed_attempts, 0);

    let err = guard.verify_at("  ", instant(5)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PinRequired);
    assert_eq!(guard.status_at(instant(6)).unwrap().failed_attempts, 0, "nothing typed is not a guess");
}

#[test]
fn five_wrong_pins_lock_even_the_right_one_out_and_the_lock_grows() {
    let (_dir, guard) = guard_with_pin("4711");
    for (try_number, left) in (1..=4).zip([4, 3, 2, 1]) {
        let err = guard.verify_at("0000", instant(try_number)).unwrap_err();
        assert!(matches!(err, TillError::WrongPin { attempts_left } if attempts_left == left), "{err:?}");
    }
    let err = guard.verify_at("0000", instant(5)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PinLocked);
    assert_eq!(wait_of(&err), 30);
    assert_eq!(err.to_string(), "too many wrong PINs: the manager screens are locked; try again in 30 s");

    // Locked: the right PIN is refused too, and a guess during the lock is not counted.
    let err = guard.verify_at("4711", instant(20)).unwrap_err();
    assert_eq!(wait_of(&err), 15);
    let status = guard.status_at(instant(20)).unwrap();
    assert_eq!((status.failed_attempts, status.attempts_left), (5, 0));
    assert_eq!(status.locked_until, Some(instant(35)));

    // After the lock, each further wrong PIN locks twice as long.
    assert_eq!(wait_of(&guard.verify_at("0000", instant(36)).unwrap_err()), 60);
    assert_eq!(wait_of(&guard.verify_at("0000", instant(97)).unwrap_err()), 120);
    let err = guard.verify_at("0000", instant(218)).unwrap_err();
    assert_eq!(wait_of(&err), 240);
    assert!(err.to_string().ends_with("try again in 4 min"), "{err}");
    guard.verify_at("4711", instant(459)).unwrap();
    assert_eq!(
        guard.status_at(instant(460)).unwrap(),
        PinStatus { is_set: true, failed_attempts: 0, attempts_left: 5, locked_until: None }
    );
}

#[test]
fn lockouts_double_up_to_a_quarter_of_an_hour() {
    let seconds: Vec<i64> = (1..=12).map(|failed| lockout(failed).map_or(0, |wait| wait.as_secs())).collect();
    assert_eq!(seconds, [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
    assert_eq!(lockout(u32::MAX), Some(LONGEST_LOCKOUT));
}

#[test]
fn a_restart_does_not_reset_the_count_or_the_lock() {
    let (dir, guard) = guard_with_pin("4711");
    for second in 0..5 {
        let _ = guard.verify_at("9999", instant(second));
    }
    drop(guard);
    let reopened = PinGuard::new(&TillHome::at(dir.path()));
    let err = reopened.verify_at("4711", instant(10)).unwrap_err();
    assert_eq!(wait_of(&err), 24);
    assert_eq!(reopened.status_at(instant(10)).unwrap().failed_attempts, 5);
    reopened.verify_at("4711", instant(40)).unwrap();
}

#[test]
fn the_settings_file_holds_an_argon2id_hash_never_the_pin() {
    let (dir, guard) = guard_with_pin("90817263");
    let text = std::fs::read_to_string(TillHome::at(dir.path()).config_file()).unwrap();
    assert!(text.contains("manager_pin = \"$argon2id$v=19$"), "{text}");
    assert!(!text.contains("90817263"), "{text}");
    let config = TillConfig::load(&TillHome::at(dir.path())).unwrap();
    assert!(config.manager_pin.unwrap().as_str().starts_with("$argon2id$"));

    // A new PIN replaces the old one and clears the count.
    let _ = guard.verify_at("1111", instant(0));
    guard.replace_pin(&Pin::new("5555").unwrap()).unwrap();
    assert_eq!(guard.status_at(instant(1)).unwrap().failed_attempts, 0);
    assert!(matches!(guard.verify_at("90817263", instant(2)), Err(TillError::WrongPin { .. })));
    guard.verify_at("5555", instant(3)).unwrap();
}

#[test]
fn without_a_pin_there_is_nothing_to_check_against() {
    let dir = tempfile::tempdir().unwrap();
    let guard = PinGuard::new(&TillHome::at(dir.path()));
    let err = guard.verify_at("1234", instant(0)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotConfigured);
    assert!(!guard.status_at(instant(0)).unwrap().is_set);
}

/// Someone at the counter guessing, who waits out every lock: twenty wrong PINs in a row, and
/// the right one (typed during each lock) refused every time without being checked.
#[test]
fn twenty_wrong_pins_in_a_row_each_lock_longer_and_the_right_pin_waits_too() {
    let (_dir, guard) = guard_with_pin("4711");
    let mut now = 0;
    let mut waits = Vec::new();
    for try_number in 1..=20_u32 {
        let err = guard.verify_at("0000", instant(now)).unwrap_err();
        if try_number < ATTEMPTS_BEFORE_LOCKOUT {
            assert_eq!(err.code(), ErrorCode::WrongPin, "try {try_number}: {err:?}");
            now += 1;
            continue;
        }
        let wait = wait_of(&err);
        waits.push(wait);
        // During the lock the right PIN gets nowhere, and is not counted as a try either.
        let refused = guard.verify_at("4711", instant(now + 1)).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::PinLocked, "try {try_number}: the right PIN during the lock");
        assert_eq!(guard.status_at(instant(now + 1)).unwrap().failed_attempts, try_number);
        now += i64::try_from(wait).unwrap();
    }
    assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900, 900]);
    // Past the tenth wrong PIN each guess costs a quarter of an hour: all 10 000 four-digit PINs
    // would take over three months at the counter.
    assert!(now > 3 * 3600, "20 guesses took only {now} s");
    guard.verify_at("4711", instant(now)).unwrap();
    assert_eq!(guard.status_at(instant(now)).unwrap().failed_attempts, 0);
}

/// The stored hash is argon2id at no less than OWASP's minimum cost, with a salt of its own: two
/// tills with the same PIN store different hashes, and neither hash opens the other till.
#[test]
fn two_tills_with_the_same_pin_store_different_argon2id_hashes() {
    let (first_dir, first) = guard_with_pin("4711");
    let (second_dir, second) = guard_with_pin("4711");
    let stored = |dir: &tempfile::TempDir| {
        TillConfig::load(&TillHome::at(dir.path())).unwrap().manager_pin.unwrap().as_str().to_owned()
    };
    let (a, b) = (stored(&first_dir), stored(&second_dir));
    for hash in [&a, &b] {
        let fields: Vec<&str> = hash.split('$').collect();
        // ["", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash]
        assert_eq!(fields.get(1), Some(&"argon2id"), "{hash}");
        let params: std::collections::HashMap<&str, u32> = fields[3]
            .split(',')
            .filter_map(|pair| pair.split_once('='))
            .map(|(key, value)| (key, value.parse().unwrap()))
            .collect();
        assert!(params["m"] >= 19_456 && params["t"] >= 2, "weaker than OWASP's argon2id minimum: {hash}");
        assert!(fields[4].len() >= 16, "a salt of at least 12 bytes: {hash}");
    }
    assert_ne!(a.split('$').nth(4), b.split('$').nth(4), "each till has its own salt");
    assert_ne!(a, b);
    // Copying one till's hash into the other changes nothing an attacker could use: it is the
    // PIN that opens, on both.
    first.verify_at("4711", instant(0)).unwrap();
    second.verify_at("4711", instant(0)).unwrap();
    assert!(matches!(second.verify_at("4712", instant(1)), Err(TillError::WrongPin { .. })));
}
