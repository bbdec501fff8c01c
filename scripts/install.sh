# Installs what StableTill's scripts need when it is missing; sourced by scripts/demo and scripts/test.
# Debian/Ubuntu packages through apt-get (as root, or through sudo), Rust tools through rustup/cargo.

# Tauri 2's build and run-time libraries on Debian 12.
APP_PACKAGES=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  build-essential pkg-config libssl-dev libxdo-dev fonts-dejavu-core)
# What scripts/package adds: the bundling config is written with python3 (json).
PACKAGE_PACKAGES=(python3)
# What the tests add: a virtual display, the WebDriver server, a private session bus and keyring.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools
  python3-requests python3-cryptography sqlite3 tzdata)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "error: installing packages needs root: run as root or install sudo" >&2; return 1
  fi
}

# apt-get install only the packages that are not installed yet (a rerun costs nothing).
install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "warning: not a Debian/Ubuntu system; install the equivalents of: ${missing[*]}" >&2
    return 0
  fi
  echo "==> installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends "${missing[@]}"
}

# cargo's bin directory, where `cargo install` puts tauri-driver.
use_cargo_bin() {
  local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  case ":$PATH:" in *":$bin:"*) ;; *) [ -d "$bin" ] && export PATH="$bin:$PATH" ;; esac
  command -v cargo >/dev/null || { echo "error: cargo not found: install Rust from https://rustup.rs" >&2; return 1; }
}

install_rust_linters() {
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

install_tauri_driver() {
  command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
}

# The Tauri CLI, which bundles the app into a .deb (scripts/package). It has no prebuilt download
# here, so cargo builds it from source: several minutes, once.
install_tauri_cli() {
  cargo tauri --version 2>/dev/null | grep -q '^tauri-cli 2\.' || cargo install tauri-cli --version '^2' --locked
}
