/* Loading an event description (INI, via libinih) into a new store.  The
 * whole file is parsed and checked in memory first, then written in one
 * transaction, so a mistake on line 80 leaves nothing behind. */
#include <errno.h>
#include <glib.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/ack.h"
#include "checkin/auction.h"
#include "checkin/buf.h"
#include "checkin/desks.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/open_space.h"
#include "checkin/sprint.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "event_desc.h"
#include "event_priv.h"

/* The generic CSV's columns (import/import_csv.c), which [csv] may map
 * to a header of the file. */
static const char *const CSV_COLUMNS[] = {
    "ticket_id",  "order_code",  "status",         "ticket_type", "secret",
    "given_name", "family_name", "badge_name",     "pronouns",    "company",
    "email",      "tutorials",   "sponsor_consent"};
static const char *const CSV_STATUSES[] = {"paid", "pending", "cancelled",
                                           "refunded"};

int event_valid_slug(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 40 || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-'))
            return 0;
    return 1;
}

/* Where a mistake's sentence goes: the file's first is kept, so a later
 * one is said nowhere.  Each is one whole ck_fail (its format extracted
 * for translation: po/ERROR-ROOMS), written at the call as
 * fail_at(d, line, ck_fail(fail_err(d), ...)). */
static struct ck_error *fail_err(struct desc *d)
{
    return d->failed ? NULL : &d->e;
}

/* The file's mistake at `line` (its sentence, which names the line, in
 * d->e); 0, which stops the INI parser. */
static int fail_at(struct desc *d, int line, int code)
{
    (void)line;
    (void)code;
    d->failed = true;
    return 0;
}

/* Memory ran out at `line`: not the file's fault, so load_stream says
 * CK_ENOMEM, not "fix it" (found by test_alloc_fail). */
static int fail_oom(struct desc *d, int line)
{
    if (!d->failed)
        d->oom = true;
    return fail_at(d, line, CK_ENOMEM);
}

static struct section *new_section(struct desc *d, enum kind k,
                                   const char *slug, int line)
{
    size_t n = (size_t)d->n;
    if (!CK_VEC_ROOM(d->secs, n, 1, d->cap))
        return NULL;
    struct section *s = &d->secs[d->n++];
    memset(s, 0, sizeof(*s));
    s->kind = k;
    s->line = line;
    snprintf(s->slug, sizeof(s->slug), "%s", slug);
    return s;
}

static int set_str(struct desc *d, int line, char **slot, const char *value,
                   const char *key)
{
    if (*slot)
        return fail_at(d, line,
                       ck_fail(fail_err(d), CK_EINVAL,
                               "%s:%d: '%s' is given twice in this section; "
                               "fix it and run %s again.",
                               d->path, line, key, d->cmd));
    char *v = strdup(value);
    if (!v)
        return fail_oom(d, line);
    if (!text_clean_field(v)) {
        free(v);
        return fail_at(d, line,
                       ck_fail(fail_err(d), CK_EINVAL,
                               "%s:%d: '%s' has control characters or is not "
                               "UTF-8; fix it and run %s again.",
                               d->path, line, key, d->cmd));
    }
    *slot = v;
    return 1;
}

/* An [acknowledge SLUG] key: its title and text, and in languages
 * (checkin/ack.h). */
static int ack_key(struct desc *d, int line, struct section *s, const char *key,
                   const char *value)
{
    if (!strcmp(key, "title") || !strcmp(key, "text"))
        return set_str(d, line, key[1] == 'i' ? &s->title : &s->text, value,
                       key);
    if (!ack_words_key(key))
        return fail_at(d, line,
                       ck_fail(fail_err(d), CK_EINVAL,
                               "%s:%d: unknown key '%s' in this section; fix "
                               "it and run %s again.",
                               d->path, line, key, d->cmd));
    const struct event_line at = {d->path, line, d->cmd, fail_err(d)};
    int code =
        ack_words_add(&s->words, key, value, ACK_TITLE_MAX, ACK_TEXT_MAX, &at);
    return code == CK_ENOMEM ? fail_oom(d, line)
           : code            ? fail_at(d, line, code)
                             : 1;
}

static int add_items(struct desc *d, int line, struct section *s,
                     const char *value)
{
    const char *p = value;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ' && *e != ',' && *e != '\t')
            e++;
        if (s->nitems == MAX_ITEMS)
            return fail_at(d, line,
                           ck_fail(fail_err(d), CK_EINVAL,
                                   "%s:%d: more than %d pretix items; fix it "
                                   "and run %s again.",
                                   d->path, line, MAX_ITEMS, d->cmd));
        /* ITEM or ITEM:VARIATION, pretix's numeric ids. */
        size_t digits = strspn(p, "0123456789");
        if (digits == 0 ||
            (p + digits < e && (p[digits] != ':' ||
                                strspn(p + digits + 1, "0123456789") !=
                                    (size_t)(e - p) - digits - 1 ||
                                digits + 1 == (size_t)(e - p))))
            return fail_at(
                d, line,
                ck_fail(
                    fail_err(d), CK_EINVAL,
                    "%s:%d: pretix item '%.*s' must be an item id like 311 or "
                    "item:variation like 311:4; fix it and run %s again.",
                    d->path, line, (int)(e - p), p, d->cmd));
        s->items[s->nitems] = strndup(p, (size_t)(e - p));
        if (!s->items[s->nitems])
            return fail_oom(d, line);
        s->nitems++;
        p = e;
    }
    return 1;
}

