#!/bin/sh
# The container image (contrib/docker/Dockerfile), built and run as README
# documents it, against a real dockerd, without any image registry: the
# Debian base image is made with debootstrap from the Debian mirror apt uses
# on this machine and imported under the tag the Dockerfile names. The
# image's audit of the test daemon is then compared, rule by rule and
# subject by subject, with the audit of the same daemon by the binary of
# this build: they must agree, except where the subject is the auditing
# container itself (the allow-list below, each entry with its reason).
#
# The debootstrap tree is cached as a tar file under DA_IMAGE_CACHE
# (default /var/cache/dockaudit-test), one per mirror and day; the test
# works without it. Needs the network (the mirror), debootstrap and root.
# shellcheck disable=SC3043 # local: dash, bash and busybox sh all have it
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
# debootstrap and the image's apt-get reach the mirror through the host's
# network: keep it (the test daemon has no bridge and no iptables rules).
DA_HOST_NETWORK=yes
da_require_root_and_docker
command -v debootstrap >/dev/null || da_skip "debootstrap is missing (apt-get install debootstrap)"

DOCKERFILE=$top_srcdir/contrib/docker/Dockerfile
CACHE=${DA_IMAGE_CACHE:-/var/cache/dockaudit-test}
IMAGE=dockaudit:image-test
AUDITOR=da-image-auditor

now() { date +%s; }
t_start=$(now)

# The base tag: the default of the Dockerfile's BASE_IMAGE argument.
BASE=$(sed -n 's/^ARG BASE_IMAGE=\([^[:space:]]*\).*/\1/p' "$DOCKERFILE")
[ -n "$BASE" ] || da_fatal "$DOCKERFILE names no ARG BASE_IMAGE=... default"
case $BASE in
debian:bookworm*) ;;
*) da_fatal "the Dockerfile's base $BASE is not Debian bookworm: debootstrap cannot make it" ;;
esac

# The Debian entries of apt's sources on this machine (deb822 and one-line
# forms), as "URI SUITE" lines: the base image uses the same mirror.
apt_sources() {
	python3 - /etc/apt/sources.list /etc/apt/sources.list.d <<'PY'
import glob, os, sys
out = []
def add(types, uris, suites):
    if "deb" in types:
        out.extend((u.rstrip("/"), s) for u in uris for s in suites if s.startswith("bookworm"))
lst, d = sys.argv[1], sys.argv[2]
for path in [lst] + sorted(glob.glob(os.path.join(d, "*.list"))):
    if not os.path.exists(path):
        continue
    for line in open(path):
        w = line.split("#", 1)[0].split()
        if not w or w[0] != "deb":
            continue
        w = w[1:]
        if w and w[0].startswith("["):        # deb [options] URI SUITE ...
            while w and not w[0].endswith("]"):
                w = w[1:]
            w = w[1:]
        if len(w) >= 2:
            add(["deb"], [w[0]], [w[1]])
for path in sorted(glob.glob(os.path.join(d, "*.sources"))):
    for para in open(path).read().split("\n\n"):
        f = {}
        for line in para.splitlines():
            if line.startswith("#") or ":" not in line or line[0].isspace():
                continue
            k, v = line.split(":", 1)
            f[k.strip().lower()] = v.split()
        if f.get("enabled", ["yes"])[0].lower() != "no":
            add(f.get("types", []), f.get("uris", []), f.get("suites", []))
for u, s in out:
    print(u, s)
PY
}
SOURCES=$(apt_sources) || da_fatal "cannot read apt's sources"
MIRROR=$(printf '%s\n' "$SOURCES" | awk '$2 == "bookworm" { print $1; exit }')
[ -n "$MIRROR" ] || da_skip "apt has no Debian bookworm mirror in its sources"
echo "mirror: $MIRROR; base image: $BASE"

# ---- the base image: debootstrap, cached per mirror and day -------------

