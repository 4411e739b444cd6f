/* The generic CSV importer (docs/import-formats.md): RFC 4180 parsing with
 * libcsv, columns found by header name, one reg_row per record handed to the
 * import engine.  libcsv does not count lines, so the file is fed one
 * physical line at a time and each record's first line is worked out from
 * the line breaks inside its first field. */
#include <csv.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/buf.h"
#include "checkin/i18n.h"
#include "checkin/vec.h"
#include "csv_plain.h"
#include "import_priv.h"

/* As many columns as a spreadsheet holds (LibreOffice Calc and Excel:
 * 16,384); pretix's and spreadsheets' CSV exports have 100 and more. */
#define MAX_FIELDS 16384

enum col {
    C_TICKET_ID,
    C_ORDER,
    C_STATUS,
    C_TYPE,
    C_SECRET,
    C_GIVEN,
    C_FAMILY,
    C_BADGE,
    C_PRONOUNS,
    C_COMPANY,
    C_EMAIL,
    C_TUTORIALS,
    C_CONSENT,
    C_LOCALE,
    C_COUNT
};

static const char *const COLUMN[C_COUNT] = {
    "ticket_id",  "order_code",  "status",          "ticket_type", "secret",
    "given_name", "family_name", "badge_name",      "pronouns",    "company",
    "email",      "tutorials",   "sponsor_consent", "locale",
};

static const unsigned ABSENT_BIT[C_COUNT] = {
    [C_TICKET_ID] = 0,           [C_ORDER] = REG_ORDER,
    [C_STATUS] = REG_STATUS,     [C_TYPE] = REG_TYPE,
    [C_SECRET] = REG_SECRETS,    [C_GIVEN] = REG_GIVEN,
    [C_FAMILY] = REG_FAMILY,     [C_BADGE] = REG_BADGE,
    [C_PRONOUNS] = REG_PRONOUNS, [C_COMPANY] = REG_COMPANY,
    [C_EMAIL] = REG_EMAIL,       [C_TUTORIALS] = REG_TUTORIALS,
    [C_CONSENT] = REG_CONSENT,   [C_LOCALE] = 0,
};

struct ctx {
    struct importer *im;
    struct ck_error *err;
    const char *path;
    long line;        /* physical line being fed, 1-based */
    long record_line; /* first line of the record being built */
    long next_start;  /* the line after the last complete record */
    int nfields;
    size_t *off; /* start of each field in text */
    size_t off_cap;
    struct ck_buf text; /* the record's fields, each ending in a NUL */
    bool too_many, has_nul, header_done;
    int ncols;        /* fields in the header */
    int col[C_COUNT]; /* field index of each column, -1 if absent */
    unsigned absent;  /* REG_* of the columns the header lacks */
    int code;         /* fatal error: stop */
    /* The event description's [csv] map (docs/import-formats.md,
     * "Another system's CSV"): the file's header for each column (NULL:
     * the column's own name), and its words for statuses and ticket
     * types, folded, to checkin's. */
    char *header[C_COUNT];
    GHashTable *statuses, *types;
};

/* `s` trimmed of spaces and folded to lower case, for comparing words
 * of another system; the caller frees it. */
static char *fold(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return g_ascii_strdown(s, (gssize)n);
}

/* Each comma-separated word of `words` into `map`, to `to`. */
static void add_words(GHashTable *map, const char *words, const char *to)
{
    const char *p = words;
    while (*p) {
        size_t n = strcspn(p, ",");
        char *w = fold(p, n);
        if (*w)
            g_hash_table_insert(map, w, g_strdup(to));
        else
            g_free(w);
        p += n + (p[n] == ',');
    }
}

/* Read the [csv] map from the event's settings. */
static int load_map(struct ctx *c)
{
    c->statuses =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    store *s = importer_store(c->im);
    sqlite3_stmt *q;
    int code = store_prepare(s,
                             "SELECT key, value FROM setting WHERE key LIKE "
                             "'csv.%' ORDER BY key",
                             NULL, &q, N_("reading the [csv] map"), c->err);
    if (code)
        return code;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        const char *v = (const char *)sqlite3_column_text(q, 1);
        if (!k || !v)
            continue;
        if (!strncmp(k, "csv.column.", 11)) {
            for (int i = 0; i < C_COUNT; i++)
                if (!strcmp(k + 11, COLUMN[i])) {
                    g_free(c->header[i]);
                    c->header[i] = g_strdup(v);
                }
        } else if (!strncmp(k, "csv.status.", 11))
            add_words(c->statuses, v, k + 11);
        else if (!strncmp(k, "csv.ticket_type.", 16))
            add_words(c->types, v, k + 16);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE
               ? CK_OK
               : store_sqlite_fail(s, rc, N_("reading the [csv] map"), c->err);
}

