/*
 * The fix plan (fix.h): which failing rules get a step, with which
 * subjects, and what is left to a person. Writers only read the plan.
 */
#include "remedy/fix.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "engine/eval.h"
#include "report/util.h"

bool da_fix_plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0, k;
	uint32_t cp;

	if (!s || !*s)
		return false;
	while (n) {
		k = da_utf8_decode(p, n, &cp);
		if (!k || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

const char *da_fix_cis(const struct da_fix_step *st, char *buf, size_t len)
{
	const char *cis = st->rr->item->rule->cis;

	if (!cis)
		return "";
	snprintf(buf, len, "%s ", cis);
	return buf;
}

long long da_fix_bytes(const char *s)
{
	char *end;
	long long v, mul = 1;

	if (!s || !*s || !strchr("0123456789", *s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -1;
	switch (*end) {
	case '\0':
		return v > (1LL << 62) ? -1 : v;
	case 'b': case 'B': mul = 1; break;
	case 'k': case 'K': mul = 1024; break;
	case 'm': case 'M': mul = 1024LL * 1024; break;
	case 'g': case 'G': mul = 1024LL * 1024 * 1024; break;
	default:
		return -1;
	}
	if (end[1] != '\0' || v > (1LL << 62) / mul)
		return -1;
	return v * mul;
}

static const char *slug_of(const char *id)
{
	const char *p = strstr(id, "_rule_");

	return p ? p + 6 : id;
}

static bool wanted(const struct da_fix_opts *o, const char *id)
{
	size_t i;

	if (!o->n_rules)
		return true;
	for (i = 0; i < o->n_rules; i++)
		if (strcmp(o->rules[i], id) == 0 || strcmp(o->rules[i], slug_of(id)) == 0)
			return true;
	return false;
}

/* U+2028 or U+2029 at S: YAML reads either as a line break. */
static bool yaml_break(const char *s)
{
	return s[0] == '\xe2' && s[1] == '\x80' && (s[2] == '\xa8' || s[2] == '\xa9');
}

/* LINE (adopted) as text for one line of a comment: control characters
 * escaped (da_report_clean), and U+2028 and U+2029 too, so that no name
 * in it ends the comment and starts YAML of its own. */
static char *one_line(char *line)
{
	char *c = da_report_clean(line, DA_CLEAN_CONTROLS), *s;
	struct da_buf b;

	free(line);
	da_buf_init(&b, 0);
	/* C is valid UTF-8: 0xe2 there only ever starts a sequence. */
	for (s = c; *s; s++) {
		if (yaml_break(s)) {
			da_buf_printf(&b, "\\u%04X", s[2] == '\xa8' ? 0x2028 : 0x2029);
			s += 2;
		} else {
			da_buf_append(&b, s, 1);
		}
	}
	free(c);
	return da_buf_take(&b);
}

static void add_manual(struct da_fix_plan *p, char *line)
{
	p->manual = da_xreallocarray(p->manual, p->n_manual + 1, sizeof(*p->manual));
	p->manual[p->n_manual++] = one_line(line);
}

/* The first dockaudit fix of RULE, parsed into REM: 1; 0 when it has none. */
static int directive(const struct da_rule *rule, struct da_remedy *rem)
{
	char why[256];
	size_t i;

	for (i = 0; i < rule->n_fixes; i++)
		if (rule->fixes[i].system && strcmp(rule->fixes[i].system, DA_FIX_SYSTEM) == 0 &&
		    da_remedy_parse(rule->fixes[i].text, rem, why, sizeof(why)) == 0)
			return 1;
	return 0;
}

static char *clean(const char *s)
{
	return da_report_clean(s ? s : "", DA_CLEAN_CONTROLS);
}

static const char *short_id(const char *id, char buf[13])
{
	snprintf(buf, 13, "%s", id ? id : "");
	return buf;
}

/* The failing containers of a recreate directive: each change goes on the
 * container's one line, "recreate NAME (ID12): CHANGE [CIS RULE: FINDING];
 * CHANGE ...", so a person recreates it once with every flag to change. */
static void manual_recreate(struct da_fix_plan *p, const struct da_rule_result *rr,
			    const struct da_remedy *rem, const char *cis)
{
	char idb[13];
	size_t i, j, k;

	for (i = 0; i < rr->n_instances; i++) {
		const struct da_instance *in = &rr->instances[i];
		const char *key = in->id ? in->id : in->name ? in->name : "";
		char *name, *msg, *change, *t;
		const char *finding;

		if (in->result != DA_RES_FAIL)
			continue;
		name = clean(in->name);
		msg = in->message ? clean(in->message) : NULL;
		finding = msg;
		/* "c-priv runs privileged": the line already names it */
		k = strlen(name);
		if (finding && k && strncmp(finding, name, k) == 0 && finding[k] == ' ')
			finding += k + 1;
		change = da_xasprintf("%s [%s%s%s%s]", rem->a, cis, slug_of(rr->item->id),
				      finding ? ": " : "", finding ? finding : "");
		for (j = 0; j < p->n_recreate; j++)
			if (strcmp(p->recreate[j].key, key) == 0)
				break;
		if (j == p->n_recreate) {
			p->recreate = da_xreallocarray(p->recreate, j + 1, sizeof(*p->recreate));
			p->recreate[j].key = da_xstrdup(key);
			p->recreate[j].line = da_xasprintf("recreate %s%s%s%s: %s", name, in->id ? " (" : "",
							   in->id ? short_id(in->id, idb) : "",
							   in->id ? ")" : "", change);
			p->n_recreate++;
		} else {
			t = da_xasprintf("%s; %s", p->recreate[j].line, change);
			free(p->recreate[j].line);
			p->recreate[j].line = t;
		}
		free(change);
		free(name);
		free(msg);
	}
}

/* The containers to recreate, first in MANUAL. */
static void recreate_first(struct da_fix_plan *p)
{
	char **m;
	size_t i;

	if (!p->n_recreate)
		return;
	m = da_xreallocarray(NULL, p->n_recreate + p->n_manual, sizeof(*m));
	for (i = 0; i < p->n_recreate; i++) {
		m[i] = p->recreate[i].line;
		free(p->recreate[i].key);
	}
	for (i = 0; i < p->n_manual; i++)
		m[p->n_recreate + i] = p->manual[i];
	free(p->manual);
	free(p->recreate);
	p->manual = m;
	p->n_manual += p->n_recreate;
	p->recreate = NULL;
	p->n_recreate = 0;
}

/* A failing rule without an automated fix. */
static void manual_rule(struct da_fix_plan *p, const struct da_rule_result *rr, const char *cis)
{
	char *title = clean(rr->item->title), *fix = clean(rr->item->rule->fixtext);
	char *names = NULL, *t;
	size_t i, n = 0;

	for (i = 0; i < rr->n_instances; i++) {
		const struct da_instance *in = &rr->instances[i];
		char *nm;

		if (in->result != DA_RES_FAIL || !in->name)
			continue;
		if (++n > 5)
			continue;
		nm = clean(in->name);
		t = da_xasprintf("%s%s%s", names ? names : "", names ? ", " : "", nm);
		free(names);
		free(nm);
		names = t;
	}
	if (n > 5) {
		t = da_xasprintf("%s and %zu more", names, n - 5);
		free(names);
		names = t;
	}
	add_manual(p, da_xasprintf("no automated fix for %s [%s%s]%s%s: %s", title, cis,
				   slug_of(rr->item->id), names ? " on " : "", names ? names : "",
				   fix[0] ? fix : "see the rule's description"));
	free(title);
	free(fix);
	free(names);
}

static void add_restart_key(struct da_fix_plan *p, const char *key)
{
	char *t = da_xasprintf("%s%s%s", p->restart_keys ? p->restart_keys : "",
			       p->restart_keys ? ", " : "", key);

	free(p->restart_keys);
	p->restart_keys = t;
}

/* Whether S is 1 to MAX decimal digits. */
static bool digits(const char *s, size_t max)
{
	size_t n = strspn(s, "0123456789");

	return n && n <= max && !s[n];
}

/* Whether V is a value docker update OPT takes. Checked here rather than
 * left to docker: the playbook templates V, so it must hold nothing else. */
static bool update_value_ok(const char *opt, const char *v)
{
	if (!strcmp(opt, "--memory"))
		return da_fix_bytes(v) > 0;
	if (!strcmp(opt, "--restart"))
		return !strcmp(v, "no") || !strcmp(v, "always") || !strcmp(v, "unless-stopped") ||
		       !strcmp(v, "on-failure") || (!strncmp(v, "on-failure:", 11) && digits(v + 11, 9));
	return digits(v, 18); /* --cpu-shares, --pids-limit */
}

static int add_step(struct da_fix_plan *p, const struct da_rule_result *rr, struct da_remedy *rem,
		    const struct da_profile *prof, struct da_err *err)
{
	struct da_fix_step *st;
	size_t i;

	p->steps = da_xreallocarray(p->steps, p->n_steps + 1, sizeof(*p->steps));
	st = &p->steps[p->n_steps++];
	memset(st, 0, sizeof(*st));
	st->rr = rr;
	st->rem = *rem;
	st->slug = da_xstrdup(slug_of(rr->item->id));
	if (rem->kind == DA_REM_DOCKER_UPDATE) {
		st->value = da_value_resolve(p->saved->bench, prof, rem->b);
		if (!st->value)
			return da_err_set(err, "rule %s: its fix names Value %s, which the benchmark lacks",
					  rr->item->id, rem->b);
		if (!update_value_ok(rem->a, st->value))
			return da_err_set(err, "rule %s: Value %s is '%s', not a value for docker update %s",
					  rr->item->id, rem->b, st->value, rem->a);
		p->containers = true;
	} else if (rem->kind == DA_REM_DAEMON_JSON) {
		p->daemon_json = true;
		if (!rem->reload)
			add_restart_key(p, rem->a);
	} else if (rem->kind == DA_REM_AUDIT_WATCH) {
		p->audit = true;
	}
	for (i = 0; i < rr->n_instances; i++) {
		const struct da_instance *in = &rr->instances[i];

		if (in->result != DA_RES_FAIL)
			continue;
		if (rem->kind != DA_REM_DAEMON_JSON &&
		    (!da_fix_plain(in->name) ||
		     (rem->kind == DA_REM_DOCKER_UPDATE && !da_fix_plain(in->id)))) {
			char *nm = clean(in->name);

			add_manual(p, da_xasprintf("left alone: %s, a subject of %s whose name cannot be handed to a tool as it is",
						   nm, slug_of(rr->item->id)));
			free(nm);
			p->n_skipped_subjects++;
			continue;
		}
		if (rem->kind != DA_REM_DAEMON_JSON && rem->kind != DA_REM_DOCKER_UPDATE &&
		    (in->name[0] != '/' || (rem->kind == DA_REM_AUDIT_WATCH && strchr(in->name, ' ')))) {
			/* Not a path (a unit the audit could not locate), or one an
			 * audit rule cannot name: the fix text. */
			char *nm = clean(in->name), *fix = clean(rr->item->rule->fixtext);

			add_manual(p, da_xasprintf("no automated fix for %s [%s]: %s", nm,
						   slug_of(rr->item->id), fix));
			free(nm);
			free(fix);
			continue;
		}
		st->subj = da_xreallocarray(st->subj, st->n_subj + 1, sizeof(*st->subj));
		st->subj[st->n_subj].name = in->name;
		st->subj[st->n_subj].id = in->id;
		st->subj[st->n_subj].message = in->message;
		st->n_subj++;
	}
	if (st->n_subj && rem->kind == DA_REM_DOCKER_UPDATE) {
		st->var = strstr(st->rem.b, "_value_") + 7;
		for (i = 0; i < p->n_values; i++)
			if (strcmp(p->values[i].var, st->var) == 0)
				break;
		if (i == p->n_values) {
			p->values = da_xreallocarray(p->values, i + 1, sizeof(*p->values));
			p->values[i].var = st->var;
			p->values[i].value = st->value;
			p->n_values++;
		}
	}
	if (!st->n_subj && rem->kind != DA_REM_DAEMON_JSON) {
		/* Every subject went to a person: no step. */
		da_remedy_clear(&st->rem);
		free(st->slug);
		free(st->subj);
		p->n_steps--;
		p->n_manual_rules++;
	}
	return 0;
}

int da_fix_plan_build(const struct da_saved *s, const struct da_fix_opts *o,
		      struct da_fix_plan **out, struct da_err *err)
{
	struct da_fix_plan *p = da_xcalloc(1, sizeof(*p));
	const struct da_results *r = s->results;
	const struct da_profile *prof = o->profile_given ? o->profile : r->profile;
	size_t i, j;

	p->saved = s;
	p->opts = o;
	for (i = 0; i < o->n_rules; i++) {
		for (j = 0; j < r->n_rules; j++)
			if (!strcmp(o->rules[i], r->rules[j].item->id) ||
			    !strcmp(o->rules[i], slug_of(r->rules[j].item->id)))
				break;
		if (j == r->n_rules) {
			da_err_set(err, "--rule %s: the benchmark has no such rule", o->rules[i]);
			goto fail;
		}
	}
	for (i = 0; i < r->n_rules; i++) {
		const struct da_rule_result *rr = &r->rules[i];
		struct da_remedy rem;
		char cis[32] = "";

		if (rr->result != DA_RES_FAIL || !wanted(o, rr->item->id))
			continue;
		if (o->profile_given && !da_rule_selected(rr->item, prof))
			continue;
		p->n_failing++;
		if (rr->item->rule->cis)
			snprintf(cis, sizeof(cis), "%s ", rr->item->rule->cis);
		if (!directive(rr->item->rule, &rem)) {
			p->n_manual_rules++;
			manual_rule(p, rr, cis);
			continue;
		}
		if (rem.kind == DA_REM_RECREATE) {
			p->n_manual_rules++;
			manual_recreate(p, rr, &rem, cis);
			da_remedy_clear(&rem);
			continue;
		}
		if (add_step(p, rr, &rem, prof, err) < 0)
			goto fail;
	}
	recreate_first(p);
	*out = p;
	return 0;
fail:
	da_fix_plan_free(p);
	return -1;
}

void da_fix_plan_free(struct da_fix_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_steps; i++) {
		da_remedy_clear(&p->steps[i].rem);
		free(p->steps[i].slug);
		free(p->steps[i].subj);
	}
	free(p->steps);
	for (i = 0; i < p->n_manual; i++)
		free(p->manual[i]);
	free(p->manual);
	free(p->restart_keys);
	free(p->values);
	for (i = 0; i < p->n_recreate; i++) {
		free(p->recreate[i].key);
		free(p->recreate[i].line);
	}
	free(p->recreate);
	free(p);
}

char **da_fix_header(const struct da_fix_plan *p, size_t *n)
{
	const struct da_results *r = p->saved->results;
	const struct da_score *sc = &r->scores[r->score_model < DA_SCORE_MODEL_COUNT ? r->score_model : 0];
	const char *host = da_report_host(r->facts, "hostname");
	char t[DA_REPORT_TIME_LEN], **h = da_xcalloc(8, sizeof(*h));
	char *hc = clean(host ? host : "(unknown host)"), *src = clean(p->opts->source);
	size_t k = 0, subj = 0, i;

	for (i = 0; i < p->n_steps; i++)
		subj += p->steps[i].n_subj;
	da_report_time(r->end_time, t);
	h[k++] = da_xasprintf("Remediation for %s, written by dockaudit %s from %s (audit ended %s).",
			      hc, PACKAGE_VERSION, src, t);
	h[k++] = da_xasprintf("Benchmark %s, profile %s; score before: %.2f of %.0f (%s model).",
			      r->bench->id, r->profile ? r->profile->id : "(the benchmark's defaults)",
			      da_report_finite(sc->score), da_report_finite(sc->max),
			      da_score_model_name(sc->model));
	h[k++] = da_xasprintf("Failing rules: %zu; fixed here: %zu (%zu subjects); left to a person: %zu.",
			      p->n_failing, p->n_steps, subj, p->n_manual_rules);
	if (p->restart_keys)
		h[k++] = da_xasprintf("Settings only a restart of dockerd applies: %s.", p->restart_keys);
	for (i = 0; i < k; i++)
		h[i] = one_line(h[i]);
	free(hc);
	free(src);
	*n = k;
	return h;
}

int da_fix_write(const struct da_fix_plan *p, FILE *out, struct da_err *err)
{
	if (p->opts->format == DA_FIX_SH)
		da_fix_write_sh(p, out);
	else
		da_fix_write_ansible(p, out);
	return da_report_check_stream(out, err);
}
