#!/bin/sh
# Daemon settings judged from the running daemon, on real dockerds whose
# daemon.json is rewritten after they started (with and without SIGHUP):
# (a) a daemon started with an insecure registry, json-file logging and no
#     live restore, its file then made to look clean; twin: clean from the
#     start;
# (b) live-restore written to the file (fail until SIGHUP), reloaded (pass,
#     no drift), then removed from the file (pass: the daemon keeps it;
#     drift);
# (c) "debug": true makes the daemon log at debug level; twin without it;
# (d) settings /info does not report are errors once the file is newer than
#     the daemon (there is no knowing what it read), and a flag never is;
# (e) userns-remap judged by whether the daemon remaps (/info name=userns),
#     whatever the file says now. A rootless daemon (2.9 not applicable)
#     cannot run in this sandbox: tests/cli/rules-daemon.sh covers it on
#     frozen facts.
: "${top_srcdir:?run through make check}"
# shellcheck source=tests/integration/lib.sh
. "$top_srcdir/tests/integration/lib.sh"
da_require_root_and_docker

F=$DA_TMP/facts.json
R=$DA_TMP/results.json

# audit: facts in $F and the audit's results in $R.
audit() {
	da_dockaudit collect --docker-host "$DOCKER_HOST" -o "$F"
	expect_rc 0 "collect"
	da_audit_json "$R"
}

# rewrite JSON: the test daemon's config file replaced on disk (no
# restart, no signal), later than its start by more than the second the
# start time is precise to.
rewrite() {
	sleep 2
	printf '%s\n' "$1" >"$DA_DOCKERD_DIR/daemon.json"
}

# info_is MEMBER VALUE: wait (up to 10 s) until /info's MEMBER is VALUE.
info_is() {
	i=0
	while [ "$i" -lt 100 ]; do
		if curl -s --unix-socket "$DA_DOCKERD_DIR/docker.sock" http://docker/info |
			python3 -c 'import json,sys; sys.exit(0 if json.dumps(json.load(sys.stdin).get(sys.argv[1])) == sys.argv[2] else 1)' "$1" "$2"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	da_fail "/info $1 never became $2"
}

CLEAN='{"live-restore": true, "log-driver": "syslog", "no-new-privileges": true, "userland-proxy": false}'

# ---- (a) the file rewritten to look clean -----------------------------
DA_DAEMON_JSON_CONTENT='{"insecure-registries": ["10.99.0.0/16", "reg.example:5000"], "log-driver": "json-file"}'
da_dockerd_start
rewrite "$CLEAN"
audit
expect --fact "$F" /daemon/config_file/changed_since_start true
expect --fact "$F" /daemon/settings/live-restore \
	'{"value": false, "source": "api", "api_member": "LiveRestoreEnabled", "configured_value": true, "configured_source": "config"}'
expect --fact "$F" /daemon/settings/insecure-registries/value '["10.99.0.0/16", "reg.example:5000"]'
expect --fact "$F" /daemon/settings/insecure-registries/configured_value '[]'
expect --fact "$F" /daemon/settings/log-driver/value json-file
expect "$R" daemon_insecure_registries dockerd fail --message-contains 10.99.0.0/16
expect "$R" daemon_remote_logging dockerd fail --message-contains json-file
expect "$R" daemon_live_restore dockerd fail
# 20.10 does not list no-new-privileges in /info, nor does any version
# report userland-proxy: what the file says now is not what was read.
expect "$R" daemon_no_new_privileges dockerd error --message-contains "after dockerd started"
expect "$R" daemon_userland_proxy_disabled dockerd error --message-contains "after dockerd started"
expect "$R" daemon_config_drift live-restore fail --message-contains "daemon.json sets live-restore true; the running daemon has false"
expect "$R" daemon_config_drift log-driver fail --message-contains "next restart"
expect "$R" daemon_config_drift insecure-registries fail --message-contains "reload (SIGHUP)"
expect "$R" daemon_config_drift - fail

# The twin: the same clean file from the start.
DA_DAEMON_JSON_CONTENT=$CLEAN
da_dockerd_start
audit
expect --fact "$F" /daemon/config_file/changed_since_start false
expect --fact "$F" /daemon/drift '[]'
expect --fact "$F" /daemon/settings/insecure-registries \
	'{"value": [], "source": "api", "api_member": "RegistryConfig"}'
