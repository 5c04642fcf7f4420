/*
 * The images collector: every image the daemon has (GET /images/json?all=1)
 * and every image a container refers to, each inspected and its history
 * read, all requests at once. What rules ask of images: the configured
 * user, healthcheck, environment, labels, and every build step in full.
 * And what each container's image reference (Config.Image) resolves to
 * now, to tell a container running a stale image.
 * Layout: dockaudit-facts(5), man/facts/90-images.roff.
 */
#include "collect/collectors.h"
#include "collect/container_user.h"
#include "collect/images.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "facts/facts.h"

#include <stdlib.h>
#include <string.h>

#define LIST_PATH "/images/json?all=1"

/* One image to inspect: its id, whether the list had it, who uses it. */
struct image {
	const char *id; /* borrowed from the list or the containers section */
	bool listed;
	json_t *users; /* container names, sorted; owned */
};

/* "/images/ID/WHAT" with ID percent-encoded but for ':' ("sha256:..."). */
static char *image_path(const char *id, const char *what)
{
	static const char keep[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:";
	struct da_buf b;

	da_buf_init(&b, 0);
	da_buf_puts(&b, "/images/");
	for (; *id; id++) {
		if (strchr(keep, *id))
			da_buf_append(&b, id, 1);
		else
			da_buf_printf(&b, "%%%02X", (unsigned char)*id);
	}
	da_buf_printf(&b, "/%s", what);
	return da_buf_take(&b);
}

static struct image *add_image(struct image **v, size_t *n, const char *id, bool listed)
{
	struct image *im;

	*v = da_xreallocarray(*v, *n + 1, sizeof(**v));
	im = &(*v)[(*n)++];
	im->id = id;
	im->listed = listed;
	im->users = json_array();
	return im;
}

static int cmp_strings(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
		      json_string_value(*(json_t *const *)b));
}

static void sort_strings(json_t *arr)
{
	size_t i, n = json_array_size(arr);
	json_t **v = da_xcalloc(n ? n : 1, sizeof(*v));

	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), cmp_strings);
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* The images of the list, then those containers use that it lacks; the
 * ids are looked up with a hash so thousands of images stay cheap. */
static struct image *gather(const json_t *list, const json_t *containers, size_t *n)
{
	json_t *seen = json_object();
	struct image *v = NULL;
	size_t i;
	json_t *e;

	*n = 0;
	json_array_foreach (list, i, e) {
		const char *id = json_string_value(json_object_get(e, "Id"));

		if (id && !json_object_get(seen, id)) {
			json_object_set_new(seen, id, json_integer((json_int_t)*n));
			add_image(&v, n, id, true);
		}
	}
	json_array_foreach (containers, i, e) {
		const char *id = json_string_value(json_object_get(e, "image_id"));
		const char *name = json_string_value(json_object_get(e, "name"));
		json_t *at;

		if (!id || !*id)
			continue;
		at = json_object_get(seen, id);
		if (!at) {
			at = json_integer((json_int_t)*n);
			json_object_set_new(seen, id, at);
			add_image(&v, n, id, false);
		}
		json_array_append_new(v[json_integer_value(at)].users,
				      da_facts_string(name ? name : id));
	}
	json_decref(seen);
	for (i = 0; i < *n; i++)
		sort_strings(v[i].users);
	return v;
}

/* ARR without the "<none>:<none>" / "<none>@<none>" placeholders the daemon
 * lists for untagged images. */
static json_t *real_refs(const json_t *arr)
{
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach (arr, i, v) {
		const char *s = json_string_value(v);

		if (s && strncmp(s, "<none>", 6) != 0)
			json_array_append(out, v);
	}
	return out;
}

static json_t *copy_or(const json_t *v, bool ok, json_t *fallback)
{
	if (ok) {
		json_decref(fallback);
		return json_deep_copy(v);
	}
	return fallback;
}

