# bench/lib.sh — shell helpers shared by bench/*/run (sourced, not executed).
#
# The sourcing script sets BENCH_NAME (for messages) and HOST (loopback), and owns its cleanup
# trap; these helpers only start what they are asked to and report pids in variables
# (NGINX_PID, WRK_PID) so that the caller's cleanup can stop them by pid.
# shellcheck shell=bash
# shellcheck disable=SC2034  # variables set here (CLK_TCK, NGINX_PIDS, SERVER_PID …) are for the caller

BENCH_NAME="${BENCH_NAME:-bench}"
HOST="${HOST:-127.0.0.1}"

die() { echo "$BENCH_NAME: error: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

# bench_need_tools PACKAGE...: installs the missing ones with apt-get (root only).
# Packages known here: wrk, nginx-light (nginx), oathtool, curl, sqlite3.
bench_need_tools() {
  local need=() p cmd
  for p in "$@"; do
    case "$p" in
      nginx-light) cmd=nginx ;;
      *) cmd="$p" ;;
    esac
    if [[ "$cmd" == nginx ]]; then
      command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=("$p")
    else
      command -v "$cmd" >/dev/null || need+=("$p")
    fi
  done
  ((${#need[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "missing ${need[*]}: apt-get install ${need[*]}"
  note "installing ${need[*]}"
  apt-get install -y -q "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${need[@]}" >/dev/null 2>&1; } ||
    die "apt-get install ${need[*]} failed"
}

# stop_pid PID NAME SIGNAL: signal, wait up to 10 s, then SIGKILL (the pid and its children).
stop_pid() {
  local pid="$1" name="$2" sig="${3:-TERM}" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  local children
  children="$(pgrep -P "$pid" 2>/dev/null || true)"
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$BENCH_NAME: $name (pid $pid) did not stop on SIG$sig; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  for c in $children; do
    if kill -0 "$c" 2>/dev/null; then kill -KILL "$c" 2>/dev/null || true; fi
  done
}

# cache_build_type DIR: the CMAKE_BUILD_TYPE recorded in DIR/CMakeCache.txt (empty if none).
cache_build_type() {
  local cache="$1/CMakeCache.txt"
  if [[ -f "$cache" ]]; then sed -n "s/^CMAKE_BUILD_TYPE:[A-Z]*=//p" "$cache" | head -n1; fi
}

# cache_value DIR NAME: a variable from DIR/CMakeCache.txt (empty if none).
cache_value() {
  local cache="$1/CMakeCache.txt"
  if [[ -f "$cache" ]]; then sed -n "s/^$2:[A-Z]*=//p" "$cache" | head -n1; fi
}

free_port() {
  if command -v python3 >/dev/null && python3 -c 'pass' 2>/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/$HOST/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free loopback port found"
}

json_str() {  # json_str KEY FILE: the string value of "KEY" (simple flat values: ids, tokens)
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n1
}

to_ms() {  # wrk time (e.g. 850.12us, 3.21ms, 1.02s, 1.50m) -> milliseconds
  awk -v t="$1" 'BEGIN {
    if (match(t, /^[0-9.]+/) == 0) { print "nan"; exit }
    v = substr(t, 1, RLENGTH); u = substr(t, RLENGTH + 1)
    if (u == "us") f = 0.001; else if (u == "ms") f = 1; else if (u == "s") f = 1000;
    else if (u == "m") f = 60000; else if (u == "h") f = 3600000; else { print "nan"; exit }
    printf "%.3f\n", v * f }'
}

