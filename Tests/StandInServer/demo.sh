#!/usr/bin/env bash
# `make demo`: the merchant's whole flow on this machine in a minute, against the WhatsApp Web stand-in.
# A scratch root with tenant `demo`, `wasp up`, the dashboard's address and login, a link, a few orders.
# BIN names the directory with `wasp` and `wasp-stand-in` (default .build/release); DEMO_INTAKE_PORT and
# DEMO_DASHBOARD_PORT its ports (18080, 18081); DEMO_ONCE=1 stops once the orders are sent, for the test that runs
# this script.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BIN:-.build/release}
root=$(mktemp -d /tmp/wasp-demo.XXXXXX)
intake_port=${DEMO_INTAKE_PORT:-18080}
dashboard_port=${DEMO_DASHBOARD_PORT:-18081}
pids=()
finish() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$root"
}
trap finish EXIT

# The stand-in "phone" scans a QR code 4 seconds after it shows, as a merchant would.
"$bin/wasp-stand-in" --autoscan 4 > "$root/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q 'url=' "$root/standin.log" 2>/dev/null && break; sleep 0.1; done
standin=$(sed -n 's/.*url=//p' "$root/standin.log" | head -n 1)
[ -n "$standin" ] || { echo "demo: the stand-in did not start:"; cat "$root/standin.log"; exit 1; }

mkdir -p "$root/etc/tenants"
cat > "$root/etc/wasp.conf" <<CONF
intake.listen = 127.0.0.1:$intake_port
dashboard.listen = 127.0.0.1:$dashboard_port
public_url = http://127.0.0.1:$intake_port
whatsapp.web_url = $standin
CONF
echo 'demo-password' | "$bin/wasp" tenant add demo --email demo@example.com --delay 5s --name 'Demo Shop' \
    --root "$root" > /dev/null
"$bin/wasp" up --root "$root" > "$root/up.log" 2>&1 &
pids+=($!)
# An address is printed only once its daemon listens there: on a taken port another program would answer.
for _ in $(seq 100); do
    grep -q 'dashboard: listening' "$root/up.log" && grep -q 'intake: listening' "$root/up.log" && break
    grep -q 'cannot start' "$root/up.log" && break
    sleep 0.1
done
if ! grep -q 'dashboard: listening' "$root/up.log" || ! grep -q 'intake: listening' "$root/up.log"; then
    echo "demo: wasp did not start; its log says:"
    grep -E 'cannot start|error' "$root/up.log" | head -n 5 || tail -n 5 "$root/up.log"
    echo "demo: the ports are DEMO_INTAKE_PORT=$intake_port and DEMO_DASHBOARD_PORT=$dashboard_port;" \
        "if another program has one, choose others: make demo DEMO_DASHBOARD_PORT=18091"
    exit 1
fi

cat <<TEXT
wasp demo, root $root (removed when the demo ends)
  dashboard   http://127.0.0.1:$dashboard_port   log in as demo@example.com / demo-password
  stand-in    $standin   (a local WhatsApp Web; its phone scans any QR code after 4 s)
  logs        $root/up.log
TEXT

if [ -t 0 ] && [ -z "${DEMO_ONCE:-}" ]; then
    read -r -p "Open the dashboard, then press Enter to link WhatsApp (or click Connect WhatsApp under Settings) " _
fi
"$bin/wasp" link demo --timeout 60s --root "$root"

for phone in "+1 502 459 2181" "+44 7911 123456" "+61 2 9876 5432"; do
    "$bin/wasp" trigger demo --phone "$phone" --root "$root" | tail -n 1
done
echo "three orders posted; each is sent 5 s after it arrived"
for _ in $(seq 120); do
    [ "$(find "$root/spool/demo/sent" -name '*.json' | wc -l)" -ge 3 ] && break
    sleep 0.5
done
"$bin/wasp" status demo --root "$root" | grep -E '^demo +(ready|sent|failed|whatsapp)'
echo "messages the stand-in received:"
exec 3<>"/dev/tcp/127.0.0.1/${standin##*:}"
printf 'GET /_test/messages HTTP/1.0\r\nHost: x\r\n\r\n' >&3
sed '1,/^\r$/d' <&3
if [ -n "${DEMO_ONCE:-}" ]; then
    [ "$(find "$root/spool/demo/sent" -name '*.json' | wc -l)" -ge 3 ]
    exit
fi
echo "wasp runs until Ctrl-C; post more with: $bin/wasp trigger demo --root $root"
wait "${pids[1]}"
