//! Reading, checking and writing the settings file.

use super::*;

#[test]
fn first_load_creates_a_till_id_that_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    let first = TillConfig::load_or_create(&home).expect("first load");
    let again = TillConfig::load_or_create(&home).expect("second load");
    assert_eq!(first.till_id, again.till_id);
    assert_eq!(first.gateway, GatewayEnvironment::Production);
    assert!(first.merchant_id.is_none());
}

#[test]
fn settings_are_checked_and_a_bad_value_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    TillConfig::set(&home, ConfigKey::MerchantId, "MCH_20240101_ABC123").expect("valid id");
    TillConfig::set(&home, ConfigKey::Gateway, "sandbox").expect("sandbox");
    let before = std::fs::read_to_string(home.config_file()).expect("file");
    let err = TillConfig::set(&home, ConfigKey::MerchantId, "MCH 1/2").unwrap_err();
    assert!(err.to_string().contains("like MCH_20240101_ABC123"), "{err}");
    let err = TillConfig::set(&home, ConfigKey::Gateway, "http://evil.example").unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
    assert_eq!(std::fs::read_to_string(home.config_file()).expect("file"), before);
    let config = TillConfig::load_or_create(&home).expect("load");
    assert_eq!(config.merchant_id.as_deref(), Some("MCH_20240101_ABC123"));
    assert_eq!(config.gateway, GatewayEnvironment::Sandbox);
}

#[test]
fn the_order_lifetime_is_read_like_a_person_writes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    assert_eq!(TillConfig::load_or_create(&home).expect("load").order_lifetime, DEFAULT_ORDER_LIFETIME);
    let config = TillConfig::set(&home, ConfigKey::OrderLifetime, "1h 30m").expect("valid");
    assert_eq!(config.order_lifetime, Duration::from_secs(5400));
    assert_eq!(TillConfig::load_or_create(&home).expect("load").order_lifetime, Duration::from_secs(5400));
    for bad in ["5s", "3d", "soon", "-5m"] {
        let err = TillConfig::set(&home, ConfigKey::OrderLifetime, bad).unwrap_err();
        assert!(err.to_string().contains("like 15m"), "{bad}: {err}");
    }
}

#[test]
fn a_file_from_a_newer_build_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    std::fs::write(home.config_file(), "version = 9\n").expect("write");
    let err = TillConfig::load_or_create(&home).unwrap_err();
    assert!(err.to_string().contains("newer StableTill"), "{err}");
}

#[test]
fn the_business_day_settings_default_to_the_system_zone_and_midnight() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    let config = TillConfig::load_or_create(&home).expect("load");
    assert_eq!((config.time_zone.clone(), config.day_cutoff), (None, Time::midnight()));
    assert_eq!(config.calendar().zone(), &TimeZone::system());
    assert_eq!(config.value_text(ConfigKey::DayCutoff), "00:00");
    assert!(config.value_text(ConfigKey::TimeZone).starts_with("system ("));

    let config = TillConfig::set(&home, ConfigKey::TimeZone, "Europe/Berlin").expect("zone");
    let config_after = TillConfig::set(&home, ConfigKey::DayCutoff, "04:00").expect("cut-off");
    assert_eq!(config.time_zone.as_ref().and_then(TimeZone::iana_name), Some("Europe/Berlin"));
    let reread = TillConfig::load(&home).expect("reload");
    assert_eq!(reread, config_after);
    assert_eq!(reread.value_text(ConfigKey::TimeZone), "Europe/Berlin");
    assert_eq!(reread.value_text(ConfigKey::DayCutoff), "04:00");
    let text = std::fs::read_to_string(home.config_file()).expect("file");
    assert!(text.contains("version = 2"), "{text}");
    assert!(text.contains("time_zone = \"Europe/Berlin\""), "{text}");
    assert!(text.contains("day_cutoff = \"04:00\""), "{text}");

    // Bad values say what to write and change nothing.
    let err = TillConfig::set(&home, ConfigKey::TimeZone, "Berlin").unwrap_err();
    assert!(err.to_string().contains("IANA name like Europe/Berlin"), "{err}");
    let err = TillConfig::set(&home, ConfigKey::DayCutoff, "4am").unwrap_err();
    assert!(err.to_string().contains("HH:MM"), "{err}");
    assert_eq!(std::fs::read_to_string(home.config_file()).expect("file"), text);

    // "system" goes back to following the computer's zone.
    let config = TillConfig::set(&home, ConfigKey::TimeZone, "system").expect("system");
    assert_eq!(config.time_zone, None);
    assert!(!std::fs::read_to_string(home.config_file()).expect("file").contains("time_zone"));
}

#[test]
fn a_version_1_file_still_reads_and_a_damaged_pin_hash_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    std::fs::write(home.config_file(), "version = 1\ntill_id = \"ABC234\"\nshop_name = \"Kiosk\"\n")
        .expect("write");
    let config = TillConfig::load(&home).expect("v1 reads");
    assert_eq!((config.till_id.as_str(), config.manager_pin.clone()), ("ABC234", None));
    assert_eq!(config.day_cutoff, Time::midnight());

    std::fs::write(home.config_file(), "version = 2\ntill_id = \"ABC234\"\nmanager_pin = \"1234\"\n")
        .expect("write");
    let err = TillConfig::load(&home).unwrap_err();
    assert!(err.to_string().contains("stabletill pin set"), "{err}");
    std::fs::write(home.config_file(), "version = 2\ntill_id = \"ABC234\"\nday_cutoff = \"25:00\"\n")
        .expect("write");
    let err = TillConfig::load(&home).unwrap_err();
    assert!(err.to_string().contains("day cut-off"), "{err}");
}

#[test]
fn keys_are_named_as_the_cli_takes_them() {
    for key in [
        ConfigKey::MerchantId,
        ConfigKey::Gateway,
        ConfigKey::ShopName,
        ConfigKey::OrderLifetime,
        ConfigKey::RequestsPerMinute,
        ConfigKey::TimeZone,
        ConfigKey::DayCutoff,
    ] {
        assert_eq!(key.as_str().parse::<ConfigKey>().expect("parses"), key);
    }
    let err = "manager-pin".parse::<ConfigKey>().unwrap_err();
    assert!(err.to_string().contains("day-cutoff"), "{err}");
}
