/* The terminal desk's forms (issue 30): the walk-in's (Ctrl-N), the
 * correction's (Ctrl-E) and the new roll's (Ctrl-L), one field a line,
 * and the supervisor's PIN an action may need first.  Each Enter takes
 * one field; the last makes the event the station loop acts on.  Drawn
 * by display_curses.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "display_curses_priv.h"

static const char *const WALKIN_KEYS[WALKIN_STEPS] = {
    "ticket_type", "given_name", "family_name", "email",
    "company",     "tutorials",  "payment",     "comp_reason"};

static const char *const CORRECT_KEYS[CORRECT_STEPS] = {
    "badge_name", "given_name", "family_name", "pronouns", "company", "email"};

/* A supervisor's action typed: ask the PIN next, or send it at once at
 * an event without supervisors (an undo then gets its refusal). */
bool curses_want_pin(struct curses_display *c, enum display_event_kind kind,
                     int64_t id, struct display_event *ev)
{
    ev->kind = kind;
    ev->id = id;
    if (!c->supervised && kind != DISPLAY_UNDO)
        return true;
    c->pin_for = *ev;
    ev->kind = DISPLAY_NONE;
    c->in = IN_PIN;
    return false;
}

/* The PIN typed: the action waiting for it, with it. */
bool curses_pin_entered(struct curses_display *c, struct display_event *ev)
{
    c->in = IN_SCAN;
    struct display_event pin = c->pin_for;
    /* Only what was typed: the line before it may be longer. */
    snprintf(pin.pin, sizeof(pin.pin), "%.*s", (int)c->len, c->buf);
    curses_wipe_line(c);
    sodium_memzero(ev->text, sizeof(ev->text));
    *ev = pin;
    sodium_memzero(&pin, sizeof(pin));
    memset(&c->pin_for, 0, sizeof(c->pin_for));
    return true;
}

/* The walk-in's form (issue 30): Ctrl-N opens it, each Enter takes one
 * field; the last becomes DISPLAY_REGISTER, with the supervisor's PIN
 * asked first for a comp at an event with supervisors. */
void curses_walkin_open(struct curses_display *c)
{
    /* The seats as of now: counted here rather than after every verdict
     * (station_walkin_tutorials keeps the counts until the file changes). */
    if (c->st)
        curses_tutorial_list(c, c->st);
    json_decref(c->walkin);
    c->walkin = json_object();
    c->step = WALKIN_TYPE;
    c->in = c->walkin ? IN_WALKIN : IN_SCAN;
    c->len = 0;
    c->nresults = 0;
    snprintf(c->message, sizeof(c->message), "%s",
             c->walkin ? c->types : _("Out of memory; try again."));
}

/* The slugs typed, split at spaces and commas ("-": none), for the
 * station to judge. */
static json_t *slugs(const char *typed)
{
    json_t *a = json_array();
    const char *p = typed;
    while (a && *p) {
        size_t skip = strspn(p, " ,"), n = strcspn(p + skip, " ,");
        p += skip;
        if (n && !(n == 1 && *p == '-'))
            json_array_append_new(a, json_stringn(p, n));
        p += n;
    }
    return a;
}

