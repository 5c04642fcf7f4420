/*
 * XCCDF 1.2 Tailoring documents into struct da_tailoring (tailoring.h),
 * through the same strict plumbing as benchmarks (load.c) and the same
 * Profile parser (xccdf.c). What is particular to a tailoring is checked
 * here: the benchmark it names, its version, and which profiles its own
 * may extend or shadow.
 */
#include "content/tailoring.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "content/load.h"

#define SKIP(n) { .name = (n) }
#define PARSE(n, f) { .name = (n), .parse = (f) }
#define END { .name = NULL }

/* What a load builds, beside the model: each profile's element. */
struct tload {
	struct da_load *ld;
	struct da_tailoring *t;
	xmlNode **nodes;
	xmlNode *benchmark; /* the <benchmark> element, once seen */
	xmlNode *version;   /* the <version> element, once seen */
};

void da_tailoring_free(struct da_tailoring *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_profiles; i++)
		da_profile_clear(&t->profiles[i]);
	free(t->profiles);
	free(t->path);
	free(t->id);
	free(t->version);
	free(t->benchmark_href);
	free(t->benchmark_id);
	xmlFreeDoc(t->doc);
	free(t);
}

/* ---- finding a profile ---- */

static const struct da_profile *by_id(const struct da_profile *ps, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ps[i].id && strcmp(ps[i].id, want) == 0)
			return &ps[i];
	}
	return NULL;
}

static const struct da_profile *by_short_name(const struct da_profile *ps, size_t n,
					      const char *want)
{
	const char *s;
	size_t i;

	for (i = 0; i < n; i++) {
		s = ps[i].id ? strstr(ps[i].id, "_profile_") : NULL;
		if (s && strcmp(s + strlen("_profile_"), want) == 0)
			return &ps[i];
	}
	return NULL;
}

const struct da_profile *da_profile_find(const struct da_benchmark *b, const struct da_tailoring *t,
					 const char *want)
{
	const struct da_profile *p = NULL;

	if (!want)
		return NULL;
	if (t)
		p = by_id(t->profiles, t->n_profiles, want);
	if (!p && b)
		p = by_id(b->profiles, b->n_profiles, want);
	if (!p && t)
		p = by_short_name(t->profiles, t->n_profiles, want);
	if (!p && b)
		p = by_short_name(b->profiles, b->n_profiles, want);
	return p;
}

/* ---- the Tailoring element ---- */

static int tailoring_benchmark(struct da_load *ld, xmlNode *el, void *obj)
{
	struct tload *tl = obj;
	struct da_tailoring *t = tl->t;

	if (tl->benchmark)
		return da_load_error(ld, el, "Tailoring with more than one benchmark");
	tl->benchmark = el;
	if (da_xccdf_required(ld, el, "href", &t->benchmark_href) < 0 ||
	    da_xccdf_required(ld, el, "id", &t->benchmark_id) < 0)
		return -1;
	if (strcmp(t->benchmark_id, ld->b->id) != 0)
		return da_load_error(ld, el, "the tailoring is for benchmark '%s', not '%s' (%s)",
				     t->benchmark_id, ld->b->id, ld->b->path);
	return 0;
}

static int tailoring_version(struct da_load *ld, xmlNode *el, void *obj)
{
	struct tload *tl = obj;
	char *time = NULL;
	int rc;

	if (tl->version)
		return da_load_error(ld, el, "Tailoring with more than one version");
	tl->version = el;
	rc = da_xccdf_required(ld, el, "time", &time);
	free(time);
	if (rc < 0 || da_load_text(ld, el, DA_TEXT_COLLAPSE, &tl->t->version) < 0)
		return -1;
	return 0;
}

