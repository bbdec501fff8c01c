//! The environment the app's WebKit processes start with, set before the first window opens
//! (they inherit it): JavaScript runs without a JIT compiler.
//!
//! Why: the UI's scripts are small and mostly wait for the till, so JavaScriptCore's interpreter
//! is fast enough for them (start-up and the counter's redraws measured alike, BENCHMARKS.md #4);
//! the JIT compiled mostly the promise machinery of loading the UI's modules, and its compilers'
//! code and output cost the web process ~7 MiB that stay for the app's whole life (#3). A page
//! that gateway text could attack (SECURITY.md) also gets no writable-and-executable memory, the
//! usual ground for turning a JavaScript engine bug into running code, which is why hardened
//! browser modes turn the JIT off too. A value the user set (`JSC_useJIT=1` to compare) wins.
//!
//! Linux only: that is where WebKitGTK reads JavaScriptCore's options from the environment.

use std::ffi::OsStr;

/// JavaScriptCore's switch for its JIT compilers.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const JIT_SWITCH: &str = "JSC_useJIT";

/// What to set, given the switch's value in the environment now: nothing if the user chose.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn jit_setting(current: Option<&OsStr>) -> Option<(&'static str, &'static str)> {
    current.is_none().then_some((JIT_SWITCH, "0"))
}

/// Sets the environment up. Call first thing in `main`, while the process has one thread (the
/// environment is not safe to change once others may read it).
pub fn prepare() {
    #[cfg(target_os = "linux")]
    if let Some((name, value)) = jit_setting(std::env::var_os(JIT_SWITCH).as_deref()) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jit_is_off_unless_the_user_chose() {
        assert_eq!(jit_setting(None), Some(("JSC_useJIT", "0")));
        assert_eq!(jit_setting(Some(OsStr::new("1"))), None);
        assert_eq!(jit_setting(Some(OsStr::new(""))), None);
    }
}
