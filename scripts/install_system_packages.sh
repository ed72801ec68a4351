#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, only when one is missing.
set -euo pipefail

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# The HTTP benchmark's load generator (benchmarks/bench_http.py), which `make test` runs.
command -v wrk >/dev/null || missing+=(wrk)
# WeasyPrint draws the PDF plans and reports with Pango, in Liberation Sans (Arial's metrics).
ldconfig -p | grep -q libpangoft2-1.0.so || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them (as root): apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
