/* See paddle_reprint.h. */
#include <stdio.h>
#include <string.h>

#include "checkin/desk_print.h"
#include "checkin/station.h"
#include "paddle_reprint.h"

int paddle_reprint(const char *db, const char *door, const char *uri,
                   int64_t attendee_id, const char *reason, const char **tpl,
                   char *why, size_t cap)
{
    static char chosen[256];
    store *s = NULL;
    station *st = NULL;
    struct desk_print dp;
    struct ck_error e = {0};
    struct desk_print_options po = {.uri = uri,
                                    .model = "QL-800",
                                    .media = "62x100",
                                    .config_dir = CONFIG_DIR,
                                    .paddles = true};
    struct station_config cfg = {.name = door, .open_before_ms = -1};
    int code = store_open(db, STORE_EXISTING, &s, &e);
    if (!code)
        code = station_parse_spec("auction", &cfg, &e);
    bool printing = !code && !(code = desk_print_open(&dp, s, db, &po, &e));
    if (printing) {
        cfg.print = desk_print_hook;
        cfg.print_ctx = &dp;
        cfg.print_printer = uri;
        cfg.print_paddle_template = badge_printer_template(dp.bp, JOB_PADDLE);
        snprintf(chosen, sizeof(chosen), "%s", cfg.print_paddle_template);
        *tpl = chosen;
        code = station_open(s, &cfg, &st, &e);
    }
    if (!code)
        code = station_reprint(st, attendee_id, reason, NULL, &e);
    station_free(st);
    if (printing)
        desk_print_close(&dp);
    store_close(s);
    snprintf(why, cap, "%s", code ? e.msg : "");
    return code ? -1 : 0;
}
