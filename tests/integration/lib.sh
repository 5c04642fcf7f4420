# The integration test harness, sourced by each tests/integration/*.sh: a
# private dockerd (own socket, data root, exec root, pid file and config
# file, so a developer's own Docker is never touched), a busybox image built
# locally, dockaudit runs, and assertion helpers. Everything the harness
# starts is stopped by its pid when the script exits. See TESTBED.md.
# A test calls da_require_root_and_docker first: it re-runs the script in
# namespaces of its own (see da_enter_namespaces).
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
set -u

: "${top_srcdir:?run through make check}"
: "${DOCKAUDIT:?run through make check}"

DA_DOCKER=/usr/bin/docker
DA_PODMAN=
DA_EXPECT="python3 $top_srcdir/tests/integration/expect.py"
DA_FAILS=0
DA_RC=0
DA_DOCKERD_PID=
DA_DOCKERD_DIR=
DA_DOCKERD_FLAGS=
DA_DECOY_PIDS=
DA_SETSID_PID=
DA_PRIV_WRAPPER=
DA_TMP=
DA_CLEANUP_HOOKS=

# da_fatal MESSAGE: the harness itself failed (automake "hard error").
da_fatal() {
	echo "ERROR: $*" >&2
	exit 99
}

# da_skip REASON: skip (77), or a hard error when CI=true, since CI must
# run these tests.
da_skip() {
	if [ "${CI:-}" = true ]; then
		da_fatal "cannot run under CI: $*"
	fi
	echo "SKIP: $*"
	exit 77
}

da_find_dockerd() {
	for d in /usr/bin/dockerd /usr/sbin/dockerd; do
		if [ -x "$d" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# da_require_root_and_docker: skip unless we are root and dockerd, the
# Debian docker client, a static busybox, curl and python3 are there.
da_require_root_and_docker() {
	[ "$(id -u)" -eq 0 ] || da_skip "not root"
	DA_DOCKERD=$(da_find_dockerd) || da_skip "dockerd is not installed (apt-get install docker.io)"
	[ -x "$DA_DOCKER" ] || da_skip "$DA_DOCKER is missing (apt-get install docker.io)"
	da_require_common
}

# da_require_root_and_podman: the same for a test of Podman, which needs
# podman instead of dockerd and the docker client.
da_require_root_and_podman() {
	[ "$(id -u)" -eq 0 ] || da_skip "not root"
	# shellcheck disable=SC2034 # for the test that sources us
	DA_PODMAN=$(command -v podman) || da_skip "podman is not installed (apt-get install podman)"
	da_require_common
}

# da_require_common: busybox, curl, python3 and dockaudit, then the test's
# own namespaces, temporary directory and traps.
da_require_common() {
	DA_BUSYBOX=$(command -v busybox) || da_skip "busybox is missing (apt-get install busybox-static)"
	command -v curl >/dev/null || da_skip "curl is missing"
	command -v python3 >/dev/null || da_skip "python3 is missing"
	[ -x "$DOCKAUDIT" ] || da_fatal "$DOCKAUDIT was not built"
	da_enter_namespaces "$0"
	DA_TMP=$(mktemp -d /tmp/da-it.XXXXXX) || da_fatal "mktemp failed"
	trap da_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
}

# da_enter_namespaces SCRIPT: run SCRIPT again in a network and mount
# namespace of its own. Test daemons may then use iptables (icc=false needs
# it) without touching the host's firewall, and any mount they leave behind
# goes with the namespace. dockaudit runs in the same namespaces, so it sees
# the daemon's sockets in /proc/net/unix as on any host.
# A test that must reach the network (a Debian mirror) sets DA_HOST_NETWORK=yes
# before the call and keeps the host's network namespace; its test daemon
# then runs with --bridge=none and --iptables=false only.
da_enter_namespaces() {
	local net=--net
	[ -z "${DA_IN_NAMESPACES:-}" ] || return 0
	[ "${DA_HOST_NETWORK:-}" != yes ] || net=
	# shellcheck disable=SC2086 # $net is one option or none
	unshare $net --mount true 2>/dev/null || da_skip "cannot create network and mount namespaces (unshare)"
	DA_IN_NAMESPACES=1
	export DA_IN_NAMESPACES
	# shellcheck disable=SC2086
	exec unshare $net --mount --propagation private /bin/sh "$1"
}

# ---- the test daemon ---------------------------------------------------

# da_unmount_under DIR: unmount everything mounted at or below DIR, deepest
# first, lazily (a busy mount must not keep the directory alive).
da_unmount_under() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null || true
	done
}

# da_pid_alive PID: 0 when PID runs (a zombie does not).
da_pid_alive() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	Z*) return 1 ;;
	esac
	return 0
}

