/* Writing a first event description from a pretix "Order data (JSON)"
 * export (pretix's exporter: event.items, .questions, .quotas, .orders,
 * .subevents).  Only the products, quotas and questions are read; orders
 * only to tell add-on products from others, one at a time as import reads
 * them (pretix_each_order), so memory does not grow with the export.  Not
 * an importer: attendees are import_pretix.c's.
 *
 * Every value written is one libinih reads back unchanged: no control
 * characters, no " ;" (an inline comment to libinih), no line longer than
 * its 200-byte buffer. */
#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/atomic_file.h"
#include "checkin/describe.h"
#include "import_priv.h"

/* Longest value written, in bytes: key, " = " and this stay well inside
 * libinih's 200-byte line. */
#define MAX_VALUE 150
#define MAX_SLUG 40
/* event.c takes at most 16 pretix items per ticket type. */
#define MAX_VARIATIONS 16

/* Placeholders: valid values that init accepts, each with a TODO comment. */
#define TODO_DATE "2000-01-01"
#define TODO_ZONE "UTC"
#define TODO_ROOM "TBD"
#define TODO_CAPACITY 1

/* Badge band colours, in turn. */
static const char *const COLOURS[] = {
    "#1565C0", "#2E7D32", "#F9A825", "#C62828", "#6A1B9A",
    "#212121", "#00838F", "#EF6C00", "#4E342E", "#AD1457"};

/* `s` as a value libinih reads back as it is: controls and bidi controls
 * removed, white space runs as one space, no space before ';', cut on a
 * character boundary at MAX_VALUE bytes.  The caller frees. */
static char *ini_value(const char *s)
{
    GString *out = g_string_new(NULL);
    bool space = false;
    for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2)
            break;
        if (g_unichar_isspace(c)) {
            space = out->len > 0;
            continue;
        }
        if (g_unichar_iscntrl(c) || (c >= 0x202a && c <= 0x202e) ||
            (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f)
            continue;
        char buf[6];
        int n = g_unichar_to_utf8(c, buf);
        if (out->len + (space ? 1 : 0) + (size_t)n > MAX_VALUE)
            break;
        if (space && c != ';')
            g_string_append_c(out, ' ');
        space = false;
        g_string_append_len(out, buf, n);
    }
    return g_string_free(out, FALSE);
}

/* A slug from `name`: ASCII transliteration, lower case, runs of anything
 * else as one '-', cut at MAX_SLUG on a word boundary if it can be. */
static void slugify(const char *name, char *out, size_t cap)
{
    char *ascii = g_str_to_ascii(name ? name : "", "C");
    size_t n = 0;
    bool dash = false;
    for (const char *p = ascii; *p && n + 1 < cap && n < MAX_SLUG; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0 && n + 2 < cap && n + 1 < MAX_SLUG)
                out[n++] = '-';
            dash = false;
            out[n++] = c;
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
    g_free(ascii);
    /* Cut mid-word: go back to the last whole word. */
    if (n == MAX_SLUG) {
        char *last = strrchr(out, '-');
        if (last && last - out >= 12)
            *last = '\0';
    }
}

/* A slug for `name` not yet in `used`, else `fallback`-ID. */
static void unique_slug(GHashTable *used, const char *name,
                        const char *fallback, long long id, char *out,
                        size_t cap)
{
    char base[MAX_SLUG + 1];
    slugify(name, base, sizeof(base));
    if (!base[0])
        snprintf(base, sizeof(base), "%s-%lld", fallback, id);
    snprintf(out, cap, "%s", base);
    for (int i = 2; g_hash_table_contains(used, out); i++) {
        char suffix[16];
        int k = snprintf(suffix, sizeof(suffix), "-%d", i);
        size_t keep = strlen(base);
        if (keep + (size_t)k > MAX_SLUG)
            keep = MAX_SLUG - (size_t)k;
        snprintf(out, cap, "%.*s%s", (int)keep, base, suffix);
    }
    g_hash_table_add(used, g_strdup(out));
}

static long long int_of(json_t *v)
{
    return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

static bool array_has(json_t *arr, long long id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (int_of(v) == id)
            return true;
    }
    return false;
}

/* A product id `items` lists more than once, or -1.  pretix never
 * exports one twice; a file that does was edited or damaged, and each
 * copy would become a section of its own, mapping the id twice, which
 * init refuses (found by fuzz_describe). */
