/* Printing from the desk and from `checkin print`, end to end: codes drawn
 * as QR images, scanned by a desk station with a file printer, jobs in the
 * store, printer bytes on disk; then the reprint rules. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/qr.h"
#include "testutil.h"

static const char *db(void)
{
    static int made;
    const char *path = tu_path("p.db");
    if (!made) {
        char args[8192];
        const char *out, *err;
        snprintf(args, sizeof(args), "init '%s' '%s/demo/event.ini'", path,
                 CONFIG_DIR);
        if (tu_checkin(args, &out, &err) != 0)
            TU_FAIL_AT("init: %s", err);
        snprintf(args, sizeof(args), "import '%s' "
                 "'%s/demo/registrations.csv'", path, CONFIG_DIR);
        if (tu_checkin(args, &out, &err) != 0)
            TU_FAIL_AT("import: %s", err);
        made = 1;
    }
    return path;
}

static long count(const char *sql)
{
    sqlite3 *d;
    long n = -1;
    if (sqlite3_open_v2(db(), &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(d);
    return n;
}

/* A PGM image of `text` as a QR code, as a phone would show it. */
static const char *qr_pgm(const char *name, const char *text)
{
    struct qr_bitmap qr;
    struct ck_error err;
    const char *path = tu_path(name);
    if (qr_render(text, strlen(text), 5, 4, &qr, &err)) {
        TU_FAIL_AT("qr_render: %s", err.msg);
        return path;
    }
    FILE *f = fopen(path, "wb");
    if (f) {
        fprintf(f, "P5\n%d %d\n255\n", qr.width, qr.height);
        fwrite(qr.pixels, 1, (size_t)qr.width * (size_t)qr.height, f);
        fclose(f);
    }
    qr_bitmap_free(&qr);
    return path;
}

static void desk_prints_badge_and_one_ticket_per_tutorial(void)
{
    const char *olivia = qr_pgm("olivia.pgm",
                                "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h");
    const char *zoe = qr_pgm("zoe.pgm", "ehpa7y658k6he2p6us3rkbu6vycma943");
    const char *out_file = tu_path("desk.bin");
    char args[16384];
    const char *out, *err;
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-p --json --clock "
             "'2027-05-12 08:30' --images '%s' '%s' --printer 'file:%s' "
             "--model QL-800 --media 62x100", db(), olivia, zoe, out_file);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "\"decision\":\"admit\"");
    EXPECT_NOT_CONTAINS(out, "print_error");
    /* Each verdict is shown first; the outcome of its printing follows
     * (the desk prints on a worker, so possibly after the next verdict):
     * exactly one print line per announced print, later, same seq. */
    int announced = 0, outcomes = 0;
    int64_t pending[8];
    const char *line = out;
    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        json_t *o = json_loadb(line, len, 0, NULL);
        REQUIRE(o);
        int64_t seq = json_integer_value(json_object_get(o, "seq"));
        if (json_is_true(json_object_get(o, "printing"))) {
            REQUIRE(announced < 8);
            pending[announced++] = seq;
        } else if (json_object_get(o, "event")) {
            EXPECT_STR(json_string_value(json_object_get(o, "event")),
                       "print");
            EXPECT_TRUE(json_is_true(json_object_get(o, "printed")));
            bool found = false;
            for (int k = 0; k < announced; k++)
                if (pending[k] == seq && seq > 0) {
                    pending[k] = -1; /* once only */
                    found = true;
                }
            EXPECT_TRUE(found);
            outcomes++;
        }
        json_decref(o);
        line = nl ? nl + 1 : NULL;
    }
    EXPECT_INT(announced, 2);
    EXPECT_INT(outcomes, 2);
    /* Olivia: badge only; Hannah Becker (52225): badge plus her tickets. */
    EXPECT_INT(count("SELECT count(*) FROM print_job j JOIN attendee a ON "
                     "a.id = j.attendee_id WHERE a.ticket_id = '48243'"),
               1);
    long tickets = count("SELECT count(*) FROM attendee_tutorial x JOIN "
                         "attendee a ON a.id = x.attendee_id WHERE "
                         "a.ticket_id = '52225'");
    EXPECT_INT(count("SELECT count(*) FROM print_job j JOIN attendee a ON "
                     "a.id = j.attendee_id WHERE a.ticket_id = '52225'"),
               1 + tickets);
    EXPECT_INT(count("SELECT count(*) FROM print_job WHERE state != 'sent' "
                     "OR badge_id IS NULL"),
               0);
    /* The bytes are a Brother QL job: invalidate, then ESC @. */
    size_t len;
    unsigned char *bytes = (unsigned char *)tu_read_file(out_file, &len);
    REQUIRE(bytes && len > 100000 * (size_t)(1 + 1 + tickets) / 2);
    size_t i = 0;
    while (i < len && bytes[i] == 0)
        i++;
    EXPECT_TRUE(i >= 200);
    EXPECT_TRUE(i + 1 < len && bytes[i] == 0x1b && bytes[i + 1] == 0x40);
    free(bytes);
}