bool curses_walkin_field(struct curses_display *c, struct display_event *ev)
{
    const char *v = ev->text;
    if ((c->step == WALKIN_EMAIL || c->step == WALKIN_COMPANY) &&
        !strcmp(v, "-"))
        v = "";
    if (c->step == WALKIN_PAYMENT && strcmp(v, "paid") &&
        strcmp(v, "pending") && strcmp(v, "comp")) {
        snprintf(c->message, sizeof(c->message), "%s",
                 /* TRANSLATORS: paid, pending and comp are what is typed;
                  * keep them as they are. */
                 _("Type paid, pending (will pay later) or comp (free)."));
        return false;
    }
    /* An Enter pressed by mistake must not register someone without the
     * tutorial they paid for: "none" is typed, as on the web form it is
     * a box left unticked on purpose. */
    if (c->step == WALKIN_TUTORIALS && !v[strspn(v, " ,")]) {
        snprintf(c->message, sizeof(c->message), "%s",
                 _("Nothing typed: type the tutorials they bought, as listed "
                   "above, or '-' if they bought none."));
        return false;
    }
    if (c->step == WALKIN_TUTORIALS)
        json_object_set_new(c->walkin, "tutorials", slugs(v));
    else
        json_object_set_new(c->walkin, WALKIN_KEYS[c->step], json_string(v));
    c->message[0] = '\0';
    bool comp = c->step == WALKIN_PAYMENT && !strcmp(v, "comp");
    if (c->step != WALKIN_REASON && (c->step != WALKIN_PAYMENT || comp)) {
        c->step++;
        /* Skipped when the event has none. */
        if (c->step == WALKIN_TUTORIALS && !c->ntutorials)
            c->step++;
        if (c->step == WALKIN_TUTORIALS)
            snprintf(c->message, sizeof(c->message), "%s",
                     _("Type the tutorials they bought, as listed above, or "
                       "'-' if they bought none."));
        return false;
    }
    c->in = IN_SCAN;
    comp = c->step == WALKIN_REASON;
    char *form = json_dumps(c->walkin, JSON_COMPACT);
    json_decref(c->walkin);
    c->walkin = NULL;
    if (!form || strlen(form) >= sizeof(ev->form)) {
        free(form);
        snprintf(c->message, sizeof(c->message), "%s",
                 _("The walk-in's fields are too long; press Ctrl-N and "
                   "type them shorter."));
        return false;
    }
    snprintf(ev->form, sizeof(ev->form), "%s", form);
    free(form);
    ev->text[0] = '\0';
    if (!c->supervised || !comp) {
        ev->kind = DISPLAY_REGISTER;
        return true;
    }
    return curses_want_pin(c, DISPLAY_REGISTER, 0, ev);
}

/* The line being typed becomes `text`, as if typed long ago (so never a
 * scanner's burst). */
void curses_fill_line(struct curses_display *c, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof(c->buf))
        n = sizeof(c->buf) - 1;
    memcpy(c->buf, text, n);
    memset(c->typed_ms, 0, sizeof(c->typed_ms));
    c->len = n;
}

/* Ctrl-E: the form for the person on the screen, each field holding the
 * value the file has now (the export's, or an earlier correction). */
void curses_correct_open(struct curses_display *c)
{
    struct attendee_list l = {0};
    struct ck_error e = {0};
    char said[2 * sizeof(e.msg)];
    if (!curses_has(c, STATION_TRAIT_CORRECTS) || !c->have_result ||
        !c->last.personal || !c->last.attendee_id || !c->st) {
        snprintf(c->message, sizeof(c->message), "%s",
                 _("Ctrl-E corrects the person on the screen; scan them or "
                   "find them by name (/) first."));
        return;
    }
    if (station_attendee(c->st, c->last.attendee_id, &l, &e) || !l.n) {
        snprintf(c->message, sizeof(c->message), "%s",
                 e.msg[0] ? ck_error_text(&e, said, sizeof(said))
                          : _("That person is no longer in the file; scan "
                              "them again."));
        attendee_list_free(&l);
        return;
    }
    const struct attendee *a = &l.items[0];
    const char *v[CORRECT_STEPS] = {a->badge_name,  a->given_name,
                                    a->family_name, a->pronouns,
                                    a->company,     a->email};
    for (int i = 0; i < CORRECT_STEPS; i++)
        snprintf(c->fix.was[i], sizeof(c->fix.was[i]), "%s", v[i] ? v[i] : "");
    c->fix.whole = !a->family_name || !a->family_name[0];
    snprintf(c->fix.who, sizeof(c->fix.who), _("%s (ticket %s)"), a->badge_name,
             a->ticket_id);
    attendee_list_free(&l);
    c->fix.id = c->last.attendee_id;
    c->fix.step = 0;
    c->fix.sent = c->fix.again = false;
    c->in = IN_CORRECT;
    c->nresults = 0;
    c->message[0] = '\0';
    curses_fill_line(c, c->fix.was[0]);
}

