/* Private to event.c and event_check.c: an event description read into
 * memory (struct desc), before it is checked (event_check.c) and written
 * in one transaction (event.c). */
#ifndef CHECKIN_EVENT_DESC_H
#define CHECKIN_EVENT_DESC_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/auction.h"
#include "checkin/desks.h"
#include "checkin/error.h"
#include "checkin/open_space.h"
#include "checkin/util.h"

#define MAX_ITEMS 16

enum kind {
    K_NONE,
    K_EVENT,
    K_TYPE,
    K_TUTORIAL,
    K_SPONSOR,
    K_PRETIX,
    K_LIST,
    K_ADMISSION,
    K_CSV,
    K_OPEN_SPACES,
    K_ACK,
    K_DESKS,
    K_SPRINTS,
    K_AUCTION
};

/* The most acknowledgements an event asks (each is one of the desk's
 * ASK_MAX questions, beside pretix's), and their title's and text's
 * lengths (the desk's question is 256 bytes). */
#define MAX_ACKS 4
#define ACK_TITLE_MAX 120
#define ACK_TEXT_MAX 240

/* A [csv] section's keys (another system's CSV by a column map,
 * docs/import-formats.md "Another system's CSV"): each kept as the
 * setting "csv.KIND.NAME". */
#define MAX_CSV_KEYS 64

struct section {
    enum kind kind;
    int line;
    char slug[64];
    /* event / ticket type / tutorial / sponsor fields */
    char *name, *label, *colour, *title, *room, *start, *end, *timezone;
    long capacity;
    char *items[MAX_ITEMS];
    int nitems;
    /* ticket type: `days`; list: the rest too (docs/admission.md) */
    char *days, *once, *types, *tutorials, *hours, *show, *all, *exits;
    char *invited; /* a list's: its invitations, imported (--list) */
    char *stock;   /* list: "S:40, M:120", a counter's goods per variation */
    char *ack;     /* [admission]: the acknowledgements asked, by slug */
    char *text;    /* [acknowledge SLUG]: what the person acknowledges */
    char *words;   /* [acknowledge SLUG]: in languages (checkin/ack.h) */
    int days_line;
    /* the lines of the keys validate() may refuse, to name them */
    int slug_line, zone_line, colour_line;
};

struct desc {
    const char *path;
    struct section *secs;
    int n;
    size_t cap;
    struct section *cur;
    /* The file was refused (its first mistake's sentence in e).  A flag,
     * not the mistake's line: a line of 0 must never read as "none". */
    bool failed;
    struct ck_error e;
    bool oom; /* the first error was memory running out, not the file */
    /* The file and the line libinih is on (Debian's build does not pass
     * it to the handler). */
    struct util_ini_file in;
    int section_line; /* line of the last [section] header */
    bool long_line;   /* in the pieces of a line longer than the buffer */
    /* A key (or a value's next line) since that header: libinih then
     * takes an indented line for the value's next line, a header too. */
    bool keyed;
    /* That header's name whole: libinih cuts section names at 49 bytes
     * (INI_MAX_SECTION), which would turn a 40-character ticket-type slug
     * into a shorter one without a word. */
    char section_name[256];
    char *pronouns_q, *consent_q, *badge_name_q, *company_q;
    /* [csv]: setting keys ("csv.column.email") and values, with lines */
    char *csv_key[MAX_CSV_KEYS], *csv_val[MAX_CSV_KEYS];
    int csv_line[MAX_CSV_KEYS], ncsv;
    const char *cmd; /* the command to run again: "init", "event" */
    /* [open-spaces] (open_space.h): its keys' values and lines, in
     * open_space_keys' order */
    char *os_val[OPEN_SPACE_NKEYS];
    int os_line[OPEN_SPACE_NKEYS];
    char *sprint_days; /* [sprints] (sprint.h): its days and their line */
    int sprint_line;
    /* [desks] (desks.h): its lines as written, kept whole as the setting
     * DESKS_SETTING */
    struct desks_line desk[DESKS_MAX + 2];
    int ndesk;
    struct auction_line auc[AUCTION_LINES]; /* [auction] (auction.h) */
    int nauc;
};

/* Section `slug` of kind `k` of `d`; NULL if none. */
struct section *desc_find_section(struct desc *d, enum kind k,
                                  const char *slug);

/* Everything the INI cannot check: required keys, formats, time order,
 * each section against the others; *event_out the [event] section. */
int desc_validate(struct desc *d, struct section **event_out,
                  struct ck_error *err) CK_MUST_CHECK;

#endif