static int set_capacity(struct desc *d, int line, struct section *s,
                        const char *value)
{
    long v;
    if (!util_parse_long(value, 1, 100000, &v))
        return fail_at(d, line,
                       ck_fail(fail_err(d), CK_EINVAL,
                               "%s:%d: capacity must be a whole number from 1 "
                               "to 100000, not '%s'; fix it and run %s again.",
                               d->path, line, value, d->cmd));
    s->capacity = v;
    return 1;
}

static bool in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, list[i]))
            return true;
    return false;
}

/* A [csv] key: a column ("email = Ticket Email"), a status ("status paid
 * = Complete, Paid") or a ticket type ("ticket_type full = Early Bird"). */
static int csv_key(struct desc *d, int line, const char *key, const char *value)
{
    char kind[16] = "column";
    const char *name = key;
    size_t n = strcspn(key, " \t");
    if (key[n]) {
        snprintf(kind, sizeof(kind), "%.*s", (int)(n < 15 ? n : 15), key);
        name = key + n + strspn(key + n, " \t");
    }
    bool ok = !strcmp(kind, "column")
                  ? in_list(name, CSV_COLUMNS,
                            sizeof(CSV_COLUMNS) / sizeof(CSV_COLUMNS[0]))
              : !strcmp(kind, "status")
                  ? in_list(name, CSV_STATUSES,
                            sizeof(CSV_STATUSES) / sizeof(CSV_STATUSES[0]))
                  : !strcmp(kind, "ticket_type") && event_valid_slug(name);
    if (!ok)
        return fail_at(
            d, line,
            ck_fail(fail_err(d), CK_EINVAL,
                    "%s:%d: [csv] key '%s' is none of checkin's columns "
                    "(ticket_id, order_code, status, ticket_type, secret, "
                    "given_name, family_name, badge_name, pronouns, company, "
                    "email, tutorials, sponsor_consent), 'status "
                    "paid|pending|cancelled|refunded' or 'ticket_type SLUG'; "
                    "fix it and run %s again.",
                    d->path, line, key, d->cmd));
    if (!*value)
        return fail_at(
            d, line,
            ck_fail(
                fail_err(d), CK_EINVAL,
                "%s:%d: [csv] key '%s' has no value; fix it and run %s again.",
                d->path, line, key, d->cmd));
    char full[128];
    snprintf(full, sizeof(full), "csv.%s.%s", kind, name);
    for (int i = 0; i < d->ncsv; i++)
        if (!strcmp(d->csv_key[i], full))
            return fail_at(d, line,
                           ck_fail(fail_err(d), CK_EINVAL,
                                   "%s:%d: '%s' is given twice in this "
                                   "section; fix it and run %s again.",
                                   d->path, line, key, d->cmd));
    if (d->ncsv == MAX_CSV_KEYS)
        return fail_at(
            d, line,
            ck_fail(
                fail_err(d), CK_EINVAL,
                "%s:%d: more than %d keys in [csv]; fix it and run %s again.",
                d->path, line, MAX_CSV_KEYS, d->cmd));
    char *v = NULL;
    int r = set_str(d, line, &v, value, key);
    if (!r)
        return r;
    d->csv_key[d->ncsv] = strdup(full);
    d->csv_val[d->ncsv] = v;
    d->csv_line[d->ncsv++] = line;
    if (!d->csv_key[d->ncsv - 1])
        return fail_oom(d, line);
    return 1;
}

/* An [open-spaces] key (open_space.h), kept with its line. */
static int open_spaces_key(struct desc *d, const char *key, const char *value,
                           int line)
{
    for (int i = 0; i < OPEN_SPACE_NKEYS; i++)
        if (!strcmp(key, open_space_keys[i])) {
            d->os_line[i] = line;
            return set_str(d, line, &d->os_val[i], value, key);
        }
    return fail_at(
        d, line,
        ck_fail(fail_err(d), CK_EINVAL,
                "%s:%d: unknown key '%s' in [open-spaces]; its keys are rooms, "
                "days, hours and slot; fix it and run %s again.",
                d->path, line, key, d->cmd));
}

/* A [desks] line, kept as written for validate_desks (desks.h). */
static int desks_key(struct desc *d, const char *key, const char *value,
                     int line)
{
    bool auc = d->cur->kind == K_AUCTION; /* [auction]'s, auction.h */
    int *n = auc ? &d->nauc : &d->ndesk,
        max = auc ? AUCTION_LINES : DESKS_MAX + 2;
    if (*n == max)
        return fail_at(
            d, line,
            ck_fail(
                fail_err(d), CK_EINVAL,
                "%s:%d: [%s] has more than %d lines; fix it and run %s again.",
                d->path, line, auc ? "auction" : "desks", max, d->cmd));
    const char **k = auc ? &d->auc[*n].key : &d->desk[*n].key;
    const char **v = auc ? &d->auc[*n].value : &d->desk[*n].value;
    *k = strdup(key);
    *v = strdup(value);
    *(auc ? &d->auc[*n].line : &d->desk[*n].line) = line;
    /* Counted before the check, so a half-made line is freed with the
       rest. */
    (*n)++;
    return *k && *v ? 1 : fail_oom(d, line);
}

