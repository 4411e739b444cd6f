/* A CSV line that is a whole record, split as libcsv splits it (its
 * CSV_STRICT, its default spaces): spaces and tabs around a field and
 * around a quoted field's quotes are not part of it, "" in a quoted field
 * is one quote, and a line of nothing but spaces is no record.  Any other
 * line is left to libcsv, which also says what is wrong with it.  Held to
 * libcsv's own answers on random lines by test_csv_plain. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csv_plain.h"

/* The fields a line may have here; a longer line goes to libcsv. */
#define PLAIN_FIELDS 64

struct plain_field {
    const char *p;
    size_t n;
    bool doubled; /* quoted, with "" in it */
};

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* The field at `p` (its leading spaces skipped) into *f; where it ends
 * (its comma or `stop`), or NULL for a field libcsv is to read: a quote
 * not closed on this line or with text after it, or a quote inside an
 * unquoted field. */
static const char *plain_field(const char *p, const char *stop,
                               struct plain_field *f)
{
    while (p < stop && is_blank(*p))
        p++;
    if (p < stop && *p == '"') {
        const char *q = p + 1;
        f->doubled = false;
        while ((q = memchr(q, '"', (size_t)(stop - q))) && q + 1 < stop &&
               q[1] == '"') {
            f->doubled = true;
            q += 2;
        }
        if (!q)
            return NULL;
        f->p = p + 1;
        f->n = (size_t)(q - f->p);
        for (q++; q < stop && is_blank(*q);)
            q++;
        return q == stop || *q == ',' ? q : NULL;
    }
    const char *comma = memchr(p, ',', (size_t)(stop - p));
    const char *b = comma ? comma : stop;
    if (memchr(p, '"', (size_t)(b - p)))
        return NULL;
    f->p = p;
    f->doubled = false;
    while (b > p && is_blank(b[-1]))
        b--;
    f->n = (size_t)(b - p);
    return comma ? comma : stop;
}

enum csv_plain csv_plain_split(const char *line, size_t n,
                               void (*field)(void *, size_t, void *),
                               void (*record)(int, void *), void *user)
{
    if (!n || line[n - 1] != '\n')
        return CSV_PLAIN_NOT;
    size_t end = n - 1;
    if (end && line[end - 1] == '\r')
        end--;
    if (memchr(line, '\r', end))
        return CSV_PLAIN_NOT;
    const char *p = line, *stop = line + end;
    while (p < stop && is_blank(*p))
        p++;
    if (p == stop)
        return CSV_PLAIN_DONE;
    struct plain_field f[PLAIN_FIELDS];
    int nf = 0;
    for (p = line;; p++) {
        if (nf == PLAIN_FIELDS || !(p = plain_field(p, stop, &f[nf++])))
            return CSV_PLAIN_NOT;
        if (p == stop)
            break;
    }
    for (int i = 0; i < nf; i++) {
        if (!f[i].doubled) {
            field((void *)f[i].p, f[i].n, user);
            continue;
        }
        char *one = malloc(f[i].n), *o = one;
        if (!one)
            return CSV_PLAIN_NOMEM;
        for (size_t k = 0; k < f[i].n; k++)
            if ((*o++ = f[i].p[k]) == '"')
                k++;
        field(one, (size_t)(o - one), user);
        free(one);
    }
    record('\n', user);
    return CSV_PLAIN_DONE;
}
