/* `checkin demo`, the rest of the week (issue 56 item 5): the open spaces
 * on Friday (a host claims a slot of the small room at the board, its
 * door admits two and refuses the third, the board's line), the PyLadies
 * auction on Saturday evening (paddles at the door, one given back to a
 * bidder scanned again, lots won and a lot won twice refused, the
 * winners' report, a winner settling at the pay desk and scanned once
 * more) and the sprints on Monday (a table sign chosen, two sprinters
 * checked in to its project, one of them again later that day, the
 * headcount), each a few lines on the demo's line display, fed the
 * synthetic camera as the other stations are.  Its own tally, so that
 * the door's summary stays the tutorial door's.  The projects are added
 * with the event (demo_add_projects), as `checkin sprints EVENT.db
 * add-project` adds them; the auction's wins and report are the
 * commands' own (demo_options' auction_win and auction_report). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction.h"
#include "checkin/clock.h"
#include "checkin/credential.h"
#include "checkin/open_space.h"
#include "checkin/sprint.h"
#include "demo_priv.h"

#define ROOM "203" /* the small room: 2 seats (config/demo/event.ini) */
#define SLOT "2027-05-14 11:00"
#define TITLE "Packaging BoF"
#define PROJECT "cpython"

/* The demo's projects: slug, title, lead's ticket, room. */
static const struct {
    const char *slug, *title, *lead, *room;
} PROJECTS[] = {
    {"cpython", "CPython", "52334", "301"},
    {"pip", "pip", "48275", "302"},
    {"pandas", "pandas", "50393", "303"},
};

int demo_add_projects(store *s, struct ck_error *err)
{
    for (size_t i = 0; i < sizeof(PROJECTS) / sizeof(PROJECTS[0]); i++) {
        struct sprint_project p = {0};
        snprintf(p.slug, sizeof(p.slug), "%s", PROJECTS[i].slug);
        snprintf(p.title, sizeof(p.title), "%s", PROJECTS[i].title);
        snprintf(p.lead_ticket, sizeof(p.lead_ticket), "%s", PROJECTS[i].lead);
        snprintf(p.room, sizeof(p.room), "%s", PROJECTS[i].room);
        enum sprint_outcome o;
        int code = sprint_project_add(s, &p, &o, err);
        if (!code && o != SPRINT_DONE)
            code = ck_fail(err, CK_EINVAL,
                           "The demo's sprint project %s was refused (%d); "
                           "the demo event is broken, please report it.",
                           p.slug, (int)o);
        if (code)
            return code;
    }
    return CK_OK;
}

/* A station of `kind` on `target` named `name`, its clock at local `at`. */
static int open_at(store *s, const char *kind, const char *target,
                   const char *name, const char *at, station **st,
                   struct ck_error *err)
{
    int64_t clock;
    int code = clock_event_ms(s, at, &clock, err);
    if (code)
        return code;
    struct station_config cfg = {.mode = SCAN_DOOR,
                                 .kind = kind,
                                 .target = target,
                                 .name = name,
                                 .open_before_ms = -1,
                                 .clock_ms = clock};
    return station_open(s, &cfg, st, err);
}

