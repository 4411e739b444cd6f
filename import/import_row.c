/* A registration row made storable: its fields cleaned (control and
 * text-direction characters, lengths), checked (ticket id, order code,
 * status, ticket type, email, consent, secrets, tutorials) and its badge
 * name composed, each refusal or change reported through the importer;
 * then the row's fingerprint (what says "unchanged" on a re-import) and
 * its folded search key.  What is stored, and how, is import.c's. */
#include <glib.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/text.h"
#include "import_priv.h"

#define MAX_SECRET_LEN 128
/* A badge name longer than this many characters is shortened on the badge
 * (the whole name stays in the store, searchable). */
#define BADGE_NAME_CHARS MAX_FIELD_CHARS
/* Beyond this many bytes even the stored name is cut (a 5 KB "name" is
 * kept whole; a megabyte is not a name). */
#define MAX_NAME_BYTES 16384

/* Clean an optional text field; returns false (and reports) if hostile. */
static bool clean(struct importer *im, long line, char *s, const char *what)
{
    if (!s)
        return true;
    /* Printable ASCII passes each check below unchanged, and its length
     * is its bytes: one pass, where the checks took four (a ticket, an
     * order code and an email a row). */
    size_t len = strlen(s);
    if (text_is_clean_ascii(s, len) && len <= MAX_FIELD_CHARS)
        return true;
    if (!g_utf8_validate(s, -1, NULL)) {
        importer_reject(
            im, line,
            &(struct import_note){.why = IMPORT_NOT_UTF8, .field = what});
        return false;
    }
    if (!text_clean_field(s)) {
        importer_reject(
            im, line,
            &(struct import_note){.why = IMPORT_CONTROL_CHARS, .field = what});
        return false;
    }
    if (text_length(s) > MAX_FIELD_CHARS) {
        importer_reject(im, line,
                        &(struct import_note){.why = IMPORT_FIELD_TOO_LONG,
                                              .field = what,
                                              .n = MAX_FIELD_CHARS});
        return false;
    }
    return true;
}

static bool parse_consent(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "y", "true", "1", "on"};
    static const char *const no[] = {"no", "n", "false", "0", "off", ""};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (!g_ascii_strcasecmp(v, yes[i]))
            return *out = true, true;
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (!g_ascii_strcasecmp(v, no[i]))
            return *out = false, true;
    return false;
}

bool import_secret_valid(const char *s, size_t n)
{
    if (n < 4 || n > MAX_SECRET_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(s[i]) && !strchr("-_.:+/=", s[i]))
            return false;
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static bool split_secrets(struct importer *im, struct reg_row *r,
                          struct clean_row *c)
{
    char *p = r->secrets;
    while (p && *p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        size_t n = (size_t)(e - p);
        if (!import_secret_valid(p, n)) {
            char bad[41];
            snprintf(bad, sizeof(bad), "%.*s", (int)(n > 40 ? 40 : n), p);
            importer_reject(im, r->line,
                            &(struct import_note){.why = IMPORT_SECRET_BAD,
                                                  .value = bad,
                                                  .n = MAX_SECRET_LEN});
            return false;
        }
        if (c->nsecrets == IMPORT_MAX_SECRETS) {
            importer_reject(im, r->line,
                            &(struct import_note){.why = IMPORT_SECRETS_MANY,
                                                  .n = IMPORT_MAX_SECRETS});
            return false;
        }
        c->secrets[c->nsecrets++] = p;
        if (*e)
            *e++ = '\0';
        p = e;
    }
    if (c->nsecrets == 0) {
        importer_reject(im, r->line,
                        &(struct import_note){.why = IMPORT_SECRET_EMPTY});
        return false;
    }
    qsort(c->secrets, (size_t)c->nsecrets, sizeof(char *), cmp_str);
    return true;
}

static bool split_tutorials(struct importer *im, struct reg_row *r,
                            struct clean_row *c)
{
    for (int i = 0; i < r->ntutorial_ids; i++)
        c->tuts[c->ntuts++] = r->tutorial_ids[i];
    char *p = r->tutorials;
    while (p && *p) {
        while (*p && strchr(" \t,;", *p))
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && !strchr(" \t,;", *e))
            e++;
        char save = *e;
        *e = '\0';
        int64_t id = importer_tutorial_id(im, p);
        if (!id) {
            /* As pretix's unmapped add-ons: the person is imported, the
             * tutorial left out, and said. */
            importer_warn(im, r->line,
                          &(struct import_note){.why = IMPORT_TUTORIAL_UNKNOWN,
                                                .value = p});
            *e = save;
            p = e;
            continue;
        }
        bool again = false;
        for (int i = 0; i < c->ntuts && !again; i++)
            again = c->tuts[i] == id;
        if (!again && c->ntuts == IMPORT_MAX_TUTORIALS) {
            /* The person is imported; the extra tutorials are said. */
            importer_warn(im, r->line,
                          &(struct import_note){.why = IMPORT_TUTORIALS_MANY,
                                                .value = p,
                                                .n = IMPORT_MAX_TUTORIALS});
            *e = save;
            break;
        }
        if (!again)
            c->tuts[c->ntuts++] = id;
        *e = save;
        p = e;
    }
    qsort(c->tuts, (size_t)c->ntuts, sizeof(int64_t), cmp_i64);
    /* Drop duplicates so the fingerprint is canonical. */
    int w = 0;
    for (int i = 0; i < c->ntuts; i++)
        if (w == 0 || c->tuts[w - 1] != c->tuts[i])
            c->tuts[w++] = c->tuts[i];
    c->ntuts = w;
    return true;
}

