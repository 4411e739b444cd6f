/* `checkin demo`, sections 4 to 10: the registration desk, a tutorial
 * door and a sponsor's lead station run on the demo event (the open
 * spaces, the auction and the sprints in demo_week.c), each fed a
 * synthetic 1280x720 camera (scanner/synth.h) through station_run(),
 * the path `checkin scan --frames` takes; the sponsor's database merged
 * back; the exports; a summary.  The people and codes are chosen from
 * config/demo (see its README for who is tricky and why).  Not for
 * anything an event runs: stations are `checkin scan`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/clock.h"
#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/export.h"
#include "checkin/merge.h"
#include "checkin/needs.h"
#include "checkin/needs_text.h"
#include "checkin/qr.h"
#include "checkin/station_loop.h"
#include "checkin/synth.h"
#include "demo_priv.h"

#define FRAME_MS 100 /* a station decoding 10 frames a second */
#define SEED 2027u
#define SPONSOR "datawise"
#define MAX_SHOTS 16

/* Confirmation-email secrets from config/demo/registrations.csv. */
#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"    /* 48243, consents */
#define ZOE "vfj5bjnex9fxfwq8x5bn3h4ddxd5hssf"       /* 53139, 4 tutorials */
#define LUKASZ "z7fvur24u9kgum6txpmj69skt2xqj3ky"    /* 52334, consents */
#define WANG "e3n98jpm4yzsm24pdezwugyseuzcrrkt"      /* 50393 */
#define JEANLUC "unurqkyf5f2e8x5pb45jhb7dtf74ppgc"   /* 48275, no consent */
#define SAM "uderd8n87bmcpvwgyujw3repnh75wr4k"       /* 51592, emoji */
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs"   /* 48395, pandas */
#define SIOBHAN "skencshb967b3v7hn3s73e7wxqferug2"   /* 52418 */
#define ANURADHA "twfgmyhc7drpzxwtyv8vtsmwhtehnhb5"  /* 50660, Devanagari */
#define BRANDON "qqhej7mgvadwwju82cbfbg7nmscscx4x"   /* 48361, pandas */
#define MARIANA "madtpkkeb4ax79qhs92p4z9mchj4z878"   /* 50065, asyncio */
#define CANCELLED "3xc2xvete57ty3qf4j5cjspkpn3g2k46" /* 50184, expired */
#define PENDING "av9c9cj9ge3qpj4zvvysu4xh6nwfwn7m"   /* 49228, unpaid */
#define ELSEWHERE "https://us.pycon.example/2027/schedule/"

/* ---- helpers ---- */

int demo_play(station *st, display *d, const struct shot *shots, size_t n,
              int64_t *t_ms, struct ck_error *err)
{
    struct qr_bitmap qr[MAX_SHOTS];
    struct gray_frame code[MAX_SHOTS];
    struct synth_shot ss[MAX_SHOTS];
    size_t made = 0;
    source *src = NULL;
    int rc = CK_OK;
    if (n > MAX_SHOTS)
        return ck_fail(err, CK_EINVAL, "At most %d people a run.", MAX_SHOTS);
    for (; made < n; made++) {
        const char *t = shots[made].text;
        rc = qr_render(t, strlen(t), 1, 4, &qr[made], err);
        if (rc)
            goto out;
        code[made] = (struct gray_frame){qr[made].pixels, qr[made].width,
                                         qr[made].height, qr[made].stride};
        ss[made] =
            (struct synth_shot){&code[made], shots[made].look, shots[made].hold,
                                (int64_t)shots[made].gap_s * 1000};
    }
    struct synth_options opt = {1280, 720, FRAME_MS, *t_ms, SEED};
    rc = synth_source_open(ss, n, &opt, &src, err);
    station_loop *lp = NULL;
    if (!rc)
        rc = station_loop_new(st, &lp, err);
    if (!rc)
        rc = station_run(lp, src, d, false, err);
    station_loop_free(lp);
    if (!rc)
        *t_ms = synth_source_time(src) + FRAME_MS;
out:
    source_free(src);
    for (size_t i = 0; i < made; i++)
        qr_bitmap_free(&qr[i]);
    return rc;
}

/* ---- 4. the triage at the queue's entrance ---- */

/* A phone at the end of the queue before the desks open: each person
 * sent to their desk by the demo event's [desks] (A-L desk 1, M-Z and
 * other scripts desk 2), an unpaid order to the help desk; whom it sent
 * where is noted for the dashboard's lines (docs/stations.md, "The
 * triage"). */