# da_leftover_pids PID DIR: what a dead dockerd PID can leave running: its
# session, the processes started with our DIR in their arguments (its
# containerd and the shims) and their children (the containers).
da_leftover_pids() {
	ps -e -o pid= -o ppid= -o sid= -o args= | DA_S=$1 DA_D=$2/ awk '
		BEGIN { s = ENVIRON["DA_S"]; d = ENVIRON["DA_D"] }
		$1 != s && ($3 == s || index($0, d)) { mine[$1] = 1; print $1 }
		{ parent[$1] = $2 }
		END { for (p in parent) if (parent[p] in mine && !(p in mine)) print p }'
}

# da_wait_gone PID SECONDS: 0 once PID has exited.
da_wait_gone() {
	local i=0
	while da_pid_alive "$1"; do
		[ "$i" -lt "$(($2 * 10))" ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 0
}

# da_dockerd_kill: stop the test daemon (TERM, then KILL after ~20 s) and
# whatever it left in its session, but keep its directory, so its config
# file and data root stay for a collection against a stopped daemon or a
# restart. No-op when no daemon runs.
da_dockerd_kill() {
	local pid="$DA_DOCKERD_PID" p
	[ -n "$pid" ] || return 0
	if da_pid_alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		if ! da_wait_gone "$pid" 20; then
			echo "dockerd $pid ignored TERM; killing it" >&2
			kill -KILL "$pid" 2>/dev/null
			da_wait_gone "$pid" 5 || echo "dockerd $pid did not die" >&2
		fi
	fi
	for p in $(da_leftover_pids "$pid" "$DA_DOCKERD_DIR"); do
		kill -KILL "$p" 2>/dev/null
	done
	wait "$DA_SETSID_PID" 2>/dev/null
	return 0
}

# da_docker_rm_all: remove every container of the test daemon.
da_docker_rm_all() {
	local ids
	ids=$("$DA_DOCKER" ps -aq 2>/dev/null) || return 0
	# shellcheck disable=SC2086 # one id a word
	[ -z "$ids" ] || "$DA_DOCKER" rm -f $ids >/dev/null 2>&1 || true
}

# da_dockerd_stop: remove every container, stop the daemon, unmount what it
# left mounted and remove its directory.
da_dockerd_stop() {
	[ -n "$DA_DOCKERD_DIR" ] || return 0
	if da_pid_alive "$DA_DOCKERD_PID"; then
		da_docker_rm_all
	fi
	da_dockerd_kill
	da_unmount_under "$DA_DOCKERD_DIR"
	rm -rf "$DA_DOCKERD_DIR"
	DA_DOCKERD_PID=
	DA_DOCKERD_DIR=
}

# da_cleanup: the EXIT trap: the test's own hooks (DA_CLEANUP_HOOKS, names
# of functions), the decoys, the test daemon with everything it started, and
# our temporary files (kept with DA_KEEP=1) go.
da_cleanup() {
	local rc=$? p
	trap - EXIT INT TERM HUP
	for p in $DA_CLEANUP_HOOKS; do
		"$p"
	done
	for p in $DA_DECOY_PIDS; do
		kill -KILL "$p" 2>/dev/null
	done
	da_dockerd_stop
	if [ -n "${DA_KEEP:-}" ]; then
		echo "(DA_KEEP: test files kept in $DA_TMP)"
	else
		rm -rf "$DA_TMP"
	fi
	exit "$rc"
}

# da_ping: 0 when the test daemon answers GET /_ping.
da_ping() {
	[ "$(curl -s --max-time 2 --unix-socket "$DA_DOCKERD_DIR/docker.sock" http://docker/_ping 2>/dev/null)" = OK ]
}

# da_dockerd_run: start dockerd in DA_DOCKERD_DIR with DA_DOCKERD_FLAGS and
# wait until it answers.
da_dockerd_run() {
	local d="$DA_DOCKERD_DIR" i=0
	rm -f "$d/docker.sock" "$d/dockerd.pid"
	# setsid -w: $! stays alive exactly as long as dockerd (setsid forks
	# when it runs as a process group leader); dockerd's pid comes from its
	# pid file, and it leads its own session (which da_dockerd_kill sweeps).
	# shellcheck disable=SC2086
	setsid -w "$DA_DOCKERD" --config-file "$d/daemon.json" -H "unix://$d/docker.sock" \
		--data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
		--bridge=none --iptables=false --storage-driver=vfs $DA_DOCKERD_FLAGS \
		</dev/null >>"$d/dockerd.log" 2>&1 &
	DA_SETSID_PID=$!
	until da_ping; do
		if ! da_pid_alive "$DA_SETSID_PID" || [ "$i" -ge 600 ]; then
			echo "dockerd did not start; the end of $d/dockerd.log:" >&2
			tail -n 30 "$d/dockerd.log" >&2
			da_fatal "cannot start the test dockerd"
		fi
		sleep 0.1
		i=$((i + 1))
	done
	DA_DOCKERD_PID=$(cat "$d/dockerd.pid") || da_fatal "dockerd wrote no pid file"
	export DA_DOCKERD_PID
}

# da_write_daemon_json: the test daemon's config file from
# DA_DAEMON_JSON_CONTENT (default "{}"), plus the runtime wrapper when this
# host needs it, owned by root with mode 0644.
da_write_daemon_json() {
	local f="$DA_DOCKERD_DIR/daemon.json" c="${DA_DAEMON_JSON_CONTENT:-}"
	[ -n "$c" ] || c='{}'
	printf '%s\n' "$c" >"$f"
	if [ "$DA_PRIV_WRAPPER" = yes ]; then
		cp "$top_srcdir/tests/integration/runtime-wrapper.sh" "$DA_DOCKERD_DIR/runtime-wrapper"
		chmod 0755 "$DA_DOCKERD_DIR/runtime-wrapper"
		python3 - "$f" "$DA_DOCKERD_DIR/runtime-wrapper" <<'PY' || da_fatal "cannot add the runtime wrapper to $f"
import json, sys
path, wrapper = sys.argv[1], sys.argv[2]
with open(path) as f:
    conf = json.load(f)
conf["runtimes"] = {"da-runc": {"path": wrapper}}
conf["default-runtime"] = "da-runc"
with open(path, "w") as f:
    json.dump(conf, f, indent=2)
    f.write("\n")
PY
	fi
	chown 0:0 "$f"
	chmod 0644 "$f"
}

# da_dockerd_start [dockerd flags...]: start a private dockerd (see the top
# of this file) with the config file DA_DOCKERD_DIR/daemon.json written from
# DA_DAEMON_JSON_CONTENT, and its data root on a tmpfs of its own mounted
# with the options DA_DATA_TMPFS (e.g. "nosuid,nodev") when that is set.
# Exports DOCKER_HOST, DA_DOCKERD_PID and DA_DOCKERD_DIR. One test daemon
# at a time: a running one is stopped first.
da_dockerd_start() {
	da_dockerd_stop
	DA_DOCKERD_DIR=$(mktemp -d /tmp/da-dockerd.XXXXXX) || da_fatal "mktemp failed"
	if [ -n "${DA_DATA_TMPFS:-}" ]; then
		mkdir "$DA_DOCKERD_DIR/data"
		mount -t tmpfs -o "$DA_DATA_TMPFS" da-data "$DA_DOCKERD_DIR/data" ||
			da_fatal "cannot mount a tmpfs for the data root"
	fi
	DA_DOCKERD_FLAGS="$*"
	export DA_DOCKERD_DIR
	DOCKER_HOST=unix://$DA_DOCKERD_DIR/docker.sock
	export DOCKER_HOST
	unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
	da_write_daemon_json
	da_dockerd_run
}

# da_dockerd_restart: stop the daemon and start it again with the same
# directory (images kept), flags and (rewritten) config file.
da_dockerd_restart() {
	da_docker_rm_all
	da_dockerd_kill
	da_unmount_under "$DA_DOCKERD_DIR/exec"
	da_write_daemon_json
	da_dockerd_run
}

# da_dockerd_restart_as_is: stop the daemon and start it again as a host's
# daemon restarts after someone edited its configuration: same directory,
# flags and containers, and the config file as it is now (neither
# rewritten from DA_DAEMON_JSON_CONTENT nor given back its owner and mode).
# Containers the stop ended stay, stopped unless their restart policy
# starts them again.
da_dockerd_restart_as_is() {
	da_dockerd_kill
	da_unmount_under "$DA_DOCKERD_DIR/exec"
	da_dockerd_run
}

# da_privileged_ready IMAGE: make --privileged containers start. On an
# ordinary host they do; where runc cannot grant every capability ("unable
# to apply caps", see TESTBED.md) the daemon is restarted with
# runtime-wrapper.sh as its default runtime.
da_privileged_ready() {
	local out
	if out=$("$DA_DOCKER" run --rm --privileged "$1" true 2>&1); then
		return 0
	fi
	case $out in
	*"unable to apply caps"*) ;;
	*) da_fatal "a privileged probe container failed: $out" ;;
	esac
	echo "privileged containers need the runtime wrapper here: $out"
	DA_PRIV_WRAPPER=yes
	da_dockerd_restart
	out=$("$DA_DOCKER" run --rm --privileged "$1" true 2>&1) ||
		da_fatal "a privileged container fails even with the runtime wrapper: $out"
}

