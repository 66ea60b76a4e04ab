#!/usr/bin/env bash
# Takes docs/dashboard.png with headless chromium, the way the browser test loads the page.
# Usage: scripts/screenshot-dashboard.sh [URL] [OUTPUT]   (defaults: the dashboard of `make up` on port 8000,
# docs/dashboard.png). Typically: make up; sleep 60; scripts/screenshot-dashboard.sh; make down
set -euo pipefail
url=${1:-http://127.0.0.1:${STACK_PORT:-8000}/dashboard}
output=${2:-docs/dashboard.png}
chromium=${CHROMIUM:-chromium}
command -v "$chromium" > /dev/null || { echo "no $chromium: \`make tools\` installs Debian's chromium" >&2; exit 1; }
profile=$(mktemp -d)
rm -f "$output"
trap 'rm -rf "$profile"' EXIT
# --virtual-time-budget: the page's first polls complete before the picture is taken.
"$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1280,2100 --virtual-time-budget=5000 --screenshot="$(realpath -m "$output")" "$url" 2> "$profile/chromium.log" \
    || { cat "$profile/chromium.log" >&2; exit 1; }
[ -s "$output" ] || { echo "chromium wrote no $output:" >&2; cat "$profile/chromium.log" >&2; exit 1; }
echo "wrote $output from $url"