/* Enter on a field of the correction: a value the registration would
 * refuse is said at once, the field kept to fix; after the last field
 * the fields changed become DISPLAY_EDIT (the PIN asked first at an
 * event with supervisors). */
bool curses_correct_field(struct curses_display *c, struct display_event *ev)
{
    struct ck_error e = {0};
    int i = c->fix.step;
    if (registration_check_value(CORRECT_KEYS[i], ev->text, &e)) {
        ck_error_say(&e, c->message, sizeof(c->message));
        curses_fill_line(c, ev->text);
        return false;
    }
    /* registration_check_value refused a longer one: never cut a value. */
    int n = snprintf(c->fix.now[i], sizeof(c->fix.now[i]), "%s", ev->text);
    if (n < 0 || (size_t)n >= sizeof(c->fix.now[i])) {
        curses_fill_line(c, ev->text);
        return false;
    }
    c->message[0] = '\0';
    if (c->fix.whole && c->fix.step == 1) /* no family name to ask */
        snprintf(c->fix.now[++c->fix.step], sizeof(c->fix.now[0]), "%s",
                 c->fix.was[2]);
    if (++c->fix.step < CORRECT_STEPS) {
        curses_fill_line(c, curses_correct_shown(c, c->fix.step));
        return false;
    }
    c->in = IN_SCAN;
    json_t *o = json_object();
    for (int f = 0; o && f < CORRECT_STEPS; f++)
        if (strcmp(c->fix.now[f], c->fix.was[f]))
            json_object_set_new(o,
                                c->fix.whole && f == 1 ? REGISTRATION_WHOLE_NAME
                                                       : CORRECT_KEYS[f],
                                json_string(c->fix.now[f]));
    char *form = o && json_object_size(o) ? json_dumps(o, JSON_COMPACT) : NULL;
    if (!form || strlen(form) >= sizeof(ev->form)) {
        snprintf(c->message, sizeof(c->message), "%s",
                 !o ? _("Out of memory; press Ctrl-E and correct again.")
                 : json_object_size(o)
                     ? _("The correction is too long; press Ctrl-E and type "
                         "it shorter.")
                     : _("Nothing was corrected: every field is as it was."));
        free(form);
        json_decref(o);
        return false;
    }
    json_decref(o);
    snprintf(ev->form, sizeof(ev->form), "%s", form);
    free(form);
    ev->text[0] = '\0';
    return curses_want_pin(c, DISPLAY_EDIT, c->fix.id, ev);
}

const char *curses_correct_shown(const struct curses_display *c, int i)
{
    return c->fix.again || i < c->fix.step ? c->fix.now[i] : c->fix.was[i];
}

/* A refusal of the whole correction (both names emptied, a wrong PIN, the
 * PIN locked): said in the form, which holds what was typed, so that the
 * volunteer fixes the field or has the PIN typed again rather than start
 * over.  The fields changed are still told from the file's values. */
void curses_correct_again(struct curses_display *c, const char *text)
{
    c->fix.sent = false;
    c->fix.again = true;
    c->fix.step = 0;
    c->in = IN_CORRECT;
    c->nresults = 0;
    snprintf(c->message, sizeof(c->message), "%s", text);
    curses_fill_line(c, c->fix.now[0]);
}

/* Enter on the new roll's prompt: the labels on it, or nothing for as
 * many as on the last; anything else is asked again. */
