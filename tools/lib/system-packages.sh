#!/usr/bin/env bash
# Installs Debian packages the scripts need when what they provide is missing.
# Usage: require_package <package> <test command...>   e.g. require_package postgresql has_postgres_server

apt_updated=""

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

require_package() {
  local package="$1"; shift
  if "$@" >/dev/null 2>&1; then return 0; fi
  echo "Installing $package (apt-get)..."
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  "$@" >/dev/null 2>&1 || { echo "Installing $package did not provide what is needed." >&2; return 1; }
}

has_postgres_server() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null
}

has_dovecot() {
  command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ]
}
