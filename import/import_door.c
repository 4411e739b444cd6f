/* What a pretix export says of a ticket at the door (issue 49;
 * docs/import-formats.md, "What pretix says at the door"), stored on its
 * registration: blocked (apart from the organizer's own hold, so that an
 * export that no longer blocks it lifts only pretix's), the validity
 * window, the attention cue, the seats and the order's locale.  The
 * stations read them (event/admission.c) and the hub carries them
 * (sync/, format 24).  Not for reading the export (pretix_stream.c,
 * import_pretix.c) nor for deciding at a station (station/). */
#include <glib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/text.h"

#include "import_priv.h"
#include "pretix_priv.h"

bool import_iso_ms(const char *iso, int64_t *ms)
{
    if (!iso || !*iso)
        return false;
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *t = g_date_time_new_from_iso8601(iso, utc);
    g_time_zone_unref(utc);
    if (!t)
        return false;
    *ms = g_date_time_to_unix(t) * 1000 + g_date_time_get_microsecond(t) / 1000;
    g_date_time_unref(t);
    return true;
}

/* Parameter `i` (bit `bit` of *nulls, when given) NULL.  A NULL stays
 * bound across sqlite3_reset: a parameter *nulls says is NULL already is
 * left alone (a CSV row's seven door parameters, 550 instructions a row,
 * callgrind). */
static void bind_null(sqlite3_stmt *q, int i, unsigned bit, unsigned *nulls)
{
    if (nulls && (*nulls & bit))
        return;
    sqlite3_bind_null(q, i);
    if (nulls)
        *nulls |= bit;
}

static void bind_text_or_null(sqlite3_stmt *q, int i, const char *s,
                              unsigned bit, unsigned *nulls)
{
    if (s && *s) {
        sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
        if (nulls)
            *nulls &= ~bit;
    } else {
        bind_null(q, i, bit, nulls);
    }
}

static void bind_ms(sqlite3_stmt *q, int i, bool has, int64_t ms, unsigned bit,
                    unsigned *nulls)
{
    if (has) {
        sqlite3_bind_int64(q, i, ms);
        if (nulls)
            *nulls &= ~bit;
    } else {
        bind_null(q, i, bit, nulls);
    }
}

/* `d`'s columns from parameter `first` on (all NULL without `d`); bit i
 * of *nulls (NULL: none kept) is parameter first + i's. */
static void bind_door(sqlite3_stmt *q, int first, const struct reg_door *d,
                      unsigned *nulls)
{
    /* Each parameter bound once: NULL first and then the value was 470
     * instructions a pretix position (callgrind, 140,000 positions). */
    if (!d) {
        for (int i = 0; i < 7; i++)
            bind_null(q, first + i, 1u << i, nulls);
        return;
    }
    sqlite3_bind_int(q, first, d->blocked);
    if (nulls)
        *nulls &= ~1u;
    bind_text_or_null(q, first + 1, d->blocked ? d->blocked_why : NULL, 2u,
                      nulls);
    bind_ms(q, first + 2, d->has_from, d->valid_from_ms, 4u, nulls);
    bind_ms(q, first + 3, d->has_until, d->valid_until_ms, 8u, nulls);
    bind_text_or_null(q, first + 4, d->attention, 16u, nulls);
    bind_text_or_null(q, first + 5, d->seat, 32u, nulls);
    bind_text_or_null(q, first + 6, d->locale, 64u, nulls);
}

void import_door_bind(sqlite3_stmt *q, int first, const struct reg_row *row,
                      unsigned *nulls)
{
    bind_door(q, first, row->door, nulls);
    if (!row->door && row->locale)
        bind_text_or_null(q, first + 6, row->locale, 64u, nulls);
}

/* A CSV row's `locale` column on a stored registration. */
static int csv_locale(struct importer *im, int64_t attendee_id,
                      const struct reg_row *row, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = importer_statement(
        im, "UPDATE attendee SET locale = ?2 WHERE id = ?1", &q, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, attendee_id);
    bind_text_or_null(q, 2, row->locale, 0, NULL);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(importer_store(im), rc,
                                 N_("storing the registration's language"),
                                 err);
    return CK_OK;
}

int import_door_row(struct importer *im, int64_t attendee_id, bool fresh,
                    const struct reg_row *row, struct ck_error *err)
{
    /* A new registration's insert took them (import_door_bind); a CSV
     * row says nothing but its `locale` column and keeps what was
     * stored. */
    if (fresh)
        return CK_OK;
    if (!row->door)
        return row->locale ? csv_locale(im, attendee_id, row, err) : CK_OK;
    sqlite3_stmt *q = importer_door_stmt(im);
    sqlite3_bind_int64(q, 1, attendee_id);
    bind_door(q, 2, row->door, NULL);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(importer_store(im), rc,
                                 N_("storing what pretix says at the door"),
                                 err);
    return CK_OK;
}

/* ---- from a pretix order ---- */

/* pretix's i18n string: a string, or an object of languages ("en"
 * first). */
