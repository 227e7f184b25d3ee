#!/usr/bin/env bash
# Runs every test suite as its own process, LANES at a time, slowest first (Tests/suite-order), and prints the ten
# slowest tests. Why processes: most tests wait on daemons, browsers and sockets with blocking calls, and Swift
# Testing runs them on the cooperative pool, which has one thread per core; one process on this 2-core machine
# ran two such tests at a time and spent most of its 13 minutes waiting.
set -uo pipefail
cd "$(dirname "$0")/.."
# A test that runs make (say, `make -n test`) must never start the suites again from inside them.
[ -z "${WASP_RUNNING_SUITES:-}" ] || { echo "run-suites.sh: already running the suites; refused" >&2; exit 1; }
export WASP_RUNNING_SUITES=1
tests=.build/debug/waspPackageTests.xctest
lanes=${LANES:-10}
logs=.build/suite-logs
rm -rf "$logs" && mkdir -p "$logs"

suites=$("$tests" --testing-library swift-testing --list-tests 2>/dev/null | sed 's#/.*##' | sort -u)
[ -n "$suites" ] || { echo "no tests found in $tests: run 'swift build --build-tests' first" >&2; exit 1; }
# Known slow suites first, so that the last lane to finish is not the one that started a slow suite last.
ordered=$( { grep -vE '^(#|$)' Tests/suite-order | grep -Fxf <(printf '%s\n' "$suites"); \
    printf '%s\n' "$suites" | grep -vFxf <(grep -vE '^(#|$)' Tests/suite-order); } )

run_suite() {
    local log="$logs/$1.log" started=$SECONDS
    if "$tests" --testing-library swift-testing --filter "^${1//./\\.}/" > "$log" 2>&1; then
        echo "passed $1 ($((SECONDS - started)) s)" | tee -a "$logs/suites"
    else
        echo "FAILED $1 ($((SECONDS - started)) s)" | tee -a "$logs/failed" "$logs/suites"
    fi
}
export -f run_suite
export tests logs

# A suite's log without Swift Testing's colours.
plain() { sed 's/\x1b\[[0-9;]*m//g' "$logs/$1.log"; }

started=$SECONDS
printf '%s\n' "$ordered" | xargs -P "$lanes" -I{} bash -c 'run_suite "$@"' _ {}
elapsed=$((SECONDS - started))

for log in "$logs"/*.*.log; do
    suite=$(basename "$log" .log)
    plain "$suite" | grep -E '^[^ ]+ Test [^ ]+\(.*\) (passed|failed) after [0-9.]+ seconds' \
        | sed -E "s/^[^ ]+ Test ([^ ]+\(.*\)) (passed|failed) after ([0-9.]+) seconds.*/\\3 $suite\/\\1/"
done > "$logs/times"
echo "ten slowest suites (a suite's time includes its tests' waits for a browser turn):"
sed -E 's/^[A-Za-z]+ (.*) \(([0-9]+) s\)/\2 \1/' "$logs/suites" | sort -rn | head -n 10 | awk '{ printf "  %6d s  %s\n", $1, $2 }'
echo "ten slowest tests:"
sort -rn "$logs/times" | head -n 10 | awk '{ printf "  %6.1f s  %s\n", $1, $2 }'
echo "$(wc -l < "$logs/times") tests in $(printf '%s\n' "$ordered" | wc -l) suites, $lanes lanes: ${elapsed} s"
if [ -s "$logs/failed" ]; then
    for suite in $(awk '{ print $2 }' "$logs/failed"); do
        echo "---- $suite (its last lines, then what went wrong)"
        plain "$suite" | tail -n 3
        plain "$suite" | grep -vE '^[^ ]+ (Test|Suite) .* (started|passed)'
    done
    echo "failed: $(awk '{ print $2 }' "$logs/failed" | tr '\n' ' ')"
    exit 1
fi