# da_busybox_tar TAR: a tiny root filesystem from the static busybox, as a
# tar file: sh, sleep, id, cat, ls and an /etc/passwd with root and "app"
# (uid 1000).
da_busybox_tar() {
	local r t
	r=$(mktemp -d "$DA_TMP/rootfs.XXXXXX")
	chmod 0755 "$r"
	mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/proc" "$r/sys" "$r/dev"
	cp "$DA_BUSYBOX" "$r/bin/busybox"
	for t in sh sleep id cat ls true; do
		ln -s busybox "$r/bin/$t"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\n' >"$r/etc/passwd"
	printf 'root:x:0:\napp:x:1000:\n' >"$r/etc/group"
	chmod 0755 "$r/bin" "$r/etc" "$r/proc" "$r/sys" "$r/dev"
	chmod 1777 "$r/tmp"
	chmod 0644 "$r/etc/passwd" "$r/etc/group"
	tar -C "$r" -cf "$1" . || da_fatal "cannot tar the image rootfs"
	rm -rf "$r"
}

# da_image_busybox NAME:TAG [docker import options...]: the busybox root
# filesystem (da_busybox_tar) as an image of the test daemon.
da_image_busybox() {
	local ref="$1" tar="$DA_TMP/busybox.tar"
	shift
	da_busybox_tar "$tar"
	"$DA_DOCKER" import "$@" "$tar" "$ref" >/dev/null || da_fatal "docker import $ref failed"
	rm -f "$tar"
}