static const char *i18n_text(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    const char *en = json_string_value(json_object_get(v, "en"));
    if (en || !json_is_object(v))
        return en;
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x)
    {
        if (json_is_string(x))
            return json_string_value(x);
    }
    return NULL;
}

/* The object with id `id` (an integer or string, as text) in `arr`. */
static json_t *by_id(json_t *arr, const char *id)
{
    size_t i;
    json_t *x;
    if (!id)
        return NULL;
    json_array_foreach(arr, i, x)
    {
        json_t *v = json_object_get(x, "id");
        char buf[24];
        const char *t = json_is_string(v) ? json_string_value(v) : NULL;
        /* Not snprintf: its format parsing was 700 instructions of each
         * position's 2,200 here (callgrind, 140,000 positions). */
        if (json_is_integer(v)) {
            import_i64_text(json_integer_value(v), buf);
            t = buf;
        }
        if (t && !strcmp(t, id))
            return x;
    }
    return NULL;
}

/* `s` after what `out` holds, "; " between. */
static void append(char *out, size_t cap, const char *sep, const char *s)
{
    size_t n = strlen(out);
    if (!s || !*s || n + 1 >= cap)
        return;
    /* Cut at `cap` on purpose: the names' start says what to look at. */
    text_cut_mark(out + n, cap - n,
                  snprintf(out + n, cap - n, "%s%s", n ? sep : "", s));
}

/* Position `p`'s part: blocked, its seat, and the attention its item or
 * variation asks for (their names in `attention`; `items` NULL when
 * none asks). */
static void position_part(const struct order_view *v, const struct vpos *p,
                          json_t *items, struct reg_door *d)
{
    if (p->blocked) {
        d->blocked = true;
        append(d->blocked_why, sizeof(d->blocked_why), ",",
               p->blocked_why.off >= 0 ? vs(v, p->blocked_why) : "blocked");
    }
    const char *seat = vs(v, p->seat);
    append(d->seat, sizeof(d->seat), ", ", seat);
    if (!items)
        return;
    json_t *item = by_id(items, vs(v, p->item));
    json_t *var =
        by_id(json_object_get(item, "variations"), vs(v, p->variation));
    bool item_att = json_is_true(json_object_get(item, "checkin_attention"));
    bool var_att = json_is_true(json_object_get(var, "checkin_attention"));
    if (!item_att && !var_att)
        return;
    const char *name = i18n_text(json_object_get(item, "name"));
    const char *vname = i18n_text(json_object_get(var, "name"));
    if (!vname)
        vname = i18n_text(json_object_get(var, "value"));
    char what[256];
    snprintf(what, sizeof(what), "%s%s%s%s", name ? name : "this product",
             var_att && vname ? " (" : "", var_att && vname ? vname : "",
             var_att && vname ? ")" : "");
    append(d->attention, sizeof(d->attention), "; ", what);
}

/* A bound of the validity window (`key` its name): false when there is
 * none, or (with a warning naming the row) when it is no time. */
static bool bound(struct importer *im, const struct import_place *place,
                  const char *key, const char *iso, int64_t *ms)
{
    if (!iso || !*iso)
        return false;
    if (import_iso_ms(iso, ms))
        return true;
    importer_warn(im, 0,
                  &(struct import_note){.why = IMPORT_TIME_BAD,
                                        .place = place,
                                        .field = key,
                                        .value = iso});
    return false;
}

void pretix_door_fields(struct importer *im, const struct import_place *place,
                        const struct order_view *v, const struct vpos *pos,
                        json_t *items, struct reg_door *d)
{
    memset(d, 0, sizeof(*d));
    d->has_from = bound(im, place, "valid_from", vs(v, pos->valid_from),
                        &d->valid_from_ms);
    d->has_until = bound(im, place, "valid_until", vs(v, pos->valid_until),
                         &d->valid_until_ms);
    position_part(v, pos, items, d);
    for (size_t j = 0; j < v->npos; j++) {
        const struct vpos *o = &v->pos[j];
        if (o != pos && o->addon == ADDON_INT && o->addon_to == pos->id_value &&
            !o->canceled)
            position_part(v, o, items, d);
    }
    const char *comment = vs(v, v->comment);
    bool noted = comment && comment[strspn(comment, " \t\r\n")];
    if (v->attention && !noted)
        append(d->attention, sizeof(d->attention), "; ",
               "the order is marked for attention in pretix");
    if ((v->attention || d->attention[0]) && noted) {
        /* One line on every screen. */
        char one[REG_DOOR_TEXT];
        snprintf(one, sizeof(one), "%s", comment);
        for (char *c = one; *c; c++)
            if (*c == '\r' || *c == '\n' || *c == '\t')
                *c = ' ';
        append(d->attention, sizeof(d->attention), "; ", one);
    }
    /* Cut at the field's size, as snprintf's "%s" would, without its
     * 500 instructions a position. */
    const char *locale = vs(v, v->locale);
    size_t n = locale ? strnlen(locale, sizeof(d->locale) - 1) : 0;
    memcpy(d->locale, locale ? locale : "", n);
    d->locale[n] = '\0';
}
