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
    assert!(text.contains(&format!("version = {CONFIG_VERSION}")), "{text}");
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
        ConfigKey::DefaultMethod,
        ConfigKey::HiddenMethods,
        ConfigKey::CustomerDisplay,
        ConfigKey::PaymentLinks,
        ConfigKey::AutoPrint,
        ConfigKey::Chime,
        ConfigKey::ReturnAfter,
        ConfigKey::PrivacyMode,
    ] {
        assert_eq!(key.as_str().parse::<ConfigKey>().expect("parses"), key);
    }
    let err = "manager-pin".parse::<ConfigKey>().unwrap_err();
    assert!(err.to_string().contains("day-cutoff"), "{err}");
}

#[test]
fn the_counter_settings_are_stored_and_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    let defaults = TillConfig::load_or_create(&home).expect("load").counter;
    assert_eq!(defaults, CounterSettings::default());
    assert!(!defaults.payment_links, "payment links are off until the shop turns them on");
    assert_eq!(defaults.return_after, Some(DEFAULT_RETURN_AFTER));

    TillConfig::set(&home, ConfigKey::DefaultMethod, "usdt/tron").expect("default");
    TillConfig::set(&home, ConfigKey::HiddenMethods, "USD1/bsc, USD1/ethereum").expect("hidden");
    TillConfig::set(&home, ConfigKey::CustomerDisplay, "2").expect("display");
    TillConfig::set(&home, ConfigKey::PaymentLinks, "on").expect("links");
    TillConfig::set(&home, ConfigKey::AutoPrint, "yes").expect("print");
    TillConfig::set(&home, ConfigKey::Chime, "off").expect("chime");
    let config = TillConfig::set(&home, ConfigKey::ReturnAfter, "45s").expect("return");
    let reread = TillConfig::load(&home).expect("reload");
    assert_eq!(reread, config);
    let counter = &reread.counter;
    assert_eq!(counter.default_method.as_ref().map(ToString::to_string).as_deref(), Some("USDT/tron"));
    assert!(counter.is_hidden("usd1", "BSC") && !counter.is_hidden("USDT", "bsc"));
    assert_eq!(counter.customer_display, CustomerDisplay::Monitor(2));
    assert!(counter.payment_links && counter.auto_print && !counter.chime);
    assert_eq!(counter.return_after, Some(Duration::from_secs(45)));
    assert_eq!(reread.value_text(ConfigKey::HiddenMethods), "USD1/bsc, USD1/ethereum");
    assert_eq!(reread.value_text(ConfigKey::ReturnAfter), "45s");
    let text = std::fs::read_to_string(home.config_file()).expect("file");
    assert!(text.contains("hidden_methods = [\"USD1/bsc\", \"USD1/ethereum\"]"), "{text}");
    assert!(text.contains("default_method = \"USDT/tron\""), "{text}");

    // A default that is hidden is refused, and changes nothing.
    let err = TillConfig::set(&home, ConfigKey::HiddenMethods, "USDT/tron").unwrap_err();
    assert!(err.to_string().contains("also hidden"), "{err}");
    assert_eq!(std::fs::read_to_string(home.config_file()).expect("file"), text);
    let err = TillConfig::set(&home, ConfigKey::CustomerDisplay, "left").unwrap_err();
    assert!(err.to_string().contains("monitor number"), "{err}");

    // "none" clears the lists; "off" keeps the finished sale on screen.
    let config = TillConfig::set(&home, ConfigKey::HiddenMethods, "none").expect("none");
    assert!(config.counter.hidden_methods.is_empty());
    let config = TillConfig::set(&home, ConfigKey::ReturnAfter, "off").expect("off");
    assert_eq!(config.counter.return_after, None);
    assert_eq!(TillConfig::load(&home).expect("reload").counter.return_after, None);
}

#[test]
fn a_hand_edited_counter_setting_is_refused_with_the_file_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = TillHome::at(dir.path());
    std::fs::write(home.config_file(), "version = 3\ntill_id = \"ABC234\"\nhidden_methods = [\"tron\"]\n")
        .expect("write");
    let err = TillConfig::load(&home).unwrap_err();
    assert!(err.to_string().contains("config.toml") && err.to_string().contains("like USDT/tron"), "{err}");
}

#[test]
fn settings_text_reads_back_as_the_same_settings() {
    // The seed of the `settings` fuzz target (fuzz/corpus/settings/seed-full): every key set.
    let text = include_str!("../../../../fuzz/corpus/settings/seed-full");
    let (config, needs_till_id) = TillConfig::from_toml_text(text, "seed-full").expect("the seed is valid");
    assert!(!needs_till_id);
    assert_eq!(config.shop_name.as_deref(), Some("Corner Café"));
    assert_eq!(config.gateway_kind, GatewayKind::BlockAtm);
    let written = config.to_toml_text().expect("written");
    let (again, _) = TillConfig::from_toml_text(&written, "written").expect("read back");
    assert_eq!(again, config);
    let error = TillConfig::from_toml_text("till_id = 7", "config.toml").unwrap_err();
    assert!(error.to_string().contains("config.toml cannot be read"), "{error}");
}
