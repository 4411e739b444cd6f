/* pretix's "Order data (JSON)" export as pretix's own exporter writes it
 * (pretix/pretix src/pretix/base/exporters/json.py, JSONExporter, with
 * valid_from, valid_until and blocked on positions and checkin_attention
 * and require_approval on variations as current versions write them;
 * /work/shared/docs/pretix-export.md): every key the exporter writes, in
 * its order, and written as json.dumps(..., cls=DjangoJSONEncoder) does:
 * one line, ", " and ": " between items, non-ASCII as \uXXXX in lower-case
 * hex (surrogate pairs above U+FFFF), datetimes ISO 8601 in UTC with
 * milliseconds when they have a fraction and "Z", dates YYYY-MM-DD,
 * decimals as strings, None as null except where the exporter calls str()
 * (an order without a phone is "None", an item's unset internal name too).
 *
 * A test builds an event, adds what it needs and writes it:
 *
 *     struct px_event *e = px_event_new("PyCon Test", "pycontest");
 *     struct px_item *shirt = px_item(e, 302, "T-shirt", false, "10.00");
 *     px_variation(shirt, 11, "S");
 *     struct px_order *o = px_order(e, "ABC12", 'p', "ada@example.com");
 *     struct px_position *p = px_position(o, 1001, 101, 0, "Ada Lovelace", 0);
 *     px_position(o, 1002, 302, 11, NULL, 1001);
 *     px_write(e, path);
 *     px_free(e);
 *
 * Every object returned is the event's (px_free frees them); its fields are
 * public for a test to change before px_write: a NULL string is written as
 * the exporter writes None there, PX_NULL a null number or datetime. */
#ifndef CHECKIN_TEST_PRETIX_EXPORT_H
#define CHECKIN_TEST_PRETIX_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

/* A null integer or datetime. */
#define PX_NULL INT64_MIN

/* Microseconds since 1970 (UTC) of a civil UTC time, for the datetime
 * fields (`us`: the microseconds, which pretix's times carry). */
int64_t px_time(int year, int month, int day, int hour, int minute, int second,
                int us);

struct px_variation {
    int64_t id;
    bool active;
    const char *price; /* NULL: the item's price, as the exporter writes */
    const char *name;  /* str(variation): its label, "M" */
    const char *description;
    int64_t position;
    bool checkin_attention, require_approval, require_membership;
    int64_t available_from, available_until; /* datetimes */
    bool hide_without_voucher;
};

struct px_item {
    int64_t id, position;
    const char *name;
    const char *internal_name; /* str(): NULL is written "None" */
    int64_t category;
    const char *price, *tax_rate;
    const char *tax_name; /* NULL: no tax rule, null */
    bool admission, personalized, active;
    const char *description;
    int64_t available_from, available_until; /* datetimes */
    bool require_voucher, hide_without_voucher, allow_cancel, require_bundling;
    int64_t min_per_order, max_per_order;
    bool checkin_attention;
    const char *original_price;
    bool issue_giftcard, require_membership;
    struct px_variation **variations;
    int nvariations, cap;
};

struct px_question {
    int64_t id;
    const char *identifier;
    bool required;
    const char *question;
    int64_t position;
    bool hidden, ask_during_checkin;
    const char *help_text;
    const char *type; /* "S" text, "T" multi-line, "B" yes/no, "C" choice */
};

struct px_answer {
    int64_t question;
    const char *answer;
};

struct px_position {
    int64_t id, positionid, item, variation, subevent;
    const char *seat; /* a seat GUID, or NULL */
    const char *price, *tax_rate, *tax_value;
    const char *attendee_name; /* the built name; NULL when none */
    const char *attendee_email, *company, *street, *zipcode, *country, *state;
    const char *secret;
    int64_t addon_to;
    int64_t valid_from, valid_until; /* datetimes */
    const char *blocked[4];          /* reasons ("admin"); none: null */
    struct px_answer answers[16];
    int nanswers;
};

struct px_fee {
    const char *type, *description, *value;
};

struct px_order {
    const char *code;
    char status; /* 'n', 'p', 'e', 'c' */
    const char *customer;
    bool testmode;
    const char *email; /* written as "user" and "email" */
    const char *phone; /* str(): NULL is written "None" */
    const char *locale, *comment;
    int64_t custom_followup_at; /* a date: microseconds of its midnight */
    bool require_approval, checkin_attention;
    const char *sales_channel;
    int64_t expires, datetime;
    struct px_fee fees[4];
    int nfees;
    const char *total; /* NULL: the positions' and fees' sum */
    struct px_position **positions;
    int npositions, cap;
    struct px_event *event;
};

struct px_quota {
    int64_t id, size; /* size PX_NULL: unlimited */
    int64_t subevent;
    int64_t items[32], variations[32];
    int nitems, nvariations;
};

struct px_category {
    int64_t id;
    const char *name, *description;
    int64_t position;
    const char *internal_name; /* not str()'d: NULL is null */
};

struct px_subevent {
    int64_t id;
    const char *name, *location;
    int64_t date_from, date_to, date_admission;
    bool is_public;
};

struct px_event {
    const char *name, *slug, *organizer_name, *organizer_slug;
    struct px_category **categories;
    struct px_item **items;
    struct px_question **questions;
    struct px_order **orders;
    struct px_quota **quotas;
    struct px_subevent **subevents;
    int ncategories, nitems, nquestions, norders, nquotas, nsubevents;
    int cap[6];
    char **strings; /* copies the event owns */
    int nstrings, capstrings;
};

/* A new event with the exporter's defaults; NULL when out of memory. */
struct px_event *px_event_new(const char *name, const char *slug);
void px_free(struct px_event *e);

/* A copy of `s` that the event frees (for a name built in a buffer). */
const char *px_str(struct px_event *e, const char *s);

struct px_category *px_category(struct px_event *e, int64_t id,
                                const char *name);
/* An item at `price` ("10.00"); category 0 is none. */
struct px_item *px_item(struct px_event *e, int64_t id, const char *name,
                        bool admission, const char *price);
struct px_variation *px_variation(struct px_item *it, int64_t id,
                                  const char *name);
struct px_question *px_question(struct px_event *e, int64_t id,
                                const char *identifier, const char *question,
                                const char *type);
/* A quota of `size` seats (PX_NULL: unlimited) on the items and
 * variations given, each list ended by 0. */
struct px_quota *px_quota(struct px_event *e, int64_t id, int64_t size,
                          const int64_t *items, const int64_t *variations);
struct px_order *px_order(struct px_event *e, const char *code, char status,
                          const char *email);
/* A position of `item` (`variation` 0: none) priced as the item or
 * variation is, an add-on of position `addon_to` (0: none), with a
 * secret made from its id. */
struct px_position *px_position(struct px_order *o, int64_t id, int64_t item,
                                int64_t variation, const char *attendee_name,
                                int64_t addon_to);
void px_answer(struct px_position *p, int64_t question, const char *answer);

/* Write the export to `path`, mode 0600; 0 on success. */
int px_write(const struct px_event *e, const char *path);

#endif