expect "$R" daemon_insecure_registries dockerd pass
expect "$R" daemon_remote_logging dockerd pass
expect "$R" daemon_live_restore dockerd pass
expect "$R" daemon_no_new_privileges dockerd pass
expect "$R" daemon_userland_proxy_disabled dockerd pass
expect "$R" daemon_config_drift - notapplicable

# ---- (b) live restore by SIGHUP ---------------------------------------
DA_DAEMON_JSON_CONTENT='{}'
da_dockerd_start
rewrite '{"live-restore": true}'
audit
expect "$R" daemon_live_restore dockerd fail
expect "$R" daemon_config_drift live-restore fail \
	--message-contains "daemon.json sets live-restore true; the running daemon has false; the file takes effect at the next reload (SIGHUP)"
kill -HUP "$DA_DOCKERD_PID"
info_is LiveRestoreEnabled true
audit
expect "$R" daemon_live_restore dockerd pass
expect --fact "$F" /daemon/drift '[]'
expect "$R" daemon_config_drift - notapplicable
rewrite '{}'
audit
expect "$R" daemon_live_restore dockerd pass
expect --fact "$F" /daemon/drift/0/setting live-restore
expect --fact "$F" /daemon/drift/0/file_source default
expect --fact "$F" /daemon/drift/0/takes_effect reload
expect "$R" daemon_config_drift live-restore fail \
	--message-contains "daemon.json does not set live-restore (default false); the running daemon has true"

# ---- (c) debug ----------------------------------------------------------
DA_DAEMON_JSON_CONTENT='{"debug": true, "log-level": "info"}'
da_dockerd_start
audit
expect --fact "$F" /daemon/settings/log-level \
	'{"value": "debug", "source": "api", "by": "debug", "api_member": "Debug", "configured_value": "info", "configured_source": "config"}'
expect "$R" daemon_log_level dockerd fail --message-contains debug
expect "$R" daemon_config_drift - notapplicable

DA_DAEMON_JSON_CONTENT='{"log-level": "info"}'
da_dockerd_start
audit
expect --fact "$F" /daemon/settings/debug '{"value": false, "source": "api", "api_member": "Debug"}'
expect "$R" daemon_log_level dockerd pass

# ---- (d) what the command line says is always known ----------------------
DA_DAEMON_JSON_CONTENT='{}'
da_dockerd_start --userland-proxy=false
rewrite '{"icc": false, "userland-proxy": true}'
audit
expect --fact "$F" /daemon/settings/userland-proxy/value false
expect --fact "$F" /daemon/settings/userland-proxy/source flag
expect "$R" daemon_userland_proxy_disabled dockerd pass
expect "$R" daemon_icc dockerd error --message-contains "after dockerd started"
expect --fact "$F" /daemon/settings/icc/file_value false

# ---- (e) user namespace remapping -----------------------------------------
# dockerd creates the dockremap user: /etc is an overlay of the test's own.
# The remapped root must be able to traverse the daemon's directory.
da_overlay_etc
DA_DAEMON_JSON_CONTENT='{}'
da_dockerd_start
chmod 0711 "$DA_DOCKERD_DIR"
DA_DAEMON_JSON_CONTENT='{"userns-remap": "default"}'
da_dockerd_restart
audit
expect --fact "$F" /daemon/settings/userns-remap \
	'{"value": "default", "source": "config", "in_effect": true, "in_effect_source": "api"}'
expect --fact "$F" /daemon/settings/data-root/value "$DA_DOCKERD_DIR/data" --string
expect "$R" daemon_userns_remap dockerd pass
expect "$R" daemon_config_drift - notapplicable
rewrite '{}'
audit
expect "$R" daemon_userns_remap dockerd pass
expect "$R" daemon_config_drift userns-remap fail \
	--message-contains 'daemon.json does not set userns-remap (default ""); the running daemon has remapping in effect'

# The twin: no remapping, then the file asks for it (no restart).
DA_DAEMON_JSON_CONTENT='{}'
da_dockerd_start
audit
expect "$R" daemon_userns_remap dockerd fail
rewrite '{"userns-remap": "default"}'
audit
expect "$R" daemon_userns_remap dockerd fail
expect "$R" daemon_config_drift userns-remap fail \
	--message-contains "daemon.json sets userns-remap default; the running daemon has no remapping"

da_done