/* Cut `s` in place after `chars` characters (at a space when one is near
 * the end); returns whether it was cut. */
static bool cut_chars(char *s, size_t chars)
{
    size_t n = 0;
    char *p = s;
    while (*p && n < chars) {
        p = g_utf8_next_char(p);
        n++;
    }
    if (!*p)
        return false;
    char *space = p;
    while (space > s && space[-1] != ' ' && p - space < 16)
        space--;
    if (space > s && space[-1] == ' ' && p - space < 16)
        p = space - 1;
    *p = '\0';
    return true;
}

/* Make a name-like field storable, never refusing the registration for
 * it: remove what no name may hold (bytes that are not UTF-8, control and
 * text-direction characters), make white space single spaces, and cut
 * what is beyond all reason, each with a warning naming the field. */
static void clean_name(struct importer *im, long line, char *s,
                       const char *what, size_t max_chars)
{
    if (!s)
        return;
    size_t len = strlen(s);
    /* Printable ASCII, short enough, is left as it is by every step
     * below (no escape, control or doubled space; its characters are its
     * bytes): five fields a row, 2,000 instructions (callgrind). */
    if (text_is_clean_ascii(s, len) && len <= MAX_NAME_BYTES &&
        (!max_chars || len <= max_chars))
        return;
    if (len > MAX_NAME_BYTES) {
        char *p = s + MAX_NAME_BYTES;
        while (p > s && ((unsigned char)*p & 0xc0) == 0x80)
            p--;
        *p = '\0';
        importer_warn(im, line,
                      &(struct import_note){.why = IMPORT_BYTES_CUT,
                                            .field = what,
                                            .n = (long long)len,
                                            .m = (long long)(p - s)});
        len = (size_t)(p - s);
    }
    /* A terminal escape sequence goes whole ("ESC [31m"), not only its
     * ESC: "[31m" is no part of a name. */
    size_t seqs = text_strip_escapes(s, len);
    if (seqs)
        len = strlen(s);
    size_t removed = 0;
    if (!text_clean_field(s)) {
        removed = text_strip_unsafe(s, len);
        if (!text_clean_field(s))
            s[0] = '\0'; /* cannot happen: nothing unsafe is left */
    }
    if (seqs)
        importer_warn(im, line,
                      &(struct import_note){.why = IMPORT_ESCAPES_REMOVED,
                                            .field = what,
                                            .value = s,
                                            .n = (long long)seqs,
                                            .flag = removed > 0});
    else if (removed)
        importer_warn(im, line,
                      &(struct import_note){.why = IMPORT_CONTROLS_REMOVED,
                                            .field = what,
                                            .value = s,
                                            .n = (long long)removed});
    if (max_chars && text_length(s) > max_chars) {
        size_t was = text_length(s);
        cut_chars(s, max_chars);
        importer_warn(im, line,
                      &(struct import_note){.why = IMPORT_CHARS_CUT,
                                            .field = what,
                                            .n = (long long)was,
                                            .m = (long long)max_chars});
    }
}

/* Append `s` (NULL: nothing) to the string of `used` bytes in `buf`, cut
 * at `cap` - 1 bytes as snprintf cuts; the new length.  snprintf's format
 * parsing was 3% of an import's instructions. */
static size_t append_cut(char *buf, size_t cap, size_t used, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > cap - 1 - used)
        n = cap - 1 - used;
    memcpy(buf + used, s ? s : "", n);
    buf[used + n] = '\0';
    return used + n;
}

