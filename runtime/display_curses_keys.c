/* The terminal display's keys (issue 51): each key typed or scanned,
 * read by c_poll in display_curses.c, edits the line being typed, opens
 * a prompt or a form, or ends the line as an event for the station loop.
 * A scanner's burst is told from a person's typing here. */
#include <curses.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "checkin/display.h"
#include "checkin/i18n.h"
#include "checkin/util.h"
#include "display_curses_priv.h"

/* A barcode scanner types a whole code at a few milliseconds a key and
 * ends it with Enter; a person does not.  The keys since the last pause
 * of BURST_PAUSE_MS, Enter included, are a scan when there are at least
 * BURST_KEYS of them at under BURST_MEAN_MS a key on average: the web
 * screen's rule (station.js, scannerBurst).  The pause is longer than the
 * 50 ms the station loop may wait on a camera between two reads of the
 * keys, so that such a wait does not split one scan in two. */
#define BURST_KEYS 6
#define BURST_MEAN_MS 35
#define BURST_PAUSE_MS 100

static void add_char(struct curses_display *c, wint_t ch)
{
    char mb[8];
    mbstate_t ps;
    memset(&ps, 0, sizeof(ps));
    size_t n = wcrtomb(mb, (wchar_t)ch, &ps);
    if (n == (size_t)-1 || c->len + n >= sizeof(c->buf))
        return;
    memcpy(c->buf + c->len, mb, n);
    int64_t now = util_mono_ms();
    for (size_t i = 0; i < n; i++)
        c->typed_ms[c->len + i] = now;
    c->len += n;
}

/* ---- a supervisor's PIN (issue 30) ---- */

void curses_wipe_line(struct curses_display *c)
{
    sodium_memzero(c->buf, sizeof(c->buf));
    c->len = 0;
}

/* Enter on an empty line under a group's offer (issue 30.5): check the
 * others of the order in.  A scanner's Enter always ends a code, so an
 * empty one is the volunteer's. */
static bool group_confirmed(struct curses_display *c, struct display_event *ev)
{
    if (!curses_has(c, STATION_TRAIT_CHECKS_IN) || !c->have_result ||
        !(c->last.group_offer || c->last.preprint_offer) ||
        !station_result_recorded(&c->last) || !c->last.attendee_id)
        return false;
    /* One Enter, one confirm: a pre-printed badge's first (issue 55). */
    if (c->last.preprint_offer)
        c->last.preprint_offer = false;
    else
        c->last.group_offer = false;
    ev->kind = DISPLAY_GROUP;
    ev->id = c->last.attendee_id;
    return true;
}

/* ---- the search (issue 30): a scan mid-search, a choice confirmed ---- */

/* Where in `buf` a scanner's burst that Enter (at `now`) ends begins, or
 * c->len when the line's end was typed by a person. */
static size_t burst_start(const struct curses_display *c, int64_t now)
{
    size_t i = c->len, keys = 0;
    int64_t next = now, last = 0;
    while (i > 0) {
        size_t j = i - 1;
        while (j > 0 && (c->buf[j] & 0xc0) == 0x80)
            j--; /* the key's first byte */
        if (next - c->typed_ms[j] > BURST_PAUSE_MS)
            break;
        if (!keys)
            last = c->typed_ms[j];
        next = c->typed_ms[j];
        keys++;
        i = j;
    }
    if (keys < BURST_KEYS ||
        (last - next) / (int64_t)(keys - 1) >= BURST_MEAN_MS)
        return c->len;
    return i;
}

/* Enter while searching or choosing: a scanner's burst is a code (what
 * was typed before it stays in the search line), never a search nor a
 * choice.  True with the code in `ev`. */
static bool scanned_mid_search(struct curses_display *c,
                               struct display_event *ev)
{
    size_t from = burst_start(c, util_mono_ms());
    if (from == c->len)
        return false;
    snprintf(ev->text, sizeof(ev->text), "%.*s", (int)(c->len - from),
             c->buf + from);
    ev->kind = DISPLAY_CODE;
    c->len = c->in == IN_SEARCH ? from : 0;
    if (c->in != IN_SEARCH)
        c->in = IN_SCAN;
    return true;
}

/* Enter on a chosen result: the choice alone checks them in; anything
 * typed after it is refused with what to press. */
