/* The still-needs items and line in words (see needs_text.h): every
 * sentence of them is here, through gettext, so that the terminal, the
 * JSON lines, the web pages and `checkin attendees` say them alike. */
#include "checkin/needs_text.h"

#include <stdio.h>
#include <string.h>

#include "checkin/i18n.h"

/* An open item's format: where to get it or what is still to do. */
static const char *open_fmt(const struct needs_item *it)
{
    bool v = it->variation[0], w = it->where[0];
    switch (it->what) {
    case NEEDS_BADGE:
        /* TRANSLATORS: a pre-printed badge's box label ("L-M"), then
         * its number in the box. */
        return it->state == NEEDS_IN_BOX ? N_("Badge: box %s, #%s")
                                         : N_("Badge: at the registration "
                                              "desk");
    case NEEDS_TUTORIAL:
        /* TRANSLATORS: %s is a tutorial's title. */
        return N_("Ticket for %s: at the registration desk");
    case NEEDS_LIST:
        /* TRANSLATORS: what a counter hands ("T-shirt"), its size or
         * kind ("M"), then where: a room or the counters' names. */
        return v && w ? N_("%s %s: at %s")
               : v    ? "%s %s"
               : w    ? N_("%s: at %s")
                      : "%s";
    case NEEDS_LIST_TODAY:
        /* TRANSLATORS: a list admitted to once a day ("Lunch"), then
         * where: a room or the counters' names. */
        return w ? N_("%s today: at %s") : N_("%s today");
    case NEEDS_ACKNOWLEDGEMENT:
        /* TRANSLATORS: an acknowledgement's title ("Code of Conduct")
         * the person has yet to give. */
        return N_("%s: to acknowledge");
    case NEEDS_BALANCE:
        /* TRANSLATORS: %s is the order's code. */
        return N_("Order %s: not paid");
    default:
        return "%s";
    }
}

/* A done item's format: what, and the station that did it. */
static const char *done_fmt(const struct needs_item *it)
{
    bool v = it->variation[0], w = it->where[0];
    switch (it->what) {
    case NEEDS_BADGE:
        /* TRANSLATORS: %s is the station that gave the badge. */
        return w ? N_("Badge (%s)") : N_("Badge");
    case NEEDS_TUTORIAL:
        /* TRANSLATORS: a tutorial's title, then the station that printed
         * its ticket. */
        return N_("Ticket for %s (%s)");
    case NEEDS_LIST:
        /* TRANSLATORS: what was handed ("T-shirt"), its size ("M"), then
         * the counter that handed it. */
        return v ? N_("%s %s (%s)") : "%s (%s)";
    case NEEDS_LIST_TODAY:
        /* TRANSLATORS: a list admitted to once a day ("Lunch"), then the
         * station that admitted them today. */
        return N_("%s today (%s)");
    default:
        return "%s";
    }
}

void needs_item_say(const struct needs_item *it, struct needs_say *out)
{
    memset(out, 0, sizeof(*out));
    bool open = needs_open(it);
    out->fmt = open ? open_fmt(it) : done_fmt(it);
    const char **a = out->args;
    int n = 0;
    if (it->what == NEEDS_BADGE && it->state == NEEDS_IN_BOX) {
        snprintf(out->number, sizeof(out->number), "%ld", it->position);
        a[n++] = it->where;
        a[n++] = out->number;
    } else if (it->what == NEEDS_BALANCE) {
        a[n++] = it->where;
    } else if (it->what != NEEDS_BADGE) {
        a[n++] = it->title;
        if (it->variation[0] &&
            (it->what == NEEDS_LIST || it->what == NEEDS_LIST_TODAY) &&
            strstr(out->fmt, "%s %s"))
            a[n++] = it->variation;
        if (it->where[0] && it->what != NEEDS_ACKNOWLEDGEMENT &&
            (!open || it->what != NEEDS_TUTORIAL))
            a[n++] = it->where;
    } else if (!open && it->where[0]) {
        a[n++] = it->where;
    }
    out->nargs = n;
}

