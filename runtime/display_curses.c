/* The full-screen station display (ncursesw), readable from a metre away
 * and over SSH: a coloured band with the decision in block letters, the
 * reason in one sentence, the attendee's name, the counters, and the
 * prompts (search at the desk, note and rating at a sponsor's station).
 * Keys are read in display_curses_keys.c and handed to the station loop
 * as events; nothing is decided here. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "checkin/display.h"
#include "checkin/i18n.h"
#include "checkin/needs_text.h"
#include "checkin/station_sentence.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "display_curses_priv.h"

static const char *const WALKIN_PROMPTS[WALKIN_STEPS] = {
    /* TRANSLATORS: the terminal desk's walk-in form, one prompt a step;
     * keep '-', Enter, Esc and the words paid, pending, comp as they
     * are (what the volunteer types). */
    N_("WALK-IN: ticket type, Enter (Esc cancels): "),
    N_("WALK-IN: given name, Enter: "),
    N_("WALK-IN: family name, Enter: "),
    N_("WALK-IN: email ('-' for none), Enter: "),
    N_("WALK-IN: company ('-' for none), Enter: "),
    N_("WALK-IN: tutorials (slugs, spaces between; '-' for none), Enter: "),
    N_("WALK-IN: paid, pending or comp? Enter: "),
    N_("WALK-IN: why free (e.g. keynote guest), Enter: "),
};

/* The correction's form's fields as the screen names them. */
static const char *const CORRECT_WORDS[CORRECT_STEPS] = {
    N_("badge name"), N_("given name"), N_("family name"),
    N_("pronouns"),   N_("company"),    N_("email")};

enum {
    PAIR_ADMIT = 1, /* the whole screen: black on green */
    PAIR_DENY,      /* white on red */
    PAIR_WARN,      /* black on yellow */
    PAIR_OUT,       /* leaving a room: black on cyan */
    PAIR_HEAD,
    PAIR_ALERT
};

/* Someone leaving through a door is let out, not admitted: no big green
 * ADMIT for them. */
static bool leaving(const struct station_result *r)
{
    return station_result_has(r, STATION_TRAIT_EXITS) &&
           r->direction == DIRECTION_OUT && r->decision == DECISION_ADMIT;
}

/* The whole screen in the verdict's colour, readable from a metre away. */
static int pair(const struct station_result *r)
{
    return leaving(r)                      ? PAIR_OUT
           : r->decision == DECISION_ADMIT ? PAIR_ADMIT
           : r->decision == DECISION_DENY  ? PAIR_DENY
                                           : PAIR_WARN;
}

/* Every string drawn comes from outside (names from a registration file,
 * typed codes, a printer's or the store's messages), so it goes to the
 * screen only through text_for_terminal: a control character in it would
 * move the cursor and overwrite the verdict ("DENY\b\b\b\bADMIT"), a
 * bidi override would reorder the line. */
static void put(int y, int x, const char *s, size_t len, int n)
{
    char clean[3 * 1024 + 1];
    curses_clean(s, len, clean, sizeof(clean));
    mvaddnstr(y, x, clean, n);
}

/* Write `raw` wrapped to the screen width from row `y` (only count the
 * rows unless `draw`); returns the next free row. */
static int wrap(int y, int x, const char *raw, int maxy, bool draw)
{
    char text[3 * 1024 + 1];
    curses_clean(raw, strlen(raw), text, sizeof(text));
    int w = COLS - 2 * x;
    if (w < 10)
        w = 10;
    const char *p = text;
    while (*p && y < maxy) {
        /* Count columns by characters (UTF-8 lead bytes). */
        const char *cut = p, *space = NULL;
        int cols = 0;
        while (*cut && cols < w) {
            if (*cut == ' ')
                space = cut;
            cols += !curses_is_isolate(cut);
            cut++;
            while ((*cut & 0xc0) == 0x80)
                cut++;
        }
        if (*cut && space && space > p)
            cut = space;
        if (draw)
            mvaddnstr(y, x, p, (int)(cut - p));
        y++;
        p = cut;
        while (*p == ' ')
            p++;
    }
    return y;
}

static int wrapped(int y, int x, const char *raw, int maxy)
{
    return wrap(y, x, raw, maxy, true);
}

/* ---- a supervisor's PIN (issue 30) ---- */

static const char *pin_prompt(const struct curses_display *c)
{
    if (c->in == IN_UNDO)
        return _("UNDO this check-in: supervisor's words (may be empty), "
                 "Enter, Esc cancels: ");
    return _("Supervisor's PIN (not shown), Enter, Esc cancels: ");
}

/* The PIN as typed, one star per character. */
static void stars(struct curses_display *c, int x)
{
    for (size_t i = 0; i < c->len && x < COLS; i++)
        if ((c->buf[i] & 0xc0) != 0x80)
            mvaddch(LINES - 1, x++, '*');
}

/* A check-in list's part of a verdict (issue 29): what a counter hands
 * over, its size in block letters when the screen has room, and the
 * answers the list shows, each labelled with its question. */
static int list_lines(int y, const struct station_result *r)
{
    char line[900];
    char hand[STATION_HAND_CAP];
    if (station_result_hand(r, hand, sizeof(hand))[0]) {
        const char *v = strrchr(hand, ':');
        char big[64];
        if (v && LINES >= 24 &&
            curses_big_name(v[1] == ' ' ? v + 2 : v + 1, (size_t)(COLS - 4) / 6,
                            big, sizeof(big))) {
            curses_big_text(y, big, 1);
            y += 6;
        }
        attron(A_BOLD);
        snprintf(line, sizeof(line), "HAND OVER: %s", hand);
        y = wrapped(y, 2, line, LINES - 4);
        attroff(A_BOLD);
    }
    char left[STATION_STOCK_CAP];
    if (station_result_stock(r, left, sizeof(left))[0]) {
        /* What is left of the size handed; a warning in bold. */
        if (r->stock_warn)
            attron(A_BOLD);
        y = wrapped(y, 2, left, LINES - 4);
        attroff(A_BOLD);
    }
    for (size_t i = 0; r->personal && i < station_result_nanswers(r); i++) {
        snprintf(line, sizeof(line), "%s: %s",
                 station_answer_question(r, station_result_answer(r, i)),
                 station_answer_text(r, station_result_answer(r, i)));
        y = wrapped(y, 2, line, LINES - 4);
    }
    return y;
}

