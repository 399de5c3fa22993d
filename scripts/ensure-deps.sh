#!/usr/bin/env bash
# Installs what building cmpdissect needs beyond the Swift toolchain: libpcap's headers (Debian's
# libpcap-dev). Safe to run again: it does nothing when libpcap is already there.
set -euo pipefail
if pkg-config --exists libpcap 2>/dev/null && [ -f /usr/include/pcap/pcap.h ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "cmpdissect: installing libpcap-dev (apt-get)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libpcap-dev pkg-config >/dev/null
