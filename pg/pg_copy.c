/* A query read from the hub by COPY into results of libpq's own making,
 * a batch of rows at a time, so that what reads a table whole (a
 * station's first pull) takes each batch as any other query's rows
 * (pull.c) while the hub is still sending the next, and never holds the
 * whole table.  The streaming itself, within the thread's time limits, is
 * pg.c's pg_copy_out. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/buf.h"
#include "checkin/pg.h"

/* The rows of a COPY in its text format (PostgreSQL's documentation,
 * COPY, "Text Format"), gathered into a result of libpq's own making so
 * that the apply functions read them as any other: columns end at a tab,
 * the row at its newline, \N alone is NULL, and a backslash escapes the
 * character after it (\b \f \n \r \t \v, up to three octal digits,
 * \x and one or two hex digits; any other character stands for itself). */
struct copied {
    PGconn *pg;
    PGresult *r; /* the batch being filled */
    int fields;  /* columns of the first row; every row has as many */
    int rows;    /* a batch's rows */
    pg_copy_batch_fn batch;
    void *arg;
    struct ck_buf field; /* one field, decoded */
};

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Decode the field starting at line[*at] into cp->field (*n bytes, NUL
 * after them); *at moves past it and its tab; *null for \N. */
static int copy_field(struct copied *cp, const char *line, size_t len,
                      size_t *at, size_t *n, bool *null, struct ck_error *err)
{
    size_t i = *at;
    const char *tab = memchr(line + i, '\t', len - i);
    size_t end = tab ? (size_t)(tab - line) : len;
    ck_buf_clear(&cp->field);
    char *out = ck_buf_room(&cp->field, end - i);
    if (!out)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading the hub.");
    *null = end - i == 2 && line[i] == '\\' && line[i + 1] == 'N';
    size_t w = 0;
    /* Most fields hold no backslash: copied whole. */
    if (!*null && !memchr(line + i, '\\', end - i)) {
        memcpy(out, line + i, end - i);
        w = end - i;
        i = end;
    }
    while (!*null && i < end) {
        char ch = line[i++];
        if (ch != '\\' || i == end) {
            out[w++] = ch;
            continue;
        }
        ch = line[i++];
        switch (ch) {
        case 'b':
            out[w++] = '\b';
            break;
        case 'f':
            out[w++] = '\f';
            break;
        case 'n':
            out[w++] = '\n';
            break;
        case 'r':
            out[w++] = '\r';
            break;
        case 't':
            out[w++] = '\t';
            break;
        case 'v':
            out[w++] = '\v';
            break;
        case 'x': {
            int v = -1, d;
            for (int k = 0; k < 2 && i < end && (d = hex_digit(line[i])) >= 0;
                 k++, i++)
                v = (v < 0 ? 0 : v * 16) + d;
            out[w++] = v < 0 ? 'x' : (char)v;
            break;
        }
        default:
            if (ch >= '0' && ch <= '7') {
                int v = ch - '0';
                for (int k = 0;
                     k < 2 && i < end && line[i] >= '0' && line[i] <= '7';
                     k++, i++)
                    v = v * 8 + (line[i] - '0');
                out[w++] = (char)v;
            } else {
                out[w++] = ch;
            }
        }
    }
    out[w] = '\0';
    *n = cp->field.len = w;
    *at = end + 1;
    return CK_OK;
}

/* A new, empty batch of `fields` columns in cp->r. */
static int new_batch(struct copied *cp, int fields, struct ck_error *err)
{
    cp->r = PQmakeEmptyPGresult(cp->pg, PGRES_TUPLES_OK);
    PGresAttDesc *att = calloc((size_t)fields, sizeof(*att));
    if (!cp->r || !att) {
        free(att);
        return ck_fail(err, CK_ENOMEM, "Out of memory reading the hub.");
    }
    for (int k = 0; k < fields; k++)
        att[k].name = (char *)"?column?";
    int ok = PQsetResultAttrs(cp->r, fields, att);
    free(att);
    if (!ok)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading the hub.");
    return CK_OK;
}

