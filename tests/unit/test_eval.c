/*
 * Unit tests for src/engine/eval.c: a hand-built benchmark evaluated
 * against the frozen fact document tests/fixtures/engine/facts.json (four
 * containers, one with an inspect error; four files, one unreadable; a
 * daemon that could not be reached; an images section that failed). Every
 * assertion is on an exact result and evidence message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "engine/eval.h"
#include "engine/ops.h"
#include "facts/facts.h"
#include "testutil.h"

#define ID_WEB "aaaa000000000000000000000000000000000000000000000000000000000001"
#define ID_PRIV "bbbb000000000000000000000000000000000000000000000000000000000002"
#define ID_BROKEN "cccc000000000000000000000000000000000000000000000000000000000003"
#define ID_STOPPED "dddd000000000000000000000000000000000000000000000000000000000004"
#define ERR_BROKEN "inspect: 500 Internal Server Error"
#define ERR_DAEMON "cannot connect to unix:///var/run/docker.sock: Permission denied"
#define ERR_USERNS "/etc/docker/daemon.json:3:5: end of file expected near ','"
#define PROFILE_STRICT "xccdf_org.test_profile_strict"

static const struct da_op *op(const char *name)
{
	const struct da_op *o = da_op_find(name);

	if (!o)
		fail_msg("no operator %s", name);
	return o;
}

/* ---- building checks by hand ------------------------------------------------- */

static struct da_check_node *node_new(enum da_node_kind kind, const char *path)
{
	struct da_check_node *n = da_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = 7;
	n->path = da_xstrdup(path);
	return n;
}

static struct da_check_node *test_missing(const char *path, const char *opname, const char *value,
					  enum da_missing missing)
{
	struct da_check_node *n = node_new(DA_NODE_TEST, path);

	n->op = op(opname);
	n->value = da_xstrdup(value);
	n->missing = missing;
	return n;
}

static struct da_check_node *test(const char *path, const char *opname, const char *value)
{
	return test_missing(path, opname, value, DA_MISSING_ERROR);
}

static struct da_check_node *test_ref(const char *path, const char *opname, const char *ref)
{
	struct da_check_node *n = test(path, opname, NULL);

	n->value_ref = da_xstrdup(ref);
	return n;
}

static void add_kids(struct da_check_node *n, size_t count, va_list ap)
{
	size_t i;

	n->kids = da_xcalloc(count, sizeof(*n->kids));
	n->n_kids = count;
	for (i = 0; i < count; i++)
		n->kids[i] = va_arg(ap, struct da_check_node *);
}

static struct da_check_node *logic(enum da_node_kind kind, size_t count, ...)
{
	struct da_check_node *n = node_new(kind, NULL);
	va_list ap;

	va_start(ap, count);
	add_kids(n, count, ap);
	va_end(ap);
	return n;
}

static struct da_check_node *each(const char *path, enum da_quantifier q, const char *label,
				  size_t count, ...)
{
	struct da_check_node *n = node_new(DA_NODE_EACH, path);
	va_list ap;

	n->quantifier = q;
	n->label = da_xstrdup(label);
	va_start(ap, count);
	add_kids(n, count, ap);
	va_end(ap);
	return n;
}

static struct da_check *check(const char *kind, const char *path, const char *name_path,
			      const char *id_path, const char *name)
{
	struct da_check *c = da_xcalloc(1, sizeof(*c));

	c->line = 3;
	c->subject_kind = da_xstrdup(kind);
	c->subjects_path = da_xstrdup(path);
	c->name_path = da_xstrdup(name_path);
	c->id_path = da_xstrdup(id_path);
	c->name = da_xstrdup(name);
	return c;
}

static struct da_check *containers(void)
{
	return check("container", "/containers/items", "/name", "/id", NULL);
}

static struct da_check *files(void)
{
	return check("file", "/files/items", "/path", NULL, NULL);
}

static struct da_check *daemon_check(void)
{
	return check("daemon", "/daemon", NULL, NULL, "dockerd");
}

static struct da_check *host(void)
{
	return check("host", "/host", NULL, NULL, "host");
}

static struct da_check *asserting(struct da_check *c, struct da_check_node *assert)
{
	c->assert = assert;
	return c;
}

static struct da_check *where(struct da_check *c, struct da_check_node *where)
{
	c->where = where;
	return c;
}

static struct da_check *applies(struct da_check *c, struct da_check_node *applies)
{
	c->applies = applies;
	return c;
}

/* ---- building a benchmark by hand -------------------------------------------- */

static struct da_item *item_new(struct da_item *parent, enum da_item_kind kind, const char *id,
				bool selected)
{
	struct da_item *it = da_xcalloc(1, sizeof(*it));

	it->kind = kind;
	it->id = da_xstrdup(id);
	it->weight = 1;
	it->selected = selected;
	it->parent = parent;
	parent->children = da_xreallocarray(parent->children, parent->n_children + 1,
					    sizeof(*parent->children));
	parent->children[parent->n_children++] = it;
	return it;
}

static struct da_item *group(struct da_benchmark *b, struct da_item *parent, const char *id,
			     bool selected)
{
	return item_new(parent ? parent : &b->root, DA_ITEM_GROUP, id, selected);
}

/* A rule in our check system (C may be NULL: no check). */
static struct da_item *rule(struct da_benchmark *b, struct da_item *parent, const char *id,
			    bool selected, struct da_check *c)
{
	struct da_item *it = item_new(parent, DA_ITEM_RULE, id, selected);

	it->rule = da_xcalloc(1, sizeof(*it->rule));
	it->rule->check = c;
	it->rule->check_system = c ? da_xstrdup(DA_CHECK_SYSTEM) : NULL;
	b->rules = da_xreallocarray(b->rules, b->n_rules + 1, sizeof(*b->rules));
	b->rules[b->n_rules++] = it;
	return it;
}

static void value(struct da_benchmark *b, const char *id, const char *def, const char *selector,
		  const char *selected)
{
	struct da_value *v;

	b->values = da_xreallocarray(b->values, b->n_values + 1, sizeof(*b->values));
	v = memset(&b->values[b->n_values++], 0, sizeof(*v));
	v->id = da_xstrdup(id);
	v->type = da_xstrdup("string");
	v->value = da_xstrdup(def);
	v->selectors = da_xcalloc(1, sizeof(char *));
	v->selector_values = da_xcalloc(1, sizeof(char *));
	v->selectors[0] = da_xstrdup(selector);
	v->selector_values[0] = da_xstrdup(selected);
	v->n_selectors = 1;
}

static void profile_select(struct da_profile *p, const char *idref, bool selected)
{
	p->selects = da_xreallocarray(p->selects, p->n_selects + 1, sizeof(*p->selects));
	p->selects[p->n_selects].idref = da_xstrdup(idref);
	p->selects[p->n_selects++].selected = selected;
}

static void profile_refine(struct da_profile *p, const char *idref, const char *selector)
{
	p->refine_values = da_xreallocarray(p->refine_values, p->n_refine_values + 1,
					    sizeof(*p->refine_values));
	memset(&p->refine_values[p->n_refine_values], 0, sizeof(*p->refine_values));
	p->refine_values[p->n_refine_values].idref = da_xstrdup(idref);
	p->refine_values[p->n_refine_values++].selector = da_xstrdup(selector);
}