static long long item_twice(json_t *items)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    long long twice = -1;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        long long id = int_of(json_object_get(it, "id"));
        gpointer key = GSIZE_TO_POINTER((gsize)id);
        if (id < 0 || twice >= 0)
            continue;
        if (g_hash_table_contains(seen, key))
            twice = id;
        else
            g_hash_table_add(seen, key);
    }
    g_hash_table_destroy(seen);
    return twice;
}

/* The smallest limited quota holding item `item` (and variation `var`
 * when >= 0), or 0 when none limits it. */
static long seat_quota(json_t *quotas, long long item, long long var)
{
    long best = 0;
    size_t i;
    json_t *q;
    json_array_foreach(quotas, i, q)
    {
        json_t *size = json_object_get(q, "size");
        if (!json_is_integer(size) || json_integer_value(size) < 1)
            continue;
        if (!array_has(json_object_get(q, "items"), item))
            continue;
        if (var >= 0 && json_array_size(json_object_get(q, "variations")) &&
            !array_has(json_object_get(q, "variations"), var))
            continue;
        long n = json_integer_value(size) > 100000
                     ? 100000
                     : (long)json_integer_value(size);
        if (!best || n < best)
            best = n;
    }
    return best;
}

/* Lower-case copy of a question's text and identifier, for matching. */
static char *question_text(json_t *q)
{
    const char *text = json_string_value(json_object_get(q, "question"));
    const char *ident = json_string_value(json_object_get(q, "identifier"));
    char *both = g_strdup_printf("%s %s", text ? text : "", ident ? ident : "");
    char *low = g_utf8_strdown(both, -1);
    g_free(both);
    return low;
}

static bool has_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strstr(s, *words))
            return true;
    return false;
}

struct questions {
    json_t *pronouns, *consent, *badge_name;
};

/* Pronouns: "pronoun" in English, "pronom" in German, French, Spanish.
 * Consent: a yes/no question about sponsors, or about sharing contact
 * details.  Badge name: a text question about the name on the badge. */
static void find_questions(json_t *questions, struct questions *out)
{
    static const char *const PRONOUNS[] = {"pronoun", "pronom", NULL};
    static const char *const SPONSOR[] = {"sponsor", NULL};
    static const char *const SHARE[] = {"consent", "share", "einwillig",
                                        "weitergabe", NULL};
    static const char *const BADGE[] = {"badge", "namensschild", "name tag",
                                        "nametag", NULL};
    memset(out, 0, sizeof(*out));
    json_t *share = NULL;
    size_t i;
    json_t *q;
    json_array_foreach(questions, i, q)
    {
        if (!json_string_value(json_object_get(q, "identifier")))
            continue;
        const char *type = json_string_value(json_object_get(q, "type"));
        bool text = type && (!strcmp(type, "S") || !strcmp(type, "T"));
        bool yesno = type && !strcmp(type, "B");
        char *low = question_text(q);
        if (!out->pronouns && text && has_any(low, PRONOUNS))
            out->pronouns = q;
        else if (!out->consent && yesno && has_any(low, SPONSOR))
            out->consent = q;
        else if (!share && yesno && has_any(low, SHARE))
            share = q;
        else if (!out->badge_name && text && strstr(low, "name") &&
                 has_any(low, BADGE))
            out->badge_name = q;
        g_free(low);
    }
    if (!out->consent)
        out->consent = share;
}

struct writer {
    const struct bought *bought;
    FILE *f;
    json_t *event, *items, *quotas;
    GHashTable *used;
    struct describe_summary *sum;
    char first_day[11]; /* the event's, or TODO_DATE */
};

/* A comment line naming a pretix object, cut to fit libinih's line. */
static void comment(FILE *f, const char *what, long long a, long long b,
                    const char *name)
{
    char *v = ini_value(name);
    fprintf(f, "; %s %lld", what, a);
    if (b >= 0)
        fprintf(f, ":%lld", b);
    fprintf(f, "%s%.100s\n", *v ? ": " : "", v);
    g_free(v);
}

/* What the orders tell of one item: the most a position paid for it,
 * and the validity window its positions share (pretix's valid_from and
 * valid_until, UTC seconds), unless they differ or one has none. */
struct seen_item {
    long long max_cents;
    bool paid;
    gint64 from, until;
    bool window, mixed;
};

/* What the orders tell, gathered an order at a time as the export is
 * read: the items bought as add-ons (addon_to set) in some order, and
 * those bought on their own (addon_to null), by id; and each item's
 * struct seen_item. */
struct bought {
    GHashTable *addons, *alone, *seen;
    /* the window that opens first and the one that closes last */
    gint64 first_from, first_until, last_from, last_until;
    bool windows;
};