median() {  # median of the arguments
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() {  # cpu_ticks PID...: user+system CPU (clock ticks) used so far by the processes, all threads
  local total=0 p rest a
  for p in "$@"; do
    rest="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    rest="${rest##*) }"  # the fields after "(comm) ": state is field 3, utime 14, stime 15
    read -r -a a <<<"$rest"
    total=$((total + a[11] + a[12]))
  done
  echo "$total"
}

rss_mb() {  # rss_mb PID: resident set size in MB (VmRSS)
  awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo nan
}

machine_line() {
  local model
  model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "$(nproc) CPUs, ${model:-unknown CPU}, $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---------------------------------------------------------------- wrk
# run_wrk NAME URL DURATION OUTFILE [wrk options...] [-- script args...]: one wrk run with
# THREADS, CONNECTIONS and the AUTH_HEADER of the caller (empty for none); fails on errors or
# non-2xx answers. Script arguments reach the Lua init(args) as args[1]...
run_wrk() {
  local name="$1" url="$2" duration="$3" out="$4"
  shift 4
  local hdr=() opts=() after=()
  [[ -n "${AUTH_HEADER:-}" ]] && hdr=(-H "$AUTH_HEADER")
  while (($#)); do
    if [[ "$1" == -- ]]; then shift; after=("$@"); break; fi
    opts+=("$1")
    shift
  done
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$duration" --timeout 5s --latency "${hdr[@]}" "${opts[@]}" \
    "$url" "${after[@]}" >"$out" 2>&1 &
  WRK_PID=$!
  local rc=0
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  ((rc == 0)) || { cat "$out" >&2; die "wrk against $name failed (exit $rc)"; }
  grep -q '^Requests/sec:' "$out" || { cat "$out" >&2; die "no Requests/sec line in wrk's output for $name"; }
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    cat "$out" >&2
    die "$name answered with errors during the run (limiter, session or server problem); figures invalid"
  fi
}
wrk_requests() { awk '/ requests in / { print $1; exit }' "$1"; }
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_p99() { to_ms "$(awk '/Latency Distribution/ { d = 1; next } d && $1 == "99%" { print $2; exit }' "$1")"; }
wrk_sockerr() { sed -n 's/^ *Socket errors: *//p' "$1"; }

# ---------------------------------------------------------------- nginx
# start_nginx DIR BODYFILE WORKERS: a temporary nginx under DIR (0755 parents needed) serving
# BODYFILE as application/json for every path. Sets NGINX_PID, NGINX_PORT, NBASE, NGINX_PIDS.
start_nginx() {
  local dir="$1" body="$2" workers="$3" i
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
  mkdir -p "$dir/www" "$dir/tmp" "$dir/logs"
  chmod 755 "$dir" "$dir/www"
  cp "$body" "$dir/www/body.json"
  chmod 644 "$dir/www/body.json"
  NGINX_PORT="$(free_port)"
  cat >"$dir/nginx.conf" <<EOF
# temporary config written by $BENCH_NAME
worker_processes $workers;
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  open_file_cache max=16;
  server {
    listen $HOST:$NGINX_PORT;
    root $dir/www;
    # every path (query strings ignored) is the one body
    location / {
      default_type application/json;
      types { }
      try_files /body.json =404;
    }
  }
}
EOF
  "$NGINX" -t -q -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log" >"$dir/test.log" 2>&1 ||
    { cat "$dir/test.log" "$dir/logs/error.log" >&2 2>/dev/null; die "nginx rejected its config"; }
  "$NGINX" -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log" >"$dir/nginx.log" 2>&1 &
  NGINX_PID=$!
  NBASE="http://$HOST:$NGINX_PORT"
  for ((i = 0; i < 100; i++)); do
    kill -0 "$NGINX_PID" 2>/dev/null || { NGINX_PID=""; cat "$dir/logs/error.log" >&2 2>/dev/null; die "nginx exited during start-up"; }
    if curl -fsS --max-time 2 -o "$dir/check-body.json" -D "$dir/check-headers.txt" "$NBASE/" 2>/dev/null; then
      cmp -s "$body" "$dir/check-body.json" || die "nginx does not serve the same bytes as the server"
      grep -qi '^content-type: application/json' "$dir/check-headers.txt" || die "nginx does not answer with application/json"
      sleep 0.2  # let the master start its workers before their pids are read
      mapfile -t NGINX_PIDS < <(echo "$NGINX_PID"; pgrep -P "$NGINX_PID" || true)
      return 0
    fi
    sleep 0.1
  done
  cat "$dir/logs/error.log" >&2 2>/dev/null
  die "nginx did not answer on $NBASE within 10 s"
}

# ---------------------------------------------------------------- Tsunagari
# wait_ready BASE PID LOG SECONDS: polls BASE/readyz every 20 ms; prints the seconds it took.
wait_ready() {
  local base="$1" pid="$2" log="$3" limit="$4" t0 i
  t0="$(date +%s%N)"
  for ((i = 0; i < limit * 50; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$log" >&2
      die "tsunagari exited during start-up (log above)"
    fi
    if curl -fsS --max-time 2 -o /dev/null "$base/readyz" 2>/dev/null; then
      awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
      return 0
    fi
    sleep 0.02
  done
  tail -n 30 "$log" >&2
  die "tsunagari did not answer $base/readyz within $limit s"
}

# start_tsunagari BIN CONFIG LOG [ARGS...]: `BIN serve --config CONFIG ARGS` in the background,
# with no TSUNAGARI_* variable of the caller leaking in. Sets SERVER_PID.
start_tsunagari() {
  local bin config="$2" log="$3"
  bin="$(realpath "$1")"  # the server runs from the config's dir
  shift 3
  (
    while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^TSUNAGARI_' || true)
    cd "$(dirname "$config")" || exit 1
    exec "$bin" serve --config "$config" "$@"
  ) >"$log" 2>&1 &
  SERVER_PID=$!
}

# post BASE PATH JSON OUTFILE [TOKEN] -> prints the HTTP status
post() {
  local auth=()
  [[ -n "${5:-}" ]] && auth=(-H "Authorization: Bearer $5")
  curl -sS --max-time 30 -o "$4" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    "${auth[@]}" --data "$3" "$1$2"
}

# sign_in BASE LOGIN PASSWORD TOTP_SECRET WORKDIR: a fully signed-in bearer token on stdout.
# With TOTP already enabled (stage "password") the code comes from TOTP_SECRET; a staff account
# without it (stage "enrol") is enrolled with the secret the server hands out.
sign_in() {
  local base="$1" login="$2" password="$3" secret="$4" wd="$5" status token stage code new _
  status="$(post "$base" /api/v1/auth/login \
    "{\"login_id\":\"$login\",\"password\":\"$password\",\"bearer\":true}" "$wd/login-$login.json")" ||
    die "login request failed"
  [[ "$status" == 200 ]] || { cat "$wd/login-$login.json" >&2; echo >&2; die "login as $login: HTTP $status"; }
  token="$(json_str token "$wd/login-$login.json")"
  [[ -n "$token" ]] || die "login answer has no bearer token: $(cat "$wd/login-$login.json")"
  stage="$(json_str stage "$wd/login-$login.json")"
  local step_path="/api/v1/auth/second-factor"
  if [[ "$stage" == enrol ]]; then
    status="$(post "$base" /api/v1/auth/enrolment '{}' "$wd/enrol-$login.json" "$token")" || die "enrolment request failed"
    [[ "$status" == 200 ]] || { cat "$wd/enrol-$login.json" >&2; echo >&2; die "TOTP enrolment: HTTP $status"; }
    secret="$(json_str secret "$wd/enrol-$login.json")"
    [[ -n "$secret" ]] || die "enrolment answer has no secret"
    step_path="/api/v1/auth/enrolment/confirm"
  fi
  if [[ "$stage" != full ]]; then
    [[ -n "$secret" ]] || die "$login needs a TOTP code but no secret is known"
    local ok=0
    for _ in 1 2 3; do
      # One code per 30 s step (a step used before is refused): never a code about to expire,
      # and after a refusal wait for the next step.
      (($(date +%s) % 30 >= 27)) && sleep 4
      code="$(oathtool --totp -b "$secret")" || die "oathtool failed"
      status="$(post "$base" "$step_path" "{\"code\":\"$code\"}" "$wd/step-$login.json" "$token")" ||
        die "second-factor request failed"
      if [[ "$status" == 200 ]]; then ok=1; break; fi
      sleep $((31 - $(date +%s) % 30))
    done
    ((ok)) || { cat "$wd/step-$login.json" >&2; echo >&2; die "TOTP step for $login: HTTP $status"; }
    new="$(json_str token "$wd/step-$login.json")"
    if [[ -n "$new" ]]; then token="$new"; fi
  fi
  echo "$token"
}