/* Borrowed until the next call. */
static struct da_profile *profile(struct da_benchmark *b, const char *id)
{
	struct da_profile *p;

	b->profiles = da_xreallocarray(b->profiles, b->n_profiles + 1, sizeof(*b->profiles));
	p = memset(&b->profiles[b->n_profiles++], 0, sizeof(*p));
	p->id = da_xstrdup(id);
	return p;
}

/* ---- the benchmark under test ------------------------------------------------- */

static void container_rules(struct da_benchmark *b)
{
	struct da_item *g = group(b, NULL, "G_containers", true);

	rule(b, g, "R_priv", true,
	     asserting(containers(), test("/inspect/HostConfig/Privileged", "equals", "false")));
	rule(b, g, "R_netmode_running", true,
	     asserting(where(containers(), test("/running", "equals", "true")),
		       test("/inspect/HostConfig/NetworkMode", "not-equals", "host")));
	rule(b, g, "R_socket", true,
	     asserting(containers(),
		       each("/inspect/Mounts", DA_Q_NONE, "/Source", 1,
			    logic(DA_NODE_ANY, 2, test("/Source", "matches", "docker\\.sock$"),
				  test("/Destination", "matches", "docker\\.sock$")))));
	rule(b, g, "R_caps", true,
	     asserting(containers(),
		       each("/caps/effective", DA_Q_ALL, "", 1, test_ref("", "in", "V_caps"))));
	rule(b, g, "R_ro_mount", true,
	     asserting(where(containers(), test("/running", "equals", "true")),
		       each("/inspect/Mounts", DA_Q_ANY, "/Destination", 1,
			    test("/RW", "equals", "false"))));
}

static void file_and_daemon_rules(struct da_benchmark *b)
{
	struct da_item *g = group(b, NULL, "G_files", true);

	rule(b, g, "R_owner", true,
	     asserting(applies(files(), test("/exists", "equals", "true")),
		       logic(DA_NODE_ALL, 2, test("/uid", "equals", "0"), test("/gid", "equals", "0"))));
	rule(b, g, "R_certs", true,
	     asserting(where(files(), test("/role", "equals", "registry-certs")),
		       test("/mode", "equals", "0444")));
	g = group(b, NULL, "G_daemon", true);
	rule(b, g, "R_log_level", true,
	     asserting(daemon_check(), test_ref("/settings/log-level/value", "in", "V_levels")));
	rule(b, g, "R_userns", true,
	     asserting(daemon_check(), test("/settings/userns-remap/value", "not-empty", NULL)));
	rule(b, g, "R_api", true, asserting(daemon_check(), test("/version/ApiVersion", "equals", "1.43")));
	rule(b, g, "R_daemon_exists", true, asserting(daemon_check(), test("/version", "exists", NULL)));
	rule(b, g, "R_deep", true, asserting(daemon_check(), test("/settings/icc/x/y", "equals", "1")));
	rule(b, g, "R_up", true,
	     asserting(check("daemon", "/daemon/settings/icc", NULL, NULL, "icc"),
		       test("/x", "equals", "1")));
}

static void host_rules(struct da_benchmark *b)
{
	struct da_item *g = group(b, NULL, "G_host", true);

	rule(b, g, "R_missing_error", true, asserting(host(), test("/selinux", "equals", "true")));
	rule(b, g, "R_missing_pass", true,
	     asserting(host(), test_missing("/selinux", "equals", "true", DA_MISSING_PASS)));
	rule(b, g, "R_missing_fail", true,
	     asserting(host(), test_missing("/selinux", "equals", "true", DA_MISSING_FAIL)));
	rule(b, g, "R_absent_op", true, asserting(host(), test("/selinux", "absent", NULL)));
	rule(b, g, "R_any_err_true", true,
	     asserting(host(), logic(DA_NODE_ANY, 2, test("/nope", "equals", "1"),
				     test("/hostname", "equals", "h1"))));
	rule(b, g, "R_all_false_err", true,
	     asserting(host(), logic(DA_NODE_ALL, 2, test("/nope", "equals", "1"),
				     test("/hostname", "equals", "x"))));
	rule(b, g, "R_all_true_err", true,
	     asserting(host(), logic(DA_NODE_ALL, 2, test("/hostname", "equals", "h1"),
				     test("/nope", "equals", "1"))));
	rule(b, g, "R_any_false_err", true,
	     asserting(host(), logic(DA_NODE_ANY, 2, test("/hostname", "equals", "x"),
				     test("/nope", "equals", "1"))));
	rule(b, g, "R_none", true,
	     asserting(host(), logic(DA_NODE_NONE, 2, test("/kernel", "matches", "^5\\."),
				     test("/hostname", "equals", "h1"))));
	rule(b, g, "R_none_ok", true,
	     asserting(host(), logic(DA_NODE_NONE, 2, test("/kernel", "matches", "^5\\."),
				     test("/hostname", "equals", "x"))));
}

static void other_rules(struct da_benchmark *b)
{
	struct da_item *g = group(b, NULL, "G_other", true), *r;
	struct da_check *c = host();

	c->manual = true;
	c->question = da_xstrdup("Is the host dedicated to running containers?");
	rule(b, g, "R_manual", true, c);
	rule(b, g, "R_nocheck", true, NULL);
	r = rule(b, g, "R_oval", true, asserting(host(), test("/hostname", "equals", "h1")));
	free(r->rule->check_system);
	r->rule->check_system = da_xstrdup("http://oval.mitre.org/XMLSchema/oval-definitions-5");
	rule(b, g, "R_images", true,
	     asserting(check("image", "/images/items", "/tag", "/id", NULL), test("/user", "equals", "")));
	rule(b, g, "R_nodes", true,
	     asserting(check("host", "/nodes/items", NULL, NULL, NULL), test("/up", "equals", "true")));
	rule(b, g, "R_optin", false, asserting(host(), test("/hostname", "equals", "h1")));
	g = group(b, NULL, "G_off", false);
	rule(b, g, "R_in_off", true, asserting(host(), test("/hostname", "equals", "h1")));
	g = group(b, NULL, "G_info", true);
	c = host();
	c->inform = da_xstrdup("/hostname");
	rule(b, g, "R_inform", true, c);
	c = host();
	c->inform = da_xstrdup("/nope");
	rule(b, g, "R_inform_missing", true, c);
}

static struct da_benchmark *bench_new(void)
{
	struct da_benchmark *b = da_xcalloc(1, sizeof(*b));
	struct da_profile *p;

	b->path = da_xstrdup("hand-built.xml");
	b->root.kind = DA_ITEM_GROUP;
	b->root.id = da_xstrdup("xccdf_org.test_benchmark_engine");
	b->root.selected = false; /* the Benchmark has no selection of its own */
	container_rules(b);
	file_and_daemon_rules(b);
	host_rules(b);
	other_rules(b);
	value(b, "V_caps", "CAP_CHOWN CAP_NET_BIND_SERVICE CAP_SYS_ADMIN", "strict", "CAP_CHOWN");
	value(b, "V_levels", "info", "verbose", "info debug");
	p = profile(b, PROFILE_STRICT);
	profile_select(p, "R_optin", true);
	profile_select(p, "R_priv", false);
	profile_select(p, "G_off", true);
	profile_refine(p, "V_caps", "strict");
	profile_refine(p, "V_levels", "verbose");
	return b;
}

