#!/bin/sh
# What a container can really do, on a real dockerd, each case with a fail
# twin and a pass twin: capabilities it can gain (the bounding set, also
# once stopped), host namespaces reached by joining another container,
# device cgroup rules, the user it really runs as (names through its own
# passwd), and no-new-privileges in every spelling the daemon accepts and
# from the daemon's default.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

da_dockerd_start
IMG=da-busybox:rt
da_image_busybox "$IMG"
da_privileged_ready "$IMG"

# An image whose USER is a name that is uid 0 in its own passwd, and one
# whose USER is an ordinary account.
r=$(mktemp -d "$DA_TMP/toor.XXXXXX")
da_busybox_tar "$DA_TMP/base.tar"
tar -C "$r" -xf "$DA_TMP/base.tar" || da_fatal "cannot unpack the base rootfs"
printf 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0:toor:/tmp:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\n' >"$r/etc/passwd"
tar -C "$r" -cf "$DA_TMP/toor.tar" . || da_fatal "cannot tar the toor rootfs"
"$DA_DOCKER" import -c 'USER toor' "$DA_TMP/toor.tar" da-toor:1 >/dev/null || da_fatal "docker import da-toor:1 failed"
"$DA_DOCKER" import -c 'USER app' "$DA_TMP/toor.tar" da-app:1 >/dev/null || da_fatal "docker import da-app:1 failed"
rm -rf "$r" "$DA_TMP/base.tar" "$DA_TMP/toor.tar"

run() {
	c=$1
	shift
	da_docker run -d --name "$c" "$@" "$IMG" sleep 3600
}

# Capabilities: unprivileged main processes, so their effective sets are
# empty; the bounding sets are not.
run c-capadd --user 1000 --cap-add SYS_ADMIN
run c-capall --user 1000 --cap-add ALL
run c-plain --user 1000

# Namespace joins: joining a container that uses the host's namespace is
# using the host's namespace.
run c-nethost --network host
run c-netjoin --network container:c-nethost
run c-netjoin-priv --network container:c-plain
da_docker create --name c-netjoin-stopped --network container:c-nethost "$IMG" sleep 3600
run c-pidhost --pid host
PIDHOST_ID=$("$DA_DOCKER" inspect -f '{{.Id}}' c-pidhost)
run c-pidjoin --pid "container:$PIDHOST_ID"
run c-pidjoin-priv --pid container:c-plain
run c-ipchost --ipc host
run c-ipcjoin --ipc container:c-ipchost
run c-ipcshare --ipc shareable
run c-ipcjoin-priv --ipc container:c-ipcshare
run c-utshost --uts host
# dockerd 20.10 refuses --uts container:X ("invalid UTS mode"): where it
# accepts it, the join is judged like the others.
UTSJOIN=
if "$DA_DOCKER" run -d --name c-utsjoin --uts container:c-utshost "$IMG" sleep 3600 >/dev/null 2>&1; then
	UTSJOIN=yes
fi

# Device cgroup rules.
run c-devall --device-cgroup-rule 'a *:* rwm'
run c-devblk --device-cgroup-rule 'b 8:* rw'
run c-devnull --device-cgroup-rule 'c 1:3 r'

# Users: the image's USER resolved through the container's passwd, and
# --user in its root forms.
da_docker run -d --name c-toor da-toor:1 sleep 3600
da_docker run -d --name c-toor2 da-toor:1 sleep 3600
da_docker run -d --name c-app da-app:1 sleep 3600
run c-u0 --user 0
run c-u00 --user 0:0
run c-uroot1000 --user root:1000
run c-u1000g0 --user 1000:0

# no-new-privileges in each spelling the daemon accepts.
run c-nnp-eq --user 1000 --security-opt no-new-privileges=true
run c-nnp-colon --user 1000 --security-opt no-new-privileges:true
run c-nnp-bare --user 1000 --security-opt no-new-privileges
run c-nnp-one --user 1000 --security-opt no-new-privileges=1
run c-nnp-upper --user 1000 --security-opt no-new-privileges=TRUE
run c-nnp-false --user 1000 --security-opt no-new-privileges=false
da_docker create --name c-nnp-stopped --user 1000 "$IMG" sleep 3600
da_docker create --name c-nnp-stopped-on --user 1000 --security-opt no-new-privileges=1 "$IMG" sleep 3600

R=$DA_TMP/audit.json
da_audit_json "$R"
expect_rc 2 "audit: some rules fail"

expect_matrix "$R" <<MATRIX
container_added_capabilities c-capadd fail
container_added_capabilities c-capall fail
container_added_capabilities c-plain pass
container_cap_sys_admin c-capadd fail
container_cap_sys_admin c-capall fail
container_cap_sys_admin c-plain pass
container_cap_sys_module c-capall fail
container_cap_sys_module c-capadd pass
container_cap_sys_rawio c-capall fail
container_cap_net_admin c-capall fail
container_cap_sys_ptrace c-capall fail
container_cap_dac_read_search c-capall fail

container_host_network c-nethost fail
container_host_network c-netjoin fail
container_host_network c-netjoin-stopped fail
container_host_network c-netjoin-priv pass
container_host_network c-plain pass
container_host_pid c-pidhost fail
container_host_pid c-pidjoin fail
container_host_pid c-pidjoin-priv pass
container_host_pid c-plain pass
container_host_ipc c-ipchost fail
container_host_ipc c-ipcjoin fail
container_host_ipc c-ipcjoin-priv pass
container_host_ipc c-ipcshare pass
container_host_uts c-utshost fail
container_host_uts c-plain pass
container_host_userns c-plain pass
container_host_userns c-nethost pass

container_host_devices c-devall fail
container_host_devices c-devblk fail
container_host_devices c-devnull pass
container_host_devices c-plain pass

