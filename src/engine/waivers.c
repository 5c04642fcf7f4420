/*
 * Waivers (see waivers.h): the strict loader of the JSON waiver file, the
 * calendar arithmetic for expiry dates (UTC days, no time zone involved),
 * and their application to evaluated results as XCCDF-style overrides.
 */
#include "engine/waivers.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "engine/score.h"
#include "facts/facts.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RULE_MARK "_rule_"
#define DAY_SECONDS 86400

/* The members of one waiver, in the order a missing one is reported. */
static const struct {
	const char *name;
	size_t offset; /* of its char * in struct da_waiver; 0: expires */
} fields[] = {
	{ "rule", offsetof(struct da_waiver, rule_id) },
	{ "subject", offsetof(struct da_waiver, subject) },
	{ "justification", offsetof(struct da_waiver, justification) },
	{ "approved_by", offsetof(struct da_waiver, approved_by) },
	{ "expires", 0 },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

/* ---- dates ------------------------------------------------------------- */

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, long m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian; Y >= 1970). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* N decimal digits at S, or -1. */
static long digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int da_waiver_date_parse(const char *s, long *day)
{
	long y, m, d;

	if (!s || strlen(s) != DA_WAIVER_DATE_LEN - 1 || s[4] != '-' || s[7] != '-')
		return -EINVAL;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -EINVAL;
	*day = days_from_civil(y, m, d);
	return 0;
}

void da_waiver_date_format(long day, char buf[DA_WAIVER_DATE_LEN])
{
	time_t t = (time_t)day * DAY_SECONDS;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, DA_WAIVER_DATE_LEN, "%Y-%m-%d", &tm))
		snprintf(buf, DA_WAIVER_DATE_LEN, "(no date)");
}

long da_waiver_today(void)
{
	return (long)(time(NULL) / DAY_SECONDS);
}

/* ---- loading ----------------------------------------------------------- */

/* The full id of BENCH's rule named WANT (full, or after "_rule_"), or NULL. */
static const char *resolve_rule(const struct da_benchmark *b, const char *want)
{
	const char *mark;
	size_t i;

	if (da_benchmark_rule(b, want))
		return want;
	for (i = 0; i < b->n_rules; i++) {
		mark = b->rules[i]->id ? strstr(b->rules[i]->id, RULE_MARK) : NULL;
		if (mark && strcmp(mark + strlen(RULE_MARK), want) == 0)
			return b->rules[i]->id;
	}
	return NULL;
}

static bool is_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* Member NAME of waiver V as a checked string; -1 with ERR. */
static int text_member(const json_t *v, const char *name, const char *file, size_t idx,
		       const char **out, struct da_err *err)
{
	const json_t *m = json_object_get(v, name);

	if (!m)
		return da_err_set(err, "%s: waiver %zu: missing \"%s\"", file, idx, name);
	if (!json_is_string(m))
		return da_err_set(err, "%s: waiver %zu: \"%s\" is not a string", file, idx, name);
	*out = json_string_value(m);
	if (is_blank(*out))
		return da_err_set(err, "%s: waiver %zu: \"%s\" is empty", file, idx, name);
	if (json_string_length(m) > DA_WAIVER_TEXT_MAX)
		return da_err_set(err, "%s: waiver %zu: \"%s\" is longer than %d bytes", file, idx,
				  name, DA_WAIVER_TEXT_MAX);
	return 0;
}

static int known_members(const json_t *v, const char *file, size_t idx, struct da_err *err)
{
	const char *key;
	json_t *m;
	size_t i;

	json_object_foreach((json_t *)v, key, m) {
		for (i = 0; i < N_FIELDS && strcmp(fields[i].name, key) != 0; i++)
			;
		if (i == N_FIELDS)
			return da_err_set(err, "%s: waiver %zu: unknown member \"%s\"", file, idx, key);
	}
	return 0;
}

static void waiver_clear(struct da_waiver *w)
{
	free(w->rule_id);
	free(w->subject);
	free(w->justification);
	free(w->approved_by);
}