static int run_triage(store *s, display *d, struct ck_error *err)
{
    static const struct shot people[] = {
        {OLIVIA, PHONE(3.5, 3, 0, 0, -0.12, 0.02), 0, 0},
        {ZOE, PHONE(3.5, -4, 0, 0, 0.1, -0.04), 0, 15},
        {WANG, PHONE(3.5, 8, 0, 0, 0.05, 0.05), 0, 10},
        {PENDING, PHONE(3.5, 0, 0.1, 0, 0.2, 0), 0, 20},
    };
    int64_t clock;
    int code = clock_event_ms(s, "2027-05-12 08:20", &clock, err);
    if (code)
        return code;
    struct station_config cfg = {.mode = SCAN_DESK,
                                 .kind = "triage",
                                 .target = "",
                                 .name = "triage-1",
                                 .open_before_ms = -1,
                                 .clock_ms = clock};
    station *st;
    code = station_open(s, &cfg, &st, err);
    if (code)
        return code;
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Wed 12 May"); [desks] is the event
     * description's section, as written there. */
    printf(_("Triage triage-1 at the end of the queue, %s from 08:20: "
             "each person sent to their desk by [desks] (A-L desk 1, M-Z "
             "desk 2), checked in by no one\n"),
           demo_day("2027-05-12", I18N_DAY_MONTH, day, sizeof(day)));
    int64_t t = 0;
    code =
        demo_play(st, d, people, sizeof(people) / sizeof(people[0]), &t, err);
    station_free(st);
    return code;
}

/* ---- 4. the desk ---- */

static int run_desk(struct demo_run *run, store *s, display *d,
                    struct ck_error *err)
{
    static const struct shot people[] = {
        {OLIVIA, PHONE(3.5, 3, 0, 0, -0.12, 0.02), 0, 0},
        {ZOE, PAPER(5, 4, 0, 0, 0.15, -0.04), 0, 40},
        {LUKASZ, PHONE(3.5, -2, 0, 1, 0.05, 0.05), 0, 25},
        {CANCELLED, PAPER(4.5, -5, 0.15, 0, -0.2, 0), 0, 30},
        {WANG, PHONE(3.5, 12, 0, 0, 0.1, -0.05), 0, 35},
        {JEANLUC, PAPER(5, -3, 0, 2, -0.05, 0.08), 0, 20},
        {PENDING, PHONE(3.5, 0, 0.1, 0, 0.2, 0), 0, 45},
        {SAM, PHONE(3, -8, 0.15, 1, 0, 0), 0, 30},
        {ELSEWHERE, PAPER(4.5, 2, 0, 0, 0.1, 0.05), 0, 25},
        {THORDIS, PAPER(4.5, 10, 0.2, 1, -0.15, -0.02), 0, 40},
        /* Held in view for 4.5 s, longer than the 3 s cooldown: each
         * sighting restarts it, so this is one scan. */
        {SIOBHAN, PHONE(4, 1, 0, 0, 0.08, 0.03), 45, 30},
        {ANURADHA, PAPER(5.5, -2, 0, 1, 0.18, 0.06), 0, 35},
        /* Back five minutes later: already checked in. */
        {OLIVIA, PHONE(3.5, -4, 0, 0, -0.02, -0.03), 0, 60},
        {BRANDON, PHONE(3.5, 6, 0.1, 0, -0.1, 0.04), 0, 20},
        {MARIANA, PAPER(5, -1, 0.1, 0, 0.05, -0.06), 0, 30},
    };
    int64_t clock;
    int code = clock_event_ms(s, "2027-05-12 08:30", &clock, err);
    if (code)
        return code;
    struct station_config cfg = {.mode = SCAN_DESK,
                                 .target = "",
                                 .name = "desk-1",
                                 .open_before_ms = -1,
                                 .clock_ms = clock,
                                 .print = demo_print,
                                 .print_ctx = run->printer};
    station *st;
    code = station_open(s, &cfg, &st, err);
    if (code)
        return code;
    char day[DEMO_DAY_CAP];
    demo_day("2027-05-12", I18N_DAY_MONTH, day, sizeof(day));
    demo_section();
    /* TRANSLATORS: the day ("Wed 12 May"). */
    if (run->camera)
        printf(_("Registration desk desk-1, %s from 08:30: "
                 "confirmations on phones and paper, from the camera "
                 "(press Enter when done)\n"),
               day);
    else
        printf(_("Registration desk desk-1, %s from 08:30: "
                 "confirmations on phones and paper, seen by a synthetic "
                 "1280x720 camera\n"),
               day);
    /* The Code of Conduct, asked once per person and given. */
    demo_display_acknowledge(d, true);
    if (run->camera) {
        /* Only the desk watches the camera; the rest is synthetic. */
        demo_display_enter_quits(d, true);
        station_loop *lp = NULL;
        code = station_loop_new(st, &lp, err);
        if (!code)
            code = station_run(lp, run->camera, d, false, err);
        station_loop_free(lp);
        demo_display_enter_quits(d, false);
    } else {
        int64_t t = 0;
        code = demo_play(st, d, people, sizeof(people) / sizeof(people[0]), &t,
                         err);
    }
    demo_display_acknowledge(d, false);
    station_free(st);
    return code;
}