/* A decimal string ("25.00") in cents, or -1. */
static long long cents_of(json_t *v)
{
    const char *s = json_string_value(v);
    if (!s || !*s)
        return -1;
    char *end;
    long long whole = g_ascii_strtoll(s, &end, 10);
    if (end == s || whole < 0 || whole > 1000000000LL)
        return -1;
    long long c = whole * 100;
    if (*end == '.' && g_ascii_isdigit(end[1])) {
        c += (end[1] - '0') * 10;
        if (g_ascii_isdigit(end[2]))
            c += end[2] - '0';
    }
    return c;
}

/* An ISO 8601 time as pretix writes it ("2028-05-16T04:00:00Z") in UTC
 * seconds; false when it is null or none. */
static bool utc_of(json_t *v, gint64 *out)
{
    const char *s = json_string_value(v);
    GDateTime *t = s ? g_date_time_new_from_iso8601(s, NULL) : NULL;
    if (!t)
        return false;
    *out = g_date_time_to_unix(t);
    g_date_time_unref(t);
    return true;
}

static void note_position(struct bought *b, json_t *p, long long item)
{
    gpointer key = GINT_TO_POINTER((gint)item);
    struct seen_item *si = g_hash_table_lookup(b->seen, key);
    if (!si) {
        si = g_new0(struct seen_item, 1);
        g_hash_table_insert(b->seen, key, si);
    }
    long long c = cents_of(json_object_get(p, "price"));
    if (c > si->max_cents)
        si->max_cents = c;
    si->paid |= c >= 0;
    gint64 from, until;
    bool has = utc_of(json_object_get(p, "valid_from"), &from) &&
               utc_of(json_object_get(p, "valid_until"), &until) &&
               until > from;
    if (has && (!b->windows || from < b->first_from)) {
        b->first_from = from;
        b->first_until = until;
    }
    if (has && (!b->windows || until > b->last_until)) {
        b->last_from = from;
        b->last_until = until;
    }
    b->windows |= has;
    if (!has)
        si->mixed = true;
    else if (!si->window) {
        si->window = true;
        si->from = from;
        si->until = until;
    } else if (si->from != from || si->until != until) {
        si->mixed = true;
    }
}

static int note_order(void *ctx, json_t *order, struct ck_error *err)
{
    (void)err;
    struct bought *b = ctx;
    size_t j;
    json_t *p;
    json_array_foreach(json_object_get(order, "positions"), j, p)
    {
        json_t *to = json_object_get(p, "addon_to");
        long long item = int_of(json_object_get(p, "item"));
        if (item < 0)
            continue;
        g_hash_table_add(to && !json_is_null(to) ? b->addons : b->alone,
                         GINT_TO_POINTER((gint)item));
        note_position(b, p, item);
    }
    return CK_OK;
}

static const struct seen_item *seen(const struct bought *b, long long id)
{
    return g_hash_table_lookup(b->seen, GINT_TO_POINTER((gint)id));
}

/* The most the item or one of its variations is listed at, in cents. */
static long long listed_cents(json_t *it)
{
    long long best = cents_of(json_object_get(it, "price"));
    size_t j;
    json_t *var;
    json_array_foreach(json_object_get(it, "variations"), j, var)
    {
        long long c = cents_of(json_object_get(var, "price"));
        if (c > best)
            best = c;
    }
    return best;
}

/* A donation: pretix's export has no "free price" flag, but a position
 * paid more than any price the product is listed at only under a free
 * price; and a product named as a donation. */
static bool is_donation(const struct bought *b, json_t *it)
{
    if (json_is_true(json_object_get(it, "admission")))
        return false;
    const struct seen_item *si = seen(b, int_of(json_object_get(it, "id")));
    long long listed = listed_cents(it);
    if (si && si->paid && listed >= 0 && si->max_cents > listed)
        return true;
    const char *name = json_string_value(json_object_get(it, "name"));
    char *low = g_utf8_strdown(name ? name : "", -1);
    bool named = strstr(low, "donat") || strstr(low, "spende");
    g_free(low);
    return named;
}

/* A free product (it and its variations listed at 0.00). */
static bool is_free(json_t *it)
{
    return listed_cents(it) == 0;
}

/* pretix's "requires attention" at check-in (checkin_attention) on the
 * product, as a comment naming it; its variations' in theirs. */