# da_docker ARGS...: the Debian docker client against the test daemon; a
# failure is a harness error (the message says which command).
da_docker() {
	"$DA_DOCKER" "$@" >/dev/null || da_fatal "docker $* failed"
}

# da_container_pid NAME: State.Pid of a running container.
da_container_pid() {
	"$DA_DOCKER" inspect -f '{{.State.Pid}}' "$1"
}

# da_decoy_dockerd: a process named "dockerd" (argv[0] and comm) that
# serves nothing; the collector must not take it for the daemon.
da_decoy_dockerd() {
	ln -sf "$(command -v sleep)" "$DA_TMP/dockerd"
	PATH="$DA_TMP:$PATH" dockerd 300 &
	DA_DECOY_PIDS="$DA_DECOY_PIDS $!"
}

# da_loopback_up: bring up lo in the test's own network namespace (a new
# one starts with it down), for a daemon on 127.0.0.1.
da_loopback_up() {
	[ -n "${DA_IN_NAMESPACES:-}" ] || da_fatal "da_loopback_up outside the test's namespaces"
	ip link set lo up || da_fatal "cannot bring up lo (ip link set lo up)"
}

# da_tls_cert DIR NAME CN CA EXT...: an EC key DIR/NAME-key.pem and
# certificate DIR/NAME.pem for CN with the extensions EXT, signed by
# DIR/CA.pem (self-signed when CA is -).
da_tls_cert() {
	local dir="$1" name="$2" cn="$3" ca="$4" e args=
	shift 4
	for e in "$@"; do
		args="$args -addext $e"
	done
	[ "$ca" = - ] || args="$args -CA $dir/$ca.pem -CAkey $dir/$ca-key.pem"
	# shellcheck disable=SC2086 # one option a word
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=$cn" -keyout "$dir/$name-key.pem" -out "$dir/$name.pem" $args \
		>"$dir/openssl.log" 2>&1 || da_fatal "openssl: cannot make $name: $(cat "$dir/openssl.log")"
}