/* Hand the rows gathered to the caller, then let them go. */
static int hand_over(struct copied *cp, struct ck_error *err)
{
    int code = cp->batch(cp->arg, cp->r, err);
    PQclear(cp->r);
    cp->r = NULL;
    return code;
}

static int copy_row(void *arg, const char *line, size_t len,
                    struct ck_error *err)
{
    struct copied *cp = arg;
    if (len > 0 && line[len - 1] == '\n')
        len--;
    int fields = 1;
    for (size_t i = 0; i < len; i++)
        fields += line[i] == '\t';
    if (!cp->fields)
        cp->fields = fields;
    if (!cp->r) {
        int code = new_batch(cp, cp->fields, err);
        if (code)
            return code;
    }
    if (fields != cp->fields)
        return ck_fail(err, CK_EINVAL,
                       "The hub sent a row of %d columns where the others "
                       "have %d; nothing of this pull was kept: run 'checkin "
                       "sync' again, and if it says so again the hub is not "
                       "one checkin made.",
                       fields, cp->fields);
    int row = PQntuples(cp->r);
    size_t at = 0;
    for (int k = 0; k < fields; k++) {
        size_t n = 0;
        bool null = false;
        int code = copy_field(cp, line, len, &at, &n, &null, err);
        if (code)
            return code;
        if (!PQsetvalue(cp->r, row, k, null ? NULL : cp->field.p,
                        null ? -1 : (int)n))
            return ck_fail(err, CK_ENOMEM, "Out of memory reading the hub.");
    }
    return row + 1 == cp->rows ? hand_over(cp, err) : CK_OK;
}

/* `sql` with $1 ... $n replaced by the values `v` as quoted literals,
 * inside COPY (...) TO STDOUT; caller frees.  NULL: out of memory. */
static char *copy_sql(PGconn *pg, const char *sql, const char *const *v, int n)
{
    char *lit[2] = {NULL, NULL};
    size_t need = strlen(sql) + 32;
    for (int k = 0; k < n && k < 2; k++) {
        lit[k] = PQescapeLiteral(pg, v[k], strlen(v[k]));
        if (!lit[k])
            goto fail;
        need += 2 * strlen(lit[k]);
    }
    char *out = malloc(need);
    if (!out)
        goto fail;
    size_t w = (size_t)snprintf(out, need, "COPY (");
    for (const char *p = sql; *p;) {
        int k = p[0] == '$' && p[1] >= '1' && p[1] <= '2' &&
                        !(p[2] >= '0' && p[2] <= '9')
                    ? p[1] - '1'
                    : -1;
        if (k >= 0 && k < n) {
            size_t l = strlen(lit[k]);
            memcpy(out + w, lit[k], l);
            w += l;
            p += 2;
        } else {
            out[w++] = *p++;
        }
    }
    snprintf(out + w, need - w, ") TO STDOUT");
    PQfreemem(lit[0]);
    PQfreemem(lit[1]);
    return out;
fail:
    PQfreemem(lit[0]);
    PQfreemem(lit[1]);
    return NULL;
}

int pg_copy_batches(PGconn *pg, const char *sql, const char *const *params,
                    int n, int rows, pg_copy_batch_fn batch, void *arg,
                    const char *what, struct ck_error *err)
{
    struct copied cp = {.pg = pg, .rows = rows, .batch = batch, .arg = arg};
    char *copy = copy_sql(pg, sql, params, n);
    int code = copy ? pg_copy_out(pg, copy, copy_row, &cp, what, err)
                    : ck_fail(err, CK_ENOMEM, "Out of memory.");
    /* The last rows, fewer than a batch: only once the COPY has ended
     * well, so that a table cut short is never taken as the whole. */
    if (!code && cp.r && PQntuples(cp.r) > 0)
        code = hand_over(&cp, err);
    PQclear(cp.r);
    free(copy);
    ck_buf_free(&cp.field);
    return code;
}
