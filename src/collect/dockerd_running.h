/*
 * What the running daemon says about its own settings. The command line and
 * daemon.json tell what dockerd was started with (or will start with next);
 * GET /info tells what it does now, which differs when the file was edited
 * after the start, with or without a reload (SIGHUP). These functions lay
 * /info over the settings fact, list where the file and the running daemon
 * disagree (drift), and tell when the file changed after the daemon started.
 */
#ifndef DA_COLLECT_DOCKERD_RUNNING_H
#define DA_COLLECT_DOCKERD_RUNNING_H

#include <jansson.h>
#include <stdbool.h>

#include "common/rootfs.h"

/* Each setting /info reports (dockaudit-facts(5), "settings"), in SETTINGS
 * (the object da_dockerd_settings_eval returned, changed in place):
 * {"value", "source": "api", "api_member"}, plus "configured_value" and
 * "configured_source" (what the command line, the config file or the
 * default gave) where those differ from the running value, or
 * "configured_error" where they could not be known. userns-remap keeps its
 * value and gains "in_effect" (a boolean) and "in_effect_source". A daemon
 * running with debug on logs at debug level whatever log-level says:
 * log-level is then "debug", by "debug". INFO without a member (an older
 * API, an error) leaves that setting as it was. */
void da_dockerd_settings_apply_info(json_t *settings, const json_t *info);

/* icc, which /info does not report, as the running daemon made its default
 * bridge: NETWORKS is the daemon section's "networks" fact; the network
 * whose options mark it the default bridge gives icc ("source": "api", as
 * above). Without one (--bridge=none, an error) icc is left as it was. */
void da_dockerd_settings_apply_networks(json_t *settings, const json_t *networks);

/* The drift fact: an array (caller owns) of {"setting", "file_value",
 * "file_source" ("config": daemon.json sets it; "default": it does not),
 * "running_value", "running_source", "api_member", "takes_effect"
 * ("reload": a SIGHUP applies the file; "restart"), "message"} for each
 * setting of SETTINGS (after da_dockerd_settings_apply_info) where the
 * running daemon's value is not what daemon.json gives. Settings given on
 * the command line are never drift (the file cannot change them). */
json_t *da_dockerd_drift_json(const json_t *settings);

/* The settings of SETTINGS whose value came from the config file or a
 * default ("config", "default") and that the running daemon does not
 * report become {"error": WHY, "file_value", "file_source"}: the file on
 * disk changed after the daemon started, so it may not be what the daemon
 * read. */
void da_dockerd_settings_unconfirmed(json_t *settings, const char *why);

/* When process PID started, in seconds since the epoch, from ROOT's
 * /proc/PID/stat (starttime) and /proc/stat (btime): 0 and *OUT, or
 * -errno. Precise to about a second (btime is whole seconds). */
int da_dockerd_start_time(const struct da_root *root, int pid, double *out);

#endif