/* Check waiver V (number IDX) and fill W. -1 with ERR. */
static int waiver_parse(const json_t *v, const char *file, size_t idx,
			const struct da_benchmark *bench, struct da_waiver *w, struct da_err *err)
{
	const char *text[N_FIELDS], *rule;
	size_t i;

	if (!json_is_object(v))
		return da_err_set(err, "%s: waiver %zu: not an object", file, idx);
	if (known_members(v, file, idx, err) < 0)
		return -1;
	for (i = 0; i < N_FIELDS; i++)
		if (text_member(v, fields[i].name, file, idx, &text[i], err) < 0)
			return -1;
	rule = resolve_rule(bench, text[0]);
	if (!rule)
		return da_err_set(err, "%s: waiver %zu: rule \"%s\" is not in the benchmark", file,
				  idx, text[0]);
	if (da_waiver_date_parse(text[N_FIELDS - 1], &w->expires_day) < 0)
		return da_err_set(err, "%s: waiver %zu: expires \"%s\" is not a date (YYYY-MM-DD)",
				  file, idx, text[N_FIELDS - 1]);
	w->index = idx;
	memcpy(w->expires, text[N_FIELDS - 1], DA_WAIVER_DATE_LEN);
	for (i = 0; i < N_FIELDS - 1; i++)
		*(char **)((char *)w + fields[i].offset) = da_xstrdup(i == 0 ? rule : text[i]);
	return 0;
}

/* The "waivers" array of DOC, checking the top level. NULL with ERR. */
static const json_t *waiver_array(const json_t *doc, const char *file, struct da_err *err)
{
	const json_t *arr;
	const char *key;
	json_t *m;

	if (!json_is_object(doc)) {
		da_err_set(err, "%s: expected an object with a \"waivers\" array", file);
		return NULL;
	}
	json_object_foreach((json_t *)doc, key, m) {
		if (strcmp(key, "waivers") != 0) {
			da_err_set(err, "%s: unknown member \"%s\" (expected only \"waivers\")", file, key);
			return NULL;
		}
	}
	arr = json_object_get(doc, "waivers");
	if (!json_is_array(arr)) {
		da_err_set(err, "%s: \"waivers\" is missing or not an array", file);
		return NULL;
	}
	return arr;
}

int da_waivers_parse(const char *text, size_t len, const char *name,
		     const struct da_benchmark *bench, struct da_waivers **out, struct da_err *err)
{
	struct da_waivers *w = NULL;
	const json_t *arr;
	json_error_t jerr;
	json_t *doc;
	size_t i;
	int rc = -1;

	*out = NULL;
	doc = json_loadb(text ? text : "", text ? len : 0, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		da_err_set(err, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.text);
		goto out;
	}
	arr = waiver_array(doc, name, err);
	if (!arr)
		goto out;
	w = da_xcalloc(1, sizeof(*w));
	w->path = da_xstrdup(name);
	w->items = da_xcalloc(json_array_size(arr) + 1, sizeof(*w->items));
	for (i = 0; i < json_array_size(arr); i++) {
		if (waiver_parse(json_array_get(arr, i), name, i + 1, bench, &w->items[i], err) < 0)
			goto out;
		w->n++;
	}
	*out = w;
	w = NULL;
	rc = 0;
out:
	da_waivers_free(w);
	json_decref(doc);
	return rc;
}

/* All of PATH into B (capped). 0 or -1 with ERR. */
static int read_file(const char *path, struct da_buf *b, struct da_err *err)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return da_err_set(err, "%s: %s", path, strerror(errno));
	rc = da_buf_read_fd(b, fd);
	close(fd);
	if (rc == -EFBIG)
		return da_err_set(err, "%s: larger than %u bytes", path, DA_WAIVERS_MAX_BYTES);
	if (rc < 0)
		return da_err_set(err, "%s: %s", path, strerror(-rc));
	return 0;
}

int da_waivers_load(const char *path, const struct da_benchmark *bench, struct da_waivers **out,
		    struct da_err *err)
{
	struct da_buf b;
	int rc = -1;

	*out = NULL;
	da_buf_init(&b, DA_WAIVERS_MAX_BYTES);
	if (read_file(path, &b, err) == 0)
		rc = da_waivers_parse(b.data, b.len, path, bench, out, err);
	da_buf_free(&b);
	return rc;
}