static void map_free(struct ctx *c)
{
    for (int i = 0; i < C_COUNT; i++)
        g_free(c->header[i]);
    if (c->statuses)
        g_hash_table_destroy(c->statuses);
    if (c->types)
        g_hash_table_destroy(c->types);
}

/* `v` as the [csv] map `map` says (its word for checkin's, copied to
 * `buf`, which the engine may clean in place), else as it is. */
static char *mapped(GHashTable *map, char *v, char *buf, size_t cap)
{
    if (!v || !g_hash_table_size(map))
        return v;
    char *w = fold(v, strlen(v));
    const char *to = g_hash_table_lookup(map, w);
    g_free(w);
    if (!to)
        return v;
    snprintf(buf, cap, "%s", to);
    return buf;
}

static long count_breaks(const char *s, size_t n)
{
    long k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            k++;
    return k;
}

static void on_field(void *data, size_t len, void *user)
{
    struct ctx *c = user;
    if (c->code)
        return;
    if (c->nfields == 0)
        c->record_line = c->line - count_breaks(data, len);
    if (c->nfields == MAX_FIELDS) {
        c->too_many = true;
        return;
    }
    size_t held = (size_t)c->nfields;
    if (!CK_VEC_ROOM(c->off, held, 1, c->off_cap)) {
        c->code =
            ck_fail(c->err, CK_ENOMEM, "Out of memory reading %s.", c->path);
        return;
    }
    if (data && memchr(data, '\0', len))
        c->has_nul = true;
    size_t at = c->text.len;
    if (!ck_buf_add(&c->text, data, len) || !ck_buf_addc(&c->text, '\0')) {
        c->code =
            ck_fail(c->err, CK_ENOMEM, "Out of memory reading %s.", c->path);
        return;
    }
    c->off[c->nfields++] = at;
}

static char *field(struct ctx *c, enum col k)
{
    int i = c->col[k];
    if (i < 0 || i >= c->nfields)
        return NULL;
    return c->text.p + c->off[i];
}

static void read_header(struct ctx *c)
{
    for (int k = 0; k < C_COUNT; k++)
        c->col[k] = -1;
    if ((c->code = load_map(c)))
        return;
    for (int i = 0; i < c->nfields; i++) {
        char *name = c->text.p + c->off[i];
        while (*name == ' ')
            name++;
        size_t n = strlen(name);
        while (n && name[n - 1] == ' ')
            n--;
        for (int k = 0; k < C_COUNT; k++) {
            const char *want = c->header[k] ? c->header[k] : COLUMN[k];
            if (strlen(want) != n || strncasecmp(name, want, n) != 0)
                continue;
            if (c->col[k] >= 0) {
                c->code = ck_fail(c->err, CK_EINVAL,
                                  "%s:%ld: the header names column '%s' "
                                  "twice; keep one.",
                                  c->path, c->record_line, COLUMN[k]);
                return;
            }
            c->col[k] = i;
        }
    }
    /* A header the [csv] map names is the file's: one it lacks is a
     * mistake in the map or the wrong file. */
    for (int k = 0; k < C_COUNT; k++)
        if (c->header[k] && c->col[k] < 0) {
            c->code = ck_fail(c->err, CK_EINVAL,
                              "%s:%ld: the header has no column '%.80s', "
                              "which the event's [csv] section gives for "
                              "%s; fix that line of the event description "
                              "(then 'checkin event') or import the file "
                              "that system exported.",
                              c->path, c->record_line, c->header[k], COLUMN[k]);
            return;
        }
    /* Only the ticket id is needed to match a row; a column the file
     * lacks is kept as stored (docs/import-formats.md, "Files with some
     * of the columns"), and a new registration lacking one is refused
     * row by row in the engine. */
    if (c->col[C_TICKET_ID] < 0) {
        c->code = ck_fail(c->err, CK_EINVAL,
                          "%s:%ld: the header has no 'ticket_id' column; "
                          "every row is matched on it (see "
                          "docs/import-formats.md for the columns).",
                          c->path, c->record_line);
        return;
    }
    char names[256] = "";
    size_t used = 0;
    for (int k = 0; k < C_COUNT; k++) {
        /* A file without a language keeps the stored one, as the other
         * columns, but it is no column a registration system must have:
         * the summary does not name it. */
        if (c->col[k] >= 0 || k == C_LOCALE)
            continue;
        c->absent |= ABSENT_BIT[k];
        int n = snprintf(names + used, sizeof(names) - used, "%s%s",
                         used ? ", " : "", COLUMN[k]);
        if (n > 0 && (size_t)n < sizeof(names) - used)
            used += (size_t)n;
    }
    importer_note_absent(c->im, names);
    c->ncols = c->nfields;
    c->header_done = true;
}