bool import_validate(struct importer *im, struct reg_row *r,
                     struct clean_row *c)
{
    long line = r->line;
    if (!clean(im, line, r->ticket_id, "ticket_id") ||
        !clean(im, line, r->order_code, "order_code") ||
        !clean(im, line, r->email, "email"))
        return false;
    /* Names never cost a paid registration its place. */
    clean_name(im, line, r->given_name, "given_name", 0);
    clean_name(im, line, r->family_name, "family_name", 0);
    clean_name(im, line, r->badge_name, "badge_name", 0);
    clean_name(im, line, r->pronouns, "pronouns", MAX_FIELD_CHARS);
    clean_name(im, line, r->company, "company", MAX_FIELD_CHARS);
    if (import_empty(r->ticket_id)) {
        importer_reject(im, line,
                        &(struct import_note){.why = IMPORT_TICKET_EMPTY});
        return false;
    }
    if (import_empty(r->order_code)) {
        importer_reject(im, line,
                        &(struct import_note){.why = IMPORT_ORDER_CODE_EMPTY});
        return false;
    }
    if (!r->status || order_status_parse(r->status, &c->status)) {
        importer_reject(
            im, line,
            &(struct import_note){.why = IMPORT_STATUS_BAD,
                                  .value = r->status ? r->status : ""});
        return false;
    }
    if (r->ticket_type_id) {
        c->type_id = r->ticket_type_id;
    } else {
        int64_t id = importer_type_id(im, r->ticket_type);
        if (!id) {
            importer_reject(im, line,
                            &(struct import_note){
                                .why = IMPORT_TYPE_UNKNOWN,
                                .value = r->ticket_type ? r->ticket_type : ""});
            return false;
        }
        c->type_id = id;
    }
    /* The badge name: as given, else the given and family names; a long
     * one shortened for the badge, the whole name kept searchable in
     * given_name when nothing else holds it. */
    char full[4 * MAX_FIELD_CHARS + 2];
    size_t used = 0;
    full[0] = '\0';
    if (import_empty(r->badge_name)) {
        used = append_cut(full, sizeof(full), used, r->given_name);
        if (!import_empty(r->given_name) && !import_empty(r->family_name))
            used = append_cut(full, sizeof(full), used, " ");
        append_cut(full, sizeof(full), used, r->family_name);
    } else {
        append_cut(full, sizeof(full), used, r->badge_name);
    }
    if (text_length(full) > BADGE_NAME_CHARS) {
        size_t was =
            !import_empty(r->badge_name)
                ? text_length(r->badge_name)
                : (r->given_name ? text_length(r->given_name) : 0) +
                      (r->family_name ? text_length(r->family_name) : 0) +
                      (!import_empty(r->given_name) &&
                       !import_empty(r->family_name));
        if (import_empty(r->given_name) && import_empty(r->family_name))
            r->given_name = r->badge_name;
        cut_chars(full, BADGE_NAME_CHARS);
        snprintf(c->badge_name, sizeof(c->badge_name), "%s\u2026", full);
        importer_warn(im, line,
                      &(struct import_note){.why = IMPORT_BADGE_CUT,
                                            .value = c->badge_name,
                                            .n = (long long)was});
    } else {
        memcpy(c->badge_name, full, strlen(full) + 1);
    }
    if (!c->badge_name[0])
        importer_warn(im, line, &(struct import_note){.why = IMPORT_NO_NAME});
    if (!import_empty(r->email) &&
        (!strchr(r->email, '@') || strchr(r->email, ' '))) {
        importer_reject(
            im, line,
            &(struct import_note){.why = IMPORT_EMAIL_BAD, .value = r->email});
        return false;
    }
    if (!parse_consent(r->consent ? r->consent : "", &c->consent)) {
        importer_reject(im, line,
                        &(struct import_note){.why = IMPORT_CONSENT_BAD,
                                              .value = r->consent});
        return false;
    }
    return split_secrets(im, r, c) && split_tutorials(im, r, c);
}

size_t import_i64_text(int64_t v, char out[24])
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t len = 0;
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

/* The fingerprint's input, gathered and given to BLAKE2b a kilobyte at a
 * time: an update call for each field, and snprintf for its numbers, were
 * a quarter of the fingerprint's instructions (callgrind, 10,000 rows).
 * The hash of the bytes is the same however they are cut, so fingerprints
 * stored by earlier imports still match. */
struct fp_input {
    crypto_generichash_state h;
    size_t n;
    unsigned char buf[1024];
};

static void fp_bytes(struct fp_input *f, const void *p, size_t n)
{
    if (f->n + n > sizeof(f->buf)) {
        crypto_generichash_update(&f->h, f->buf, f->n);
        f->n = 0;
        if (n > sizeof(f->buf)) {
            crypto_generichash_update(&f->h, p, n);
            return;
        }
    }
    memcpy(f->buf + f->n, p, n);
    f->n += n;
}

