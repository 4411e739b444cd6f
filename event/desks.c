/* The partition of the registration desks (see desks.h): reading and
 * checking [desks], keeping it, and which desk a person queues at.  Not
 * for the triage station's rules (station/kind_triage.c) nor for what it
 * says (runtime/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/desks.h"
#include "checkin/i18n.h"
#include "checkin/text.h"

#define NLETTERS 26

/* The desk named `name`, added when new; NULL when there is no room. */
static struct desk *desk_named(struct desk_plan *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->desks[i].name, name))
            return &p->desks[i];
    if (p->n == DESKS_MAX)
        return NULL;
    struct desk *d = &p->desks[p->n++];
    snprintf(d->name, sizeof(d->name), "%s", name);
    return d;
}

static int upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static bool is_letter(int c)
{
    return c >= 'A' && c <= 'Z';
}

/* "A-F", "Q" (either case) into the letters' mask; false otherwise. */
static bool letters_of(const char *w, uint32_t *mask)
{
    size_t n = strlen(w);
    int a = upper((unsigned char)w[0]);
    int b = n == 3 ? upper((unsigned char)w[2]) : a;
    if (!(n == 1 || (n == 3 && w[1] == '-')) || !is_letter(a) ||
        !is_letter(b) || b < a)
        return false;
    *mask = 0;
    for (int c = a; c <= b; c++)
        *mask |= 1u << (c - 'A');
    return true;
}

void desks_ranges(uint32_t mask, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < NLETTERS && used < cap; i++) {
        if (!(mask & (1u << i)))
            continue;
        int j = i;
        while (j + 1 < NLETTERS && (mask & (1u << (j + 1))))
            j++;
        int w = j > i ? snprintf(out + used, cap - used, "%s%c-%c",
                                 used ? ", " : "", 'A' + i, 'A' + j)
                      : snprintf(out + used, cap - used, "%s%c",
                                 used ? ", " : "", 'A' + i);
        if (w < 0)
            break;
        used += (size_t)w;
        i = j;
    }
}

static bool known_type(const char *w, const char *const *types, int ntypes)
{
    if (!types)
        return true;
    for (int i = 0; i < ntypes; i++)
        if (!strcmp(types[i], w))
            return true;
    return false;
}

/* The desk already given ticket type `w`, or NULL. */
static const struct desk *type_desk(const struct desk_plan *p, const char *w)
{
    for (int i = 0; i < p->n; i++)
        for (int k = 0; k < p->desks[i].ntypes; k++)
            if (!strcmp(p->desks[i].types[k], w))
                return &p->desks[i];
    return NULL;
}

/* One word of desk `d`'s line: letters or a ticket type. */
static int desk_word(struct desk_plan *p, struct desk *d, const char *w,
                     const char *const *types, int ntypes,
                     const struct event_line *at)
{
    uint32_t mask;
    if (letters_of(w, &mask)) {
        for (int i = 0; i < p->n; i++)
            if (&p->desks[i] != d && (p->desks[i].letter_mask & mask)) {
                char both[80];
                desks_ranges(p->desks[i].letter_mask & mask, both,
                             sizeof(both));
                if (strlen(both) > 1)
                    return ck_fail(at->err, CK_EINVAL,
                                   "%s:%d: [desks]: %s are at desk %s "
                                   "already; give each letter to one desk. "
                                   "Nothing was saved.",
                                   at->path, at->line, both, p->desks[i].name);
                return ck_fail(at->err, CK_EINVAL,
                               "%s:%d: [desks]: %s is at desk %s already; "
                               "give each letter to one desk. Nothing was "
                               "saved.",
                               at->path, at->line, both, p->desks[i].name);
            }
        d->letter_mask |= mask;
        return CK_OK;
    }
    if (!known_type(w, types, ntypes)) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: [desks]: '%s' is neither letters (A-F, or one "
                       "letter) nor a ticket type of this event; write "
                       "letters as A-F or give a [ticket-type SLUG]'s slug. "
                       "Nothing was saved.",
                       at->path, at->line, w);
    }
    const struct desk *o = type_desk(p, w);
    if (o) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: [desks]: ticket type %s is at desk %s "
                       "already; give each ticket type to one desk. Nothing "
                       "was saved.",
                       at->path, at->line, w, o->name);
    }
    if (d->ntypes == DESK_TYPES_MAX || strlen(w) >= sizeof(d->types[0])) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: [desks]: desk %s has too many ticket types; "
                       "give it at most 16. Nothing was saved.",
                       at->path, at->line, d->name);
    }
    snprintf(d->types[d->ntypes++], sizeof(d->types[0]), "%s", w);
    return CK_OK;
}

static int desk_line(struct desk_plan *p, const struct desks_line *l,
                     const char *const *types, int ntypes,
                     const struct event_line *at)
{
    if (!l->key[0] || strlen(l->key) >= DESK_NAME_CAP || strchr(l->key, ';')) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: [desks]: a desk's name is 1 to 40 characters "
                       "without ';'; rename '%.60s'. Nothing was saved.",
                       at->path, at->line, l->key);
    }
    bool other = !strcmp(l->key, "other");
    if (other || !strcmp(l->key, "pre-printed")) {
        char *to = other ? p->other : p->preprinted;
        if (to[0] || !l->value[0] || strlen(l->value) >= DESK_NAME_CAP ||
            strchr(l->value, ';')) {
            return ck_fail(at->err, CK_EINVAL,
                           "%s:%d: [desks]: '%s' names one desk, once (as in "
                           "%s = 3); fix it. Nothing was saved.",
                           at->path, at->line, l->key, l->key);
        }
        snprintf(to, DESK_NAME_CAP, "%s", l->value);
        return CK_OK;
    }
    struct desk *d = desk_named(p, l->key);
    if (!d) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: [desks]: [desks] names more than %d desks; "
                       "merge some. Nothing was saved.",
                       at->path, at->line, DESKS_MAX);
    }
    const char *q = l->value;
    int words = 0;
    while (*q) {
        q += strspn(q, " ,\t");
        size_t n = strcspn(q, " ,\t");
        if (!n)
            break;
        char w[64];
        snprintf(w, sizeof(w), "%.*s", (int)(n < 63 ? n : 63), q);
        q += n;
        words++;
        int code = desk_word(p, d, w, types, ntypes, at);
        if (code)
            return code;
    }
    if (!words) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: [desks]: desk %s has no letters or ticket "
                       "types; give it some (as in %s = A-F) or leave it "
                       "out. Nothing was saved.",
                       at->path, at->line, l->key, l->key);
    }
    desks_ranges(d->letter_mask, d->letters, sizeof(d->letters));
    return CK_OK;
}

