/* `checkin scan`'s options completed into a station run's
 * (station_options.h): what a profile adds, what cannot go together, a
 * station's default name.  No argv here; the usage sentences are the
 * command's, returned for it to print.  And what a running station says
 * on standard error outside its screen (station_runtime.h's struct
 * station_said) and what a booth's phone says beside its CSV of leads,
 * moved from runtime/station_runtime.c (issue 51), the lines unchanged. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/qr.h"
#include "checkin/station_options.h"
#include "checkin/util.h"

const char *const station_options_texts[STATION_OPTIONS_NTEXT] = {
    "station",  "name",    "camera", "frames",   "format",          "clock",
    "printer",  "model",   "media",  "template", "ticket-template", "web",
    "tls-cert", "tls-key", "qr",     "herald"};

const char *const station_options_flags[STATION_OPTIONS_NFLAG] = {
    "exit", "rehearsal", "json", "offline", "kiosk", "new-token"};

const char **station_options_text(struct station_options *a, size_t i)
{
    struct station_runtime_options *o = &a->o;
    /* In the order of station_options_texts. */
    const char **to[STATION_OPTIONS_NTEXT] = {&a->spec,
                                              &a->name,
                                              &o->camera,
                                              &o->frames,
                                              &a->format,
                                              &o->clock,
                                              &o->print.uri,
                                              &o->print.model,
                                              &o->print.media,
                                              &o->print.badge_template,
                                              &o->print.ticket_template,
                                              &o->web,
                                              &o->tls_cert,
                                              &o->tls_key,
                                              &o->qr_png,
                                              &o->herald};
    return i < STATION_OPTIONS_NTEXT ? to[i] : NULL;
}

bool *station_options_flag(struct station_options *a, size_t i)
{
    /* In the order of station_options_flags. */
    bool *to[STATION_OPTIONS_NFLAG] = {&a->exit_dir, &a->rehearsal,
                                       &a->o.json,   &a->o.offline,
                                       &a->o.kiosk,  &a->o.new_token};
    return i < STATION_OPTIONS_NFLAG ? to[i] : NULL;
}

int station_options_roll(struct station_options *a, const char *arg,
                         struct ck_error *err)
{
    if (!util_parse_long(arg, 1, 100000, &a->o.print.roll))
        return ck_said(err, CK_EINVAL,
                       _("--roll takes the number of labels on the roll just "
                         "loaded (such as 300), not '%s'."),
                       arg);
    return CK_OK;
}

int station_options_profile(struct station_options *a, const char *arg,
                            const char *config_dir, struct ck_error *err)
{
    char path[4096];
    if (strchr(arg, '/') || strstr(arg, ".ini"))
        snprintf(path, sizeof(path), "%s", arg);
    else
        snprintf(path, sizeof(path), "%s/stations/%s.ini", config_dir, arg);
    int code = station_profile_load(path, &a->prof, err);
    /* The profile's language, between --lang and the locale. */
    if (!code && a->prof.lang[0] && !checkin_lang_given())
        code = checkin_lang_set(a->prof.lang, err);
    return code;
}

bool station_options_size(const char *s, int *w, int *h)
{
    char *x;
    errno = 0;
    long a = strtol(s, &x, 10);
    if (errno || *x != 'x')
        return false;
    long b = strtol(x + 1, &x, 10);
    if (errno || *x || a <= 0 || b <= 0 || a > 8192 || b > 8192)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* The usage sentence `msg` into `why`; false, for returning. */
static bool refuse(char *why, size_t cap, const char *msg)
{
    snprintf(why, cap, "%s", msg);
    return false;
}

bool station_options_number(struct station_options *a, const char *option,
                            const char *arg, char *why, size_t cap)
{
    /* Each option's range as given and the factor to milliseconds. */
    const struct {
        const char *name;
        double lo, hi, unit;
        const char *why;
    } numbers[] = {
        {"frame-ms", 1, 60000, 1, N_("--frame-ms is 1-60000")},
        {"cooldown", 0.05, 3600, 1000, N_("--cooldown is seconds, 0.05-3600")},
        {"open-before", 0, 1440, 60000, N_("--open-before is minutes, 0-1440")},
        {"close-after", 0, 1440, 60000, N_("--close-after is minutes, 0-1440")},
        {"capacity", 1, 1000000, 1, N_("--capacity is 1 or more")}};
    int64_t *to[] = {&a->frame_ms, &a->cooldown, &a->open_before,
                     &a->close_after, NULL};
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        if (strcmp(option, numbers[i].name))
            continue;
        double d;
        if (!util_parse_double(arg, numbers[i].lo, numbers[i].hi, &d))
            return refuse(why, cap, _(numbers[i].why));
        int64_t n = (int64_t)(d * numbers[i].unit);
        if (to[i])
            *to[i] = n;
        else
            a->capacity = (long)n;
        return true;
    }
    snprintf(why, cap, _("--%s is not a number option"), option);
    return false;
}

