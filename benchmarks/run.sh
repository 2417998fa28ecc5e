#!/usr/bin/env bash
# Plaintext load benchmark: raw Netty vs Harrier (inline scheduling) vs Harrier (virtual
# threads, the default), all on one transport (NIO unless --transport says otherwise) and one
# protocol (HTTP/1.1 with wrk unless --protocol says h2c or h2, then h2load, or h3, then the
# harness's own H3Load), each server pinned to one core and the load generator to another.
# See benchmarks/README.md for what is measured and how to read the table.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/run.sh [options]
  --quick           2 rounds, 3 s warm-up and 4 s per load (about 2 minutes)
  --rounds N        rounds of (netty, inline, vt); the table shows the median (default 5)
  --warmup S        seconds of each load before measuring, per server start (default 6 for
                    h1, 15 for h2c and h2: HTTP/2 with virtual threads takes 10-15 s on one
                    core to reach its steady rate)
  --duration S      seconds measured per load (default 8)
  --servers LIST    comma-separated subset of netty,inline,vt (default all three)
  --transport NAME  nio (default), epoll or io_uring: the same for raw Netty and Harrier
  --protocol NAME   h1 (default: wrk, keep-alive and pipelined), h2c (h2load, prior knowledge)
                    h2 (h2load over TLS with a throw-away certificate) or h3 (HTTP/3 with
                    H3Load, Netty's QUIC client; Harrier serves it beside h1 and h2 on its HTTPS
                    endpoint); h2 and h3 loads are 64 connections with 1, and with 16,
                    concurrent streams each
  --baseline JAR    also run inline-base and vt-base: Harrier from another build's benchmarks.jar
                    (an earlier commit's, say), in the same rounds, for a before/after in one run
  --skip-build      do not run 'mvn -q install -DskipTests' first
  --profile DIR     also record a JFR file per server start into DIR (costs a few percent)
  -h, --help        this help
Environment: JAVA_HOME (default Temurin 25 if present), BENCH_JVM_OPTS (replaces the JVM
flags below), SERVER_CPU (default 0), WRK_CPU (default 1), BENCH_PORT (default 18080),
BENCH_THREADS (event loops of every server; default: the JVM's count, one per core it may use),
BENCH_SATURATED (server CPU % above which a run counts as undisturbed; default 90).
EOF
}

ROUNDS=5
WARMUP=""
DURATION=8
SERVERS="netty,inline,vt"
TRANSPORT="nio"
PROTOCOL="h1"
BUILD=1
BASELINE=""
PROFILE_DIR=""
SATURATED="${BENCH_SATURATED:-90}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ROUNDS=2; WARMUP=3; DURATION=4 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --servers) SERVERS="$2"; shift ;;
    --transport) TRANSPORT="$2"; shift ;;
    --protocol) PROTOCOL="$2"; shift ;;
    --baseline) BASELINE="$2"; shift ;;
    --skip-build) BUILD=0 ;;
    --profile) PROFILE_DIR="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if [[ -z "$WARMUP" ]]; then
  if [[ "$PROTOCOL" == h1 ]]; then WARMUP=6; else WARMUP=15; fi
fi

SCRIPT=run.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER_CPU="${SERVER_CPU:-0}"
WRK_CPU="${WRK_CPU:-1}"
PORT="${BENCH_PORT:-18080}"
case "$PROTOCOL" in
  h1)  SCHEME=http;  NETTY_MAIN=dev.harrier.benchmarks.NettyPlaintextServer; CURL_FLAGS=(); LOADS=(keepalive pipelined) ;;
  h2c) SCHEME=http;  NETTY_MAIN=dev.harrier.benchmarks.NettyH2Server; CURL_FLAGS=(--http2-prior-knowledge); LOADS=(streams1 streams16) ;;
  h2)  SCHEME=https; NETTY_MAIN=dev.harrier.benchmarks.NettyH2Server; CURL_FLAGS=(--http2 -k); LOADS=(streams1 streams16) ;;
  h3)  SCHEME=https; NETTY_MAIN=dev.harrier.benchmarks.NettyH3Server; CURL_FLAGS=(); LOADS=(h3streams1 h3streams16) ;;
  *) echo "run.sh: unknown protocol $PROTOCOL (h1, h2c, h2 or h3)" >&2; exit 2 ;;
esac
URL="$SCHEME://127.0.0.1:$PORT/plaintext"

require_tools wrk h2load taskset curl openssl

build_unless_skipped "$BUILD"