static int unknown_key(struct desc *d, int line, const char *key)
{
    return fail_at(
        d, line,
        ck_fail(
            fail_err(d), CK_EINVAL,
            "%s:%d: unknown key '%s' in this section; fix it and run %s again.",
            d->path, line, key, d->cmd));
}

/* A key of [list SLUG] or [admission]. */
static int list_key(struct desc *d, struct section *s, const char *key,
                    const char *value, int line)
{
#define IS(k) (strcmp(key, k) == 0)
    if (IS("title") && s->kind == K_LIST)
        return set_str(d, line, &s->title, value, key);
    if (IS("once") && s->kind == K_LIST)
        return set_str(d, line, &s->once, value, key);
    if ((IS("pretix-item") || IS("pretix-items")) && s->kind == K_LIST)
        return add_items(d, line, s, value);
    if (IS("ticket-types") && s->kind == K_LIST)
        return set_str(d, line, &s->types, value, key);
    if (IS("tutorials") && s->kind == K_LIST)
        return set_str(d, line, &s->tutorials, value, key);
    if (IS("all") && s->kind == K_LIST)
        return set_str(d, line, &s->all, value, key);
    if (IS("invited") && s->kind == K_LIST)
        return set_str(d, line, &s->invited, value, key);
    if (IS("days") && s->kind == K_LIST) {
        s->days_line = line;
        return set_str(d, line, &s->days, value, key);
    }
    if (IS("hours") && s->kind == K_LIST)
        return set_str(d, line, &s->hours, value, key);
    if (IS("exits") && s->kind == K_LIST)
        return set_str(d, line, &s->exits, value, key);
    if (IS("room") && s->kind == K_LIST)
        return set_str(d, line, &s->room, value, key);
    if (IS("show"))
        return set_str(d, line, &s->show, value, key);
    if (IS("acknowledge") && s->kind == K_ADMISSION)
        return set_str(d, line, &s->ack, value, key);
    if (IS("stock") && s->kind == K_LIST)
        return set_str(d, line, &s->stock, value, key);
    if (IS("capacity") && s->kind == K_LIST)
        return set_capacity(d, line, s, value);
#undef IS
    return unknown_key(d, line, key);
}

static int on_key(struct desc *d, struct section *s, const char *key,
                  const char *value, int line)
{
#define IS(k) (strcmp(key, k) == 0)
    switch (s->kind) {
    case K_EVENT:
        if (IS("slug")) {
            s->slug_line = line;
            return set_str(d, line, &s->label, value, key);
        }
        if (IS("name"))
            return set_str(d, line, &s->name, value, key);
        if (IS("start"))
            return set_str(d, line, &s->start, value, key);
        if (IS("end"))
            return set_str(d, line, &s->end, value, key);
        if (IS("timezone")) {
            s->zone_line = line;
            return set_str(d, line, &s->timezone, value, key);
        }
        break;
    case K_TYPE:
        if (IS("label"))
            return set_str(d, line, &s->label, value, key);
        if (IS("colour") || IS("color")) {
            s->colour_line = line;
            return set_str(d, line, &s->colour, value, key);
        }
        if (IS("pretix-items"))
            return add_items(d, line, s, value);
        if (IS("days")) {
            s->days_line = line;
            return set_str(d, line, &s->days, value, key);
        }
        break;
    case K_LIST:
    case K_ADMISSION:
        return list_key(d, s, key, value, line);
    case K_TUTORIAL:
        if (IS("title"))
            return set_str(d, line, &s->title, value, key);
        if (IS("room"))
            return set_str(d, line, &s->room, value, key);
        if (IS("start"))
            return set_str(d, line, &s->start, value, key);
        if (IS("end"))
            return set_str(d, line, &s->end, value, key);
        if (IS("pretix-item"))
            return add_items(d, line, s, value);
        if (IS("capacity"))
            return set_capacity(d, line, s, value);
        break;
    case K_SPONSOR:
        if (IS("name"))
            return set_str(d, line, &s->name, value, key);
        break;
    case K_ACK:
        return ack_key(d, line, s, key, value);
    case K_CSV:
        return csv_key(d, line, key, value);
    case K_DESKS:
        return desks_key(d, key, value, line);
    case K_OPEN_SPACES:
        return open_spaces_key(d, key, value, line);
    case K_SPRINTS: /* sprint.h: only its days */
        d->sprint_line = line;
        if (IS("days"))
            return set_str(d, line, &d->sprint_days, value, key);
        return fail_at(d, line,
                       ck_fail(fail_err(d), CK_EINVAL,
                               "%s:%d: unknown key '%s' in [sprints]; its key "
                               "is days; fix it and run %s again.",
                               d->path, line, key, d->cmd));
    case K_PRETIX:
        if (IS("pronouns-question"))
            return set_str(d, line, &d->pronouns_q, value, key);
        if (IS("consent-question"))
            return set_str(d, line, &d->consent_q, value, key);
        if (IS("badge-name-question"))
            return set_str(d, line, &d->badge_name_q, value, key);
        if (IS("company-question"))
            return set_str(d, line, &d->company_q, value, key);
        break;
    default: /* K_NONE ([auction]'s lines went to desks_key: handler) */
        return fail_at(
            d, line,
            ck_fail(
                fail_err(d), CK_EINVAL,
                "%s:%d: '%s' is outside any section; fix it and run %s again.",
                d->path, line, key, d->cmd));
    }
#undef IS
    return unknown_key(d, line, key);
}

