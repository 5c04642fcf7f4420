#!/bin/sh
# The rules of CIS sections 4 (images), 6 (security operations) and 7 (swarm)
# on frozen fact documents under tests/fixtures/facts/images/: for each rule
# and each subject the exact result.
#   images-mixed.json       not in a swarm; one image (and container) per
#                           image misconfiguration, a well-built one, an unused
#                           tagged one, an untagged intermediate one and one the
#                           daemon no longer has
#   swarm-manager-good.json a manager with every swarm setting right
#   swarm-manager-bad.json  a manager with every swarm setting wrong
#   swarm-worker.json       a worker, which cannot read the cluster's settings
# ../daemon-down.json gives the errors when the daemon cannot be reached.
. "$top_srcdir/tests/cli/lib.sh"

R="$DA_TMP/results.json"
IF="$FACTS/images"

# check_matrix RESULTS: reads "rule subject result" lines on stdin.
check_matrix() {
	while read -r rule subject result; do
		[ -n "$rule" ] || continue
		$EXPECT "$1" "$rule" "$subject" "$result" || DA_FAILS=$((DA_FAILS + 1))
	done
}

# check_msg RESULTS RULE SUBJECT RESULT TEXT
check_msg() {
	$EXPECT "$1" "$2" "$3" "$4" --message-contains "$5" || DA_FAILS=$((DA_FAILS + 1))
}

# Manual rules that only concern swarm nodes say da:applies: off a swarm
# manager they do not apply at all.
check_manual_na() {
	for rule in "$@"; do
		$EXPECT "$R" "$rule" - notapplicable || DA_FAILS=$((DA_FAILS + 1))
	done
}

bench="$DOCKAUDIT_DATADIR/benchmarks/dockaudit-docker-xccdf.xml"

da_run eval --benchmark "$bench" --json "$R" "$IF/images-mixed.json"
expect_rc 2 "images: some rules fail"
check_matrix "$R" <<'MATRIX'
image_user good:1 pass
image_user bad:1 fail
image_user rootuid:1 fail
image_user rootname:1 fail
image_user sha256:9999999999999999999999999999999999999999999999999999999999999999 error
image_user - fail
image_healthcheck good:1 pass
image_healthcheck rootname:1 pass
image_healthcheck bad:1 fail
image_healthcheck rootuid:1 fail
image_healthcheck - fail
image_update_not_alone good:1 pass
image_update_not_alone rootname:1 pass
image_update_not_alone bad:1 fail
image_update_not_alone rootuid:1 fail
image_update_not_alone sha256:9999999999999999999999999999999999999999999999999999999999999999 error
image_update_not_alone - fail
image_add_remote good:1 pass
image_add_remote rootuid:1 pass
image_add_remote bad:1 fail
image_add_remote rootname:1 fail
image_add_remote - fail
image_env_secrets good:1 pass
image_env_secrets rootname:1 pass
image_env_secrets bad:1 fail
image_env_secrets rootuid:1 fail
image_env_secrets unused:1 fail
image_env_secrets - fail
container_env_secrets c-good pass
container_env_secrets c-noenv pass
container_env_secrets c-rootname fail
container_env_secrets c-bad fail
container_env_secrets c-rootuid fail
container_env_secrets c-orphan fail
container_env_secrets - fail
image_trusted_base - notchecked
image_minimal_packages - notchecked
image_scanned_rebuilt - notchecked
image_content_trust - notchecked
image_setuid_removed - notchecked
image_no_secrets - notchecked
image_verified_packages - notchecked
image_signatures_validated - notchecked
image_sprawl images informational
container_sprawl containers informational
swarm_manager_count dockerd notapplicable
swarm_manager_count - notapplicable
swarm_overlay_encrypted - notapplicable
swarm_autolock dockerd notapplicable
swarm_node_cert_expiry dockerd notapplicable
MATRIX
check_manual_na swarm_listen_interface swarm_secrets_used swarm_unlock_key_rotated \
	swarm_ca_rotated swarm_plane_separation
# Images no container uses are left out, except tagged ones for secrets.
python3 - "$R" <<'PY' || da_fail "images no container uses were judged"
import json, sys
rules = {r["id"].split("_rule_")[1]: r for r in json.load(open(sys.argv[1]))["rules"]}
for rule in ("image_user", "image_healthcheck", "image_update_not_alone", "image_add_remote"):
    names = [i["subject"]["name"] for i in rules[rule]["instances"]]
    assert "unused:1" not in names and not any(n.startswith("sha256:f") for n in names), (rule, names)
