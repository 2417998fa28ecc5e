#!/usr/bin/env bash
# TLS handshake benchmark: full (never resumed) handshakes per second and server CPU per
# handshake, OpenSSL (BoringSSL through netty-tcnative) against the JDK's TLS, in one run.
# The server (PlaintextApp, inline scheduling) is pinned to one core; openssl s_time clients,
# several at once, to another. See benchmarks/README.md, "TLS handshakes".
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: benchmarks/tls-handshakes.sh [options]
  --quick           1 round, 3 s warm-up and 4 s per load (about 1 minute)
  --rounds N        rounds of (openssl, jdk) per key and TLS version; the table shows the median (default 3)
  --warmup S        seconds of handshakes before measuring, per server start (default 5)
  --duration S      seconds measured per load (default 8)
  --clients N       openssl s_time processes at once (default 4)
  --skip-build      do not run 'mvn -q install -DskipTests' first
  -h, --help        this help
Environment: JAVA_HOME (default Temurin 25 if present), SERVER_CPU (default 0), CLIENT_CPU
(default 1), BENCH_PORT (default 18443).
EOF2
}

ROUNDS=3
WARMUP=5
DURATION=8
CLIENTS=4
BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ROUNDS=1; WARMUP=3; DURATION=4 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --clients) CLIENTS="$2"; shift ;;
    --skip-build) BUILD=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "tls-handshakes.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

SCRIPT=tls-handshakes.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
PORT="${BENCH_PORT:-18443}"

require_tools openssl taskset curl
build_unless_skipped "$BUILD"

WORK="$(mktemp -d /tmp/harrier-tls-bench.XXXXXX)"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
"$JAVA" -cp "$JAR" dev.harrier.benchmarks.BenchmarkCertificate "$WORK"

start_server() { # provider key round
  local provider="$1" key="$2" round="$3" log="$WORK/$1-$2-$3.log"
  taskset -c "$SERVER_CPU" "$JAVA" "${JVM_OPTS[@]}" -cp "$JAR" dev.harrier.benchmarks.PlaintextApp \
    --urls "https://127.0.0.1:$PORT" --harrier.scheduling=Inline --harrier.tls.provider="$provider" \
    --harrier.certificates.default.path="$WORK/$key.pem" --harrier.certificates.default.keyPath="$WORK/$key.key" \
    > "$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    if curl -sk -o /dev/null --max-time 1 "https://127.0.0.1:$PORT/plaintext" 2>/dev/null; then
      break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "tls-handshakes.sh: the server exited; log:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  local answer
  answer="$(curl -sk --max-time 2 "https://127.0.0.1:$PORT/plaintext")" || true
  [[ "$answer" == "Hello, World!" ]] || { echo "tls-handshakes.sh: no answer over HTTPS; log:" >&2; cat "$log" >&2; exit 1; }
}


# run_clients version seconds -> "handshakes/s server-us-per-handshake server-cpu-%", or FAIL
run_clients() {
  local version="$1" seconds="$2" outs=() pids=() i total=0
  local c0 t0 c1 t1
  c0="$(cpu_ticks)"; t0="$(date +%s%N)"
  for i in $(seq 1 "$CLIENTS"); do
    outs+=("$WORK/s_time.$i")
    taskset -c "$CLIENT_CPU" openssl s_time -connect "127.0.0.1:$PORT" -new "-$version" -time "$seconds" \
      > "$WORK/s_time.$i" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  c1="$(cpu_ticks)"; t1="$(date +%s%N)"
  for out in "${outs[@]}"; do
    local n
    n="$(awk '/connections in [0-9]+ real seconds/ {print $1}' "$out")"
    [[ -n "$n" ]] || { cat "$out" >> "$WORK/client-failures.log"; echo FAIL; return; }
    total=$((total + n))
  done
  awk -v n="$total" -v c=$((c1 - c0)) -v hz="$TICK" -v ns=$((t1 - t0)) \
    'BEGIN {printf "%.0f %.0f %.0f\n", n / (ns / 1e9), c / hz * 1e6 / n, 100 * (c / hz) / (ns / 1e9)}'
}

PROVIDERS=(openssl jdk)
KEYS=(ec rsa)
VERSIONS=(tls1_3 tls1_2)
echo "Server on CPU $SERVER_CPU, $CLIENTS openssl s_time clients on CPU $CLIENT_CPU; $ROUNDS rounds;" \
  "warm-up ${WARMUP}s, ${DURATION}s per TLS version"
echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); client: $(openssl version)"
echo "Logs and raw results: $WORK"
FAILED=0
for round in $(seq 1 "$ROUNDS"); do
  for key in "${KEYS[@]}"; do
    for provider in "${PROVIDERS[@]}"; do
      start_server "$provider" "$key" "$round"
      run_clients tls1_3 "$WARMUP" > /dev/null
      line="round $round  $(printf '%-7s %-3s' "$provider" "$key")"
      for version in "${VERSIONS[@]}"; do
        result="$(run_clients "$version" "$DURATION")"
        if [[ "$result" == FAIL ]]; then
          FAILED=1
          line+="  $version FAIL"
          continue
        fi
        read -r rate us util <<<"$result"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$provider" "$key" "$version" "$rate" "$us" "$util" >> "$RESULTS"
        line+="  $(printf '%s %6.0f/s %6.0f us cpu %3s%%' "$version" "$rate" "$us" "$util")"
      done
      echo "$line"
      stop_server
    done
  done
done
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"

med() { awk -F'\t' -v p="$1" -v k="$2" -v v="$3" -v c="$4" '$2==p && $3==k && $4==v {print $c}' "$RESULTS" | median; }
echo
echo "Median over rounds: full handshakes per second (server CPU per handshake, in microseconds)"
printf '%-14s' "key / version"
for provider in "${PROVIDERS[@]}"; do printf '%24s' "$provider"; done
printf '%18s\n' "jdk/openssl"
for key in "${KEYS[@]}"; do
  for version in "${VERSIONS[@]}"; do
    printf '%-14s' "$key $version"
    for provider in "${PROVIDERS[@]}"; do
      printf '%24s' "$(printf '%s/s (%s us)' "$(med "$provider" "$key" "$version" 5)" "$(med "$provider" "$key" "$version" 6)")"
    done
    awk -v a="$(med openssl "$key" "$version" 6)" -v b="$(med jdk "$key" "$version" 6)" \
      'BEGIN {if (a == "n/a" || b == "n/a" || a == 0) print "               n/a"; else printf "%12.2fx cpu\n", b / a}'
  done
done
if [[ $FAILED == 1 ]]; then
  echo "FAILED: some client runs failed; see $WORK/client-failures.log" >&2
  exit 1
fi