/* Whether `s` is written as a language tag or a locale name: two or
 * three letters, then parts of one to eight letters or digits after '-'
 * or '_' ("pt-br", "de-informal", "zh_Hant_TW"), then a ".charset" and an
 * "@modifier" ("ja_JP.UTF-8", "sr_RS@latin"), in all fewer than 32
 * bytes (a registration's locale is stored in 32). */
static bool locale_well_formed(const char *s)
{
    size_t n = strlen(s), i = 0;
    if (n >= sizeof(((struct reg_door *)0)->locale))
        return false;
    while (g_ascii_isalpha(s[i]))
        i++;
    if (i < 2 || i > 3)
        return false;
    while (s[i] == '-' || s[i] == '_') {
        size_t k = ++i;
        while (g_ascii_isalnum(s[i]))
            i++;
        if (i == k || i - k > 8)
            return false;
    }
    if (s[i] == '.') {
        size_t k = ++i;
        while (g_ascii_isalnum(s[i]) || s[i] == '-')
            i++;
        if (i == k)
            return false;
    }
    if (s[i] == '@') {
        size_t k = ++i;
        while (g_ascii_isalnum(s[i]))
            i++;
        if (i == k)
            return false;
    }
    return s[i] == '\0';
}

/* The row's `locale` cell, trimmed: itself when checkin can say that
 * person's verdict in it; kept with a warning when it names a language
 * checkin has no catalogue of (the station's language is used, and a
 * later catalogue will be); dropped with a warning ("" : none stored)
 * when it is no locale at all.  NULL when the file has no such column. */
static const char *row_locale(struct ctx *c)
{
    char *v = field(c, C_LOCALE);
    if (!v)
        return NULL;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
        v[--n] = '\0';
    if (!*v)
        return v;
    char lang[16];
    if (!locale_well_formed(v)) {
        importer_warn(
            c->im, c->record_line,
            &(struct import_note){.why = IMPORT_LOCALE_BAD, .value = v});
        return "";
    }
    if (!*i18n_lang_for(v, lang, sizeof(lang)))
        importer_warn(c->im, c->record_line,
                      &(struct import_note){.why = IMPORT_LOCALE_UNTRANSLATED,
                                            .value = v});
    return v;
}

static void on_record(int term, void *user)
{
    struct ctx *c = user;
    (void)term;
    if (c->code)
        goto reset;
    bool blank = true;
    for (int i = 0; i < c->nfields && blank; i++)
        blank = c->text.p[c->off[i]] == '\0';
    if (c->nfields == 0 || (blank && c->nfields == 1))
        goto reset;
    if (!c->header_done) {
        if (c->too_many)
            c->code = ck_fail(c->err, CK_EINVAL,
                              "%s:%ld: the header has more than %d columns; "
                              "export only the columns checkin reads (see "
                              "docs/import-formats.md).",
                              c->path, c->record_line, MAX_FIELDS);
        else
            read_header(c);
        goto reset;
    }
    if (c->too_many || c->nfields != c->ncols) {
        importer_reject(c->im, c->record_line,
                        &(struct import_note){.why = IMPORT_FIELDS_COUNT,
                                              .n = c->nfields,
                                              .m = c->ncols,
                                              .flag = c->too_many});
        goto reset;
    }
    if (c->has_nul) {
        importer_reject(c->im, c->record_line,
                        &(struct import_note){.why = IMPORT_NUL_BYTE});
        goto reset;
    }
    char status[16], type[64];
    struct reg_row r = {
        .line = c->record_line,
        .ticket_id = field(c, C_TICKET_ID),
        .order_code = field(c, C_ORDER),
        .status =
            mapped(c->statuses, field(c, C_STATUS), status, sizeof(status)),
        .ticket_type = mapped(c->types, field(c, C_TYPE), type, sizeof(type)),
        .secrets = field(c, C_SECRET),
        .given_name = field(c, C_GIVEN),
        .family_name = field(c, C_FAMILY),
        .badge_name = field(c, C_BADGE),
        .pronouns = field(c, C_PRONOUNS),
        .company = field(c, C_COMPANY),
        .email = field(c, C_EMAIL),
        .tutorials = field(c, C_TUTORIALS),
        .consent = field(c, C_CONSENT),
        .locale = row_locale(c),
        .absent = c->absent,
    };
    c->code = importer_row(c->im, &r, c->err);
reset:
    c->next_start = c->line + 1;
    c->nfields = 0;
    ck_buf_clear(&c->text);
    c->too_many = c->has_nul = false;
}

/* A line that is a whole record is split without libcsv, which reads a
 * byte at a time through its state machine: about 5,600 instructions a
 * row of import_bench's CSV (10% of the import's, callgrind).  True when
 * it was (c->code set if memory ran out). */
