#!/bin/sh
# The daemon collector against real dockerds: the config file named by
# --config-file, settings from long and short flags, a config file broken
# on disk while the daemon runs, and a daemon that is gone.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

F=$DA_TMP/facts.json
R=$DA_TMP/results.json

# collect_and_eval: facts of the test daemon in $F, their results in $R.
collect_and_eval() {
	da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
	expect_rc 0 "collect"
	da_dockaudit eval --json "$R" "$F"
	expect_rc 2 "eval: some rules fail"
}

# (a) The config file is the one given with --config-file (dockerd then
# never reads /etc/docker/daemon.json); (b) a setting given as --flag=value.
DA_DAEMON_JSON_CONTENT='{"icc": false}'
da_dockerd_start --iptables=true --log-level=warn
CONF=$DA_DOCKERD_DIR/daemon.json
collect_and_eval
expect --fact "$F" /daemon/config_file/path "$CONF" --string
expect --fact "$F" /daemon/config_file/source flag
expect --fact "$F" /daemon/config_file/exists true
expect --fact "$F" /daemon/config_file/content '{"icc": false}'
expect --fact "$F" /daemon/settings/icc '{"value": false, "source": "config"}'
expect --fact "$F" /daemon/settings/log-level '{"value": "warn", "source": "flag"}'
expect --fact "$F" /daemon/settings/userns-remap '{"value": "", "source": "default", "in_effect": false, "in_effect_source": "api"}'
expect --fact "$F" /daemon/process/pid "$DA_DOCKERD_PID"
expect "$R" daemon_icc dockerd pass
expect "$R" daemon_log_level dockerd fail --message-contains warn
expect "$R" daemon_json_mode "$CONF" pass

# (b) The short form -l VALUE, and defaults where neither flag nor file
# sets a value.
DA_DAEMON_JSON_CONTENT='{}'
da_dockerd_start -l error
CONF=$DA_DOCKERD_DIR/daemon.json
collect_and_eval
expect --fact "$F" /daemon/config_file/path "$CONF" --string
expect --fact "$F" /daemon/settings/log-level '{"value": "error", "source": "flag"}'
expect --fact "$F" /daemon/settings/icc '{"value": true, "source": "default"}'
expect "$R" daemon_log_level dockerd fail --message-contains error
expect "$R" daemon_icc dockerd fail

# (d) The config file broken on disk after the daemon started (a trailing
# comma: jansson stops at line 3, column 1): settings the file would give
# are errors naming the file and the position; the flag still counts.
printf '{\n  "icc": false,\n}\n' >"$CONF"
da_audit_json "$R"
expect_rc 2 "audit with a malformed config file"
expect "$R" daemon_icc dockerd error --message-contains "$CONF:3:1:"
# userns-remap is judged from /info, which the broken file does not change
expect "$R" daemon_userns_remap dockerd fail
expect "$R" daemon_log_level dockerd fail --message-contains error
expect "$R" daemon_json_mode "$CONF" pass

# (c) The daemon stopped: collect still succeeds with the host facts and
# the reason; the audit fails and every daemon rule is an error.
HOST=$DOCKER_HOST
da_dockerd_kill
da_dockaudit collect --docker-host "$HOST" -o "$F"
expect_rc 0 "collect with the daemon stopped"
expect --fact "$F" /daemon/reachable false
expect --fact "$F" /daemon/error --contains "${HOST#unix://}"
expect --fact "$F" /host/kernel "$(cat /proc/sys/kernel/osrelease)" --string
expect --fact "$F" /host/hostname "$(cat /proc/sys/kernel/hostname)" --string
expect --fact "$F" /containers/error
da_audit_json "$R"
expect_rc 2 "audit with the daemon stopped"
expect "$R" daemon_icc dockerd error
expect "$R" daemon_log_level dockerd error
expect "$R" daemon_userns_remap dockerd error
expect "$R" container_privileged - error --message-contains "${HOST#unix://}"

da_done
