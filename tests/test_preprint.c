/* Pre-printed badges (issue 55), through the real command: a sorted run
 * into boxes whose sheet and recorded places agree with the PDF's pages
 * (read back with zbar and `checkin verify`), desks that send a person
 * to the box instead of the printer and mark the badge handed over on
 * the volunteer's confirm, a second pick-up at another desk stopped with
 * when and where, a lost one reprinted (the pre-printed code refused
 * after), and `checkin report EVENT.db uncollected`. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zbar.h>

#include "testutil.h"
#include "web_desk.h"

/* The demo event's copy, its key beside it, pre-printed into 20 boxes. */
static const char *run_event(void)
{
    static char db[4096];
    if (db[0])
        return db;
    snprintf(db, sizeof(db), "%s", tu_copy(tu_demo_event(), "pre.db"));
    if (chmod(tu_copy(tu_path("event.key"), "pre.key"), 0600) != 0)
        TU_FAIL_AT("cannot copy the key");
    return db;
}

/* The ticket ids of the sheet in its order, with each one's box and
 * position as the sheet says them; the number read. */
struct sheet_row {
    char ticket[64];
    char box[32];
    long pos;
};

static size_t read_sheet(const char *path, struct sheet_row *rows, size_t cap,
                         int *pages)
{
    char *text = tu_read_file(path, NULL);
    size_t n = 0;
    char box[32] = "";
    *pages = 0;
    char *save = NULL;
    for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        if (*line == '\f') {
            line++;
        }
        if (!strncmp(line, "Box ", 4)) {
            (*pages)++;
            sscanf(line + 4, "%31[^ ]", box);
            continue;
        }
        long pos;
        char ticket[64];
        const char *open = strrchr(line, '(');
        if (n < cap && sscanf(line, " #%ld", &pos) == 1 && open &&
            sscanf(open, "(%63[^)])", ticket) == 1) {
            snprintf(rows[n].ticket, sizeof(rows[n].ticket), "%s", ticket);
            snprintf(rows[n].box, sizeof(rows[n].box), "%s", box);
            rows[n].pos = pos;
            n++;
        }
    }
    free(text);
    return n;
}

/* The code on page `page` of the PDF `pdf`, rasterized by pdftoppm and
 * read by zbar, into `out`; false when none is read. */
static bool page_code(const char *pdf, int page, char *out, size_t cap)
{
    const char *pgm = tu_path("page.pgm");
    if (tu_sh("pdftoppm -gray -r 200 -singlefile -f %d -l %d '%s' '%s'", page,
              page, pdf, tu_path("page")) != 0)
        return false;
    size_t len;
    char *img = tu_read_file(pgm, &len);
    int w = 0, h = 0, max = 0, used = 0;
    bool got = false;
    if (img && sscanf(img, "P5 %d %d %d%n", &w, &h, &max, &used) == 3 &&
        (size_t)used + 1 + (size_t)w * (size_t)h <= len) {
        zbar_image_scanner_t *sc = zbar_image_scanner_create();
        zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
        zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
        zbar_image_t *z = zbar_image_create();
        zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
        zbar_image_set_size(z, (unsigned)w, (unsigned)h);
        zbar_image_set_data(z, img + used + 1, (unsigned long)w * h, NULL);
        if (zbar_scan_image(sc, z) > 0) {
            const zbar_symbol_t *sym = zbar_image_first_symbol(z);
            snprintf(out, cap, "%s", zbar_symbol_get_data(sym));
            got = true;
        }
        zbar_image_destroy(z);
        zbar_image_scanner_destroy(sc);
    }
    free(img);
    return got;
}

/* The ticket id `checkin verify` names for `code`. */
static const char *verified_ticket(const char *db, const char *code,
                                   int *status)
{
    static char ticket[64];
    const char *out, *err;
    *status =
        tu_checkin(tu_format("verify --json '%s' '%s'", db, code), &out, &err);
    const char *t = strstr(out, "\"ticket_id\":\"");
    ticket[0] = '\0';
    if (t)
        sscanf(t + 13, "%63[^\"]", ticket);
    return ticket;
}

/* The name a badge sorts by: the family name, or the whole name when
 * only that is known (a pretix export's attendee_name). */
#define SORT_NAME                                                              \
    "SELECT lower(CASE WHEN family_name <> '' THEN family_name ELSE"           \
    " badge_name END) FROM attendee WHERE ticket_id = '%s'"

#define MAX_ROWS 400
static struct sheet_row rows[MAX_ROWS];
static size_t nrows;
static char first_code[600]; /* the code on the run's first page */

