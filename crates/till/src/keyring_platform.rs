//! The OS credential store for this platform: Secret Service on Linux, the Keychain on macOS,
//! the Credential Manager on Windows. All platform-specific keyring code lives here.

use std::sync::Arc;

use keyring_core::CredentialStore;

/// Connects to the platform's store. Blocking (D-Bus on Linux): call it off the async runtime.
pub(crate) fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    #[cfg(target_os = "linux")]
    {
        Ok(zbus_secret_service_keyring_store::Store::new()?)
    }
    #[cfg(target_os = "macos")]
    {
        Ok(apple_native_keyring_store::keychain::Store::new()?)
    }
    #[cfg(target_os = "windows")]
    {
        Ok(windows_native_keyring_store::Store::new()?)
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    {
        Err(keyring_core::Error::NotSupportedByStore("no OS keyring is supported on this platform".into()))
    }
}

/// What to tell the user when the platform store cannot be used.
pub(crate) fn unavailable_advice() -> &'static str {
    if cfg!(target_os = "linux") {
        "start and unlock a Secret Service keyring (GNOME Keyring or KWallet) and try again"
    } else if cfg!(target_os = "macos") {
        "unlock the login keychain and try again"
    } else {
        "check that Windows Credential Manager is available and try again"
    }
}