static void attention_comment(struct writer *w, json_t *it)
{
    if (!json_is_true(json_object_get(it, "checkin_attention")))
        return;
    fprintf(w->f, "; pretix marks this product \"requires attention\" at "
                  "check-in (checkin_attention)\n");
    w->sum->attention++;
}

static void variation_comments(struct writer *w, json_t *it, long long id)
{
    size_t j;
    json_t *var;
    json_array_foreach(json_object_get(it, "variations"), j, var)
    {
        comment(w->f, "variation", id, int_of(json_object_get(var, "id")),
                pretix_variation_label(var));
        if (json_is_true(json_object_get(var, "checkin_attention"))) {
            fprintf(w->f, ";   pretix marks this variation \"requires "
                          "attention\" at check-in\n");
            w->sum->attention++;
        }
    }
}

/* Longest validity window read as days; a longer one is no day pass. */
#define MAX_WINDOW_DAYS 14

/* The dates a validity window (UTC seconds) covers, into `out` ("2028-05-16,
 * 2028-05-17"): the export has no time zone, so the days are counted as
 * the window's length in whole days (a day pass in any zone is 24 hours
 * less a second), from the date of its first day's middle (12 hours in,
 * or half a shorter window), which is the local date for offsets within
 * twelve hours of UTC.  The number of days, or 0. */
static int window_days(gint64 from, gint64 until, char *first, char *last,
                       char *out, size_t cap)
{
    gint64 len = until - from;
    gint64 n = (len + 43200) / 86400;
    if (n < 1)
        n = 1;
    if (n > MAX_WINDOW_DAYS)
        return 0;
    GDateTime *mid = g_date_time_new_from_unix_utc(
        from + (len / 2 < 43200 ? len / 2 : 43200));
    if (!mid)
        return 0;
    size_t used = 0;
    out[0] = '\0';
    for (gint64 i = 0; i < n; i++) {
        GDateTime *d = g_date_time_add_days(mid, (gint)i);
        char *ds = d ? g_date_time_format(d, "%Y-%m-%d") : NULL;
        if (ds && used < cap)
            used += (size_t)snprintf(out + used, cap - used, "%s%s",
                                     i ? ", " : "", ds);
        if (ds && i == 0 && first)
            snprintf(first, 11, "%s", ds);
        if (ds && i == n - 1 && last)
            snprintf(last, 11, "%s", ds);
        g_free(ds);
        if (d)
            g_date_time_unref(d);
    }
    g_date_time_unref(mid);
    return (int)n;
}

/* The first and last day of the validity windows of the export's
 * tickets (window_days), for an event without dates. */
static void window_span(const struct bought *b, char *first, char *last)
{
    char days[MAX_WINDOW_DAYS * 12 + 1], f[11] = "", l[11] = "";
    if (!b->windows ||
        !window_days(b->first_from, b->first_until, f, NULL, days,
                     sizeof(days)) ||
        !window_days(b->last_from, b->last_until, NULL, l, days, sizeof(days)))
        return;
    snprintf(first, 11, "%s", f);
    snprintf(last, 11, "%s", l);
}

static void write_event(struct writer *w)
{
    FILE *f = w->f;
    const char *slug = json_string_value(json_object_get(w->event, "slug"));
    const char *name = json_string_value(json_object_get(w->event, "name"));
    char s[MAX_SLUG + 1];
    slugify(slug, s, sizeof(s));
    if (!s[0])
        snprintf(s, sizeof(s), "event");
    char *v = ini_value(name && *name ? name : s);
    /* Event series: the first and last date of their dates. */
    char first[11] = "", last[11] = "";
    size_t i;
    json_t *se;
    json_array_foreach(json_object_get(w->event, "subevents"), i, se)
    {
        const char *from = json_string_value(json_object_get(se, "date_from"));
        const char *to = json_string_value(json_object_get(se, "date_to"));
        if (!to)
            to = from;
        if (!from || strlen(from) < 10 || strlen(to) < 10)
            continue;
        if (!first[0] || strncmp(from, first, 10) < 0)
            snprintf(first, sizeof(first), "%.10s", from);
        if (!last[0] || strncmp(to, last, 10) > 0)
            snprintf(last, sizeof(last), "%.10s", to);
    }
    bool series = first[0] != '\0';
    if (!series)
        window_span(w->bought, first, last);
    w->sum->dates_placeholder = !first[0];
    snprintf(w->first_day, sizeof(w->first_day), "%s",
             first[0] ? first : TODO_DATE);
    fprintf(f, "[event]\n");
    if (slug && strcmp(slug, s))
        fprintf(f, "; pretix's slug %s, in the letters a slug may have\n",
                slug);
    fprintf(f, "slug = %s\nname = %s\n", s, v);
    if (series)
        fprintf(f,
                "; from the dates of the event series in the export "
                "(UTC); check them\nstart = %s\nend = %s\n",
                first, last);
    else if (first[0])
        fprintf(f,
                "; from the days its tickets are valid in pretix "
                "(valid_from, valid_until);\n; check them\nstart = "
                "%s\nend = %s\n",
                first, last);
    else
        fprintf(f, "; TODO: the first and last day (YYYY-MM-DD); pretix's "
                   "export has no dates\nstart = " TODO_DATE
                   "\nend = " TODO_DATE "\n");
    fprintf(f, "; TODO: the event's time zone, e.g. America/Chicago; pretix's "
               "export has none\ntimezone = " TODO_ZONE "\n\n");
    g_free(v);
}