/* The kind of the section named `section` ([event], [tutorial SLUG], ...),
 * its slug in *slug ("" for a section without one); K_NONE if unknown. */
static enum kind section_kind(const char *section, const char **slug)
{
    static const struct {
        const char *name; /* whole, or a prefix ending in a space */
        enum kind kind;
    } kinds[] = {{"event", K_EVENT},       {"pretix", K_PRETIX},
                 {"csv", K_CSV},           {"open-spaces", K_OPEN_SPACES},
                 {"sprints", K_SPRINTS},   {"admission", K_ADMISSION},
                 {"desks", K_DESKS},       {"auction", K_AUCTION},
                 {"ticket-type ", K_TYPE}, {"tutorial ", K_TUTORIAL},
                 {"sponsor ", K_SPONSOR},  {"list ", K_LIST},
                 {"acknowledge ", K_ACK}};
    *slug = "";
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        size_t n = strlen(kinds[i].name);
        if (kinds[i].name[n - 1] != ' ' ? !strcmp(section, kinds[i].name)
                                        : !strncmp(section, kinds[i].name, n)) {
            if (kinds[i].name[n - 1] == ' ')
                *slug = section + n;
            return kinds[i].kind;
        }
    }
    return K_NONE;
}

static int unknown_section(struct desc *d, int header, const char *section)
{
    return fail_at(d, header,
                   ck_fail(fail_err(d), CK_EINVAL,
                           "%s:%d: unknown section [%s]; use [event], "
                           "[ticket-type SLUG], [tutorial SLUG], [sponsor "
                           "SLUG], [list SLUG], [acknowledge SLUG], "
                           "[admission], [pretix], [csv], [open-spaces], "
                           "[sprints], [desks] or [auction]; fix it and run "
                           "%s again.",
                           d->path, header, section, d->cmd));
}

/* The section `section` (its header at line `header`, read at `line`):
 * the current one when it is that, else a new one, refused when its
 * kind is unknown, its slug is not one or it appears twice.  NULL when
 * refused (its sentence recorded) or memory ran out. */
static struct section *enter_section(struct desc *d, const char *section,
                                     int header, int line)
{
    struct section *cur = d->cur;
    const char *slug = "";
    enum kind k = section_kind(section, &slug);
    if (cur && k != K_NONE && cur->kind == k && !strcmp(slug, cur->slug))
        return cur;
    if (k == K_NONE) {
        unknown_section(d, header, section);
        return NULL;
    }
    if ((k == K_TYPE || k == K_TUTORIAL || k == K_SPONSOR || k == K_LIST ||
         k == K_ACK) &&
        !event_valid_slug(slug)) {
        fail_at(d, header,
                ck_fail(fail_err(d), CK_EINVAL,
                        "%s:%d: '%s' is not a valid slug (1-40 lower-case "
                        "letters, digits and '-'); fix it and run %s again.",
                        d->path, header, slug, d->cmd));
        return NULL;
    }
    for (int i = 0; i < d->n; i++)
        if (d->secs[i].kind == k && !strcmp(d->secs[i].slug, slug)) {
            fail_at(d, header,
                    ck_fail(fail_err(d), CK_EINVAL,
                            "%s:%d: section [%s] appears twice; fix it and "
                            "run %s again.",
                            d->path, header, section, d->cmd));
            return NULL;
        }
    cur = new_section(d, k, slug, header);
    if (!cur) {
        fail_oom(d, line);
        return NULL;
    }
    d->cur = cur;
    return cur;
}

static int handler(void *user, const char *section, const char *key,
                   const char *value)
{
    struct desc *d = user;
    int line = d->in.line;
    int header = d->section_line ? d->section_line : line;
    if (key)
        d->keyed = true;
    if (d->failed)
        return 1; /* keep the first error only */
    if (key == NULL)
        return 1; /* section start, when libinih reports it; see below */
    /* The header as written, not as libinih cut it. */
    if (d->section_name[0] &&
        !strncmp(d->section_name, section, strlen(section)))
        section = d->section_name;
    /* Sections are recognised by name on their first key, which also works
     * with libinih builds that do not report empty sections (a header
     * with no keys is checked as it is read: read_line). */
    struct section *cur = enter_section(d, section, header, line);
    if (!cur)
        return 0;
    if (cur->kind == K_AUCTION) /* kept as written, as [desks]' */
        return desks_key(d, key, value, line);
    return on_key(d, cur, key, value, line);
}

/* The kinds of section that are nothing without keys: a header of one
 * with none under it is entered as it is read, so that the section's
 * first missing key is named (desc_validate); the others' keys are all
 * optional, and such a header says what no header would. */
static bool needs_keys(enum kind k)
{
    return k == K_EVENT || k == K_TYPE || k == K_TUTORIAL || k == K_SPONSOR ||
           k == K_LIST || k == K_ACK;
}

/* A line of the form [NAME] (`p` at its '[', `buf` the line) as libinih
 * will take it: a header when it starts the line or no key came since
 * the last one, else the value above it continued.  A header is checked
 * as it is read, since one with no key under it never reaches handler:
 * an unknown one refused, one that needs keys entered.  An indented one
 * libinih takes for a value is refused: it was meant as a header. */
