/* A pretix export is whole (issue 49): pretix's "Order data (JSON)"
 * exporter writes every order of the event, and of each only the
 * positions not cancelled (`Order.positions` is the manager of those), so
 * a position cancelled inside a paid order is simply absent from the next
 * export, and an order cancelled with a fee kept stays paid with no
 * position.  Here, once the export is read: a registration an earlier
 * pretix import brought in and this export no longer lists is cancelled,
 * as are those of an order it lists with no position; and an export
 * older than the one imported last is refused, since importing it would
 * make what was cancelled since paid again.
 *
 * What "brought in" means is kept in the file's settings, never synced:
 * `import.pretix-attendees`, the attendee ids every pretix import listed,
 * as ranges ("1-2016 2031-2040"; ids are the table's rowids, so what one
 * import adds is one range); walk-ins, and registrations of a CSV no
 * pretix export listed, are not in it and never cancelled here.
 * `import.pretix-newest` holds the newest order's `datetime` seen, in ms
 * and as written, which dates an export: pretix never deletes an order
 * (but test-mode ones, left out here), so an export whose newest order is
 * older than one an earlier export held was taken before that one.  Two
 * exports taken with no order placed between them tie, and both import.
 *
 * Not for reading the export (import_pretix.c) nor storing its rows
 * (import.c). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/registration.h"
#include "checkin/vec.h"
#include "import_priv.h"

#define KEY_ATTENDEES "import.pretix-attendees"
#define KEY_NEWEST "import.pretix-newest"

bool import_idset_add(struct idset *set, int64_t id)
{
    if (id <= 0)
        return true;
    size_t word = (size_t)((uint64_t)id / 64);
    if (word >= set->nw) {
        size_t cap = set->nw, n = set->nw;
        size_t want = word + 1 > 2 * n ? word + 1 : 2 * n;
        if (!CK_VEC_ROOM(set->w, n, want - n, cap))
            return false;
        memset(set->w + set->nw, 0, (cap - set->nw) * sizeof(*set->w));
        set->nw = cap;
    }
    set->w[word] |= (uint64_t)1 << ((uint64_t)id % 64);
    return true;
}

bool import_idset_has(const struct idset *set, int64_t id)
{
    size_t word = (size_t)((uint64_t)id / 64);
    return id > 0 && word < set->nw &&
           (set->w[word] >> ((uint64_t)id % 64) & 1);
}

void import_idset_free(struct idset *set)
{
    free(set->w);
    set->w = NULL;
    set->nw = 0;
}

void import_vanish_free(struct vanish *v)
{
    import_idset_free(&v->listed);
    for (size_t i = 0; i < v->nemptied; i++)
        free(v->emptied[i]);
    free(v->emptied);
    v->emptied = NULL;
    v->nemptied = v->cap_emptied = 0;
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* `n` decimal digits at `s`, or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The ms since the epoch of `s` as Django's JSON encoder writes a
 * datetime: YYYY-MM-DDTHH:MM:SS, a fraction or not, then Z or +HH:MM. */
static bool parse_datetime(const char *s, int64_t *ms)
{
    if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        return false;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || se < 0 || se > 60)
        return false;
    const char *p = s + 19;
    int frac = 0, scale = 1000;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (scale > 1) {
                scale /= 10;
                frac += (*p - '0') * scale;
            }
    }
    int64_t off = 0;
    if (*p == 'Z')
        p++;
    else if ((*p == '+' || *p == '-') && p[3] == ':') {
        int oh = digits(p + 1, 2), om = digits(p + 4, 2);
        if (oh < 0 || om < 0)
            return false;
        off = (*p == '-' ? -1 : 1) * (oh * 60 + om) * 60000LL;
        p += 6;
    } else
        return false;
    if (*p)
        return false;
    *ms =
        (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000LL +
        frac - off;
    return true;
}

bool import_vanish_order(struct vanish *v, const char *code, const char *status,
                         const char *datetime, size_t npos, bool testmode)
{
    (void)status;
    int64_t ms;
    /* A test-mode order may be deleted in pretix: it dates nothing. */
    if (!testmode && datetime && parse_datetime(datetime, &ms) &&
        ms > v->newest_ms) {
        v->newest_ms = ms;
        snprintf(v->newest, sizeof(v->newest), "%s", datetime);
    }
    if (npos || !code)
        return true;
    char *c = strdup(code);
    if (!c || !CK_VEC_ROOM(v->emptied, v->nemptied, 1, v->cap_emptied)) {
        free(c);
        return false;
    }
    v->emptied[v->nemptied++] = c;
    return true;
}

