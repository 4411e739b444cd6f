/* See desk_print.h. */
#include <stdio.h>
#include <string.h>

#include "checkin/credential.h"
#include "cli.h"
#include "desk_print.h"

int desk_print_open(struct desk_print *dp, store *s, const char *db,
                    const struct desk_print_options *opt,
                    struct ck_error *err)
{
    memset(dp, 0, sizeof(*dp));
    char keybuf[4200], templates[4200];
    const char *key_path = cli_key_path(db, opt->key_path, keybuf,
                                        sizeof(keybuf));
    snprintf(templates, sizeof(templates), "%s/labels", cli_config_dir());
    struct printer_options popt = {.model = opt->model, .media = opt->media};
    struct badge_printer_options bopt = {.templates_dir = templates,
                                         .preview_dir = opt->preview_dir};
    int code = credential_load_key(s, key_path, &dp->key, err);
    if (code)
        return code;
    dp->have_key = true;
    code = printer_open(opt->uri, &popt, &dp->p, err);
    if (!code)
        code = badge_printer_new(s, &dp->key, dp->p, opt->uri, &bopt, &dp->bp,
                                 err);
    if (code)
        desk_print_close(dp);
    return code;
}

void desk_print_close(struct desk_print *dp)
{
    badge_printer_free(dp->bp);
    printer_close(dp->p);
    if (dp->have_key)
        badge_key_wipe(&dp->key);
    memset(dp, 0, sizeof(*dp));
}

int desk_print_hook(void *ctx, int64_t attendee_id, const char *reprint,
                    struct ck_error *err)
{
    struct desk_print *dp = ctx;
    struct print_queue_report rep;
    int code = badge_printer_print(dp->bp, attendee_id, reprint, &rep, err);
    if (code)
        return code;
    dp->labels += (long)(rep.printed + rep.sent);
    if (rep.message[0])
        return ck_fail(err, CK_EDEVICE, "%s", rep.message);
    return CK_OK;
}