static void header_line(struct desc *d, const char *buf, const char *p)
{
    size_t n = strcspn(p + 1, "]\r\n");
    bool closed = p[1 + n] == ']';
    const char *after = closed ? p + 2 + n : "";
    after += strspn(after, " \t\r\n");
    bool header = p == buf || !d->keyed;
    if (!header) {
        if (closed && !*after && !d->failed)
            fail_at(d, d->in.line,
                    ck_fail(fail_err(d), CK_EINVAL,
                            "%s:%d: [%.*s] is indented, so it is read as "
                            "more of the value above it, not as a section; "
                            "start the line with [ and run %s again.",
                            d->path, d->in.line, (int)n, p + 1, d->cmd));
        return;
    }
    d->section_line = d->in.line;
    d->keyed = false;
    snprintf(d->section_name, sizeof(d->section_name), "%.*s", (int)n, p + 1);
    const char *name = d->section_name, *slug;
    while (*name == ' ' || *name == '\t')
        name++;
    int len = (int)strlen(name);
    while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        len--;
    char bare[sizeof(d->section_name)];
    snprintf(bare, sizeof(bare), "%.*s", len, name);
    if (!closed || d->failed)
        return;
    enum kind k = section_kind(bare, &slug);
    if (k == K_NONE)
        unknown_section(d, d->section_line, bare);
    else if (needs_keys(k))
        (void)enter_section(d, bare, d->section_line, d->section_line);
}

/* libinih's line reader: util_ini_gets, noting each [section] header's
 * line and whole name. */
static char *read_line(char *buf, int cap, void *user)
{
    struct desc *d = user;
    int before = d->in.line;
    char *r = util_ini_gets(buf, cap, &d->in);
    /* A line longer than libinih's buffer comes in pieces, which it
     * would take as lines of their own and count so, naming the line
     * after it; said here, at its own line, as the first error. */
    if (r && d->in.line == before && !d->long_line) {
        d->long_line = true;
        fail_at(d, before + 1,
                ck_fail(fail_err(d), CK_EINVAL,
                        "%s:%d: the line is longer than %d characters; fix it "
                        "and run %s again.",
                        d->path, before + 1, cap - 2, d->cmd));
    }
    if (r && d->in.line != before)
        d->long_line = false;
    if (r) {
        const char *p = buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '[')
            header_line(d, buf, p);
    }
    return r;
}

static void free_desc(struct desc *d)
{
    for (int i = 0; i < d->n; i++) {
        struct section *s = &d->secs[i];
        free(s->name);
        free(s->label);
        free(s->colour);
        free(s->title);
        free(s->room);
        free(s->start);
        free(s->end);
        free(s->timezone);
        free(s->days);
        free(s->once);
        free(s->types);
        free(s->tutorials);
        free(s->hours);
        free(s->show);
        free(s->stock);
        free(s->all);
        free(s->invited);
        free(s->exits);
        free(s->ack);
        free(s->text);
        free(s->words);
        for (int j = 0; j < s->nitems; j++)
            free(s->items[j]);
    }
    free(d->secs);
    free(d->pronouns_q);
    free(d->consent_q);
    free(d->badge_name_q);
    free(d->company_q);
    for (int i = 0; i < d->ncsv; i++) {
        free(d->csv_key[i]);
        free(d->csv_val[i]);
    }
    for (int i = 0; i < OPEN_SPACE_NKEYS; i++)
        free(d->os_val[i]);
    free(d->sprint_days);
    for (int i = 0; i < d->ndesk; i++) {
        free((char *)d->desk[i].key);
        free((char *)d->desk[i].value);
    }
    for (int i = 0; i < d->nauc; i++) {
        free((char *)d->auc[i].key);
        free((char *)d->auc[i].value);
    }
}

static int insert_items(store *s, sqlite3_stmt *st, struct section *sec,
                        int64_t id, bool tutorial, struct desc *d,
                        struct ck_error *err)
{
    for (int j = 0; j < sec->nitems; j++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, sec->items[j], -1, SQLITE_STATIC);
        if (tutorial) {
            sqlite3_bind_null(st, 2);
            sqlite3_bind_int64(st, 3, id);
        } else {
            sqlite3_bind_int64(st, 2, id);
            sqlite3_bind_null(st, 3);
        }
        int rc = sqlite3_step(st);
        if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: pretix item %s is mapped twice; give each "
                           "item to one ticket type or tutorial.",
                           d->path, sec->line, sec->items[j]);
        if (rc != SQLITE_DONE)
            return store_sqlite_fail(s, rc, N_("saving the event"), err);
    }
    return CK_OK;
}

/* UTC seconds of tutorial `sec`'s local time `value` (its key `key`). */
static int tutorial_time(struct desc *d, struct section *sec, const char *key,
                         const char *value, const char *tz, int64_t *out,
                         struct ck_error *err)
{
    return ew_tutorial_time(value, tz, out, d->path, sec->line, sec->slug, key,
                            err);
}

static int write_desc(store *s, struct desc *d, struct section *ev,
                      struct ck_error *err)
{
    sqlite3 *db = store_db(s);
    sqlite3_stmt *st[6] = {0};
    static const char *const sql[6] = {
        "INSERT INTO event (id, slug, name, first_day, last_day, timezone, "
        "created_ms) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        "INSERT INTO ticket_type (slug, label, colour) VALUES (?1, ?2, ?3)",
        "INSERT INTO tutorial (slug, title, room, starts_at, ends_at, "
        "capacity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "INSERT INTO sponsor (slug, name) VALUES (?1, ?2)",
        "INSERT INTO source_item (source, item, ticket_type_id, tutorial_id) "
        "VALUES ('pretix', ?1, ?2, ?3)",
        "INSERT INTO setting (key, value) VALUES (?1, ?2)",
    };
    int code = CK_OK, rc = SQLITE_OK;
    for (int i = 0; i < 6; i++)
        if ((code = store_prepare(s, sql[i], NULL, &st[i],
                                  N_("saving the event"), err)))
            goto out;
    sqlite3_bind_text(st[0], 1, ev->label, -1, SQLITE_STATIC);
    sqlite3_bind_text(st[0], 2, ev->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st[0], 3, ev->start, -1, SQLITE_STATIC);
    sqlite3_bind_text(st[0], 4, ev->end, -1, SQLITE_STATIC);
    sqlite3_bind_text(st[0], 5, ev->timezone, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st[0], 6, store_now_ms());
    if ((rc = sqlite3_step(st[0])) != SQLITE_DONE)
        goto sqlfail;

    for (int i = 0; i < d->n; i++) {
        struct section *sec = &d->secs[i];
        sqlite3_stmt *q = NULL;
        if (sec->kind == K_TYPE) {
            q = st[1];
            sqlite3_bind_text(q, 1, sec->slug, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, sec->label, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, sec->colour, -1, SQLITE_STATIC);
        } else if (sec->kind == K_TUTORIAL) {
            int64_t a, b;
            code = tutorial_time(d, sec, "start", sec->start, ev->timezone, &a,
                                 err);
            if (!code)
                code = tutorial_time(d, sec, "end", sec->end, ev->timezone, &b,
                                     err);
            if (code)
                goto out;
            if (b <= a) {
                code = ck_fail(err, CK_EINVAL,
                               "%s:%d: tutorial start and end must be local "
                               "times like 2027-05-12 09:00, end after start.",
                               d->path, sec->line);
                goto out;
            }
            q = st[2];
            sqlite3_bind_text(q, 1, sec->slug, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, sec->title, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, sec->room, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 4, a);
            sqlite3_bind_int64(q, 5, b);
            sqlite3_bind_int64(q, 6, sec->capacity);
        } else if (sec->kind == K_SPONSOR) {
            q = st[3];
            sqlite3_bind_text(q, 1, sec->slug, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, sec->name, -1, SQLITE_STATIC);
        } else {
            continue;
        }
        sqlite3_reset(q);
        if ((rc = sqlite3_step(q)) != SQLITE_DONE)
            goto sqlfail;
        sqlite3_reset(q);
        code = insert_items(s, st[4], sec, sqlite3_last_insert_rowid(db),
                            sec->kind == K_TUTORIAL, d, err);
        if (code)
            goto out;
    }
    const char *keys[4] = {
        "pretix.pronouns-question", "pretix.consent-question",
        "pretix.badge-name-question", "pretix.company-question"};
    const char *vals[4] = {d->pronouns_q, d->consent_q, d->badge_name_q,
                           d->company_q};
    for (int i = 0; i < 4 + d->ncsv; i++) {
        const char *k = i < 4 ? keys[i] : d->csv_key[i - 4];
        const char *v = i < 4 ? vals[i] : d->csv_val[i - 4];
        if (!v)
            continue;
        sqlite3_reset(st[5]);
        sqlite3_bind_text(st[5], 1, k, -1, SQLITE_STATIC);
        sqlite3_bind_text(st[5], 2, v, -1, SQLITE_STATIC);
        if ((rc = sqlite3_step(st[5])) != SQLITE_DONE)
            goto sqlfail;
    }
    goto out;
sqlfail:
    code = store_sqlite_fail(s, rc, N_("saving the event"), err);
out:
    for (int i = 0; i < 6; i++)
        sqlite3_finalize(st[i]);
    return code;
}

/* Run `sql` with text parameters `args` (NULL binds NULL). */
static int run(store *s, const char *sql, int n, const char *const *args,
               struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc =
        store_prepare(s, sql, NULL, &q, N_("saving the event's lists"), err);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(q, i + 1, args[i], -1, SQLITE_STATIC);
    return store_step_done(s, q, N_("saving the event's lists"), err);
}

/* A list's windows, UTC seconds: each of its days (every event day when
 * it gives hours only), whole or in its hours ranges. */