/* `fmt` with each "%s" (or "%N$s", N from 1, as a translation may
 * order them) replaced by the next (or Nth) of `args`: the formats here
 * take only strings, and a catalogue's are checked by msgfmt --check. */
static void fill(const char *fmt, const char *const *args, int nargs, char *out,
                 size_t cap)
{
    size_t len = 0;
    int next = 0;
    for (const char *p = fmt; *p && len + 1 < cap; p++) {
        const char *arg = NULL;
        if (p[0] == '%' && p[1] == 's') {
            arg = next < nargs ? args[next] : "";
            next++;
            p++;
        } else if (p[0] == '%' && p[1] >= '1' && p[1] <= '3' && p[2] == '$' &&
                   p[3] == 's') {
            int k = p[1] - '1';
            arg = k < nargs ? args[k] : "";
            p += 3;
        } else if (p[0] == '%' && p[1] == '%') {
            p++;
        }
        if (!arg) {
            out[len++] = *p;
            continue;
        }
        size_t k = strlen(arg);
        if (k > cap - 1 - len)
            k = cap - 1 - len;
        memcpy(out + len, arg, k);
        len += k;
    }
    out[len] = '\0';
}

const char *needs_item_text(const struct needs_item *it, char *out, size_t cap)
{
    struct needs_say s;
    needs_item_say(it, &s);
    if (cap)
        fill(_(s.fmt), s.args, s.nargs, out, cap);
    return out;
}

/* Append the phrases of the items open (or done) to `out` at *len. */
static void phrases(const struct needs_item *items, size_t n, bool open,
                    char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++) {
        if (needs_open(&items[i]) != open)
            continue;
        char one[512];
        needs_item_text(&items[i], one, sizeof(one));
        int k = snprintf(out + len, cap - len, "%s%s", len ? "; " : "", one);
        len += k > 0 ? (size_t)k : 0;
    }
}

const char *needs_line(const struct needs_item *items, size_t n, bool open_only,
                       char *out, size_t cap)
{
    char open[NEEDS_LINE_CAP], done[NEEDS_LINE_CAP];
    phrases(items, n, true, open, sizeof(open));
    phrases(items, n, false, done, sizeof(done));
    char a[NEEDS_LINE_CAP + 64] = "", b[NEEDS_LINE_CAP + 64] = "";
    if (open[0])
        /* TRANSLATORS: what the event still owes the person and what
         * they still owe it, "; "-separated. */
        snprintf(a, sizeof(a), _("Still needs: %s."), open);
    else if (n)
        snprintf(a, sizeof(a), "%s", _("Nothing more is needed."));
    if (done[0] && !open_only)
        /* TRANSLATORS: what was given or redeemed already, and where,
         * "; "-separated. */
        snprintf(b, sizeof(b), _("Done: %s."), done);
    snprintf(out, cap, "%s%s%s", a, a[0] && b[0] ? " " : "", b);
    return out;
}

json_t *needs_json(const struct needs_item *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        const struct needs_item *it = &items[i];
        char text[512];
        json_t *o =
            json_pack("{s:s,s:s,s:s,s:s}", "what", needs_what_token(it->what),
                      "state", needs_state_token(it->state), "title", it->title,
                      "text", needs_item_text(it, text, sizeof(text)));
        if (o && it->slug[0])
            json_object_set_new(o, "slug", json_string(it->slug));
        if (o && it->variation[0])
            json_object_set_new(o, "variation", json_string(it->variation));
        if (o && it->where[0])
            json_object_set_new(o, "where", json_string(it->where));
        if (o && it->state == NEEDS_IN_BOX)
            json_object_set_new(o, "position", json_integer(it->position));
        if (o && it->at_ms)
            json_object_set_new(o, "at_ms", json_integer(it->at_ms));
        json_array_append_new(a, o);
    }
    return a;
}
