#!/usr/bin/env bash
# Run every Citrine check and test; the one command CI runs (via .ci/run).
#
#   1. make sure Chromium is installed (browser tests)   -> CITRINE_CHROMIUM
#      and the pinned Redocly CLI (lints /openapi.json)    -> CITRINE_REDOCLY
#   2. start a throwaway PostgreSQL 15 cluster            -> CITRINE_TEST_POSTGRES
#   3. dotnet build Citrine.slnx -c Release (once)
#   4. dotnet format --verify-no-changes                 (a failure counts as 1 failed)
#  4b. scripts/build-image.sh: the container image archive -> CITRINE_IMAGE_ARCHIVE
#      (installs mmdebstrap, umoci, skopeo, docker-registry with apt-get; base cached in .tools/container-base)
#   5. dotnet test each tests/*/*.Tests.csproj in turn   (TRX files in test-results/)
#   6. sum the TRX counters and print "N passed, N failed" as the last line
#
# Exits 0 only if nothing failed and at least one test passed.
# With CI=true, a missing Chromium, Redocly CLI, PostgreSQL or container image fails the run;
# elsewhere it only warns. Extra arguments are passed to every `dotnet test` call
# (e.g. scripts/test.sh --filter "FullyQualifiedName~Storage").
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 # no build nodes left running after the script ends

SOLUTION="Citrine.slnx"
RESULTS_DIR="$REPO_ROOT/test-results"
CHROMIUM_PATH="/usr/bin/chromium"
# A single test that runs longer than this is killed by VSTest (the project then counts as failed).
HANG_TIMEOUT="${CITRINE_TEST_HANG_TIMEOUT:-10m}"
# Hard cap on one `dotnet test` invocation.
PROJECT_TIMEOUT="${CITRINE_TEST_PROJECT_TIMEOUT:-30m}"

is_ci() { case "${CI:-}" in true | TRUE | True | 1 | yes) return 0 ;; *) return 1 ;; esac; }
section() { printf '\n==== %s ====\n' "$*"; }
warn() { printf '\n!!!!!!!! WARNING: %s !!!!!!!!\n\n' "$*" >&2; }

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# ---- cleanup and the closing line ------------------------------------------------
PG_STATE_FILE="$(mktemp /tmp/citrine-pg-run.XXXXXX)"
rm -f "$PG_STATE_FILE" # start-postgres.sh creates it
export CITRINE_PG_STATE_FILE="$PG_STATE_FILE"