static bool confirmed(struct curses_display *c, struct display_event *ev)
{
    if (c->len != 1 || c->buf[0] != '1' + c->pick) {
        c->len = 1;
        c->buf[0] = (char)('1' + c->pick);
        snprintf(c->message, sizeof(c->message),
                 _("Press Enter alone to check in %d, Esc to choose again."),
                 c->pick + 1);
        return false;
    }
    c->len = 0;
    c->in = IN_SCAN;
    ev->kind = DISPLAY_PICK;
    ev->number = c->pick;
    return true;
}

/* Enter on a counter's undo (U): the why, sent with the redemption's
 * person; a scanner's code that began with U (U and the rest one burst,
 * no space in it) goes on as a code, as a swap's S does; an empty why is
 * asked again. */
static bool counter_undo_entered(struct curses_display *c,
                                 struct display_event *ev)
{
    c->buf[c->len] = '\0';
    if (c->len && burst_start(c, util_mono_ms()) == 0 &&
        c->typed_ms[0] - c->cundo_ms <= BURST_PAUSE_MS &&
        !strchr(c->buf, ' ') && (size_t)c->len + 1 < sizeof(ev->text)) {
        /* "U" and the burst, whole: a cut code would be another. */
        ev->text[0] = 'U';
        memcpy(ev->text + 1, c->buf, (size_t)c->len + 1);
        ev->kind = DISPLAY_CODE;
        c->len = 0;
        c->in = IN_SCAN;
        return true;
    }
    if (!c->len) {
        snprintf(c->message, sizeof(c->message), "%s",
                 _("Say why in a few words (such as 'wrong person scanned'), "
                   "then Enter; Esc keeps the redemption."));
        return false;
    }
    snprintf(ev->text, sizeof(ev->text), "%s", c->buf);
    ev->kind = DISPLAY_UNDO;
    ev->id = c->last.attendee_id;
    c->len = 0;
    c->in = IN_SCAN;
    return true;
}

/* Finish the line being typed; true if it produced an event. */
static bool enter(struct curses_display *c, struct display_event *ev)
{
    /* The LF of a scanner's CR LF (nothing typed since, within a burst's
     * pause) ends nothing: above all, it never confirms a group's offer
     * the code just made. */
    int64_t now = util_mono_ms();
    bool echo = now - c->enter_ms < BURST_PAUSE_MS && !c->typed_since_enter;
    c->enter_ms = now;
    c->typed_since_enter = false;
    if (echo && c->in != IN_PIN)
        return false;
    if (c->in == IN_PIN)
        return curses_pin_entered(c, ev);
    if ((c->in == IN_SEARCH || c->in == IN_PICK || c->in == IN_CONFIRM) &&
        scanned_mid_search(c, ev))
        return true;
    if (c->in == IN_CONFIRM)
        return confirmed(c, ev);
    if (c->in == IN_CUNDO)
        return counter_undo_entered(c, ev);
    c->buf[c->len] = '\0';
    snprintf(ev->text, sizeof(ev->text), "%s", c->buf);
    size_t len = c->len;
    c->len = 0;
    switch (c->in) {
    case IN_SCAN:
        if (!len)
            return group_confirmed(c, ev);
        ev->kind = DISPLAY_CODE;
        return true;
    case IN_SEARCH:
        c->in = IN_SCAN;
        if (!len)
            return false;
        ev->kind = DISPLAY_SEARCH;
        return true;
    case IN_NOTE: {
        c->in = IN_SCAN;
        /* A wedge scanner's next badge arrives as typed text. */
        if (!strncmp(ev->text, "CK", 2) && len > 100) {
            ev->kind = DISPLAY_CODE;
            return true;
        }
        if (!len)
            return false;
        const char *p = ev->text;
        int rating = 0;
        if (*p >= '1' && *p <= '5' && (p[1] == ' ' || !p[1])) {
            rating = *p - '0';
            p += p[1] ? 2 : 1;
        }
        memmove(ev->text, p, strlen(p) + 1);
        ev->kind = DISPLAY_NOTE;
        ev->number = rating;
        ev->id = c->note_seq;
        return true;
    }
    case IN_REPRINT:
        c->in = IN_SCAN;
        if (!len)
            return false;
        return curses_want_pin(c, DISPLAY_REPRINT, c->reprint_id, ev);
    case IN_UNDO:
        c->in = IN_SCAN;
        return curses_want_pin(c, DISPLAY_UNDO, c->pin_for.id, ev);
    case IN_PIN:
        return curses_pin_entered(c, ev);
    case IN_OVERRIDE:
        c->in = IN_SCAN;
        /* A wedge scanner's next badge arrives as typed text. */
        if (!strncmp(ev->text, "CK", 2) && len > 100) {
            ev->kind = DISPLAY_CODE;
            return true;
        }
        /* Even empty: the station says what a reason needs. */
        return curses_want_pin(
            c, c->override_group ? DISPLAY_GROUP_OVERRIDE : DISPLAY_OVERRIDE,
            c->override_id, ev);
    case IN_WALKIN:
        return curses_walkin_field(c, ev);
    case IN_CORRECT:
        return curses_correct_field(c, ev);
    case IN_ROLL:
        return curses_roll_said(c, ev, len);
    case IN_ASK:
        return curses_ask_field(c, ev);
    case IN_SWAP:
        c->in = IN_SCAN;
        /* A scanner's code that began with S goes on as a code. */
        if (len > 12) {
            size_t n = strlen(ev->text);
            if (n + 2 > sizeof(ev->text))
                n = sizeof(ev->text) - 2;
            memmove(ev->text + 1, ev->text, n);
            ev->text[0] = 'S';
            ev->text[n + 1] = '\0';
            ev->kind = DISPLAY_CODE;
            return true;
        }
        if (!len)
            return false;
        ev->kind = DISPLAY_SWAP;
        return true;
    case IN_PICK:
    case IN_CONFIRM:
    case IN_CUNDO:
        c->in = IN_SCAN;
        return false;
    }
    return false;
}

