/* Private to the terminal display (display_curses.c, which draws it,
 * display_curses_keys.c, which reads its keys, display_curses_forms.c,
 * the walk-in's, the correction's and the new roll's forms and the
 * supervisor's PIN they may ask for, and display_curses_letters.c, the
 * block letters).  Nothing here is seen outside runtime/. */
#ifndef CHECKIN_RUNTIME_DISPLAY_CURSES_PRIV_H
#define CHECKIN_RUNTIME_DISPLAY_CURSES_PRIV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "checkin/display.h"
#include "checkin/registration.h"

enum input_mode {
    IN_SCAN,
    IN_SEARCH,
    IN_PICK,
    IN_NOTE,
    IN_REPRINT,
    IN_OVERRIDE,
    IN_UNDO,    /* the supervisor's words for an undo (issue 30) */
    IN_PIN,     /* a supervisor's PIN, shown as stars (issue 30) */
    IN_CONFIRM, /* a search result chosen: Enter checks them in (issue 30) */
    IN_WALKIN,  /* the walk-in's form, one field a line (issue 30) */
    IN_SWAP,    /* a counter's swap: the variation to hand instead (29.4) */
    IN_CUNDO,   /* a counter's undo of its last redemption: why, one line */
    IN_CORRECT, /* the correction's form, one field a line (issue 30) */
    IN_ROLL,    /* the labels on a new roll (issue 30) */
    IN_ASK      /* pretix's questions asked during check-in (issue 49) */
};

/* The walk-in's form at the terminal (Ctrl-N), one field a prompt. */
enum walkin_step {
    WALKIN_TYPE,
    WALKIN_GIVEN,
    WALKIN_FAMILY,
    WALKIN_EMAIL,
    WALKIN_COMPANY,
    WALKIN_TUTORIALS,
    WALKIN_PAYMENT,
    WALKIN_REASON,
    WALKIN_STEPS
};

/* The correction's form at the terminal (Ctrl-E), one field a prompt,
 * each holding the person's value in effect to keep or change. */
#define CORRECT_STEPS 6

struct curses_display {
    display base;
    bool have_result;
    struct station_result last;
    char status[600];
    char counters[600];
    char link[1400]; /* in step with the hub, or offline since */
    bool offline;
    char message[700];
    /* The sentences said once at start (display_ops.notice: no supervisor
     * set, where phones' kept reads wait), one after the other above the
     * message until the first decision: as messages, the second covered
     * the first. */
    char notice[1400];
    char results[9][600];
    int64_t result_ids[9];
    int nresults;
    /* Standard input brings no more keys (/dev/null, a file read to its
     * end, a pipe or terminal hung up): the loop no longer waits on it,
     * as it would be readable at every turn and the loop never sleep. */
    bool keys_ended;
    enum input_mode in;
    char buf[512];
    size_t len;
    /* When each byte of `buf` was typed (util_mono_ms), to tell a
     * scanner's burst from a person typing. */
    int64_t typed_ms[512];
    int pick; /* IN_CONFIRM: the result chosen */
    /* The last Enter, and whether a key came since: a scanner that ends
     * its codes with CR LF sends two line ends, the second no one's. */
    int64_t enter_ms;
    bool typed_since_enter;
    int64_t note_seq;
    int64_t cundo_ms; /* when U opened a counter's undo (IN_CUNDO) */
    int64_t reprint_id;
    int64_t override_id;
    bool override_group; /* IN_OVERRIDE: those a group's check-in left out */
    /* A supervisor's action waiting for the PIN (issue 30): the event it
     * becomes, its reason and whom it is for; whether the event has
     * supervisors at all (else no PIN is asked). */
    struct display_event pin_for;
    bool supervised;
    /* A group's check-in shown (issue 30.5): its members' labels whose
     * outcome came back, and those that failed. */
    int group_printed, group_failed;
    int group_sent; /* of those printed, sent to a printer that cannot confirm
                     */
    char stock[STATION_STOCK_CAP]; /* the label-stock forecast, latest */
    /* The walk-in's form (issue 30): the step, what was typed, and the
     * event's ticket types to say which may be typed. */
    enum walkin_step step;
    json_t *walkin;
    char types[400];
    /* The event's tutorials, one a line, with their seats left, read
     * when the form opens (not at every verdict) from the station the
     * status last showed. */
    char tutorials[48][200];
    int ntutorials;
    const station *st;
    /* The correction's form (issue 30): whom, the step, the values the
     * file holds and those typed so far; whether this screen's form sent
     * the edit the loop is deciding now (from the poll that returned it
     * to the next), and whether the form was opened again after a
     * refusal, its fields holding what was typed. */
    struct {
        int64_t id;
        int step;
        bool sent, again;
        /* the name known only whole (no family name, issue 49): the
         * given name's step takes it as one field, the family name's is
         * skipped */
        bool whole;
        char who[300];
        char was[CORRECT_STEPS][REGISTRATION_FIELD_MAX + 1];
        char now[CORRECT_STEPS][REGISTRATION_FIELD_MAX + 1];
    } fix;
    /* pretix's questions (issue 49): whom, the question being asked (of
     * c->last's), and the answers typed so far, an object of identifier
     * to answer. */
    struct {
        int64_t id;
        size_t step;
        json_t *given;
    } ask;
};

