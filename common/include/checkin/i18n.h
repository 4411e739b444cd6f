/* What people read, in their language: GNU gettext from glibc, the
 * "checkin" text domain, its catalogues compiled from po/ into the
 * build tree (when the command runs from there) or share/locale (when
 * installed).  _() marks and translates a sentence, N_() only marks one
 * for xgettext (a table's), ngettext() picks a count's form ("1 more in
 * order" / "4 more in order").  Machine output (JSON field names, reason
 * codes) never goes through these. */
#ifndef CHECKIN_I18N_H
#define CHECKIN_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "checkin/error.h"

#define CHECKIN_TEXTDOMAIN "checkin"
#define _(s) gettext(s)
#define N_(s) (s)
/* A counted text's two English forms in a table, as ngettext takes them
 * (xgettext: NN_:1,2), for a page that picks the form itself. */
#define NN_(one, many)                                                         \
    {                                                                          \
        (one), (many)                                                          \
    }

/* Bind the text domain to its catalogues and take the language from the
 * command line, else the locale: removes "--lang LANG" and "--lang=LANG"
 * from `argv` (before a "--"), as checkin_lang_set.  Call once, first,
 * before any thread starts.  CK_EINVAL with one sentence for a language
 * checkin has no catalogue of. */
int i18n_start(int *argc, char **argv, struct ck_error *err) CK_MUST_CHECK;

/* Speak `lang` ("es", "pt_BR", "en") from now on, whatever the locale:
 * glibc's LANGUAGE, with messages taken out of the "C" locale that would
 * ignore it.  CK_EINVAL with one sentence (naming the languages there
 * are) when `lang` is not a language name or has no catalogue.  Not
 * while other threads translate. */
int checkin_lang_set(const char *lang, struct ck_error *err) CK_MUST_CHECK;

/* Whether "--lang" was on the command line (i18n_start): a station
 * profile's language then gives way to it. */
bool checkin_lang_given(void);

/* The language set ("es", or the locale's when it is not installed:
 * "es_ES"), "" for the installed locale's or English. */
const char *checkin_lang(void);

/* A message in a context (xgettext's msgctxt, for a word that says
 * other things elsewhere: "May" the month): NC_() marks it for xgettext
 * and makes the catalogue's key, C_() translates it. */
#define NC_(ctx, s) (ctx "\004" s)
#define C_(ctx, s) i18n_pgettext(NULL, NC_(ctx, s))

/* `ctx_id`, an NC_() key, in language `lang`'s catalogue (NULL or "":
 * the language spoken, gettext's), else its English (after the \004). */
const char *i18n_pgettext(const char *lang, const char *ctx_id)
    __attribute__((format_arg(2)));

/* The abbreviation of day `wday` (0 Sunday) and of month `mon` (0
 * January) in language `lang` (NULL or "": the language spoken), as
 * i18n_date says them; "?" out of range.  For the pages, which get them
 * with their words (/api/messages). */
const char *i18n_weekday_name(const char *lang, int wday);
const char *i18n_month_name(const char *lang, int mon);

/* The order of a day in language `lang` (NULL or "": the language
 * spoken), the "date" context's pattern ("%1$s %2$d. %3$s": the day's
 * abbreviation, the day of the month, the month's abbreviation). */
const char *i18n_date_pattern(const char *lang);

/* What i18n_date writes of a day. */
enum i18n_day {
    I18N_WEEKDAY,  /* "Fri", "Fr" */
    I18N_DAY_MONTH /* "Fri 17 May", "Fr 17. Mai", "5月17日(金)" */
};

/* Day `tm` (its tm_wday, and tm_mday and tm_mon for I18N_DAY_MONTH)
 * into `out` (`cap` bytes) as `what` says, in the language spoken: the
 * names of days and months and the order of a date are the catalogue's
 * (the "weekday", "month" and "date" contexts), never the C library's
 * locale, so they are said on a machine with only the C locale.  The
 * bytes written, 0 (and "") when it does not fit or `tm` is no day.
 * Every screen and report says a day to a person through this; machine
 * output keeps ISO dates.  Safe from any thread (i18n_time.c). */
size_t i18n_date(char *out, size_t cap, enum i18n_day what,
                 const struct tm *tm);

/* i18n_date in language `lang` ("ja"; NULL or "": the language spoken),
 * from that language's catalogue as i18n_text_in reads it. */