static void write_types(struct writer *w)
{
    FILE *f = w->f;
    fprintf(f, "; Ticket types: one per pretix product that admits people.  "
               "The label and\n; colour are printed on the badge band.\n\n");
    size_t i;
    json_t *it;
    json_array_foreach(w->items, i, it)
    {
        if (!json_is_true(json_object_get(it, "admission")))
            continue;
        long long id = int_of(json_object_get(it, "id"));
        if (id < 0)
            continue;
        const char *name = json_string_value(json_object_get(it, "name"));
        char slug[MAX_SLUG + 8];
        unique_slug(w->used, name, "type", id, slug, sizeof(slug));
        char *label = ini_value(name && *name ? name : slug);
        fprintf(f, "[ticket-type %s]\n", slug);
        comment(f, "pretix product", id, -1, name);
        attention_comment(w, it);
        fprintf(f, "label = %s\ncolour = %s\npretix-items = ", label,
                COLOURS[w->sum->ticket_types %
                        (sizeof(COLOURS) / sizeof(COLOURS[0]))]);
        json_t *vars = json_object_get(it, "variations");
        size_t nv = json_array_size(vars);
        if (nv == 0 || nv > MAX_VARIATIONS) {
            fprintf(f, "%lld\n", id);
        } else {
            /* Each variation by its own id, so one can be moved to a
             * ticket type of its own. */
            size_t j;
            json_t *var;
            json_array_foreach(vars, j, var)
            {
                fprintf(f, "%s%lld:%lld", j ? ", " : "", id,
                        int_of(json_object_get(var, "id")));
            }
            fputc('\n', f);
            variation_comments(w, it, id);
        }
        /* A day pass made in pretix as a validity window every ticket of
         * the product shares. */
        const struct seen_item *si = seen(w->bought, id);
        char days[MAX_WINDOW_DAYS * 12 + 1];
        if (si && si->window && !si->mixed &&
            window_days(si->from, si->until, NULL, NULL, days, sizeof(days))) {
            fprintf(f,
                    "; every ticket of it is valid only then in pretix "
                    "(valid_from, valid_until);\n; check the days\ndays = "
                    "%s\n",
                    days);
            w->sum->days_from_validity++;
        }
        fputc('\n', f);
        g_free(label);
        w->sum->ticket_types++;
    }
}

/* A product that admits no one and is a check-in list rather than a
 * tutorial (docs/admission.md, "The example of issue 29"): one with
 * variations (a T-shirt in sizes), or one bought on its own in some order
 * (an auction ticket), whether or not others bought it as an add-on: a
 * tutorial is never bought without a ticket that admits (issue 57: an
 * auction ticket also sold as an add-on was proposed as a tutorial). */
static bool is_list_item(json_t *it, GHashTable *alone)
{
    if (json_is_true(json_object_get(it, "admission")))
        return false;
    gpointer id = GINT_TO_POINTER((gint)int_of(json_object_get(it, "id")));
    return json_array_size(json_object_get(it, "variations")) > 0 ||
           g_hash_table_contains(alone, id);
}

/* Add-on products: items bought as add-ons, and the other products of
 * their categories (not sold yet); when no order has add-ons yet, every
 * product that admits no one. */
static bool is_addon(json_t *items, GHashTable *addons, json_t *it)
{
    if (json_is_true(json_object_get(it, "admission")))
        return false;
    long long id = int_of(json_object_get(it, "id"));
    if (g_hash_table_size(addons) == 0)
        return true;
    if (g_hash_table_contains(addons, GINT_TO_POINTER((gint)id)))
        return true;
    long long cat = int_of(json_object_get(it, "category"));
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        long long oid = int_of(json_object_get(o, "id"));
        if (cat >= 0 && int_of(json_object_get(o, "category")) == cat &&
            g_hash_table_contains(addons, GINT_TO_POINTER((gint)oid)))
            return true;
    }
    return false;
}