/* The members of ITEM that come from the inspect document IN. */
static void from_inspect(json_t *item, const json_t *in)
{
	const json_t *cfg = json_object_get(in, "Config");
	const json_t *user = json_object_get(cfg, "User"), *hc = json_object_get(cfg, "Healthcheck");
	const json_t *env = json_object_get(cfg, "Env"), *labels = json_object_get(cfg, "Labels");
	const json_t *created = json_object_get(in, "Created"), *size = json_object_get(in, "Size");
	const json_t *parent = json_object_get(in, "Parent");

	json_object_set_new(item, "repo_tags", real_refs(json_object_get(in, "RepoTags")));
	json_object_set_new(item, "repo_digests", real_refs(json_object_get(in, "RepoDigests")));
	json_object_set_new(item, "created", copy_or(created, json_is_string(created), json_null()));
	json_object_set_new(item, "size", copy_or(size, json_is_integer(size), json_null()));
	json_object_set_new(item, "parent", copy_or(parent, json_is_string(parent), json_string("")));
	json_object_set_new(item, "user", copy_or(user, json_is_string(user), json_string("")));
	json_object_set_new(item, "healthcheck", copy_or(hc, json_is_object(hc), json_null()));
	json_object_set_new(item, "env", copy_or(env, json_is_array(env), json_array()));
	json_object_set_new(item, "labels", copy_or(labels, json_is_object(labels), json_object()));
}

/* One step of GET /images/ID/history. */
static json_t *history_step(const json_t *h)
{
	const json_t *by = json_object_get(h, "CreatedBy"), *at = json_object_get(h, "Created");
	const json_t *size = json_object_get(h, "Size"), *comment = json_object_get(h, "Comment");
	json_t *o = json_object();

	if (!json_is_object(h) || !json_is_string(by) || !json_is_integer(size)) {
		da_facts_set_error(o, "history entry without string CreatedBy and integer Size");
		return o;
	}
	json_object_set_new(o, "created_by", json_deep_copy(by));
	json_object_set_new(o, "created", copy_or(at, json_is_integer(at), json_null()));
	json_object_set_new(o, "size", json_deep_copy(size));
	json_object_set_new(o, "empty_layer", json_boolean(json_integer_value(size) == 0));
	json_object_set_new(o, "comment", copy_or(comment, json_is_string(comment), json_string("")));
	return o;
}

/* The history member: {"items": [...]} newest first, as the daemon lists
 * it, or {"error"}. Adopts H. */
static json_t *history_fact(json_t *h, char *err, const char *path)
{
	json_t *o = json_object(), *items, *v;
	size_t i;

	if (!err && !json_is_array(h))
		err = da_xasprintf("GET %s: not a JSON array", path);
	if (err) {
		da_facts_set_error(o, "%s", err);
	} else {
		items = json_array();
		json_array_foreach (h, i, v)
			json_array_append_new(items, history_step(v));
		json_object_set_new(o, "items", items);
	}
	free(err);
	json_decref(h);
	return o;
}

/* The name people know the image by: its first tag, else its first
 * digest, else its id. */
static void set_name(json_t *item, const char *id)
{
	const json_t *t = json_array_get(json_object_get(item, "repo_tags"), 0);
	const json_t *d = json_array_get(json_object_get(item, "repo_digests"), 0);

	json_object_set_new(item, "name", t ? json_deep_copy(t) : d ? json_deep_copy(d)
								    : da_facts_string(id));
}

static json_t *image_item(struct image *im, json_t *in, char *in_err, const char *in_path)
{
	json_t *item = json_pack("{s:o, s:b, s:O}", "id", da_facts_string(im->id), "listed",
				 im->listed, "in_use_by", im->users);

	if (!in_err && !json_is_object(in))
		in_err = da_xasprintf("GET %s: not a JSON object", in_path);
	if (in_err)
		da_facts_set_error(item, "%s", in_err);
	else
		from_inspect(item, in);
	set_name(item, im->id);
	free(in_err);
	json_decref(in);
	return item;
}

static const char *item_key(const json_t *item, const char *key)
{
	const char *s = json_string_value(json_object_get(item, key));

	return s ? s : "";
}

static int cmp_items(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(item_key(x, "name"), item_key(y, "name"));

	return c ? c : strcmp(item_key(x, "id"), item_key(y, "id"));
}