/* The host claims the small room's 11:00 slot at the board. */
static int claim(store *s, display *d, const char *host, struct ck_error *err)
{
    station *st;
    int code =
        open_at(s, "open-spaces", "", "board-1", "2027-05-14 10:40", &st, err);
    if (code)
        return code;
    const struct shot shots[] = {{host, PAPER(5, -4, 0, 0, 0.05, 0), 0, 0}};
    int64_t t = 0, now;
    code = demo_play(st, d, shots, 1, &t, err);
    struct open_spaces os;
    enum open_space_outcome o = OPEN_SPACE_DONE;
    struct open_space_session held;
    if (!code)
        code = clock_event_ms(s, "2027-05-14 10:41", &now, err);
    if (!code)
        code = station_board_claim(st, ROOM, SLOT, TITLE, now, &os, &o, &held,
                                   err);
    if (!code && o != OPEN_SPACE_DONE)
        code = ck_fail(err, CK_EINVAL,
                       "The board refused the demo's claim (%d); the "
                       "demo's story is broken, please report it.",
                       (int)o);
    if (!code) {
        printf("  10:41  ");
        /* TRANSLATORS: beside ADMIT, DENY and WARNING: a slot claimed at
         * the open spaces' board. */
        demo_pad(stdout, _("CLAIMED"), 7);
        /* TRANSLATORS: the room, the slot (2027-05-14 11:00), the
         * session's title and its host's name. */
        printf(_("  %s at %s for \"%s\", hosted by %s, typed on the "
                 "board.\n"),
               ROOM, SLOT, held.title, held.host_name);
    }
    station_free(st);
    return code;
}

/* The board's line for the session: its attendance against the seats. */
static int board_line(store *s, struct ck_error *err)
{
    struct open_space_session *ss = NULL;
    size_t n = 0;
    int code = open_space_sessions(s, &ss, &n, err);
    for (size_t i = 0; !code && i < n; i++)
        if (!strcmp(ss[i].room, ROOM) && !strcmp(ss[i].when, SLOT))
            /* TRANSLATORS: the slot (2027-05-14 11:00), the room, the
             * session's title, its host's name and the people in it. */
            printf(_("  The board: %s  %s  \"%s\", hosted by %s: %ld of 2 "
                     "seats (checkin report EVENT.db open-spaces lists "
                     "it).\n"),
                   ss[i].when, ss[i].room, ss[i].title, ss[i].host_name,
                   ss[i].attendance);
    free(ss);
    return code;
}

static int run_open_spaces(store *s, const struct badge_key *key, display *d,
                           struct ck_error *err)
{
    char olivia[BADGE_TEXT_CAP], lukasz[BADGE_TEXT_CAP], wang[BADGE_TEXT_CAP],
        zoe[BADGE_TEXT_CAP];
    int code;
    if ((code = demo_code(s, key, "48243", NULL, false, olivia, err)) ||
        (code = demo_code(s, key, "52334", NULL, false, lukasz, err)) ||
        (code = demo_code(s, key, "50393", NULL, false, wang, err)) ||
        (code = demo_code(s, key, "53139", NULL, false, zoe, err)))
        return code;
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Fri 14 May"), then the room's number,
     * twice: its name and its door's (door-203). */
    printf(_("Open spaces, %s: a host claims room %s (2 seats) at the "
             "board, board-1; its door, door-%s, counts the slot\n"),
           demo_day("2027-05-14", I18N_DAY_MONTH, day, sizeof(day)), ROOM,
           ROOM);
    code = claim(s, d, olivia, err);
    station *st = NULL;
    if (!code)
        code = open_at(s, "open-space", ROOM, "door-" ROOM, "2027-05-14 11:02",
                       &st, err);
    const struct shot in[] = {
        {lukasz, PAPER(5, 3, 0, 0, 0, 0), 0, 0},
        {wang, PAPER(4.5, -6, 0.1, 0, 0.1, 0), 0, 40},
        {zoe, PAPER(5, 2, 0, 1, -0.05, 0.04), 0, 60},
    };
    int64_t t = 0;
    if (!code)
        code = demo_play(st, d, in, sizeof(in) / sizeof(in[0]), &t, err);
    station_free(st);
    return code ? code : board_line(s, err);
}

/* The lots won at the auction, as `checkin auction EVENT.db win` records
 * them: paddle 1 is the first bidder's (config/demo/event.ini's lots). */
static const struct {
    const char *lot, *paddle;
    int64_t cents;
} WINS[] = {{"1", "1", 24000}, {"2", "2", 8500}, {"4", "1", 15050}};