/* ---- fixtures and assertions ---------------------------------------------------- */

struct state {
	struct da_benchmark *bench;
	json_t *facts;
};

static char *fixture_path(const char *name)
{
	return da_test_fixture("engine/%s", name);
}

static int setup(void **state)
{
	struct state *s = da_xcalloc(1, sizeof(*s));
	struct da_err err = { "" };
	char *path = fixture_path("facts.json"), *top;

	if (!getenv("DOCKAUDIT_DATADIR")) {
		/* Run by hand: the check schema is in the source tree. */
		top = da_xasprintf("%.*s/../..", (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
		setenv("DOCKAUDIT_DATADIR", top, 1);
		free(top);
	}
	if (da_facts_load(path, &s->facts, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		free(path);
		free(s);
		return -1;
	}
	free(path);
	s->bench = bench_new();
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct state *s = *state;

	da_benchmark_free(s->bench);
	json_decref(s->facts);
	free(s);
	return 0;
}

static struct da_results *evaluate(void **state, const char *profile_id)
{
	struct state *s = *state;
	struct da_eval_opts opts = { .profile_id = profile_id };
	struct da_results *r = NULL;
	struct da_err err = { "" };

	if (da_evaluate(s->bench, s->facts, &opts, &r, &err) < 0)
		fail_msg("da_evaluate: %s", err.msg);
	return r;
}

static const struct da_rule_result *result_of(const struct da_results *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n_rules; i++)
		if (strcmp(r->rules[i].item->id, id) == 0)
			return &r->rules[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static void assert_rule(const struct da_results *r, const char *id, enum da_result want,
			const char *message, size_t n_instances)
{
	const struct da_rule_result *rr = result_of(r, id);

	if (rr->result != want)
		fail_msg("%s: %s, expected %s", id, da_result_name(rr->result), da_result_name(want));
	if (message)
		assert_string_equal(rr->message, message);
	else
		assert_null(rr->message);
	assert_int_equal(rr->n_instances, n_instances);
}

static void assert_instance(const struct da_results *r, const char *rule_id, size_t i,
			    enum da_result want, const char *kind, const char *name, const char *id,
			    const char *message)
{
	const struct da_rule_result *rr = result_of(r, rule_id);
	const struct da_instance *in;

	assert_true(i < rr->n_instances);
	in = &rr->instances[i];
	if (in->result != want)
		fail_msg("%s[%zu]: %s, expected %s (%s)", rule_id, i, da_result_name(in->result),
			 da_result_name(want), in->message ? in->message : "");
	assert_string_equal(in->kind, kind);
	assert_string_equal(in->name, name);
	if (id)
		assert_string_equal(in->id, id);
	else
		assert_null(in->id);
	assert_string_equal(in->message, message);
}

/* ---- tests -------------------------------------------------------------------- */

static void test_container_instances(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_priv", DA_RES_FAIL, NULL, 4);
	assert_instance(r, "R_priv", 0, DA_RES_PASS, "container", "web", ID_WEB,
			"/inspect/HostConfig/Privileged is false");
	assert_instance(r, "R_priv", 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"/inspect/HostConfig/Privileged is true; expected equals false");
	assert_instance(r, "R_priv", 2, DA_RES_ERROR, "container", "broken", ID_BROKEN, ERR_BROKEN);
	assert_instance(r, "R_priv", 3, DA_RES_PASS, "container", "stopped", ID_STOPPED,
			"/inspect/HostConfig/Privileged is false");
	da_results_free(r);
}

static void test_where_drops_subjects(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	/* stopped is left out; broken's where cannot be decided. */
	assert_rule(r, "R_netmode_running", DA_RES_FAIL, NULL, 3);
	assert_instance(r, "R_netmode_running", 0, DA_RES_PASS, "container", "web", ID_WEB,
			"/inspect/HostConfig/NetworkMode is bridge");
	assert_instance(r, "R_netmode_running", 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"/inspect/HostConfig/NetworkMode is host; expected not-equals host");
	assert_instance(r, "R_netmode_running", 2, DA_RES_ERROR, "container", "broken", ID_BROKEN,
			ERR_BROKEN);
	assert_rule(r, "R_certs", DA_RES_NOTAPPLICABLE,
		    "no subject at /files/items meets the rule's where condition (4 examined)", 0);
	da_results_free(r);
}

static void test_applies(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_owner", DA_RES_FAIL, NULL, 4);
	assert_instance(r, "R_owner", 0, DA_RES_PASS, "file", "/etc/docker/daemon.json", NULL,
			"/uid is 0 and /gid is 0");
	assert_instance(r, "R_owner", 1, DA_RES_FAIL, "file", "/var/run/docker.sock", NULL,
			"/gid is 999; expected equals 0");
	assert_instance(r, "R_owner", 2, DA_RES_NOTAPPLICABLE, "file", "/etc/default/docker", NULL,
			"/exists is false; expected equals true");
	assert_instance(r, "R_owner", 3, DA_RES_ERROR, "file", "/lib/systemd/system/docker.service",
			NULL, "stat: Permission denied");
	da_results_free(r);
}

static void test_each_none(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_socket", DA_RES_FAIL, NULL, 4);
	assert_instance(r, "R_socket", 0, DA_RES_PASS, "container", "web", ID_WEB,
			"element 0 (/data): /Source is /data and /Destination is /data");
	assert_instance(r, "R_socket", 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"element 2 (/var/run/docker.sock): /Source is /var/run/docker.sock; "
			"expected not-matches docker\\.sock$");
	assert_instance(r, "R_socket", 2, DA_RES_ERROR, "container", "broken", ID_BROKEN, ERR_BROKEN);
	/* Mounts is null: no element can match. */
	assert_instance(r, "R_socket", 3, DA_RES_PASS, "container", "stopped", ID_STOPPED,
			"/inspect/Mounts has no elements");
	da_results_free(r);
}

static void test_each_all_with_value_ref(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_caps", DA_RES_FAIL, NULL, 4);
	assert_instance(r, "R_caps", 0, DA_RES_PASS, "container", "web", ID_WEB,
			"element 0 (CAP_CHOWN): value is CAP_CHOWN and "
			"element 1 (CAP_NET_BIND_SERVICE): value is CAP_NET_BIND_SERVICE");
	assert_instance(r, "R_caps", 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"element 2 (CAP_NET_ADMIN): value is CAP_NET_ADMIN; "
			"expected in CAP_CHOWN CAP_NET_BIND_SERVICE CAP_SYS_ADMIN");
	assert_instance(r, "R_caps", 2, DA_RES_ERROR, "container", "broken", ID_BROKEN, ERR_BROKEN);
	assert_instance(r, "R_caps", 3, DA_RES_PASS, "container", "stopped", ID_STOPPED,
			"/caps/effective has no elements");
	da_results_free(r);
}

static void test_each_any(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_ro_mount", DA_RES_FAIL, NULL, 3);
	assert_instance(r, "R_ro_mount", 0, DA_RES_FAIL, "container", "web", ID_WEB,
			"element 0 (/data): /RW is true; expected equals false");
	assert_instance(r, "R_ro_mount", 1, DA_RES_PASS, "container", "priv", ID_PRIV,
			"element 1 (/srv): /RW is false");
	assert_instance(r, "R_ro_mount", 2, DA_RES_ERROR, "container", "broken", ID_BROKEN,
			ERR_BROKEN);
	da_results_free(r);
}

static void test_profile_refines_values(void **state)
{
	struct da_results *r = evaluate(state, PROFILE_STRICT);

	assert_instance(r, "R_caps", 0, DA_RES_FAIL, "container", "web", ID_WEB,
			"element 1 (CAP_NET_BIND_SERVICE): value is CAP_NET_BIND_SERVICE; "
			"expected in CAP_CHOWN");
	assert_instance(r, "R_caps", 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"element 1 (CAP_SYS_ADMIN): value is CAP_SYS_ADMIN; expected in CAP_CHOWN");
	assert_rule(r, "R_log_level", DA_RES_PASS, NULL, 1);
	assert_instance(r, "R_log_level", 0, DA_RES_PASS, "daemon", "dockerd", NULL,
			"/settings/log-level/value is debug");
	da_results_free(r);
	r = evaluate(state, NULL);
	assert_rule(r, "R_log_level", DA_RES_FAIL, NULL, 1);
	assert_instance(r, "R_log_level", 0, DA_RES_FAIL, "daemon", "dockerd", NULL,
			"/settings/log-level/value is debug; expected in info");
	da_results_free(r);
}

static void test_missing_facts(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	/* An error recorded on the setting, on the daemon section, or nowhere. */
	assert_instance(r, "R_userns", 0, DA_RES_ERROR, "daemon", "dockerd", NULL, ERR_USERNS);
	assert_instance(r, "R_api", 0, DA_RES_ERROR, "daemon", "dockerd", NULL, ERR_DAEMON);
	assert_instance(r, "R_missing_error", 0, DA_RES_ERROR, "host", "host", NULL,
			"fact /selinux is absent");
	/* The missing policy, and exists/absent deciding for themselves. */
	assert_instance(r, "R_missing_pass", 0, DA_RES_PASS, "host", "host", NULL,
			"/selinux is absent");
	assert_instance(r, "R_missing_fail", 0, DA_RES_FAIL, "host", "host", NULL,
			"/selinux is absent; expected equals true");
	assert_instance(r, "R_absent_op", 0, DA_RES_PASS, "host", "host", NULL, "/selinux is absent");
	/* The nearest error above the missing step, past nodes without one,
	 * and past the subject towards the document root. */
	assert_instance(r, "R_deep", 0, DA_RES_ERROR, "daemon", "dockerd", NULL, ERR_DAEMON);
	assert_instance(r, "R_up", 0, DA_RES_ERROR, "daemon", "icc", NULL, ERR_DAEMON);
	assert_instance(r, "R_daemon_exists", 0, DA_RES_FAIL, "daemon", "dockerd", NULL,
			"/version is absent; expected exists");
	/* Subjects that were not collected. */
	assert_rule(r, "R_images", DA_RES_ERROR, "GET /images/json: connection refused", 0);
	assert_rule(r, "R_nodes", DA_RES_ERROR, "fact /nodes/items was not collected", 0);
	da_results_free(r);
}

static void test_three_valued_logic(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_instance(r, "R_any_err_true", 0, DA_RES_PASS, "host", "host", NULL, "/hostname is h1");
	assert_instance(r, "R_all_false_err", 0, DA_RES_FAIL, "host", "host", NULL,
			"/hostname is h1; expected equals x");
	assert_instance(r, "R_all_true_err", 0, DA_RES_ERROR, "host", "host", NULL,
			"fact /nope is absent");
	assert_instance(r, "R_any_false_err", 0, DA_RES_ERROR, "host", "host", NULL,
			"fact /nope is absent");
	assert_instance(r, "R_none", 0, DA_RES_FAIL, "host", "host", NULL,
			"/hostname is h1; expected not-equals h1");
	assert_instance(r, "R_none_ok", 0, DA_RES_PASS, "host", "host", NULL,
			"/kernel is 6.1.0-13-amd64 and /hostname is h1");
	da_results_free(r);
}

static void test_not_checked(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_manual", DA_RES_NOTCHECKED, "Is the host dedicated to running containers?", 0);
	assert_rule(r, "R_nocheck", DA_RES_NOTCHECKED, "no check in a system this tool evaluates", 0);
	/* inform: the fact is the message of an informational result; an
	 * absent one is an error. */
	assert_rule(r, "R_inform", DA_RES_INFORMATIONAL, NULL, 1);
	assert_instance(r, "R_inform", 0, DA_RES_INFORMATIONAL, "host", "host", NULL, "h1");
	assert_rule(r, "R_inform_missing", DA_RES_ERROR, NULL, 1);
	assert_instance(r, "R_inform_missing", 0, DA_RES_ERROR, "host", "host", NULL,
			"fact /nope is absent");
	assert_rule(r, "R_oval", DA_RES_NOTCHECKED, "no check in a system this tool evaluates", 0);
	da_results_free(r);
}

static void test_selection(void **state)
{
	struct da_results *r = evaluate(state, NULL);

	assert_rule(r, "R_optin", DA_RES_NOTSELECTED, NULL, 0);
	assert_rule(r, "R_in_off", DA_RES_NOTSELECTED, NULL, 0);
	assert_rule(r, "R_priv", DA_RES_FAIL, NULL, 4);
	da_results_free(r);
	r = evaluate(state, "strict"); /* the short name works too */
	assert_ptr_equal(r->profile, &((struct state *)*state)->bench->profiles[0]);
	assert_rule(r, "R_optin", DA_RES_PASS, NULL, 1);
	assert_rule(r, "R_in_off", DA_RES_PASS, NULL, 1);
	assert_rule(r, "R_priv", DA_RES_NOTSELECTED, NULL, 0);
	da_results_free(r);
}

static void test_counts_and_ids(void **state)
{
	struct da_results *r = evaluate(state, NULL);
	const struct state *s = *state;

	assert_string_equal(r->test_result_id, "xccdf_org.dockaudit_testresult_default");
	assert_null(r->profile);
	assert_ptr_equal(r->bench, s->bench);
	assert_ptr_equal(r->facts, s->facts);
	assert_int_equal(r->n_rules, 32);
	assert_ptr_equal(r->rules[0].item, s->bench->rules[0]);
	assert_ptr_equal(r->rules[31].item, s->bench->rules[31]);
	assert_int_equal(r->counts[DA_RES_PASS], 4);
	assert_int_equal(r->counts[DA_RES_FAIL], 11);
	assert_int_equal(r->counts[DA_RES_ERROR], 10);
	assert_int_equal(r->counts[DA_RES_INFORMATIONAL], 1);
	assert_int_equal(r->counts[DA_RES_NOTAPPLICABLE], 1);
	assert_int_equal(r->counts[DA_RES_NOTCHECKED], 3);
	assert_int_equal(r->counts[DA_RES_NOTSELECTED], 2);
	assert_true(r->start_time > 0 && r->end_time >= r->start_time);
	/* flat: 4 passing of 25 counted rules, all of weight 1 (informational
	 * is not counted) */
	assert_true(r->scores[DA_SCORE_FLAT].score == 4 && r->scores[DA_SCORE_FLAT].max == 25);
	da_results_free(r);
	r = evaluate(state, PROFILE_STRICT);
	assert_string_equal(r->test_result_id, "xccdf_org.dockaudit_testresult_strict");
	assert_int_equal(r->counts[DA_RES_PASS], 7);
	assert_int_equal(r->counts[DA_RES_FAIL], 9);
	assert_int_equal(r->counts[DA_RES_ERROR], 10);
	assert_int_equal(r->counts[DA_RES_NOTAPPLICABLE], 1);
	assert_int_equal(r->counts[DA_RES_NOTCHECKED], 3);
	assert_int_equal(r->counts[DA_RES_NOTSELECTED], 1);
	da_results_free(r);
}

static void test_unknown_profile(void **state)
{
	struct state *s = *state;
	struct da_eval_opts opts = { .profile_id = "xccdf_org.test_profile_nope" };
	struct da_results *r = (struct da_results *)&opts;
	struct da_err err = { "" };

	assert_int_equal(da_evaluate(s->bench, s->facts, &opts, &r, &err), -1);
	assert_null(r);
	assert_string_equal(err.msg, "hand-built.xml: no profile 'xccdf_org.test_profile_nope'");
}

static void test_rule_selected(void **state)
{
	struct state *s = *state;
	const struct da_profile *strict = &s->bench->profiles[0];
	const struct da_item *optin = s->bench->rules[28], *in_off = s->bench->rules[29];
	struct da_item lone = { .kind = DA_ITEM_RULE, .id = "R_lone", .selected = true };

	assert_string_equal(optin->id, "R_optin");
	assert_false(da_rule_selected(optin, NULL));
	assert_true(da_rule_selected(optin, strict));
	assert_false(da_rule_selected(in_off, NULL));
	assert_true(da_rule_selected(in_off, strict));
	assert_true(da_rule_selected(s->bench->rules[1], NULL));
	assert_true(da_rule_selected(&lone, NULL)); /* a top-level rule without parent */
	lone.selected = false;
	assert_false(da_rule_selected(&lone, strict));
	assert_false(da_rule_selected(NULL, NULL));
}

static void test_value_resolve(void **state)
{
	struct state *s = *state;
	const struct da_profile *strict = &s->bench->profiles[0];

	assert_string_equal(da_value_resolve(s->bench, NULL, "V_levels"), "info");
	assert_string_equal(da_value_resolve(s->bench, strict, "V_levels"), "info debug");
	assert_null(da_value_resolve(s->bench, strict, "V_nope"));
	free(strict->refine_values[1].selector);
	strict->refine_values[1].selector = da_xstrdup("no-such-selector");
	assert_string_equal(da_value_resolve(s->bench, strict, "V_levels"), "info");
	free(strict->refine_values[1].selector);
	strict->refine_values[1].selector = da_xstrdup("verbose");
}

/* Evidence stays on one line, bounded, and UTF-8: cut on a character
 * boundary, bytes that are not UTF-8 shown as '?'. */
static void test_evidence_bounded(void **state)
{
	struct da_benchmark *b = da_xcalloc(1, sizeof(*b));
	struct da_results *r = NULL;
	struct da_err err = { "" };
	char x200[201], x199[200], *want;
	json_t *facts, *caps;
	int i;

	memset(x200, 'x', 200);
	x200[200] = '\0';
	memset(x199, 'x', 199);
	x199[199] = '\0';
	caps = json_array();
	for (i = 0; i < 100; i++)
		json_array_append_new(caps, json_string("CAP_CHOWN"));
	facts = json_pack("{s:{s:s+,s:s,s:s+,s:o,s:o}}", "host", "os", x200, "tail", "hostname",
			  "a\nb", "kernel", x199, "\xc3\xa9yyy", "caps", caps, "bad",
			  json_string_nocheck("ab\xff\xc3"));
	assert_non_null(facts);
	b->root.kind = DA_ITEM_GROUP;
	rule(b, &b->root, "R_long", true, asserting(host(), test("/os", "equals", "y")));
	rule(b, &b->root, "R_nl", true, asserting(host(), test("/hostname", "equals", "x")));
	rule(b, &b->root, "R_utf8", true, asserting(host(), test("/kernel", "equals", "y")));
	rule(b, &b->root, "R_bad", true, asserting(host(), test("/bad", "equals", "y")));
	rule(b, &b->root, "R_many", true,
	     asserting(host(), each("/caps", DA_Q_ALL, "", 1, test("", "equals", "CAP_CHOWN"))));
	assert_int_equal(da_evaluate(b, facts, NULL, &r, &err), 0);
	want = da_xasprintf("/os is %s...; expected equals y", x200);
	assert_string_equal(r->rules[0].instances[0].message, want);
	free(want);
	assert_string_equal(r->rules[1].instances[0].message, "/hostname is a b; expected equals x");
	want = da_xasprintf("/kernel is %s...; expected equals y", x199);
	assert_string_equal(r->rules[2].instances[0].message, want);
	free(want);
	assert_string_equal(r->rules[3].instances[0].message, "/bad is ab??; expected equals y");
	assert_int_equal(r->rules[4].result, DA_RES_PASS);
	assert_int_equal(strlen(r->rules[4].instances[0].message), 1003);
	assert_memory_equal(r->rules[4].instances[0].message,
			    "element 0 (CAP_CHOWN): value is CAP_CHOWN and ", 46);
	assert_string_equal(r->rules[4].instances[0].message + 1000, "...");
	da_results_free(r);
	json_decref(facts);
	da_benchmark_free(b);
}

/* each over an empty, null, absent or non-array fact; an empty string. */
static void test_each_edge_cases(void **state)
{
	struct da_benchmark *b = da_xcalloc(1, sizeof(*b));
	struct da_results *r = NULL;
	struct da_err err = { "" };
	json_t *facts = json_pack("{s:{s:[],s:n,s:s,s:s}}", "host", "empty", "null", "os", "Debian",
				  "motd", "");

	b->root.kind = DA_ITEM_GROUP;
	rule(b, &b->root, "R_any", true,
	     asserting(host(), each("/empty", DA_Q_ANY, NULL, 1, test("", "equals", "x"))));
	rule(b, &b->root, "R_none", true,
	     asserting(host(), each("/null", DA_Q_NONE, NULL, 1, test("", "equals", "x"))));
	rule(b, &b->root, "R_absent", true,
	     asserting(host(), each("/nope", DA_Q_ALL, NULL, 1, test("", "equals", "x"))));
	rule(b, &b->root, "R_string", true,
	     asserting(host(), each("/os", DA_Q_ALL, NULL, 1, test("", "equals", "x"))));
	rule(b, &b->root, "R_empty_string", true,
	     asserting(host(), test("/motd", "not-empty", NULL)));
	assert_int_equal(da_evaluate(b, facts, NULL, &r, &err), 0);
	assert_instance(r, "R_any", 0, DA_RES_FAIL, "host", "host", NULL, "/empty has no elements");
	assert_instance(r, "R_none", 0, DA_RES_PASS, "host", "host", NULL, "/null has no elements");
	assert_instance(r, "R_absent", 0, DA_RES_PASS, "host", "host", NULL, "/nope has no elements");
	assert_instance(r, "R_string", 0, DA_RES_ERROR, "host", "host", NULL,
			"/os is Debian; expected an array");
	assert_int_equal(r->counts[DA_RES_PASS], 2);
	assert_instance(r, "R_empty_string", 0, DA_RES_FAIL, "host", "host", NULL,
			"/motd is \"\"; expected not-empty");
	assert_int_equal(r->counts[DA_RES_FAIL], 2);
	assert_int_equal(r->counts[DA_RES_ERROR], 1);
	da_results_free(r);
	json_decref(facts);
	da_benchmark_free(b);
}

/* refine-rule, roles and set-value on a benchmark of three host rules in
 * one group, under a profile that refines them. */
static void refine_rule(struct da_profile *p, const char *id, int has, enum da_severity sev,
			double weight, enum da_role role)
{
	struct da_refine_rule *rr;

	p->refine_rules = da_xreallocarray(p->refine_rules, p->n_refine_rules + 1,
					   sizeof(*p->refine_rules));
	rr = memset(&p->refine_rules[p->n_refine_rules++], 0, sizeof(*rr));
	rr->idref = da_xstrdup(id);
	rr->has = has;
	rr->severity = sev;
	rr->weight = weight;
	rr->role = role;
}

static void set_value(struct da_profile *p, const char *id, const char *value)
{
	p->refine_values = da_xreallocarray(p->refine_values, p->n_refine_values + 1,
					    sizeof(*p->refine_values));
	memset(&p->refine_values[p->n_refine_values], 0, sizeof(*p->refine_values));
	p->refine_values[p->n_refine_values].idref = da_xstrdup(id);
	p->refine_values[p->n_refine_values++].value = da_xstrdup(value);
}

static void test_refinements(void **state)
{
	struct state *s = *state;
	struct da_benchmark *b = da_xcalloc(1, sizeof(*b));
	struct da_eval_opts opts = { .profile_id = "tuned", .score_model = DA_SCORE_FLAT_UNWEIGHTED };
	struct da_results *r = NULL;
	struct da_err err = { "" };
	struct da_item *g, *ra, *rb, *rc;
	struct da_profile *p;
	struct da_refined ref;

	b->root.kind = DA_ITEM_GROUP;
	g = group(b, NULL, "G", true);
	ra = rule(b, g, "RA", true, asserting(host(), test_ref("/hostname", "equals", "V")));
	rb = rule(b, g, "RB", true, asserting(host(), test("/hostname", "equals", "x")));
	rc = rule(b, g, "RC", true, asserting(host(), test("/hostname", "equals", "h1")));
	ra->rule->severity = DA_SEV_LOW;
	rb->rule->severity = DA_SEV_MEDIUM;
	rc->rule->role = DA_ROLE_UNCHECKED;
	value(b, "V", "x", "s", "h1");
	p = profile(b, "xccdf_org.test_profile_tuned");
	refine_rule(p, "RA", DA_REFINE_SEVERITY, DA_SEV_HIGH, 0, DA_ROLE_FULL);
	refine_rule(p, "RA", DA_REFINE_WEIGHT, DA_SEV_INFO, 2.5, DA_ROLE_FULL);
	refine_rule(p, "RB", DA_REFINE_ROLE, DA_SEV_INFO, 0, DA_ROLE_UNSCORED);
	refine_rule(p, "G", DA_REFINE_WEIGHT, DA_SEV_INFO, 4, DA_ROLE_FULL);
	set_value(p, "V", "nope");
	profile_refine(p, "V", "s"); /* the last word on V: h1 */

	/* Each property from the last refine-rule that sets it. */
	ref = da_item_refined(ra, p);
	assert_int_equal(ref.severity, DA_SEV_HIGH);
	assert_true(ref.weight == 2.5);
	assert_int_equal(ref.role, DA_ROLE_FULL);
	ref = da_item_refined(ra, NULL);
	assert_int_equal(ref.severity, DA_SEV_LOW);
	assert_true(ref.weight == 1);
	ref = da_item_refined(g, p);
	assert_true(ref.weight == 4);
	assert_int_equal(ref.severity, DA_SEV_UNKNOWN);
	ref = da_item_refined(NULL, p);
	assert_true(ref.weight == 1);
	assert_string_equal(da_value_resolve(b, p, "V"), "h1");
	p->refine_values[1].selector[0] = 'z'; /* a selector V lacks: the default */
	assert_string_equal(da_value_resolve(b, p, "V"), "x");
	p->refine_values[1].selector[0] = 's';

	assert_int_equal(da_evaluate(b, s->facts, &opts, &r, &err), 0);
	assert_int_equal(r->score_model, DA_SCORE_FLAT_UNWEIGHTED);
	assert_int_equal(r->rules[0].result, DA_RES_PASS); /* /hostname is h1, V is h1 */
	assert_int_equal(r->rules[0].severity, DA_SEV_HIGH);
	assert_true(r->rules[0].weight == 2.5);
	assert_int_equal(r->rules[1].result, DA_RES_FAIL);
	assert_int_equal(r->rules[1].role, DA_ROLE_UNSCORED);
	assert_int_equal(r->rules[1].severity, DA_SEV_MEDIUM);
	assert_int_equal(r->rules[2].result, DA_RES_NOTCHECKED);
	assert_string_equal(r->rules[2].message, "not checked: the rule's role is unchecked");
	assert_int_equal(r->counts[DA_RES_FAIL], 1);
	/* Only RA counts: RB is unscored, RC unchecked. */
	assert_true(r->scores[DA_SCORE_FLAT].score == 2.5 && r->scores[DA_SCORE_FLAT].max == 2.5);
	assert_true(r->scores[DA_SCORE_DEFAULT].score == 100);
	assert_true(r->scores[DA_SCORE_ABSOLUTE].score == 1);
	da_results_free(r);
	/* Unrefined: RA fails (V is x), RB counts, RC is still unchecked. */
	assert_int_equal(da_evaluate(b, s->facts, NULL, &r, &err), 0);
	assert_int_equal(r->score_model, DA_SCORE_DEFAULT);
	assert_int_equal(r->rules[0].result, DA_RES_FAIL);
	assert_int_equal(r->rules[0].severity, DA_SEV_LOW);
	assert_int_equal(r->rules[1].role, DA_ROLE_FULL);
	assert_int_equal(r->rules[2].result, DA_RES_NOTCHECKED);
	assert_true(r->scores[DA_SCORE_FLAT].score == 0 && r->scores[DA_SCORE_FLAT].max == 2);
	da_results_free(r);
	da_benchmark_free(b);
}

#define RULE(name) "xccdf_org.test_rule_" name

/* The fixture benchmark bench.xml, loaded by the content module. Scores by
 * hand: groups containers (weight 2): privileged fail, socket fail -> 0;
 * daemon (1): log_level fail, userns error -> 0; files (1): owner fail,
 * certs notapplicable -> 0; rule hostname (1) pass -> 100; manual is not
 * counted. Default: (0*2 + 0 + 0 + 100) / 5 = 20; flat 1 of 6.
 * Profile verbose: log_level passes and userns is not selected, so the
 * daemon group scores 100: (0*2 + 100 + 0 + 100) / 5 = 40; flat 2 of 5. */
static void test_loaded_benchmark(void **state)
{
	struct state *s = *state;
	char *path = fixture_path("bench.xml");
	struct da_benchmark *b = NULL;
	struct da_results *r = NULL;
	struct da_eval_opts opts = { .profile_id = "verbose" };
	struct da_err err = { "" };

	if (da_benchmark_load(path, &b, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	assert_int_equal(da_evaluate(b, s->facts, NULL, &r, &err), 0);
	assert_rule(r, RULE("privileged"), DA_RES_FAIL, NULL, 4);
	assert_instance(r, RULE("privileged"), 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"/inspect/HostConfig/Privileged is true; expected equals false");
	assert_instance(r, RULE("socket"), 1, DA_RES_FAIL, "container", "priv", ID_PRIV,
			"element 2 (/var/run/docker.sock): /Source is /var/run/docker.sock; "
			"expected not-matches docker\\.sock$");
	assert_instance(r, RULE("log_level"), 0, DA_RES_FAIL, "daemon", "dockerd", NULL,
			"/settings/log-level/value is debug; expected in info");
	assert_instance(r, RULE("userns"), 0, DA_RES_ERROR, "daemon", "dockerd", NULL, ERR_USERNS);
	assert_instance(r, RULE("owner"), 1, DA_RES_FAIL, "file", "/var/run/docker.sock", NULL,
			"/gid is 999; expected equals 0");
	assert_rule(r, RULE("certs"), DA_RES_NOTAPPLICABLE,
		    "no subject at /files/items meets the rule's where condition (4 examined)", 0);
	assert_instance(r, RULE("hostname"), 0, DA_RES_PASS, "host", "host", NULL, "/hostname is h1");
	assert_rule(r, RULE("manual"), DA_RES_NOTCHECKED,
		    "Is the host dedicated to running containers?", 0);
	assert_true(r->scores[DA_SCORE_DEFAULT].score == 20);
	assert_true(r->scores[DA_SCORE_FLAT].score == 1 && r->scores[DA_SCORE_FLAT].max == 6);
	assert_true(r->scores[DA_SCORE_ABSOLUTE].score == 0);
	da_results_free(r);
	assert_int_equal(da_evaluate(b, s->facts, &opts, &r, &err), 0);
	assert_string_equal(r->test_result_id, "xccdf_org.dockaudit_testresult_verbose");
	assert_instance(r, RULE("log_level"), 0, DA_RES_PASS, "daemon", "dockerd", NULL,
			"/settings/log-level/value is debug");
	assert_rule(r, RULE("userns"), DA_RES_NOTSELECTED, NULL, 0);
	assert_true(r->scores[DA_SCORE_DEFAULT].score == 40);
	assert_true(r->scores[DA_SCORE_FLAT].score == 2 && r->scores[DA_SCORE_FLAT].max == 5);
	assert_int_equal(r->counts[DA_RES_PASS], 2);
	assert_int_equal(r->counts[DA_RES_FAIL], 3);
	assert_int_equal(r->counts[DA_RES_NOTAPPLICABLE], 1);
	assert_int_equal(r->counts[DA_RES_NOTCHECKED], 1);
	assert_int_equal(r->counts[DA_RES_NOTSELECTED], 1);
	da_results_free(r);
	da_benchmark_free(b);
}


/* ---- message templates --------------------------------------------------------- */

#define MSG_RULE(id, subjects, body)                                                      \
	"<Rule id=\"xccdf_org.test_rule_" id "\" selected=\"true\"><title>" id "</title>"     \
	"<check system=\"urn:dockaudit:check:1\"><check-content><da:check>" subjects body   \
	"</da:check></check-content></check></Rule>\n"
#define CONTAINERS "<da:subjects kind=\"container\" path=\"/containers/items\" name-path=\"/name\"/>"
#define DAEMON "<da:subjects kind=\"daemon\" path=\"/daemon\" name=\"dockerd\"/>"

static const char msg_bench[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" xmlns:da=\"urn:dockaudit:check:1\""
	" id=\"xccdf_org.test_benchmark_msg\"><version>1</version>\n"
	"<Value id=\"xccdf_org.test_value_caps\"><value>CAP_A CAP_B</value></Value>\n"
	"<Value id=\"xccdf_org.test_value_levels\"><value>info</value></Value>\n"
	MSG_RULE("pids", CONTAINERS,
		 "<da:assert><da:all><da:test path=\"/inspect/HostConfig/PidsLimit\" op=\"not-empty\" missing=\"fail\"/>"
		 "<da:test path=\"/inspect/HostConfig/PidsLimit\" op=\"greater-than\" value=\"0\" missing=\"fail\"/></da:all></da:assert>"
		 "<da:message>{name} has no PIDs limit (HostConfig.PidsLimit {/inspect/HostConfig/PidsLimit})</da:message>")
	MSG_RULE("mounts", CONTAINERS,
		 "<da:assert><da:each path=\"/mounts\" quantifier=\"none\" label=\"/source\">"
		 "<da:test path=\"/sensitive\" op=\"equals\" value=\"true\"/></da:each></da:assert>"
		 "<da:message for-each=\"/mounts\">{name} mounts host {@/source} at {@/destination} ({@/rw|bool:read-write:read-only})</da:message>")
	MSG_RULE("caps", CONTAINERS,
		 "<da:assert><da:test path=\"/caps/effective\" op=\"subset-of\" value-ref=\"xccdf_org.test_value_caps\"/></da:assert>"
		 "<da:message>{name} holds {/caps/effective|not-in:xccdf_org.test_value_caps} (from {/caps/source|map:proc=its process,config=its configuration})</da:message>")
	MSG_RULE("ports", CONTAINERS,
		 "<da:assert><da:none><da:each path=\"/ports\" quantifier=\"any\">"
		 "<da:test path=\"/host_port\" op=\"less-than\" value=\"1024\"/></da:each></da:none></da:assert>"
		 "<da:message for-each=\"/ports\">{name} publishes port {@/host_port}</da:message>"
		 "<da:message for-each=\"/ports\">{name} publishes port {@/host_port}</da:message>")
	MSG_RULE("level", DAEMON,
		 "<da:assert><da:test path=\"/settings/log-level/value\" op=\"in\" value-ref=\"xccdf_org.test_value_levels\"/></da:assert>"
		 "<da:message>{name} logs at {/settings/log-level/value} level ({/settings/log-level/source|source}: log-level={/settings/log-level/value})</da:message>")
	MSG_RULE("filters", DAEMON,
		 "<da:assert><da:test path=\"/nope\" op=\"exists\"/></da:assert>"
		 "<da:message>[{/nope}|{/nope|or:none}|{/null}|{/empty|or:empty}|{/list0}|{/list0|count}|{/nope|count}"
		 "|{/b|map:true=on,false=off}|{/b|bool:yes:no}|{/n}|{/env|before:=}|{$/host/name}|{id}|{/src|source}"
		 "|{/other|source}|{/nope|source}|{{x}}]</da:message>")
	MSG_RULE("causes", DAEMON,
		 "<da:assert><da:test path=\"/nope\" op=\"exists\"/></da:assert>"
		 "<da:message if=\"/b\">flag b</da:message><da:message if=\"/list0\">list</da:message>"
		 "<da:message if=\"/empty\">empty</da:message><da:message if=\"/n\">number</da:message>"
		 "<da:message if=\"/nope\">absent</da:message><da:message if=\"/null\">null</da:message>")
	MSG_RULE("nocause", DAEMON,
		 "<da:assert><da:test path=\"/nope\" op=\"exists\"/></da:assert>"
		 "<da:message if=\"/list0\">list</da:message>")
	MSG_RULE("hostile", DAEMON,
		 "<da:assert><da:test path=\"/hostile\" op=\"equals\" value=\"x\"/></da:assert>"
		 "<da:message>got {/hostile} and {/bad}</da:message>")
	"</Benchmark>\n";

static const char msg_facts[] =
	"{\"host\": {\"name\": \"h1\"},"
	" \"containers\": {\"items\": ["
	"  {\"name\": \"/t-nbs\", \"inspect\": {\"HostConfig\": {\"PidsLimit\": null}},"
	"   \"mounts\": [{\"source\": \"/etc\", \"destination\": \"/hostetc\", \"rw\": false, \"sensitive\": true},"
	"               {\"source\": \"/srv\", \"destination\": \"/srv\", \"rw\": true, \"sensitive\": false},"
	"               {\"source\": \"/\", \"destination\": \"/host\", \"rw\": true, \"sensitive\": true}],"
	"   \"caps\": {\"source\": \"proc\", \"effective\": [\"CAP_A\", \"CAP_1\", \"CAP_2\", \"CAP_3\", \"CAP_4\","
	"              \"CAP_5\", \"CAP_6\", \"CAP_7\", \"CAP_8\", \"CAP_B\", \"CAP_9\", \"CAP_10\", \"CAP_SYS_ADMIN\"]},"
	"   \"ports\": [{\"host_port\": 80}, {\"host_port\": 8080}, {\"host_port\": 443}]},"
	"  {\"name\": \"/ok\", \"inspect\": {\"HostConfig\": {\"PidsLimit\": 100}}, \"mounts\": [],"
	"   \"caps\": {\"source\": \"config\", \"effective\": [\"CAP_B\"]}, \"ports\": []}]},"
	" \"daemon\": {\"settings\": {\"log-level\": {\"value\": \"debug\", \"source\": \"flag\"}},"
	"   \"null\": null, \"empty\": \"\", \"list0\": [], \"b\": true, \"n\": 5,"
	"   \"env\": \"TOKEN=s3cret\", \"src\": \"config\", \"other\": \"elsewhere\","
	"   \"hostile\": \"\\u001b[31m<b>red</b>\\nline\"}}";

/* The one instance of rule ID (short name) whose subject is NAME. */
static const struct da_instance *msg_instance(const struct da_results *r, const char *id,
					      const char *name)
{
	char *full = da_xasprintf("xccdf_org.test_rule_%s", id);
	size_t i, j;

	for (i = 0; i < r->n_rules; i++) {
		if (strcmp(r->rules[i].item->id, full) != 0)
			continue;
		for (j = 0; j < r->rules[i].n_instances; j++) {
			if (strcmp(r->rules[i].instances[j].name, name) == 0) {
				free(full);
				return &r->rules[i].instances[j];
			}
		}
	}
	fail_msg("no instance %s of %s", name, full);
	return NULL;
}

static void test_messages(void **state)
{
	char dir[] = "/tmp/da-test-msg-XXXXXX";
	struct da_benchmark *b = NULL;
	struct da_results *r = NULL;
	struct da_err err = { "" };
	const struct da_instance *in;
	json_error_t jerr;
	json_t *facts;
	char *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	da_test_puts_file(dir, "b.xml", msg_bench);
	path = da_xasprintf("%s/b.xml", dir);
	if (da_benchmark_load(path, &b, &err) < 0)
		fail_msg("%s", err.msg);
	facts = json_loads(msg_facts, 0, &jerr);
	if (!facts)
		fail_msg("facts: %s", jerr.text);
	/* hostile text: a string that is not UTF-8 */
	json_object_set_new(json_object_get(facts, "daemon"), "bad", json_string_nocheck("a\xff\xc3"));
	assert_int_equal(da_evaluate(b, facts, NULL, &r, &err), 0);

	/* The sentence is the message; the raw evidence is kept beside it. */
	in = msg_instance(r, "pids", "t-nbs");
	assert_int_equal(in->result, DA_RES_FAIL);
	assert_string_equal(in->message, "t-nbs has no PIDs limit (HostConfig.PidsLimit unset)");
	assert_string_equal(in->evidence,
			    "/inspect/HostConfig/PidsLimit is null; expected not-empty");
	/* A passing subject shows its evidence. */
	in = msg_instance(r, "pids", "ok");
	assert_int_equal(in->result, DA_RES_PASS);
	assert_string_equal(in->message, in->evidence);

	/* One sentence per offending element, only those. */
	in = msg_instance(r, "mounts", "t-nbs");
	assert_string_equal(in->message, "t-nbs mounts host /etc at /hostetc (read-only); "
					 "t-nbs mounts host / at /host (read-write)");
	assert_string_equal(in->evidence, "element 0 (/etc): /sensitive is true; expected not-equals true");
	/* Below a none, the elements that hold are the offenders; a sentence
	 * rendered twice (two templates alike) is shown once. */
	in = msg_instance(r, "ports", "t-nbs");
	assert_string_equal(in->message, "t-nbs publishes port 80; t-nbs publishes port 443");

	/* The items outside the list come first, then "and N more". */
	in = msg_instance(r, "caps", "t-nbs");
	assert_string_equal(in->message, "t-nbs holds CAP_1, CAP_2, CAP_3, CAP_4, CAP_5, CAP_6, "
					 "CAP_7, CAP_8 and 3 more (from its process)");

	in = msg_instance(r, "level", "dockerd");
	assert_string_equal(in->message, "dockerd logs at debug level (command line: log-level=debug)");

	in = msg_instance(r, "filters", "dockerd");
	assert_string_equal(in->message, "[unset|none|unset|empty|none|0|0|on|yes|5|TOKEN|h1|unset"
					 "|daemon.json|elsewhere|not set|{x}]");

	/* if: a sentence only for the causes present; none present: the
	 * evidence. */
	in = msg_instance(r, "causes", "dockerd");
	assert_string_equal(in->message, "flag b; number");
	in = msg_instance(r, "nocause", "dockerd");
	assert_string_equal(in->message, in->evidence);

	/* Host text stays on one line and valid UTF-8; markup is left to
	 * the reporters, which escape it. */
	in = msg_instance(r, "hostile", "dockerd");
	assert_string_equal(in->message, "got  [31m<b>red</b> line and a??");

	da_results_free(r);
	json_decref(facts);
	da_benchmark_free(b);
	free(path);
	da_test_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_container_instances),
		cmocka_unit_test(test_where_drops_subjects),
		cmocka_unit_test(test_applies),
		cmocka_unit_test(test_each_none),
		cmocka_unit_test(test_each_all_with_value_ref),
		cmocka_unit_test(test_each_any),
		cmocka_unit_test(test_profile_refines_values),
		cmocka_unit_test(test_missing_facts),
		cmocka_unit_test(test_three_valued_logic),
		cmocka_unit_test(test_not_checked),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_counts_and_ids),
		cmocka_unit_test(test_unknown_profile),
		cmocka_unit_test(test_rule_selected),
		cmocka_unit_test(test_value_resolve),
		cmocka_unit_test(test_evidence_bounded),
		cmocka_unit_test(test_each_edge_cases),
		cmocka_unit_test(test_loaded_benchmark),
		cmocka_unit_test(test_refinements),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
