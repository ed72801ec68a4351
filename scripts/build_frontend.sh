#!/usr/bin/env bash
# Builds the front-end assets into static/build/ (gitignored) from the npm packages
# pinned in package-lock.json. Safe to run repeatedly; needs only node and npm.
#
#   static/build/app.css (+ .map)        GOV.UK Frontend Sass compiled with our settings
#   static/build/*.mjs                   our modules: app.mjs starts GOV.UK Frontend and ours
#   static/build/govuk/govuk-frontend.min.js (+ .map)
#   static/build/govuk/assets/           images and manifest.json (fonts are not used)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm records what it installed in node_modules/.package-lock.json; reinstall only when
# that is missing or the committed lock file has changed since.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    # No package here needs an install script (sass's optional file watcher only
    # serves --watch), and skipping them keeps a registry package from running code.
    npm ci --no-audit --no-fund --ignore-scripts
    touch node_modules/.package-lock.json
fi

govuk=node_modules/govuk-frontend/dist/govuk
out=static/build

mkdir -p "$out"
rm -rf "$out/govuk"
mkdir -p "$out/govuk/assets"

# whitenoise's manifest storage follows sourceMappingURL, so the map is written too.
node_modules/.bin/sass \
    --pkg-importer=node \
    --style=compressed \
    --embed-sources \
    --quiet-deps \
    --no-error-css \
    frontend/scss/app.scss "$out/app.css"

cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$out/govuk/"
cp -R "$govuk/assets/images" "$govuk/assets/manifest.json" "$out/govuk/assets/"
cp frontend/js/*.mjs "$out/"

echo "Front-end assets built in $out/"
