/* pretix's JSON export written key for key as its exporter does
 * (pretix_export.h says how); the test harness's, not product code. */
#include "pretix_export.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t px_time(int year, int month, int day, int hour, int minute, int second,
                int us)
{
    int64_t s = days_from_civil(year, month, day) * 86400 + hour * 3600 +
                minute * 60 + second;
    return s * 1000000 + us;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Grow `*arr` (of `*n` pointers, room `*cap`) by one; the new slot. */
static void **grow(void ***arr, int *n, int *cap)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 8;
        void **a = realloc(*arr, (size_t)c * sizeof(*a));
        if (!a)
            return NULL;
        *arr = a;
        *cap = c;
    }
    return &(*arr)[(*n)++];
}

#define ADD(arr, n, cap, obj)                                                  \
    do {                                                                       \
        void **slot_ = grow((void ***)&(arr), &(n), &(cap));                   \
        if (!slot_) {                                                          \
            free(obj);                                                         \
            return NULL;                                                       \
        }                                                                      \
        *slot_ = (obj);                                                        \
    } while (0)

const char *px_str(struct px_event *e, const char *s)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        return NULL;
    void **slot = grow((void ***)&e->strings, &e->nstrings, &e->capstrings);
    if (!slot) {
        free(c);
        return NULL;
    }
    *slot = c;
    return c;
}

struct px_event *px_event_new(const char *name, const char *slug)
{
    struct px_event *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->name = name;
    e->slug = slug;
    e->organizer_name = "PyCon Organizers";
    e->organizer_slug = "pycon";
    return e;
}

void px_free(struct px_event *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->nitems; i++) {
        for (int j = 0; j < e->items[i]->nvariations; j++)
            free(e->items[i]->variations[j]);
        free(e->items[i]->variations);
        free(e->items[i]);
    }
    for (int i = 0; i < e->norders; i++) {
        for (int j = 0; j < e->orders[i]->npositions; j++)
            free(e->orders[i]->positions[j]);
        free(e->orders[i]->positions);
        free(e->orders[i]);
    }
    for (int i = 0; i < e->ncategories; i++)
        free(e->categories[i]);
    for (int i = 0; i < e->nquestions; i++)
        free(e->questions[i]);
    for (int i = 0; i < e->nquotas; i++)
        free(e->quotas[i]);
    for (int i = 0; i < e->nsubevents; i++)
        free(e->subevents[i]);
    for (int i = 0; i < e->nstrings; i++)
        free(e->strings[i]);
    free(e->categories);
    free(e->items);
    free(e->questions);
    free(e->orders);
    free(e->quotas);
    free(e->subevents);
    free(e->strings);
    free(e);
}

struct px_category *px_category(struct px_event *e, int64_t id,
                                const char *name)
{
    struct px_category *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->id = id;
    c->name = name;
    c->description = "";
    c->position = e->ncategories;
    ADD(e->categories, e->ncategories, e->cap[0], c);
    return c;
}

struct px_item *px_item(struct px_event *e, int64_t id, const char *name,
                        bool admission, const char *price)
{
    struct px_item *it = calloc(1, sizeof(*it));
    if (!it)
        return NULL;
    it->id = id;
    it->position = 0;
    it->name = name;
    it->internal_name = "";
    it->category = PX_NULL;
    it->price = price;
    it->tax_rate = "0.00";
    it->admission = admission;
    it->personalized = admission;
    it->active = true;
    it->description = "";
    it->available_from = it->available_until = PX_NULL;
    it->allow_cancel = true;
    it->min_per_order = PX_NULL;
    it->max_per_order = PX_NULL;
    ADD(e->items, e->nitems, e->cap[1], it);
    return it;
}

struct px_variation *px_variation(struct px_item *it, int64_t id,
                                  const char *name)
{
    struct px_variation *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->id = id;
    v->active = true;
    v->name = name;
    v->description = "";
    v->position = it->nvariations;
    v->available_from = v->available_until = PX_NULL;
    ADD(it->variations, it->nvariations, it->cap, v);
    return v;
}

struct px_question *px_question(struct px_event *e, int64_t id,
                                const char *identifier, const char *question,
                                const char *type)
{
    struct px_question *q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    q->id = id;
    q->identifier = identifier;
    q->question = question;
    q->position = e->nquestions;
    q->help_text = "";
    q->type = type;
    ADD(e->questions, e->nquestions, e->cap[2], q);
    return q;
}