static int write_windows(store *s, struct desc *d, const struct section *ev,
                         const struct section *l, struct ck_error *err)
{
    if (!l->days && !l->hours)
        return CK_OK;
    char day[16], last[16];
    snprintf(last, sizeof(last), "%.10s", ev->end);
    const char *dp = l->days;
    if (!dp)
        snprintf(day, sizeof(day), "%.10s", ev->start);
    int code = CK_OK;
    while (!code && (dp ? ew_next_word(&dp, day, sizeof(day))
                        : strcmp(day, last) <= 0)) {
        const char *hp = l->hours ? l->hours : "00:00-24:00";
        char w[32];
        while (!code && ew_next_word(&hp, w, sizeof(w))) {
            char a[32], b[32], nd[16];
            snprintf(a, sizeof(a), "%s %.5s", day, w);
            if (!strcmp(w + 6, "24:00")) {
                ew_next_day(day, nd);
                snprintf(b, sizeof(b), "%s", nd);
            } else {
                snprintf(b, sizeof(b), "%s %.5s", day, w + 6);
            }
            int64_t t0, t1;
            code = ew_list_time(a, ev->timezone, &t0, d->path, l->line, l->slug,
                                err);
            if (!code)
                code = ew_list_time(b, ev->timezone, &t1, d->path, l->line,
                                    l->slug, err);
            if (code)
                break;
            char s0[24], s1[24];
            snprintf(s0, sizeof(s0), "%lld", (long long)t0);
            snprintf(s1, sizeof(s1), "%lld", (long long)t1);
            const char *args[] = {l->kind == K_LIST ? l->slug : "", s0, s1};
            code = run(s,
                       "INSERT INTO list_window (list_id, starts_at, ends_at) "
                       "SELECT id, ?2, ?3 FROM checkin_list WHERE slug = ?1",
                       3, args, err);
        }
        if (!dp) {
            char nd[16];
            ew_next_day(day, nd);
            snprintf(day, sizeof(day), "%s", nd);
        }
    }
    return code;
}

/* One list, or the [admission] section as the list '' (everyone unless
 * it names ticket types). */
static int write_list(store *s, struct desc *d, const struct section *ev,
                      const struct section *l, struct ck_error *err)
{
    bool adm = l->kind == K_ADMISSION;
    const char *slug = adm ? "" : l->slug;
    char cap[24];
    snprintf(cap, sizeof(cap), "%ld", l->capacity);
    const char *args[] = {slug,
                          adm ? "Admission" : l->title,
                          adm ? "per-person" : l->once,
                          l->exits && !strcmp(l->exits, "yes") ? "1" : "0",
                          l->room ? l->room : "",
                          l->capacity ? cap : NULL};
    int code = run(s,
                   "INSERT INTO checkin_list (slug, title, once, exits, room, "
                   "capacity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                   6, args, err);
    static const char WHO[] =
        "INSERT OR IGNORE INTO list_who (list_id, what, value) SELECT id, ?2, "
        "?3 FROM checkin_list WHERE slug = ?1";
    const char *who[3] = {slug, "item", NULL};
    for (int i = 0; !code && i < l->nitems; i++) {
        who[2] = l->items[i];
        code = run(s, WHO, 3, who, err);
    }
    char w[128];
    const char *kinds[2] = {"ticket-type", "tutorial"};
    const char *vals[2] = {l->types, l->tutorials};
    for (int k = 0; k < 2; k++) {
        const char *p = vals[k];
        who[1] = kinds[k];
        while (!code && p && ew_next_word(&p, w, sizeof(w))) {
            who[2] = w;
            code = run(s, WHO, 3, who, err);
        }
    }
    if (!code && l->invited && !strcmp(l->invited, "yes")) {
        who[1] = "invited";
        who[2] = "";
        code = run(s, WHO, 3, who, err);
    }
    if (!code && ((l->all && !strcmp(l->all, "yes")) || (adm && !l->types))) {
        who[1] = "all";
        who[2] = "";
        code = run(s, WHO, 3, who, err);
    }
    const char *p = l->show;
    for (int pos = 1; !code && p && ew_next_word(&p, w, sizeof(w)); pos++) {
        char n[16];
        snprintf(n, sizeof(n), "%d", pos);
        bool q = !strncmp(w, "question:", 9);
        const char *sa[] = {slug, n, q ? "question" : "variation",
                            q ? w + 9 : NULL};
        code = run(s,
                   "INSERT INTO list_show (list_id, position, what, question) "
                   "SELECT id, ?2, ?3, ?4 FROM checkin_list WHERE slug = ?1",
                   4, sa, err);
    }
    p = l->stock;
    while (!code && p && ew_next_word(&p, w, sizeof(w))) {
        char *colon = strrchr(w, ':');
        *colon = '\0';
        const char *sa[] = {slug, w, colon + 1};
        code = run(s,
                   "INSERT INTO list_stock (list_id, variation, stock) SELECT "
                   "id, ?2, ?3 FROM checkin_list WHERE slug = ?1 ON CONFLICT "
                   "DO UPDATE SET stock = excluded.stock",
                   3, sa, err);
    }
    if (!code)
        code = write_windows(s, d, ev, l, err);
    return code;
}

/* The acknowledgements [admission] names, in its order, as questions
 * the desk asks (local schema 22): "ack:SLUG", ask 'A', required. */
static int write_acks(store *s, struct desc *d, struct ck_error *err)
{
    int code = CK_OK;
    char w[128];
    for (int i = 0; i < d->n; i++) {
        const char *p = d->secs[i].kind == K_ADMISSION ? d->secs[i].ack : NULL;
        while (!code && p && ew_next_word(&p, w, sizeof(w))) {
            const struct section *a = desc_find_section(d, K_ACK, w);
            const char *args[] = {w, a->title, a->text};
            code = run(s,
                       "INSERT INTO question (identifier, label, ask, "
                       "required, detail) VALUES ('ack:' || ?1, ?2, 'A', 1, "
                       "?3)",
                       3, args, err);
            if (!code)
                code = ack_words_write(s, w, a->words, d->path, err);
        }
    }
    return code;
}

/* The lists, [admission] and ticket types' days (local schema 8).  A
 * description without any writes nothing, so it loads into a file of an
 * earlier schema too. */
static int write_lists(store *s, struct desc *d, const struct section *ev,
                       struct ck_error *err)
{
    int code = CK_OK;
    for (int i = 0; !code && i < d->n; i++) {
        const struct section *sec = &d->secs[i];
        if (sec->kind == K_LIST || sec->kind == K_ADMISSION) {
            code = write_list(s, d, ev, sec, err);
        } else if (sec->kind == K_TYPE && sec->days) {
            const char *p = sec->days;
            char w[64];
            while (!code && ew_next_word(&p, w, sizeof(w))) {
                const char *args[] = {sec->slug, w};
                code = run(s,
                           "INSERT OR IGNORE INTO ticket_type_day "
                           "(ticket_type_id, day) SELECT id, ?2 FROM "
                           "ticket_type WHERE slug = ?1",
                           2, args, err);
            }
        }
    }
    return code;
}

/* [desks]'s lines, as the setting DESKS_SETTING ("KEY = VALUE; ..."). */
static int write_desks(store *s, struct desc *d, struct ck_error *err)
{
    if (!d->ndesk)
        return CK_OK;
    struct ck_buf b = {0};
    bool ok = true;
    for (int i = 0; ok && i < d->ndesk; i++)
        ok = ck_buf_printf(&b, "%s%s = %s", i ? "; " : "", d->desk[i].key,
                           d->desk[i].value);
    if (!ok) {
        ck_buf_free(&b);
        return ck_fail(err, CK_ENOMEM, "Out of memory saving the desks.");
    }
    const char *args[] = {DESKS_SETTING, b.p};
    int code = run(s, "INSERT INTO setting (key, value) VALUES (?1, ?2)", 2,
                   args, err);
    ck_buf_free(&b);
    return code;
}

/* [open-spaces]'s keys, as the settings "open-spaces.KEY". */
static int write_open_spaces(store *s, struct desc *d, struct ck_error *err)
{
    int code = CK_OK;
    for (int i = 0; i < OPEN_SPACE_NKEYS && !code; i++) {
        if (!d->os_val[i])
            continue;
        char key[64];
        snprintf(key, sizeof(key), "open-spaces.%s", open_space_keys[i]);
        const char *args[] = {key, d->os_val[i]};
        code = run(s, "INSERT INTO setting (key, value) VALUES (?1, ?2)", 2,
                   args, err);
    }
    const char *days[] = {"sprints.days", d->sprint_days};
    if (!code && d->sprint_days)
        code = run(s, "INSERT INTO setting VALUES (?1, ?2)", 2, days, err);
    return code;
}

static int load_stream(store *s, const char *ini_path, FILE *f, const char *cmd,
                       struct ck_error *err)
{
    struct desc d = {.path = ini_path, .in = {.file = f}, .cmd = cmd};
    int code;
    int rc = ini_parse_stream(read_line, &d, handler, &d);
    if (rc == -2 || d.oom) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", ini_path);
        goto out;
    }
    if (d.failed) {
        code = CK_EINVAL;
        if (err)
            *err = d.e;
        goto out;
    }
    if (rc != 0) {
        code = ck_fail(err, CK_EINVAL,
                       "%s:%d: not a valid INI line; fix it and run %s again.",
                       ini_path, rc, cmd);
        goto out;
    }
    struct section *ev = NULL;
    code = desc_validate(&d, &ev, err);
    if (code)
        goto out;
    code = store_begin(s, err);
    if (code)
        goto out;
    code = write_desc(s, &d, ev, err);
    if (!code)
        code = write_lists(s, &d, ev, err);
    if (!code)
        code = write_open_spaces(s, &d, err);
    if (!code)
        code = write_desks(s, &d, err);
    if (!code)
        code = auction_lines_write(s, d.auc, d.nauc, err);
    if (!code)
        code = write_acks(s, &d, err);
    if (code)
        store_rollback(s);
    else
        code = store_commit(s, err);
out:
    free_desc(&d);
    return code;
}

