//! A launched program and everything it started (WebKit's web and network processes): its
//! memory from `/proc/<pid>/smaps_rollup`, when it started, and stopping the lot.

use std::collections::{HashMap, VecDeque};
use std::process::{Command, Stdio};

/// `pid` and all its descendants, found through each process's parent in `/proc/<pid>/stat`.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else {
                continue;
            };
            if let Some(parent) = parent_of(child) {
                children.entry(parent).or_default().push(child);
            }
        }
    }
    let mut found = vec![pid];
    let mut queue = VecDeque::from([pid]);
    while let Some(next) = queue.pop_front() {
        for &child in children.get(&next).map(Vec::as_slice).unwrap_or_default() {
            found.push(child);
            queue.push_back(child);
        }
    }
    found
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid …": the command name may hold spaces and parentheses.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

/// (RSS, PSS) in KiB, summed over `pids`.
pub fn memory_kib(pids: &[u32]) -> (u64, u64) {
    let (mut rss, mut pss) = (0, 0);
    for pid in pids {
        let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else { continue };
        for line in text.lines() {
            let mut fields = line.split_whitespace();
            match (fields.next(), fields.next().and_then(|kib| kib.parse::<u64>().ok())) {
                (Some("Rss:"), Some(kib)) => rss += kib,
                (Some("Pss:"), Some(kib)) => pss += kib,
                _ => {}
            }
        }
    }
    (rss, pss)
}

/// The names of `pids` (e.g. `stabletill-app`, `WebKitWebProcess`), for the notes.
pub fn names(pids: &[u32]) -> Vec<String> {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok())
        .map(|name| name.trim().to_owned())
        .collect()
}

/// The processes whose command line contains `needle` (a program's path or its data directory).
pub fn matching(needle: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            String::from_utf8_lossy(&cmdline).contains(needle).then_some(pid)
        })
        .collect()
}

/// Waits (up to `patience`) until no process's command line contains `needle`: a program
/// closed through WebDriver may take a moment to exit, and the app's next launch on the same
/// data directory would find it still holding the directory's lock.
pub fn wait_gone(needle: &str, patience: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + patience;
    loop {
        if matching(needle).is_empty() {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Sends `signal` (e.g. "TERM", "KILL") to each of `pids` that still runs.
pub fn signal(pids: &[u32], signal: &str) {
    let alive: Vec<String> = pids
        .iter()
        .filter(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
        .map(u32::to_string)
        .collect();
    if alive.is_empty() {
        return;
    }
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .args(&alive)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Clock ticks per second in `/proc/<pid>/stat` (USER_HZ: 100 on every Linux ABI).
const TICKS_PER_SECOND: f64 = 100.0;

/// When the oldest process whose command line contains `needle` started, in Unix milliseconds
/// (to the kernel's 10 ms tick): its start in ticks since boot, and the boot's moment on the
/// wall clock (now, less the time since boot).
pub fn started_unix_ms(needle: &str) -> Option<f64> {
    let since_boot_s = matching(needle).into_iter().filter_map(start_ticks).min()? as f64 / TICKS_PER_SECOND;
    let boot = nix::time::clock_gettime(nix::time::ClockId::CLOCK_BOOTTIME).ok()?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?;
    let boot_unix_s = now.as_secs_f64() - (boot.tv_sec() as f64 + boot.tv_nsec() as f64 / 1e9);
    Some((boot_unix_s + since_boot_s) * 1000.0)
}

/// Field 22 of `/proc/<pid>/stat`, the start in ticks since boot (counted after the command
/// name, which may hold spaces and parentheses).
fn start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.split_whitespace().nth(19)?.parse().ok()
}