static bool plain_line(struct ctx *c, const char *line, size_t n)
{
    switch (csv_plain_split(line, n, on_field, on_record, c)) {
    case CSV_PLAIN_NOT:
        return false;
    case CSV_PLAIN_NOMEM:
        c->code =
            ck_fail(c->err, CK_ENOMEM, "Out of memory reading %s.", c->path);
        return true;
    case CSV_PLAIN_DONE:
        break;
    }
    return true;
}

/* Feed one physical line (with its line break) to the parser; a plain
 * line at the start of a record is split without it (plain_line). */
static bool feed(struct ctx *c, struct csv_parser *p, const char *line,
                 size_t n)
{
    c->line++;
    if (p->pstate == 0 && p->entry_pos == 0 && plain_line(c, line, n))
        return !c->code;
    if (csv_parse(p, line, n, on_field, on_record, c) != n) {
        c->code = ck_fail(c->err, CK_EINVAL,
                          "%s:%ld: the CSV quoting is broken (a quote "
                          "inside an unquoted field, or text after a "
                          "closing quote); fix the line and import again.",
                          c->path, c->line);
        return false;
    }
    return !c->code;
}

/* The bytes of the UTF-8 byte order marks `s` (`n` bytes) opens with:
 * a spreadsheet writes one, and a file saved again by another may get a
 * second, which would otherwise be part of the first column's name. */
static size_t boms(const char *s, size_t n)
{
    size_t at = 0;
    while (n - at >= 3 && !memcmp(s + at, "\xef\xbb\xbf", 3))
        at += 3;
    return at;
}

/* The bytes of a file read at once (see read_lines). */
#define CSV_READ (256 * 1024)

/* Feed the lines of file `f` (`len` bytes long) to the parser.  A file is
 * read CSV_READ bytes at a time and split at its line feeds here: only a
 * read's bytes, the longest line and the record being built are in
 * memory.  getline read it through stdio's 4 KB buffer, 34,440 reads at
 * 1,000,000 rows (strace) where these are 1,097. */
static void read_lines(struct ctx *c, struct csv_parser *p, FILE *f, size_t len)
{
    struct ck_buf b = {0}; /* b.len bytes read and not yet fed */
    size_t pos = 0;
    bool eof = false;
    while (!c->code && (!eof || b.len)) {
        if (!eof) {
            /* After a line longer than a read, the room grows with it. */
            char *at = ck_buf_room(&b, CSV_READ);
            if (!at) {
                c->code = ck_fail(c->err, CK_ENOMEM,
                                  "Out of memory reading %s.", c->path);
                break;
            }
            size_t got = fread(at, 1, CSV_READ, f);
            b.len += got;
            b.p[b.len] = '\0';
            eof = got < CSV_READ;
        }
        size_t at = 0;
        while (at < b.len && !c->code) {
            const char *nl = memchr(b.p + at, '\n', b.len - at);
            if (!nl && !eof)
                break; /* the rest of the line comes with the next read */
            size_t n = nl ? (size_t)(nl - (b.p + at)) + 1 : b.len - at;
            size_t skip = pos ? 0 : boms(b.p + at, n);
            pos += n;
            bool ok = feed(c, p, b.p + at + skip, n - skip);
            at += n;
            if (ok && (c->line & 1023) == 0)
                importer_progress(c->im, pos, len);
        }
        memmove(b.p, b.p + at, b.len - at);
        b.len -= at;
        b.p[b.len] = '\0';
    }
    if (!c->code && ferror(f))
        c->code = ck_fail(c->err, CK_EIO, "Reading %s failed; check the disk.",
                          c->path);
    ck_buf_free(&b);
}

int import_csv(struct importer *im, const char *path, const char *data,
               size_t len, FILE *f, struct ck_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    struct ctx c = {.im = im, .err = err, .path = path};
    size_t pos = 0;
    if (data) {
        pos = boms(data, len);
        while (pos < len) {
            const char *nl = memchr(data + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
            bool ok = feed(&c, &p, data + pos, n);
            pos += n;
            if (!ok)
                break;
            if ((c.line & 1023) == 0)
                importer_progress(im, pos, len);
        }
    } else if (fseek(f, 0, SEEK_SET)) {
        c.code = ck_fail(err, CK_EIO, "Reading %s failed: %s.", path,
                         strerror(errno));
    } else {
        read_lines(&c, &p, f, len);
    }
    if (!c.code && csv_fini(&p, on_field, on_record, &c) != 0)
        c.code = ck_fail(err, CK_EINVAL,
                         "%s:%ld: a quoted field is never closed; add the "
                         "missing quote and import again.",
                         path, c.next_start ? c.next_start : 1);
    if (!c.code && !c.header_done)
        c.code = ck_fail(err, CK_EINVAL,
                         "%s is empty; it needs a header row and one row per "
                         "attendee.",
                         path);
    importer_progress(im, len, len);
    csv_free(&p);
    ck_buf_free(&c.text);
    free(c.off);
    map_free(&c);
    return c.code;
}