names = [i["subject"]["name"] for i in rules["image_env_secrets"]["instances"]]
assert not any(n.startswith("sha256:f") for n in names), names
PY
check_msg "$R" image_user rootuid:1 fail "0:1000"
check_msg "$R" image_healthcheck rootuid:1 fail NONE
check_msg "$R" image_update_not_alone bad:1 fail "apt-get update"
check_msg "$R" image_update_not_alone rootuid:1 fail "apk -q update"
check_msg "$R" image_add_remote bad:1 fail "https://example.com/app.tar.gz"
check_msg "$R" image_add_remote rootname:1 fail "git@github.com"
check_msg "$R" image_env_secrets bad:1 fail MYSQL_ROOT_PASSWORD
check_msg "$R" image_env_secrets rootuid:1 fail aws_secret_access_key
check_msg "$R" image_env_secrets unused:1 fail GITHUB_TOKEN
check_msg "$R" container_env_secrets c-rootuid fail STRIPE_API_KEY
check_msg "$R" container_env_secrets c-orphan fail PGPASSWORD
check_msg "$R" container_env_secrets c-rootname fail ADMIN_PASSWORD
check_msg "$R" image_user sha256:9999999999999999999999999999999999999999999999999999999999999999 error "No such image"

da_run eval --benchmark "$bench" --json "$R" "$IF/swarm-manager-good.json"
check_matrix "$R" <<'MATRIX'
swarm_manager_count dockerd pass
swarm_overlay_encrypted ingress pass
swarm_overlay_encrypted app-net pass
swarm_overlay_encrypted - pass
swarm_autolock dockerd pass
swarm_node_cert_expiry dockerd pass
swarm_listen_interface dockerd pass
swarm_secrets_used - notchecked
swarm_unlock_key_rotated - notchecked
swarm_ca_rotated dockerd pass
swarm_plane_separation dockerd pass
image_user - notapplicable
image_healthcheck - notapplicable
container_env_secrets - notapplicable
MATRIX

da_run eval --benchmark "$bench" --json "$R" "$IF/swarm-manager-bad.json"
expect_rc 2 "badly configured swarm manager"
check_matrix "$R" <<'MATRIX'
swarm_manager_count dockerd fail
swarm_overlay_encrypted app-net pass
swarm_overlay_encrypted ingress fail
swarm_overlay_encrypted plain-net fail
swarm_overlay_encrypted - fail
swarm_autolock dockerd fail
swarm_node_cert_expiry dockerd fail
swarm_listen_interface dockerd fail
swarm_ca_rotated dockerd fail
swarm_plane_separation dockerd fail
MATRIX
check_msg "$R" swarm_listen_interface dockerd fail "0.0.0.0"
check_msg "$R" swarm_ca_rotated dockerd fail "800"
check_msg "$R" swarm_plane_separation dockerd fail "/data_path/set is false"
check_msg "$R" swarm_manager_count dockerd fail "is 4"
check_msg "$R" swarm_autolock dockerd fail "absent"
check_msg "$R" swarm_node_cert_expiry dockerd fail 31536000000000000

da_run eval --benchmark "$bench" --json "$R" "$IF/swarm-worker.json"
check_matrix "$R" <<'MATRIX'
swarm_manager_count dockerd notapplicable
swarm_autolock dockerd notapplicable
swarm_node_cert_expiry dockerd notapplicable
swarm_overlay_encrypted ingress fail
swarm_listen_interface dockerd fail
swarm_plane_separation dockerd fail
swarm_ca_rotated dockerd error
MATRIX
check_msg "$R" swarm_listen_interface dockerd fail "::"
check_msg "$R" swarm_ca_rotated dockerd error "Permission denied"
check_manual_na swarm_secrets_used swarm_unlock_key_rotated

da_run eval --benchmark "$bench" --json "$R" "$FACTS/daemon-down.json"
check_matrix "$R" <<'MATRIX'
image_user - error
image_healthcheck - error
image_update_not_alone - error
image_add_remote - error
image_env_secrets - error
container_env_secrets - error
swarm_manager_count dockerd error
swarm_overlay_encrypted - error
swarm_autolock dockerd error
swarm_node_cert_expiry dockerd error
image_trusted_base - notchecked
image_sprawl - error
MATRIX

# Values: a tailoring can ask for a highly available swarm (3, 5 or 7
# managers) and 30-day node certificates; the good manager has 3 managers
# but 90-day certificates.
cat >"$DA_TMP/tailoring.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.dockaudit_tailoring_images_test">
	<benchmark href="$bench" id="xccdf_org.dockaudit_benchmark_docker"/>
	<version time="2026-11-25T00:00:00Z">1</version>
	<Profile id="xccdf_org.dockaudit_profile_images_test">
		<title>Strict swarm</title>
		<description>Highly available managers, 30-day node certificates.</description>
		<select idref="xccdf_org.dockaudit_group_swarm" selected="true"/>
		<refine-value idref="xccdf_org.dockaudit_value_swarm_manager_counts" selector="ha"/>
		<refine-value idref="xccdf_org.dockaudit_value_swarm_node_cert_expiry_max" selector="30d"/>
	</Profile>
</Tailoring>
XML
da_run eval --benchmark "$bench" --tailoring "$DA_TMP/tailoring.xml" --profile images_test \
	--json "$R" "$IF/swarm-manager-good.json"
expect_rc 2 "tailored values"
check_matrix "$R" <<'MATRIX'
swarm_manager_count dockerd pass
swarm_node_cert_expiry dockerd fail
MATRIX

da_done