struct px_quota *px_quota(struct px_event *e, int64_t id, int64_t size,
                          const int64_t *items, const int64_t *variations)
{
    struct px_quota *q = calloc(1, sizeof(*q));
    if (!q)
        return NULL;
    q->id = id;
    q->size = size;
    q->subevent = PX_NULL;
    for (; items && *items && q->nitems < 32; items++)
        q->items[q->nitems++] = *items;
    for (; variations && *variations && q->nvariations < 32; variations++)
        q->variations[q->nvariations++] = *variations;
    ADD(e->quotas, e->nquotas, e->cap[3], q);
    return q;
}

struct px_order *px_order(struct px_event *e, const char *code, char status,
                          const char *email)
{
    struct px_order *o = calloc(1, sizeof(*o));
    if (!o)
        return NULL;
    o->code = code;
    o->status = status;
    o->email = email;
    o->locale = "en";
    o->comment = "";
    o->custom_followup_at = PX_NULL;
    o->sales_channel = "web";
    /* Orders placed a few minutes apart, with microseconds as pretix's
     * clock gives them. */
    o->datetime =
        px_time(2028, 3, 1, 9, 0, 0, 0) + (int64_t)e->norders * 137123457;
    o->expires = o->datetime + (int64_t)14 * 86400 * 1000000;
    o->event = e;
    ADD(e->orders, e->norders, e->cap[4], o);
    return o;
}

static const struct px_item *find_item(const struct px_event *e, int64_t id)
{
    for (int i = 0; i < e->nitems; i++)
        if (e->items[i]->id == id)
            return e->items[i];
    return NULL;
}

struct px_position *px_position(struct px_order *o, int64_t id, int64_t item,
                                int64_t variation, const char *attendee_name,
                                int64_t addon_to)
{
    struct px_position *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    const struct px_item *it = find_item(o->event, item);
    p->id = id;
    p->positionid = o->npositions + 1;
    p->item = item;
    p->variation = variation ? variation : PX_NULL;
    p->subevent = PX_NULL;
    p->price = it && it->price ? it->price : "0.00";
    for (int j = 0; it && variation && j < it->nvariations; j++)
        if (it->variations[j]->id == variation && it->variations[j]->price)
            p->price = it->variations[j]->price;
    p->tax_rate = p->tax_value = "0.00";
    p->attendee_name = attendee_name;
    p->addon_to = addon_to ? addon_to : PX_NULL;
    p->valid_from = p->valid_until = PX_NULL;
    /* pretix's default secret: 32 of "abcdefghjkmnpqrstuvwxyz23456789";
     * here made from the id, so a test knows it. */
    static const char ALPHA[] = "abcdefghjkmnpqrstuvwxyz23456789";
    char s[33];
    uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    for (int k = 0; k < 32; k++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 32;
        s[k] = ALPHA[x % (sizeof(ALPHA) - 1)];
    }
    s[32] = '\0';
    p->secret = px_str(o->event, s);
    ADD(o->positions, o->npositions, o->cap, p);
    return p;
}

void px_answer(struct px_position *p, int64_t question, const char *answer)
{
    if (p->nanswers < 16)
        p->answers[p->nanswers++] = (struct px_answer){question, answer};
}

/* ---- writing, as json.dumps(cls=DjangoJSONEncoder) ---- */

/* A UTF-8 string as Python's json.dumps writes it with ensure_ascii:
 * every character outside ' '..'~' escaped, DEL too. */
static void str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        int n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        unsigned cp = n == 1   ? c
                      : n == 2 ? c & 0x1f
                      : n == 3 ? c & 0x0f
                               : c & 0x07;
        for (int k = 1; k < n && p[k]; k++)
            cp = (cp << 6) | (p[k] & 0x3f);
        p += n;
        if (cp == '"')
            fputs("\\\"", f);
        else if (cp == '\\')
            fputs("\\\\", f);
        else if (cp == '\n')
            fputs("\\n", f);
        else if (cp == '\r')
            fputs("\\r", f);
        else if (cp == '\t')
            fputs("\\t", f);
        else if (cp == '\b')
            fputs("\\b", f);
        else if (cp == '\f')
            fputs("\\f", f);
        else if (cp < 0x20 || (cp >= 0x7f && cp < 0x10000))
            fprintf(f, "\\u%04x", cp);
        else if (cp >= 0x10000) {
            cp -= 0x10000;
            fprintf(f, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
                    0xdc00 + (cp & 0x3ff));
        } else
            fputc((int)cp, f);
    }
    fputc('"', f);
}

/* str(x) of the exporter: None becomes "None". */
static void pystr(FILE *f, const char *s)
{
    str(f, s ? s : "None");
}

