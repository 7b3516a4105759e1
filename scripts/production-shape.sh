#!/usr/bin/env bash
# The production shape of docker-compose.yml, run natively: the Webex simulator, two
# `calling-portal serve` replicas on PostgreSQL (everything the portal keeps) and Redis (sessions),
# and Caddy with deploy/Caddyfile (the same file compose mounts) terminating TLS from its local CA.
# Everything listens on free ports; everything started is stopped again.
#
#   scripts/production-shape.sh run DIR        up, then wait for Ctrl-C (or stdin to close), then down
#   scripts/production-shape.sh up DIR         start everything; DIR/shape.env says where it is
#   scripts/production-shape.sh down DIR       stop everything `up` started (and its database)
#   scripts/production-shape.sh restart DIR N  graceful restart of replica N (1 or 2): SIGTERM,
#                                              wait for it to exit, start it, wait until ready
#   scripts/production-shape.sh kill DIR N     SIGKILL replica N, as a crash would
#   scripts/production-shape.sh start DIR N    start replica N again
#
# DIR (created if missing) holds the logs, pid files, secrets and Caddy's data (its root
# certificate: SHAPE_CA in DIR/shape.env). Settings, from the environment:
#   PORTAL_BIN                 the calling-portal binary (default: target/debug/calling-portal)
#   PORTAL_DATABASE_URL        a PostgreSQL database to use; by default a fresh one is created on
#   SHAPE_POSTGRES_URL         (default postgres://postgres@127.0.0.1:5432/postgres), dropped at down
#   PORTAL_SESSION_STORE_URL   Redis for the sessions (default redis://127.0.0.1:6379/0)
#   SHAPE_HEALTH_INTERVAL      Caddy's active health-check interval (default 1s)
#   PORTAL_SHUTDOWN_DRAIN_SECS how long a stopping replica fails /readyz first (default 3)
# Any other PORTAL_* variable set in the environment reaches both replicas as it is.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CADDYFILE="$ROOT/deploy/Caddyfile"