/* The time a stored KEY_NEWEST says ("MS TEXT"); false when none. */
static bool stored_newest(struct importer *im, int64_t *ms, const char **text)
{
    const char *v = importer_setting(im, KEY_NEWEST);
    if (!v)
        return false;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (end == v || *end != ' ')
        return false;
    *ms = n;
    *text = end + 1;
    return true;
}

/* Whether the export is older than the one imported last; fails unless
 * --force. */
static int check_age(struct importer *im, struct ck_error *err)
{
    struct vanish *v = importer_vanish(im);
    int64_t last;
    const char *last_text;
    if (!v->newest_ms || !stored_newest(im, &last, &last_text) ||
        v->newest_ms >= last)
        return CK_OK;
    if (!importer_force(im))
        return ck_fail(err, CK_EINVAL,
                       "%s is older than the pretix export imported last: "
                       "its newest order was placed at %s, the last "
                       "export's at %.40s; export the order data from "
                       "pretix again and import that, or give --force to "
                       "import this one anyway.",
                       importer_path(im), v->newest, last_text);
    importer_warn(im, 0,
                  &(struct import_note){.why = IMPORT_EXPORT_OLDER,
                                        .value = v->newest,
                                        .other = last_text});
    return CK_OK;
}

/* Step `q`, a statement without rows, and reset it for the next. */
static int step_reset(store *s, sqlite3_stmt *q, struct ck_error *err)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE
               ? CK_OK
               : store_sqlite_fail(s, rc, N_("cancelling registrations"), err);
}

/* Cancel attendee `id` as a cancelled order's import does: the status,
 * every code revoked, and a fingerprint no row has, so that an export
 * listing it again stores it again.  *done: it was not cancelled yet. */
static int cancel(struct importer *im, sqlite3_stmt *const q[3], int64_t id,
                  bool *done, struct ck_error *err)
{
    store *s = importer_store(im);
    sqlite3_bind_int64(q[0], 1, id);
    sqlite3_bind_int64(q[0], 2, importer_now_ms(im));
    int code = step_reset(s, q[0], err);
    if (code)
        return code;
    *done = sqlite3_changes(store_db(s)) > 0;
    for (int i = 1; i < 3 && *done && !code; i++) {
        sqlite3_bind_int64(q[i], 1, id);
        code = step_reset(s, q[i], err);
    }
    return code;
}

/* The ids `sql` (binding ?1 and ?2 to `a` and `b`, or ?1 to `text`)
 * selects with their ticket ids, but walk-ins and those `skip` holds,
 * appended to `out`. */
static int select_ids(struct importer *im, const char *sql, const char *text,
                      int64_t a, int64_t b, const struct idset *skip,
                      GArray *out, struct ck_error *err)
{
    store *s = importer_store(im);
    sqlite3_stmt *q;
    int code =
        store_prepare(s, sql, NULL, &q, N_("cancelling registrations"), err);
    if (code)
        return code;
    if (text)
        sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
    else {
        sqlite3_bind_int64(q, 1, a);
        sqlite3_bind_int64(q, 2, b);
    }
    int rc;
    size_t plen = strlen(REGISTRATION_PREFIX);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        const char *t = (const char *)sqlite3_column_text(q, 1);
        if ((skip && import_idset_has(skip, id)) ||
            (t && !strncmp(t, REGISTRATION_PREFIX, plen)))
            continue;
        g_array_append_val(out, id);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE
               ? CK_OK
               : store_sqlite_fail(s, rc, N_("cancelling registrations"), err);
}

/* Each range "A-B" of `text` in turn, cut at `max`, while `fn` returns
 * CK_OK. */
static int each_range(const char *text, int64_t max,
                      int (*fn)(void *ctx, int64_t a, int64_t b,
                                struct ck_error *err),
                      void *ctx, struct ck_error *err)
{
    const char *p = text;
    while (p && *p) {
        char *end;
        long long a = strtoll(p, &end, 10), b = a;
        if (end == p)
            break;
        p = end;
        if (*p == '-') {
            b = strtoll(p + 1, &end, 10);
            if (end == p + 1)
                break;
            p = end;
        }
        /* No attendee beyond the last id: a range past it (a file
         * edited by hand) is cut there. */
        if (b > max)
            b = max;
        int code = a > 0 && b >= a ? fn(ctx, a, b, err) : CK_OK;
        if (code)
            return code;
        while (*p == ' ')
            p++;
    }
    return CK_OK;
}

struct gone {
    struct importer *im;
    GArray *ids;
};

static int gone_in(void *ctx, int64_t a, int64_t b, struct ck_error *err)
{
    struct gone *g = ctx;
    return select_ids(g->im,
                      "SELECT id, ticket_id FROM attendee WHERE id BETWEEN "
                      "?1 AND ?2 AND status IN ('paid', 'pending')",
                      NULL, a, b, &importer_vanish(g->im)->listed, g->ids, err);
}