static int tailoring_profile(struct da_load *ld, xmlNode *el, void *obj)
{
	struct tload *tl = obj;
	struct da_tailoring *t = tl->t;

	t->profiles = da_xreallocarray(t->profiles, t->n_profiles + 1, sizeof(*t->profiles));
	memset(&t->profiles[t->n_profiles], 0, sizeof(*t->profiles));
	tl->nodes = da_xreallocarray(tl->nodes, t->n_profiles + 1, sizeof(*tl->nodes));
	tl->nodes[t->n_profiles] = el;
	return da_xccdf_profile(ld, el, &t->profiles[t->n_profiles++]);
}

static const struct da_child tailoring_children[] = {
	PARSE("benchmark", tailoring_benchmark), SKIP("status"), SKIP("dc-status"),
	PARSE("version", tailoring_version), SKIP("metadata"), PARSE("Profile", tailoring_profile),
	SKIP("signature"),
	END,
};

/* Profile I of the tailoring: the benchmark profile it extends (it may
 * take that profile's id, and so shadow it, but no other's), then inherit. */
static int extend(struct tload *tl, size_t i)
{
	struct da_profile *p = &tl->t->profiles[i];
	const struct da_benchmark *b = tl->ld->b;
	const struct da_profile *base = NULL;
	size_t j;

	for (j = 0; j < b->n_profiles && !base; j++) {
		if (p->extends && strcmp(b->profiles[j].id, p->extends) == 0)
			base = &b->profiles[j];
	}
	for (j = 0; j < b->n_profiles; j++) {
		if (strcmp(b->profiles[j].id, p->id) == 0 && base != &b->profiles[j])
			return da_load_error(tl->ld, tl->nodes[i],
					     "Profile '%s' takes the id of a benchmark profile without extending it",
					     p->id);
	}
	if (!p->extends)
		return 0;
	if (!base && by_id(tl->t->profiles, tl->t->n_profiles, p->extends))
		return da_load_error(tl->ld, tl->nodes[i],
				     "Profile '%s' extends '%s', a profile of the tailoring (only the benchmark's can be extended)",
				     p->id, p->extends);
	if (!base)
		return da_load_error(tl->ld, tl->nodes[i], "Profile '%s' extends unknown Profile '%s'",
				     p->id, p->extends);
	da_xccdf_inherit(p, base);
	return 0;
}

static int build(struct tload *tl, xmlNode *root)
{
	struct da_load *ld = tl->ld;
	size_t i;

	if (da_xccdf_id(ld, root, "tailoring", &tl->t->id) < 0 ||
	    da_xccdf_walk(ld, root, tailoring_children, tl) < 0)
		return -1;
	if (!tl->benchmark)
		return da_load_error(ld, root,
				     "Tailoring without benchmark (<benchmark href=\"...\" id=\"%s\"/>)",
				     ld->b->id);
	if (!tl->version)
		return da_load_error(ld, root, "Tailoring without version");
	if (!tl->t->n_profiles)
		return da_load_error(ld, root, "Tailoring without a Profile");
	for (i = 0; i < tl->t->n_profiles; i++) {
		if (extend(tl, i) < 0)
			return -1;
	}
	return 0;
}

int da_tailoring_load(const char *file, const struct da_benchmark *bench,
		      struct da_tailoring **out, struct da_err *err)
{
	struct da_tailoring *t = da_xcalloc(1, sizeof(*t));
	struct da_load ld;
	struct tload tl = { &ld, t, NULL, NULL, NULL };
	int rc;

	*out = NULL;
	if (!bench) {
		free(t);
		return da_err_set(err, "%s: no benchmark to tailor", file);
	}
	t->path = da_xstrdup(file);
	/* The benchmark is only read: its items, Values and profiles. */
	da_load_begin(&ld, t->path, (struct da_benchmark *)bench, err);
	ld.root_name = "Tailoring";
	rc = da_load_parse(&ld);
	t->doc = ld.doc;
	if (rc == 0)
		rc = da_load_xinclude(&ld);
	if (rc == 0)
		rc = build(&tl, xmlDocGetRootElement(t->doc));
	da_load_end(&ld);
	free(tl.nodes);
	if (rc < 0) {
		da_tailoring_free(t);
		return -1;
	}
	*out = t;
	return 0;
}