/* The others of the person's order (issue 30.5): the offer ("3 more in
 * order ABC12: ... Enter checks them in too.") in bold, or after the
 * confirm each one checked in with their tutorials and the state of
 * their labels. */
static int group_lines(const struct curses_display *c, int y,
                       const struct station_result *r)
{
    char group[STATION_SENTENCE_CAP];
    if (!station_group_sentence(r, group, sizeof(group))[0] || !r->personal)
        return y;
    if (r->group_offer)
        attron(A_BOLD);
    char said[STATION_SENTENCE_CAP];
    /* not the verdict's own sentence */
    if (strcmp(group, station_result_sentence(r, said, sizeof(said))))
        y = wrapped(y, 2, group, LINES - 4);
    attroff(A_BOLD);
    int owed = (int)station_result_group_done(r);
    if (r->group_overridable && station_result_recorded(r))
        y = wrapped(y, 2,
                    _("A supervisor may check in those left out too: press "
                      "Ctrl-O and give the reason."),
                    LINES - 4);
    if (r->reason != STATION_REASON_GROUP_CHECKED_IN || !owed)
        return y;
    /* Each one checked in with their tutorials, so that a desk without
     * a printer can say who goes where. */
    for (size_t i = 0; i < station_result_ngroup(r) && y < LINES - 5; i++) {
        const struct station_group_member *m = station_result_group(r, i);
        if (!m->done)
            continue;
        char who[STATION_TEXT_CAP];
        size_t used = 0;
        int w = snprintf(
            who, sizeof(who), "%s: %s", station_group_name(r, m),
            m->ntutorials || m->tutorials_more ? "" : _("no tutorials"));
        used = w < 0 ? 0 : (size_t)w < sizeof(who) ? (size_t)w : sizeof(who);
        for (size_t k = 0; k < m->ntutorials && used < sizeof(who); k++) {
            const char *room, *slot;
            const char *title = station_group_tutorial(r, m, k, &room, &slot);
            w = snprintf(who + used, sizeof(who) - used, "%s%s (%s, %s)",
                         k ? "; " : "", title, room, slot);
            used = w < 0 ? sizeof(who) : used + (size_t)w;
        }
        if (m->tutorials_more && used < sizeof(who))
            snprintf(who + used, sizeof(who) - used,
                     ngettext("%sand %d more (their tickets print with the "
                              "badge)",
                              "%sand %d more (their tickets print with the "
                              "badge)",
                              m->tutorials_more),
                     m->ntutorials ? "; " : "", (int)m->tutorials_more);
        y = wrapped(y, 4, who, LINES - 5);
    }
    char line[200], why[STATION_TEXT_CAP];
    if (r->print == STATION_PRINT_NONE && !station_print_error(r)[0])
        snprintf(line, sizeof(line), "%s", _("No printer at this desk."));
    else if (c->group_printed < owed && !station_print_error(r)[0])
        snprintf(line, sizeof(line),
                 ngettext("Printing %d badge... (%d done)",
                          "Printing %d badges... (%d done)", owed),
                 owed, c->group_printed);
    else if (c->group_sent && !station_print_error(r)[0])
        /* As a single check-in's "Sent the badge; ...": never "printed"
         * for labels no printer confirmed. */
        snprintf(line, sizeof(line),
                 _("Labels of %d of %d sent; this printer cannot confirm "
                   "they printed, so check that they came out."),
                 c->group_printed, owed);
    else
        snprintf(line, sizeof(line),
                 /* TRANSLATORS: then ". " or ": " and the printer's
                  * error. */
                 _("Labels of %d of %d printed%s%s"),
                 c->group_printed - c->group_failed, owed,
                 station_print_error(r)[0] ? ": " : ".",
                 ck_error_text(station_print_why(r), why, sizeof(why)));
    return wrapped(y, 2, line, LINES - 4);
}

/* "Enter checks in 2: Priya Andersson (...) ..., Esc goes back: " */
static const char *confirm_prompt(struct curses_display *c)
{
    static char p[400];
    snprintf(p, sizeof(p), _("Enter checks in %d: %s; Esc goes back: "),
             c->pick + 1, c->pick < c->nresults ? c->results[c->pick] : "");
    return p;
}

/* The label-stock forecast (issue 30), at the right of the counters'
 * line when it fits, else after them. */
static void stock_line(const struct curses_display *c)
{
    if (!c->stock[0])
        return;
    int used = (int)strlen(c->counters) + 4;
    int n = (int)strlen(c->stock);
    int x = COLS - 1 - n > used ? COLS - 1 - n : used;
    if (x < COLS - 2)
        put(1, x, c->stock, strlen(c->stock), COLS - 1 - x);
}

/* The correction's form in place of the verdict: each field with the
 * value it will have, the one being typed marked. */
static int correct_lines(const struct curses_display *c, int y)
{
    char line[700];
    snprintf(line, sizeof(line),
             _("CORRECT %s: Enter keeps a field as shown or takes what you "
               "typed; Esc changes nothing."),
             c->fix.who);
    attron(A_BOLD);
    y = wrapped(y, 2, line, LINES - 5);
    attroff(A_BOLD);
    for (int i = 0; i < CORRECT_STEPS && y < LINES - 5; i++) {
        const char *v = curses_correct_shown(c, i);
        if (c->fix.whole && i == 2)
            continue; /* a name known only whole: one field */
        /* Padded by columns: a Japanese or accented field's name. */
        const char *field =
            c->fix.whole && i == 1 ? _("name") : _(CORRECT_WORDS[i]);
        snprintf(line, sizeof(line), "%s %s%*s %s",
                 i == c->fix.step ? ">" : " ", field, text_pad(field, 12), "",
                 i == c->fix.step ? _("(below)") : v);
        y = wrapped(y, 4, line, LINES - 5);
    }
    return y;
}

