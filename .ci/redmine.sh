#!/usr/bin/env bash
# Starts and seeds the real Redmine the pull tests run against (.ci/redmine/, see its README),
# then prints the variables tests/pull_redmine.rs reads, as shell `export` lines for `eval`:
#   eval "$(.ci/redmine.sh)"
# Needs root on Debian 12 (first run installs packages, ~72 s; later runs ~15 s). Progress goes
# to stderr so stdout stays eval-able. The API key stays in its file (mode 0600), never on stdout.
set -euo pipefail
kit=$(cd "$(dirname "$0")" && pwd)/redmine
port=${REDMINE_PORT:-3000}
export REDMINE_PORT=$port
export REDMINE_API_KEY_FILE=${REDMINE_API_KEY_FILE:-/tmp/porchlight-redmine/redmine-$port.key}
bash "$kit/start-redmine.sh" start >/dev/null
# Seeding is idempotent: an existing project is kept as it is.
bash "$kit/seed-redmine.sh" "http://127.0.0.1:$port" >/dev/null
printf 'export PORCHLIGHT_TEST_REDMINE_URL=%q\n' "http://127.0.0.1:$port"
printf 'export PORCHLIGHT_TEST_REDMINE_KEY_FILE=%q\n' "$REDMINE_API_KEY_FILE"
printf 'export PORCHLIGHT_TEST_REDMINE_PROJECT=%q\n' "${SEED_PROJECT:-acme-support}"