bool curses_roll_said(struct curses_display *c, struct display_event *ev,
                      size_t len)
{
    long n = 0;
    bool ok = len == 0 || (len <= 6 && strspn(ev->text, "0123456789") == len);
    for (size_t i = 0; ok && i < len; i++)
        n = n * 10 + (ev->text[i] - '0');
    if (!ok || (len && n == 0)) {
        snprintf(c->message, sizeof(c->message), "%s",
                 _("Type how many labels the new roll holds (such as 300), "
                   "or press Enter alone for as many as the last."));
        curses_fill_line(c, ev->text);
        return false;
    }
    c->in = IN_SCAN;
    ev->kind = DISPLAY_ROLL;
    ev->number = (int)n;
    ev->text[0] = '\0';
    return true;
}

/* ---- pretix's questions asked during check-in (issue 49) ---- */

void curses_ask_open(struct curses_display *c)
{
    json_decref(c->ask.given);
    c->ask.given = json_object();
    c->ask.id = c->last.attendee_id;
    c->ask.step = 0;
    c->in =
        c->ask.given && station_result_nquestions(&c->last) ? IN_ASK : IN_SCAN;
    c->len = 0;
}

const char *curses_ask_prompt(const struct curses_display *c)
{
    static char p[1400];
    if (c->ask.step >= station_result_nquestions(&c->last))
        return "";
    const struct station_question *q =
        station_result_question(&c->last, c->ask.step);
    if (q->type == 'A') {
        snprintf(p, sizeof(p),
                 /* TRANSLATORS: the acknowledgement's text, answered with
                  * one key, y or n in every language. */
                 _("ACKNOWLEDGE %zu of %zu: \"%s\" y: they have, n: they "
                   "decline; Esc cancels: "),
                 c->ask.step + 1, station_result_nquestions(&c->last),
                 station_question_text(&c->last, q));
        return p;
    }
    char how[1100];
    snprintf(how, sizeof(how), "%s", _("type the answer"));
    if (q->type == 'B') {
        /* untranslated: what is typed, y or n in every language. */
        snprintf(how, sizeof(how), "y or n");
    } else if (q->type == 'C' && station_question_options(&c->last, q)[0]) {
        /* The known choices by number: "1 vegan, 2 none, or type it". */
        size_t used = 0;
        int k = 1;
        for (const char *o = station_question_options(&c->last, q);
             *o && used < sizeof(how); k++) {
            size_t len = strcspn(o, "\n");
            used +=
                (size_t)snprintf(how + used, sizeof(how) - used, "%s%d %.*s",
                                 k > 1 ? ", " : "", k, (int)len, o);
            o += len + (o[len] == '\n');
        }
        if (used < sizeof(how))
            snprintf(how + used, sizeof(how) - used, "%s", _(", or type it"));
    }
    snprintf(p, sizeof(p),
             /* TRANSLATORS: the question, how to answer it, then
              * "; may be empty" or nothing. */
             _("QUESTION %zu of %zu: %s (%s%s), Enter; Esc cancels: "),
             c->ask.step + 1, station_result_nquestions(&c->last),
             station_question_text(&c->last, q), how,
             q->required || q->type == 'B' ? "" : _("; may be empty"));
    return p;
}

bool curses_ask_one_key(const struct curses_display *c, wint_t ch,
                        struct display_event *ev)
{
    if (c->in != IN_ASK || c->len ||
        c->ask.step >= station_result_nquestions(&c->last) ||
        station_result_question(&c->last, c->ask.step)->type != 'A')
        return false;
    /* untranslated: the answers as the station takes them. */
    const char *said = ch == 'y' || ch == 'Y'   ? "yes"
                       : ch == 'n' || ch == 'N' ? "no"
                                                : NULL;
    if (said)
        snprintf(ev->text, sizeof(ev->text), "%s", said);
    return said != NULL;
}

