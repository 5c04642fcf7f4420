/*
 * Unit tests for src/content (xccdf.c, check.c, load.c): the fixture
 * benchmark tests/fixtures/content/benchmarks/small.xml parsed into its
 * exact model; every kind of malformed content refused with its exact
 * "FILE:LINE: what"; no external entity or DTD is ever read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "content/benchmark.h"
#include "engine/ops.h"
#include "testutil.h"

#define NS_RULE "xccdf_org.example_rule_"
#define NS_GROUP "xccdf_org.example_group_"
#define NS_VALUE "xccdf_org.example_value_"

static char *tmpdir;

/* Normalised (libxml2 normalises the paths of included files). */
static char *srcdir(void)
{
	const char *top = getenv("top_srcdir");
	char *dir, *real;

	if (top)
		dir = da_xstrdup(top);
	else /* Run by hand: this file is TOP/tests/unit/test_xccdf.c. */
		dir = da_xasprintf("%.*s/../..", (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__);
	real = realpath(dir, NULL);
	assert_non_null(real);
	free(dir);
	dir = da_xstrdup(real);
	free(real);
	return dir;
}

static char *fixture(const char *rel)
{
	return da_test_fixture("content/%s", rel);
}

static int setup(void **state)
{
	char *top = srcdir();

	/* The check schema comes from the source tree. */
	if (!getenv("DOCKAUDIT_DATADIR"))
		setenv("DOCKAUDIT_DATADIR", top, 1);
	free(top);
	tmpdir = da_xstrdup("/tmp/da-test-xccdf-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* The temp dir holds only the files write_tmp made. */
static int teardown(void **state)
{
	struct dirent *d;
	DIR *dir = opendir(tmpdir);
	char *p;

	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		p = da_xasprintf("%s/%s", tmpdir, d->d_name);
		unlink(p);
		free(p);
	}
	if (dir)
		closedir(dir);
	rmdir(tmpdir);
	free(tmpdir);
	return 0;
}

static char *write_tmp(const char *name, const char *text)
{
	char *path = da_xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* ---- the valid fixture, exactly ---- */

static struct da_benchmark *load_ok(const char *path)
{
	struct da_benchmark *b = NULL;
	struct da_err err = { "" };

	if (da_benchmark_load(path, &b, &err) < 0)
		fail_msg("%s", err.msg);
	assert_string_equal(err.msg, "");
	return b;
}

static void test_small_benchmark(void **state)
{
	char *path = fixture("benchmarks/small.xml");
	struct da_benchmark *b = load_ok(path);
	const struct da_item *root = &b->root, *daemon, *files;

	assert_string_equal(b->path, path);
	assert_string_equal(b->id, "xccdf_org.example_benchmark_small");
	assert_string_equal(b->title, "Small test benchmark");
	assert_string_equal(b->version, "1.2.3");
	assert_string_equal(b->status, "accepted"); /* the latest date wins */
	assert_non_null(b->doc);
	assert_int_equal(root->kind, DA_ITEM_GROUP);
	assert_int_equal(root->n_children, 2);

	daemon = root->children[0];
	assert_int_equal(daemon->kind, DA_ITEM_GROUP);
	assert_string_equal(daemon->id, NS_GROUP "daemon");
	assert_string_equal(daemon->title, "Daemon");
	assert_string_equal(daemon->description, "First paragraph. Second one.");
	assert_null(daemon->rationale);
	assert_true(daemon->selected);
	assert_true(daemon->weight == 1.0);
	assert_ptr_equal(daemon->parent, root);
	assert_null(daemon->rule);
	assert_int_equal(daemon->line, 35);
	assert_int_equal(daemon->n_children, 3);

	files = daemon->children[2];
	assert_int_equal(files->kind, DA_ITEM_GROUP);
	assert_string_equal(files->id, NS_GROUP "files");
	assert_false(files->selected);
	assert_true(files->weight == 0.5);
	assert_ptr_equal(files->parent, daemon);
	assert_int_equal(files->n_children, 1);

	assert_int_equal(root->children[1]->kind, DA_ITEM_RULE);
	assert_ptr_equal(root->children[1]->parent, root);

	/* Every rule, document order, borrowed from the tree. */
	assert_int_equal(b->n_rules, 4);
	assert_ptr_equal(b->rules[0], daemon->children[0]);
	assert_ptr_equal(b->rules[1], daemon->children[1]);
	assert_ptr_equal(b->rules[2], files->children[0]);
	assert_ptr_equal(b->rules[3], root->children[1]);
	assert_ptr_equal(da_benchmark_rule(b, NS_RULE "config_mode"), b->rules[2]);
	assert_null(da_benchmark_rule(b, NS_GROUP "files"));
	assert_null(da_benchmark_rule(b, "nope"));
	free(path);
	da_benchmark_free(b);
}

static void test_small_rules(void **state)
{
	char *path = fixture("benchmarks/small.xml");
	struct da_benchmark *b = load_ok(path);
	const struct da_item *icc = b->rules[0], *log = b->rules[1], *mode = b->rules[2],
			     *review = b->rules[3];

	assert_string_equal(icc->id, NS_RULE "icc");
	assert_string_equal(icc->title, "ICC off");
	assert_string_equal(icc->description, "Inter-container traffic.");
	assert_string_equal(icc->rationale, "Containers talk.");
	assert_true(icc->selected);
	assert_true(icc->weight == 1.0);
	assert_int_equal(icc->line, 43);
	assert_int_equal(icc->rule->severity, DA_SEV_MEDIUM);
	assert_string_equal(icc->rule->cis, "2.2");
	assert_string_equal(icc->rule->fixtext, "Set icc to false.");
	assert_int_equal(icc->rule->n_fixes, 1);
	assert_string_equal(icc->rule->fixes[0].system, "urn:xccdf:fix:script:sh");
	assert_string_equal(icc->rule->fixes[0].id, "fix_icc_sh");
	assert_string_equal(icc->rule->fixes[0].text, "echo fix");
	assert_int_equal(icc->rule->n_refs, 2);
	assert_string_equal(icc->rule->refs[0].href, "https://example.org/other");
	assert_string_equal(icc->rule->refs[0].text, "Other");
	assert_string_equal(icc->rule->refs[1].href, DA_CIS_REF_HREF);
	assert_string_equal(icc->rule->refs[1].text, "CIS Docker Benchmark v1.6.0: 2.2");
	assert_string_equal(icc->rule->check_system, DA_CHECK_SYSTEM);
	assert_non_null(icc->rule->check);

	assert_string_equal(log->id, NS_RULE "log_level");
	assert_false(log->selected);
	assert_true(log->weight == 2.5);
	assert_int_equal(log->rule->severity, DA_SEV_LOW);
	assert_null(log->rule->cis);
	assert_null(log->rule->fixtext);
	assert_null(log->description);
	assert_int_equal(log->rule->n_fixes, 0);
	/* Our check is used even after one in another system. */
	assert_string_equal(log->rule->check_system, DA_CHECK_SYSTEM);
	assert_non_null(log->rule->check);

	assert_string_equal(mode->id, NS_RULE "config_mode");
	assert_int_equal(mode->rule->severity, DA_SEV_HIGH);
	assert_true(mode->weight == 10.0);
	assert_true(mode->selected);

	assert_string_equal(review->id, NS_RULE "socket_review");
	assert_int_equal(review->rule->severity, DA_SEV_UNKNOWN);
	assert_true(review->weight == 0.0);
	free(path);
	da_benchmark_free(b);
}

static void assert_test_node(const struct da_check_node *n, const char *path, const char *op,
			     const char *value, const char *value_ref, enum da_missing missing)
{
	assert_non_null(n);
	assert_int_equal(n->kind, DA_NODE_TEST);
	assert_string_equal(n->path, path);
	assert_ptr_equal(n->op, da_op_find(op));
	if (value)
		assert_string_equal(n->value, value);
	else
		assert_null(n->value);
	if (value_ref)
		assert_string_equal(n->value_ref, value_ref);
	else
		assert_null(n->value_ref);
	assert_int_equal(n->missing, missing);
	assert_int_equal(n->n_kids, 0);
}

static void test_small_checks(void **state)
{
	char *path = fixture("benchmarks/small.xml");
	struct da_benchmark *b = load_ok(path);
	const struct da_check *c;
	const struct da_check_node *n;

	c = b->rules[0]->rule->check;
	assert_int_equal(c->line, 55);
	assert_string_equal(c->subject_kind, "daemon");
	assert_string_equal(c->subjects_path, "/daemon");
	assert_null(c->name_path);
	assert_null(c->id_path);
	assert_string_equal(c->name, "dockerd");
	assert_null(c->where);
	assert_null(c->applies);
	assert_false(c->manual);
	assert_null(c->question);
	assert_test_node(c->assert, "/settings/icc/value", "equals", "false", NULL,
			 DA_MISSING_ERROR);
	assert_int_equal(c->assert->line, 57);

	c = b->rules[1]->rule->check;
	assert_test_node(c->assert, "/settings/log-level/value", "in", NULL,
			 NS_VALUE "levels", DA_MISSING_PASS);

	c = b->rules[2]->rule->check;
	assert_string_equal(c->subject_kind, "file");
	assert_string_equal(c->subjects_path, "/files/items");
	assert_string_equal(c->name_path, "/path");
	assert_string_equal(c->id_path, "/role");
	assert_null(c->name);
	assert_test_node(c->where, "/role", "equals", "daemon-config", NULL, DA_MISSING_ERROR);
	assert_test_node(c->applies, "/exists", "equals", "true", NULL, DA_MISSING_FAIL);
	n = c->assert;
	assert_int_equal(n->kind, DA_NODE_ALL);
	assert_int_equal(n->n_kids, 2);
	assert_test_node(n->kids[0], "/mode", "mode-at-most", NULL, NS_VALUE "max_mode",
			 DA_MISSING_ERROR);
	n = n->kids[1];
	assert_int_equal(n->kind, DA_NODE_ANY);
	assert_int_equal(n->n_kids, 2);
	assert_test_node(n->kids[0], "/uid", "equals", "0", NULL, DA_MISSING_ERROR);
	assert_int_equal(n->kids[1]->kind, DA_NODE_NONE);
	assert_int_equal(n->kids[1]->n_kids, 1);
	assert_test_node(n->kids[1]->kids[0], "/owner", "exists", NULL, NULL, DA_MISSING_ERROR);

	c = b->rules[3]->rule->check;
	assert_string_equal(c->subject_kind, "container");
	assert_true(c->manual);
	assert_null(c->assert);
	assert_null(c->applies);
	assert_string_equal(c->question,
			    "Is this container allowed to drive the Docker daemon?");
	n = c->where;
	assert_int_equal(n->kind, DA_NODE_EACH);
	assert_string_equal(n->path, "/inspect/Mounts");
	assert_int_equal(n->quantifier, DA_Q_ANY);
	assert_string_equal(n->label, "/Source");
	assert_int_equal(n->n_kids, 1);
	assert_test_node(n->kids[0], "/Source", "matches", "docker\\.sock$", NULL,
			 DA_MISSING_ERROR);
	free(path);
	da_benchmark_free(b);
}

static void test_small_values_profiles(void **state)
{
	char *path = fixture("benchmarks/small.xml");
	struct da_benchmark *b = load_ok(path);
	const struct da_value *v;
	const struct da_profile *p;

	assert_int_equal(b->n_values, 3);
	v = &b->values[0];
	assert_string_equal(v->id, NS_VALUE "levels");
	assert_string_equal(v->title, "Allowed log levels");
	assert_string_equal(v->type, "string");
	assert_string_equal(v->value, "info");
	assert_int_equal(v->n_selectors, 1);
	assert_string_equal(v->selectors[0], "verbose");
	assert_string_equal(v->selector_values[0], "info debug");

	v = &b->values[1];
	assert_string_equal(v->id, NS_VALUE "max_mode");
	assert_null(v->title);
	assert_string_equal(v->type, "string"); /* XCCDF's default */
	assert_string_equal(v->value, "0644");  /* selector="" is the default */
	assert_int_equal(v->n_selectors, 1);
	assert_string_equal(v->selectors[0], "strict");
	assert_string_equal(v->selector_values[0], "0600");

	/* Values inside Groups count too. */
	v = da_benchmark_value(b, NS_VALUE "min_memory");
	assert_ptr_equal(v, &b->values[2]);
	assert_string_equal(v->type, "number");
	assert_string_equal(v->value, "0");
	assert_string_equal(v->selector_values[0], "67108864");
	assert_null(da_benchmark_value(b, "xccdf_org.example_value_nope"));

	/* The included profile comes first: document order. */
	assert_int_equal(b->n_profiles, 2);
	p = &b->profiles[0];
	assert_string_equal(p->id, "xccdf_org.example_profile_strict");
	assert_string_equal(p->title, "Strict");
	assert_string_equal(p->description, "Every rule, tighter values.");
	assert_int_equal(p->n_selects, 2);
	assert_string_equal(p->selects[0].idref, NS_RULE "log_level");
	assert_true(p->selects[0].selected);
	assert_string_equal(p->selects[1].idref, NS_GROUP "files");
	assert_true(p->selects[1].selected);
	assert_int_equal(p->n_refine_values, 2);
	assert_string_equal(p->refine_values[0].idref, NS_VALUE "max_mode");
	assert_string_equal(p->refine_values[0].selector, "strict");
	assert_string_equal(p->refine_values[1].idref, NS_VALUE "min_memory");
	assert_string_equal(p->refine_values[1].selector, "small");

	p = da_benchmark_profile(b, "xccdf_org.example_profile_quiet");
	assert_ptr_equal(p, &b->profiles[1]);
	assert_string_equal(p->title, "Quiet");
	assert_null(p->description);
	assert_int_equal(p->n_selects, 1);
	assert_false(p->selects[0].selected);
	assert_int_equal(p->n_refine_values, 0);
	assert_null(da_benchmark_profile(b, "xccdf_org.example_profile_nope"));
	free(path);
	da_benchmark_free(b);
}

/* The shipped content loads and every rule has a dockaudit check. */
static void test_shipped_benchmark(void **state)
{
	char *path = da_default_benchmark_path();
	struct da_benchmark *b = load_ok(path);
	size_t i;

	assert_true(b->n_rules > 0);
	assert_true(b->n_profiles > 0);
	for (i = 0; i < b->n_rules; i++) {
		assert_string_equal(b->rules[i]->rule->check_system, DA_CHECK_SYSTEM);
		assert_non_null(b->rules[i]->rule->check);
	}
	free(path);
	da_benchmark_free(b);
}

static void test_default_path(void **state)
{
	char *old = da_xstrdup(getenv("DOCKAUDIT_DATADIR"));
	char *p;

	setenv("DOCKAUDIT_DATADIR", "/opt/da", 1);
	p = da_default_benchmark_path();
	assert_string_equal(p, "/opt/da/benchmarks/dockaudit-docker-xccdf.xml");
	free(p);
	unsetenv("DOCKAUDIT_DATADIR");
	p = da_default_benchmark_path();
	assert_string_equal(p, DA_DATADIR "/benchmarks/dockaudit-docker-xccdf.xml");
	free(p);
	setenv("DOCKAUDIT_DATADIR", old, 1);
	free(old);
}

static void test_severity_names(void **state)
{
	static const char *const names[] = { "unknown", "info", "low", "medium", "high" };
	int i;

	for (i = DA_SEV_UNKNOWN; i <= DA_SEV_HIGH; i++) {
		assert_string_equal(da_severity_name((enum da_severity)i), names[i]);
		assert_int_equal(da_severity_parse(names[i]), i);
	}
	assert_int_equal(da_severity_parse("critical"), DA_SEV_UNKNOWN);
	assert_int_equal(da_severity_parse("High"), DA_SEV_UNKNOWN);
	assert_int_equal(da_severity_parse(NULL), DA_SEV_UNKNOWN);
}

/* ---- malformed content: exact messages ---- */

/* Each case's SNIPPET starts on line 6 of this document. */
#define DOC_HEAD                                                                            \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                      \
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "                        \
	"xmlns:da=\"urn:dockaudit:check:1\" id=\"xccdf_org.t_benchmark_t\">\n"              \
	"<version>1</version>\n"                                                            \
	"<Value id=\"xccdf_org.t_value_v\"><value>a</value><value selector=\"s\">b</value></Value>\n" \
	"<Group id=\"xccdf_org.t_group_g\"><Rule id=\"xccdf_org.t_rule_ok\"/></Group>\n"
#define DOC_TAIL "\n</Benchmark>\n"
/* A rule whose da:check has BODY from line 8 on (da:subjects on line 7). */
#define CHECK(body)                                                                         \
	"<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\">"         \
	"<check-content><da:check>\n"                                                       \
	"<da:subjects kind=\"host\" path=\"/host\"/>\n" body                                \
	"\n</da:check></check-content></check></Rule>"
#define ASSERT(node) CHECK("<da:assert>" node "</da:assert>")
#define TEST_X "<da:assert><da:test path=\"/x\" op=\"exists\"/></da:assert>"

struct bad_case {
	const char *snippet;
	const char *want; /* after "FILE:" */
};

static const struct bad_case bad_cases[] = {
	/* ids */
	{ "<Rule severity=\"low\"/>", "6: Rule without id" },
	{ "<Rule id=\"xccdf_org.t_group_r\"/>",
	  "6: Rule id 'xccdf_org.t_group_r' does not match xccdf_<namespace>_rule_<name>" },
	{ "<Rule id=\"rule_1\"/>", "6: Rule id 'rule_1' does not match xccdf_<namespace>_rule_<name>" },
	{ "<Rule id=\"xccdf__rule_x\"/>",
	  "6: Rule id 'xccdf__rule_x' does not match xccdf_<namespace>_rule_<name>" },
	{ "<Rule id=\"xccdf_org.t_rule_\"/>",
	  "6: Rule id 'xccdf_org.t_rule_' does not match xccdf_<namespace>_rule_<name>" },
	{ "<Group id=\"xccdf_org.t_rule_x\"/>",
	  "6: Group id 'xccdf_org.t_rule_x' does not match xccdf_<namespace>_group_<name>" },
	{ "<Value id=\"xccdf_org.t_val_x\"><value>1</value></Value>",
	  "6: Value id 'xccdf_org.t_val_x' does not match xccdf_<namespace>_value_<name>" },
	{ "<Profile id=\"xccdf_t_profile\"><title>P</title></Profile>",
	  "6: Profile id 'xccdf_t_profile' does not match xccdf_<namespace>_profile_<name>" },
	{ "<Rule id=\"xccdf_org.t_rule_ok\"/>",
	  "6: duplicate id 'xccdf_org.t_rule_ok' (first at FILE:5)" },
	{ "<Group id=\"xccdf_org.t_group_h\">\n<Value id=\"xccdf_org.t_value_v\"><value>1</value></Value></Group>",
	  "7: duplicate id 'xccdf_org.t_value_v' (first at FILE:4)" },
	/* attributes */
	{ "<Rule id=\"xccdf_org.t_rule_r\" severity=\"critical\"/>",
	  "6: unknown severity 'critical' (unknown, info, low, medium, high)" },
	{ "<Rule id=\"xccdf_org.t_rule_r\" weight=\"-1\"/>",
	  "6: weight '-1' is not a non-negative decimal number" },
	{ "<Rule id=\"xccdf_org.t_rule_r\" selected=\"yes\"/>",
	  "6: Rule selected='yes' is not true or false" },
	{ "<Rule id=\"xccdf_org.t_rule_r\" extends=\"xccdf_org.t_rule_ok\"/>",
	  "6: Rule: extends is not supported by dockaudit (resolve the content first)" },
	/* XCCDF structure */
	{ "<Rule id=\"xccdf_org.t_rule_r\">\n<select idref=\"xccdf_org.t_rule_ok\" selected=\"true\"/></Rule>",
	  "7: element 'select' is not allowed in Rule" },
	{ "<Rule id=\"xccdf_org.t_rule_r\">\n<frobnicate/></Rule>",
	  "7: element 'frobnicate' is not allowed in Rule" },
	{ "<Group id=\"xccdf_org.t_group_h\">\n<fix>x</fix></Group>",
	  "7: element 'fix' is not allowed in Group" },
	{ "<Rule id=\"xccdf_org.t_rule_r\">\n<x:y xmlns:x=\"urn:other\"/></Rule>",
	  "7: element 'x:y' is not allowed in Rule" },
	{ "<Rule id=\"xccdf_org.t_rule_r\">stray text</Rule>", "6: text is not allowed in Rule" },
	{ "<Rule id=\"xccdf_org.t_rule_r\">\n<complex-check operator=\"AND\"/></Rule>",
	  "7: complex-check is not supported by dockaudit" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><title>A <sub idref=\"xccdf_org.t_value_v\"/></title></Rule>",
	  "6: element 'sub' is not allowed in title" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><fix system=\"urn:xccdf:fix:script:sh\">chmod\n<sub/> /x</fix></Rule>",
	  "7: sub without idref" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><fix system=\"urn:xccdf:fix:script:sh\">chmod\n<sub idref=\"\"/> /x</fix></Rule>",
	  "7: sub without idref" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><fix system=\"urn:xccdf:fix:script:sh\">docker\n<instance>c1</instance></fix></Rule>",
	  "7: instance in fix must be empty" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><fix system=\"urn:xccdf:fix:script:sh\">a\n<b/></fix></Rule>",
	  "7: element 'b' is not allowed in fix" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><fixtext>Set\n<sub idref=\"xccdf_org.t_value_v\"/></fixtext></Rule>",
	  "7: element 'sub' is not allowed in fixtext" },
	{ "<Rule id=\"xccdf_org.t_rule_r\">\n<reference href=\"https://www.cisecurity.org/benchmark/docker\">CIS 5.5</reference></Rule>",
	  "7: CIS reference 'CIS 5.5' does not read 'CIS Docker Benchmark vVERSION: NUMBER'" },
	{ "<Value id=\"xccdf_org.t_value_w\"><value selector=\"s\">1</value></Value>",
	  "6: Value 'xccdf_org.t_value_w' has no value without a selector" },
	{ "<Value id=\"xccdf_org.t_value_w\"><value>1</value>\n<value>2</value></Value>",
	  "7: Value 'xccdf_org.t_value_w' has more than one value without a selector" },
	{ "<Value id=\"xccdf_org.t_value_w\" type=\"number\"><value>ten</value></Value>",
	  "6: Value 'xccdf_org.t_value_w': 'ten' is not a number" },
	{ "<Value id=\"xccdf_org.t_value_w\" type=\"list\"><value>1</value></Value>",
	  "6: Value 'xccdf_org.t_value_w': type 'list' is not string, number or boolean" },
	/* profiles */
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<select idref=\"xccdf_org.t_rule_nope\" selected=\"true\"/></Profile>",
	  "7: select of unknown id 'xccdf_org.t_rule_nope'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<select idref=\"xccdf_org.t_value_v\" selected=\"true\"/></Profile>",
	  "7: select of unknown id 'xccdf_org.t_value_v'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<select idref=\"xccdf_org.t_rule_ok\"/></Profile>",
	  "7: select without selected" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<refine-value idref=\"xccdf_org.t_value_nope\" selector=\"s\"/></Profile>",
	  "7: refine-value of unknown Value 'xccdf_org.t_value_nope'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<refine-value idref=\"xccdf_org.t_value_v\" selector=\"zz\"/></Profile>",
	  "7: refine-value: Value 'xccdf_org.t_value_v' has no selector 'zz'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<set-value idref=\"xccdf_org.t_value_nope\">c</set-value></Profile>",
	  "7: set-value of unknown Value 'xccdf_org.t_value_nope'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<refine-rule idref=\"xccdf_org.t_rule_nope\" weight=\"2\"/></Profile>",
	  "7: refine-rule of unknown id 'xccdf_org.t_rule_nope'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<refine-rule idref=\"xccdf_org.t_rule_ok\" role=\"skip\"/></Profile>",
	  "7: role 'skip' is not full, unscored or unchecked" },
	{ "<Profile id=\"xccdf_org.t_profile_p\" extends=\"xccdf_org.t_profile_nope\"><title>P</title></Profile>",
	  "6: Profile 'xccdf_org.t_profile_p' extends unknown Profile 'xccdf_org.t_profile_nope'" },
	{ "<Profile id=\"xccdf_org.t_profile_p\" extends=\"xccdf_org.t_profile_p\"><title>P</title></Profile>",
	  "6: Profile 'xccdf_org.t_profile_p' extends itself" },
	{ "<Profile id=\"xccdf_org.t_profile_p\" extends=\"xccdf_org.t_profile_q\"><title>P</title></Profile>\n"
	  "<Profile id=\"xccdf_org.t_profile_q\" extends=\"xccdf_org.t_profile_r\"><title>Q</title></Profile>\n"
	  "<Profile id=\"xccdf_org.t_profile_r\" extends=\"xccdf_org.t_profile_p\"><title>R</title></Profile>",
	  "8: Profile 'xccdf_org.t_profile_r' extends 'xccdf_org.t_profile_p', which leads back to it (an extends loop)" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"><title>P</title>\n<select idref=\"xccdf_org.t_rule_ok\" selected=\"true\"/>"
	  "<select idref=\"xccdf_org.t_rule_ok\" selected=\"false\"/></Profile>",
	  "7: Profile 'xccdf_org.t_profile_p' has more than one select of 'xccdf_org.t_rule_ok'" },
	{ "<Rule id=\"xccdf_org.t_rule_r\" role=\"optional\"/>",
	  "6: role 'optional' is not full, unscored or unchecked" },
	{ "<Profile id=\"xccdf_org.t_profile_p\"/>", "6: Profile 'xccdf_org.t_profile_p' without title" },
	/* the check element in XCCDF */
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check><check-content/></check></Rule>",
	  "6: check without system" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\">\n<check-content-ref href=\"x.xml\"/></check></Rule>",
	  "7: check-content-ref is not supported in a check of system urn:dockaudit:check:1" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\">\n<check-content><foo/></check-content></check></Rule>",
	  "7: check-content of system urn:dockaudit:check:1 holds one da:check, found foo" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\">\n<check-content/></check>"
	  "<check system=\"urn:dockaudit:check:1\"><check-content/></check></Rule>",
	  "7: check-content of system urn:dockaudit:check:1 holds one da:check" },
	/* the check language */
	{ ASSERT("<da:test path=\"/x\" op=\"bogus\" value=\"1\"/>"), "8: unknown operator 'bogus'" },
	{ ASSERT("<da:test path=\"/x\" op=\"exists\" value=\"1\"/>"),
	  "8: operator 'exists' takes no value" },
	{ ASSERT("<da:test path=\"/x\" op=\"absent\" value-ref=\"xccdf_org.t_value_v\"/>"),
	  "8: operator 'absent' takes no value" },
	{ ASSERT("<da:test path=\"/x\" op=\"equals\"/>"),
	  "8: operator 'equals' needs value or value-ref" },
	{ ASSERT("<da:test path=\"/x\" op=\"equals\" value=\"1\" value-ref=\"xccdf_org.t_value_v\"/>"),
	  "8: give value or value-ref, not both" },
	{ ASSERT("<da:test path=\"/x\" op=\"in\" value-ref=\"xccdf_org.t_value_nope\"/>"),
	  "8: value-ref to unknown Value 'xccdf_org.t_value_nope'" },
	{ ASSERT("<da:test path=\"x\" op=\"exists\"/>"),
	  "8: path 'x' is not a JSON pointer (RFC 6901), nor \"$\" and one" },
	{ ASSERT("<da:test path=\"$x\" op=\"exists\"/>"),
	  "8: path '$x' is not a JSON pointer (RFC 6901), nor \"$\" and one" },
	{ ASSERT("<da:test path=\"/a~2b\" op=\"exists\"/>"),
	  "8: path '/a~2b' is not a JSON pointer (RFC 6901), nor \"$\" and one" },
	{ ASSERT("<da:test op=\"exists\"/>"), "8: da:test without path" },
	{ ASSERT("<da:test path=\"/x\" op=\"exists\" missing=\"skip\"/>"),
	  "8: missing 'skip' is not one of error, pass, fail" },
	{ ASSERT("<da:test path=\"/x\" op=\"exists\" color=\"red\"/>"),
	  "8: attribute 'color' is not allowed on da:test" },
	{ ASSERT("<da:test path=\"/x\" op=\"exists\"><da:all/></da:test>"),
	  "8: element 'da:all' is not allowed in da:test" },
	{ ASSERT("<da:bogus/>"), "8: unknown element 'da:bogus' in da:assert" },
	{ ASSERT("<da:all><da:test path=\"/x\" op=\"exists\"/>\n<test path=\"/x\" op=\"exists\"/></da:all>"),
	  "9: unknown element 'test' in da:all" },
	{ ASSERT("<da:any/>"), "8: da:any needs at least one node" },
	{ ASSERT("<da:each path=\"/m\"><da:test path=\"/x\" op=\"exists\"/></da:each>"),
	  "8: da:each without quantifier" },
	{ ASSERT("<da:each path=\"/m\" quantifier=\"most\"><da:test path=\"/x\" op=\"exists\"/></da:each>"),
	  "8: quantifier 'most' is not one of all, any, none" },
	{ ASSERT("<da:test path=\"/x\" op=\"exists\"/>\n<da:test path=\"/y\" op=\"exists\"/>"),
	  "9: da:assert holds more than one node" },
	{ CHECK("<da:assert/>"), "8: da:assert needs one node" },
	{ CHECK("<da:assert>oops<da:test path=\"/x\" op=\"exists\"/></da:assert>"),
	  "8: text is not allowed in da:assert" },
	{ CHECK("<da:manual>  </da:manual>"), "8: da:manual needs the question a reviewer must answer" },
	{ CHECK("<da:frobnicate/>"), "8: unknown element 'da:frobnicate' in da:check" },
	{ CHECK("<da:assert><da:test path=\"/x\" op=\"exists\"/></da:assert>\n<da:where><da:test path=\"/x\" op=\"exists\"/></da:where>"),
	  "9: element 'da:where' is out of place in da:check (order: subjects, where, applies, then assert, manual or inform, then message)" },
	/* message templates */
	{ CHECK("<da:message>{name} is wrong</da:message>\n<da:assert><da:test path=\"/x\" op=\"exists\"/></da:assert>"),
	  "9: element 'da:assert' is out of place in da:check (order: subjects, where, applies, then assert, manual or inform, then message)" },
	{ CHECK("<da:manual>?</da:manual>\n<da:message>{name}</da:message>"),
	  "9: da:message is for automated checks, not manual ones" },
	{ CHECK(TEST_X "\n<da:message> </da:message>"), "9: da:message needs the sentence to show" },
	{ CHECK(TEST_X "\n<da:message>{nam}</da:message>"),
	  "9: message: placeholder {nam} is not name, id, a JSON pointer, or $ or @ and one" },
	{ CHECK(TEST_X "\n<da:message>{/a~2}</da:message>"),
	  "9: message: placeholder {/a~2} is not name, id, a JSON pointer, or $ or @ and one" },
	{ CHECK(TEST_X "\n<da:message>{/x</da:message>"),
	  "9: message: '{' without its '}' (write {{ for a brace)" },
	{ CHECK(TEST_X "\n<da:message>x}</da:message>"),
	  "9: message: '}' without '{' (write }} for a brace)" },
	{ CHECK(TEST_X "\n<da:message>{@/x}</da:message>"),
	  "9: message: {@/x} needs a for-each attribute on the message" },
	{ CHECK(TEST_X "\n<da:message>{/x|upper}</da:message>"),
	  "9: message: unknown filter 'upper' (filters: or, bool, source, count, not-in, in, map, before)" },
	{ CHECK(TEST_X "\n<da:message>{/x|bool:yes}</da:message>"),
	  "9: message: filter 'bool' takes 2 arguments" },
	{ CHECK(TEST_X "\n<da:message>{/x|source:a}</da:message>"),
	  "9: message: filter 'source' takes 0 arguments" },
	{ CHECK(TEST_X "\n<da:message>{/x|map:a}</da:message>"),
	  "9: message: filter 'map' needs FROM=TO pairs separated by commas, not 'a'" },
	{ CHECK(TEST_X "\n<da:message>{/x|not-in:xccdf_org.t_value_nope}</da:message>"),
	  "9: message: filter not-in to unknown Value 'xccdf_org.t_value_nope'" },
	{ CHECK(TEST_X "\n<da:message for-each=\"/m\">{@/x}</da:message>"),
	  "9: for-each '/m' names no da:each of the assert (outside any other each)" },
	{ CHECK(TEST_X "\n<da:message for-each=\"m\">{@/x}</da:message>"),
	  "9: for-each 'm' is not a JSON pointer (RFC 6901), nor \"$\" and one" },
	{ CHECK(TEST_X "\n<da:message if=\"x\">x</da:message>"),
	  "9: if 'x' is not a JSON pointer (RFC 6901)" },
	{ CHECK(TEST_X "\n<da:message lang=\"en\">x</da:message>"),
	  "9: attribute 'lang' is not allowed on da:message" },
	{ CHECK("<da:where><da:test path=\"/x\" op=\"exists\"/></da:where>"),
	  "6: da:check without da:assert, da:manual or inform" },
	{ CHECK("<da:inform/>"), "8: da:inform without path" },
	{ CHECK("<da:inform path=\"x\"/>"), "8: path 'x' is not a JSON pointer (RFC 6901)" },
	{ CHECK("<da:inform path=\"/x\"><da:test path=\"/x\" op=\"exists\"/></da:inform>"),
	  "8: element 'da:test' is not allowed in da:inform" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\"><check-content>\n<da:check/></check-content></check></Rule>",
	  "7: da:check without da:subjects" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\"><check-content>\n<da:check>"
	  "<da:subjects kind=\"vm\" path=\"/vms\"/><da:manual>?</da:manual></da:check></check-content></check></Rule>",
	  "7: kind 'vm' is not container, image, file, daemon or host" },
	{ "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\"><check-content>\n<da:check>"
	  "<da:subjects kind=\"host\" path=\"/host\" name-path=\"name\"/><da:manual>?</da:manual></da:check></check-content></check></Rule>",
	  "7: name-path 'name' is not a JSON pointer (RFC 6901)" },
};

static void load_bad(const char *name, const char *text, const char *want)
{
	struct da_benchmark *b = (struct da_benchmark *)1;
	struct da_err err = { "" };
	char *path = write_tmp(name, text);
	char *full, *p;

	/* "FILE" stands for the file's path wherever it appears in WANT. */
	full = da_xasprintf("%s:%s", path, want);
	while ((p = strstr(full, "FILE"))) {
		char *next = da_xasprintf("%.*s%s%s", (int)(p - full), full, path, p + 4);

		free(full);
		full = next;
	}
	assert_int_equal(da_benchmark_load(path, &b, &err), -1);
	assert_null(b);
	assert_string_equal(err.msg, full);
	free(full);
	free(path);
}

static void test_bad_cases(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		char *doc = da_xasprintf(DOC_HEAD "%s" DOC_TAIL, bad_cases[i].snippet);

		print_message("case %zu: %s\n", i, bad_cases[i].want);
		load_bad("bad.xml", doc, bad_cases[i].want);
		free(doc);
	}
}

/* A rule's cis is its number in DA_CIS_VERSION, whatever order its
 * references come in; none when it has no number in that version. */
static void test_cis_number_by_version(void **state)
{
	static const char *const refs[][3] = {
		/* references, in order, then the expected number ("" for none) */
		{ "CIS Docker Benchmark v1.8.0: 2.8", "CIS Docker Benchmark v1.6.0: 2.7", "2.7" },
		{ "CIS Docker Benchmark v1.7.0: 5.31", "CIS Docker Benchmark v1.6.0: 5.30", "5.30" },
		{ "CIS Docker Benchmark v1.6.0: 1.1.3", "CIS Docker Benchmark v1.8.0: 1.1.4", "1.1.3" },
		{ "CIS Docker Benchmark v1.8.0: 2.7", "CIS Docker Benchmark v1.7.0: 2.7", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		char *doc = da_xasprintf(
			DOC_HEAD "<Rule id=\"xccdf_org.t_rule_r\">"
				 "<reference href=\"" DA_CIS_REF_HREF "\">%s</reference>"
				 "<reference href=\"" DA_CIS_REF_HREF "\">%s</reference></Rule>" DOC_TAIL,
			refs[i][0], refs[i][1]);
		char *path = write_tmp("cis.xml", doc);
		struct da_benchmark *b = load_ok(path);
		const struct da_item *r = da_benchmark_rule(b, "xccdf_org.t_rule_r");

		assert_non_null(r);
		if (*refs[i][2])
			assert_string_equal(r->rule->cis, refs[i][2]);
		else
			assert_null(r->rule->cis);
		da_benchmark_free(b);
		free(path);
		free(doc);
	}
}

/* The template itself is valid: the cases fail for their snippet alone. */
static void test_bad_template_ok(void **state)
{
	char *path = write_tmp("ok.xml", DOC_HEAD ASSERT("<da:test path=\"/x\" op=\"exists\"/>") DOC_TAIL);
	struct da_benchmark *b = load_ok(path);

	assert_int_equal(b->n_rules, 2);
	assert_int_equal(b->rules[1]->rule->check->assert->line, 8);
	free(path);
	da_benchmark_free(b);
}

/* Rule roles, and profiles that extend, set values and refine rules. */
static void test_roles_and_refinements(void **state)
{
	char *path = write_tmp("refine.xml",
			       DOC_HEAD
			       "<Rule id=\"xccdf_org.t_rule_u\" role=\"unscored\"/>\n"
			       "<Rule id=\"xccdf_org.t_rule_c\" role=\"unchecked\" severity=\"low\"/>\n"
			       "<Profile id=\"xccdf_org.t_profile_b\" extends=\"xccdf_org.t_profile_a\"><title>B</title>\n"
			       "<set-value idref=\"xccdf_org.t_value_v\"> spaced </set-value>\n"
			       "<refine-rule idref=\"xccdf_org.t_rule_u\" role=\"full\" weight=\"0\" selector=\"any\"><remark>r</remark></refine-rule>\n"
			       "</Profile>\n"
			       "<Profile id=\"xccdf_org.t_profile_a\"><title>A</title>\n"
			       "<select idref=\"xccdf_org.t_group_g\" selected=\"false\"/>\n"
			       "<refine-value idref=\"xccdf_org.t_value_v\" selector=\"s\"><remark>r</remark></refine-value>\n"
			       "<refine-rule idref=\"xccdf_org.t_group_g\" weight=\"2.5\"/>\n"
			       "</Profile>" DOC_TAIL);
	struct da_benchmark *b = load_ok(path);
	const struct da_profile *pb = &b->profiles[0], *pa = &b->profiles[1];

	assert_int_equal(b->rules[0]->rule->role, DA_ROLE_FULL);
	assert_int_equal(da_benchmark_rule(b, "xccdf_org.t_rule_u")->rule->role, DA_ROLE_UNSCORED);
	assert_int_equal(da_benchmark_rule(b, "xccdf_org.t_rule_c")->rule->role, DA_ROLE_UNCHECKED);
	assert_ptr_equal(da_benchmark_item(b, "xccdf_org.t_group_g"), b->root.children[0]);
	assert_ptr_equal(da_benchmark_item(b, "xccdf_org.t_rule_ok"), b->rules[0]);
	assert_null(da_benchmark_item(b, "xccdf_org.t_value_v"));
	/* A profile may extend one defined after it; extension puts the
	 * extended profile's entries first. */
	assert_string_equal(pb->id, "xccdf_org.t_profile_b");
	assert_int_equal(pb->line, 8);
	assert_string_equal(pb->extends, "xccdf_org.t_profile_a");
	assert_int_equal(pb->n_selects, 1);
	assert_string_equal(pb->selects[0].idref, "xccdf_org.t_group_g");
	assert_int_equal(pb->n_refine_values, 2);
	assert_string_equal(pb->refine_values[0].selector, "s");
	assert_null(pb->refine_values[0].value);
	assert_null(pb->refine_values[1].selector);
	assert_string_equal(pb->refine_values[1].value, " spaced "); /* as written */
	assert_int_equal(pb->n_refine_rules, 2);
	assert_string_equal(pb->refine_rules[0].idref, "xccdf_org.t_group_g");
	assert_true(pb->refine_rules[0].weight == 2.5);
	assert_int_equal(pb->refine_rules[1].has, DA_REFINE_ROLE | DA_REFINE_WEIGHT);
	assert_int_equal(pb->refine_rules[1].role, DA_ROLE_FULL);
	assert_true(pb->refine_rules[1].weight == 0);
	assert_null(pa->extends);
	assert_int_equal(pa->n_refine_values, 1);
	assert_int_equal(pa->n_refine_rules, 1);
	assert_string_equal(da_role_name(DA_ROLE_UNSCORED), "unscored");
	assert_int_equal(da_role_parse("unchecked"), DA_ROLE_UNCHECKED);
	assert_int_equal(da_role_parse("Full"), -1);
	assert_int_equal(da_role_parse(NULL), -1);
	free(path);
	da_benchmark_free(b);
}

static void test_benchmark_level(void **state)
{
	load_bad("nover.xml",
		 "<?xml version=\"1.0\"?>\n"
		 "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.t_benchmark_t\">\n"
		 "<title>t</title></Benchmark>\n",
		 "2: Benchmark without version");
	load_bad("badid.xml",
		 "<?xml version=\"1.0\"?>\n"
		 "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"bench\">\n"
		 "<version>1</version></Benchmark>\n",
		 "2: Benchmark id 'bench' does not match xccdf_<namespace>_benchmark_<name>");
	load_bad("xccdf11.xml",
		 "<?xml version=\"1.0\"?>\n\n"
		 "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.1\" id=\"b\"/>\n",
		 "3: not an XCCDF 1.2 Benchmark");
	load_bad("rule-root.xml",
		 "<?xml version=\"1.0\"?>\n"
		 "<Rule xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_a_rule_b\"/>\n",
		 "2: not an XCCDF 1.2 Benchmark");
}

static void assert_load_error(const char *path, const char *want)
{
	struct da_benchmark *b = NULL;
	struct da_err err = { "" };

	assert_int_equal(da_benchmark_load(path, &b, &err), -1);
	assert_null(b);
	assert_string_equal(err.msg, want);
}

static void test_not_xccdf_fixture(void **state)
{
	char *path = fixture("benchmarks/not-xccdf.xml");
	char *want = da_xasprintf("%s:4: not an XCCDF 1.2 Benchmark", path);

	assert_load_error(path, want);
	free(want);
	free(path);
}

static void test_truncated(void **state)
{
	char *path = fixture("benchmarks/truncated.xml");
	char *want = da_xasprintf("%s:12:1: Premature end of data in tag Rule line 10", path);
	struct da_benchmark *b = NULL;
	struct da_err err = { "" };

	assert_int_equal(da_benchmark_load(path, &b, &err), -1);
	assert_null(b);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
}

static void test_missing_file(void **state)
{
	char *path = fixture("benchmarks/does-not-exist.xml");
	char *want = da_xasprintf("%s: No such file or directory", path);

	assert_load_error(path, want);
	free(want);
	free(path);
	path = fixture("benchmarks");
	want = da_xasprintf("%s: is a directory", path);
	assert_load_error(path, want);
	free(want);
	free(path);
}

/* ---- external entities, DTDs and includes ---- */

static int loads_seen;
static bool passwd_requested;
static xmlExternalEntityLoader default_loader;

/* Installed around the loads below: sees every load dockaudit lets through. */
static xmlParserInputPtr spy_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	loads_seen++;
	if (url && strstr(url, "passwd"))
		passwd_requested = true;
	return default_loader(url, id, ctxt);
}

static int spy_setup(void **state)
{
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(spy_loader);
	loads_seen = 0;
	passwd_requested = false;
	return 0;
}

static int spy_teardown(void **state)
{
	xmlSetExternalEntityLoader(default_loader);
	return 0;
}

static void test_external_entity_refused(void **state)
{
	char *path = fixture("benchmarks/xxe.xml");
	char *want = da_xasprintf("%s:2: a DOCTYPE is not allowed in content", path);

	assert_load_error(path, want);
	assert_false(passwd_requested);
	assert_int_equal(loads_seen, 1); /* the benchmark itself, nothing else */
	/* The loader in place before the load is back. */
	assert_ptr_equal(xmlGetExternalEntityLoader(), spy_loader);
	free(want);
	free(path);
}

static void test_external_entity_in_include(void **state)
{
	char *path = fixture("benchmarks/xxe-include.xml");
	char *prof = fixture("profiles/xxe-profile.xml");
	char *want = da_xasprintf("%s:5: entity reference &pw; is not allowed in content", prof);

	assert_load_error(path, want);
	assert_false(passwd_requested);
	assert_int_equal(loads_seen, 2); /* the benchmark and the profile */
	free(want);
	free(prof);
	free(path);
}

static void test_external_dtd_in_include(void **state)
{
	char *path = fixture("benchmarks/dtd-include.xml");
	char *prof = fixture("profiles/dtd-profile.xml");
	char *dtd = fixture("profiles/passwd.dtd");
	char *want = da_xasprintf("%s:9: cannot include %s: refused to load %s "
				  "(no DTDs or external entities)", path, prof, dtd);

	assert_load_error(path, want);
	assert_false(passwd_requested);
	free(want);
	free(dtd);
	free(prof);
	free(path);
}

static void test_include_errors(void **state)
{
	char *path = fixture("benchmarks/missing-include.xml");
	char *prof = fixture("profiles/nope.xml");
	char *want = da_xasprintf("%s:7: cannot include %s: No such file or directory", path, prof);

	assert_load_error(path, want);
	free(want);
	free(prof);
	free(path);

	path = fixture("benchmarks/broken-include.xml");
	prof = fixture("profiles/broken.xml");
	want = da_xasprintf("%s:7: cannot include %s: %s:5:11: Opening and ending tag mismatch: select line 4 and Profile",
			    path, prof, prof);
	assert_load_error(path, want);
	free(want);
	free(prof);
	free(path);
}

/* An error inside an included profile names the profile file and line. */
static void test_error_in_included_profile(void **state)
{
	char *path = fixture("benchmarks/bad-select-include.xml");
	char *prof = fixture("profiles/bad-select.xml");
	char *want = da_xasprintf("%s:5: select of unknown id 'xccdf_org.example_rule_nope'", prof);

	assert_load_error(path, want);
	free(want);
	free(prof);
	free(path);
}

/* ---- the check schema ---- */

static void test_schema_validation_error(void **state)
{
	char *old = da_xstrdup(getenv("DOCKAUDIT_DATADIR"));
	char *dir = fixture("datadir");
	char *doc = da_xasprintf(DOC_HEAD "%s" DOC_TAIL,
				 "<Rule id=\"xccdf_org.t_rule_r\"><check system=\"urn:dockaudit:check:1\"><check-content>\n"
				 "<da:check>\n<da:subjects kind=\"daemon\" path=\"/daemon\"/>"
				 "<da:manual>?</da:manual></da:check></check-content></check></Rule>");
	char *path = write_tmp("schema.xml", doc);
	char *want;

	/* A stricter schema (kind="host" only) shows the schema really runs. */
	setenv("DOCKAUDIT_DATADIR", dir, 1);
	want = da_xasprintf("%s:8: check: Element '{urn:dockaudit:check:1}subjects', attribute 'kind': "
			    "[facet 'enumeration'] The value 'daemon' is not an element of the set {'host'}.",
			    path);
	assert_load_error(path, want);
	free(want);

	setenv("DOCKAUDIT_DATADIR", tmpdir, 1);
	want = da_xasprintf("cannot load the check schema %s/benchmarks/dockaudit-check-1.xsd: "
			    "Failed to locate the main schema resource at '%s/benchmarks/dockaudit-check-1.xsd'.",
			    tmpdir, tmpdir);
	assert_load_error(path, want);
	free(want);

	setenv("DOCKAUDIT_DATADIR", old, 1);
	free(old);
	free(dir);
	free(path);
	free(doc);
}

/* libxml2 prints nothing of its own on stderr. */
static void test_quiet(void **state)
{
	char *path = fixture("benchmarks/truncated.xml");
	struct da_benchmark *b = NULL;
	struct da_err err = { "" };
	char buf[256] = "";
	FILE *tmp = tmpfile();
	int saved = dup(2);

	assert_non_null(tmp);
	dup2(fileno(tmp), 2);
	assert_int_equal(da_benchmark_load(path, &b, &err), -1);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	assert_null(fgets(buf, sizeof(buf), tmp));
	fclose(tmp);
	free(path);
}

/* A fix script written as element content loses the indentation its lines
 * share with the XML around it (YAML's own indentation is kept), and only
 * that: the first line, blank lines and deeper indents stay; after a first
 * line at column 0, only shared tabs count as the XML's. */
static void test_fix_dedent(void **state)
{
	static const char xml[] =
		"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
		"id=\"xccdf_org.example_benchmark_dedent\">\n"
		"\t<status>draft</status><title>t</title><version>1</version>\n"
		"\t<Rule id=\"xccdf_org.example_rule_r\" severity=\"low\"><title>r</title>\n"
		"\t\t<fix system=\"urn:xccdf:fix:script:ansible\">- name: one\n"
		"\t\t  ansible.builtin.lineinfile:\n"
		"\t\t    path: /etc/docker/daemon.json\n"
		"\n"
		"\t\t- name: two</fix>\n"
		"\t\t<fix system=\"urn:xccdf:fix:script:sh\">p=/x\n"
		"\tmkdir -p \"$p\"\n"
		"  \techo \"$p\"</fix>\n"
		"\t\t<fix system=\"urn:xccdf:fix:script:sh\">echo one line</fix>\n"
		"<fix system=\"urn:xccdf:fix:script:ansible\">- name: col0\n"
		"  ansible.builtin.file:\n"
		"    path: /etc/docker\n"
		"    mode: \"0755\"</fix>\n"
		"\t\t<fix system=\"urn:xccdf:fix:script:ansible\">\n"
		"    - name: below\n"
		"      ansible.builtin.file:\n"
		"        path: /etc/docker</fix>\n"
		"\t</Rule>\n</Benchmark>\n";
	xmlDoc *doc = xmlReadMemory(xml, (int)sizeof(xml) - 1, "dedent.xml", NULL, XML_PARSE_NONET);
	struct da_benchmark *b = NULL;
	struct da_err err = { { 0 } };
	const struct da_rule *r;

	assert_non_null(doc);
	if (da_benchmark_load_doc(doc, "dedent.xml", &b, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(b->n_rules, 1);
	r = b->rules[0]->rule;
	assert_int_equal(r->n_fixes, 5);
	assert_string_equal(r->fixes[0].text, "- name: one\n  ansible.builtin.lineinfile:\n"
					       "    path: /etc/docker/daemon.json\n\n- name: two");
	/* "\t" and "  \t" share nothing: nothing is taken away */
	assert_string_equal(r->fixes[1].text, "p=/x\n\tmkdir -p \"$p\"\n  \techo \"$p\"");
	assert_string_equal(r->fixes[2].text, "echo one line");
	/* A body at column 0 (as OpenSCAP wants it): its lines share YAML's
	 * two blanks, which are the task's own and stay. */
	assert_string_equal(r->fixes[3].text, "- name: col0\n  ansible.builtin.file:\n"
					       "    path: /etc/docker\n    mode: \"0755\"");
	/* A body on the lines after <fix>: the indentation they share goes,
	 * blanks included. */
	assert_string_equal(r->fixes[4].text, "\n- name: below\n  ansible.builtin.file:\n"
					       "    path: /etc/docker");
	da_benchmark_free(b);
}

/* <sub> and <instance> in a fix stand as one placeholder word each, where
 * OpenSCAP would put a Value's value and a subject's name. */
static void test_fix_slots(void **state)
{
	static const char xml[] =
		"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
		"id=\"xccdf_org.example_benchmark_slots\">\n"
		"<status>draft</status><title>t</title><version>1</version>\n"
		"<Value id=\"xccdf_org.example_value_mode\"><value>0644</value></Value>\n"
		"<Rule id=\"xccdf_org.example_rule_r\" severity=\"low\"><title>r</title>\n"
		"<fix system=\"urn:xccdf:fix:script:sh\">chmod <sub idref=\"xccdf_org.example_value_mode\" "
		"use=\"value\"/> /x &amp;&amp; docker restart <instance context=\"container\"/></fix>\n"
		"<fix system=\"urn:xccdf:fix:script:ansible\">\n- name: \"<instance/>\"\n"
		"  ansible.builtin.command: docker restart <instance/></fix>\n"
		"</Rule>\n</Benchmark>\n";
	xmlDoc *doc = xmlReadMemory(xml, (int)sizeof(xml) - 1, "slots.xml", NULL, XML_PARSE_NONET);
	struct da_benchmark *b = NULL;
	struct da_err err = { { 0 } };
	const struct da_rule *r;

	(void)state;
	assert_non_null(doc);
	if (da_benchmark_load_doc(doc, "slots.xml", &b, &err) < 0)
		fail_msg("%s", err.msg);
	r = b->rules[0]->rule;
	assert_int_equal(r->n_fixes, 2);
	assert_string_equal(r->fixes[0].text,
			    "chmod DOCKAUDIT_SUB /x && docker restart DOCKAUDIT_INSTANCE");
	assert_string_equal(r->fixes[1].text, "\n- name: \"DOCKAUDIT_INSTANCE\"\n"
					       "  ansible.builtin.command: docker restart DOCKAUDIT_INSTANCE");
	da_benchmark_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_benchmark),
		cmocka_unit_test(test_fix_dedent),
		cmocka_unit_test(test_fix_slots),
		cmocka_unit_test(test_small_rules),
		cmocka_unit_test(test_small_checks),
		cmocka_unit_test(test_small_values_profiles),
		cmocka_unit_test(test_shipped_benchmark),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_bad_template_ok),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_cis_number_by_version),
		cmocka_unit_test(test_roles_and_refinements),
		cmocka_unit_test(test_benchmark_level),
		cmocka_unit_test(test_not_xccdf_fixture),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test_setup_teardown(test_external_entity_refused, spy_setup, spy_teardown),
		cmocka_unit_test_setup_teardown(test_external_entity_in_include, spy_setup,
						spy_teardown),
		cmocka_unit_test_setup_teardown(test_external_dtd_in_include, spy_setup, spy_teardown),
		cmocka_unit_test(test_include_errors),
		cmocka_unit_test(test_error_in_included_profile),
		cmocka_unit_test(test_schema_validation_error),
		cmocka_unit_test(test_quiet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