size_t i18n_date_in(const char *lang, char *out, size_t cap, enum i18n_day what,
                    const struct tm *tm);

/* The local day "YYYY-MM-DD" (the first 10 bytes of `ymd`) as
 * i18n_date says it with I18N_DAY_MONTH ("Mon 17 May", "Mo 17. Mai"):
 * the bytes written, 0 (and "") when `ymd` is no such day or it does not
 * fit. */
size_t i18n_iso_day(const char *ymd, char *out, size_t cap);

/* `n` days "YYYY-MM-DD" as i18n_iso_day says each, joined by ", " ("Fri
 * 14 May, Sat 15 May"); a day it cannot say is written as given.  Cut at
 * `cap`. */
void i18n_iso_day_list(const char (*ymd)[11], size_t n, char *out, size_t cap);

/* UTC seconds `t` in zone `tz` as a person reads it, in the language
 * spoken: "Wed 12 May 09:12" for I18N_DAY_MONTH, "Wed 09:12" for
 * I18N_WEEKDAY (hours 00-23 in every language).  CK_ENOTFOUND for a
 * zone tzdata does not list, CK_EINVAL when it does not fit (and "").
 * For people only: machine output keeps event_utc_to_local's ISO. */
int i18n_local_time(int64_t t, const char *tz, enum i18n_day what, char *out,
                    size_t cap) CK_MUST_CHECK;

/* A number as the language spoken writes it to a person: its thousands
 * separator, its decimal mark and its digits' grouping are the
 * catalogue's ("number" context; i18n_number.c): "1.234" in German,
 * "12,34,567" in Hindi, "1234" in English, as before.  i18n_decimal
 * writes `decimals` digits after the mark ("2,5").  The bytes written,
 * 0 (and "") when it does not fit.  For people only: --json and --csv
 * keep plain numbers. */
size_t i18n_number(long v, char *out, size_t cap);
size_t i18n_decimal(double v, int decimals, char *out, size_t cap);
#define I18N_NUMBER_CAP 48

/* Where the catalogues are read from, LOCALEDIR/LANG/LC_MESSAGES/
 * checkin.mo: the build tree's locale/ for a command run from the build
 * tree; installed, PREFIX/share/locale beside PREFIX/bin/checkin, else
 * the install prefix the build was configured with. */
const char *i18n_localedir(void);

/* ---- the attendee's language (issue 53, item 3; i18n_in.c) ----
 * A registration's own language beside the station's: the kiosk shows a
 * person's verdict in it while the volunteer's screen keeps the
 * station's.  glibc speaks one language a process, so these read the
 * compiled catalogues themselves. */

/* The language checkin speaks for a registration's `locale` (pretix's
 * "de", "pt-br", "de-informal", or "ja_JP.UTF-8"): "en", a language
 * whose catalogue is here ("pt_BR", else "pt", else the first of
 * po/LINGUAS with the same base, "pt_BR" for "pt-pt"), written into
 * `out` and returned; "" when checkin speaks none of it. */
const char *i18n_lang_for(const char *locale, char *out, size_t cap);

/* `msgid` in language `lang`'s catalogue ("ja"): its translation, or
 * `msgid` itself for "en", "", a language with no catalogue here and a
 * message the catalogue lacks.  Singular forms only.  Safe from any
 * thread; each catalogue is read once, the first time it is asked for,
 * and kept until the process ends. */
const char *i18n_text_in(const char *lang, const char *msgid);

/* ngettext in language `lang`, as i18n_text_in reads it: the form of
 * message `one` / `many` that the catalogue's plural rule picks for `n`;
 * the English `one` (n == 1) or `many` where i18n_text_in would say
 * `msgid` itself.  Safe from any thread. */
const char *i18n_ngettext_in(const char *lang, const char *one,
                             const char *many, unsigned long n);

/* Which of a catalogue's plural forms count `n` takes, by the rule in
 * its header (`header`, the translation of "": "Plural-Forms:
 * nplurals=2; plural=(n > 1);"): 0 when the rule cannot be read or
 * picks a form past nplurals; n != 1 when the header has no rule. */
int i18n_plural_form(const char *header, unsigned long n);

/* The languages checkin speaks, "en" first, then each of po/LINGUAS
 * whose catalogue is here, into `out` (at most `cap`); how many. */
size_t i18n_langs(char (*out)[16], size_t cap);

#endif