static void reprint_needs_a_reason_and_revokes_the_old_badge(void)
{
    char args[8192];
    const char *out, *err;
    /* A first print of Zoë's badge and tickets. */
    snprintf(args, sizeof(args), "print '%s' 53139 --printer 'file:%s' "
             "--model QL-800 --media 62x100", db(), tu_path("zoe.bin"));
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "0 failed");
    /* The badge Zoë holds now. */
    struct ck_error e = {0};
    store *s;
    struct badge_key key;
    char held[BADGE_TEXT_CAP];
    char keypath[4200];
    credential_default_key_path(db(), keypath, sizeof(keypath));
    REQUIRE(store_open(db(), STORE_EXISTING, &s, &e) == CK_OK);
    REQUIRE(credential_load_key(s, keypath, &key, &e) == CK_OK);
    struct attendee_list l;
    REQUIRE(store_attendee_find_one(s, "53139", &l, &e) == CK_OK);
    REQUIRE(credential_current(s, &key, l.items[0].id, 0, held, &e) == CK_OK);
    attendee_list_free(&l);
    badge_key_wipe(&key);
    store_close(s);

    snprintf(args, sizeof(args), "print '%s' 53139 --printer 'file:%s' "
             "--model QL-800 --media 62x100", db(), tu_path("again.bin"));
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "reprint it with a reason");
    snprintf(args, sizeof(args), "print '%s' 53139 --reprint 'coffee on it' "
             "--printer 'file:%s' --model QL-800 --media 62x100 --preview "
             "'%s'", db(), tu_path("again.bin"), tu_tmpdir());
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "1 sent");
    EXPECT_INT(count("SELECT count(*) FROM print_job WHERE reprint_reason = "
                     "'coffee on it'"),
               1);
    snprintf(args, sizeof(args), "verify '%s' '%s'", db(), held);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(out, "NOT VALID (revoked)");
}

static void printing_refuses_cancelled_orders_and_missing_printers(void)
{
    char args[8192];
    const char *out, *err;
    snprintf(args, sizeof(args), "print '%s' 50184 --printer 'file:%s' "
             "--model QL-800 --media 62x100", db(), tu_path("x.bin"));
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "order is cancelled, so nothing is printed");
    snprintf(args, sizeof(args), "print '%s' 53139 --printer usb:1234:5678",
             db());
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_TRUE(strlen(err) > 20 && strchr(err, '\n') == strrchr(err, '\n'));
    snprintf(args, sizeof(args), "print '%s' 53139", db());
    EXPECT_INT(tu_checkin(args, &out, &err), 2);
}

TU_MAIN(TU_CASE(desk_prints_badge_and_one_ticket_per_tutorial),
        TU_CASE(reprint_needs_a_reason_and_revokes_the_old_badge),
        TU_CASE(printing_refuses_cancelled_orders_and_missing_printers))
