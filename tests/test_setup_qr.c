/* Setup QR codes: a station's phones' link (/scan/ with its token) as a
 * QR code a phone's camera app opens, on a terminal and as a PNG to
 * print.  Read back by zbar (an oracle outside the code: libqrencode
 * draws, zbar reads), and compared with the link the station printed. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/image.h"
#include "checkin/qr.h"
#include "testutil.h"
#include "zbarread.h"

static const char CSV[] =
    "order_code,status,given_name,family_name,email,ticket_type,secret,"
    "ticket_id,tutorials\n"
    "QR001,paid,Grace,Hopper,grace@example.com,individual,"
    "gggggggggggggggggggggggggggggggg,93001,pandas-intro\n";

/* The terminal's lines as a picture, as a screen would show them: each
 * character cell 4 pixels wide and two modules of 4 pixels high; a full
 * block lights both, an upper or lower half block one, a space none (the
 * black background).  ANSI colour sequences are skipped.  A white margin
 * stands in for the room around a terminal window. */
static uint8_t *paint(const char *lines, int *w, int *h)
{
    enum { PX = 4, MARGIN = 16 };
    int rows = 0, cols = 0, c = 0;
    for (const char *p = lines; *p;) {
        if (*p == '\033') {
            p += strcspn(p, "m") + 1;
        } else if (*p == '\n') {
            rows++;
            cols = c > cols ? c : cols;
            c = 0;
            p++;
        } else {
            c++;
            p += (unsigned char)*p < 0x80 ? 1 : 3;
        }
    }
    *w = cols * PX + 2 * MARGIN;
    *h = rows * 2 * PX + 2 * MARGIN;
    uint8_t *px = malloc((size_t)*w * (size_t)*h);
    if (!px)
        return NULL;
    memset(px, 255, (size_t)*w * (size_t)*h);
    int r = 0;
    c = 0;
    for (const char *p = lines; *p;) {
        if (*p == '\033') {
            p += strcspn(p, "m") + 1;
            continue;
        }
        if (*p == '\n') {
            r++;
            c = 0;
            p++;
            continue;
        }
        bool top = false, bottom = false;
        if (!strncmp(p, "\u2588", 3))
            top = bottom = true;
        else if (!strncmp(p, "\u2580", 3))
            top = true;
        else if (!strncmp(p, "\u2584", 3))
            bottom = true;
        p += (unsigned char)*p < 0x80 ? 1 : 3;
        for (int y = 0; y < 2 * PX; y++)
            for (int x = 0; x < PX; x++)
                px[(size_t)(MARGIN + r * 2 * PX + y) * (size_t)*w + MARGIN +
                   c * PX + x] = (y < PX ? top : bottom) ? 255 : 0;
        c++;
    }
    return px;
}

/* A station's link on a terminal: zbar reads the link back from the
 * lines as drawn, light modules in bright white on black whatever the
 * terminal's own colours. */
static void a_terminal_qr_reads_back_as_its_link(void)
{
    const char *link = "https://door1.checkin.pycon.example:8443/scan/"
                       "?token=6153f0e7a0c94b5c9d7f3f1e2a4b6c8d";
    char *lines = NULL;
    struct ck_error err = {0};
    REQUIRE(qr_for_terminal(link, &lines, &err) == 0);
    EXPECT_CONTAINS(lines, "\033[40;97m");
    int w = 0, h = 0;
    uint8_t *px = paint(lines, &w, &h);
    REQUIRE(px);
    char *read = zbar_read(px, w, h);
    EXPECT_STR(read, link);
    free(read);
    free(px);
    free(lines);
}

/* `checkin scan --web ... --qr FILE.png` writes the phones' link it
 * printed, token and all, as a QR code zbar reads back; the file is
 * 0600 (the token opens the station).  --qr without --web is refused. */
static void a_station_writes_its_phones_link_as_a_qr_png(void)
{
    const char *db = tu_path("qr.db"), *out, *err;
    char args[2048];
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    REQUIRE(tu_write_file(tu_path("qr.csv"), CSV, strlen(CSV)) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, tu_path("qr.csv"));
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    const char *png = tu_path("phones.png");
    snprintf(args, sizeof(args),
             "scan '%s' --station door:pandas-intro --json --offline "
             "--keyboard --web 127.0.0.1:0 --qr '%s'",
             db, png);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    const char *at = strstr(err, "Phones scan at: ");
    REQUIRE(at);
    at += strlen("Phones scan at: ");
    char link[512];
    snprintf(link, sizeof(link), "%.*s", (int)strcspn(at, " \n"), at);
    EXPECT_CONTAINS(link, "/scan/?token=");
    EXPECT_CONTAINS(err, "The phones' link as a QR code: ");
    struct stat sb;
    REQUIRE(stat(png, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    char *read = zbar_read_png(png);
    EXPECT_STR(read, link);
    free(read);

    snprintf(args, sizeof(args),
             "scan '%s' --station door:pandas-intro --json --offline "
             "--keyboard --qr '%s'",
             db, png);
    EXPECT_INT(tu_checkin(args, &out, &err), 2);
    EXPECT_CONTAINS(err, "--qr writes the phones' /scan link: give --web");
}

TU_MAIN(TU_CASE(a_terminal_qr_reads_back_as_its_link),
        TU_CASE(a_station_writes_its_phones_link_as_a_qr_png))
