#!/bin/sh
# Installs what graceful's demo and tests need: the npm packages (with Node.js 24) and, as root, the
# Debian packages for the real servers and the pod lab. Safe to run again: it only installs what is missing.
set -eu
cd "$(dirname "$0")/.."

# npm install, not npm ci: where the registry does not serve the linter's binaries for other platforms, the
# lock cannot list them and npm ci rejects it; npm install still installs the locked versions.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

# Node.js 22, the oldest graceful supports, for the npm bundle's tests on it (test/integration/node22.test.ts).
# It has its own package.json and lock: beside node@24 in the project, both would claim node_modules/.bin/node.
if [ ! -x test/node22/node_modules/.bin/node ] || [ test/node22/package-lock.json -nt test/node22/node_modules/.package-lock.json ]; then
  npm install --prefix test/node22 --no-audit --no-fund
fi

# command:package pairs; /usr/sbin is searched too, since it is not on every user's PATH.
missing=""
for pair in nginx:nginx-light dnsmasq:dnsmasq-base ip:iproute2 iptables:iptables tini:tini dumb-init:dumb-init unshare:util-linux aarch64-linux-gnu-strip:binutils-aarch64-linux-gnu qemu-aarch64:qemu-user promtool:prometheus; do
  name=${pair%%:*}
  if ! command -v "$name" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$name" ] && [ ! -x "/sbin/$name" ]; then
    missing="$missing ${pair#*:}"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing$missing" >&2
    apt-get update -qq
    # Packages only: no service may start on this machine.
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: missing Debian packages:$missing. Run this as root to install them; tests that need them will skip." >&2
  fi
fi
