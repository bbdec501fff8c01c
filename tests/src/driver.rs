//! A running `tauri-driver` on free ports, and everything it started (WebKitWebDriver and the
//! app), stopped when dropped, also when a test fails half-way.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug)]
pub struct TauriDriver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl TauriDriver {
    /// Starts `tauri-driver --port P --native-port N` with extra environment for the app, its
    /// output (and that of WebKitWebDriver and the app) going to `log`.
    pub fn start(log: &Path, envs: &[(&str, &OsStr)]) -> anyhow::Result<Self> {
        let driver = find_tauri_driver()?;
        if find_in_path("WebKitWebDriver").is_none() {
            bail!("WebKitWebDriver is not in PATH: install it with `apt-get install webkit2gtk-driver` (scripts/test does)");
        }
        let (port, native_port) = two_free_ports()?;
        let out = File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
        let child = Command::new(&driver)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("cannot start {}", driver.display()))?;
        let mut running = Self { child, port, log: log.to_path_buf() };
        running.wait_until_listening(&[port, native_port])?;
        Ok(running)
    }

    /// The WebDriver endpoint to connect a client to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Where tauri-driver, WebKitWebDriver and the app write their output.
    pub fn log(&self) -> &Path {
        &self.log
    }

    /// Every process tauri-driver started, directly or not (WebKitWebDriver, the app, WebKit's
    /// web and network processes), found now.
    pub fn processes(&self) -> Vec<u32> {
        descendants(self.child.id())
    }

    fn wait_until_listening(&mut self, ports: &[u16]) -> anyhow::Result<()> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("tauri-driver exited at start-up ({status}); see {}", self.log.display());
            }
            if ports.iter().all(|port| TcpStream::connect(("127.0.0.1", *port)).is_ok()) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "tauri-driver did not listen on ports {ports:?} within {STARTUP_TIMEOUT:?}; see {}",
                    self.log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for TauriDriver {
    /// SIGTERM is what makes tauri-driver stop its WebKitWebDriver; the app WebKitWebDriver
    /// launched would then outlive both, so it is found beforehand and stopped too.
    fn drop(&mut self) {
        let started = descendants(self.child.id());
        signal(self.child.id(), Signal::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();

        for pid in started.iter().copied().filter(|pid| is_running(*pid)) {
            signal(pid, Signal::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while started.iter().any(|pid| is_running(*pid)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        for pid in started.iter().copied().filter(|pid| is_running(*pid)) {
            signal(pid, Signal::SIGKILL);
        }
    }
}

/// `tauri-driver` from PATH, else from cargo's bin directory, where `cargo install` puts it.
fn find_tauri_driver() -> anyhow::Result<PathBuf> {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|dir| dir.join("bin").join("tauri-driver"));
    find_in_path("tauri-driver")
        .or(cargo_bin.filter(|path| path.is_file()))
        .context("tauri-driver is not installed: run `cargo install tauri-driver --version '^2' --locked` (scripts/test does)")
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// Two distinct free ports; neither is tauri-driver's default (4444/4445), so a driver someone
/// left running cannot answer in our place.
fn two_free_ports() -> anyhow::Result<(u16, u16)> {
    let first = TcpListener::bind("127.0.0.1:0")?;
    let second = TcpListener::bind("127.0.0.1:0")?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}

fn signal(pid: u32, signal: Signal) {
    if let Ok(raw) = i32::try_from(pid) {
        let _ = kill(Pid::from_raw(raw), signal);
    }
}

/// Parent pid and state of a process, from `/proc/<pid>/stat` (the name may contain spaces and
/// parentheses, so fields are read after its closing parenthesis).
fn stat(pid: u32) -> Option<(u32, char)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = text.get(text.rfind(')')? + 1..)?.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((parent, state))
}

fn is_running(pid: u32) -> bool {
    stat(pid).is_some_and(|(_, state)| state != 'Z')
}

/// Every process below `root`, children first found first.
fn descendants(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else {
            continue;
        };
        if let Some((parent, _)) = stat(pid) {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut found = Vec::new();
    let mut queue = vec![root];
    while let Some(pid) = queue.pop() {
        for child in children.get(&pid).into_iter().flatten() {
            found.push(*child);
            queue.push(*child);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spawned_child_is_found_below_its_parent() {
        let mut child = Command::new("sleep").arg("5").spawn().unwrap();
        assert!(descendants(std::process::id()).contains(&child.id()));
        assert!(is_running(child.id()));
        signal(child.id(), Signal::SIGTERM);
        child.wait().unwrap();
        assert!(!is_running(child.id()));
    }
}