/* Inspect and read the history of the N images of V, all concurrently;
 * returns the items sorted by name. */
static json_t *inspect_all(struct da_collect_ctx *ctx, struct image *v, size_t n)
{
	char **paths = da_xcalloc(2 * n + 1, sizeof(*paths));
	json_t **outs = da_xcalloc(2 * n + 1, sizeof(*outs));
	char **errs = da_xcalloc(2 * n + 1, sizeof(*errs));
	json_t **items = da_xcalloc(n + 1, sizeof(*items));
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		paths[2 * i] = image_path(v[i].id, "json");
		paths[2 * i + 1] = image_path(v[i].id, "history");
	}
	da_docker_get_many(ctx->docker, (const char *const *)paths, 2 * n, outs, errs);
	for (i = 0; i < n; i++) {
		items[i] = image_item(&v[i], outs[2 * i], errs[2 * i], paths[2 * i]);
		json_object_set_new(items[i], "history",
				    history_fact(outs[2 * i + 1], errs[2 * i + 1], paths[2 * i + 1]));
	}
	qsort(items, n, sizeof(*items), cmp_items);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, items[i]);
	for (i = 0; i < 2 * n; i++)
		free(paths[i]);
	free(paths);
	free(outs);
	free(errs);
	free(items);
	return arr;
}

/* The user of each image a container runs, resolved through that
 * container's passwd file (a name may be uid 0 there). */
static void add_user_resolved(struct da_collect_ctx *ctx, json_t *items, const json_t *containers)
{
	json_t *item, *r;
	size_t i;

	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		const char *user = json_string_value(json_object_get(item, "user"));

		if (id && user &&
		    (r = da_image_user_resolved(ctx->root, containers, id, user)) != NULL)
			json_object_set_new(item, "user_resolved", r);
	}
}

/* ---- what containers' image references resolve to now ------------------ */

/* Whether REF may go into a request path as it is: a reference as Docker
 * writes them (name, tag, digest, id) and nothing that a URL would read
 * otherwise (no "..", "//", query or escape). */
bool da_images_ref_ok(const char *ref)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:/@";
	size_t n = ref ? strlen(ref) : 0;

	return n && n <= 512 && strspn(ref, ok) == n && ref[0] != '/' && ref[n - 1] != '/' &&
	       !strstr(ref, "..") && !strstr(ref, "//");
}

/* How REF names an image: "digest" (NAME@sha256:...), "id" (the image id
 * IMAGE_ID, or a prefix of its hex of 12 digits or more) or "tag". */
const char *da_images_ref_kind(const char *ref, const char *image_id)
{
	const char *hex = image_id && !strncmp(image_id, "sha256:", 7) ? image_id + 7 : image_id;
	const char *r = !strncmp(ref, "sha256:", 7) ? ref + 7 : ref;
	size_t n = strlen(r);

	if (strchr(ref, '@'))
		return "digest";
	if (hex && n >= 12 && strspn(r, "0123456789abcdef") == n && !strncmp(hex, r, n))
		return "id";
	return "tag";
}

/* One entry of /images/references from a container item C; adds the
 * reference's path to PATHS (index *AT) unless it is not asked, or was
 * already (SEEN maps each path to its index: many containers share an
 * image, and each reference is asked once). */
static json_t *reference_start(const json_t *c, char ***paths, size_t *n, json_int_t *at,
			       json_t *seen)
{
	const char *ref = json_string_value(json_object_get(c, "image"));
	const char *id = json_string_value(json_object_get(c, "image_id"));
	json_t *e = json_pack("{s:O?, s:O?, s:O?, s:O?}", "container", json_object_get(c, "name"),
			      "container_id", json_object_get(c, "id"), "reference",
			      json_object_get(c, "image"), "image_id", json_object_get(c, "image_id"));

	*at = -1;
	if (!ref || !*ref || !id || !*id) {
		da_facts_set_error(e, "the container's image reference or image id is not known");
		return e;
	}
	json_object_set_new(e, "by", json_string(da_images_ref_kind(ref, id)));
	if (!da_images_ref_ok(ref)) {
		da_facts_set_error(e, "image reference %s is not a plain reference: not resolved", ref);
		return e;
	}
	if (json_is_integer(json_object_get(seen, ref))) {
		*at = json_integer_value(json_object_get(seen, ref));
		return e;
	}
	*paths = da_xreallocarray(*paths, *n + 1, sizeof(**paths));
	(*paths)[*n] = da_xasprintf("/images/%s/json", ref);
	*at = (json_int_t)(*n)++;
	json_object_set_new(seen, ref, json_integer(*at));
	return e;
}

