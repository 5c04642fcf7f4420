/*
 * Two container options judged as Docker reads them: the device cgroup
 * rules (--device-cgroup-rule "TYPE MAJOR:MINOR ACCESS", which let a
 * container create and open host devices it was not given), and
 * no-new-privileges, from SecurityOpt in every form the daemon accepts,
 * the kernel's flag, or the daemon's default. Layout: dockaudit-facts(5),
 * man/facts/80-containers.roff.
 */
#include "collect/container_opts.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Character devices of major 1 that reach memory or I/O ports: /dev/mem,
 * /dev/kmem, /dev/port. (null, zero, full, random and urandom are not.) */
static bool sensitive_mem_minor(long minor)
{
	return minor < 0 || minor == 1 || minor == 2 || minor == 4;
}

/* A major or minor: decimal digits (at most 9) or "*" (-1). */
static int parse_num(const char *s, size_t n, long *v)
{
	size_t i;

	if (n == 1 && s[0] == '*') {
		*v = -1;
		return 0;
	}
	if (n == 0 || n > 9)
		return -EINVAL;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* ACCESS: one to three of r, w, m, each at most once. */
static bool valid_access(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 1 || n > 3)
		return false;
	for (i = 0; i < n; i++) {
		if (!strchr("rwm", s[i]) || memchr(s, s[i], i))
			return false;
	}
	return true;
}

int da_device_rule_parse(const char *rule, struct da_device_rule *out)
{
	const char *sp1, *colon, *sp2;

	if (!rule || !strchr("abc", rule[0]) || !rule[0] || rule[1] != ' ')
		return -EINVAL;
	out->type = rule[0];
	sp1 = rule + 1;
	colon = strchr(sp1 + 1, ':');
	sp2 = colon ? strchr(colon + 1, ' ') : NULL;
	if (!colon || !sp2 || parse_num(sp1 + 1, (size_t)(colon - sp1 - 1), &out->major) < 0 ||
	    parse_num(colon + 1, (size_t)(sp2 - colon - 1), &out->minor) < 0 ||
	    !valid_access(sp2 + 1))
		return -EINVAL;
	memcpy(out->access, sp2 + 1, strlen(sp2 + 1) + 1);
	return 0;
}

bool da_device_rule_sensitive(const struct da_device_rule *r)
{
	if (r->type == 'a' || r->type == 'b')
		return true;
	return r->major < 0 || (r->major == 1 && sensitive_mem_minor(r->minor));
}

static json_t *num_json(long v)
{
	return v < 0 ? json_string("*") : json_integer(v);
}

json_t *da_device_rules_fact(const json_t *hostconfig)
{
	const json_t *rules = json_object_get(hostconfig, "DeviceCgroupRules");
	json_t *out = json_array(), *v;
	struct da_device_rule r;
	size_t i;

	json_array_foreach (rules, i, v) {
		const char *s = json_string_value(v);

		if (!s || da_device_rule_parse(s, &r) < 0) {
			json_decref(out);
			out = json_object();
			da_facts_set_error(out,
					   "HostConfig.DeviceCgroupRules[%zu] %s%s%s is not a rule of the "
					   "form \"TYPE MAJOR:MINOR ACCESS\"",
					   i, s ? "\"" : "", s ? s : "(not a string)", s ? "\"" : "");
			return out;
		}
		json_array_append_new(
			out, json_pack("{s:s, s:s#, s:o, s:o, s:s, s:b}", "rule", s, "type", &r.type,
				       (int)1, "major", num_json(r.major), "minor", num_json(r.minor),
				       "access", r.access, "sensitive", da_device_rule_sensitive(&r)));
	}
	return out;
}

/* strconv.ParseBool: the spellings Go (and so the daemon) accepts. */
static int parse_go_bool(const char *s, bool *v)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(s, yes[i]) || !strcmp(s, no[i])) {
			*v = !strcmp(s, yes[i]);
			return 0;
		}
	}
	return -EINVAL;
}

int da_nnp_option(const char *opt, bool *value)
{
	static const char key[] = "no-new-privileges";
	size_t klen = sizeof(key) - 1;

	if (!strcmp(opt, key)) {
		*value = true;
		return 0;
	}
	/* "key=value", or the older "key:value" when there is no '='. */
	if (strncmp(opt, key, klen) ||
	    !(opt[klen] == '=' || (opt[klen] == ':' && !strchr(opt, '='))))
		return -ENOENT;
	return parse_go_bool(opt + klen + 1, value);
}

json_t *da_nnp_fact(const json_t *item, const json_t *facts)
{
	const json_t *opts = da_facts_get(item, "/inspect/HostConfig/SecurityOpt");
	const json_t *proc = da_facts_get(item, "/proc/no_new_privs");
	const json_t *dflt = da_facts_get(facts, "/daemon/settings/no-new-privileges/value");
	const char *option = NULL;
	bool value = false, v;
	json_t *o, *e;
	size_t i;
	int rc;

	json_array_foreach (opts, i, e) {
		const char *s = json_string_value(e);

		rc = s ? da_nnp_option(s, &v) : -ENOENT;
		if (rc == -EINVAL) {
			o = json_object();
			da_facts_set_error(o, "HostConfig.SecurityOpt \"%s\": not a boolean", s);
			return o;
		}
		if (rc == 0) { /* the daemon applies them in order: the last wins */
			value = v;
			option = s;
		}
	}
	if (json_is_boolean(proc))
		o = json_pack("{s:b, s:s}", "value", json_is_true(proc), "source", "proc");
	else if (option)
		o = json_pack("{s:b, s:s}", "value", value, "source", "config");
	else if (json_is_boolean(dflt))
		o = json_pack("{s:b, s:s}", "value", json_is_true(dflt), "source", "daemon");
	else
		o = json_pack("{s:b, s:s}", "value", 0, "source", "default");
	if (option)
		json_object_set_new(o, "option", json_string(option));
	return o;
}
