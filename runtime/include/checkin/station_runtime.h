/* A whole station run, as `checkin scan` starts it: the event file, the
 * station rules (station.h), where codes come from (source.h), the screen
 * or JSON lines they are shown on (display.h), the desk's printer on its
 * worker thread (desk_print.h) and the live sync with the hub on another
 * (sync_worker.h), opened in that order, run until the source ends or the
 * volunteer quits, and closed.  The command line only turns argv into
 * these options. */
#ifndef CHECKIN_STATION_RUNTIME_H
#define CHECKIN_STATION_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/desk_print.h"
#include "checkin/error.h"
#include "checkin/export.h"
#include "checkin/source.h"
#include "checkin/station.h"

/* What a station tells whoever started it, outside its screen: before
 * the screen opens, and a certificate reloaded before it did (the
 * station's screen says what comes later).  As data: commands/ says it
 * (station_options.h). */
enum station_said_kind {
    /* The station's web screen is up: `url` (with its token), `scan_url`
     * the phones' (NULL: a kiosk, which phones do not scan at), and
     * `warning` what the web server warns of ("" none). */
    STATION_SAID_SCREEN,
    /* The phones' link was written as a QR code, PNG, at `path`. */
    STATION_SAID_QR_PNG,
    /* With --json: the phones' link `url`, to show as a QR code where a
     * terminal can show it. */
    STATION_SAID_PHONES,
    /* An expo station serves `booths` sponsors' booths. */
    STATION_SAID_BOOTHS,
    /* One line made here (`text`): what came of a certificate reloaded on
     * SIGHUP before the screen opened.  From the reloader's thread. */
    STATION_SAID_LINE,
};

struct station_said {
    enum station_said_kind kind;
    const char *warning, *url, *scan_url, *path, *text;
    size_t booths;
};

/* Called in the order the station says them; the texts are the
 * station's until the call returns. */
typedef void (*station_said_fn)(void *ctx, const struct station_said *what);

struct station_runtime_options {
    const char *db;            /* the station's event file */
    struct station_config cfg; /* rules; clock_ms set from `clock` */
    /* cfg.name was asked for (--name, a profile), not a default: in a file
     * enrolled at a hub, a name other than the enrolled one is refused;
     * a default gives way to the enrolled name. */
    bool name_given;
    const char *clock; /* "YYYY-MM-DD HH:MM" event time, or NULL */
    /* Exactly one source: a camera, raw frames (a path or "-"), still
     * images, or a barcode scanner (keyboard: NULL or "-" is standard
     * input, else an evdev device; at the terminal screen, typed codes
     * come through the screen itself). */
    const char *camera;
    const char *frames;
    char *const *images;
    size_t nimages;
    bool keyboard;
    const char *keyboard_dev;
    struct source_options source;
    bool json; /* one JSON object per decision on standard output */
    /* Also serve the station's screen as a web page on "ADDR:PORT"
     * (web_station.h), its link said on standard error; NULL: not. */
    const char *web;
    /* Serve it over HTTPS with this certificate (PEM chain) and key;
     * both NULL: plain HTTP. */
    const char *tls_cert, *tls_key;
    /* Also write the phones' /scan link as a QR code, PNG, here (0600:
     * it carries the token); NULL: not.  On a terminal it is shown too. */
    const char *qr_png;
    /* The web page is the attendees' self check-in kiosk (desk only). */
    bool kiosk;
    /* Replace the web token the file keeps (phone_token.h): every link,
     * setup QR code and phone of before is refused from now on. */
    bool new_token;
    bool offline; /* do not sync with the hub the file was enrolled at */
    /* Take the hub's word from the herald at "IP:PORT" (sync_herald.h)
     * while it is there; NULL: LISTEN on the hub. */
    const char *herald;
    /* Desk: print badges and tickets at print.uri (NULL: no printer).
     * Always asynchronous. */
    struct desk_print_options print;
    /* An expo station's booth phone's CSV of leads from the hub: the
     * sentence shown beside it, of the counts sync_expo_leads gave, into
     * `said` of `cap` bytes ("" before the call); NULL: none.  Called on
     * the phone's connection thread. */
    void (*booth_csv_said)(const struct export_lead_counts *c, char *said,
                           size_t cap);
    /* Where what the station says outside its screen goes; NULL: nowhere. */
    station_said_fn said;
    void *said_ctx;
};

/* Run the station; CK_OK when its source ended or the volunteer quit. */
int station_runtime_run(const struct station_runtime_options *o,
                        struct ck_error *err) CK_MUST_CHECK;

#endif
