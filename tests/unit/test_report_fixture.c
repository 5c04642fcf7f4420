/*
 * The hand-built benchmark and results shared by the reporter tests (see
 * report_fixture.h). Everything is heap-allocated the way the loader
 * and the engine allocate it, so valgrind sees the real ownership.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "engine/eval.h"
#include "report_fixture.h"

static struct da_item *item(enum da_item_kind kind, const char *id, const char *title,
			    struct da_item *parent)
{
	struct da_item *it = da_xcalloc(1, sizeof(*it));

	it->kind = kind;
	it->id = da_xstrdup(id);
	it->title = da_xstrdup(title);
	it->weight = 1.0;
	it->selected = true;
	it->parent = parent;
	parent->children = da_xreallocarray(parent->children, parent->n_children + 1,
					    sizeof(*parent->children));
	parent->children[parent->n_children++] = it;
	return it;
}

static struct da_item *rule(struct da_benchmark *b, struct da_item *group, const char *id,
			    const char *title, enum da_severity sev, const char *cis)
{
	struct da_item *it = item(DA_ITEM_RULE, id, title, group);

	it->rule = da_xcalloc(1, sizeof(*it->rule));
	it->rule->severity = sev;
	it->rule->cis = da_xstrdup(cis);
	it->rule->check_system = da_xstrdup("urn:dockaudit:check:1");
	b->rules = da_xreallocarray(b->rules, b->n_rules + 1, sizeof(*b->rules));
	b->rules[b->n_rules++] = it;
	return it;
}

static void add_fix(struct da_rule *r, const char *system, const char *text)
{
	r->fixes = da_xreallocarray(r->fixes, r->n_fixes + 1, sizeof(*r->fixes));
	r->fixes[r->n_fixes].system = da_xstrdup(system);
	r->fixes[r->n_fixes].id = NULL;
	r->fixes[r->n_fixes++].text = da_xstrdup(text);
}

static void values(struct da_benchmark *b)
{
	struct da_value *v;

	b->values = da_xcalloc(1, sizeof(*b->values));
	b->n_values = 1;
	v = &b->values[0];
	v->id = da_xstrdup("xccdf_org.dockaudit.test_value_caps");
	v->title = da_xstrdup("Allowed capabilities");
	v->type = da_xstrdup("string");
	v->value = da_xstrdup("CAP_CHOWN CAP_KILL");
	v->selectors = da_xcalloc(1, sizeof(char *));
	v->selector_values = da_xcalloc(1, sizeof(char *));
	v->selectors[0] = da_xstrdup("strict");
	v->selector_values[0] = da_xstrdup("CAP_CHOWN");
	v->n_selectors = 1;
}

static void profiles(struct da_benchmark *b)
{
	struct da_profile *p;

	b->profiles = da_xcalloc(1, sizeof(*b->profiles));
	b->n_profiles = 1;
	p = &b->profiles[0];
	p->id = da_xstrdup("xccdf_org.dockaudit.test_profile_strict");
	p->title = da_xstrdup("Strict");
	p->refine_values = da_xcalloc(1, sizeof(*p->refine_values));
	p->refine_values[0].idref = da_xstrdup("xccdf_org.dockaudit.test_value_caps");
	p->refine_values[0].selector = da_xstrdup("strict");
	p->n_refine_values = 1;
}

static xmlDoc *read_doc(void)
{
	const char *dir = getenv("DA_FIXTURES");
	char *path = da_xasprintf("%s/report/bench.xml", dir ? dir : "tests/fixtures");
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);

	if (!doc)
		fail_msg("cannot parse %s", path);
	free(path);
	return doc;
}

static struct da_benchmark *benchmark(void)
{
	struct da_benchmark *b = da_xcalloc(1, sizeof(*b));
	struct da_item *daemon, *containers, *it;

	b->id = da_xstrdup("xccdf_org.dockaudit.test_benchmark_report");
	b->title = da_xstrdup("Reporter test benchmark");
	b->version = da_xstrdup("1.2.3");
	b->root.kind = DA_ITEM_GROUP;
	daemon = item(DA_ITEM_GROUP, "xccdf_org.dockaudit.test_group_daemon", "Daemon", &b->root);
	containers = item(DA_ITEM_GROUP, "xccdf_org.dockaudit.test_group_containers", "Containers",
			  &b->root);
	it = rule(b, daemon, FX_RULE_ICC, "Restrict traffic between containers", DA_SEV_MEDIUM, "2.2");
	it->description = da_xstrdup("icc must be false.");
	it->rationale = da_xstrdup("Containers should not reach each other by default.");
	it->rule->fixtext = da_xstrdup("Set \"icc\": false and restart dockerd.");
	add_fix(it->rule, "urn:xccdf:fix:script:sh",
		"jq '.icc = false' /etc/docker/daemon.json > /tmp/d && mv /tmp/d /etc/docker/daemon.json");
	it = rule(b, containers, FX_RULE_PRIV, "Do not run privileged containers", DA_SEV_HIGH, "5.5");
	it->weight = 2.0;
	it->description = da_xstrdup("No container may run with --privileged.");
	it->rule->fixtext = da_xstrdup("Recreate the container without --privileged.");
	rule(b, containers, FX_RULE_MEM, "Limit container memory", DA_SEV_LOW, NULL);
	values(b);
	profiles(b);
	b->doc = read_doc();
	return b;
}

static void item_free(struct da_item *it)
{
	size_t i;

	for (i = 0; i < it->n_children; i++)
		item_free(it->children[i]);
	free(it->children);
	free(it->id);
	free(it->title);
	free(it->description);
	free(it->rationale);
	if (it->rule) {
		for (i = 0; i < it->rule->n_fixes; i++) {
			free(it->rule->fixes[i].system);
			free(it->rule->fixes[i].text);
		}
		free(it->rule->fixes);
		free(it->rule->cis);
		free(it->rule->fixtext);
		free(it->rule->check_system);
		free(it->rule);
	}
	if (it->parent)
		free(it);
}

static void value_free(struct da_value *v)
{
	size_t i;

	for (i = 0; i < v->n_selectors; i++) {
		free(v->selectors[i]);
		free(v->selector_values[i]);
	}
	free(v->selectors);
	free(v->selector_values);
	free(v->id);
	free(v->title);
	free(v->type);
	free(v->value);
}

static void profile_free(struct da_profile *p)
{
	size_t i;

	for (i = 0; i < p->n_refine_values; i++) {
		free(p->refine_values[i].idref);
		free(p->refine_values[i].selector);
	}
	free(p->refine_values);
	free(p->id);
	free(p->title);
}

static void benchmark_free(struct da_benchmark *b)
{
	item_free(&b->root);
	free(b->rules);
	value_free(&b->values[0]);
	free(b->values);
	profile_free(&b->profiles[0]);
	free(b->profiles);
	free(b->id);
	free(b->title);
	free(b->version);
	xmlFreeDoc(b->doc);
	free(b);
}

static void instance(struct da_rule_result *rr, enum da_result res, const char *kind,
		     const char *name, const char *id, const char *msg)
{
	struct da_instance *in;

	rr->instances = da_xreallocarray(rr->instances, rr->n_instances + 1, sizeof(*in));
	in = &rr->instances[rr->n_instances++];
	memset(in, 0, sizeof(*in));
	in->result = res;
	in->kind = da_xstrdup(kind);
	in->name = da_xstrdup(name);
	in->id = da_xstrdup(id);
	in->message = da_xstrdup(msg);
}

static json_t *facts(void)
{
	json_error_t e;
	json_t *f = json_pack_ex(&e, 0, "{s:s, s:i, s:{s:s, s:s, s:s}, s:{s:{s:s}}, s:{s:i}}",
				 "schema", "dockaudit-facts", "schema_version", 1, "host", "hostname",
				 FX_HOSTNAME, "kernel", "6.1.0-28-amd64", "os",
				 "Debian GNU/Linux 12 (bookworm)", "daemon", "version", "Version",
				 "24.0.7", "containers", "count", 3);

	if (!f)
		fail_msg("json_pack: %s", e.text);
	return f;
}

static void fill_results(struct da_results *r)
{
	struct da_rule_result *rr = r->rules;

	rr[0].result = DA_RES_FAIL;
	instance(&rr[0], DA_RES_FAIL, "daemon", "dockerd", NULL,
		 "/settings/icc/value is true; expected equals false");
	rr[1].result = DA_RES_FAIL;
	instance(&rr[1], DA_RES_FAIL, "container", FX_NAME_SCRIPT,
		 "1111111111111111111111111111111111111111111111111111111111111111",
		 "/inspect/HostConfig/Privileged is true; expected equals false");
	instance(&rr[1], DA_RES_PASS, "container", FX_NAME_QUOTES,
		 "2222222222222222222222222222222222222222222222222222222222222222",
		 "/inspect/HostConfig/Privileged is false");
	instance(&rr[1], DA_RES_ERROR, "container", FX_NAME_ESCAPE, NULL, FX_MSG_ESCAPE);
	rr[2].result = DA_RES_ERROR;
	rr[2].message = da_xstrdup("fact /containers/items was not collected");
	r->counts[DA_RES_FAIL] = 2;
	r->counts[DA_RES_ERROR] = 1;
}

struct da_results *fx_results(void)
{
	struct da_results *r = da_xcalloc(1, sizeof(*r));
	struct da_benchmark *b = benchmark();
	size_t i;

	r->bench = b;
	r->profile = &b->profiles[0];
	r->facts = facts();
	r->test_result_id = da_xstrdup(FX_TEST_RESULT_ID);
	r->start_time = FX_START;
	r->end_time = FX_END;
	r->rules = da_xcalloc(b->n_rules, sizeof(*r->rules));
	r->n_rules = b->n_rules;
	for (i = 0; i < b->n_rules; i++)
		da_rule_result_init(&r->rules[i], b->rules[i], r->profile);
	fill_results(r);
	r->scores[DA_SCORE_DEFAULT] = (struct da_score){ DA_SCORE_DEFAULT, 37.5, 100.0 };
	r->scores[DA_SCORE_FLAT] = (struct da_score){ DA_SCORE_FLAT, 0.0, 4.0 };
	r->scores[DA_SCORE_FLAT_UNWEIGHTED] = (struct da_score){ DA_SCORE_FLAT_UNWEIGHTED, 0.0, 3.0 };
	r->scores[DA_SCORE_ABSOLUTE] = (struct da_score){ DA_SCORE_ABSOLUTE, 0.0, 1.0 };
	return r;
}

void fx_free(struct da_results *r)
{
	if (!r)
		return;
	benchmark_free((struct da_benchmark *)r->bench);
	json_decref((json_t *)r->facts);
	da_results_free(r);
}

struct da_waivers *fx_waive(struct da_results *r)
{
	static const char text[] =
		"{\"waivers\": [\n"
		" {\"rule\": \"container_privileged\", \"subject\": \"<script>*\", \"justification\": "
		"\"needs <b>\\\"it\\\"</b> & more \\u001b[2J\", \"approved_by\": \"" FX_WAIVER_WHO "\", "
		"\"expires\": \"2027-03-31\"},\n"
		" {\"rule\": \"" FX_RULE_ICC "\", \"subject\": \"dockerd\", \"justification\": "
		"\"until the migration\", \"approved_by\": \"A. Smith\", \"expires\": \"2026-01-31\"},\n"
		" {\"rule\": \"container_memory\", \"subject\": \"*\", \"justification\": \"never "
		"used\", \"approved_by\": \"A. Smith\", \"expires\": \"2027-01-01\"}\n"
		"]}\n";
	struct da_err err = { { 0 } };
	struct da_waivers *w = NULL;

	if (da_waivers_parse(text, strlen(text), "w.json", r->bench, &w, &err) < 0)
		fail_msg("fixture waivers: %s", err.msg);
	assert_string_equal(w->items[0].justification, FX_WAIVER_WHY);
	da_waivers_apply(w, FX_WAIVER_DAY, r);
	return w;
}

char *fx_render(const struct da_reporter *rep, const struct da_results *r,
		const struct da_report_opts *opts)
{
	struct da_err err = { { 0 } };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	assert_non_null(f);
	rc = rep->write(r, opts, f, &err);
	fclose(f);
	if (rc != 0)
		fail_msg("%s reporter failed: %s", rep->name, err.msg);
	return buf;
}

size_t fx_count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	const char *p;

	for (p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}