/* "CORRECT: given name, Enter; Esc changes nothing: " */
static const char *correct_prompt(const struct curses_display *c)
{
    static char p[120];
    snprintf(p, sizeof(p), _("CORRECT: %s, Enter; Esc changes nothing: "),
             c->fix.whole && c->fix.step == 1 ? _("name (whole)")
                                              : _(CORRECT_WORDS[c->fix.step]));
    return p;
}

/* The head: status, counters and stock in the head's colours, then the
 * link to the hub, in the alert colour when offline. */
static void head_lines(const struct curses_display *c)
{
    attron(COLOR_PAIR(PAIR_HEAD) | A_BOLD);
    mvhline(0, 0, ' ', COLS);
    put(0, 1, c->status, strlen(c->status), COLS - 2);
    mvhline(1, 0, ' ', COLS);
    put(1, 1, c->counters, strlen(c->counters), COLS - 2);
    stock_line(c);
    attroff(COLOR_PAIR(PAIR_HEAD) | A_BOLD);
    if (c->link[0]) {
        /* Offline is said in the alert colour: the volunteer should know
         * the door down the hall may not have seen this desk's check-ins. */
        int attr = COLOR_PAIR(c->offline ? PAIR_ALERT : PAIR_HEAD) | A_BOLD;
        attron(attr);
        mvhline(2, 0, ' ', COLS);
        if ((int)strlen(c->link) > COLS - 2) /* edits waiting: two rows */
            mvhline(3, 0, ' ', COLS);
        wrapped(2, 1, c->link, 4);
        attroff(attr);
    }
}

/* The auction door's paddle label, when it prints one (a paddle given
 * at a door with a printer); nothing at a door without one. */
static int paddle_label_line(int y, const struct station_result *r)
{
    const char *said = NULL;
    char why[STATION_TEXT_CAP];
    if (station_print_error(r)[0])
        said = ck_error_text(station_print_why(r), why, sizeof(why));
    else if (r->print == STATION_PRINT_OWED || r->print == STATION_PRINT_QUEUED)
        said = _("Printing the paddle label...");
    else if (r->print == STATION_PRINT_PRINTED)
        said = _("Printed the paddle label.");
    else if (r->print == STATION_PRINT_SENT)
        said = _("Sent the paddle label; this printer cannot confirm it "
                 "printed, so check that it came out.");
    return said ? wrapped(y, 2, said, LINES - 4) : y;
}

/* What a desk shows of the person under the verdict: ticket and order,
 * tutorials, earlier visits, what a supervisor may do, the group and the
 * printing of the badge; the row below them. */
static int desk_lines(const struct curses_display *c, int y,
                      const struct station_result *r)
{
    char line[900];
    /* A screen's line: cut to its room on purpose. */
    text_cut_mark(line, sizeof(line),
                  snprintf(line, sizeof(line),
                           /* TRANSLATORS: the badge name, " - " and the
                            * pronouns (when given), the ticket type, then
                            * the order's code and its status. */
                           _("%s%s%s | %s | order %s %s"), r->badge_name,
                           r->pronouns[0] ? " - " : "", r->pronouns,
                           r->ticket_type, r->order_code,
                           order_status_word(r->order_status)));
    y = wrapped(y, 2, line, LINES - 4);
    /* The lines under the first start under its tutorial: spaces as
     * many columns wide as the label, in any language. */
    const char *label = _("Tutorials:");
    int under = (int)text_columns(label);
    char blank[64];
    snprintf(blank, sizeof(blank), "%*s", under < 63 ? under : 63, "");
    for (size_t i = 0; i < station_result_ntutorials(r); i++) {
        const struct station_tutorial *t = station_result_tutorial(r, i);
        snprintf(line, sizeof(line), "%s %s (%s, %s)%s%s", i ? blank : label,
                 station_tutorial_title(r, t), station_tutorial_room(r, t),
                 station_slot_shown(station_tutorial_slot(r, t)),
                 t->clash ? " - " : "", station_tutorial_clash(t));
        if (t->clash)
            attron(A_BOLD);
        y = wrapped(y, 2, line, LINES - 4);
        attroff(A_BOLD);
    }
    if (r->tutorials_more) {
        snprintf(line, sizeof(line),
                 /* TRANSLATORS: %s is "Tutorials:" or spaces as wide. */
                 ngettext("%s and %zu more (their tickets print with the "
                          "badge).",
                          "%s and %zu more (their tickets print with the "
                          "badge).",
                          r->tutorials_more),
                 station_result_ntutorials(r) ? blank : label,
                 r->tutorials_more);
        y = wrapped(y, 2, line, LINES - 4);
    }
    char earlier[STATION_SENTENCE_CAP];
    if (station_result_history(r, earlier, sizeof(earlier))[0]) {
        snprintf(line, sizeof(line), _("Earlier: %s"), earlier);
        y = wrapped(y, 2, line, LINES - 4);
    }
    char needs[NEEDS_LINE_CAP]; /* issue 55 item 2 */
    if (needs_line(station_result_needs(r), station_result_nneeds(r), false,
                   needs, sizeof(needs))[0])
        y = wrapped(y, 2, needs, LINES - 4);
    if (r->overridable && station_result_recorded(r))
        y = wrapped(y, 2,
                    _("A supervisor may check them in anyway: press "
                      "Ctrl-O and give the reason."),
                    LINES - 4);
    y = group_lines(c, y, r);
    if (r->decision == DECISION_ADMIT &&
        r->reason != STATION_REASON_GROUP_CHECKED_IN) {
        bool tickets = station_result_ntutorials(r) || r->tutorials_more;
        const char *said;
        char why[STATION_TEXT_CAP];
        if (r->print == STATION_PRINT_OWED || r->print == STATION_PRINT_QUEUED)
            said = tickets ? _("Printing the badge and tutorial tickets...")
                           : _("Printing the badge...");
        else if (r->print == STATION_PRINT_PRINTED)
            said = tickets ? _("Printed the badge and tutorial tickets.")
                           : _("Printed the badge.");
        else if (r->print == STATION_PRINT_SENT)
            said = tickets
                       ? _("Sent the badge and tutorial tickets; this printer "
                           "cannot confirm they printed, so check that they "
                           "came out.")
                       : _("Sent the badge; this printer cannot confirm it "
                           "printed, so check that it came out.");
        else
            said = station_print_error(r)[0]
                       ? ck_error_text(station_print_why(r), why, sizeof(why))
                       : _("No printer at this desk.");
        snprintf(line, sizeof(line), "%s", said);
        y = wrapped(y, 2, line, LINES - 4);
    }
    return y;
}