/* After the desk (issue 55): one person's still-needs line, as the desk
 * shows it under the verdict and `checkin attendees` prints it. */
static int still_needs(store *s, const char *ticket, struct ck_error *err)
{
    struct attendee_list l = {0};
    struct needs_list n = {0};
    int64_t at;
    int code = clock_event_ms(s, "2027-05-12 08:45", &at, err);
    if (!code)
        code = store_attendee_find_one(s, ticket, &l, err);
    if (!code)
        code = needs_of(s, l.items[0].id, at, &n, err);
    if (!code) {
        char line[1024];
        /* TRANSLATORS: the person's name, then what they still need
         * (or that nothing more is), as the desk says it. */
        printf(_("  Still needs, for %s after the desk (checkin attendees "
                 "shows it too): %s\n"),
               l.items[0].badge_name,
               needs_line(n.items, n.n, false, line, sizeof(line)));
    }
    needs_list_free(&n);
    attendee_list_free(&l);
    return code;
}

/* ---- 5. a tutorial door ---- */

static int run_door(store *s, const struct badge_key *key, display *d,
                    long *inside, struct ck_error *err)
{
    char thordis[BADGE_TEXT_CAP], zoe[BADGE_TEXT_CAP], mariana[BADGE_TEXT_CAP],
        brandon[BADGE_TEXT_CAP], santiago[BADGE_TEXT_CAP];
    int64_t clock;
    int code;
    if ((code =
             demo_code(s, key, "48395", "pandas-intro", false, thordis, err)) ||
        (code = demo_code(s, key, "53139", "pandas-intro", false, zoe, err)) ||
        (code = demo_code(s, key, "50065", "asyncio-practice", false, mariana,
                          err)) ||
        (code =
             demo_code(s, key, "48361", "pandas-intro", false, brandon, err)) ||
        (code = demo_code(s, key, "48455", "pandas-intro", false, santiago,
                          err)) ||
        (code = clock_event_ms(s, "2027-05-12 09:05", &clock, err)))
        return code;
    /* The room holds 26 and all 26 seats are sold; 4 makes it fill up
     * within the demo. */
    struct station_config cfg = {.mode = SCAN_DOOR,
                                 .target = "pandas-intro",
                                 .name = "door-pandas",
                                 .open_before_ms = -1,
                                 .capacity = 4,
                                 .clock_ms = clock};
    const struct shot in1[] = {
        {thordis, PAPER(5, 3, 0, 0, 0, 0), 0, 0},
        {JEANLUC, PHONE(3.5, -6, 0, 0, 0.1, 0), 0, 20},
        {mariana, PAPER(5, 8, 0.15, 1, -0.1, 0.05), 0, 25},
        {zoe, PAPER(4.5, -4, 0, 0, 0.05, -0.05), 0, 30},
    };
    const struct shot out[] = {
        {thordis, PAPER(5, -2, 0, 0, 0.1, 0), 0, 240},
    };
    const struct shot in2[] = {
        {thordis, PAPER(5, 5, 0.1, 0, -0.05, 0), 0, 300},
        {brandon, PAPER(4.5, -10, 0, 1, 0.1, 0.03), 0, 25},
        {zoe, PAPER(5, 2, 0, 0, 0, 0.05), 0, 40},
        {santiago, PAPER(5, 0, 0.12, 0, -0.1, -0.04), 0, 30},
    };
    station *st;
    code = station_open(s, &cfg, &st, err);
    if (code)
        return code;
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the tutorial's title and room, as the event writes
     * them, and the day ("Wed"). */
    printf(_("Tutorial door door-pandas: %s (%s), %s 09:00-12:30; "
             "capacity set to 4 for the demo\n"),
           /* untranslated: the event's tutorial title, as written there */
           "Data analysis with pandas", "101A",
           demo_day("2027-05-12", I18N_WEEKDAY, day, sizeof(day)));
    int64_t t = 0;
    code = demo_play(st, d, in1, sizeof(in1) / sizeof(in1[0]), &t, err);
    if (!code) {
        station_set_direction(st, DIRECTION_OUT);
        code = demo_play(st, d, out, 1, &t, err);
    }
    if (!code) {
        station_set_direction(st, DIRECTION_IN);
        code = demo_play(st, d, in2, sizeof(in2) / sizeof(in2[0]), &t, err);
    }
    *inside = station_counters(st).inside;
    station_free(st);
    return code;
}