/* Choice `k` (from 1) of `q`'s known ones into `out`; false when none. */
static bool choice(const struct curses_display *c,
                   const struct station_question *q, const char *typed,
                   char *out, size_t cap)
{
    char *end;
    long k = strtol(typed, &end, 10);
    if (q->type != 'C' || end == typed || *end || k < 1)
        return false;
    const char *o = station_question_options(&c->last, q);
    for (long i = 1; *o; i++) {
        size_t len = strcspn(o, "\n");
        if (i == k) {
            snprintf(out, cap, "%.*s", (int)len, o);
            return true;
        }
        o += len + (o[len] == '\n');
    }
    return false;
}

bool curses_ask_field(struct curses_display *c, struct display_event *ev)
{
    /* A wedge scanner's next badge arrives as typed text. */
    if (!strncmp(ev->text, "CK", 2) && strlen(ev->text) > 100) {
        c->in = IN_SCAN;
        ev->kind = DISPLAY_CODE;
        return true;
    }
    if (c->ask.step >= station_result_nquestions(&c->last) || !c->ask.given) {
        c->in = IN_SCAN;
        return false;
    }
    const struct station_question *q =
        station_result_question(&c->last, c->ask.step);
    char picked[STATION_ANSWER_CAP];
    const char *answer =
        choice(c, q, ev->text, picked, sizeof(picked)) ? picked : ev->text;
    json_object_set_new(c->ask.given, station_question_ident(&c->last, q),
                        json_string(answer));
    if (++c->ask.step < station_result_nquestions(&c->last))
        return false;
    c->in = IN_SCAN;
    char *form = json_dumps(c->ask.given, JSON_COMPACT);
    bool whole = form && strlen(form) < sizeof(ev->form);
    if (whole)
        snprintf(ev->form, sizeof(ev->form), "%s", form);
    free(form);
    json_decref(c->ask.given);
    c->ask.given = NULL;
    if (!whole) {
        snprintf(c->message, sizeof(c->message), "%s",
                 _("The answers are too long; scan the code and answer "
                   "again, shorter."));
        return false;
    }
    ev->kind = DISPLAY_ANSWER;
    ev->id = c->ask.id;
    return true;
}

/* The scan line's prompt: the keys the station's traits offer. */
const char *curses_scan_prompt(const struct curses_display *c)
{
    /* TRANSLATORS: the keys of the scan line, one a piece, joined after
     * "Scan or type a code."; keep / ^N ^E ^R ^O ^U ^L ^Q as they are. */
    static const struct {
        enum station_trait t;
        const char *key;
    } keys[] = {
        {STATION_TRAIT_SEARCHES, N_("/ search")},
        {STATION_TRAIT_WALKINS, N_("^N walk-in")},
        {STATION_TRAIT_CORRECTS, N_("^E correct")},
        {STATION_TRAIT_PRINTS, N_("^R reprint")},
        {STATION_TRAIT_OVERRIDES, N_("^O override")},
        {STATION_TRAIT_UNDOES, N_("^U undo")},
        {STATION_TRAIT_PRINTS, N_("^L roll")},
    };
    static char prompt[400];
    size_t used = (size_t)snprintf(prompt, sizeof(prompt), "%s",
                                   _("Scan or type a code."));
    bool any = false;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (curses_has(c, keys[i].t) && used < sizeof(prompt)) {
            used += (size_t)snprintf(prompt + used, sizeof(prompt) - used,
                                     " %s", _(keys[i].key));
            any = true;
        }
    if (any) {
        if (used < sizeof(prompt))
            snprintf(prompt + used, sizeof(prompt) - used, " %s",
                     _("^Q quit: "));
        return prompt;
    }
    if (curses_has(c, STATION_TRAIT_SWAPS) && c->have_result &&
        c->last.swappable && station_result_recorded(&c->last))
        return _("Scan or type a code. S swap  U undo  ^Q quit: ");
    if (curses_has(c, STATION_TRAIT_EXITS))
        return _("Scan or type a code. Tab in/out  ^Q quit: ");
    return _("Scan or type a code.  ^Q quit: ");
}