/* The product name without a "Tutorial:" or "Workshop -" prefix. */
static const char *title_of(const char *name)
{
    static const char *const PREFIX[] = {"tutorial", "workshop"};
    for (size_t i = 0; name && i < 2; i++) {
        size_t n = strlen(PREFIX[i]);
        if (g_ascii_strncasecmp(name, PREFIX[i], n))
            continue;
        const char *p = name + n;
        while (*p == ' ')
            p++;
        if (*p != ':' && *p != '-')
            continue;
        p++;
        while (*p == ' ')
            p++;
        if (*p)
            return p;
    }
    return name;
}

/* A free add-on with a seat quota (a birds-of-a-feather session): a
 * check-in list with a room and that many seats, not a tutorial with
 * start and end. */
static bool is_free_session(const struct writer *w, json_t *it, long long id)
{
    return is_addon(w->items, w->bought->addons, it) && is_free(it) &&
           !json_array_size(json_object_get(it, "variations")) &&
           seat_quota(w->quotas, id, -1) > 0;
}

/* What a product that admits no one becomes: a list, or nothing (a
 * donation), or else (the caller sees) a tutorial or left out. */
static bool proposed_list(const struct writer *w, json_t *it, long long id)
{
    return !is_donation(w->bought, it) &&
           (is_list_item(it, w->bought->alone) || is_free_session(w, it, id));
}

static void write_tutorial(struct writer *w, json_t *it, long long id)
{
    FILE *f = w->f;
    const char *name = json_string_value(json_object_get(it, "name"));
    const char *title = title_of(name);
    long cap = seat_quota(w->quotas, id, -1);
    bool have_quotas = json_array_size(w->quotas) > 0;
    char slug[MAX_SLUG + 8];
    unique_slug(w->used, title, "tutorial", id, slug, sizeof(slug));
    char *t = ini_value(title && *title ? title : slug);
    fprintf(f, "[tutorial %s]\n", slug);
    comment(f, "pretix product", id, -1, name);
    attention_comment(w, it);
    fprintf(f, "title = %s\n", t);
    fprintf(f,
            "; TODO: room, start and end (local times); pretix does not "
            "export them\nroom = " TODO_ROOM "\nstart = %s 09:00\n"
            "end = %s 12:30\n",
            w->first_day, w->first_day);
    w->sum->rooms_placeholder++;
    if (cap) {
        fprintf(f,
                "; seats: the size of its pretix quota\n"
                "capacity = %ld\n",
                cap);
    } else {
        fprintf(f, "; TODO: seats in the room; %s\ncapacity = %d\n",
                have_quotas ? "no pretix quota limits it"
                            : "the export has no quotas",
                TODO_CAPACITY);
        w->sum->capacity_placeholder++;
    }
    fprintf(f, "pretix-item = %lld\n\n", id);
    g_free(t);
    w->sum->tutorials++;
}

static void write_tutorials(struct writer *w)
{
    FILE *f = w->f;
    GHashTable *addons = w->bought->addons;
    bool have_quotas = json_array_size(w->quotas) > 0;
    fprintf(f, "; Tutorials: one per pretix add-on product with a seat "
               "quota.\n\n");
    GString *left = g_string_new(NULL), *donations = g_string_new(NULL);
    size_t i;
    json_t *it;
    json_array_foreach(w->items, i, it)
    {
        long long id = int_of(json_object_get(it, "id"));
        if (id < 0 || json_is_true(json_object_get(it, "admission")))
            continue;
        if (is_donation(w->bought, it)) {
            char *n = ini_value(json_string_value(json_object_get(it, "name")));
            char line[200];
            snprintf(line, sizeof(line), ";   %lld %.100s\n", id, n);
            g_string_append(donations, line);
            g_free(n);
            w->sum->donations++;
            continue;
        }
        if (!is_addon(w->items, addons, it) || proposed_list(w, it, id))
            continue;
        /* With quotas, a product no quota limits (a donation, a raffle)
         * is no seat in a room. */
        if (have_quotas && !seat_quota(w->quotas, id, -1)) {
            char *n = ini_value(json_string_value(json_object_get(it, "name")));
            char line[200];
            snprintf(line, sizeof(line), ";   %lld %.100s\n", id, n);
            g_string_append(left, line);
            g_free(n);
            w->sum->left_out++;
            continue;
        }
        write_tutorial(w, it, id);
    }
    if (left->len)
        fprintf(f,
                "; Add-on products left out: no quota limits their seats "
                "(donations and the\n; like).  If one is a tutorial, "
                "give it a [tutorial] section.\n%s\n",
                left->str);
    if (donations->len)
        fprintf(f,
                "; Donations left out: bought above their price (a free "
                "price) or named so;\n; nothing is checked in for "
                "them.\n%s\n",
                donations->str);
    g_string_free(left, TRUE);
    g_string_free(donations, TRUE);
}