container_user_not_root c-toor fail
container_user_not_root c-app pass
container_user_not_root c-u0 fail
container_user_not_root c-u00 fail
container_user_not_root c-uroot1000 fail
container_user_not_root c-u1000g0 pass
container_user_not_root c-plain pass
image_user da-toor:1 fail
image_user da-app:1 pass

container_no_new_privileges c-nnp-eq pass
container_no_new_privileges c-nnp-colon pass
container_no_new_privileges c-nnp-bare pass
container_no_new_privileges c-nnp-one pass
container_no_new_privileges c-nnp-upper pass
container_no_new_privileges c-nnp-false fail
container_no_new_privileges c-plain fail
container_no_new_privileges c-nnp-stopped fail
container_no_new_privileges c-nnp-stopped-on pass
MATRIX
if [ -n "$UTSJOIN" ]; then
	expect "$R" container_host_uts c-utsjoin fail
fi
# The evidence names the capability the rule is about, even in a long set.
expect "$R" container_cap_sys_rawio c-capall fail --message-contains CAP_SYS_RAWIO
expect "$R" container_cap_sys_admin c-capadd fail --message-contains CAP_SYS_ADMIN
expect "$R" container_added_capabilities c-capadd fail --message-contains CAP_SYS_ADMIN
expect "$R" container_host_devices c-devall fail --message-contains 'a *:* rwm'

# What an administrator reads for these (kept in the test log).
python3 - "$R" <<'PY' || da_fail "cannot list the evidence"
import json, sys
mine = ("added_capabilities", "cap_sys_admin", "cap_sys_module", "host_network", "host_pid",
        "host_ipc", "host_uts", "host_devices", "user_not_root", "image_user", "no_new_privileges")
for r in json.load(open(sys.argv[1]))["rules"]:
    if r["id"].partition("_rule_")[2].replace("container_", "", 1) in mine:
        for i in r.get("instances", []):
            if i.get("result") == "fail":
                print("%s %s: %s" % (r["id"].partition("_rule_")[2], i["subject"]["name"], i.get("message")))
PY

# The facts behind them.
F=$DA_TMP/facts.json
da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
expect_rc 0 "collect"
i=$(da_item_index "$F" /containers/items name c-capadd)
expect --fact "$F" "/containers/items/$i/caps/source" proc
expect --fact "$F" "/containers/items/$i/caps/effective" '[]'
expect_in "$F" "/containers/items/$i/caps/bounding" CAP_SYS_ADMIN
i=$(da_item_index "$F" /containers/items name c-netjoin)
NETHOST_ID=$("$DA_DOCKER" inspect -f '{{.Id}}' c-nethost)
expect --fact "$F" "/containers/items/$i/namespaces/net/mode" "container:$NETHOST_ID"
expect --fact "$F" "/containers/items/$i/namespaces/net/host" true
expect --fact "$F" "/containers/items/$i/namespaces/net/source" proc
i=$(da_item_index "$F" /containers/items name c-netjoin-stopped)
expect --fact "$F" "/containers/items/$i/namespaces/net/joins" "[\"$NETHOST_ID\"]"
expect --fact "$F" "/containers/items/$i/namespaces/net/source" config
i=$(da_item_index "$F" /containers/items name c-toor)
expect --fact "$F" "/containers/items/$i/user/uid" 0
expect --fact "$F" "/containers/items/$i/user/name" root
expect --fact "$F" "/containers/items/$i/user/declared_uid" 0
i=$(da_item_index "$F" /containers/items name c-app)
expect --fact "$F" "/containers/items/$i/user/name" app
i=$(da_item_index "$F" /containers/items name c-devnull)
expect --fact "$F" "/containers/items/$i/device_cgroup_rules" \
	'[{"rule": "c 1:3 r", "type": "c", "major": 1, "minor": 3, "access": "r", "sensitive": false}]'
i=$(da_item_index "$F" /containers/items name c-nnp-upper)
expect --fact "$F" "/containers/items/$i/no_new_privileges/source" proc
i=$(da_item_index "$F" /images/items name da-toor:1)
expect --fact "$F" "/images/items/$i/user_resolved/root" true

# Stopped, a container keeps its verdicts: its capabilities come from its
# configuration, its user through a running container of its image.
"$DA_DOCKER" stop -t 1 c-capadd c-capall c-plain c-toor c-nnp-eq c-nnp-false c-netjoin >/dev/null ||
	da_fatal "docker stop failed"
da_audit_json "$R"
expect_rc 2 "audit after docker stop"
expect_matrix "$R" <<MATRIX
container_added_capabilities c-capadd fail
container_cap_sys_admin c-capadd fail
container_cap_sys_admin c-capall fail
container_cap_sys_module c-capall fail
container_added_capabilities c-plain pass
container_cap_sys_admin c-plain pass
container_user_not_root c-toor fail
container_user_not_root c-plain pass
container_no_new_privileges c-nnp-eq pass
container_no_new_privileges c-nnp-false fail
container_host_network c-netjoin fail
image_user da-toor:1 fail
MATRIX
expect "$R" container_cap_sys_admin c-capadd fail --message-contains CAP_SYS_ADMIN

# The daemon's default applies to stopped containers without the option.
DA_DAEMON_JSON_CONTENT='{"no-new-privileges": true}'
da_dockerd_restart
da_docker create --name c-dflt --user 1000 "$IMG" sleep 3600
da_docker create --name c-dflt-off --user 1000 --security-opt no-new-privileges=false "$IMG" sleep 3600
run c-dflt-run --user 1000
da_audit_json "$R"
expect_matrix "$R" <<MATRIX
container_no_new_privileges c-dflt pass
container_no_new_privileges c-dflt-off fail
container_no_new_privileges c-dflt-run pass
MATRIX

da_done