bool station_options_complete(struct station_options *a, char *why, size_t cap)
{
    struct station_runtime_options *o = &a->o;
    const struct station_profile *p = &a->prof;
    if (!a->spec && p->station[0])
        a->spec = p->station;
    if (!a->spec) {
        char kinds[256];
        station_kinds_list(kinds, sizeof(kinds), false, ", ", " or ");
        /* TRANSLATORS: %s lists the kinds of station, as typed
         * ("desk, door:SLUG or ..."). */
        snprintf(why, cap, _("say which station: --station %s"), kinds);
        return false;
    }
    if (!a->name && p->name[0])
        a->name = p->name;
    if (!o->camera && !o->frames && !o->images && !o->keyboard && p->camera[0])
        o->camera = p->camera;
    if (!a->w && p->width) {
        a->w = p->width;
        a->h = p->height;
    }
    if (!o->print.uri && p->printer[0])
        o->print.uri = p->printer;
    if (!o->print.badge_template && p->badge_template[0])
        o->print.badge_template = p->badge_template;
    if (!o->print.ticket_template && p->ticket_template[0])
        o->print.ticket_template = p->ticket_template;
    int sources = !!o->camera + !!o->frames + !!o->images + o->keyboard;
    /* With --web and nothing else, phones at /scan (and the page's typed
     * codes) are the station's input. */
    if (sources > 1 || (sources == 0 && !o->web))
        return refuse(why, cap,
                      _("give one input: --camera, --frames, --images or "
                        "--keyboard (or only --web, for phones)"));
    if (!o->tls_cert != !o->tls_key)
        return refuse(why, cap,
                      _("give both --tls-cert and --tls-key (the certificate "
                        "and its key)"));
    if (o->qr_png && (!o->web || o->kiosk))
        return refuse(why, cap,
                      _("--qr writes the phones' /scan link: give --web "
                        "ADDR:PORT, without --kiosk"));
    if (o->new_token && !o->web)
        return refuse(why, cap,
                      _("--new-token replaces the web page's token: give "
                        "--web ADDR:PORT too"));
    if (o->tls_cert && !o->web)
        return refuse(why, cap,
                      _("--tls-cert and --tls-key are for the web page: give "
                        "--web ADDR:PORT too"));
    return true;
}