/* The last verdict in block letters, its sentence, seat and lists and,
 * at a desk, the person; the row below them. */
static int verdict_lines(const struct curses_display *c, int y)
{
    const struct station_result *r = &c->last;
    const char *w = station_verdict_word(r);
    attron(A_BOLD);
    curses_big_word(y + 1, w);
    y += 7;
    /* The name in block letters too, when the screen has room for it
     * and the verdict text below. */
    char name[64];
    char said_big[STATION_SENTENCE_CAP];
    /* The triage's line is what it says: large, in place of the name. */
    const char *big =
        station_result_has(r, STATION_TRAIT_SORTS) &&
                r->decision != DECISION_DENY
            ? station_result_sentence(r, said_big, sizeof(said_big))
            : r->badge_name;
    /* The auction's paddle, large, in place of the name. */
    if (station_result_has(r, STATION_TRAIT_PADDLES) && r->paddle > 0) {
        snprintf(said_big, sizeof(said_big), _("Paddle %d"), r->paddle);
        big = said_big;
    }
    if (r->personal && big[0] && LINES >= 28 &&
        curses_big_name(big, (size_t)(COLS - 4) / 6, name, sizeof(name)) &&
        (big == r->badge_name || strlen(name) == strlen(big))) {
        curses_big_text(y, name, 1);
        y += 6;
    } else {
        y++;
    }
    char line[900];
    snprintf(line, sizeof(line), "%s  %s  (%s)", w,
             r->personal && r->badge_name[0] ? r->badge_name : "",
             station_reason_token(r->reason));
    put(y++, 2, line, strlen(line), COLS - 4);
    attroff(A_BOLD);
    if (station_result_attention(r)[0]) {
        /* pretix's "requires attention" (issue 49): red on white, first
         * under the verdict, where no volunteer misses it. */
        attron(COLOR_PAIR(PAIR_ALERT) | A_BOLD | A_REVERSE);
        snprintf(line, sizeof(line), _("ATTENTION: %s"),
                 station_result_attention(r));
        y = wrapped(y, 2, line, LINES - 4);
        attroff(COLOR_PAIR(PAIR_ALERT) | A_BOLD | A_REVERSE);
    }
    char said[STATION_SENTENCE_CAP];
    y = wrapped(y, 2, station_result_sentence(r, said, sizeof(said)),
                LINES - 4);
    if (station_result_seat(r)[0]) {
        attron(A_BOLD);
        snprintf(line, sizeof(line), _("SEAT: %s"), station_result_seat(r));
        y = wrapped(y, 2, line, LINES - 4);
        attroff(A_BOLD);
    }
    y = list_lines(y, r);
    y++;
    if (r->personal && r->attendee_id &&
        station_result_has(r, STATION_TRAIT_CHECKS_IN))
        y = desk_lines(c, y, r);
    else if (station_result_has(r, STATION_TRAIT_PADDLES))
        y = paddle_label_line(y, r);
    if (!station_result_recorded(r)) {
        /* Red on white: it stands out on every verdict's colour. */
        attron(COLOR_PAIR(PAIR_ALERT) | A_BOLD | A_REVERSE);
        char why[sizeof(line)];
        snprintf(line, sizeof(line), _("NOT RECORDED: %s"),
                 ck_error_text(station_record_why(r), why, sizeof(why)));
        y = wrapped(y, 2, line, LINES - 3);
        attroff(COLOR_PAIR(PAIR_ALERT) | A_BOLD | A_REVERSE);
    }
    return y;
}

/* The results of a search from row y, then the message and the start's
 * notices above the prompt. */
static void results_and_notices(const struct curses_display *c, int y)
{
    /* A result may take two lines: enough to tell people apart. */
    for (int i = 0; i < c->nresults && y < LINES - 3; i++) {
        char line[620];
        snprintf(line, sizeof(line), "%d  %s", i + 1, c->results[i]);
        y = wrapped(y, 4, line, y + 2 < LINES - 3 ? y + 2 : LINES - 3);
    }
    int bottom = LINES - 1; /* the first row below the messages */
    if (c->message[0]) {
        /* Up to three lines above the prompt: a warning's advice comes
         * at its end. */
        int w = COLS - 2 > 10 ? COLS - 2 : 10;
        int n = (int)((strlen(c->message) + (size_t)w - 1) / (size_t)w);
        n = n < 1 ? 1 : n > 3 ? 3 : n;
        wrapped(LINES - 1 - n, 1, c->message, LINES - 1);
        bottom -= n;
    }
    if (c->notice[0]) {
        /* The start's notices above it, each from a row of its own, a
         * blank row below them. */
        char one[sizeof(c->notice)];
        int n = 0;
        for (const char *p = c->notice; *p; p += strcspn(p, "\n") + 1) {
            snprintf(one, sizeof(one), "%.*s", (int)strcspn(p, "\n"), p);
            n += wrap(0, 1, one, LINES, false);
            if (!p[strcspn(p, "\n")])
                break;
        }
        int top = bottom - n - 1 > y ? bottom - n - 1 : y;
        for (const char *p = c->notice; *p; p += strcspn(p, "\n") + 1) {
            snprintf(one, sizeof(one), "%.*s", (int)strcspn(p, "\n"), p);
            top = wrapped(top, 1, one, bottom - 1);
            if (!p[strcspn(p, "\n")])
                break;
        }
    }
}