/* A counter's last redemption on the screen, its own to undo (issue
 * 29.4): the station says whether it is within its two minutes. */
static bool counter_undoable(const struct curses_display *c)
{
    return c->have_result && c->last.undoable &&
           station_result_recorded(&c->last) && c->last.attendee_id;
}

static void counter_undo_open(struct curses_display *c)
{
    c->in = IN_CUNDO;
    c->len = 0;
    c->cundo_ms = util_mono_ms();
    c->message[0] = '\0';
}

/* A control key that opens a prompt or a form (the override's, the
 * undo's, the correction's, the new roll's, the walk-in's, the
 * reprint's), or says why it cannot: true when `ch` is one of them. */
static bool form_key(struct curses_display *c, wint_t ch)
{
    switch (ch) {
    case 15: /* Ctrl-O */
        if (curses_has(c, STATION_TRAIT_OVERRIDES) && c->have_result &&
            (c->last.overridable || c->last.group_overridable) &&
            station_result_recorded(&c->last) && c->last.attendee_id) {
            c->in = IN_OVERRIDE;
            c->override_id = c->last.attendee_id;
            /* Else those of the order a group's offer or check-in left
             * out. */
            c->override_group = !c->last.overridable;
            c->len = 0;
        } else {
            snprintf(c->message, sizeof(c->message), "%s",
                     _("Ctrl-O overrides an unpaid, cancelled or refunded "
                       "registration the desk just refused; scan it first."));
        }
        return true;
    case 21: /* Ctrl-U */
        /* In a form or a prompt it clears the line typed, as in a line
         * editor (a correction's field comes filled with the file's
         * value); only on the scan line does it undo. */
        if (c->in != IN_SCAN && c->in != IN_PICK && c->in != IN_CONFIRM) {
            c->len = 0;
            memset(c->typed_ms, 0, sizeof(c->typed_ms));
            return true;
        }
        if (curses_has(c, STATION_TRAIT_SWAPS) && c->in == IN_SCAN &&
            c->len == 0 && counter_undoable(c)) {
            counter_undo_open(c);
            return true;
        }
        if (curses_has(c, STATION_TRAIT_UNDOES) && counter_undoable(c)) {
            c->in = IN_UNDO;
            c->pin_for.id = c->last.attendee_id;
            c->len = 0;
        } else {
            snprintf(c->message, sizeof(c->message), "%s",
                     _("Ctrl-U undoes the check-in on the screen; scan the "
                       "person or find them by name (/) first."));
        }
        return true;
    case 5: /* Ctrl-E */
        curses_correct_open(c);
        return true;
    case 12: /* Ctrl-L: a new roll of labels */
        if (curses_has(c, STATION_TRAIT_PRINTS)) {
            c->in = IN_ROLL;
            c->len = 0;
            c->message[0] = '\0';
        }
        return true;
    case 14: /* Ctrl-N */
        if (curses_has(c, STATION_TRAIT_WALKINS))
            curses_walkin_open(c);
        return true;
    case 18: /* Ctrl-R */
        if (curses_has(c, STATION_TRAIT_PRINTS) && c->have_result &&
            c->last.attendee_id) {
            c->in = IN_REPRINT;
            c->reprint_id = c->last.attendee_id;
            c->len = 0;
        } else {
            snprintf(c->message, sizeof(c->message), "%s",
                     _("Scan or search for the attendee first, then press "
                       "Ctrl-R to reprint."));
        }
        return true;
    default:
        return false;
    }
}