WORK="$(mktemp -d /tmp/harrier-bench.XXXXXX)"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
TLS_NETTY=()
TLS_HARRIER=()
if [[ "$PROTOCOL" == h2 || "$PROTOCOL" == h3 ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
  TLS_NETTY=(--cert="$WORK/cert.pem" --key="$WORK/key.pem")
  TLS_HARRIER=(--harrier.certificates.default.path="$WORK/cert.pem" --harrier.certificates.default.keyPath="$WORK/key.pem")
fi
if [[ "$PROTOCOL" == h3 ]]; then
  TLS_HARRIER+=(--harrier.protocols=Http1AndHttp2AndHttp3)
fi

# answer -> the server's answer to one request as "BODY STATUS"
answer() {
  if [[ "$PROTOCOL" == h3 ]]; then
    local out
    out="$("$JAVA" -cp "$JAR" dev.harrier.benchmarks.H3Load --url="$URL" --once 2>/dev/null)" || return 1
    echo "${out#* } ${out%% *}"
  else
    curl "${CURL_FLAGS[@]}" -s --max-time 2 -w ' %{http_code}' "$URL"
  fi
}

start_server() { # name round
  local name="$1" round="$2" main args=() jfr=() jar="$JAR"
  if [[ -n "$PROFILE_DIR" ]]; then
    mkdir -p "$PROFILE_DIR"
    jfr=("-XX:StartFlightRecording=filename=$PROFILE_DIR/$name-$round.jfr,settings=profile,dumponexit=true")
  fi
  if [[ "$name" == *-base ]]; then
    jar="$BASELINE"
  fi
  case "${name%-base}" in
    netty)  main="$NETTY_MAIN"
            args=(--port="$PORT" --transport="$TRANSPORT" ${BENCH_THREADS:+--threads=$BENCH_THREADS} "${TLS_NETTY[@]}") ;;
    inline) main=dev.harrier.benchmarks.PlaintextApp
            args=(--urls "$SCHEME://127.0.0.1:$PORT" --harrier.transport="$TRANSPORT" --harrier.scheduling=Inline ${BENCH_THREADS:+--harrier.eventLoopThreads=$BENCH_THREADS} "${TLS_HARRIER[@]}") ;;
    vt)     main=dev.harrier.benchmarks.PlaintextApp
            args=(--urls "$SCHEME://127.0.0.1:$PORT" --harrier.transport="$TRANSPORT" --harrier.scheduling=VirtualThreads ${BENCH_THREADS:+--harrier.eventLoopThreads=$BENCH_THREADS} "${TLS_HARRIER[@]}") ;;
    *) echo "run.sh: unknown server $name" >&2; exit 2 ;;
  esac
  taskset -c "$SERVER_CPU" "$JAVA" "${JVM_OPTS[@]}" "${jfr[@]}" -cp "$jar" "$main" "${args[@]}" \
    > "$WORK/$name-$round.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    if answer > /dev/null 2>&1; then
      break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: $name exited; log:" >&2; cat "$WORK/$name-$round.log" >&2; exit 1; }
    sleep 0.2
  done
  local answer
  local got
  got="$(answer)" || true
  if [[ "$got" != "Hello, World! 200" ]]; then
    echo "run.sh: $name did not answer 'Hello, World!' with 200 (got '$got')" >&2
    cat "$WORK/$name-$round.log" >&2
    exit 1
  fi
}

# run_load load seconds -> prints "requests/s cpu-us-per-request server-cpu-%", or FAIL:<reason>
run_load() {
  local load="$1" seconds="$2" out
  local cmd
  case "$load" in
    keepalive) cmd=(wrk -t1 -d"${seconds}s" -c64 "$URL") ;;
    pipelined) cmd=(wrk -t1 -d"${seconds}s" -c256 -s "$HERE/pipeline.lua" "$URL" -- 16) ;;
    streams1)  cmd=(h2load -t1 -c64 -m1 -D "$seconds" "$URL") ;;
    streams16) cmd=(h2load -t1 -c64 -m16 -D "$seconds" "$URL") ;;
    h3streams1|h3streams16)
      local streams=1
      [[ "$load" == h3streams16 ]] && streams=16
      run_h3_load "$streams" "$seconds"
      return ;;
  esac
  local t0 c0 t1 c1
  c0="$(cpu_ticks)"; t0="$(date +%s%N)"
  if ! out="$(timeout $((seconds + 30)) taskset -c "$WRK_CPU" "${cmd[@]}" 2>&1)"; then
    echo "FAIL:${cmd[0]}-exit"; echo "$out" >> "$WORK/load-failures.log"; return
  fi
  c1="$(cpu_ticks)"; t1="$(date +%s%N)"
  local rps count non2xx errors
  if [[ "${cmd[0]}" == wrk ]]; then
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    count="$(awk '/requests in/ {print $1}' <<<"$out")"
    non2xx="$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' <<<"$out")"
    errors="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  else
    rps="$(awk '/^finished in/ {print $4}' <<<"$out")"
    count="$(awk '/^requests:/ {print $8}' <<<"$out")"
    non2xx="$(awk '/^status codes:/ {gsub(/,/, ""); print $5 + $7 + $9}' <<<"$out")"
    errors="$(awk '/^requests:/ {print $10 + $12 + $14}' <<<"$out")"
  fi
  if [[ -n "$non2xx" && "$non2xx" != 0 ]] || [[ -n "$errors" && "$errors" != 0 ]] || [[ -z "$rps" ]]; then
    { echo "== $load: non-2xx=${non2xx:-0} socket-errors=${errors:-0}"; echo "$out"; } >> "$WORK/load-failures.log"
    echo "FAIL:non2xx=${non2xx:-0},errors=${errors:-0}"
    return
  fi
  awk -v r="$rps" -v n="$count" -v c=$((c1 - c0)) -v hz="$TICK" -v ns=$((t1 - t0)) \
    'BEGIN {printf "%s %.3f %.0f\n", r, c / hz * 1e6 / n, 100 * (c / hz) / (ns / 1e9)}'
}