/* Check-in lists: once per person for each product that admits no one
 * and has variations (the variation bought is shown: "T-shirt: M") or is
 * sold on its own (an auction ticket). */
static void write_lists(struct writer *w)
{
    FILE *f = w->f;
    size_t i;
    json_t *it;
    json_array_foreach(w->items, i, it)
    {
        long long id = int_of(json_object_get(it, "id"));
        if (id < 0 || json_is_true(json_object_get(it, "admission")) ||
            !proposed_list(w, it, id))
            continue;
        if (!w->sum->lists)
            fprintf(f, "; Check-in lists: one per product that admits no one "
                       "and has variations\n; (handed over once, the "
                       "variation shown) or is sold on its own.\n\n");
        const char *name = json_string_value(json_object_get(it, "name"));
        char slug[MAX_SLUG + 8];
        unique_slug(w->used, name, "list", id, slug, sizeof(slug));
        char *t = ini_value(name && *name ? name : slug);
        fprintf(f, "[list %s]\n", slug);
        comment(f, "pretix product", id, -1, name);
        attention_comment(w, it);
        variation_comments(w, it, id);
        fprintf(f, "title = %s\npretix-item = %lld\nonce = per-person\n", t,
                id);
        long cap = seat_quota(w->quotas, id, -1);
        if (!is_list_item(it, w->bought->alone)) {
            /* A free add-on with seats: a session in a room. */
            fprintf(f,
                    "; a free add-on with a quota of %ld seats: a session "
                    "(a birds-of-a-feather)\n; TODO: its room; pretix "
                    "does not export it\nroom = " TODO_ROOM
                    "\ncapacity = %ld\n",
                    cap, cap);
            w->sum->list_rooms_placeholder++;
        } else if (!json_array_size(json_object_get(it, "variations")))
            /* Nothing to hand but the product itself (an auction ticket):
             * it may be a room's admission, which only the organizer
             * knows. */
            fprintf(f, "; if it admits to a room rather than hands something "
                       "over, name the room:\n; room =\n");
        fputc('\n', f);
        g_free(t);
        w->sum->lists++;
    }
}

/* [admission] showing, at the desk, the answers to the questions pretix
 * shows during check-in. */
static void write_admission(struct writer *w, json_t *questions)
{
    FILE *f = w->f;
    GString *show = g_string_new(NULL);
    size_t i;
    json_t *q;
    json_array_foreach(questions, i, q)
    {
        const char *ident = json_string_value(json_object_get(q, "identifier"));
        if (!ident || !json_is_true(json_object_get(q, "show_during_checkin")))
            continue;
        char *v = ini_value(ident);
        if (*v && !strchr(v, ' ') && !strchr(v, ',') &&
            show->len + strlen(v) + 12 < MAX_VALUE) {
            if (!w->sum->shown_questions)
                fprintf(f, "; The answers pretix shows during check-in, "
                           "shown at the desk.\n");
            comment(f, "question", int_of(json_object_get(q, "id")), -1,
                    json_string_value(json_object_get(q, "question")));
            g_string_append_printf(show, "%squestion:%s", show->len ? ", " : "",
                                   v);
            w->sum->shown_questions++;
        }
        g_free(v);
    }
    if (show->len)
        fprintf(f, "[admission]\nshow = %s\n\n", show->str);
    g_string_free(show, TRUE);
}