die() {
  echo "production-shape: $*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# A port nothing listens on yet (bash's /dev/tcp: a refused connection means free), below the
# kernel's ephemeral range so no outgoing connection holds it either.
free_port() {
  local port low
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  for _ in $(seq 1 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

pid_of() { cat "$DIR/pids/$1.pid" 2>/dev/null || true; }
# Running (a zombie that no one has reaped yet counts as gone).
alive() {
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z ]]
}

# Waits up to $2 seconds for process $1 (a name under pids/) to make `$3...` succeed.
wait_until() {
  local name="$1" secs="$2"
  shift 2
  local pid
  pid="$(pid_of "$name")"
  for _ in $(seq 1 $((secs * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! alive "$pid"; then
      tail -n 30 "$DIR/logs/$name.log" >&2 || true
      die "$name exited before it was ready (log: $DIR/logs/$name.log)"
    fi
    sleep 0.1
  done
  tail -n 30 "$DIR/logs/$name.log" >&2 || true
  die "$name was not ready after ${secs}s (log: $DIR/logs/$name.log)"
}

# Starts a command in the background with its output in logs/NAME.log and its pid in pids/.
launch() {
  local name="$1"
  shift
  "$@" >>"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
}

# Replica N, configured as in docker-compose.yml; its settings are in DIR/portal-N.env.
start_replica() {
  local n="$1"
  [[ -f "$DIR/portal-$n.env" ]] || die "no replica $n in $DIR (run up first)"
  alive "$(pid_of "portal-$n")" && die "replica $n is already running"
  # shellcheck disable=SC1090
  (set -a && . "$DIR/portal-$n.env" && exec "$PORTAL_BIN" serve) \
    >>"$DIR/logs/portal-$n.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/portal-$n.pid"
  # shellcheck disable=SC1090
  local listen
  listen="$(. "$DIR/portal-$n.env" && echo "$PORTAL_LISTEN")"
  wait_until "portal-$n" 60 curl -fsS "http://$listen/readyz"
}

# Sends $2 to the process named $1 and waits up to $3 seconds for it to exit (then SIGKILL).
stop_process() {
  local name="$1" signal="$2" secs="$3" pid
  pid="$(pid_of "$name")"
  if alive "$pid"; then
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((secs * 10))); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      echo "production-shape: $name did not stop in ${secs}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # A child of this shell: reap it, so it is really gone.
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/pids/$name.pid"
}

secret_file() {
  printf '%s' "$2" >"$DIR/secrets/$1"
  chmod 600 "$DIR/secrets/$1"
}

up() {
  command -v caddy >/dev/null || die "caddy is not installed (apt-get install caddy)"
  command -v curl >/dev/null || die "curl is not installed (apt-get install curl)"
  [[ -x "$PORTAL_BIN" ]] || die "no portal binary at $PORTAL_BIN (cargo build, or set PORTAL_BIN)"
  [[ -f "$DIR/shape.env" ]] && die "$DIR already runs a shape (down it first)"
  mkdir -p "$DIR/logs" "$DIR/pids" "$DIR/secrets" "$DIR/caddy"
  chmod 700 "$DIR/secrets"
  # If anything below fails, stop what already started.
  trap '[[ -f "$DIR/shape.env" ]] || down >/dev/null 2>&1 || true' EXIT

  local https_port admin_port port_1 port_2
  while :; do
    https_port="$(free_port)"
    admin_port="$(free_port)"
    port_1="$(free_port)"
    port_2="$(free_port)"
    [[ "$(printf '%s\n' "$https_port" "$admin_port" "$port_1" "$port_2" | sort -u | wc -l)" == 4 ]] && break
  done
  local public_url="https://localhost:$https_port"

  # PostgreSQL: the one given, or a fresh database of our own.
  local database_url="${PORTAL_DATABASE_URL:-}"
  if [[ -z "$database_url" ]]; then
    local admin_url="${SHAPE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    local name="portal_shape_$(date +%s)_$$"
    psql -q -v ON_ERROR_STOP=1 "$admin_url" -c "CREATE DATABASE $name" \
      || die "cannot create a database on $admin_url"
    database_url="${admin_url%/*}/$name"
    printf '%s\n%s\n' "$admin_url" "$name" >"$DIR/created-database"
  fi
  local redis_url="${PORTAL_SESSION_STORE_URL:-redis://127.0.0.1:6379/0}"

  # The simulator: accepts the proxy's callback, tells us the WEBEX_* settings.
  launch simulator "$PORTAL_BIN" simulator --port 0 \
    --redirect-uri "$public_url/auth/callback" --portal-env "$DIR/simulator.env"
  wait_until simulator 30 test -f "$DIR/simulator.env"
  # shellcheck disable=SC1091
  . "$DIR/simulator.env"

  # Secrets as files, as compose mounts them under /run/secrets.
  secret_file database_url "$database_url"
  secret_file oidc_client_secret "$WEBEX_OIDC_CLIENT_SECRET"
  secret_file service_app_client_secret "$WEBEX_SERVICE_APP_CLIENT_SECRET"
  secret_file service_app_refresh_token "$WEBEX_SERVICE_APP_REFRESH_TOKEN"
  secret_file token_encryption_key "$(head -c 32 /dev/urandom | base64)"

  local n port
  for n in 1 2; do
    port="port_$n"
    cat >"$DIR/portal-$n.env" <<EOF
PORTAL_LISTEN='127.0.0.1:${!port}'
PORTAL_PUBLIC_URL='$public_url'
PORTAL_DATABASE_URL_FILE='$DIR/secrets/database_url'
PORTAL_SESSION_STORE_URL='$redis_url'
PORTAL_LOG_FORMAT='json'
PORTAL_METRICS_LISTEN=''
PORTAL_SHUTDOWN_GRACE_SECS='${PORTAL_SHUTDOWN_GRACE_SECS:-20}'
PORTAL_SHUTDOWN_DRAIN_SECS='${PORTAL_SHUTDOWN_DRAIN_SECS:-3}'
PORTAL_TRUST_FORWARDED_FOR='true'
WEBEX_API_BASE_URL='$WEBEX_API_BASE_URL'
WEBEX_OIDC_ALLOWED_ISSUERS='$WEBEX_OIDC_ALLOWED_ISSUERS'
WEBEX_OIDC_CLIENT_ID='$WEBEX_OIDC_CLIENT_ID'
WEBEX_OIDC_CLIENT_SECRET_FILE='$DIR/secrets/oidc_client_secret'
WEBEX_SERVICE_APP_CLIENT_ID='$WEBEX_SERVICE_APP_CLIENT_ID'
WEBEX_SERVICE_APP_CLIENT_SECRET_FILE='$DIR/secrets/service_app_client_secret'
WEBEX_SERVICE_APP_REFRESH_TOKEN_FILE='$DIR/secrets/service_app_refresh_token'
PORTAL_TOKEN_ENCRYPTION_KEY_FILE='$DIR/secrets/token_encryption_key'
EOF
    # Any other PORTAL_* / WEBEX_* variable of the caller's goes in too, so a restarted replica
    # (`restart N`, a separate run of this script) is configured as the first one was.
    local name
    for name in $(compgen -e | grep -E '^(PORTAL|WEBEX)_'); do
      case "$name" in PORTAL_BIN | PORTAL_DATABASE_URL | PORTAL_SESSION_STORE_URL) continue ;; esac
      grep -qE "^${name}(_FILE)?=" "$DIR/portal-$n.env" && continue
      printf '%s=%q\n' "$name" "${!name}" >>"$DIR/portal-$n.env"
    done
  done
  # The first replica bootstraps the service-app token from the refresh token; the second then
  # finds it stored (as compose's replicas would, whichever wins the refresh lease).
  start_replica 1
  start_replica 2

  # Caddy, with its data (the local CA) in DIR, not in this user's home.
  launch caddy env HOME="$DIR/caddy" XDG_DATA_HOME="$DIR/caddy/data" \
    XDG_CONFIG_HOME="$DIR/caddy/config" \
    CADDY_ADMIN="127.0.0.1:$admin_port" PORTAL_SITE="$public_url" \
    PORTAL_UPSTREAM_1="127.0.0.1:$port_1" PORTAL_UPSTREAM_2="127.0.0.1:$port_2" \
    PORTAL_HEALTH_INTERVAL="${SHAPE_HEALTH_INTERVAL:-1s}" \
    caddy run --config "$CADDYFILE" --adapter caddyfile
  local ca="$DIR/caddy/data/caddy/pki/authorities/local/root.crt"
  wait_until caddy 30 test -f "$ca"
  # Through the proxy, with its certificate checked against that root.
  wait_until caddy 30 curl -fsS --cacert "$ca" --resolve "localhost:$https_port:127.0.0.1" \
    "$public_url/readyz"

  cat >"$DIR/shape.env.partial" <<EOF
SHAPE_URL='$public_url'
SHAPE_CA='$ca'
SHAPE_SIMULATOR='${WEBEX_API_BASE_URL%/v1}'
SHAPE_REPLICA_1='http://127.0.0.1:$port_1'
SHAPE_REPLICA_2='http://127.0.0.1:$port_2'
SHAPE_CADDY_ADMIN='http://127.0.0.1:$admin_port'
EOF
  mv "$DIR/shape.env.partial" "$DIR/shape.env"
  trap - EXIT
  echo "production shape up: $public_url (CA root: $ca; logs: $DIR/logs)"
}

down() {
  stop_process caddy TERM 10
  # In parallel: each replica drains (PORTAL_SHUTDOWN_DRAIN_SECS) before it stops.
  local stopping=()
  stop_process portal-1 TERM 40 &
  stopping+=($!)
  stop_process portal-2 TERM 40 &
  stopping+=($!)
  wait "${stopping[@]}"
  stop_process simulator TERM 10
  if [[ -f "$DIR/created-database" ]]; then
    local admin_url name
    { read -r admin_url && read -r name; } <"$DIR/created-database"
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
    rm -f "$DIR/created-database"
  fi
  rm -f "$DIR/shape.env"
}

restart() {
  local n="$1"
  stop_process "portal-$n" TERM 40
  start_replica "$n"
}

[[ $# -ge 2 ]] || usage
COMMAND="$1"
DIR="$(mkdir -p "$2" && cd "$2" && pwd)"
PORTAL_BIN="${PORTAL_BIN:-$ROOT/target/debug/calling-portal}"
case "$COMMAND" in
  up) up ;;
  down) down ;;
  run)
    up
    # Until stdin closes: a test that holds the pipe stops everything by closing it (or dying).
    exec 3<&0
    cat <&3 >/dev/null &
    READER=$!
    # Ctrl-C or SIGTERM end the wait; `down` then runs to the end, not interrupted again.
    trap 'kill "$READER" 2>/dev/null || true' INT TERM
    wait "$READER" || true
    trap '' INT TERM
    down
    ;;
  restart | kill | start)
    [[ "${3:-}" == 1 || "${3:-}" == 2 ]] || usage
    case "$COMMAND" in
      restart) restart "$3" ;;
      kill) stop_process "portal-$3" KILL 5 ;;
      start) start_replica "$3" ;;
    esac
    ;;
  *) usage ;;
esac
