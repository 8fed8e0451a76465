# shellcheck shell=bash
#
# Shared functions of the bench/ scripts: the throwaway MariaDB, the proxy under test, sysbench runs,
# CPU and memory sampling from /proc, and the summary table. Sourced by each script, never run.
#
# Every script can run on its own: bench_environment_up starts what it needs (MariaDB, sysbench
# tables, the proxy) and removes it on exit. run-all starts the environment once, exports it with
# BENCH_SHARED_ENV=1, and the scripts it calls then reuse it instead of starting their own.
#
# Waits poll a condition with a deadline (bench_await); there are no fixed sleeps.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)

# Settings; each can be set in the environment (README.md lists them).
: "${BENCH_SECONDS:=10}"
: "${BENCH_WARMUP_SECONDS:=10}"
: "${BENCH_ROUNDS:=1}"
: "${BENCH_THREADS:=1 8 64}"
: "${BENCH_CONNECT_CLIENTS:=8 64}"
: "${BENCH_IDLE_CLIENTS:=5000}"
: "${BENCH_TABLES:=4}"
: "${BENCH_TABLE_SIZE:=10000}"
: "${BENCH_POOL_SIZE:=64}"
: "${BENCH_MAX_CLIENT_CONN:=10000}"
: "${BENCH_PROXY_JVM_OPTS:=-Xms512m -Xmx512m -XX:+AlwaysPreTouch}"
: "${BENCH_PROXY_ARGS:=--log-level warn}"
: "${BENCH_START_SECONDS:=60}"
: "${BENCH_PROXY_PORT:=}"
# The transaction-mode part (bench/transaction-mode).
: "${BENCH_TX_POOL_SIZE:=8}"
: "${BENCH_TX_THREADS:=64}"
: "${BENCH_TX_CLIENTS:=1000}"
: "${BENCH_TX_PS_MODES:=disable auto}"
: "${BENCH_TX_PROXY_PORT:=}"
# The account clients and proxies log in as: sbtest, or in the transaction-mode part sbtx (through its
# proxy) and sbdirect (direct), so that MariaDB's process list tells apart the transaction-mode proxy's
# backends, the session-mode proxy's and the direct clients, even those still going away.
BENCH_ACCOUNT=sbtest
: "${BENCH_MYSQL_PORT:=}"

# Processes this script started, stopped by bench_cleanup in reverse order.
BENCH_OWNED_PIDS=()
# The temp dir, when this script created it (and so removes it); empty when inherited from run-all.
BENCH_OWNED_TMP=