static void num(FILE *f, int64_t v)
{
    if (v == PX_NULL)
        fputs("null", f);
    else
        fprintf(f, "%lld", (long long)v);
}

static void boolean(FILE *f, bool b)
{
    fputs(b ? "true" : "false", f);
}

/* DjangoJSONEncoder: isoformat(), the microseconds cut to milliseconds
 * when there are any, "+00:00" as "Z". */
static void datetime(FILE *f, int64_t us)
{
    if (us == PX_NULL) {
        fputs("null", f);
        return;
    }
    int64_t s = us / 1000000, frac = us % 1000000;
    if (frac < 0) {
        frac += 1000000;
        s--;
    }
    int64_t days = s / 86400, rem = s % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    fprintf(f, "\"%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, (int)(rem / 3600),
            (int)(rem / 60 % 60), (int)(rem % 60));
    if (frac)
        fprintf(f, ".%03d", (int)(frac / 1000));
    fputs("Z\"", f);
}

static void date(FILE *f, int64_t us)
{
    if (us == PX_NULL) {
        fputs("null", f);
        return;
    }
    int y, m, d;
    int64_t days = us / 1000000 / 86400;
    civil_from_days(days, &y, &m, &d);
    fprintf(f, "\"%04d-%02d-%02d\"", y, m, d);
}

/* `"key": ` after a comma unless first. */
static void key(FILE *f, const char *k, bool first)
{
    fprintf(f, "%s\"%s\": ", first ? "" : ", ", k);
}

static void write_variation(FILE *f, const struct px_item *it,
                            const struct px_variation *v)
{
    key(f, "id", true);
    num(f, v->id);
    key(f, "active", false);
    boolean(f, v->active);
    key(f, "price", false);
    str(f, v->price ? v->price : it->price);
    key(f, "name", false);
    str(f, v->name);
    key(f, "description", false);
    pystr(f, v->description);
    key(f, "position", false);
    num(f, v->position);
    key(f, "checkin_attention", false);
    boolean(f, v->checkin_attention);
    key(f, "require_approval", false);
    boolean(f, v->require_approval);
    key(f, "require_membership", false);
    boolean(f, v->require_membership);
    key(f, "sales_channels", false);
    fputs("[\"web\"]", f);
    key(f, "available_from", false);
    datetime(f, v->available_from);
    key(f, "available_until", false);
    datetime(f, v->available_until);
    key(f, "hide_without_voucher", false);
    boolean(f, v->hide_without_voucher);
    key(f, "meta_data", false);
    fputs("{}", f);
}

static void write_item(FILE *f, const struct px_item *it)
{
    key(f, "id", true);
    num(f, it->id);
    key(f, "position", false);
    num(f, it->position);
    key(f, "name", false);
    pystr(f, it->name);
    key(f, "internal_name", false);
    pystr(f, it->internal_name);
    key(f, "category", false);
    num(f, it->category);
    key(f, "price", false);
    str(f, it->price);
    key(f, "tax_rate", false);
    str(f, it->tax_rate);
    key(f, "tax_name", false);
    str(f, it->tax_name);
    key(f, "admission", false);
    boolean(f, it->admission);
    key(f, "personalized", false);
    boolean(f, it->personalized);
    key(f, "active", false);
    boolean(f, it->active);
    key(f, "sales_channels", false);
    fputs("[\"web\"]", f);
    key(f, "description", false);
    pystr(f, it->description);
    key(f, "available_from", false);
    datetime(f, it->available_from);
    key(f, "available_until", false);
    datetime(f, it->available_until);
    key(f, "require_voucher", false);
    boolean(f, it->require_voucher);
    key(f, "hide_without_voucher", false);
    boolean(f, it->hide_without_voucher);
    key(f, "allow_cancel", false);
    boolean(f, it->allow_cancel);
    key(f, "require_bundling", false);
    boolean(f, it->require_bundling);
    key(f, "min_per_order", false);
    num(f, it->min_per_order);
    key(f, "max_per_order", false);
    num(f, it->max_per_order);
    key(f, "checkin_attention", false);
    boolean(f, it->checkin_attention);
    key(f, "original_price", false);
    str(f, it->original_price);
    key(f, "issue_giftcard", false);
    boolean(f, it->issue_giftcard);
    key(f, "meta_data", false);
    fputs("{}", f);
    key(f, "require_membership", false);
    boolean(f, it->require_membership);
    key(f, "variations", false);
    fputc('[', f);
    for (int j = 0; j < it->nvariations; j++) {
        fputs(j ? ", {" : "{", f);
        write_variation(f, it, it->variations[j]);
        fputc('}', f);
    }
    fputc(']', f);
}

