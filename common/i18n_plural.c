/* A catalogue's plural rule, its header's "Plural-Forms: nplurals=2;
 * plural=(n != 1);", evaluated for a count (issue 53): the kiosk's and
 * the phones' pages say counts in the attendee's language, read from its
 * catalogue by common/i18n_in.c, not by glibc.  The rule is C's syntax as
 * the GNU gettext manual gives it ("Plural forms"): n, whole numbers,
 * parentheses, ! * / % + - < > <= >= == != && || and ?:.  Anything else
 * is no rule, and the first form is said. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"

struct rule {
    const char *p;
    unsigned long n;
    bool bad;
    int depth;
};

static unsigned long ternary(struct rule *r);

static void blanks(struct rule *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n')
        r->p++;
}

static bool take(struct rule *r, const char *op)
{
    blanks(r);
    size_t k = strlen(op);
    if (strncmp(r->p, op, k))
        return false;
    /* "<" is not "<=", "!" is not "!=", "=" alone is not an operator. */
    if (k == 1 && strchr("<>!", op[0]) && r->p[1] == '=')
        return false;
    r->p += k;
    return true;
}

static unsigned long primary(struct rule *r)
{
    blanks(r);
    if (++r->depth > 64) {
        r->bad = true;
        return 0;
    }
    unsigned long v = 0;
    if (take(r, "!")) {
        v = !primary(r);
    } else if (take(r, "(")) {
        v = ternary(r);
        if (!take(r, ")"))
            r->bad = true;
    } else if (*r->p == 'n') {
        r->p++;
        v = r->n;
    } else if (*r->p >= '0' && *r->p <= '9') {
        char *end;
        v = strtoul(r->p, &end, 10);
        r->p = end;
    } else {
        r->bad = true;
    }
    r->depth--;
    return v;
}

static unsigned long product(struct rule *r)
{
    unsigned long v = primary(r);
    for (;;) {
        if (take(r, "*")) {
            v *= primary(r);
        } else if (take(r, "/") || take(r, "%")) {
            bool mod = r->p[-1] == '%';
            unsigned long d = primary(r);
            if (!d) {
                r->bad = true;
                return 0;
            }
            v = mod ? v % d : v / d;
        } else {
            return v;
        }
    }
}

static unsigned long sum(struct rule *r)
{
    unsigned long v = product(r);
    for (;;) {
        if (take(r, "+"))
            v += product(r);
        else if (take(r, "-"))
            v -= product(r);
        else
            return v;
    }
}

static unsigned long relation(struct rule *r)
{
    unsigned long v = sum(r);
    for (;;) {
        if (take(r, "<="))
            v = v <= sum(r);
        else if (take(r, ">="))
            v = v >= sum(r);
        else if (take(r, "<"))
            v = v < sum(r);
        else if (take(r, ">"))
            v = v > sum(r);
        else
            return v;
    }
}

static unsigned long equality(struct rule *r)
{
    unsigned long v = relation(r);
    for (;;) {
        if (take(r, "=="))
            v = v == relation(r);
        else if (take(r, "!="))
            v = v != relation(r);
        else
            return v;
    }
}

static unsigned long conjunction(struct rule *r)
{
    unsigned long v = equality(r);
    while (take(r, "&&")) {
        unsigned long w = equality(r);
        v = v && w;
    }
    return v;
}

static unsigned long disjunction(struct rule *r)
{
    unsigned long v = conjunction(r);
    while (take(r, "||")) {
        unsigned long w = conjunction(r);
        v = v || w;
    }
    return v;
}

static unsigned long ternary(struct rule *r)
{
    unsigned long c = disjunction(r);
    if (!take(r, "?"))
        return c;
    unsigned long a = ternary(r);
    if (!take(r, ":")) {
        r->bad = true;
        return 0;
    }
    unsigned long b = ternary(r);
    return c ? a : b;
}

int i18n_plural_form(const char *header, unsigned long n)
{
    const char *f = header ? strstr(header, "Plural-Forms:") : NULL;
    const char *np = f ? strstr(f, "nplurals=") : NULL;
    const char *pl = f ? strstr(f, "plural=") : NULL;
    if (!np || !pl)
        return n != 1; /* no rule: the Germanic one, as gettext's */
    long forms = strtol(np + 9, NULL, 10);
    struct rule r = {pl + 7, n, false, 0};
    unsigned long v = ternary(&r);
    if (!take(&r, ";") && *r.p && *r.p != '\n')
        r.bad = true;
    if (r.bad || forms < 1 || v >= (unsigned long)forms)
        return 0;
    return (int)v;
}
