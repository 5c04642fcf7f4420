#!/bin/sh
# Install what dockaudit needs on Debian 12, as root.
#   contrib/install-deps.sh         build dependencies
#   contrib/install-deps.sh --test  also what the test suite needs: a real
#                                   dockerd, busybox for test images, OpenSCAP,
#                                   valgrind, headless chromium, python3 for
#                                   assertions, ansible-core and ansible-lint,
#                                   the MITRE SAF CLI (from npm) that
#                                   reads our HDF results, systemd-analyze
#                                   for the units, the Debian packaging
#                                   tools and lintian, and debootstrap for
#                                   the container image's offline base
set -eu

build="build-essential autoconf automake pkg-config ca-certificates
	libxml2-dev libjansson-dev libcurl4-openssl-dev libcap-dev libseccomp-dev zlib1g-dev
	libyaml-dev"
test="libcmocka-dev docker.io busybox-static curl openssl python3 python3-jsonschema
	openscap-scanner openscap-utils libxml2-utils valgrind podman iproute2
	chromium poppler-utils python3-prometheus-client ansible-core ansible-lint
	systemd systemd-container util-linux debhelper dpkg-dev lintian debootstrap"

pkgs=$build
case "${1:-}" in
--test) pkgs="$build $test" ;;
"") ;;
*) echo "usage: $0 [--test]" >&2; exit 1 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "$0: run as root (it uses apt-get)" >&2
	exit 1
fi

missing=
for p in $pkgs; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
		missing="$missing $p"
done
# The SAF CLI is an npm package: node and npm come from Debian unless a
# node is already installed (which brings its own npm).
saf_version=1.5.3
if [ "${1:-}" = --test ]; then
	command -v node >/dev/null || missing="$missing nodejs"
	command -v npm >/dev/null || missing="$missing npm"
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
if [ "${1:-}" = --test ] && ! saf --version 2>/dev/null | grep -q "saf/$saf_version "; then
	npm install -g --no-audit --no-fund --loglevel=error --prefix /usr/local "@mitre/saf@$saf_version"
fi
echo "install-deps: everything is installed"