static void a_sorted_run_agrees_with_its_sheet_and_its_pdf(void)
{
    const char *db = run_event();
    const char *out, *err;
    int rc = tu_checkin(tu_format("badge '%s' --all --sort family-name "
                                  "--boxes 20 --out '%s'",
                                  db, tu_path("run.pdf")),
                        &out, &err);
    EXPECT_INT(rc, 0);
    EXPECT_CONTAINS(out, "Sorted by family name into 20 boxes");
    EXPECT_CONTAINS(out, "run-boxes.txt");
    /* The sheet names people: readable only by its maker, as the PDF. */
    struct stat sb;
    EXPECT_INT(stat(tu_path("run-boxes.txt"), &sb), 0);
    EXPECT_INT((long long)(sb.st_mode & 0777), 0600);
    int pages = 0;
    nrows = read_sheet(tu_path("run-boxes.txt"), rows, MAX_ROWS, &pages);
    EXPECT_INT(pages, 20);
    long long recorded = tu_sql_int(db, "SELECT count(*) FROM preprint");
    EXPECT_INT((long long)nrows, recorded);
    REQUIRE(nrows > 40);
    /* Each sheet line is the badge's recorded place, and the sheet runs
     * in family-name order. */
    for (size_t i = 0; i < nrows; i++) {
        EXPECT_STR(tu_sql_text(db, tu_format("SELECT box || ' #' || position"
                                             " FROM preprint WHERE ticket_id"
                                             " = '%s'",
                                             rows[i].ticket)),
                   tu_format("%s #%ld", rows[i].box, rows[i].pos));
        if (i) {
            const char *a = tu_format(
                "%s",
                tu_sql_text(db, tu_format(SORT_NAME, rows[i - 1].ticket)));
            const char *b =
                tu_sql_text(db, tu_format(SORT_NAME, rows[i].ticket));
            if (strcmp(a, b) > 0)
                TU_FAIL_AT("sheet line %zu (%s) sorts before line %zu (%s)",
                           i + 1, b, i, a);
        }
    }
    /* The PDF's pages in the same order, read back: the first and last
     * of some boxes, and the run's last page. */
    size_t sample[] = {0, 1, nrows / 20, nrows / 2, nrows - 1};
    for (size_t k = 0; k < sizeof(sample) / sizeof(sample[0]); k++) {
        char code[600];
        size_t i = sample[k];
        REQUIRE(page_code(tu_path("run.pdf"), (int)i + 1, code, sizeof(code)));
        int st;
        EXPECT_STR(verified_ticket(db, code, &st), rows[i].ticket);
        EXPECT_INT(st, 0);
        if (i == 0)
            snprintf(first_code, sizeof(first_code), "%s", code);
    }
}

/* The secret a person shows at the desk, and their attendee id. */
static const char *secret_of(const char *db, const char *ticket)
{
    return tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                     " JOIN attendee a ON a.id ="
                                     " s.attendee_id WHERE a.ticket_id ="
                                     " '%s' LIMIT 1",
                                     ticket));
}

static long long id_of(const char *db, const char *ticket)
{
    return tu_sql_int(
        db,
        tu_format("SELECT id FROM attendee WHERE ticket_id = '%s'", ticket));
}

static void scan(struct web_desk *w, const char *code)
{
    const char *line = tu_format("%s\n", code);
    REQUIRE(write(w->p.in, line, strlen(line)) == (ssize_t)strlen(line));
}

static const char *desk_args(const char *name)
{
    return tu_format("%s --printer 'file:%s' --model QL-800 --media 62x100",
                     name, tu_path(tu_format("%s.prn", name)));
}