/* Fill E from what its reference resolved to: OUT (borrowed) or ERR. */
static void reference_end(json_t *e, const json_t *out, const char *err)
{
	const json_t *id = json_object_get(out, "Id");

	if (err && strstr(err, ": HTTP 404")) {
		json_object_set_new(e, "resolves", json_false());
		json_object_set_new(e, "current_id", json_null());
		json_object_set_new(e, "current", json_false());
	} else if (err || !json_is_string(id)) {
		da_facts_set_error(e, "%s", err ? err : "the image inspect has no Id");
	} else {
		json_object_set_new(e, "resolves", json_true());
		json_object_set_new(e, "current_id", json_deep_copy(id));
		json_object_set_new(e, "current",
				    json_equal(id, json_object_get(e, "image_id")) ? json_true()
										   : json_false());
	}
}

/* /images/references: for each container, its image reference, the image
 * it runs and the image the reference names now, all asked at once. */
static json_t *references(struct da_collect_ctx *ctx, const json_t *containers)
{
	size_t i, n = 0, k = json_array_size(containers);
	json_int_t *at = da_xcalloc(k + 1, sizeof(*at));
	json_t *arr = json_array(), **outs, *seen = json_object();
	char **paths = NULL, **errs;
	const json_t *c;

	json_array_foreach (containers, i, c)
		json_array_append_new(arr, reference_start(c, &paths, &n, &at[i], seen));
	json_decref(seen);
	outs = da_xcalloc(n + 1, sizeof(*outs));
	errs = da_xcalloc(n + 1, sizeof(*errs));
	da_docker_get_many(ctx->docker, (const char *const *)paths, n, outs, errs);
	for (i = 0; i < k; i++) {
		if (at[i] >= 0)
			reference_end(json_array_get(arr, i), outs[at[i]], errs[at[i]]);
	}
	for (i = 0; i < n; i++) {
		json_decref(outs[i]);
		free(errs[i]);
		free(paths[i]);
	}
	free(paths);
	free(outs);
	free(errs);
	free(at);
	return arr;
}

static void collect_images(struct da_collect_ctx *ctx, json_t *section)
{
	const json_t *containers = da_facts_get(ctx->facts, "/containers/items");
	struct da_err err = { "" };
	json_t *list = NULL;
	struct image *v;
	size_t i, n;

	if (da_docker_get_json(ctx->docker, LIST_PATH, &list, &err) < 0) {
		da_facts_set_error(section, "%s", err.msg);
		return;
	}
	if (!json_is_array(list)) {
		da_facts_set_error(section, "GET %s: not a JSON array", LIST_PATH);
		json_decref(list);
		return;
	}
	v = gather(list, containers, &n);
	json_object_set_new(section, "count", json_integer((json_int_t)n));
	json_object_set_new(section, "items", inspect_all(ctx, v, n));
	add_user_resolved(ctx, json_object_get(section, "items"), containers);
	if (json_is_array(containers)) {
		json_object_set_new(section, "references", references(ctx, containers));
	} else {
		const char *cerr = json_string_value(da_facts_get(ctx->facts, "/containers/error"));
		json_t *refs = json_object();

		da_facts_set_error(refs, "%s", cerr ? cerr : "the containers were not listed");
		json_object_set_new(section, "references", refs);
	}
	for (i = 0; i < n; i++)
		json_decref(v[i].users);
	free(v);
	json_decref(list);
}

const struct da_collector da_collector_images = {
	.name = "images",
	.summary = "every image present or in use: inspect data and full build history",
	.collect = collect_images,
};