/* Any other key: under a search's list a digit chooses and / searches
 * again; on an empty scan line S swaps a counter's last redemption, U
 * undoes it and / opens the search; else a printable key is typed.
 * Never an event. */
static void typed_key(struct curses_display *c, wint_t ch)
{
    if (c->in == IN_PICK) {
        /* A digit chooses, and Enter confirms: a scanner's code that
         * begins with a digit then goes on as a code (scanned_mid_search),
         * and no one is checked in by a key alone. */
        if (ch >= '1' && ch <= '9' && (int)(ch - '1') < c->nresults) {
            c->pick = (int)(ch - '1');
            c->in = IN_CONFIRM;
            c->len = 0;
            add_char(c, ch);
            return;
        }
        if (ch == '/') {
            c->in = IN_SEARCH;
            c->len = 0;
            return;
        }
        c->in = IN_SCAN;
    }
    /* S on an empty line swaps a counter's last redemption (issue 29.4). */
    if (ch == 'S' && c->in == IN_SCAN && c->len == 0 &&
        curses_has(c, STATION_TRAIT_SWAPS) && c->have_result &&
        c->last.swappable && station_result_recorded(&c->last)) {
        c->in = IN_SWAP;
        return;
    }
    /* U on an empty line undoes it, asking why. */
    if (ch == 'U' && c->in == IN_SCAN && c->len == 0 &&
        curses_has(c, STATION_TRAIT_SWAPS) && counter_undoable(c)) {
        counter_undo_open(c);
        return;
    }
    /* Codes never start with '/', so it opens the search at the desk. */
    if (ch == '/' && c->in == IN_SCAN && c->len == 0 &&
        curses_has(c, STATION_TRAIT_SEARCHES)) {
        c->in = IN_SEARCH;
        return;
    }
    if (ch >= 32)
        add_char(c, ch);
}

bool curses_key(struct curses_display *c, int type, wint_t ch,
                struct display_event *ev)
{
    bool line_end =
        type == KEY_CODE_YES ? ch == KEY_ENTER : ch == '\r' || ch == '\n';
    if (!line_end && !(type == KEY_CODE_YES && ch == KEY_RESIZE))
        c->typed_since_enter = true; /* any key, Ctrl-U and Esc too */
    if (type == KEY_CODE_YES) {
        if (ch == KEY_BACKSPACE && c->len) {
            do
                c->len--;
            while (c->len && (c->buf[c->len] & 0xc0) == 0x80);
        } else if (ch == KEY_ENTER) {
            return enter(c, ev);
        } else if (ch == KEY_RESIZE) {
            curses_draw(c);
        }
        return false;
    }
    switch (ch) {
    case 3:  /* Ctrl-C */
    case 17: /* Ctrl-Q */
        ev->kind = DISPLAY_QUIT;
        return true;
    case '\r':
    case '\n':
        return enter(c, ev);
    case 27: /* Esc */
        curses_wipe_line(c);
        if (c->in == IN_CONFIRM) { /* back to the list */
            c->in = IN_PICK;
            c->message[0] = '\0';
            return false;
        }
        c->in = IN_SCAN;
        c->nresults = 0;
        c->message[0] = '\0';
        return false;
    case 127:
    case 8:
        if (c->len) {
            do
                c->len--;
            while (c->len && (c->buf[c->len] & 0xc0) == 0x80);
        }
        return false;
    case '\t':
        if (curses_has(c, STATION_TRAIT_EXITS) && c->len == 0) {
            ev->kind = DISPLAY_DIRECTION;
            return true;
        }
        return false;
    default:
        break;
    }
    if (!form_key(c, ch))
        typed_key(c, ch);
    return false;
}
