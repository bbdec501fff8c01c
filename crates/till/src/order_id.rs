//! merchantOrderId: the idempotency key of a sale, unique across tills and restarts.

/// `ST-<till id>-<ULID>`: 36 characters of `[A-Za-z0-9-]`, inside the gateway's 16–64 rule. The
/// ULID is time-ordered and random, so two tills (different till ids) or two runs never collide.
pub(crate) fn new_merchant_order_id(till_id: &str) -> String {
    format!("ST-{till_id}-{}", ulid::Ulid::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_gateway_rule_and_do_not_repeat() {
        let a = new_merchant_order_id("K7Q2XZ");
        let b = new_merchant_order_id("K7Q2XZ");
        assert_ne!(a, b);
        assert!((16..=64).contains(&a.len()), "{a}");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{a}");
        assert!(a.starts_with("ST-K7Q2XZ-"));
    }
}