/* The wins from 21:00, a minute apart, then lot 4 typed again for paddle
 * 2: refused in one sentence, nothing changed. */
static int record_wins(const struct demo_run *run, store *s,
                       struct ck_error *err)
{
    int64_t at;
    int code = clock_event_ms(s, "2027-05-15 21:00", &at, err);
    char amount[32], won[3][128];
    for (size_t i = 0; !code && i < sizeof(WINS) / sizeof(WINS[0]); i++) {
        auction_amount_text(WINS[i].cents, amount, sizeof(amount));
        code = run->o->auction_win(run->db, WINS[i].lot, WINS[i].paddle, amount,
                                   at + (int64_t)i * 60000, NULL, err);
        /* TRANSLATORS: a lot, the paddle that won it and the amount. */
        snprintf(won[i], sizeof(won[i]), _("lot %s by paddle %s for %s"),
                 WINS[i].lot, WINS[i].paddle, amount);
    }
    if (code)
        return code;
    /* TRANSLATORS: three lots won, each "lot 1 by paddle 1 for 240.00". */
    printf(_("  Won (checkin auction EVENT.db win): %s, %s, %s.\n"), won[0],
           won[1], won[2]);
    struct ck_error said = {0};
    if (!run->o->auction_win(run->db, "4", "2", "160.00", at + 5 * 60000, NULL,
                             &said))
        return ck_fail(err, CK_EINVAL,
                       "Lot 4 was taken twice; the demo's story is broken, "
                       "please report it.");
    char text[1024];
    /* TRANSLATORS: the auction's sentence refusing the win. */
    printf(_("  Lot 4 again, for paddle 2: %s\n"),
           ck_error_text(&said, text, sizeof(text)));
    return CK_OK;
}

int demo_auction_report(const struct demo_options *o, const char *db,
                        struct ck_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = o->auction_report(db, false, f, err);
    if (fclose(f) && !code)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (const char *line = text; !code && line && *line;) {
        const char *nl = strchr(line, '\n');
        int n = nl ? (int)(nl - line) : (int)strlen(line);
        printf("  %.*s\n", n, line);
        line += n + (nl != NULL);
    }
    free(text);
    return code;
}

static int run_auction(const struct demo_run *run, store *s,
                       const struct badge_key *key, display *d,
                       struct ck_error *err)
{
    if (!run->o->auction_win || !run->o->auction_report)
        return ck_fail(err, CK_EINVAL,
                       "The demo was started without the auction's "
                       "commands; please report it.");
    char anuradha[BADGE_TEXT_CAP], lukasz[BADGE_TEXT_CAP];
    int code;
    if ((code = demo_code(s, key, "50660", NULL, false, anuradha, err)) ||
        (code = demo_code(s, key, "52334", NULL, false, lukasz, err)))
        return code;
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Sat 15 May"). */
    printf(_("PyLadies auction, %s: auction-1 gives paddles, lots are "
             "won, winners pay at pay-1\n"),
           demo_day("2027-05-15", I18N_DAY_MONTH, day, sizeof(day)));
    station *st = NULL;
    code = open_at(s, "auction", "", "auction-1", "2027-05-15 19:00", &st, err);
    const struct shot door[] = {
        {anuradha, PAPER(5, 4, 0, 0, 0.05, 0), 0, 0},
        {lukasz, PAPER(4.5, -5, 0.1, 0, -0.1, 0.02), 0, 70},
        /* Back after a drink: her paddle again, not a second one. */
        {anuradha, PAPER(5, -2, 0, 1, 0, -0.03), 0, 1500},
    };
    int64_t t = 0;
    if (!code)
        code = demo_play(st, d, door, sizeof(door) / sizeof(door[0]), &t, err);
    station_free(st);
    st = NULL;
    if (!code)
        code = record_wins(run, s, err);
    if (!code)
        code = demo_auction_report(run->o, run->db, err);
    if (!code)
        code = open_at(s, "auction-pay", "", "pay-1", "2027-05-15 21:30", &st,
                       err);
    /* What she owes; paid, scanned again to settle; scanned once more. */
    const struct shot pay[] = {
        {anuradha, PAPER(5, 3, 0, 0, 0, 0), 0, 0},
        {anuradha, PAPER(5, -3, 0, 0, 0.05, 0), 0, 60},
        {anuradha, PAPER(5, 1, 0.1, 0, -0.05, 0), 0, 900},
    };
    t = 0;
    if (!code)
        code = demo_play(st, d, pay, sizeof(pay) / sizeof(pay[0]), &t, err);
    station_free(st);
    return code;
}