/* A field: its bytes (none for NULL), then the unit separator. */
static void hash_field(struct fp_input *f, const char *s)
{
    static const unsigned char sep = 0x1f;
    if (s)
        fp_bytes(f, s, strlen(s));
    fp_bytes(f, &sep, 1);
}

static void hash_number(struct fp_input *f, int64_t v)
{
    char num[24];
    fp_bytes(f, num, import_i64_text(v, num));
}

void import_fingerprint(const struct reg_row *r, const struct clean_row *c,
                        unsigned char out[16])
{
    struct fp_input f;
    f.n = 0;
    crypto_generichash_init(&f.h, NULL, 0, 16);
    hash_field(&f, r->order_code);
    hash_field(&f, order_status_str(c->status));
    hash_field(&f, r->whole_name ? NULL : r->given_name);
    hash_field(&f, r->family_name);
    hash_field(&f, c->badge_name);
    hash_field(&f, r->pronouns);
    hash_field(&f, r->company);
    hash_field(&f, r->email);
    /* The ticket type and consent as "%lld/%d" */
    hash_number(&f, c->type_id);
    hash_field(&f, c->consent ? "/1" : "/0");
    if (r->testmode) /* only then: earlier fingerprints stay the same */
        hash_field(&f, "testmode");
    /* A search key holding a default-ignorable character (a zero-width
     * space) was folded with it before text_fold left them out: such a
     * row alone counts as changed once, so that a re-import writes its
     * key anew; every other row stays "unchanged". */
    if (text_has_ignorable(r->given_name) ||
        text_has_ignorable(r->family_name) ||
        text_has_ignorable(c->badge_name) || text_has_ignorable(r->company) ||
        text_has_ignorable(r->email))
        hash_field(&f, "--fold-ignorable");
    for (int i = 0; i < c->nsecrets; i++)
        hash_field(&f, c->secrets[i]);
    hash_field(&f, "--");
    for (int i = 0; i < c->ntuts; i++) {
        hash_number(&f, c->tuts[i]);
        hash_field(&f, "");
    }
    /* Only when there are any, as with the items below. */
    if (r->addon_secrets && *r->addon_secrets) {
        hash_field(&f, "--addon-codes");
        hash_field(&f, r->addon_secrets);
    }
    /* What pretix says at the door (issue 49), only when it says
     * something: an export without it keeps its fingerprints.  Not the
     * order's locale, which every pretix order has: an export imported
     * before stays "unchanged", and a registration's locale is stored
     * with its next change. */
    const struct reg_door *d = r->door;
    if (d && (d->blocked || d->has_from || d->has_until || d->attention[0] ||
              d->seat[0])) {
        hash_field(&f, "--door");
        hash_field(&f, d->blocked ? d->blocked_why : "");
        hash_number(&f, d->has_from ? d->valid_from_ms : -1);
        hash_field(&f, "");
        hash_number(&f, d->has_until ? d->valid_until_ms : -1);
        hash_field(&f, "");
        hash_field(&f, d->attention);
        hash_field(&f, d->seat);
    }
    /* A CSV's locale column, only when it names one: a file without
     * it keeps its fingerprints. */
    if (r->locale && *r->locale) {
        hash_field(&f, "--locale");
        hash_field(&f, r->locale);
    }
    /* Only when there are any, so that an export re-imported after the
     * upgrade to lists still says "unchanged" (docs/admission.md). */
    if (r->nitems || r->nanswers)
        hash_field(&f, "--items");
    for (int i = 0; i < r->nitems; i++) {
        hash_field(&f, r->items[i].position);
        hash_field(&f, r->items[i].item);
        hash_field(&f, r->items[i].variation);
        hash_field(&f, r->items[i].variation_name);
    }
    for (int i = 0; i < r->nanswers; i++) {
        hash_field(&f, r->answers[i].question);
        hash_field(&f, r->answers[i].label);
        hash_field(&f, r->answers[i].answer);
    }
    crypto_generichash_update(&f.h, f.buf, f.n);
    crypto_generichash_final(&f.h, out, 16);
}

/* The folded search key: text_search_key of the badge name, the names,
 * email, company, order code and ticket id.  A door's file keeps one made
 * of the name fields alone (sync.c, door_search_key).
 *
 * Most badge names are the given and family names joined by a space, or
 * one of them alone (a pretix attendee name), and folding (NFKD, case
 * folding) was a fifth of an import's CPU, half of it folding the same
 * names twice.  A space is a starter that no decomposition, reordering or
 * case mapping crosses, and fold collapses the white space around it, so
 * such a badge name folds to the names' folds joined by a space: each
 * name is folded once (text_search_key_composed).  Anything else takes
 * text_search_key itself. */
