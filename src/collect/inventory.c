/*
 * The inventory collector: how many images and containers the host keeps,
 * counted from the images and containers sections, with a sentence saying
 * it, for the rules that report rather than judge (image and container
 * sprawl). Layout: dockaudit-facts(5), man/facts/95-inventory.roff.
 */
#include "collect/collectors.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <stdlib.h>
#include <string.h>

/* O's summary member: TEXT (adopted). */
static void set_summary(json_t *o, char *text)
{
	json_object_set_new(o, "summary", json_string(text));
	free(text);
}

/* Whether ID is the parent of an image of ITEMS: a build step, not a
 * dangling image. */
static bool is_parent(const json_t *items, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach (items, i, v) {
		const char *p = json_string_value(json_object_get(v, "parent"));

		if (p && !strcmp(p, id))
			return true;
	}
	return false;
}

/* Counts of the images the list holds (not those only containers name):
 * unused (no container uses it), dangling (no tag, no child image). */
static json_t *images(const json_t *section)
{
	const json_t *items = json_object_get(section, "items"), *v;
	size_t i, total = 0, unused = 0, dangling = 0;
	json_t *o = json_object();

	if (!json_is_array(items)) {
		const char *e = json_string_value(json_object_get(section, "error"));

		da_facts_set_error(o, "%s", e ? e : "the images were not listed");
		return o;
	}
	json_array_foreach (items, i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));

		if (!json_is_true(json_object_get(v, "listed")))
			continue;
		total++;
		unused += json_array_size(json_object_get(v, "in_use_by")) == 0;
		dangling += json_array_size(json_object_get(v, "repo_tags")) == 0 && id &&
			    !is_parent(items, id);
	}
	json_object_set_new(o, "total", json_integer((json_int_t)total));
	json_object_set_new(o, "unused", json_integer((json_int_t)unused));
	json_object_set_new(o, "dangling", json_integer((json_int_t)dangling));
	set_summary(o, da_xasprintf("%zu image%s (%zu unused, %zu dangling)", total,
				    total == 1 ? "" : "s", unused, dangling));
	return o;
}

/* Counts of the containers: running and stopped (every other state). */
static json_t *containers(const json_t *section)
{
	const json_t *items = json_object_get(section, "items"), *v;
	size_t i, total, running = 0;
	json_t *o = json_object();

	if (!json_is_array(items)) {
		const char *e = json_string_value(json_object_get(section, "error"));

		da_facts_set_error(o, "%s", e ? e : "the containers were not listed");
		return o;
	}
	total = json_array_size(items);
	json_array_foreach (items, i, v)
		running += json_is_true(json_object_get(v, "running"));
	json_object_set_new(o, "total", json_integer((json_int_t)total));
	json_object_set_new(o, "running", json_integer((json_int_t)running));
	json_object_set_new(o, "stopped", json_integer((json_int_t)(total - running)));
	set_summary(o, da_xasprintf("%zu container%s (%zu running, %zu stopped)", total,
				    total == 1 ? "" : "s", running, total - running));
	return o;
}

static void collect_inventory(struct da_collect_ctx *ctx, json_t *section)
{
	json_object_set_new(section, "images", images(json_object_get(ctx->facts, "images")));
	json_object_set_new(section, "containers",
			    containers(json_object_get(ctx->facts, "containers")));
}

const struct da_collector da_collector_inventory = {
	.name = "inventory",
	.summary = "how many images and containers the host keeps",
	.collect = collect_inventory,
};