static void write_question(FILE *f, const struct px_question *q)
{
    key(f, "id", true);
    num(f, q->id);
    key(f, "identifier", false);
    str(f, q->identifier);
    key(f, "required", false);
    boolean(f, q->required);
    key(f, "question", false);
    pystr(f, q->question);
    key(f, "position", false);
    num(f, q->position);
    key(f, "hidden", false);
    boolean(f, q->hidden);
    key(f, "ask_during_checkin", false);
    boolean(f, q->ask_during_checkin);
    key(f, "help_text", false);
    pystr(f, q->help_text);
    key(f, "type", false);
    str(f, q->type);
}

static void write_position(FILE *f, const struct px_position *p)
{
    key(f, "id", true);
    num(f, p->id);
    key(f, "positionid", false);
    num(f, p->positionid);
    key(f, "item", false);
    num(f, p->item);
    key(f, "variation", false);
    num(f, p->variation);
    key(f, "subevent", false);
    num(f, p->subevent);
    key(f, "seat", false);
    str(f, p->seat);
    key(f, "price", false);
    str(f, p->price);
    key(f, "tax_rate", false);
    str(f, p->tax_rate);
    key(f, "tax_value", false);
    str(f, p->tax_value);
    key(f, "attendee_name", false);
    str(f, p->attendee_name);
    key(f, "attendee_email", false);
    str(f, p->attendee_email);
    key(f, "company", false);
    str(f, p->company);
    key(f, "street", false);
    str(f, p->street);
    key(f, "zipcode", false);
    str(f, p->zipcode);
    key(f, "country", false);
    str(f, p->country);
    key(f, "state", false);
    str(f, p->state);
    key(f, "secret", false);
    str(f, p->secret);
    key(f, "addon_to", false);
    num(f, p->addon_to);
    key(f, "valid_from", false);
    datetime(f, p->valid_from);
    key(f, "valid_until", false);
    datetime(f, p->valid_until);
    key(f, "blocked", false);
    if (!p->blocked[0]) {
        fputs("null", f);
    } else {
        fputc('[', f);
        for (int k = 0; k < 4 && p->blocked[k]; k++) {
            fputs(k ? ", " : "", f);
            str(f, p->blocked[k]);
        }
        fputc(']', f);
    }
    key(f, "answers", false);
    fputc('[', f);
    for (int k = 0; k < p->nanswers; k++) {
        fputs(k ? ", {" : "{", f);
        key(f, "question", true);
        num(f, p->answers[k].question);
        key(f, "answer", false);
        str(f, p->answers[k].answer);
        fputc('}', f);
    }
    fputc(']', f);
}

/* A decimal string ("10.50") in cents. */
static int64_t cents(const char *s)
{
    if (!s)
        return 0;
    char *end;
    long long whole = strtoll(s, &end, 10);
    int64_t c = whole * 100;
    if (*end == '.') {
        int64_t frac = (end[1] ? end[1] - '0' : 0) * 10 +
                       (end[1] && end[2] ? end[2] - '0' : 0);
        c += s[0] == '-' ? -frac : frac;
    }
    return c;
}

static void write_order(FILE *f, const struct px_order *o)
{
    char status[2] = {o->status, '\0'};
    key(f, "code", true);
    str(f, o->code);
    key(f, "status", false);
    str(f, status);
    key(f, "customer", false);
    str(f, o->customer);
    key(f, "testmode", false);
    boolean(f, o->testmode);
    key(f, "user", false);
    str(f, o->email);
    key(f, "email", false);
    str(f, o->email);
    key(f, "phone", false);
    pystr(f, o->phone);
    key(f, "locale", false);
    str(f, o->locale);
    key(f, "comment", false);
    str(f, o->comment);
    key(f, "custom_followup_at", false);
    date(f, o->custom_followup_at);
    key(f, "require_approval", false);
    boolean(f, o->require_approval);
    key(f, "checkin_attention", false);
    boolean(f, o->checkin_attention);
    key(f, "sales_channel", false);
    str(f, o->sales_channel);
    key(f, "expires", false);
    datetime(f, o->expires);
    key(f, "datetime", false);
    datetime(f, o->datetime);
    key(f, "fees", false);
    fputc('[', f);
    int64_t total = 0;
    for (int k = 0; k < o->nfees; k++) {
        fputs(k ? ", {" : "{", f);
        key(f, "type", true);
        str(f, o->fees[k].type);
        key(f, "description", false);
        str(f, o->fees[k].description);
        key(f, "value", false);
        str(f, o->fees[k].value);
        fputc('}', f);
        total += cents(o->fees[k].value);
    }
    fputc(']', f);
    for (int k = 0; k < o->npositions; k++)
        total += cents(o->positions[k]->price);
    key(f, "total", false);
    if (o->total) {
        str(f, o->total);
    } else {
        int64_t a = total < 0 ? -total : total;
        fprintf(f, "\"%s%lld.%02lld\"", total < 0 ? "-" : "",
                (long long)(a / 100), (long long)(a % 100));
    }
    key(f, "positions", false);
    fputc('[', f);
    for (int k = 0; k < o->npositions; k++) {
        fputs(k ? ", {" : "{", f);
        write_position(f, o->positions[k]);
        fputc('}', f);
    }
    fputc(']', f);
}