/* ---- 6. a sponsor's lead station, merged back ---- */

static int run_leads(store *s, const struct badge_key *key, const char *ldb,
                     display *d, struct merge_report *rep, struct ck_error *err)
{
    char olivia[BADGE_TEXT_CAP], jeanluc[BADGE_TEXT_CAP],
        lukasz[BADGE_TEXT_CAP];
    int code;
    /* Badges the desk printed; the station's file is made after, so it
     * knows them. */
    if ((code = demo_code(s, key, "48243", NULL, false, olivia, err)) ||
        (code = demo_code(s, key, "48275", NULL, false, jeanluc, err)) ||
        (code = demo_code(s, key, "52334", NULL, false, lukasz, err)))
        return code;
    demo_remove_db(ldb);
    code = export_station_db(s, SPONSOR, ldb, err);
    if (code)
        return code;
    store *ls;
    code = store_open(ldb, STORE_EXISTING, &ls, err);
    if (code)
        return code;
    int64_t clock;
    station *st = NULL;
    struct station_config cfg = {.mode = SCAN_LEADS,
                                 .target = SPONSOR,
                                 .name = "leads-" SPONSOR,
                                 .open_before_ms = -1};
    const struct shot people[] = {
        {olivia, PAPER(5, -3, 0, 0, 0, 0.05), 0, 0},
        {jeanluc, PAPER(4.5, 9, 0.15, 0, 0.1, 0), 0, 90},
        {lukasz, PAPER(5, 0, 0, 1, -0.1, -0.03), 0, 120},
        /* A confirmation is not a badge; this file has no secrets. */
        {SAM, PHONE(3.5, 4, 0, 0, 0.05, 0), 0, 60},
        {olivia, PAPER(5, 2, 0, 0, 0.05, 0.02), 0, 300},
    };
    static const struct demo_note notes[] = {
        /* The sponsor's notes, typed in the language of the demo. */
        {N_("wants a demo for her team"), 4},
        {N_("asked about jobs"), 3},
        {N_("leads an ML team; call back in June"), 5},
    };
    code = clock_event_ms(ls, "2027-05-14 10:30", &clock, err);
    cfg.clock_ms = clock;
    if (!code)
        code = station_open(ls, &cfg, &st, err);
    if (!code) {
        char day[DEMO_DAY_CAP];
        demo_section();
        /* TRANSLATORS: the sponsor's slug (datawise), its name, the day
         * ("Fri 14 May") and the slug again, in the station file's
         * name. */
        printf(_("Sponsor station leads-%s (%s), %s from 10:30, on "
                 "leads-%s.db: public keys and revoked badges, no badge ids "
                 "or personal data\n"),
               /* untranslated: the sponsor's name, as the event writes it */
               SPONSOR, "Datawise Analytics",
               demo_day("2027-05-14", I18N_DAY_MONTH, day, sizeof(day)),
               SPONSOR);
        demo_display_notes(d, notes, sizeof(notes) / sizeof(notes[0]));
        int64_t t = 0;
        code = demo_play(st, d, people, sizeof(people) / sizeof(people[0]), &t,
                         err);
    }
    if (!code)
        code = demo_display_save_notes(d, st, err);
    station_free(st);
    store_close(ls);
    if (!code)
        code = merge_station(s, ldb, rep, err);
    if (!code)
        printf(_("  Merged into the event database: %ld scans, %ld leads "
                 "with their notes.\n"),
               rep->scans_added, rep->leads_added);
    return code;
}

/* ---- 9. exports and the summary ---- */