void da_waivers_free(struct da_waivers *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		waiver_clear(&w->items[i]);
	free(w->items);
	free(w->path);
	free(w);
}

/* ---- applying ---------------------------------------------------------- */

/* Whether PATTERN matches a string of the array ARR. */
static bool any_matches(const char *pattern, const json_t *arr)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && fnmatch(pattern, json_string_value(v), 0) == 0)
			return true;
	return false;
}

/* The repo_tags of the image ID in FACTS (NULL when not found). */
static const json_t *image_tags(const json_t *facts, const char *id)
{
	const json_t *items = da_facts_get(facts, "/images/items"), *img;
	const char *img_id;
	size_t i;

	json_array_foreach(items, i, img) {
		img_id = json_string_value(json_object_get(img, "id"));
		if (img_id && strcmp(img_id, id) == 0)
			return json_object_get(img, "repo_tags");
	}
	return NULL;
}

static bool subject_matches(const struct da_waiver *w, const struct da_instance *in,
			    const json_t *facts)
{
	if (in->name && fnmatch(w->subject, in->name, 0) == 0)
		return true;
	if (!in->kind || strcmp(in->kind, "image") != 0 || !in->id)
		return false;
	return any_matches(w->subject, image_tags(facts, in->id));
}

/* Note on IN's message that waiver W matched it but had expired. */
static void note_expired(struct da_instance *in, const struct da_waiver *w)
{
	char *msg;

	if (in->message)
		msg = da_xasprintf("%s; waiver expired on %s", in->message, w->expires);
	else
		msg = da_xasprintf("waiver expired on %s", w->expires);
	free(in->message);
	in->message = msg;
}

/* Give failing instance IN of rule RULE_ID the first live waiver that
 * matches it, counting every match in USES. Whether one was given. */
static bool waive_instance(struct da_results *r, const char *rule_id, struct da_instance *in)
{
	const struct da_waiver *expired = NULL, *w;
	struct da_waiver_use *use;
	size_t i;

	for (i = 0; i < r->waivers->n; i++) {
		w = &r->waivers->items[i];
		use = &r->waiver_uses[i];
			if (strcmp(w->rule_id, rule_id) != 0 || !subject_matches(w, in, r->facts))
			continue;
		use->matched++;
		if (use->expired) {
			expired = expired ? expired : w;
		} else if (!in->waiver) {
			use->waived++;
			in->waiver = w;
			in->original = in->result;
			in->result = DA_RES_PASS;
		}
	}
	if (!in->waiver && expired)
		note_expired(in, expired);
	return in->waiver != NULL;
}

static void waive_rule(struct da_results *r, struct da_rule_result *rr)
{
	size_t i;

	if (!rr->item || !rr->item->id)
		return;
	for (i = 0; i < rr->n_instances; i++)
		if (rr->instances[i].result == DA_RES_FAIL && !rr->instances[i].waiver &&
		    waive_instance(r, rr->item->id, &rr->instances[i]))
			rr->n_waived++;
	if (!rr->n_waived)
		return;
	rr->original = rr->result;
	rr->result = da_result_roll_up(rr->instances, rr->n_instances, false);
	r->n_waived += rr->n_waived;
}

void da_waivers_apply(const struct da_waivers *w, long day, struct da_results *r)
{
	size_t i;

	if (!w || !r)
		return;
	r->waivers = w;
	r->waiver_day = day;
	free(r->waiver_uses);
	r->waiver_uses = da_xcalloc(w->n + 1, sizeof(*r->waiver_uses));
	for (i = 0; i < w->n; i++) {
		r->waiver_uses[i].waiver = &w->items[i];
		r->waiver_uses[i].expired = day > w->items[i].expires_day;
	}
	memset(r->counts, 0, sizeof(r->counts));
	for (i = 0; i < r->n_rules; i++) {
		waive_rule(r, &r->rules[i]);
		if ((unsigned)r->rules[i].result < DA_RES_COUNT)
			r->counts[r->rules[i].result]++;
	}
	da_score_all(r);
}
