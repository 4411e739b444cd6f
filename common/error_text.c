/* An error said in the language spoken: ck_fail's format looked up in
 * the catalogue (po/: the rooms po/ERROR-ROOMS lists have theirs
 * extracted, docs/translating.md) and said with the arguments ck_fail
 * kept.  A format not translated, or an error whose msg was written
 * otherwise, is said as msg, the English. */
#include "checkin/error.h"
#include "checkin/i18n.h"

#include <stdio.h>
#include <string.h>

const char *ck_error_text(const struct ck_error *e, char *buf, size_t cap)
{
    if (!e)
        return "";
    /* "" looks up the catalogue's header: never a sentence. */
    if (e->fmt && e->fmt[0] && buf && cap) {
        /* A count's sentence (ck_failn): the catalogue's form for it. */
        const char *t =
            e->fmt_pl ? ngettext(e->fmt, e->fmt_pl, e->count) : gettext(e->fmt);
        if (t == e->fmt || t == e->fmt_pl || !strcmp(t, e->fmt))
            return e->msg;
        /* A wrapper (ck_wrap) says the error it holds in its language
         * too: that error's own translation in its place. */
        struct ck_error in;
        char said[sizeof(in.msg) * 2];
        if (!ck_error_inner(e, &in)) {
            const char *it = ck_error_text(&in, said, sizeof(said));
            if (!ck_error_render_with(e, t, it, buf, cap))
                return buf;
        }
        if (!ck_error_render(e, t, buf, cap))
            return buf;
    }
    return e->msg;
}

void ck_error_say(const struct ck_error *e, char *out, size_t cap)
{
    if (!out || !cap)
        return;
    const char *said = ck_error_text(e, out, cap);
    if (said != out)
        snprintf(out, cap, "%s", said);
}