bench_log() {
    printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

bench_die() {
    bench_log "error: $*"
    exit 1
}

bench_require_tools() {
    local tool missing=()
    for tool in sysbench mariadbd mariadb-install-db mariadb-admin mariadb java python3 ss getconf; do
        command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
    done
    if ((${#missing[@]} > 0)); then
        bench_die "missing: ${missing[*]} (on Debian: apt-get install -y sysbench mariadb-server" \
            "default-jdk-headless python3 iproute2)"
    fi
    [[ :$PATH: == *:/usr/sbin:* ]] || PATH=$PATH:/usr/sbin
}

# Sockets are file descriptors: 5,000 idle clients need more than the usual soft limit of 1024, in
# the proxy and in the program holding the clients. Children inherit the raised limit.
bench_raise_fd_limit() {
    local hard wanted=$((BENCH_IDLE_CLIENTS + 1024))
    hard=$(ulimit -Hn)
    if [[ $hard != unlimited ]] && ((hard < wanted)); then
        bench_die "the hard limit on open files is $hard; $BENCH_IDLE_CLIENTS idle clients need" \
            "$wanted (raise it, e.g. in /etc/security/limits.conf, or set BENCH_IDLE_CLIENTS lower)"
    fi
    ulimit -n "$hard"
}

bench_cleanup() {
    local status=$? i pid
    trap - EXIT INT TERM
    for ((i = ${#BENCH_OWNED_PIDS[@]} - 1; i >= 0; i--)); do
        pid=${BENCH_OWNED_PIDS[i]}
        bench_stop_process "$pid"
    done
    if [[ -n $BENCH_OWNED_TMP ]]; then
        rm -rf -- "$BENCH_OWNED_TMP"
    fi
    exit "$status"
}

bench_install_traps() {
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

bench_own_pid() {
    BENCH_OWNED_PIDS+=("$1")
}

# Runs a command and returns its status, but in the background with a wait: bash runs a trap only
# once the foreground command is over, so a signal to this script would otherwise wait for a
# whole sysbench run, and the command would outlive the cleanup. Redirections apply as usual.
bench_run() {
    local pid status=0
    "$@" &
    pid=$!
    bench_own_pid "$pid"
    wait "$pid" || status=$?
    unset 'BENCH_OWNED_PIDS[-1]'
    return "$status"
}

# Sends SIGTERM, waits up to 30 s for the process to end, then SIGKILL. The process must be a child
# of this shell (wait reaps it).
bench_stop_process() {
    local pid=$1 deadline=$((SECONDS + 30))
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        bench_log "process $pid ignored SIGTERM for 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    # The exit status of a process we stopped is not news.
    wait "$pid" 2>/dev/null || true
}

# bench_await DESCRIPTION SECONDS PID LOGS COMMAND...
# Polls COMMAND until it succeeds. Fails with the tails of LOGS (space-separated paths) if PID exits
# or the deadline passes first.
bench_await() {
    local description=$1 seconds=$2 pid=$3 log=$4 deadline
    shift 4
    deadline=$((SECONDS + seconds))
    until "$@"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            bench_show_log "$log"
            bench_die "$description: process $pid exited (its log is above)"
        fi
        if ((SECONDS >= deadline)); then
            bench_show_log "$log"
            bench_die "$description: not done within ${seconds}s (log above)"
        fi
        sleep 0.1
    done
}

bench_show_log() {
    local log
    local -a logs
    read -r -a logs <<<"$1"
    for log in "${logs[@]}"; do
        [[ -s $log ]] || continue
        printf -- '----- last lines of %s -----\n' "$log" >&2
        # A peer may echo its command line, --user NAME:PASSWORD included; the password stays out.
        tail -n 40 "$log" | bench_redact >&2
        printf -- '-----\n' >&2
    done
}

bench_redact() {
    if [[ -n ${BENCH_SBTEST_PASSWORD:-} ]]; then
        sed "s/$BENCH_SBTEST_PASSWORD/***/g"
    else
        cat
    fi
}

bench_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bench_is_listening() {
    [[ -n $(ss -Hltn "sport = :$1") ]]
}

# The pid of the process listening on TCP port $1, from ss.
bench_listener_pid() {
    ss -Hltnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

# --- the throwaway MariaDB -------------------------------------------------------------------------

bench_start_mariadb() {
    local data=$BENCH_TMP/mariadb/data run=$BENCH_TMP/mariadb as_root=()
    mkdir -p "$data" "$run/tmp"
    ((EUID == 0)) && as_root=(--user=root)
    bench_log "initialising a private MariaDB in $data"
    if ! mariadb-install-db --no-defaults --auth-root-authentication-method=normal --skip-test-db \
        --datadir="$data" "${as_root[@]}" >"$run/install.log" 2>&1; then
        bench_show_log "$run/install.log"
        bench_die "mariadb-install-db failed (log above)"
    fi
    [[ -n $BENCH_MYSQL_PORT ]] || BENCH_MYSQL_PORT=$(bench_free_port)
    BENCH_MYSQL_SOCKET=$run/mysqld.sock
    # A private --tmpdir: a starting mariadbd deletes every "#sql*" file in its tmpdir, which would
    # break another server starting from the shared /tmp at the same moment. A thread cache larger
    # than the 64 clients of the biggest runs (the default here is 28): direct connections then
    # reuse threads as the proxy's pooled ones do, so the comparison is not tilted by thread creation.
    mariadbd --no-defaults --datadir="$data" --socket="$BENCH_MYSQL_SOCKET" \
        --pid-file="$run/mysqld.pid" --tmpdir="$run/tmp" --port="$BENCH_MYSQL_PORT" \
        --bind-address=127.0.0.1 "${as_root[@]}" --max-connections=2000 \
        --innodb-buffer-pool-size=256M --skip-name-resolve --thread-cache-size=128 \
        >"$run/mariadbd.log" 2>&1 &
    BENCH_MYSQL_PID=$!
    bench_own_pid "$BENCH_MYSQL_PID"
    bench_await "MariaDB start" "$BENCH_START_SECONDS" "$BENCH_MYSQL_PID" "$run/mariadbd.log" \
        bench_mariadb_answers
    bench_log "MariaDB $(bench_root_sql 'SELECT VERSION()') on 127.0.0.1:$BENCH_MYSQL_PORT (pid $BENCH_MYSQL_PID)"
}

bench_mariadb_answers() {
    mariadb-admin --no-defaults --socket="$BENCH_MYSQL_SOCKET" --user=root --silent ping >/dev/null 2>&1
}

bench_root_sql() {
    mariadb --no-defaults --socket="$BENCH_MYSQL_SOCKET" --user=root --batch --skip-column-names \
        --execute="$1"
}

# The sbtest, sbtx and sbdirect accounts get mysql_native_password (MariaDB's default for IDENTIFIED BY), which
# every client here, the proxy included, can log in with.
bench_create_sbtest_account() {
    [[ -n ${BENCH_SBTEST_PASSWORD:-} ]] || BENCH_SBTEST_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    [[ $BENCH_SBTEST_PASSWORD =~ ^[A-Za-z0-9_-]+$ ]] \
        || bench_die "BENCH_SBTEST_PASSWORD may hold only letters, digits, '_' and '-'"
    bench_root_sql "CREATE DATABASE sbtest;
        CREATE USER 'sbtest'@'%' IDENTIFIED BY '$BENCH_SBTEST_PASSWORD';
        GRANT ALL ON sbtest.* TO 'sbtest'@'%';
        CREATE USER 'sbtx'@'%' IDENTIFIED BY '$BENCH_SBTEST_PASSWORD';
        GRANT ALL ON sbtest.* TO 'sbtx'@'%';
        CREATE USER 'sbdirect'@'%' IDENTIFIED BY '$BENCH_SBTEST_PASSWORD';
        GRANT ALL ON sbtest.* TO 'sbdirect'@'%';"
}

bench_prepare_tables() {
    local -a login
    mapfile -t login < <(bench_sysbench_login "$BENCH_MYSQL_PORT")
    bench_log "sysbench prepare: $BENCH_TABLES tables x $BENCH_TABLE_SIZE rows"
    if ! bench_run sysbench oltp_point_select "${BENCH_OLTP_ARGS[@]}" "${login[@]}" \
        prepare >"$BENCH_TMP/prepare.log" 2>&1; then
        bench_show_log "$BENCH_TMP/prepare.log"
        bench_die "sysbench prepare failed (log above)"
    fi
}

# --- the proxy under test --------------------------------------------------------------------------

bench_build_jar_if_missing() {
    local jar=$REPO_ROOT/proxy/target/mybouncer.jar
    [[ -f $jar ]] && return 0
    bench_log "building $jar (./mvnw -q -B install -DskipTests)"
    bench_run env -C "$REPO_ROOT" ./mvnw -q -B install -DskipTests || bench_die "the build failed"
    [[ -f $jar ]] || bench_die "the build did not produce $jar"
}

# Starts the proxy under test, or adopts a stand-in, per BENCH_PROXY_PORT:
#   empty     start mybouncer from proxy/target/mybouncer.jar in front of the private MariaDB;
#   mariadb   no proxy: the private MariaDB stands in for it (for developing these scripts; every
#             ratio is then about 1 and the "proxy" CPU and memory figures are MariaDB's);
#   a port    a proxy you started yourself (give BENCH_MYSQL_PORT so you can point it at the
#             MariaDB, and BENCH_SBTEST_PASSWORD); its pid is BENCH_PROXY_PID or found with ss.
bench_start_proxy() {
    case $BENCH_PROXY_PORT in
        '')
            bench_start_mybouncer
            BENCH_PROXY_KIND=mybouncer
            ;;
        mariadb)
            BENCH_PROXY_PORT=$BENCH_MYSQL_PORT
            BENCH_PROXY_PID=$BENCH_MYSQL_PID
            BENCH_PROXY_KIND=stand-in
            bench_log "STAND-IN MODE: the private MariaDB plays the proxy; ratios are about 1 and" \
                "the proxy's CPU and memory figures are MariaDB's"
            ;;
        *[!0-9]*)
            bench_die "BENCH_PROXY_PORT must be empty, 'mariadb' or a port number, not '$BENCH_PROXY_PORT'"
            ;;
        *)
            [[ -n ${BENCH_PROXY_PID:-} ]] || BENCH_PROXY_PID=$(bench_listener_pid "$BENCH_PROXY_PORT")
            [[ -n $BENCH_PROXY_PID ]] || bench_die "nothing listens on 127.0.0.1:$BENCH_PROXY_PORT" \
                "(or ss cannot see its pid; set BENCH_PROXY_PID)"
            BENCH_PROXY_KIND=external
            bench_log "using the proxy on 127.0.0.1:$BENCH_PROXY_PORT (pid $BENCH_PROXY_PID)"
            ;;
    esac
    bench_await "login through 127.0.0.1:$BENCH_PROXY_PORT" "$BENCH_START_SECONDS" \
        "$BENCH_PROXY_PID" "$BENCH_TMP/proxy.log $BENCH_TMP/login-errors.log" \
        bench_select_one "$BENCH_PROXY_PORT"
}

bench_start_mybouncer() {
    bench_launch_mybouncer proxy "$BENCH_POOL_SIZE"
    BENCH_PROXY_PORT=$BENCH_LAUNCHED_PORT
    BENCH_PROXY_PID=$BENCH_LAUNCHED_PID
}

# bench_launch_mybouncer NAME POOL_SIZE [OPTION...]
# Starts mybouncer from proxy/target/mybouncer.jar on a free port in front of the private MariaDB,
# logging to $BENCH_TMP/NAME.log, with --pool-size POOL_SIZE and the OPTIONs (e.g. --pool-mode
# transaction) before BENCH_PROXY_ARGS; sets BENCH_LAUNCHED_PORT and BENCH_LAUNCHED_PID once it
# listens.
bench_launch_mybouncer() {
    local name=$1 pool_size=$2 jar=$REPO_ROOT/proxy/target/mybouncer.jar log=$BENCH_TMP/$1.log port
    local -a jvm_opts proxy_args options
    shift 2
    options=("$@")
    bench_build_jar_if_missing
    read -r -a jvm_opts <<<"$BENCH_PROXY_JVM_OPTS"
    read -r -a proxy_args <<<"$BENCH_PROXY_ARGS"
    port=$(bench_free_port)
    bench_log "starting mybouncer ($name) on 127.0.0.1:$port: java ${jvm_opts[*]} -jar" \
        "proxy/target/mybouncer.jar run --listen 127.0.0.1:$port --backend" \
        "127.0.0.1:$BENCH_MYSQL_PORT --user $BENCH_ACCOUNT:*** --pool-size $pool_size" \
        "--max-client-conn $BENCH_MAX_CLIENT_CONN ${options[*]} ${proxy_args[*]}"
    java "${jvm_opts[@]}" -jar "$jar" run \
        --listen "127.0.0.1:$port" \
        --backend "127.0.0.1:$BENCH_MYSQL_PORT" \
        --user "$BENCH_ACCOUNT:$BENCH_SBTEST_PASSWORD" \
        --pool-size "$pool_size" \
        --max-client-conn "$BENCH_MAX_CLIENT_CONN" \
        "${options[@]}" "${proxy_args[@]}" >"$log" 2>&1 &
    BENCH_LAUNCHED_PID=$!
    BENCH_LAUNCHED_PORT=$port
    bench_own_pid "$BENCH_LAUNCHED_PID"
    bench_await "mybouncer ($name) start (listening on 127.0.0.1:$port)" "$BENCH_START_SECONDS" \
        "$BENCH_LAUNCHED_PID" "$log" bench_is_listening "$port"
}

# Starts the proxy in transaction pool mode with BENCH_TX_POOL_SIZE backends, or adopts a stand-in,
# per BENCH_TX_PROXY_PORT (as BENCH_PROXY_PORT for bench_start_proxy; a stand-in run of the main
# proxy makes this one a stand-in too); sets BENCH_TX_PORT and BENCH_TX_PID once BENCH_ACCOUNT can
# log in.
bench_start_tx_proxy() {
    if [[ $BENCH_PROXY_KIND == stand-in && -z $BENCH_TX_PROXY_PORT ]]; then
        BENCH_TX_PROXY_PORT=mariadb
    fi
    case $BENCH_TX_PROXY_PORT in
        '')
            bench_launch_mybouncer proxy-transaction "$BENCH_TX_POOL_SIZE" --pool-mode transaction
            BENCH_TX_PORT=$BENCH_LAUNCHED_PORT
            BENCH_TX_PID=$BENCH_LAUNCHED_PID
            ;;
        mariadb)
            BENCH_TX_PORT=$BENCH_MYSQL_PORT
            BENCH_TX_PID=$BENCH_MYSQL_PID
            bench_log "STAND-IN MODE: the private MariaDB plays the transaction-mode proxy"
            ;;
        *[!0-9]*)
            bench_die "BENCH_TX_PROXY_PORT must be empty, 'mariadb' or a port number, not '$BENCH_TX_PROXY_PORT'"
            ;;
        *)
            BENCH_TX_PORT=$BENCH_TX_PROXY_PORT
            BENCH_TX_PID=${BENCH_TX_PROXY_PID:-$(bench_listener_pid "$BENCH_TX_PORT")}
            [[ -n $BENCH_TX_PID ]] || bench_die "nothing listens on 127.0.0.1:$BENCH_TX_PORT" \
                "(or ss cannot see its pid; set BENCH_TX_PROXY_PID)"
            bench_log "using the transaction-mode proxy on 127.0.0.1:$BENCH_TX_PORT (pid $BENCH_TX_PID)"
            ;;
    esac
    bench_await "login through 127.0.0.1:$BENCH_TX_PORT" "$BENCH_START_SECONDS" "$BENCH_TX_PID" \
        "$BENCH_TMP/proxy-transaction.log $BENCH_TMP/login-errors.log" bench_select_one "$BENCH_TX_PORT"
}

# Logs in as BENCH_ACCOUNT on 127.0.0.1:$1 and checks that SELECT 1 answers 1. The last failure is kept
# in login-errors.log so a failed wait can show why.
bench_select_one() {
    local answer
    answer=$(MYSQL_PWD=$BENCH_SBTEST_PASSWORD mariadb --no-defaults --protocol=tcp --host=127.0.0.1 \
        --port="$1" --user="$BENCH_ACCOUNT" --batch --skip-column-names --execute='SELECT 1' \
        2>>"$BENCH_TMP/login-errors.log") && [[ $answer == 1 ]]
}

# A JIT warms up: the first seconds through a JVM proxy are slower than the rest, and would count
# against whichever run came first. MariaDB is warmed up too, with 64 clients, so that its thread
# cache is full and the threads' stacks are touched before the first direct run.
bench_warm_up() {
    ((BENCH_WARMUP_SECONDS > 0)) || return 0
    bench_log "warming up: oltp_point_select for ${BENCH_WARMUP_SECONDS}s each, through the proxy" \
        "(8 threads, both protocols) and direct (64 threads); not counted"
    bench_sysbench "$BENCH_PROXY_PORT" 8 "$BENCH_WARMUP_SECONDS" oltp_point_select "${BENCH_OLTP_ARGS[@]}"
    bench_sysbench "$BENCH_PROXY_PORT" 8 "$BENCH_WARMUP_SECONDS" oltp_point_select \
        "${BENCH_OLTP_ARGS[@]}" --db-ps-mode=disable
    bench_sysbench "$BENCH_MYSQL_PORT" 64 "$BENCH_WARMUP_SECONDS" oltp_point_select "${BENCH_OLTP_ARGS[@]}"
}

# --- the environment -------------------------------------------------------------------------------

bench_environment_up() {
    bench_require_tools
    bench_raise_fd_limit
    bench_install_traps
    BENCH_OLTP_ARGS=(--tables="$BENCH_TABLES" --table-size="$BENCH_TABLE_SIZE")
    if [[ ${BENCH_SHARED_ENV:-} == 1 ]]; then
        return 0
    fi
    BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mybouncer-bench.XXXXXX")
    BENCH_OWNED_TMP=$BENCH_TMP
    BENCH_RESULTS=$BENCH_TMP/results
    mkdir -p "$BENCH_RESULTS"
    bench_start_mariadb
    bench_create_sbtest_account
    bench_prepare_tables
    bench_start_proxy
    bench_warm_up
    export BENCH_SHARED_ENV=1 BENCH_TMP BENCH_RESULTS BENCH_MYSQL_PORT BENCH_MYSQL_PID \
        BENCH_MYSQL_SOCKET BENCH_PROXY_PORT BENCH_PROXY_PID BENCH_PROXY_KIND BENCH_SBTEST_PASSWORD
}

# True when this script started the environment (ran on its own rather than from run-all).
bench_owns_environment() {
    [[ -n $BENCH_OWNED_TMP ]]
}

# --- sysbench --------------------------------------------------------------------------------------

# sysbench's options to log in as BENCH_ACCOUNT on 127.0.0.1:$1, one per line.
bench_sysbench_login() {
    printf '%s\n' --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$1" \
        --mysql-user="$BENCH_ACCOUNT" \
        --mysql-password="$BENCH_SBTEST_PASSWORD" --mysql-db=sbtest
}

# bench_sysbench PORT THREADS SECONDS TEST [OPTION...]
# Runs sysbench against 127.0.0.1:PORT as BENCH_ACCOUNT and sets SB_QUERIES, SB_QPS, SB_EVENTS, SB_EPS
# (events, i.e. transactions, per second) and SB_P95 (ms): the 95th latency percentile, or the one a
# caller names for one call (BENCH_PERCENTILE=99 bench_sysbench ...). A failed run ends the script
# with the sysbench output.
# shellcheck disable=SC2034 # the SB_ results are read by the scripts that source this file
bench_sysbench() {
    local port=$1 threads=$2 seconds=$3 out=$BENCH_TMP/sysbench.out percentile=${BENCH_PERCENTILE:-95}
    local -a login
    shift 3
    mapfile -t login < <(bench_sysbench_login "$port")
    if ! bench_run sysbench "$@" "${login[@]}" \
        --threads="$threads" --time="$seconds" --events=0 --percentile="$percentile" run >"$out" 2>&1; then
        # The proxies' logs too: a client's error may be the proxy's doing.
        bench_show_log "$out $BENCH_TMP/proxy.log $BENCH_TMP/proxy-transaction.log"
        bench_die "sysbench $1 with $threads threads on port $port failed (output above)"
    fi
    SB_QUERIES=$(awk '$1 == "queries:" { print $2 }' "$out")
    SB_QPS=$(awk '$1 == "queries:" { gsub(/\(/, "", $3); print $3 }' "$out")
    SB_EVENTS=$(awk '$1 == "transactions:" { print $2 }' "$out")
    SB_EPS=$(awk '$1 == "transactions:" { gsub(/\(/, "", $3); print $3 }' "$out")
    SB_P95=$(awk -v p="${percentile}th" '$1 == p && $2 == "percentile:" { print $3 }' "$out")
    if [[ -z $SB_QUERIES || -z $SB_EVENTS || -z $SB_P95 ]]; then
        bench_show_log "$out"
        bench_die "could not read sysbench's report (output above)"
    fi
}

# --- CPU and memory from /proc ---------------------------------------------------------------------

BENCH_CLK_TCK=$(getconf CLK_TCK)

# utime + stime of process $1 (all its threads), in clock ticks. proc(5): fields 14 and 15; the
# name in field 2 may hold spaces, so count from the ')' that closes it.
bench_process_ticks() {
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# Busy clock ticks of the whole machine (every CPU): user nice system irq softirq steal from
# /proc/stat's first line.
bench_machine_ticks() {
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

# Microseconds of CPU per unit: bench_us_per TICKS UNITS
bench_us_per() {
    awk -v t="$1" -v n="$2" -v hz="$BENCH_CLK_TCK" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }'
}

# bench_measured PORT THREADS SECONDS TEST [OPTION...]
# bench_sysbench, plus M_PROXY_TICKS and M_MACHINE_TICKS: the proxy process's and the machine's CPU
# over the run.
# shellcheck disable=SC2034 # the M_ results are read by the scripts that source this file
bench_measured() {
    local proxy_before machine_before
    proxy_before=$(bench_process_ticks "$BENCH_PROXY_PID")
    machine_before=$(bench_machine_ticks)
    bench_sysbench "$@"
    M_PROXY_TICKS=$(($(bench_process_ticks "$BENCH_PROXY_PID") - proxy_before))
    M_MACHINE_TICKS=$(($(bench_machine_ticks) - machine_before))
}

bench_rss_kib() {
    awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"
}

# --- backend connections -------------------------------------------------------------------------

# How many connections MariaDB has open for BENCH_ACCOUNT now: the proxy's backends (or the direct
# clients).
bench_backend_connections() {
    bench_root_sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '$BENCH_ACCOUNT'"
}

# Samples bench_backend_connections every 0.25 s in the background until
# bench_stop_connection_sampler, keeping the highest count in $BENCH_TMP/backend-connections.max (or
# "failed" when a sample failed).
bench_start_connection_sampler() {
    local file=$BENCH_TMP/backend-connections.max
    echo 0 >"$file"
    (
        highest=0
        while :; do
            if ! count=$(bench_backend_connections); then
                echo failed >"$file"
                exit 1
            fi
            if ((count > highest)); then
                highest=$count
                echo "$highest" >"$file"
            fi
            sleep 0.25
        done
    ) &
    BENCH_SAMPLER_PID=$!
    bench_own_pid "$BENCH_SAMPLER_PID"
}

# Stops the sampler and prints the highest count it saw.
bench_stop_connection_sampler() {
    bench_stop_process "$BENCH_SAMPLER_PID"
    unset 'BENCH_OWNED_PIDS[-1]'
    cat "$BENCH_TMP/backend-connections.max"
}

# --- arithmetic and the summary --------------------------------------------------------------------

bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# The median of the numbers given as arguments.
bench_median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_verdict VALUE OP TARGET: "met" or "MISSED", OP is >= or <=.
bench_verdict() {
    awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
        ok = op == ">=" ? v >= t : v <= t
        print ok ? "met" : "MISSED" }'
}

# bench_summary_add WHAT FIGURE TARGET VERDICT: one line of the closing table.
bench_summary_add() {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$BENCH_RESULTS/summary.tsv"
}

bench_print_summary() {
    local title="Summary ($BENCH_PROXY_KIND"
    [[ $BENCH_PROXY_KIND == stand-in ]] && title+=": the MariaDB itself plays the proxy, so these are no proxy figures"
    printf '\n%s)\n' "$title"
    printf '%-56s %-12s %-24s %s\n' "measure" "figure" "target" "verdict"
    [[ -f $BENCH_RESULTS/summary.tsv ]] || return 0
    while IFS=$'\t' read -r what figure target verdict; do
        printf '%-56s %-12s %-24s %s\n' "$what" "$figure" "$target" "$verdict"
    done <"$BENCH_RESULTS/summary.tsv"
}