char *import_search_key(const struct reg_row *r, const struct clean_row *c)
{
    const char *parts[] = {c->badge_name, r->given_name, r->family_name,
                           r->email,      r->company,    r->order_code,
                           r->ticket_id};
    const size_t n = sizeof(parts) / sizeof(parts[0]);
    const char *given = r->given_name ? r->given_name : "";
    const char *family = r->family_name ? r->family_name : "";
    if ((!*given && !*family) ||
        !import_is_composed(c->badge_name, given, family))
        return text_search_key(parts, n);
    return text_search_key_composed(parts, n);
}

bool import_is_composed(const char *badge, const char *given,
                        const char *family)
{
    size_t g = strlen(given);
    if (!*given || !*family)
        return !strcmp(badge, *given ? given : family);
    return !strncmp(badge, given, g) && badge[g] == ' ' &&
           !strcmp(badge + g + 1, family);
}

/* The codes' English names, for programs and logs: never changed, never
 * translated. */
static const char *const WHY_NAMES[IMPORT_WHY_COUNT] = {
    [IMPORT_NOT_UTF8] = "not_utf8",
    [IMPORT_CONTROL_CHARS] = "control_characters",
    [IMPORT_FIELD_TOO_LONG] = "field_too_long",
    [IMPORT_SECRET_BAD] = "secret_bad",
    [IMPORT_SECRETS_MANY] = "secrets_too_many",
    [IMPORT_SECRET_EMPTY] = "secret_empty",
    [IMPORT_SECRET_TAKEN] = "secret_taken",
    [IMPORT_POSITION_TWICE] = "position_twice",
    [IMPORT_TICKET_TWICE] = "ticket_twice",
    [IMPORT_NEW_NEEDS_COLUMNS] = "new_needs_columns",
    [IMPORT_CANCEL_NEEDS_SECRET] = "cancel_needs_secret",
    [IMPORT_FIELDS_COUNT] = "fields_count",
    [IMPORT_NUL_BYTE] = "nul_byte",
    [IMPORT_DESK_TICKET] = "desk_ticket_id",
    [IMPORT_ITEM_NOT_LISTED] = "item_not_listed",
    [IMPORT_ORDER_EMPTY] = "order_empty",
    [IMPORT_NO_ITEM] = "position_no_item",
    [IMPORT_TICKET_EMPTY] = "ticket_id_empty",
    [IMPORT_ORDER_CODE_EMPTY] = "order_code_empty",
    [IMPORT_STATUS_BAD] = "status_bad",
    [IMPORT_TYPE_UNKNOWN] = "ticket_type_unknown",
    [IMPORT_EMAIL_BAD] = "email_bad",
    [IMPORT_CONSENT_BAD] = "consent_bad",
    [IMPORT_LOCALE_BAD] = "locale_bad",
    [IMPORT_LOCALE_UNTRANSLATED] = "locale_untranslated",
    [IMPORT_TIME_BAD] = "time_bad",
    [IMPORT_ITEM_NOT_MAPPED] = "item_not_mapped",
    [IMPORT_ADDON_CODE_BAD] = "addon_code_bad",
    [IMPORT_ADDON_CODES_MANY] = "addon_codes_too_many",
    [IMPORT_LIST_NO_ITEM] = "list_item_missing",
    [IMPORT_LIST_NO_VARIATION] = "list_variation_missing",
    [IMPORT_STOCK_NO_VARIATION] = "stock_variation_missing",
    [IMPORT_NAME_FROM_ORDER] = "name_from_order",
    [IMPORT_ADDON_TUTORIALS_MANY] = "addon_tutorials_too_many",
    [IMPORT_TUTORIAL_UNKNOWN] = "tutorial_unknown",
    [IMPORT_TUTORIALS_MANY] = "tutorials_too_many",
    [IMPORT_BYTES_CUT] = "bytes_cut",
    [IMPORT_ESCAPES_REMOVED] = "escapes_removed",
    [IMPORT_CONTROLS_REMOVED] = "controls_removed",
    [IMPORT_CHARS_CUT] = "characters_cut",
    [IMPORT_BADGE_CUT] = "badge_name_cut",
    [IMPORT_NO_NAME] = "no_name",
    [IMPORT_EXPORT_OLDER] = "export_older",
};

const char *import_why_name(enum import_why why)
{
    return (unsigned)why < IMPORT_WHY_COUNT && WHY_NAMES[why] ? WHY_NAMES[why]
                                                              : "?";
}
