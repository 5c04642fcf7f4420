/*
 * Volumes in use (see volumes.h). Only the names the containers use are
 * asked for, in one concurrent batch like the container inspections, so a
 * host with thousands of unused volumes costs nothing.
 */
#include "collect/volumes.h"
#include "collect/mountinfo.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <stdlib.h>
#include <string.h>

#define VOLUME_NAME_MAX 255

bool da_volume_name_valid(const char *name)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(name);

	if (n == 0 || n > VOLUME_NAME_MAX || !strchr(alnum, name[0]))
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

/* The names of the volumes in Mounts of INSPECT, added to NAMES (a set). */
static void add_names(json_t *names, const json_t *inspect)
{
	const json_t *m;
	size_t i;

	json_array_foreach (json_object_get(inspect, "Mounts"), i, m) {
		const char *type = json_string_value(json_object_get(m, "Type"));
		const char *name = json_string_value(json_object_get(m, "Name"));

		if (type && name && strcmp(type, "volume") == 0 && *name)
			json_object_set_new(names, name, json_null());
	}
}

json_t *da_volumes_fetch(struct da_docker *docker, json_t *const *inspects, size_t n)
{
	json_t *out = json_object(), *v;
	const char *name;
	char **paths, **errs;
	const char **names;
	json_t **outs;
	size_t i, k = 0, count;

	for (i = 0; i < n; i++)
		add_names(out, inspects[i]);
	count = json_object_size(out);
	paths = da_xcalloc(count + 1, sizeof(*paths));
	names = da_xcalloc(count + 1, sizeof(*names));
	json_object_foreach (out, name, v) {
		if (da_volume_name_valid(name)) {
			names[k] = name;
			paths[k++] = da_xasprintf("/volumes/%s", name);
		}
	}
	outs = da_xcalloc(k + 1, sizeof(*outs));
	errs = da_xcalloc(k + 1, sizeof(*errs));
	if (k)
		da_docker_get_many(docker, (const char *const *)paths, k, outs, errs);
	json_object_foreach (out, name, v) {
		json_t *e = json_object();

		da_facts_set_error(e, "volume name \"%s\" is not one Docker accepts", name);
		json_object_set_new(out, name, e);
	}
	for (i = 0; i < k; i++) {
		json_t *e = json_object();

		if (!errs[i] && !json_is_object(outs[i]))
			errs[i] = da_xasprintf("GET %s: not a JSON object", paths[i]);
		if (errs[i]) {
			da_facts_set_error(e, "%s", errs[i]);
			json_decref(outs[i]);
		} else {
			json_decref(e);
			e = outs[i];
		}
		json_object_set_new(out, names[i], e);
		free(errs[i]);
		free(paths[i]);
	}
	free(paths);
	free(names);
	free(outs);
	free(errs);
	return out;
}

const char *da_volume_bind_device(const json_t *vol)
{
	const json_t *opts = json_object_get(vol, "Options");
	const char *driver = json_string_value(json_object_get(vol, "Driver"));
	const char *o = json_string_value(json_object_get(opts, "o"));
	const char *dev = json_string_value(json_object_get(opts, "device"));

	if (!driver || strcmp(driver, "local") != 0 || !o || !dev || dev[0] != '/')
		return NULL;
	if (!da_mountinfo_has_option(o, "bind") && !da_mountinfo_has_option(o, "rbind"))
		return NULL;
	return dev;
}