static void desks_hand_over_once_reprint_a_lost_one_and_report_the_rest(void)
{
    const char *db = run_event();
    REQUIRE(nrows > 40 && first_code[0]);
    /* Three people: A picks up at desk-1 and tries again at desk-2; B
     * lost theirs after picking it up (a reprint); C never comes. */
    char a[64], b[64];
    snprintf(a, sizeof(a), "%s", rows[5].ticket);
    snprintf(b, sizeof(b), "%s", rows[0].ticket);
    char a_secret[128], b_secret[128];
    snprintf(a_secret, sizeof(a_secret), "%s", secret_of(db, a));
    snprintf(b_secret, sizeof(b_secret), "%s", secret_of(db, b));
    REQUIRE(a_secret[0] && b_secret[0]);

    struct web_desk w;
    REQUIRE(web_desk_start(&w, db, desk_args("desk-1")));
    scan(&w, a_secret);
    REQUIRE(
        web_desk_file_gets("web.out", tu_format("Pre-printed: box %s, #%ld.",
                                                rows[5].box, rows[5].pos)));
    EXPECT_TRUE(web_desk_file_gets(
        "web.out", tu_format("\"preprint_box\":\"%s\"", rows[5].box)));
    web_desk_post(&w,
                  tu_format("{\"kind\":\"group\",\"id\":%lld}", id_of(db, a)));
    REQUIRE(web_desk_file_gets(
        "web.err", tu_format("Handed over: the pre-printed badge from box %s, "
                             "#%ld.",
                             rows[5].box, rows[5].pos)));
    /* B picks theirs up too, then comes back: lost, reprinted. */
    scan(&w, b_secret);
    REQUIRE(
        web_desk_file_gets("web.out", tu_format("Pre-printed: box %s, #%ld.",
                                                rows[0].box, rows[0].pos)));
    web_desk_post(&w,
                  tu_format("{\"kind\":\"group\",\"id\":%lld}", id_of(db, b)));
    REQUIRE(web_desk_file_gets("web.err", "Handed over: the pre-printed badge "
                                          "from box"));
    web_desk_post(&w, tu_format("{\"kind\":\"reprint\",\"id\":%lld,\"text\":"
                                "\"lost\"}",
                                id_of(db, b)));
    REQUIRE(web_desk_file_gets("web.out", "\"printed\""));
    /* The morning's line: 18 more found by scan, each box shown and each
     * handed over with one tap (20 in all at this desk). */
    for (size_t i = 10; i < 28; i++) {
        char code[128];
        snprintf(code, sizeof(code), "%s", secret_of(db, rows[i].ticket));
        scan(&w, code);
        REQUIRE(web_desk_file_gets(
            "web.out",
            tu_format("Pre-printed: box %s, #%ld.", rows[i].box, rows[i].pos)));
        web_desk_post(&w, tu_format("{\"kind\":\"group\",\"id\":%lld}",
                                    id_of(db, rows[i].ticket)));
        REQUIRE(web_desk_file_gets(
            "web.err", tu_format("Handed over: the pre-printed badge from "
                                 "box %s, #%ld.",
                                 rows[i].box, rows[i].pos)));
    }
    tu_stop(&w.p, 0, 20000, "desk-1");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM preprint WHERE"
                              " handed_station = 'desk-1'"),
               20);
    /* Nothing printed for A at check-in: the badge was in the box. */
    EXPECT_INT(tu_sql_int(db, tu_format("SELECT count(*) FROM print_job j"
                                        " JOIN attendee x ON x.id ="
                                        " j.attendee_id WHERE x.ticket_id ="
                                        " '%s'",
                                        a)),
               0);
    EXPECT_STR(tu_sql_text(db, tu_format("SELECT handed_station FROM"
                                         " preprint WHERE ticket_id = '%s'",
                                         a)),
               "desk-1");

    /* A second pick-up at another desk: stopped, with when and where. */
    REQUIRE(web_desk_start(&w, db, desk_args("desk-2")));
    scan(&w, a_secret);
    REQUIRE(web_desk_file_gets("web.out", "Already handed over at "));
    EXPECT_TRUE(web_desk_file_gets(
        "web.out", tu_format(" at desk-1 (pre-printed, box %s, #%ld).",
                             rows[5].box, rows[5].pos)));
    web_desk_post(&w,
                  tu_format("{\"kind\":\"group\",\"id\":%lld}", id_of(db, a)));
    REQUIRE(web_desk_file_gets("web.err", "was already handed over at "));
    /* The pre-printed code of B, lost, no longer admits. */
    scan(&w, first_code);
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"revoked\""));
    tu_stop(&w.p, 0, 20000, "desk-2");
    int st;
    verified_ticket(db, first_code, &st);
    EXPECT_INT(st, 1);

    /* Everyone else is still in a box. */
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("report '%s' uncollected", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, tu_format("%zu of %zu pre-printed badges never "
                                   "collected.",
                                   nrows - 20, nrows));
    EXPECT_NOT_CONTAINS(out, tu_format("(%s)", a));
    EXPECT_NOT_CONTAINS(out, tu_format("(%s)", b));
    EXPECT_CONTAINS(out, tu_format("(%s)", rows[6].ticket));
    EXPECT_CONTAINS(out, tu_format("Box %s:", rows[nrows - 1].box));
    EXPECT_INT(
        tu_checkin(tu_format("report '%s' uncollected --csv", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, tu_format("\"%s\",%ld,", rows[6].box, rows[6].pos));
}

static void boxes_without_a_sort_say_what_to_do(void)
{
    const char *db = run_event();
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("badge '%s' --all --boxes 20 --out '%s'",
                                    db, tu_path("x.pdf")),
                          &out, &err),
               2);
    EXPECT_CONTAINS(err, "add --sort family-name");
    EXPECT_INT(tu_checkin(tu_format("badge '%s' --all --sort family-name "
                                    "--boxes none --out '%s'",
                                    db, tu_path("x.pdf")),
                          &out, &err),
               2);
    EXPECT_CONTAINS(err, "--boxes takes a number of boxes");
}

TU_MAIN(TU_CASE(a_sorted_run_agrees_with_its_sheet_and_its_pdf),
        TU_CASE(desks_hand_over_once_reprint_a_lost_one_and_report_the_rest),
        TU_CASE(boxes_without_a_sort_say_what_to_do))