int event_load(store *s, const char *ini_path, struct ck_error *err)
{
    if (store_is_own_file(s, ini_path))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself, not an event "
                       "description; give the EVENT.ini file.",
                       ini_path);
    FILE *f = fopen(ini_path, "r");
    if (!f)
        return ck_fail(err, CK_ENOTFOUND,
                       "Cannot read the event description %s: %s.", ini_path,
                       strerror(errno));
    int code = load_stream(s, ini_path, f, "init", err);
    fclose(f);
    return code;
}

int event_load_buffer(store *s, const char *name, const char *data, size_t len,
                      struct ck_error *err)
{
    return event_parse_buffer(s, name, data, len, "init", err);
}

int event_parse_buffer(store *s, const char *name, const char *data, size_t len,
                       const char *cmd, struct ck_error *err)
{
    if (len == 0)
        return ck_fail(err, CK_EINVAL,
                       "%s is empty; it needs an [event] "
                       "section.",
                       name);
    if (memchr(data, '\0', len))
        return ck_fail(err, CK_EINVAL,
                       "%s contains a NUL byte; it is not a "
                       "text file.",
                       name);
    FILE *f = fmemopen((void *)data, len, "r");
    if (!f)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", name);
    int code = load_stream(s, name, f, cmd, err);
    fclose(f);
    return code;
}