static int export_to(store *s, const char *dir, const char *name, int what,
                     long *rows, struct export_lead_counts *lc,
                     struct ck_error *err)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    /* Whole or not at all, 0600, like `checkin export --out`. */
    struct atomic_file af;
    int code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err);
    FILE *f = code ? NULL : atomic_file_stream(&af, err);
    if (!f) {
        atomic_file_abort(&af);
        return code ? code : CK_ENOMEM;
    }
    code = what == 0   ? export_checkins(s, f, EXPORT_CSV, rows, err)
           : what == 1 ? export_scans(s, f, EXPORT_CSV, rows, err)
                       : export_leads(s, SPONSOR, f, EXPORT_CSV, lc, err);
    if (code)
        atomic_file_abort(&af);
    else
        code = atomic_file_commit(&af, err);
    return code;
}

/* " (reason n, ...)" for the decisions of one kind at one mode, the
 * reasons' codes (station_reason_token) as the journal writes them; ""
 * when there are none. */
static const char *reasons_text(const struct demo_tally *t, enum scan_mode mode,
                                enum scan_decision dec, char *out, size_t cap)
{
    int used = 0;
    const char *sep = " (";
    out[0] = '\0';
    for (size_t i = 0; i < t->nreasons && used >= 0 && (size_t)used < cap;
         i++) {
        if (t->reasons[i].mode != mode || t->reasons[i].decision != dec)
            continue;
        used += snprintf(out + used, cap - (size_t)used, "%s%s %ld", sep,
                         station_reason_token(t->reasons[i].reason),
                         t->reasons[i].n);
        sep = ", ";
    }
    if (used > 0 && (size_t)used < cap)
        snprintf(out + used, cap - (size_t)used, ")");
    return out;
}

/* One count's clause, pluralised by itself ("1 checked in", "4 checked
 * in"), so that a sentence of several counts agrees with each of them. */
#define CLAUSE(buf, n, said) (snprintf((buf), sizeof(buf), said, (n)), (buf))

static void summary(const struct demo_run *run, const struct demo_tally *t,
                    long inside)
{
    char deny[512], warn[512], c1[128], c2[128], c3[128], c4[128], c5[128];
    const struct demo_printer *p = run->printer;
    const long *desk = t->decisions[SCAN_DESK];
    const long *door = t->decisions[SCAN_DOOR];
    const long *leads = t->decisions[SCAN_LEADS];
    long entered = demo_tally_reason(t, SCAN_DOOR, STATION_REASON_ENTERED);
    long left = demo_tally_reason(t, SCAN_DOOR, STATION_REASON_LEFT);
    /* TRANSLATORS: the desk's counts, each clause a count of its own:
     * "11 checked in", "1 already checked in", "3 denied"; after the
     * third, the reasons' codes and their counts, " (cancelled 1,
     * unpaid 1)"; then "11 badges" and "17 tutorial tickets". */
    printf(
        _("  Desk: %s, %s, %s%s; %s and %s sent to the printer.\n"),
        CLAUSE(
            c1, desk[DECISION_ADMIT],
            ngettext("%ld checked in", "%ld checked in", desk[DECISION_ADMIT])),
        CLAUSE(c2, desk[DECISION_WARN],
               ngettext("%ld already checked in", "%ld already checked in",
                        desk[DECISION_WARN])),
        CLAUSE(c3, desk[DECISION_DENY],
               ngettext("%ld denied", "%ld denied", desk[DECISION_DENY])),
        reasons_text(t, SCAN_DESK, DECISION_DENY, deny, sizeof(deny)),
        CLAUSE(c4, p->badges, ngettext("%ld badge", "%ld badges", p->badges)),
        CLAUSE(c5, p->tickets,
               ngettext("%ld tutorial ticket", "%ld tutorial tickets",
                        p->tickets)));
    /* TRANSLATORS: the triage station's counts: "1 sent to desk 1",
     * then "2" and "1" people. */
    printf(_("  Triage: %s, %s to desk 2, %s to the help desk; nobody "
             "checked in.\n"),
           CLAUSE(c1, t->sent[0],
                  ngettext("%ld sent to desk 1", "%ld sent to desk 1",
                           t->sent[0])),
           CLAUSE(c2, t->sent[1],
                  ngettext("%ld person", "%ld people", t->sent[1])),
           CLAUSE(c3, t->sent[DESKS_DEMO],
                  ngettext("%ld person", "%ld people", t->sent[DESKS_DEMO])));
    /* TRANSLATORS: the door's counts, each clause a count of its own;
     * after "refused" and "warned", the reasons' codes and their
     * counts, " (full 1)". */
    printf(_("  Door: %s, %s, %s%s, %s%s; %s inside now.\n"),
           CLAUSE(c1, entered, ngettext("%ld in", "%ld in", entered)),
           CLAUSE(c2, left, ngettext("%ld out", "%ld out", left)),
           CLAUSE(c3, door[DECISION_DENY],
                  ngettext("%ld refused", "%ld refused", door[DECISION_DENY])),
           reasons_text(t, SCAN_DOOR, DECISION_DENY, deny, sizeof(deny)),
           CLAUSE(c4, door[DECISION_WARN],
                  ngettext("%ld warned", "%ld warned", door[DECISION_WARN])),
           reasons_text(t, SCAN_DOOR, DECISION_WARN, warn, sizeof(warn)),
           CLAUSE(c5, inside, ngettext("%ld person", "%ld people", inside)));
    /* TRANSLATORS: the sponsor's station's counts, each a count of its
     * own; after "refused", the reasons' codes and their counts,
     * " (unknown-code 1)". */
    printf(
        _("  Leads: %s, %s, %s%s.\n"),
        CLAUSE(c1, leads[DECISION_ADMIT],
               ngettext("%ld recorded", "%ld recorded", leads[DECISION_ADMIT])),
        CLAUSE(c2, leads[DECISION_WARN],
               ngettext("%ld repeated", "%ld repeated", leads[DECISION_WARN])),
        CLAUSE(c3, leads[DECISION_DENY],
               ngettext("%ld refused", "%ld refused", leads[DECISION_DENY])),
        reasons_text(t, SCAN_LEADS, DECISION_DENY, deny, sizeof(deny)));
    if (t->not_recorded)
        printf(ngettext("  %ld decision was NOT RECORDED in the journal.\n",
                        "  %ld decisions were NOT RECORDED in the "
                        "journal.\n",
                        t->not_recorded),
               t->not_recorded);
    /* TRANSLATORS: the demo's folder, then the sponsor's slug in its
     * station file's name (leads-datawise.db). */
    printf(_("  Files in %s: event.db (the event and every scan), the CSV "
             "exports, labels/ (a PNG of every label printed), ql800.bin "
             "(the printer's bytes), print-log.txt, leads-%s.db (the "
             "sponsor's station).\n"),
           run->dir, SPONSOR);
}