/* Whether the station on the screen has trait `t` (none before its
 * first status). */
static inline bool curses_has(const struct curses_display *c,
                              enum station_trait t)
{
    return c->st && station_has(c->st, t);
}

/* The event's tutorials with their seats left, as `st` reads them now. */
void curses_tutorial_list(struct curses_display *c, const station *st);
/* The whole screen drawn again from `c`. */
void curses_draw(struct curses_display *c);

/* ---- display_curses_keys.c ---- */

/* The line being typed emptied, and what was typed with it forgotten. */
void curses_wipe_line(struct curses_display *c);
/* One key from get_wch (`type` its answer, `ch` the key): true when it
 * made an event in *ev for the station loop. */
bool curses_key(struct curses_display *c, int type, wint_t ch,
                struct display_event *ev);

/* ---- display_curses_forms.c ---- */

/* A supervisor's action typed (`kind`, for `id`): true when *ev is to be
 * sent at once (an event without supervisors), else the PIN is asked. */
bool curses_want_pin(struct curses_display *c, enum display_event_kind kind,
                     int64_t id, struct display_event *ev);
/* The PIN typed: *ev becomes the action waiting for it. */
bool curses_pin_entered(struct curses_display *c, struct display_event *ev);
/* Ctrl-N: the walk-in's form opened. */
void curses_walkin_open(struct curses_display *c);
/* Enter on a field of the walk-in's form: true when *ev is the walk-in. */
bool curses_walkin_field(struct curses_display *c, struct display_event *ev);
/* The line being typed becomes `text`. */
void curses_fill_line(struct curses_display *c, const char *text);
/* Ctrl-E: the correction's form for the person shown. */
void curses_correct_open(struct curses_display *c);
/* The correction this screen sent was refused as a whole (`text`): the
 * form again, at its first field, each holding what was typed. */
void curses_correct_again(struct curses_display *c, const char *text);
/* What field `i` of the correction shows: what was typed, or the file's. */
const char *curses_correct_shown(const struct curses_display *c, int i);
/* Enter on a field of the correction: true when *ev is the edit. */
bool curses_correct_field(struct curses_display *c, struct display_event *ev);
/* Enter on the new roll's prompt (`len` bytes typed): true when *ev is
 * the roll. */
bool curses_roll_said(struct curses_display *c, struct display_event *ev,
                      size_t len);

/* A verdict "question" shown (issue 49): its questions asked one a line. */
void curses_ask_open(struct curses_display *c);
/* "QUESTION 1 of 2: Photo ID seen? y or n, Enter; Esc cancels: " */
const char *curses_ask_prompt(const struct curses_display *c);
/* Enter on a question: true when *ev is the answers (DISPLAY_ANSWER). */
/* An acknowledgement answered with one key (issue 55): y or n, as the
 * field's text in `ev`; false for any other key or question. */
bool curses_ask_one_key(const struct curses_display *c, wint_t ch,
                        struct display_event *ev);
bool curses_ask_field(struct curses_display *c, struct display_event *ev);

/* ---- display_curses_letters.c ---- */

/* Draw `w` (letters of the block font) in block letters from row `y`,
 * centred, `scale` columns per font column. */
void curses_big_text(int y, const char *w, int scale);

/* The verdict's word `w` (the station's language) from row `y`: in block
 * letters where they can draw it, folded as a name is ("SALIÓ" as SALIO);
 * else, for a script they cannot draw, as large plain text: the word
 * itself, bold and centred on the middle of the letters' five rows. */
void curses_big_word(int y, const char *w);
/* The name as block letters can show it: folded (accents dropped, as
 * search does), upper case, every letter in the font, and at most `max`
 * letters; the whole name, or else its first word.  False when neither
 * can be shown (another script, or too long): the name is then shown
 * only as text. */
bool curses_big_name(const char *name, size_t max, char *out, size_t cap);

/* The scan line's prompt: the keys the station's traits offer. */
const char *curses_scan_prompt(const struct curses_display *c);

/* ---- names in any direction (display_curses_bidi.c) ---- */

/* The names the screen isolates from now on: `r`'s badge name, its
 * supervisor's and its order's others' (none for NULL). */
void curses_names_of(const struct station_result *r);
/* `s` (`len` bytes) safe to draw (text_for_terminal) into `out` (`cap`
 * bytes, NUL-terminated, cut on a character), each of those names in it
 * between U+2068 and U+2069; the bytes written. */
size_t curses_clean(const char *s, size_t len, char *out, size_t cap);
/* Whether `p` opens with U+2068 or U+2069, which take no column. */
bool curses_is_isolate(const char *p);

#endif