/* The people checked in to the project on the first sprint day. */
static int headcount(store *s, struct ck_error *err)
{
    struct sprint_days days;
    bool any = false;
    int64_t from, to;
    long people = 0;
    int code = sprint_days_read(s, &days, &any, err);
    if (!code && (!any || !sprint_day_bounds(&days, 0, &from, &to)))
        code = ck_fail(err, CK_EINVAL,
                       "The demo event has no sprint days; it is broken, "
                       "please report it.");
    if (!code)
        code = sprint_headcount(s, PROJECT, from, to, &people, err);
    char day[DEMO_DAY_CAP];
    /* TRANSLATORS: the sprint's day ("Mon 17 May") and the people
     * checked in to the project that day. */
    if (!code)
        printf(ngettext("  Headcount: CPython, %s: %ld person (checkin "
                        "sprints EVENT.db list counts each project each "
                        "day).\n",
                        "  Headcount: CPython, %s: %ld people (checkin "
                        "sprints EVENT.db list counts each project each "
                        "day).\n",
                        people),
               demo_day(days.days[0], I18N_DAY_MONTH, day, sizeof(day)),
               people);
    return code;
}

static int run_sprints(store *s, const struct badge_key *key, display *d,
                       struct ck_error *err)
{
    char zoe[BADGE_TEXT_CAP], anuradha[BADGE_TEXT_CAP];
    int code;
    if ((code = demo_code(s, key, "53139", NULL, false, zoe, err)) ||
        (code = demo_code(s, key, "50660", NULL, false, anuradha, err)))
        return code;
    station *st;
    code = open_at(s, "sprints", "", "sprints-1", "2027-05-17 10:00", &st, err);
    if (code)
        return code;
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Mon 17 May"). */
    printf(_("Sprints, %s: sprints-1 at the CPython table (its name "
             "typed), a person a project a day\n"),
           demo_day("2027-05-17", I18N_DAY_MONTH, day, sizeof(day)));
    const struct shot in[] = {
        {zoe, PAPER(5, -3, 0, 0, 0.05, 0), 0, 0},
        {anuradha, PAPER(5, 5, 0, 1, -0.1, 0.02), 0, 90},
        /* Back from lunch: already checked in today. */
        {zoe, PAPER(5, 1, 0.1, 0, 0, -0.03), 0, 9000},
    };
    /* The project's name typed, as its table sign's code would choose it
     * (a sign held in view is chosen again at every frame it is read:
     * choosing clears the repeat window). */
    demo_display_type(d, PROJECT);
    int64_t t = 0;
    code = demo_play(st, d, in, sizeof(in) / sizeof(in[0]), &t, err);
    station_free(st);
    return code ? code : headcount(s, err);
}

int demo_week(const struct demo_run *run, store *s, const struct badge_key *key,
              struct ck_error *err)
{
    struct demo_tally tally;
    memset(&tally, 0, sizeof(tally));
    display *d = NULL;
    int code = demo_display_new(stdout, &tally, NULL, &d, err);
    if (!code)
        code = run_open_spaces(s, key, d, err);
    if (!code)
        code = run_auction(run, s, key, d, err);
    if (!code)
        code = run_sprints(s, key, d, err);
    display_free(d);
    return code;
}