static void write_questions(struct writer *w, json_t *questions)
{
    FILE *f = w->f;
    struct questions q;
    find_questions(questions, &q);
    w->sum->pronouns = q.pronouns != NULL;
    w->sum->consent = q.consent != NULL;
    w->sum->badge_name = q.badge_name != NULL;
    fprintf(f, "; pretix questions (by identifier) whose answers give the "
               "pronouns, the\n; consent to share contact details with "
               "sponsors, and the name to print.\n[pretix]\n");
    const struct {
        const char *key;
        json_t *q;
    } map[] = {{"pronouns-question", q.pronouns},
               {"consent-question", q.consent},
               {"badge-name-question", q.badge_name}};
    for (size_t i = 0; i < 3; i++) {
        if (!map[i].q) {
            fprintf(f, "; %s: no question in the export looks like one\n",
                    map[i].key);
            continue;
        }
        comment(f, "question", int_of(json_object_get(map[i].q, "id")), -1,
                json_string_value(json_object_get(map[i].q, "question")));
        char *ident = ini_value(
            json_string_value(json_object_get(map[i].q, "identifier")));
        fprintf(f, "%s = %s\n", map[i].key, ident);
        g_free(ident);
    }
}

int describe_pretix(const char *export_path, const char *out_path,
                    struct describe_summary *sum, struct ck_error *err)
{
    memset(sum, 0, sizeof(*sum));
    /* Read as a stream, as import does: the orders an order at a time,
     * only to note which items are bought as add-ons, so a million
     * positions take no more memory than a hundred. */
    FILE *in = fopen(export_path, "rb");
    if (!in)
        return ck_fail(err, errno == ENOENT ? CK_ENOTFOUND : CK_EIO,
                       "Cannot read %s: %s; give the pretix \"Order data "
                       "(JSON)\" export.",
                       export_path, strerror(errno));
    struct stat sb;
    struct bought bought = {
        .addons = g_hash_table_new(g_direct_hash, g_direct_equal),
        .alone = g_hash_table_new(g_direct_hash, g_direct_equal),
        .seen =
            g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free)};
    json_t *root = NULL;
    int code;
    if (fstat(fileno(in), &sb) || !S_ISREG(sb.st_mode))
        code = ck_fail(err, CK_EIO,
                       "%s is not a regular file; give the pretix \"Order "
                       "data (JSON)\" export.",
                       export_path);
    else
        code = pretix_each_order(export_path, in, (size_t)sb.st_size,
                                 note_order, &bought, &root, err);
    fclose(in);
    if (code)
        goto out_json;
    json_t *event = json_object_get(root, "event");
    json_t *items = json_object_get(event, "items");
    if (!json_is_object(event) || !json_is_array(items) ||
        !json_is_string(json_object_get(event, "slug"))) {
        code = ck_fail(err, CK_EINVAL,
                       "%s is not a pretix order export (no event with a "
                       "slug and items); export \"Order data (JSON)\" from "
                       "pretix.",
                       export_path);
        goto out_json;
    }
    long long twice = item_twice(items);
    if (twice >= 0) {
        code = ck_fail(err, CK_EINVAL,
                       "%s lists pretix product %lld twice, which pretix "
                       "never does; export \"Order data (JSON)\" from "
                       "pretix again.",
                       export_path, twice);
        goto out_json;
    }
    struct atomic_file af;
    code = atomic_file_begin(&af, out_path, ATOMIC_NEW, err);
    if (code)
        goto out_json;
    FILE *f = atomic_file_stream(&af, err);
    if (!f) {
        code = err ? err->code : CK_EIO;
        atomic_file_abort(&af);
        goto out_json;
    }
    struct writer w = {
        .bought = &bought,
        .f = f,
        .event = event,
        .items = items,
        .quotas = json_object_get(event, "quotas"),
        .used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .sum = sum,
    };
    fprintf(f,
            "; Event description written by 'checkin describe' from %s.\n"
            "; Lines marked TODO hold placeholders for what pretix does "
            "not export:\n; fill them in, then run 'checkin init'.  "
            "Format: docs/import-formats.md.\n\n",
            strrchr(export_path, '/') ? strrchr(export_path, '/') + 1
                                      : export_path);
    write_event(&w);
    write_types(&w);
    write_tutorials(&w);
    write_lists(&w);
    write_admission(&w, json_object_get(event, "questions"));
    write_questions(&w, json_object_get(event, "questions"));
    g_hash_table_destroy(w.used);
    if (sum->ticket_types == 0) {
        code = ck_fail(err, CK_EINVAL,
                       "%s has no product that admits people (pretix "
                       "\"admission\"), so there is no ticket type to "
                       "describe; export the event that sells the tickets.",
                       export_path);
        atomic_file_abort(&af);
        goto out_json;
    }
    code = atomic_file_commit(&af, err);
out_json:
    json_decref(root);
    g_hash_table_destroy(bought.addons);
    g_hash_table_destroy(bought.alone);
    g_hash_table_destroy(bought.seen);
    return code;
}
