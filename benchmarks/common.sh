# Set-up shared by the benchmark scripts (sourced, not run): the JDK and JVM flags of every
# server, the build, a server process stopped on exit, its CPU time, and medians.
# The sourcing script sets SCRIPT (its name, for messages) first.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$HERE/target/benchmarks.jar"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The same flags for every server:
# - Unsafe allowed: on JDK 24+ Netty avoids sun.misc.Unsafe unless told it may use it (a
#   measured 11-23 % on pipelined HTTP/1.1); native access granted to silence its warning.
# - A fixed 1 GiB heap, pre-touched, and the parallel collector: throughput-oriented, no
#   concurrent GC threads competing with the one event loop for its single core.
JVM_OPTS=(${BENCH_JVM_OPTS:---sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC})

# require_tools TOOL... : fails with the Debian packages to install when one is missing.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || {
      echo "$SCRIPT: $tool is required (apt-get install -y wrk nghttp2-client util-linux curl openssl)" >&2
      exit 2
    }
  done
}

# build_unless_skipped 0|1 : installs the modules (1) so that the jar measures this work tree.
build_unless_skipped() {
  if [[ "$1" == 1 ]]; then
    echo "Building (mvn -q install -DskipTests) ..."
    (cd "$ROOT" && mvn -q install -DskipTests)
  fi
  [[ -f "$JAR" ]] || { echo "$SCRIPT: $JAR is missing; build first" >&2; exit 2; }
}

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT INT TERM

# The server's user + system CPU time in clock ticks (TICK per second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
TICK="$(getconf CLK_TCK)"

# The median of the numbers on standard input, one per line; n/a for none.
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "n/a"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }
