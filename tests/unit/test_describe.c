/*
 * Unit tests for src/content/describe.c: CIS references split into version
 * and number, versions ordered as versions, short ids, and every kind of
 * check node rendered as the exact line the rule table shows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "content/describe.h"
#include "engine/ops.h"

#define CIS DA_CIS_REF_HREF

/* ---- building checks by hand ---- */

static struct da_check_node *node(enum da_node_kind kind)
{
	struct da_check_node *n = da_xcalloc(1, sizeof(*n));

	n->kind = kind;
	return n;
}

static struct da_check_node *test_node(const char *path, const char *op, const char *value,
				       const char *ref, enum da_missing missing)
{
	struct da_check_node *n = node(DA_NODE_TEST);

	n->path = da_xstrdup(path);
	n->op = da_op_find(op);
	assert_non_null(n->op);
	n->value = da_xstrdup(value);
	n->value_ref = da_xstrdup(ref);
	n->missing = missing;
	return n;
}

static struct da_check_node *t(const char *path, const char *op, const char *value)
{
	return test_node(path, op, value, NULL, DA_MISSING_ERROR);
}

/* KIND with N children given after N. */
static struct da_check_node *with_kids(struct da_check_node *n, size_t count, ...)
{
	va_list ap;
	size_t i;

	va_start(ap, count);
	n->kids = da_xcalloc(count, sizeof(*n->kids));
	for (i = 0; i < count; i++)
		n->kids[n->n_kids++] = va_arg(ap, struct da_check_node *);
	va_end(ap);
	return n;
}

static struct da_check_node *each(const char *path, enum da_quantifier q)
{
	struct da_check_node *n = node(DA_NODE_EACH);

	n->path = da_xstrdup(path);
	n->quantifier = q;
	return n;
}

static struct da_check *check(const char *kind, const char *name_path, struct da_check_node *a)
{
	struct da_check *c = da_xcalloc(1, sizeof(*c));

	c->subject_kind = da_xstrdup(kind);
	c->subjects_path = da_xstrdup("/x");
	c->name_path = da_xstrdup(name_path);
	c->assert = a;
	return c;
}

/* Describe C, compare with WANT, free both. */
static void expect_described(struct da_check *c, const char *want)
{
	char *got = da_check_describe(c);

	assert_string_equal(got, want);
	free(got);
	da_check_free(c);
}

/* ---- CIS references ---- */

static void expect_ref(const char *href, const char *text, const char *version,
		       const char *number)
{
	struct da_ref ref = { .href = (char *)href, .text = (char *)text };
	char *v, *n;
	int rc = da_cis_ref_parse(&ref, &v, &n);

	if (!version) {
		assert_int_equal(rc, -1);
		assert_null(v);
		assert_null(n);
		return;
	}
	assert_int_equal(rc, 0);
	assert_string_equal(v, version);
	assert_string_equal(n, number);
	free(v);
	free(n);
}

static void test_cis_ref_parse(void **state)
{
	(void)state;
	expect_ref(CIS, "CIS Docker Benchmark v1.6.0: 5.5", "1.6.0", "5.5");
	expect_ref(CIS, "CIS Docker Benchmark v1.8.0: 1.1.9", "1.8.0", "1.1.9");
	expect_ref(CIS, "CIS Docker Benchmark: 2.2", "", "2.2");
	expect_ref(CIS, "CIS Docker Benchmark v1.6.0 5.5", NULL, NULL);
	expect_ref(CIS, "CIS Docker Benchmark v1.6.0: five", NULL, NULL);
	expect_ref(CIS, "CIS Kubernetes Benchmark v1.6.0: 5.5", NULL, NULL);
	expect_ref("https://example.com/policy", "CIS Docker Benchmark v1.6.0: 5.5", NULL, NULL);
	expect_ref(NULL, "CIS Docker Benchmark v1.6.0: 5.5", NULL, NULL);
}

static struct da_item *rule_with_refs(size_t n, const char *const *texts)
{
	struct da_item *it = da_xcalloc(1, sizeof(*it));
	size_t i;

	it->kind = DA_ITEM_RULE;
	it->rule = da_xcalloc(1, sizeof(*it->rule));
	it->rule->refs = da_xcalloc(n, sizeof(*it->rule->refs));
	it->rule->n_refs = n;
	for (i = 0; i < n; i++) {
		it->rule->refs[i].href = da_xstrdup(strncmp(texts[i], "CIS", 3) ? "x" : CIS);
		it->rule->refs[i].text = da_xstrdup(texts[i]);
	}
	return it;
}

static void free_rule_item(struct da_item *it)
{
	size_t i;

	for (i = 0; i < it->rule->n_refs; i++) {
		free(it->rule->refs[i].href);
		free(it->rule->refs[i].text);
	}
	free(it->rule->refs);
	free(it->rule);
	free(it);
}

static void test_cis_versions_and_numbers(void **state)
{
	static const char *const a[] = { "CIS Docker Benchmark v1.10.0: 2.8",
					  "CIS Docker Benchmark v1.6.0: 2.7", "Site policy 4" };
	static const char *const b[] = { "CIS Docker Benchmark v1.9.0: 2.8",
					  "CIS Docker Benchmark v1.6.0: 2.7",
					  "CIS Docker Benchmark v1.6.0: 2.9" };
	struct da_item *rules[2] = { rule_with_refs(3, a), rule_with_refs(3, b) };
	struct da_benchmark bench = { .rules = rules, .n_rules = 2 };
	char **v, *num;
	size_t n;

	(void)state;
	v = da_benchmark_cis_versions(&bench, &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "1.6.0");
	assert_string_equal(v[1], "1.9.0");
	assert_string_equal(v[2], "1.10.0");
	assert_null(v[3]);
	da_strv_free(v);
	/* The first reference to a version gives the number. */
	num = da_rule_cis_number(rules[1]->rule, "1.6.0");
	assert_string_equal(num, "2.7");
	free(num);
	num = da_rule_cis_number(rules[0]->rule, "1.10.0");
	assert_string_equal(num, "2.8");
	free(num);
	assert_null(da_rule_cis_number(rules[0]->rule, "1.9.0"));
	assert_null(da_rule_cis_number(NULL, "1.6.0"));
	free_rule_item(rules[0]);
	free_rule_item(rules[1]);
	da_strv_free(NULL);
}

static void test_short_ids(void **state)
{
	(void)state;
	assert_string_equal(da_id_short("xccdf_org.dockaudit_rule_daemon_icc", "rule"), "daemon_icc");
	assert_string_equal(da_id_short("xccdf_com.example_profile_site_email", "profile"),
			    "site_email");
	assert_string_equal(da_id_short("xccdf_org.x_profile_p", "rule"), "xccdf_org.x_profile_p");
	assert_string_equal(da_id_short("xccdf_org.x_rule_", "rule"), "xccdf_org.x_rule_");
	assert_string_equal(da_id_short("plain", "rule"), "plain");
	assert_null(da_id_short(NULL, "rule"));
}

/* ---- checks in words ---- */

static void test_describe_tests(void **state)
{
	(void)state;
	expect_described(check("container", "/name", t("/inspect/HostConfig/Privileged", "equals",
						      "false")),
			 "each container: /inspect/HostConfig/Privileged equals false");
	expect_described(check("daemon", NULL,
			       test_node("/settings/log-level/value", "in", NULL,
					 "xccdf_org.dockaudit_value_daemon_log_levels",
					 DA_MISSING_ERROR)),
			 "the daemon: /settings/log-level/value in value daemon_log_levels");
	expect_described(check("image", "/name", test_node("/Config/Labels/owner", "not-empty", NULL,
							    NULL, DA_MISSING_FAIL)),
			 "each image: /Config/Labels/owner not-empty (absent: fail)");
	expect_described(check("host", NULL, test_node("/x", "exists", NULL, NULL, DA_MISSING_PASS)),
			 "the host: /x exists (absent: pass)");
	/* Operands that would be ambiguous are quoted; the path "" too. */
	expect_described(check("file", "/path", t("", "in", "a b")), "each file: \"\" in \"a b\"");
	expect_described(check("file", "/path", t("/p", "equals", "")), "each file: /p equals \"\"");
	expect_described(check("file", "/path", t("/p", "matches", "say \"(x|y)\"")),
			 "each file: /p matches \"say \\\"(x|y)\\\"\"");
	expect_described(check("file", "/path", t("/p", "matches", "^a\\.b$")),
			 "each file: /p matches ^a\\.b$");
}

static void test_describe_nodes(void **state)
{
	struct da_check *c;

	(void)state;
	/* all of one child is that child; nested junctions are parenthesised. */
	expect_described(check("file", "/path", with_kids(node(DA_NODE_ALL), 1, t("/a", "exists", NULL))),
			 "each file: /a exists");
	expect_described(check("file", "/path",
			       with_kids(node(DA_NODE_ALL), 2, t("/uid", "equals", "0"),
					 with_kids(node(DA_NODE_ANY), 2, t("/gid", "equals", "0"),
						   t("/gid", "equals", "999")))),
			 "each file: /uid equals 0 and (/gid equals 0 or /gid equals 999)");
	expect_described(check("container", "/name",
			       with_kids(node(DA_NODE_NONE), 2, t("/a", "exists", NULL),
					 t("/b", "empty", NULL))),
			 "each container: none of (/a exists; /b empty)");
	expect_described(check("container", "/name",
			       with_kids(each("/inspect/Mounts", DA_Q_NONE), 1,
					 with_kids(node(DA_NODE_ANY), 2,
						   t("/Source", "matches", "docker\\.sock$"),
						   t("/RW", "equals", "true")))),
			 "each container: no item of /inspect/Mounts: (/Source matches docker\\.sock$ or /RW equals true)");
	expect_described(check("container", "/name",
			       with_kids(node(DA_NODE_ANY), 2, t("/a", "absent", NULL),
					 with_kids(each("/b", DA_Q_ALL), 2, t("/c", "exists", NULL),
						   t("/d", "exists", NULL)))),
			 "each container: /a absent or (each item of /b: /c exists and /d exists)");
	expect_described(check("container", "/name",
			       with_kids(each("/caps", DA_Q_ANY), 1, t("", "equals", "CAP_SYS_ADMIN"))),
			 "each container: some item of /caps: \"\" equals CAP_SYS_ADMIN");
	/* where and applies come before the assertion. */
	c = check("file", "/path", t("/mode", "mode-at-most", "0644"));
	c->where = t("/role", "equals", "daemon-config");
	c->applies = t("/exists", "equals", "true");
	expect_described(c, "each file where /role equals daemon-config, applicable if /exists "
			    "equals true: /mode mode-at-most 0644");
	/* A manual check is its question; one without assert says so. */
	c = check("host", NULL, NULL);
	c->manual = true;
	c->question = da_xstrdup("Is the host patched?");
	expect_described(c, "manual: Is the host patched?");
	expect_described(check("host", NULL, NULL), "the host: no assertion");
}

static void test_rule_describe_and_automation(void **state)
{
	struct da_rule r = { 0 };
	char *s;

	(void)state;
	assert_int_equal(da_rule_automation(&r), DA_AUTO_NONE);
	assert_int_equal(da_rule_automation(NULL), DA_AUTO_NONE);
	s = da_rule_describe(&r);
	assert_string_equal(s, "no check");
	free(s);
	r.check_system = "http://oval.mitre.org/XMLSchema/oval-definitions-5";
	s = da_rule_describe(&r);
	assert_string_equal(s, "a check of system http://oval.mitre.org/XMLSchema/oval-definitions-5, "
			       "which dockaudit does not evaluate");
	free(s);
	r.check = check("daemon", NULL, t("/settings/icc/value", "equals", "false"));
	assert_int_equal(da_rule_automation(&r), DA_AUTO_AUTOMATED);
	s = da_rule_describe(&r);
	assert_string_equal(s, "the daemon: /settings/icc/value equals false");
	free(s);
	r.check->manual = true;
	assert_int_equal(da_rule_automation(&r), DA_AUTO_MANUAL);
	da_check_free(r.check);
	assert_string_equal(da_automation_name(DA_AUTO_AUTOMATED), "automated");
	assert_string_equal(da_automation_name(DA_AUTO_MANUAL), "manual");
	assert_string_equal(da_automation_name(DA_AUTO_NONE), "none");
	assert_string_equal(da_automation_name((enum da_automation)42), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cis_ref_parse),
		cmocka_unit_test(test_cis_versions_and_numbers),
		cmocka_unit_test(test_short_ids),
		cmocka_unit_test(test_describe_tests),
		cmocka_unit_test(test_describe_nodes),
		cmocka_unit_test(test_rule_describe_and_automation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