# base_rootfs TAR: debootstrap a minimal bookworm from MIRROR, give it apt
# sources of the same mirrors as this machine's, empty apt's caches as the
# slim image does, and tar it to TAR.
base_rootfs() {
	local r="$DA_TMP/rootfs" u s
	debootstrap --variant=minbase bookworm "$r" "$MIRROR" >"$DA_TMP/debootstrap.log" 2>&1 || {
		tail -n 20 "$DA_TMP/debootstrap.log"
		da_fatal "debootstrap from $MIRROR failed"
	}
	: >"$r/etc/apt/sources.list"
	printf '%s\n' "$SOURCES" | while read -r u s; do
		printf 'deb %s %s main\n' "$u" "$s" >>"$r/etc/apt/sources.list"
	done
	# What the slim variant leaves out: documentation, manuals and
	# translations, for the packages installed now and later.
	cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<-'EOF'
		path-exclude /usr/share/doc/*
		path-include /usr/share/doc/*/copyright
		path-exclude /usr/share/info/*
		path-exclude /usr/share/linda/*
		path-exclude /usr/share/lintian/overrides/*
		path-exclude /usr/share/locale/*
		path-exclude /usr/share/man/*
	EOF
	find "$r/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
	rm -rf "$r"/usr/share/info/* "$r"/usr/share/locale/* "$r"/usr/share/man/*
	rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
		"$r"/var/log/* "$r/etc/machine-id"
	: >"$r/etc/machine-id"
	tar --numeric-owner -C "$r" -cf "$1.part" . || da_fatal "cannot tar the debootstrap tree"
	mv "$1.part" "$1"
	rm -rf "$r"
}

key=$(printf '%s\n' "$SOURCES" | sha256sum | cut -c1-12)
BASE_TAR=$CACHE/bookworm-slim-$key-$(date -u +%Y%m%d).tar
t0=$(now)
if [ -s "$BASE_TAR" ]; then
	echo "base rootfs: cached $BASE_TAR"
else
	mkdir -p "$CACHE" || da_fatal "cannot create $CACHE"
	base_rootfs "$BASE_TAR"
	# Older days of the same mirrors are stale now.
	find "$CACHE" -maxdepth 1 -name "bookworm-slim-$key-*.tar" ! -path "$BASE_TAR" -delete
	echo "base rootfs: debootstrap made $BASE_TAR"
fi
t_debootstrap=$(($(now) - t0))

# shellcheck disable=SC2119 # no extra dockerd flags
da_dockerd_start
SOCK=$DA_DOCKERD_DIR/docker.sock
t0=$(now)
"$DA_DOCKER" import -c 'CMD ["bash"]' "$BASE_TAR" "$BASE" >/dev/null || da_fatal "docker import $BASE failed"
t_import=$(($(now) - t0))

# ---- the image ----------------------------------------------------------

# The image is cached too (docker save), keyed by the base tar file and the
# content of the source tree, so the later stages of tests/run-all.sh, which
# test the same tree, load it instead of building it again. The key covers
# every file of the tree but those .dockerignore leaves out for certain (a
# file hashed in vain only costs a rebuild). DA_IMAGE_REBUILD=yes always
# builds.
tree_key() {
	(cd "$top_srcdir" && find . \( -name .git -o -path './build*' -o -path './dockaudit-*' \
		-o -name autom4te.cache -o -name .deps \) -prune -o -type f ! -name '*.o' ! -name '*.a' \
		! -name '*.log' ! -name '*.trs' ! -name .dirstamp -printf '%m %p\n' -exec sha256sum {} + |
		LC_ALL=C sort | sha256sum | cut -c1-16)
}
IMAGE_TAR=$CACHE/image-$(basename "$BASE_TAR" .tar)-$(tree_key).tar

# build_image: the image, built as README says (from the top of the tree),
# with the checks that need its build stage.
build_image() {
	# The test daemon has no bridge: the build's containers use the host's
	# network to reach the mirror. Say so plainly when that fails.
	"$DA_DOCKER" run --rm --net host "$BASE" apt-get update -q >"$DA_TMP/apt-probe.log" 2>&1 ||
		da_fatal "apt-get update in a container of $BASE failed: $(tail -n 5 "$DA_TMP/apt-probe.log")"
	# The classic builder: dockerd 20.10 has BuildKit only with buildx or
	# DOCKER_BUILDKIT=1, neither needed for a multi-stage build.
	if ! DOCKER_BUILDKIT=0 "$DA_DOCKER" build --network host --build-arg JOBS=2 \
		-f "$DOCKERFILE" -t "$IMAGE" "$top_srcdir" >"$DA_TMP/build.log" 2>&1; then
		tail -n 40 "$DA_TMP/build.log"
		da_fatal "docker build failed"
	fi
	# The build stage ran as the build user (from the builder's cache).
	DOCKER_BUILDKIT=0 "$DA_DOCKER" build --network host --build-arg JOBS=2 --target build \
		-f "$DOCKERFILE" -t "$IMAGE-build" "$top_srcdir" >"$DA_TMP/build-stage.log" 2>&1 ||
		da_fatal "docker build --target build failed: $(tail -n 20 "$DA_TMP/build-stage.log")"
	user=$("$DA_DOCKER" image inspect -f '{{.Config.User}}' "$IMAGE-build")
	[ "$user" = build ] || da_fail "the build stage runs as '$user', expected the build user"
	owner=$("$DA_DOCKER" run --rm "$IMAGE-build" stat -c %U:%G /home/build/stage/usr/bin/dockaudit 2>&1)
	[ "$owner" = build:build ] ||
		da_fail "the build stage's staged binary belongs to $owner, expected build:build"
	"$DA_DOCKER" rmi "$IMAGE-build" >/dev/null || da_fatal "docker rmi $IMAGE-build failed"
}

t0=$(now)
if [ "${DA_IMAGE_REBUILD:-}" != yes ] && [ -s "$IMAGE_TAR" ]; then
	"$DA_DOCKER" load -i "$IMAGE_TAR" >/dev/null || da_fatal "docker load $IMAGE_TAR failed"
	echo "image: loaded $IMAGE_TAR (built by an earlier run from the same tree)"
	IMAGE_TAR=
else
	build_image
fi
t_build=$(($(now) - t0))
size=$("$DA_DOCKER" image inspect -f '{{.Size}}' "$IMAGE")
echo "image $IMAGE: $((size / 1000000)) MB"

# The runtime image's files belong to root, although the build user made
# them (a build user's files there would let an account of that uid change
# the auditor).
owner=$("$DA_DOCKER" run --rm --entrypoint /bin/sh "$IMAGE" -c \
	'find /usr/bin/dockaudit /usr/share/dockaudit ! -user root -o ! -group root | head -n 3' 2>&1)
[ -z "$owner" ] || da_fail "files of the runtime image that root does not own: $owner"
# The runtime stage: no compiler, no headers, only what the binary needs.
for f in /usr/bin/gcc /usr/bin/make /usr/include/jansson.h; do
	if "$DA_DOCKER" run --rm --entrypoint /bin/sh "$IMAGE" -c "test -e $f"; then
		da_fail "the runtime image holds $f, which belongs to the build stage"
	fi
done
out=$("$DA_DOCKER" run --rm "$IMAGE" --version 2>&1) || da_fail "dockaudit --version in the image: $out"
case $out in
*dockaudit*) ;;
*) da_fail "dockaudit --version in the image said: $out" ;;
esac
cfg=$("$DA_DOCKER" image inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.User}}' "$IMAGE")
[ "$cfg" = '["dockaudit"] ["audit","--root","/host"] ' ] ||
	da_fail "image entrypoint, command and user: $cfg"

# ---- the audited host: a few containers -------------------------------

da_image_busybox da-busybox:image
da_docker run -d --name c-sysadmin --cap-add SYS_ADMIN da-busybox:image sleep 3600
da_docker run -d --name c-plain da-busybox:image sleep 3600
da_docker run -d --name c-app --user 1000 --read-only --memory 64m --pids-limit 50 \
	--security-opt no-new-privileges da-busybox:image sleep 3600
da_docker run -d --name c-pidhost --pid host da-busybox:image sleep 3600

# ---- the two audits -----------------------------------------------------

# The image, run as README says, with the test daemon's socket mounted at
# the path it has on this host (the audit looks for the daemon serving it
# under --root; on an ordinary host that path is /var/run/docker.sock).
mkdir -p "$DA_TMP/reports"
t0=$(now)
"$DA_DOCKER" run --rm --name "$AUDITOR" --net host --pid host --userns host \
	--cap-add SYS_PTRACE -v /:/host:ro -v "$SOCK:$SOCK:ro" -v "$DA_TMP/reports:/out" "$IMAGE" \
	audit --root /host --docker-host "unix://$SOCK" --json /out/results.json \
	--html /out/report.html >"$DA_TMP/image.out" 2>"$DA_TMP/image.err"
rc=$?
t_run=$(($(now) - t0))
[ "$rc" -eq 2 ] || da_fail "the image's audit exited $rc, expected 2 (rules fail): $(head -c 600 "$DA_TMP/image.err")"
[ -s "$DA_TMP/reports/results.json" ] || {
	da_fail "the image wrote no results to /out"
	da_done
}
[ -s "$DA_TMP/reports/report.html" ] || da_fail "the image wrote no HTML report to /out"

da_audit_json "$DA_TMP/host.json" --root /
expect_rc 2 "the host binary's audit"

# ---- the comparison -----------------------------------------------------

# What may differ, and why. Each line: a rule id (without its prefix), a
# kind, the reason. "fails": the auditing container (or its image, in use
# only while it runs) fails the rule, since the documented command asks for
# exactly what the rule forbids or leaves Docker's default; the rule's own
# result may differ, its other subjects must not. "counts": a subject of the
# host whose message counts containers or images in use, the auditor among
# them; its result must not differ. Every "fails" rule must really be failed
# by the auditor, and the auditor must fail no other rule. README lists the
# same rules.
cat >"$DA_TMP/allow" <<'EOF'
container_host_network        fails  --net host: the host's interfaces, addresses and sockets
container_host_pid            fails  --pid host: the host's processes, dockerd's included
container_host_userns         fails  --userns host: root in the container is root on the host
container_root_without_userns fails  it runs as root without a user namespace (same reason)
container_user_not_root       fails  it runs as root: every host file, every process's /proc
container_sensitive_host_dirs fails  -v /:/host:ro: the host's files, read-only
container_docker_socket       fails  the Docker socket is mounted: the Engine API to audit
container_readonly_rootfs     fails  a writable root filesystem: Docker's default, as run
container_no_new_privileges   fails  no-new-privileges unset: Docker's default, as run
container_memory_limit        fails  no memory limit: Docker's default, as run
container_cpu_shares          fails  no CPU shares: Docker's default, as run
container_pids_limit          fails  no PIDs limit: Docker's default, as run
container_added_capabilities  fails  --cap-add SYS_PTRACE: /proc of processes with more privileges
container_cap_sys_ptrace      fails  the same capability (dockerd's fd, environ, root and mountinfo)
container_health_check        fails  no health check: a one-shot audit is no service
image_healthcheck             fails  the image has no HEALTHCHECK, for the same reason
image_user                    fails  the image runs as root by default (the audit needs root)
container_sprawl              counts the auditor is one more running container
image_sprawl                  counts its image is one more image in use
EOF

python3 - "$DA_TMP/host.json" "$DA_TMP/reports/results.json" "$DA_TMP/allow" "$AUDITOR" "$IMAGE" <<'PY' ||
import json, sys
host_path, image_path, allow_path, auditor, image = sys.argv[1:6]
host = json.load(open(host_path))
img = json.load(open(image_path))
pfx = "xccdf_org.dockaudit_rule_"
allow, counts = {}, {}
for line in open(allow_path):
    if line.strip() and not line.startswith("#"):
        rule, kind, reason = line.split(None, 2)
        assert kind in ("fails", "counts"), line
        (allow if kind == "fails" else counts)[pfx + rule] = reason.strip()

def key(s):
    return (s.get("kind"), s.get("name"))

def own(s):
    """The auditing container, or its image, as a subject."""
    return (s.get("kind") == "container" and s.get("name") == auditor) or \
           (s.get("kind") == "image" and s.get("name") == image)

fails = 0
def fail(msg):
    global fails
    fails += 1
    print("FAIL: " + msg)

# The host and the daemon as each audit saw them; the image's audit counts
# one container more, itself.
for m in ("host", "daemon", "benchmark", "profile"):
    if host.get(m) != img.get(m):
        fail("%s differs: host %s, image %s" % (m, json.dumps(host.get(m)), json.dumps(img.get(m))))
if img.get("containers") != host.get("containers", 0) + 1:
    fail("the image's audit counts %s containers, the host's %s: expected one more, the auditor" %
         (img.get("containers"), host.get("containers")))
hrules = {r["id"]: r for r in host["rules"]}
irules = {r["id"]: r for r in img["rules"]}
if list(hrules) != list(irules):
    fail("the two audits list different rules: only host %s, only image %s" %
         (sorted(set(hrules) - set(irules)), sorted(set(irules) - set(hrules))))
own_fails = set()
for rid, h in hrules.items():
    i = irules.get(rid)
    if i is None:
        continue
    short = rid[len(pfx):]
    hi = {key(x["subject"]): x for x in h.get("instances") or []}
    ii = {}
    for x in i.get("instances") or []:
        # The auditor's image is a subject of both audits, but of rules on
        # images in use only in the image's.
        if own(x["subject"]) and key(x["subject"]) not in hi:
            if x["result"] in ("fail", "error"):
                own_fails.add(rid)
            continue
        ii[key(x["subject"])] = x
    for k in sorted(set(hi) | set(ii), key=str):
        a, b = hi.get(k), ii.get(k)
        if a is None or b is None:
            fail("%s: subject %s %s only in the %s audit" % (short, k[0], k[1], "host" if b is None else "image"))
            continue
        for m in ("result", "message", "evidence"):
            if a.get(m) != b.get(m) and (m == "result" or rid not in counts):
                fail("%s: subject %s %s: %s differs: host %r, image %r" %
                     (short, k[0], k[1], m, a.get(m), b.get(m)))
    if rid in allow or rid in counts:
        continue
    for m in ("result", "message"):
        if h.get(m) != i.get(m):
            fail("%s: the rule's %s differs: host %r, image %r" % (short, m, h.get(m), i.get(m)))
for rid in sorted(own_fails - set(allow)):
    fail("%s: the auditing container fails it, and it is not in the allow-list" % rid[len(pfx):])
for rid in sorted(set(allow) - own_fails):
    fail("%s: in the allow-list, but the auditing container does not fail it" % rid[len(pfx):])
n = sum(len(r.get("instances") or []) for r in hrules.values())
print("compared %d rules and %d subjects; %d rules failed by the auditing container" %
      (len(hrules), n, len(own_fails)))
sys.exit(1 if fails else 0)
PY
	DA_FAILS=$((DA_FAILS + 1))

# An image that passed every check is kept for the next run of this tree.
if [ "$DA_FAILS" -eq 0 ] && [ -n "$IMAGE_TAR" ]; then
	# Keep the two newest others (the distcheck tree is another tree).
	# shellcheck disable=SC2012 # our own file names, without spaces
	ls -t "$CACHE"/image-*.tar 2>/dev/null | tail -n +3 | while read -r f; do
		rm -f "$f"
	done
	if "$DA_DOCKER" save -o "$IMAGE_TAR.part" "$IMAGE"; then
		mv "$IMAGE_TAR.part" "$IMAGE_TAR"
	else
		rm -f "$IMAGE_TAR.part"
	fi
fi

echo "timings: debootstrap ${t_debootstrap}s, import ${t_import}s, image build ${t_build}s," \
	"image audit ${t_run}s, whole test $(($(now) - t_start))s"
da_done