int demo_stations(struct demo_run *run, struct ck_error *err)
{
    store *s = NULL;
    display *d = NULL;
    struct badge_key key;
    bool have_key = false;
    struct demo_tally tally;
    struct merge_report rep;
    struct export_lead_counts lc = {0};
    long inside = 0, checkins = 0, scans = 0;
    char ldb[4200];
    memset(&tally, 0, sizeof(tally));
    memset(&rep, 0, sizeof(rep));
    snprintf(ldb, sizeof(ldb), "%s/leads-" SPONSOR ".db", run->dir);
    int code = store_open(run->db, STORE_EXISTING, &s, err);
    if (!code) {
        run->printer->s = s;
        code = demo_display_new(stdout, &tally, run->printer->last, &d, err);
    }
    if (!code)
        code = run_triage(s, d, err);
    if (!code)
        code = run_desk(run, s, d, err);
    if (!code)
        code = still_needs(s, "53139", err);
    if (!code && !(code = credential_load_key(s, run->key_path, &key, err)))
        have_key = true;
    if (!code)
        code = run_door(s, &key, d, &inside, err);
    if (!code)
        code = run_leads(s, &key, ldb, d, &rep, err);
    if (!code)
        code = demo_week(run, s, &key, err);
    if (!code)
        code = export_to(s, run->dir, "checkins.csv", 0, &checkins, NULL, err);
    if (!code)
        code = export_to(s, run->dir, "scans.csv", 1, &scans, NULL, err);
    if (!code)
        code =
            export_to(s, run->dir, "leads-" SPONSOR ".csv", 2, NULL, &lc, err);
    if (!code) {
        demo_section();
        printf("%s\n", _("Exports and summary"));
        /* TRANSLATORS: rows of two files, then the sponsor's slug in the
         * third's name and its leads listed and withheld, each count as
         * label: value (no plural form). */
        printf(_("  Exports: checkins.csv (rows: %ld), scans.csv (rows: %ld), "
                 "leads-%s.csv (leads listed: %ld; withheld, no consent to "
                 "share: %ld).\n"),
               checkins, scans, SPONSOR, lc.listed, lc.withheld);
        summary(run, &tally, inside);
    }
    if (have_key)
        badge_key_wipe(&key);
    merge_report_free(&rep);
    display_free(d);
    if (run->printer)
        run->printer->s = NULL;
    store_close(s);
    return code;
}