# da_tls_certs DIR: certificates for a daemon on 127.0.0.1 with
# --tlsverify: DIR/ca.pem (and its key), DIR/server.pem and
# DIR/server-key.pem (for IP 127.0.0.1), DIR/other-ca.pem (a CA that signed
# nothing here), and DIR/client/ with ca.pem, cert.pem and key.pem as
# DOCKER_CERT_PATH expects them. Skips without openssl.
da_tls_certs() {
	local d="$1"
	command -v openssl >/dev/null || da_skip "openssl is missing"
	mkdir -p "$d/client"
	da_tls_cert "$d" ca da-test-ca - basicConstraints=critical,CA:TRUE keyUsage=critical,keyCertSign,cRLSign
	da_tls_cert "$d" other-ca da-other-ca - basicConstraints=critical,CA:TRUE \
		keyUsage=critical,keyCertSign,cRLSign
	da_tls_cert "$d" server 127.0.0.1 ca subjectAltName=IP:127.0.0.1 extendedKeyUsage=serverAuth
	da_tls_cert "$d" client da-client ca extendedKeyUsage=clientAuth
	cp "$d/ca.pem" "$d/client/ca.pem"
	cp "$d/client.pem" "$d/client/cert.pem"
	cp "$d/client-key.pem" "$d/client/key.pem"
}

# da_overlay_etc: an overlay over /etc in the test's mount namespace, so the
# test may write /etc/docker/daemon.json, audit rules or /etc/group while
# the host's /etc is never touched (its changes land in DA_TMP/etc-upper).
# Everything started afterwards (dockerd too) sees the overlay.
da_overlay_etc() {
	[ -n "${DA_IN_NAMESPACES:-}" ] || da_fatal "da_overlay_etc outside the test's namespaces"
	mkdir -p "$DA_TMP/etc-upper" "$DA_TMP/etc-work"
	mount -t overlay da-etc -o "lowerdir=/etc,upperdir=$DA_TMP/etc-upper,workdir=$DA_TMP/etc-work" /etc ||
		da_skip "cannot mount an overlay over /etc"
	DA_CLEANUP_HOOKS="$DA_CLEANUP_HOOKS da_overlay_etc_undo"
}

# shellcheck disable=SC2317 # a cleanup hook
da_overlay_etc_undo() {
	umount -l /etc 2>/dev/null || true
}

# ---- running dockaudit -------------------------------------------------

# da_dockaudit ARGS...: run dockaudit (under valgrind in that build); stdout
# in $DA_TMP/out, stderr in $DA_TMP/err, exit code in DA_RC.
da_dockaudit() {
	# shellcheck disable=SC2086
	${DA_WRAPPER:-} "$DOCKAUDIT" "$@" >"$DA_TMP/out" 2>"$DA_TMP/err"
	DA_RC=$?
}

# da_audit_json OUT [dockaudit args...]: audit the test daemon, results as
# JSON in OUT, exit code in DA_RC. An audit that writes no results ends the
# test (every assertion after it would fail for the same reason).
da_audit_json() {
	local o="$1"
	shift
	rm -f "$o"
	da_dockaudit audit --docker-host "$DOCKER_HOST" --json "$o" "$@"
	if [ ! -s "$o" ]; then
		da_fail "dockaudit audit wrote no results (exit code $DA_RC): $(head -c 600 "$DA_TMP/err")"
		da_done
	fi
}

# ---- assertions --------------------------------------------------------

da_fail() {
	echo "FAIL: $*"
	DA_FAILS=$((DA_FAILS + 1))
}

# expect_rc CODE DESCRIPTION: the last dockaudit run exited with CODE.
expect_rc() {
	if [ "$DA_RC" -ne "$1" ]; then
		da_fail "$2: exit code $DA_RC, expected $1"
		echo "  stderr: $(head -c 600 "$DA_TMP/err")"
	fi
}