/* The prompt for what the screen is asking now. */
static const char *prompt_of(struct curses_display *c)
{
    const char *prompt;
    switch (c->in) {
    case IN_SEARCH:
        prompt = _("Search name/email/order: ");
        break;
    case IN_PICK:
        prompt = _("Press 1-9 to choose, / to search again, Esc to go "
                   "back: ");
        break;
    case IN_CONFIRM:
        prompt = confirm_prompt(c);
        break;
    case IN_NOTE:
        prompt = _("Rating 1-5 and note (e.g. '4 wants a demo'), Enter: ");
        break;
    case IN_REPRINT:
        prompt = _("Reprint reason (lost, damaged, name change), Enter: ");
        break;
    case IN_OVERRIDE:
        prompt = c->override_group
                     ? _("OVERRIDE for those of the order left out: "
                         "supervisor's reason, Enter checks them in, Esc "
                         "cancels: ")
                     : _("OVERRIDE: supervisor's reason, Enter checks in, Esc "
                         "cancels: ");
        break;
    case IN_UNDO:
    case IN_PIN:
        prompt = pin_prompt(c);
        break;
    case IN_WALKIN:
        prompt = _(WALKIN_PROMPTS[c->step]);
        break;
    case IN_SWAP:
        prompt = _("SWAP: the size to hand instead, Enter; Esc cancels: ");
        break;
    case IN_CUNDO:
        prompt = _("UNDO handing over: why, in a few words, Enter; Esc "
                   "cancels: ");
        break;
    case IN_CORRECT:
        prompt = correct_prompt(c);
        break;
    case IN_ASK:
        prompt = curses_ask_prompt(c);
        break;
    case IN_ROLL:
        prompt = _("NEW ROLL loaded: labels on it (Enter alone: as many as "
                   "the last), Esc cancels: ");
        break;
    default:
        prompt = curses_scan_prompt(c);
    }
    return prompt;
}

void curses_draw(struct curses_display *c)
{
    bkgdset(' ' | (c->have_result ? COLOR_PAIR(pair(&c->last)) : 0));
    erase();
    curses_names_of(c->have_result ? &c->last : NULL);
    head_lines(c);
    int y = 3;
    if (c->in == IN_WALKIN && c->step == WALKIN_TUTORIALS) {
        /* In place of the last verdict: the choices. */
        mvaddstr(++y, 2, _("Tutorials:"));
        for (int i = 0; i < c->ntutorials && y < LINES - 5; i++)
            y = wrapped(y + 1, 4, c->tutorials[i], LINES - 5) - 1;
    } else if (c->in == IN_CORRECT) {
        y = correct_lines(c, y + 1);
    } else if (c->have_result) {
        y = verdict_lines(c, y);
    } else {
        mvaddstr(y + 3, 2, _("Ready: show a code to the camera or scanner."));
        y += 5;
    }
    results_and_notices(c, y);
    const char *prompt = prompt_of(c);
    /* What is typed stays in view: a prompt too long for the line beside
     * it gives way to a short one.  But the confirmation keeps its
     * prompt, who is about to be checked in: the digit typed is in it. */
    bool typed_shown = true;
    if (c->len && (int)strlen(prompt) + (int)c->len + 1 > COLS) {
        if (c->in == IN_CONFIRM)
            typed_shown = false;
        else
            prompt = c->in == IN_SCAN ? _("Scan or type a code: ") : "> ";
    }
    attron(A_REVERSE);
    mvhline(LINES - 1, 0, ' ', COLS);
    mvaddnstr(LINES - 1, 0, prompt, COLS);
    int px = getcurx(stdscr);
    if (c->in == IN_PIN)
        stars(c, px);
    else if (typed_shown)
        put(LINES - 1, px, c->buf, c->len, COLS - px);
    attroff(A_REVERSE);
    refresh();
}

static void c_show(display *d, const struct station_result *r)
{
    struct curses_display *c = (struct curses_display *)d;
    /* Kept whole for the print outcomes and keys that follow. */
    station_result_free(&c->last);
    c->have_result = station_result_copy(&c->last, r) == CK_OK;
    c->group_printed = c->group_failed = c->group_sent = 0;
    c->message[0] = '\0';
    c->notice[0] = '\0';
    c->nresults = 0;
    if (station_result_has(r, STATION_TRAIT_LEADS) &&
        r->decision == DECISION_ADMIT && r->lead_seq) {
        c->in = IN_NOTE;
        c->note_seq = r->lead_seq;
        c->len = 0;
    } else if (r->reason == STATION_REASON_QUESTION &&
               station_result_recorded(r) && c->have_result) {
        /* pretix's questions, asked at once (issue 49). */
        curses_ask_open(c);
    } else if (c->in == IN_NOTE || c->in == IN_PICK || c->in == IN_CONFIRM ||
               c->in == IN_ASK) {
        c->in = IN_SCAN;
        c->len = 0;
    }
    if (r->decision == DECISION_DENY || !station_result_recorded(r))
        beep();
    curses_draw(c);
}