# run_h3_load streams seconds: H3Load's 64 connections; the server's CPU is counted from the
# moment it starts measuring (after its connections and one second of its own warm-up).
run_h3_load() {
  local streams="$1" seconds="$2" out="$WORK/h3load.out" pid t0 c0 t1 c1
  : > "$out"
  taskset -c "$WRK_CPU" "$JAVA" -cp "$JAR" dev.harrier.benchmarks.H3Load --url="$URL" --connections=64 \
    --streams="$streams" --warmup=1 --duration="$seconds" > "$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    grep -q '^measuring' "$out" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  c0="$(cpu_ticks)"; t0="$(date +%s%N)"
  if ! wait "$pid"; then
    echo "FAIL:H3Load-exit"; cat "$out" >> "$WORK/load-failures.log"; return
  fi
  c1="$(cpu_ticks)"; t1="$(date +%s%N)"
  local rps count failed p99
  rps="$(awk '/^requests\/s:/ {print $2}' "$out")"
  count="$(awk '/^requests:/ {print $2}' "$out")"
  failed="$(awk '/^requests:/ {print $4}' "$out")"
  p99="$(awk '/^latency ms:/ {print $6}' "$out")"
  if [[ -z "$rps" || -z "$count" || "$count" == 0 || "$failed" != 0 ]]; then
    { echo "== h3 $streams streams: failed=${failed:-?}"; cat "$out"; } >> "$WORK/load-failures.log"
    echo "FAIL:failed=${failed:-?}"
    return
  fi
  awk -v r="$rps" -v n="$count" -v c=$((c1 - c0)) -v hz="$TICK" -v ns=$((t1 - t0)) -v p="$p99" \
    'BEGIN {printf "%s %.3f %.0f %s\n", r, c / hz * 1e6 / n, 100 * (c / hz) / (ns / 1e9), p}'
}

if [[ -n "$BASELINE" ]]; then
  [[ -f "$BASELINE" ]] || { echo "run.sh: baseline jar $BASELINE is missing" >&2; exit 2; }
  for name in inline vt; do
    [[ ",$SERVERS," == *",$name,"* ]] && SERVERS+=",$name-base"
  done
fi
IFS=',' read -r -a SERVER_LIST <<<"$SERVERS"
per_start=$((2 + 2 * WARMUP + 2 * DURATION))
echo "Protocol $PROTOCOL on $TRANSPORT; servers on CPU $SERVER_CPU, load generator on CPU $WRK_CPU; $ROUNDS rounds x ${#SERVER_LIST[@]} servers," \
  "warm-up ${WARMUP}s + ${DURATION}s per load; about $(( (ROUNDS * ${#SERVER_LIST[@]} * per_start + 59) / 60 )) min."
echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM: $("$JAVA" -version 2>&1 | head -1); flags: ${JVM_OPTS[*]}"
echo "Logs and raw results: $WORK"
FAILED=0
for round in $(seq 1 "$ROUNDS"); do
  for name in "${SERVER_LIST[@]}"; do
    start_server "$name" "$round"
    for load in "${LOADS[@]}"; do
      run_load "$load" "$WARMUP" > /dev/null
    done
    line="round $round  $(printf '%-7s' "$name")"
    for load in "${LOADS[@]}"; do
      result="$(run_load "$load" "$DURATION")"
      if [[ "$result" == FAIL* ]]; then
        FAILED=1
        printf '%s\t%s\t%s\t%s\t\t\n' "$round" "$name" "$load" "$result" >> "$RESULTS"
        line+="  $load $result"
      else
        read -r rps us util p99 <<<"$result"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$load" "$rps" "$us" "$util" "${p99:-}" >> "$RESULTS"
        line+="  $(printf '%s %9.0f req/s %6.2f us/req cpu %3s%%' "$load" "$rps" "$us" "$util")${p99:+ p99 $p99 ms}"
      fi
    done
    echo "$line"
    stop_server
  done
done
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Medians per server and load; ratios against raw Netty's medians.
MIN_CPU=0
column_of() { # name load column -> values, one a line; failed runs and runs below MIN_CPU left out
  awk -F'\t' -v s="$1" -v l="$2" -v c="$3" -v m="$MIN_CPU" '$2==s && $3==l && $4 !~ /^FAIL/ && $6 >= m {print $c}' "$RESULTS"
}
med() { local v; v="$(column_of "$1" "$2" "$3")"; if [[ -z "$v" ]]; then echo n/a; else median <<<"$v"; fi; }
count_of() { column_of "$1" "$2" 4 | wc -l; }
range() { local v; v="$(column_of "$1" "$2" "$3" | sort -g)"; if [[ -z "$v" ]]; then echo n/a; else printf '%.0f-%.0f' "$(head -1 <<<"$v")" "$(tail -1 <<<"$v")"; fi; }
ratio() { if [[ "$1" == n/a || "$2" == n/a ]]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; fi; }
label() {
  case "$1" in
    keepalive) echo "keep-alive c=64" ;; pipelined) echo "pipelined x16 c=256" ;;
    streams1|h3streams1) echo "$PROTOCOL c=64 1 stream" ;; streams16|h3streams16) echo "$PROTOCOL c=64 x16 streams" ;;
  esac
}

throughput_table() {
  printf '%-21s' "load"
  for name in "${SERVER_LIST[@]}"; do printf '%12s %7s' "$name" "ratio"; done
  echo
  for load in "${LOADS[@]}"; do
    base="$(med netty "$load" 4)"
    printf '%-21s' "$(label "$load")"
    for name in "${SERVER_LIST[@]}"; do
      m="$(med "$name" "$load" 4)"
      printf '%12s %7s' "$( [[ $m == n/a ]] && echo n/a || printf '%.0f(%s)' "$m" "$(count_of "$name" "$load")")" "$(ratio "$m" "$base")"
    done
    echo
  done
}
echo
echo "Throughput: median requests/s over all $ROUNDS rounds, (n) runs (ratio = server / netty; higher is better)"
throughput_table
echo
echo "Throughput over undisturbed runs only: those where the server used >= ${SATURATED}% of its core"
MIN_CPU="$SATURATED" throughput_table
echo
echo "Server CPU per request: median microseconds (ratio = netty / server, so 1.00x is as cheap as netty)"
printf '%-21s' "load"
for name in "${SERVER_LIST[@]}"; do printf '%12s %7s' "$name" "ratio"; done
echo
for load in "${LOADS[@]}"; do
  base="$(med netty "$load" 5)"
  printf '%-21s' "$(label "$load")"
  for name in "${SERVER_LIST[@]}"; do
    m="$(med "$name" "$load" 5)"
    printf '%12s %7s' "$( [[ $m == n/a ]] && echo n/a || printf '%.2f' "$m")" "$(ratio "$base" "$m")"
  done
  echo
done
echo
echo "Spread over rounds (min-max requests/s) and median server CPU use (100% = its whole core):"
for load in "${LOADS[@]}"; do
  printf '  %-20s' "$(label "$load")"
  for name in "${SERVER_LIST[@]}"; do
    printf '  %s %s (cpu %s%%)' "$name" "$(range "$name" "$load" 4)" "$(med "$name" "$load" 6)"
  done
  echo
done
if [[ "$PROTOCOL" == h3 ]]; then
  echo
  echo "Latency: median over rounds of H3Load's p99, milliseconds"
  for load in "${LOADS[@]}"; do
    printf '  %-20s' "$(label "$load")"
    for name in "${SERVER_LIST[@]}"; do
      printf '  %s %s' "$name" "$(med "$name" "$load" 7)"
    done
    echo
  done
fi
if [[ $FAILED == 1 ]]; then
  echo
  echo "FAILED: some runs had socket errors or non-2xx responses; see $WORK/load-failures.log" >&2
  exit 1
fi