/* Cancel each of `ids`; *n counts those cancelled. */
static int cancel_all(struct importer *im, GArray *ids, long *n,
                      struct ck_error *err)
{
    static const char *const SQL[3] = {
        "UPDATE attendee SET status = 'cancelled', fingerprint = "
        "zeroblob(16), updated_ms = ?2 WHERE id = ?1 AND status IN "
        "('paid', 'pending')",
        "UPDATE ticket_secret SET revoked = 1 WHERE attendee_id = ?1",
        "UPDATE addon_secret SET revoked = 1 WHERE attendee_id = ?1"};
    sqlite3_stmt *q[3] = {NULL, NULL, NULL};
    if (!ids->len)
        return CK_OK;
    int code = importer_flush_secrets(im, err);
    for (int i = 0; i < 3 && !code; i++)
        code = store_prepare(importer_store(im), SQL[i], NULL, &q[i],
                             N_("cancelling registrations"), err);
    for (guint i = 0; i < ids->len && !code; i++) {
        bool done = false;
        code = cancel(im, q, g_array_index(ids, int64_t, i), &done, err);
        *n += done;
    }
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(q[i]);
    return code;
}

static int add_range(void *ctx, int64_t a, int64_t b, struct ck_error *err)
{
    struct idset *set = ctx;
    for (int64_t id = a; id <= b; id++)
        if (!import_idset_add(set, id))
            return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    return CK_OK;
}

/* `set` as ranges "A-B C D-E". */
static char *ranges(const struct idset *set)
{
    GString *out = g_string_new(NULL);
    int64_t from = 0, last = 0;
    for (size_t w = 0; w < set->nw; w++) {
        if (!set->w[w])
            continue;
        for (int bit = 0; bit < 64; bit++) {
            if (!(set->w[w] >> bit & 1))
                continue;
            int64_t id = (int64_t)w * 64 + bit;
            if (from && id == last + 1) {
                last = id;
                continue;
            }
            if (from)
                g_string_append_printf(out, "%s%lld-%lld", out->len ? " " : "",
                                       (long long)from, (long long)last);
            from = last = id;
        }
    }
    if (from)
        g_string_append_printf(out, "%s%lld-%lld", out->len ? " " : "",
                               (long long)from, (long long)last);
    return g_string_free(out, FALSE);
}

int import_vanish_finish(struct importer *im, struct ck_error *err)
{
    struct vanish *v = importer_vanish(im);
    struct import_counts *n = importer_counts(im);
    int code = check_age(im, err);
    int64_t max = 0;
    sqlite3_stmt *q;
    if (!code)
        code = store_prepare(importer_store(im),
                             "SELECT coalesce(max(id), 0) FROM attendee", NULL,
                             &q, N_("cancelling registrations"), err);
    if (!code)
        code = store_step_int64(importer_store(im), q, false, &max, NULL,
                                N_("cancelling registrations"), err);
    if (code)
        return code;
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    for (size_t i = 0; i < v->nemptied && !code; i++)
        code = select_ids(im,
                          "SELECT id, ticket_id FROM attendee WHERE "
                          "order_code = ?1 AND status IN ('paid', 'pending')",
                          v->emptied[i], 0, 0, NULL, ids, err);
    long before = n->emptied;
    if (!code)
        code = cancel_all(im, ids, &n->emptied, err);
    g_array_set_size(ids, 0);
    struct gone g = {im, ids};
    if (!code)
        code = each_range(importer_setting(im, KEY_ATTENDEES), max, gone_in, &g,
                          err);
    if (!code)
        code = cancel_all(im, ids, &n->vanished, err);
    g_array_free(ids, TRUE);
    if (code)
        return code;
    n->cancelled += n->emptied - before + n->vanished;
    /* What the next import measures against: what this one listed, and
     * what earlier ones did (a position cancelled stays theirs). */
    code = each_range(importer_setting(im, KEY_ATTENDEES), max, add_range,
                      &v->listed, err);
    if (code)
        return code;
    char *text = ranges(&v->listed);
    code = store_setting_put(importer_store(im), KEY_ATTENDEES, text,
                             N_("keeping what the export listed"), err);
    g_free(text);
    int64_t last;
    const char *last_text;
    if (!code && v->newest_ms &&
        (!stored_newest(im, &last, &last_text) || v->newest_ms > last)) {
        char value[64];
        snprintf(value, sizeof(value), "%lld %s", (long long)v->newest_ms,
                 v->newest);
        code = store_setting_put(importer_store(im), KEY_NEWEST, value,
                                 N_("keeping the export's date"), err);
    }
    return code;
}
