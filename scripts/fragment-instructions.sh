#!/bin/bash
# Instructions per card fragment (BENCHMARKS.md, issue 20): the simulator runs natively, the portal
# under callgrind (every thread counted); one seeded employee signs in with curl; for each fragment,
# 20 requests back to back (the Webex reads shared) and 5 requests 2.2 s apart (each with its Webex
# reads, plus what the idle process does meanwhile). Prints thousands of instructions per request.
#
#   scripts/fragment-instructions.sh target/release/calling-portal /tmp/cg [fragment …]
#
# Needs valgrind (callgrind_control) and curl; uses ports 18080 and 19090.
set -euo pipefail
BIN=$(realpath "$1"); OUT=$2; shift 2
FRAGS=${*:-forwarding dnd call-waiting voicemail summary history numbers phones}
SHARED=20; FRESH=5; SP=19090; PP=18080
mkdir -p "$OUT"; cd "$OUT"; rm -f cg.out.* jar portal.env portal.db*
"$BIN" simulator --port $SP --redirect-uri http://127.0.0.1:$PP/auth/callback --portal-env portal.env > simulator.log 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s portal.env ] && break; sleep 0.2; done
set -a; . ./portal.env; set +a
# As the load tool's --spawn sets them (examples/loadgen/load.rs, portal_vars).
export PORTAL_LISTEN=127.0.0.1:$PP PORTAL_PUBLIC_URL=http://127.0.0.1:$PP \
  PORTAL_DATABASE_URL="sqlite://$PWD/portal.db?mode=rwc" PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE=60000 \
  PORTAL_WRITE_RATE_LIMIT_PER_MINUTE=1000000 WEBEX_CALL_BUDGET_PER_MINUTE=100000000 \
  WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE=100000000 PORTAL_METRICS_LISTEN= \
  PORTAL_TOKEN_ENCRYPTION_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= RUST_LOG=warn
valgrind --tool=callgrind --callgrind-out-file="$PWD/cg.out.%p" "$BIN" serve > portal.log 2>&1 &
PORTAL=$!
trap 'kill $PORTAL $SIM 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf -o /dev/null http://127.0.0.1:$PP/readyz && break; sleep 0.5; done
# Sign in: /login → the simulator's form → /auth/callback.
AUTH=$(curl -s -c jar -b jar -o /dev/null -w '%{redirect_url}' http://127.0.0.1:$PP/login)
CALLBACK=$(curl -s -o /dev/null -w '%{redirect_url}' --data "${AUTH#*\?}" \
  --data-urlencode email=alice.anderson@acme.example --data-urlencode password=simulator-password "${AUTH%%\?*}")
curl -s -c jar -b jar -o /dev/null "$CALLBACK"
BASE=$(curl -s -b jar http://127.0.0.1:$PP/me | grep -o 'hx-get="[^"]*/forwarding"' | head -1 | cut -d'"' -f2)
BASE=${BASE%/forwarding}
get() { curl -s -o /dev/null -b jar -H 'HX-Request: true' "http://127.0.0.1:$PP$BASE/$1"; }
for f in $FRAGS; do
  get "$f"; sleep 2.2
  callgrind_control -z $PORTAL > /dev/null
  for _ in $(seq $SHARED); do get "$f"; done
  callgrind_control -d "shared-$f" $PORTAL > /dev/null
  for _ in $(seq $FRESH); do sleep 2.2; get "$f"; done
  callgrind_control -d "fresh-$f" $PORTAL > /dev/null
done
total() { grep -h '^summary:' $(grep -l "^desc: Trigger: dump $1\$" cg.out.*) | awk '{print $2}'; }
printf '%-14s %12s %16s\n' fragment 'shared (k)' 'with reads (k)'
for f in $FRAGS; do
  printf '%-14s %12d %16d\n' "$f" $(( $(total "shared-$f") / SHARED / 1000 )) $(( $(total "fresh-$f") / FRESH / 1000 ))
done