# _da_array MODE FACTS POINTER ARGS...: the one script behind the three
# helpers below (MODE index, in or not-in).
_da_array() {
	python3 - "$@" <<'PY'
import json, sys
mode, path, pointer = sys.argv[1:4]
def parse(v):
    try:
        return json.loads(v)
    except ValueError:
        return v
with open(path) as f:
    cur = json.load(f)
for tok in pointer.strip("/").split("/") if pointer.strip("/") else []:
    if isinstance(cur, list) and tok.isdigit() and int(tok) < len(cur):
        cur = cur[int(tok)]
    else:
        cur = cur.get(tok) if isinstance(cur, dict) else None
arr = cur if isinstance(cur, list) else None
if mode == "index":
    key, value = sys.argv[4], parse(sys.argv[5])
    found = [i for i, x in enumerate(arr or []) if isinstance(x, dict) and x.get(key) == value]
    print(found[0] if found else "none")
    sys.exit(0)
value = parse(sys.argv[4])
if arr is None:
    print("FAIL: %s %s: not an array: %s" % (path, pointer, json.dumps(cur)[:300]))
    sys.exit(1)
if (value in arr) != (mode == "in"):
    print("FAIL: %s %s: expected %s %s, got %s" % (path, pointer, json.dumps(value),
          "among the items" if mode == "in" else "absent", json.dumps(arr)[:600]))
    sys.exit(1)
PY
}

# da_item_index FACTS POINTER KEY VALUE: the index in the array at POINTER
# of the first object whose member KEY is VALUE (as JSON when it parses,
# e.g. 8080 or true, else a string), or "none" (a pointer through "none" is
# absent, and expect says so).
da_item_index() {
	_da_array index "$@"
}

# expect_in FACTS POINTER VALUE: the array at POINTER holds VALUE (JSON
# when it parses, else a string). expect_not_in: it does not.
expect_in() {
	_da_array in "$@" || DA_FAILS=$((DA_FAILS + 1))
}

expect_not_in() {
	_da_array not-in "$@" || DA_FAILS=$((DA_FAILS + 1))
}

# expect ARGS...: tests/integration/expect.py ARGS, counting a failure.
expect() {
	$DA_EXPECT "$@" || DA_FAILS=$((DA_FAILS + 1))
}

# expect_matrix RESULTS: "rule subject result" lines on stdin, each checked
# with expect.py.
expect_matrix() {
	local rule subject result
	while read -r rule subject result; do
		case $rule in
		"" | "#"*) continue ;;
		esac
		expect "$1" "$rule" "$subject" "$result"
	done
}

da_done() {
	if [ "$DA_FAILS" -ne 0 ]; then
		echo "$DA_FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}

# ---- several test daemons ------------------------------------------------

DA_KEPT_DAEMONS=

# da_dockerd_keep: set the running test daemon aside, still running, so that
# the next da_dockerd_start starts another one beside it instead of stopping
# it (each has its own socket, data root, exec root, pid file and config
# file, and --bridge=none). Read its socket path from $DA_DOCKERD_DIR before
# the call. Kept daemons are stopped, with all they started, when the test
# exits.
da_dockerd_keep() {
	[ -n "$DA_DOCKERD_DIR" ] || da_fatal "da_dockerd_keep: no test daemon runs"
	[ -n "$DA_KEPT_DAEMONS" ] || DA_CLEANUP_HOOKS="$DA_CLEANUP_HOOKS da_dockerd_stop_kept"
	DA_KEPT_DAEMONS="$DA_KEPT_DAEMONS $DA_DOCKERD_PID:$DA_SETSID_PID:$DA_DOCKERD_DIR"
	DA_DOCKERD_PID=
	DA_SETSID_PID=
	DA_DOCKERD_DIR=
}

# shellcheck disable=SC2317 # a cleanup hook
da_dockerd_stop_kept() {
	local pid="$DA_DOCKERD_PID" setsid="$DA_SETSID_PID" dir="$DA_DOCKERD_DIR" host="${DOCKER_HOST:-}" k
	for k in $DA_KEPT_DAEMONS; do
		DA_DOCKERD_PID=${k%%:*}
		k=${k#*:}
		DA_SETSID_PID=${k%%:*}
		DA_DOCKERD_DIR=${k#*:}
		DOCKER_HOST=unix://$DA_DOCKERD_DIR/docker.sock
		export DOCKER_HOST
		da_dockerd_stop
	done
	DA_KEPT_DAEMONS=
	DA_DOCKERD_PID=$pid
	DA_SETSID_PID=$setsid
	DA_DOCKERD_DIR=$dir
	DOCKER_HOST=$host
}