/* A label of a group's member, counted on the group's verdict if that is
 * the one on the screen. */
static bool group_member_printed(struct curses_display *c,
                                 const struct station_result *r)
{
    if (!c->have_result || c->last.reason != STATION_REASON_GROUP_CHECKED_IN)
        return false;
    const struct station_group_member *m;
    for (size_t i = 0; (m = station_result_group(&c->last, i)) != NULL; i++) {
        if (!m->done || m->attendee_id != r->attendee_id)
            continue;
        c->group_printed++;
        if (r->print == STATION_PRINT_SENT)
            c->group_sent++;
        if (station_print_error(r)[0]) {
            c->group_failed++;
            /* the screen keeps the verdict without it if out of memory */
            station_result_set_print_error(&c->last, station_print_why(r));
        }
        return true;
    }
    return false;
}

/* The outcome of printing: on the decision shown, if it is still the
 * one on the screen, else as a message (a fault matters even when the
 * desk has moved on to the next person). */
static void c_printed(display *d, const struct station_result *r)
{
    struct curses_display *c = (struct curses_display *)d;
    if (group_member_printed(c, r)) {
        /* counted on the group's verdict */
    } else if (c->have_result && c->last.attendee_id == r->attendee_id &&
               (c->last.print == STATION_PRINT_OWED ||
                c->last.print == STATION_PRINT_QUEUED)) {
        c->last.print = r->print;
        station_result_set_print_error(&c->last, station_print_why(r));
    } else if (station_print_error(r)[0]) {
        char why[STATION_TEXT_CAP];
        snprintf(c->message, sizeof(c->message), _("Labels for %s: %s"),
                 r->badge_name[0] ? r->badge_name : _("a reprint"),
                 ck_error_text(station_print_why(r), why, sizeof(why)));
    }
    char labels[STATION_STOCK_CAP];
    if (station_labels_sentence(&r->labels, labels, sizeof(labels))[0])
        text_cut_mark(
            c->stock, sizeof(c->stock),
            snprintf(c->stock, sizeof(c->stock), _("Labels: %s"), labels));
    if (station_print_error(r)[0])
        beep();
    curses_draw(c);
}

/* "Ticket types: individual, student, ..." for the walk-in's form. */
static void type_list(struct curses_display *c, station *st)
{
    struct registration_ticket_type types[32];
    size_t n = 0;
    struct ck_error ignored = {0};
    if (station_ticket_types(st, types, sizeof(types) / sizeof(types[0]), &n,
                             &ignored))
        n = 0;
    int len = snprintf(c->types, sizeof(c->types), "%s", _("Ticket types:"));
    for (size_t i = 0; i < n && len > 0 && (size_t)len < sizeof(c->types); i++)
        len += snprintf(c->types + len, sizeof(c->types) - (size_t)len, "%s %s",
                        i ? "," : "", types[i].slug);
}

/* The walk-in's tutorial lines, seats as of now: "asyncio-practice
 * Wed 09:00-12:30 8 seats left  Async Python in practice ...", a full or
 * past one saying so. */
void curses_tutorial_list(struct curses_display *c, const station *st)
{
    struct station_walkin_tutorial t[48];
    size_t n = 0;
    struct ck_error ignored = {0};
    if (station_walkin_tutorials(st, t, sizeof(t) / sizeof(t[0]), &n, &ignored))
        n = 0;
    for (size_t i = 0; i < n; i++) {
        char seats[40];
        if (!strcmp(t[i].closed, "full"))
            snprintf(seats, sizeof(seats), "%s", _("FULL, cannot be taken"));
        else if (t[i].closed[0])
            snprintf(seats, sizeof(seats), "%s", _("OVER, cannot be taken"));
        else
            snprintf(seats, sizeof(seats),
                     ngettext("%ld seat left", "%ld seats left",
                              (unsigned long)t[i].seats_left),
                     t[i].seats_left);
        snprintf(c->tutorials[i], sizeof(c->tutorials[i]), "%-22s %s  %s  %s",
                 t[i].slug, station_slot_shown(t[i].slot), seats, t[i].title);
    }
    c->ntutorials = (int)n;
}

/* A sprint station's projects to choose from by number (issue 56 item
 * 2): "1 CPython  [2 Django]  3 pip", the one checked in to now in
 * brackets, in `out`. */
static void project_list(station *st, char *out, size_t cap)
{
    struct sprint_project *v = NULL;
    size_t n = 0;
    char now[SPRINT_SLUG_CAP] = "", list[500] = "";
    struct ck_error e;
    if (station_sprint_projects(st, &v, &n, now, sizeof(now), &e))
        n = 0;
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof(list); i++) {
        bool on = !strcmp(v[i].slug, now);
        int k = snprintf(list + used, sizeof(list) - used, "%s%s%zu %s%s",
                         i ? "  " : "", on ? "[" : "", i + 1, v[i].title,
                         on ? "]" : "");
        if (k < 0)
            break;
        used += (size_t)k;
    }
    free(v);
    if (!n)
        snprintf(out, cap, "%s",
                 _("No sprint project yet; add one with checkin sprints "
                   "EVENT.db add-project."));
    else
        /* TRANSLATORS: a sprint station's projects, each with its number
         * ("1 CPython  [2 Django]  3 pip", the one now in brackets). */
        snprintf(out, cap, _("Project: type its number and Enter: %s"), list);
}

