//! Command-line flags, read in two steps: raw [`Flags`] from clap, then a checked [`Launch`].

use std::path::PathBuf;

use clap::Parser;
use stabletill_till::{TillError, TillHome};

/// StableTill: take in-person stablecoin payments.
#[derive(Debug, Parser)]
#[command(name = "stabletill-app", version)]
pub struct Flags {
    /// Run with the built-in demo gateway (no account, no real money). Demo sales are kept apart.
    #[arg(long)]
    pub demo: bool,
    /// The data directory (settings, sales log). Default: $STABLETILL_HOME, else the app-data dir.
    #[arg(long, value_name = "DIR")]
    pub home: Option<PathBuf>,
}

/// How this run of the app opens its till.
#[derive(Debug, Clone)]
pub struct Launch {
    pub home: TillHome,
    pub demo: bool,
}

impl Flags {
    pub fn check(self) -> Result<Launch, TillError> {
        Ok(Launch { home: TillHome::resolve(self.home.as_deref())?, demo: self.demo })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_and_home_flags_are_read() {
        let flags = Flags::try_parse_from(["stabletill-app", "--demo", "--home", "/tmp/st-flags"])
            .expect("valid flags");
        let launch = flags.check().expect("explicit home");
        assert!(launch.demo);
        assert_eq!(launch.home.root(), std::path::Path::new("/tmp/st-flags"));
        assert!(Flags::try_parse_from(["stabletill-app", "--bogus"]).is_err());
    }
}