static void ids(FILE *f, const int64_t *v, int n)
{
    fputc('[', f);
    for (int k = 0; k < n; k++) {
        fputs(k ? ", " : "", f);
        num(f, v[k]);
    }
    fputc(']', f);
}

int px_write(const struct px_event *e, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    fputs("{\"event\": {", f);
    key(f, "name", true);
    pystr(f, e->name);
    key(f, "slug", false);
    str(f, e->slug);
    key(f, "organizer", false);
    fputc('{', f);
    key(f, "name", true);
    pystr(f, e->organizer_name);
    key(f, "slug", false);
    str(f, e->organizer_slug);
    fputc('}', f);
    key(f, "meta_data", false);
    fputs("{}", f);
    key(f, "categories", false);
    fputc('[', f);
    for (int i = 0; i < e->ncategories; i++) {
        const struct px_category *c = e->categories[i];
        fputs(i ? ", {" : "{", f);
        key(f, "id", true);
        num(f, c->id);
        key(f, "name", false);
        pystr(f, c->name);
        key(f, "description", false);
        pystr(f, c->description);
        key(f, "position", false);
        num(f, c->position);
        key(f, "internal_name", false);
        str(f, c->internal_name);
        fputc('}', f);
    }
    fputc(']', f);
    key(f, "items", false);
    fputc('[', f);
    for (int i = 0; i < e->nitems; i++) {
        fputs(i ? ", {" : "{", f);
        write_item(f, e->items[i]);
        fputc('}', f);
    }
    fputc(']', f);
    key(f, "questions", false);
    fputc('[', f);
    for (int i = 0; i < e->nquestions; i++) {
        fputs(i ? ", {" : "{", f);
        write_question(f, e->questions[i]);
        fputc('}', f);
    }
    fputc(']', f);
    key(f, "orders", false);
    fputc('[', f);
    for (int i = 0; i < e->norders; i++) {
        fputs(i ? ", {" : "{", f);
        write_order(f, e->orders[i]);
        fputc('}', f);
    }
    fputc(']', f);
    key(f, "quotas", false);
    fputc('[', f);
    for (int i = 0; i < e->nquotas; i++) {
        const struct px_quota *q = e->quotas[i];
        fputs(i ? ", {" : "{", f);
        key(f, "id", true);
        num(f, q->id);
        key(f, "size", false);
        num(f, q->size);
        key(f, "subevent", false);
        num(f, q->subevent);
        key(f, "items", false);
        ids(f, q->items, q->nitems);
        key(f, "variations", false);
        ids(f, q->variations, q->nvariations);
        fputc('}', f);
    }
    fputc(']', f);
    key(f, "subevents", false);
    fputc('[', f);
    for (int i = 0; i < e->nsubevents; i++) {
        const struct px_subevent *s = e->subevents[i];
        fputs(i ? ", {" : "{", f);
        key(f, "id", true);
        num(f, s->id);
        key(f, "name", false);
        pystr(f, s->name);
        key(f, "location", false);
        pystr(f, s->location);
        key(f, "date_from", false);
        datetime(f, s->date_from);
        key(f, "date_to", false);
        datetime(f, s->date_to);
        key(f, "date_admission", false);
        datetime(f, s->date_admission);
        key(f, "geo_lat", false);
        fputs("null", f);
        key(f, "geo_lon", false);
        fputs("null", f);
        key(f, "is_public", false);
        boolean(f, s->is_public);
        key(f, "meta_data", false);
        fputs("{}", f);
        fputc('}', f);
    }
    fputs("]}}", f);
    int bad = ferror(f);
    return fclose(f) || bad ? -1 : 0;
}