/* A station id from the kind, its target and this machine's name. */
static void default_name(const struct station_config *cfg, char *out,
                         size_t cap)
{
    char host[64] = "";
    if (gethostname(host, sizeof(host) - 1))
        host[0] = '\0';
    for (char *p = host; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-'))
            *p = '-';
    const char *kind = station_config_kind(cfg);
    if (!cfg->target || !*cfg->target)
        snprintf(out, cap, "%s-%.40s", kind ? kind : "", host[0] ? host : "1");
    else
        snprintf(out, cap, "%s-%.25s-%.20s", kind ? kind : "", cfg->target,
                 host[0] ? host : "1");
}

/* What the station says outside its screen, on standard error: each in
 * one write, so that a reader that stops at a line loses nothing. */
static void scan_said(void *ctx, const struct station_said *w)
{
    (void)ctx;
    switch (w->kind) {
    case STATION_SAID_SCREEN:
        /* untranslated: the lines scripts and tests read the page's links
         * from, whatever the station's language. */
        if (w->scan_url)
            fprintf(stderr, "%s%sStation screen: %s\nPhones scan at: %s\n",
                    w->warning, *w->warning ? "\n" : "", w->url, w->scan_url);
        else /* untranslated: as above. */
            fprintf(stderr, "%s%sStation screen: %s\n", w->warning,
                    *w->warning ? "\n" : "", w->url);
        break;
    case STATION_SAID_QR_PNG:
        fprintf(stderr, _("The phones' link as a QR code: %s\n"), w->path);
        break;
    case STATION_SAID_PHONES: {
        char *lines = NULL;
        struct ck_error e = {0};
        if (isatty(STDERR_FILENO) && !qr_for_terminal(w->url, &lines, &e)) {
            fprintf(stderr, _("Phones open this link by scanning it:\n%s"),
                    lines);
            free(lines);
        }
        break;
    }
    case STATION_SAID_BOOTHS:
        fprintf(stderr,
                ngettext("Booths: %zu sponsor's phone opens its link from "
                         "'checkin expo tokens' (/booth/).\n",
                         "Booths: %zu sponsors' phones open their links from "
                         "'checkin expo tokens' (/booth/).\n",
                         w->booths),
                w->booths);
        break;
    case STATION_SAID_LINE:
        fprintf(stderr, "%s\n", w->text);
        break;
    }
}

/* What a booth's phone says beside its CSV of leads from the hub: leads
 * the hub left out are ones the sponsor scanned, so why they are missing
 * is in the same sentence. */
static void booth_csv_said(const struct export_lead_counts *lc, char *said,
                           size_t cap)
{
    long left = lc->never_issued + lc->burst;
    char why[512] = "";
    if (left)
        snprintf(why, sizeof(why),
                 /* TRANSLATORS: added to "Leads listed: %ld.  Counted, not
                  * listed (...): %ld%s." before its full stop; the count
                  * is of leads. */
                 ngettext("; %ld left out because no badge scanner could "
                          "have made it (a badge this event never issued, or "
                          "too many at once); ask the organizer which",
                          "; %ld left out because no badge scanner could "
                          "have made them (badges this event never issued, "
                          "or too many at once); ask the organizer which",
                          (unsigned long)left),
                 left);
    /* TRANSLATORS: the leads listed, those counted but not listed (each
     * as label: value, no plural form), then why some were left out (or
     * nothing). */
    snprintf(said, cap,
             _("Leads listed: %ld.  Counted, not listed (attendees who did "
               "not agree to share their details): %ld%s."),
             lc->listed, lc->withheld, why);
}

int station_options_build(struct station_options *a, char *name_buf,
                          struct ck_error *err)
{
    struct station_runtime_options *o = &a->o;
    struct station_config *cfg = &o->cfg;
    int code = station_parse_spec(a->spec, cfg, err);
    if (code)
        return code;
    o->name_given = a->name != NULL;
    if (!a->name) {
        default_name(cfg, name_buf, JOURNAL_NAME_CAP);
        a->name = name_buf;
    }
    cfg->name = a->name;
    cfg->cooldown_ms = a->cooldown ? a->cooldown : a->prof.cooldown_ms;
    cfg->open_before_ms =
        a->open_before >= 0 ? a->open_before : a->prof.open_before_ms;
    cfg->close_after_ms =
        a->close_after >= 0 ? a->close_after : a->prof.close_after_ms;
    cfg->capacity = a->capacity ? a->capacity : a->prof.capacity;
    cfg->direction = a->exit_dir || a->prof.exit ? DIRECTION_OUT : DIRECTION_IN;
    cfg->rehearsal = a->rehearsal;
    o->source = (struct source_options){a->w, a->h, source_fourcc(a->format),
                                        a->frame_ms};
    o->said = scan_said;
    o->booth_csv_said = booth_csv_said;
    return CK_OK;
}