cleaned_up=0
cleanup() {
    [[ "$cleaned_up" -eq 1 ]] && return 0
    cleaned_up=1
    if [[ -f "$PG_STATE_FILE" ]]; then
        bash "$REPO_ROOT/scripts/stop-postgres.sh" || true
    fi
    rm -f "$PG_STATE_FILE"
    if is_ci; then
        dotnet build-server shutdown >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Stop everything, then print the closing line last so nothing follows it.
finish() { # passed failed
    cleanup
    echo
    echo "$1 passed, $2 failed"
    if [[ "$2" -eq 0 && "$1" -gt 0 ]]; then
        exit 0
    fi
    exit 1
}

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
fi

# ---- 1. Chromium -----------------------------------------------------------------
section "Chromium"
if [[ ! -x "$CHROMIUM_PATH" ]]; then
    echo "Chromium not found at $CHROMIUM_PATH; installing it with apt-get"
    apt_log="$RESULTS_DIR/apt-chromium.log"
    chromium_ok=0
    if [[ "$SUDO" == "none" ]]; then
        echo "not root and no sudo: cannot install Chromium" | tee "$apt_log"
    else
        # shellcheck disable=SC2086 # $SUDO is empty or one word
        if { $SUDO apt-get -o DPkg::Lock::Timeout=300 update &&
            $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y chromium; } \
            >"$apt_log" 2>&1 && [[ -x "$CHROMIUM_PATH" ]]; then
            chromium_ok=1
        fi
    fi
    if [[ "$chromium_ok" -ne 1 ]]; then
        tail -n 30 "$apt_log" >&2 || true
        if is_ci; then
            echo "ERROR: could not install Chromium (CI=true); see $apt_log" >&2
            finish 0 1
        fi
        warn "could not install Chromium; browser tests will fail or be skipped (see $apt_log)"
    fi
fi
if [[ -x "$CHROMIUM_PATH" ]]; then
    export CITRINE_CHROMIUM="$CHROMIUM_PATH"
    echo "CITRINE_CHROMIUM=$CITRINE_CHROMIUM ($("$CHROMIUM_PATH" --version 2>/dev/null || echo 'version unknown'))"
fi

# ---- 1b. Redocly CLI (tests/Citrine.Server.Tests/ApiDescription/DocumentTests.cs) ---
section "Redocly CLI"
REDOCLY_VERSION="2.77.0"
REDOCLY_PREFIX="$REPO_ROOT/.tools/redocly"
REDOCLY_BIN="$REDOCLY_PREFIX/node_modules/.bin/redocly"
redocly_version() { REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_TELEMETRY=off "$REDOCLY_BIN" --version 2>/dev/null | head -n 1; }
if [[ ! -x "$REDOCLY_BIN" || "$(redocly_version)" != "$REDOCLY_VERSION" ]]; then
    echo "installing @redocly/cli@$REDOCLY_VERSION into $REDOCLY_PREFIX with npm"
    npm_log="$RESULTS_DIR/npm-redocly.log"
    if ! { command -v npm >/dev/null 2>&1 &&
        npm install --prefix "$REDOCLY_PREFIX" --no-audit --no-fund --no-save "@redocly/cli@$REDOCLY_VERSION"; } \
        >"$npm_log" 2>&1 || [[ "$(redocly_version)" != "$REDOCLY_VERSION" ]]; then
        tail -n 30 "$npm_log" >&2 || true
        if is_ci; then
            echo "ERROR: could not install @redocly/cli@$REDOCLY_VERSION (CI=true); see $npm_log" >&2
            finish 0 1
        fi
        warn "could not install the Redocly CLI; the OpenAPI lint test will fail (see $npm_log)"
    fi
fi
export CITRINE_REDOCLY="$REDOCLY_BIN"
echo "CITRINE_REDOCLY=$CITRINE_REDOCLY ($(redocly_version || echo 'not installed'))"

# ---- 2. PostgreSQL ---------------------------------------------------------------
section "PostgreSQL"
unset CITRINE_TEST_POSTGRES
if pg_env="$(bash "$REPO_ROOT/scripts/start-postgres.sh")"; then
    eval "$pg_env"
    echo "CITRINE_TEST_POSTGRES=$CITRINE_TEST_POSTGRES"
else
    if is_ci; then
        echo "ERROR: PostgreSQL could not be started (CI=true); refusing to run without it" >&2
        finish 0 1
    fi
    warn "PostgreSQL could not be started; CITRINE_TEST_POSTGRES is NOT set and tests that need it will fail"
fi

# ---- 3. build --------------------------------------------------------------------
section "dotnet build $SOLUTION -c Release"
if ! dotnet build "$SOLUTION" -c Release -nodeReuse:false 2>&1 | tee "$RESULTS_DIR/build.log"; then
    echo
    echo "BUILD FAILED. Errors:" >&2
    grep -E ': error [A-Z]+[0-9]*:' "$RESULTS_DIR/build.log" | sort -u >&2 || true
    finish 0 1
fi

# ---- 4. format check -------------------------------------------------------------
section "dotnet format $SOLUTION --verify-no-changes"
format_failed=0
if dotnet format "$SOLUTION" --verify-no-changes --no-restore >"$RESULTS_DIR/format.log" 2>&1; then
    echo "format: OK"
else
    format_failed=1
    echo "FORMAT CHECK FAILED (run 'dotnet format $SOLUTION' to fix). Files needing changes:" >&2
    sed -nE 's#^[[:space:]]*(/[^(]+)\([0-9]+,[0-9]+\).*#\1#p' "$RESULTS_DIR/format.log" |
        sed "s#^$REPO_ROOT/##" | sort -u | sed 's/^/  /' >&2 || true
    echo "--- format output (first 200 lines; full log in test-results/format.log) ---" >&2
    head -n 200 "$RESULTS_DIR/format.log" >&2
fi

# ---- 4b. container image (tests/Citrine.Cli.Tests/Packaging/ContainerImageTests.cs) -
# Built once here: after the build, which it reuses, and after the format check, as its RID-specific publish
# re-restores src/ for a while. The Debian base is cached in .tools/container-base.
section "Container image (scripts/build-image.sh)"
IMAGE_ARCHIVE="$REPO_ROOT/artifacts/citrine-image.tar"
image_log="$RESULTS_DIR/build-image.log"
image_started=$SECONDS
if bash "$REPO_ROOT/scripts/build-image.sh" --output "$IMAGE_ARCHIVE" >"$image_log" 2>&1; then
    tail -n 2 "$image_log"
    echo "container image step: $((SECONDS - image_started)) s"
else
    tail -n 30 "$image_log" >&2 || true
    rm -f "$IMAGE_ARCHIVE"
    if is_ci; then
        echo "ERROR: could not build the container image (CI=true); see $image_log" >&2
        finish 0 1
    fi
    warn "could not build the container image; the container archive test will fail (see $image_log)"
fi
# Set even when missing: the test then fails at once instead of building the image again.
export CITRINE_IMAGE_ARCHIVE="$IMAGE_ARCHIVE"

# ---- 5. tests --------------------------------------------------------------------
shopt -s nullglob
projects=(tests/*/*.Tests.csproj)
shopt -u nullglob
# name|trx|exit code, one per project
runs_file="$RESULTS_DIR/.runs"
: >"$runs_file"

if [[ ${#projects[@]} -eq 0 ]]; then
    echo "ERROR: no test projects found under tests/*/*.Tests.csproj" >&2
fi

# Interactive runs keep dotnet in the terminal's process group so Ctrl-C reaches it;
# elsewhere timeout's own process group lets it kill the test host too.
timeout_args=(--kill-after=60s)
[[ -t 0 ]] && timeout_args+=(--foreground)

for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    section "dotnet test $name"
    rc=0
    timeout "${timeout_args[@]}" "$PROJECT_TIMEOUT" \
        dotnet test "$proj" -c Release --no-build \
        --logger "trx;LogFileName=$name.trx" \
        --results-directory "$RESULTS_DIR/" \
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
        "$@" || rc=$?
    [[ "$rc" -eq 124 ]] && echo "ERROR: $name timed out after $PROJECT_TIMEOUT" >&2
    echo "$name|$RESULTS_DIR/$name.trx|$rc" >>"$runs_file"
done

# ---- 6. summary ------------------------------------------------------------------
section "Summary"
# Prints one line per project, then "TOTAL <passed> <failed>".
summarize_python() {
    python3 - "$runs_file" <<'PY'
import sys, glob, os
import xml.etree.ElementTree as ET

passed_total = failed_total = 0
with open(sys.argv[1]) as f:
    runs = [line.rstrip("\n").split("|") for line in f if line.strip()]

for name, trx, rc in runs:
    rc = int(rc)
    if not os.path.exists(trx):
        # Multi-target or renamed output: accept <name>*.trx beside it.
        cands = sorted(glob.glob(os.path.join(os.path.dirname(trx), name + "*.trx")))
        trx = cands[0] if cands else None
    if trx is None:
        print(f"  {name}: CRASHED - no TRX produced (exit code {rc}); counted as 1 failed")
        failed_total += 1
        continue
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:
        print(f"  {name}: unreadable TRX {trx} ({e}); counted as 1 failed")
        failed_total += 1
        continue
    counters = next((el for el in root.iter() if el.tag.split("}")[-1] == "Counters"), None)
    summary = next((el for el in root.iter() if el.tag.split("}")[-1] == "ResultSummary"), None)
    if counters is None:
        print(f"  {name}: TRX has no Counters (exit code {rc}); counted as 1 failed")
        failed_total += 1
        continue
    c = lambda k: int(counters.get(k, "0") or 0)
    passed = c("passed")
    failed = c("failed") + c("error") + c("timeout") + c("aborted")
    skipped = max(c("notExecuted"), c("total") - c("executed")) if rc == 0 else c("notExecuted")
    outcome = summary.get("outcome", "?") if summary is not None else "?"
    note = ""
    if rc != 0 and failed == 0:
        failed = 1
        note = f" - exit code {rc} (outcome {outcome}) but no failed test recorded: crash/abort/timeout; counted as 1 failed"
    elif c("total") == 0:
        note = " - WARNING: no tests found"
    print(f"  {name}: {passed} passed, {failed} failed, {skipped} skipped (total {c('total')}){note}")
    passed_total += passed
    failed_total += failed

print(f"TOTAL {passed_total} {failed_total}")
PY
}

# Fallback without python3: grep the Counters element.
summarize_sed() {
    local name trx rc p f ptot=0 ftot=0 counters
    while IFS='|' read -r name trx rc; do
        if [[ ! -f "$trx" ]]; then
            echo "  $name: CRASHED - no TRX produced (exit code $rc); counted as 1 failed"
            ftot=$((ftot + 1))
            continue
        fi
        counters="$(tr '\n' ' ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
        p="$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters")"
        f="$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters")"
        p="${p:-0}" f="${f:-0}"
        if [[ "$rc" -ne 0 && "$f" -eq 0 ]]; then
            f=1
            echo "  $name: $p passed - exit code $rc but no failed test recorded; counted as 1 failed"
        else
            echo "  $name: $p passed, $f failed"
        fi
        ptot=$((ptot + p))
        ftot=$((ftot + f))
    done <"$runs_file"
    echo "TOTAL $ptot $ftot"
}

if command -v python3 >/dev/null 2>&1 && summary_out="$(summarize_python)"; then
    :
else
    summary_out="$(summarize_sed)"
fi
grep -v '^TOTAL ' <<<"$summary_out" || true
read -r _ total_passed total_failed < <(grep '^TOTAL ' <<<"$summary_out")

if [[ ${#projects[@]} -eq 0 ]]; then
    total_failed=$((total_failed + 1))
fi
if [[ "$format_failed" -eq 1 ]]; then
    echo "  dotnet format: FAILED; counted as 1 failed"
    total_failed=$((total_failed + 1))
fi
if [[ -z "${CITRINE_TEST_POSTGRES:-}" ]]; then
    echo "  NOTE: PostgreSQL was not available for this run"
fi
if [[ "$total_passed" -eq 0 ]]; then
    echo "  ERROR: no test passed"
fi
rm -f "$runs_file"

finish "$total_passed" "$total_failed"