static void c_status(display *d, const station *st)
{
    struct curses_display *c = (struct curses_display *)d;
    struct station_counters n = station_counters(st);
    c->st = st;
    c->supervised = station_supervised(st);
    if (station_has(st, STATION_TRAIT_WALKINS) && !c->types[0])
        type_list(c, (station *)st);
    snprintf(c->status, sizeof(c->status), "%s   [%s]", station_title(st),
             station_name(st));
    if (station_has(st, STATION_TRAIT_CHECKS_IN)) {
        snprintf(c->counters, sizeof(c->counters),
                 _("Checked in: %ld   Scans here: %ld%s"), n.checked_in,
                 n.scans, n.not_recorded ? _("   NOT RECORDED: some") : "");
    } else if (station_has(st, STATION_TRAIT_ROOM)) {
        /* A door holding a seat lease says how many seats are its own. */
        char seats[64] = "";
        if (n.leased)
            snprintf(seats, sizeof(seats), _("   Seats here: %ld, taken: %ld"),
                     n.seats_here, n.seats_taken);
        snprintf(c->counters, sizeof(c->counters),
                 _("Inside: %ld / %ld%s   Direction: %s   Scans here: %ld"),
                 n.inside, n.capacity, seats,
                 station_direction(st) == DIRECTION_OUT ? _("OUT (leaving)")
                                                        : _("IN (entering)"),
                 n.scans);
    } else if (station_has(st, STATION_TRAIT_LEADS)) {
        snprintf(c->counters, sizeof(c->counters),
                 _("Leads: %ld   Scans here: %ld"), n.leads, n.scans);
    } else if (station_has(st, STATION_TRAIT_PROJECTS)) {
        project_list((station *)st, c->counters, sizeof(c->counters));
    }
    curses_draw(c);
}

/* A search result with enough to tell people of one name apart, as the
 * web screen lists it: company, the email's domain (not the address),
 * order, ticket type, status when not paid, checked in or not. */
static void result_line(const struct attendee *a, char *out, size_t cap)
{
    const char *at = a->email ? strrchr(a->email, '@') : NULL;
    char full[4 * 200 + 2];
    snprintf(full, sizeof(full), "%s %s", a->given_name, a->family_name);
    int n = strcmp(full, a->badge_name)
                ? snprintf(out, cap, "%s (%s)", a->badge_name, full)
                : snprintf(out, cap, "%s", a->badge_name);
    const char *parts[] = {a->company, at && at[1] ? at : "",
                           a->order_code[0] ? _("order") : "", a->order_code,
                           a->ticket_type_label};
    for (size_t i = 0; n > 0 && (size_t)n < cap && i < 5; i++)
        if (parts[i] && parts[i][0])
            n += snprintf(out + n, cap - (size_t)n, "%s%s",
                          i == 3 ? " " : " \u00b7 ", parts[i]);
    if (n > 0 && (size_t)n < cap && a->status != STATUS_PAID)
        n += snprintf(out + n, cap - (size_t)n, " \u00b7 %s",
                      order_status_word(order_status_str(a->status)));
    if (n > 0 && (size_t)n < cap)
        snprintf(out + n, cap - (size_t)n, " \u00b7 %s",
                 a->checkin_ms ? _("checked in") : _("not checked in"));
}

static void c_results(display *d, const struct attendee_list *l)
{
    struct curses_display *c = (struct curses_display *)d;
    c->nresults = 0;
    if (!l) {
        if (c->in == IN_PICK)
            c->in = IN_SCAN;
        curses_draw(c);
        return;
    }
    for (size_t i = 0; i < l->n && i < 9; i++) {
        result_line(&l->items[i], c->results[i], sizeof(c->results[i]));
        c->result_ids[i] = l->items[i].id;
        c->nresults++;
    }
    c->in = c->nresults ? IN_PICK : IN_SCAN;
    c->have_result = c->have_result && !c->nresults;
    curses_draw(c);
}

/* A sentence said once at start: kept beside any said before it (a
 * station on a new address, then the desk's supervisor notice), until
 * the first decision. */
static void c_notice(display *d, const char *text)
{
    struct curses_display *c = (struct curses_display *)d;
    size_t used = strlen(c->notice);
    snprintf(c->notice + used, sizeof(c->notice) - used, "%s%s",
             used ? "\n" : "", text);
    curses_draw(c);
}

static void c_message(display *d, const char *text)
{
    struct curses_display *c = (struct curses_display *)d;
    snprintf(c->message, sizeof(c->message), "%s", text);
    curses_draw(c);
}

/* A resized terminal: ncurses' own SIGWINCH handler notes it for get_wch,
 * but the loop sleeps in poll() and the signal may go to any thread.  So
 * the handler is wrapped: it runs, then a byte on this pipe wakes the
 * loop (c_wait_fds).  One terminal screen per process. */
static int winch_pipe[2] = {-1, -1};
static struct sigaction curses_winch;

static void on_winch(int sig)
{
    int saved = errno;
    if (curses_winch.sa_flags & SA_SIGINFO)
        curses_winch.sa_sigaction(sig, NULL, NULL);
    else if (curses_winch.sa_handler != SIG_DFL &&
             curses_winch.sa_handler != SIG_IGN)
        curses_winch.sa_handler(sig);
    if (write(winch_pipe[1], "w", 1) < 0) {
        /* Full: the loop is woken already. */
    }
    errno = saved;
}

static void watch_resize(void)
{
    if (pipe2(winch_pipe, O_CLOEXEC | O_NONBLOCK)) {
        winch_pipe[0] = winch_pipe[1] = -1;
        return;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_winch;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, &curses_winch);
}

static void unwatch_resize(void)
{
    if (winch_pipe[0] < 0)
        return;
    sigaction(SIGWINCH, &curses_winch, NULL);
    close(winch_pipe[0]);
    close(winch_pipe[1]);
    winch_pipe[0] = winch_pipe[1] = -1;
}