int desks_parse(const struct desks_line *lines, int n, const char *const *types,
                int ntypes, struct desk_plan *out, const char *path,
                struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    uint32_t all = 0;
    for (int i = 0; i < n; i++) {
        const struct event_line at = {path, lines[i].line, "", err};
        int code = desk_line(out, &lines[i], types, ntypes, &at);
        if (code)
            return code;
    }
    for (int i = 0; i < out->n; i++)
        all |= out->desks[i].letter_mask;
    int last = n ? lines[n - 1].line : 0;
    const uint32_t every = (1u << NLETTERS) - 1;
    if (all && all != every) {
        char missing[80];
        desks_ranges(every & ~all, missing, sizeof(missing));
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: [desks]: no desk has the letters %s; give them "
                       "to a desk, as every family name needs one. Nothing "
                       "was saved.",
                       path, last, missing);
    }
    if (all && !out->other[0]) {
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: [desks]: a name in another script needs a "
                       "desk; add 'other = DESK' naming it. Nothing was "
                       "saved.",
                       path, last);
    }
    return CK_OK;
}

int desks_load(store *s, struct desk_plan *out, bool *found,
               struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    char text[8192];
    int code = store_setting_get(s, DESKS_SETTING, text, sizeof(text), found,
                                 N_("reading the event's desks"), err);
    if (code || !*found)
        return code;
    struct desks_line lines[DESKS_MAX * 2 + 2];
    int n = 0;
    for (char *l = text; l && n < (int)(sizeof(lines) / sizeof(lines[0]));) {
        char *next = strstr(l, "; ");
        if (next) {
            *next = '\0';
            next += 2;
        }
        char *eq = strstr(l, " = ");
        if (eq) {
            *eq = '\0';
            lines[n] =
                (struct desks_line){.key = l, .value = eq + 3, .line = n + 1};
            n++;
        }
        l = next;
    }
    if (desks_parse(lines, n, NULL, 0, out, store_path(s), NULL))
        return ck_fail(err, CK_EINVAL,
                       "The event's desks cannot be read; load the event "
                       "description again with checkin event.");
    return CK_OK;
}

/* Latin letters that no decomposition takes to A-Z, in their folded
 * (lower-case) form, and the letter each sorts under. */
static const struct {
    const char *utf8;
    char letter;
} OWN_LETTERS[] = {
    {"\xc3\xb8", 'O'}, /* ø */
    {"\xc3\xa6", 'A'}, /* æ */
    {"\xc5\x93", 'O'}, /* œ */
    {"\xc3\x9f", 'S'}, /* ß (folded to "ss" by most folds) */
    {"\xc5\x82", 'L'}, /* ł */
    {"\xc4\x91", 'D'}, /* đ */
    {"\xc3\xb0", 'D'}, /* ð */
    {"\xc3\xbe", 'T'}, /* þ */
    {"\xc4\xb1", 'I'}, /* ı */
    {"\xc4\xa7", 'H'}, /* ħ */
    {"\xc5\x8b", 'N'}, /* ŋ */
};

char desks_letter(const char *name)
{
    char *f = name ? text_fold(name, strlen(name)) : NULL;
    if (!f)
        return 0;
    /* What a name may open with before its first letter: "'t Hooft",
     * "(Bob)". */
    const char *p = f + strspn(f, " '\"()-.,0123456789\xe2\x80\x99");
    char letter = 0;
    if (*p >= 'a' && *p <= 'z')
        letter = (char)upper((unsigned char)*p);
    for (size_t i = 0;
         !letter && i < sizeof(OWN_LETTERS) / sizeof(*OWN_LETTERS); i++)
        if (!strncmp(p, OWN_LETTERS[i].utf8, strlen(OWN_LETTERS[i].utf8)))
            letter = OWN_LETTERS[i].letter;
    free(f);
    return letter;
}

enum desk_by desks_route(const struct desk_plan *p, const char *sort_name,
                         const char *type, char *desk, char *letters)
{
    desk[0] = letters[0] = '\0';
    const struct desk *d = type ? type_desk(p, type) : NULL;
    if (d) {
        snprintf(desk, DESK_NAME_CAP, "%s", d->name);
        return DESK_BY_TYPE;
    }
    char c = desks_letter(sort_name);
    for (int i = 0; c && i < p->n; i++)
        if (p->desks[i].letter_mask & (1u << (c - 'A'))) {
            snprintf(desk, DESK_NAME_CAP, "%s", p->desks[i].name);
            snprintf(letters, 80, "%s", p->desks[i].letters);
            return DESK_BY_LETTER;
        }
    if (p->other[0]) {
        snprintf(desk, DESK_NAME_CAP, "%s", p->other);
        return DESK_BY_OTHER;
    }
    return DESK_BY_NONE;
}