static int c_poll(display *d, int timeout_ms, struct display_event *ev)
{
    struct curses_display *c = (struct curses_display *)d;
    ev->kind = DISPLAY_NONE;
    char drain[64];
    while (winch_pipe[0] >= 0 && read(winch_pipe[0], drain, sizeof(drain)) > 0)
        ;
    timeout(timeout_ms);
    for (;;) {
        wint_t ch;
        int type = get_wch(&ch);
        if (type == ERR)
            break;
        /* An acknowledgement takes one key, y or n (issue 55). */
        bool done = type == OK && curses_ask_one_key(c, ch, ev)
                        ? curses_ask_field(c, ev)
                        : curses_key(c, type, ch, ev);
        timeout(0);
        if (done)
            break;
    }
    /* Until the next poll, a refused edit is this screen's to show. */
    c->fix.sent = ev->kind == DISPLAY_EDIT;
    curses_draw(c);
    return CK_OK;
}

static void c_free(display *d)
{
    json_decref(((struct curses_display *)d)->walkin);
    json_decref(((struct curses_display *)d)->ask.given);
    station_result_free(&((struct curses_display *)d)->last);
    unwatch_resize();
    endwin();
    free(d);
}

static void c_link(display *d, const struct display_link *l)
{
    struct curses_display *c = (struct curses_display *)d;
    display_link_text(l, c->link, sizeof(c->link));
    c->offline = !l->online;
    curses_draw(c);
}

/* The forecast started over by a new roll (issue 30), in the header. */
static void c_stock(display *d, const char *text)
{
    struct curses_display *c = (struct curses_display *)d;
    snprintf(c->stock, sizeof(c->stock), "Labels: %s", text);
    curses_draw(c);
}

/* A correction refused as a whole (issue 30): in the form that sent it,
 * not after it closed. */
static void c_refused(display *d, enum display_event_kind kind,
                      const char *text)
{
    struct curses_display *c = (struct curses_display *)d;
    if (kind != DISPLAY_EDIT || !c->fix.sent) {
        c_message(d, text);
        return;
    }
    curses_correct_again(c, text);
    curses_draw(c);
}

/* Whether standard input may still bring keys.  A terminal, pipe or
 * socket blocks until it does, unless hung up with nothing left to read;
 * a regular file until read to its end (c_poll takes every key already
 * there); anything else (/dev/null: a station started by a service
 * manager, `--web` its only input) never does. */
static bool keys_may_come(struct curses_display *c)
{
    if (c->keys_ended)
        return false;
    struct stat st;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    if (fstat(STDIN_FILENO, &st))
        c->keys_ended = true;
    else if (S_ISREG(st.st_mode))
        c->keys_ended = lseek(STDIN_FILENO, 0, SEEK_CUR) >= st.st_size;
    else if (isatty(STDIN_FILENO) || S_ISFIFO(st.st_mode) ||
             S_ISSOCK(st.st_mode))
        c->keys_ended = poll(&p, 1, 0) == 1 && !(p.revents & POLLIN) &&
                        (p.revents & (POLLHUP | POLLERR | POLLNVAL));
    else
        c->keys_ended = true;
    return !c->keys_ended;
}

/* The terminal's keys (get_wch in c_poll takes every key already there,
 * so a readable standard input is all that brings more) while they may
 * come, and its resizes; -1 (the loop's 50 ms turn) when resizes cannot
 * be watched. */
static int c_wait_fds(display *d, struct pollfd *fds, int cap)
{
    struct curses_display *c = (struct curses_display *)d;
    if (cap < 2 || winch_pipe[0] < 0)
        return -1;
    int n = 0;
    if (keys_may_come(c))
        fds[n++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
    fds[n++] = (struct pollfd){winch_pipe[0], POLLIN, 0};
    return n;
}

/* A correction saved (issue 30): the person on the screen shows with
 * their badge name now, and a changed one is offered the reprint. */
static void c_corrected(display *d, int64_t attendee_id, const char *name,
                        const char *was, const char *text)
{
    struct curses_display *c = (struct curses_display *)d;
    if (c->have_result && c->last.attendee_id == attendee_id)
        snprintf(c->last.badge_name, sizeof(c->last.badge_name), "%s", name);
    display_reprint_hint(text, was, DISPLAY_REPRINT_CTRL_R, c->message,
                         sizeof(c->message));
    curses_draw(c);
}

/* A phone's read sent again, decided before (r->again): a line under the
 * verdict on the screen, which stays with its keys (the desk's reprint,
 * override or undo are still of the person shown); no bell, no print. */
static void c_again(display *d, const struct station_result *r)
{
    struct curses_display *c = (struct curses_display *)d;
    station_repeat_sentence(r, c->message, sizeof(c->message));
    curses_draw(c);
}

static const struct display_ops CURSES_OPS = {
    c_show,    c_printed,  c_status,    c_results, c_message,
    c_poll,    c_free,     c_link,      c_notice,  c_stock,
    c_refused, c_wait_fds, c_corrected, NULL,      c_again};

int display_curses_new(display **out, struct ck_error *err)
{
    *out = NULL;
    /* Characters only: messages keep the language set (checkin/i18n.h),
     * numbers stay as JSON writes them. */
    setlocale(LC_CTYPE, "");
    struct curses_display *c = calloc(1, sizeof(*c));
    if (!c)
        return ck_said(err, CK_ENOMEM, _("Out of memory."));
    c->base.ops = &CURSES_OPS;
    if (!newterm(NULL, stdout, stdin)) {
        free(c);
        return ck_said(err, CK_EINVAL,
                       _("This terminal cannot show the station screen (TERM "
                         "is not set or unknown); set TERM or use --json."));
    }
    raw();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    watch_resize();
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(PAIR_ADMIT, COLOR_BLACK, COLOR_GREEN);
        init_pair(PAIR_DENY, COLOR_WHITE, COLOR_RED);
        init_pair(PAIR_WARN, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PAIR_OUT, COLOR_BLACK, COLOR_CYAN);
        init_pair(PAIR_HEAD, COLOR_WHITE, COLOR_BLUE);
        init_pair(PAIR_ALERT, COLOR_WHITE, COLOR_RED);
    }
    *out = &c->base;
    curses_draw(c);
    return CK_OK;
}
