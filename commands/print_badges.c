/* `checkin print`: an attendee's badge and tickets printed by hand
 * through printer/'s printer_print_badges, and what became of the
 * labels said (print_commands.h). */
#include <string.h>
#include <sys/stat.h>

#include "checkin/credential.h"
#include "checkin/i18n.h"
#include "checkin/print_commands.h"
#include "checkin/printer_tools.h"

/* What became of the labels on `out`; CK_EDEVICE with the printer's
 * complaint when it made one. */
static int say_printed(const struct badges_printed *r, const char *uri,
                       FILE *out, struct ck_error *err)
{
    const struct print_queue_report *rep = &r->rep;
    fprintf(out, _("%s: %zu printed, %zu sent, %zu failed, %zu waiting.\n"),
            r->printer, rep->printed, rep->sent, rep->failed, rep->waiting);
    /* "printed" counts only what the printer said it printed. */
    if (rep->sent)
        fprintf(out,
                ngettext("Sent %zu label; this printer cannot confirm it "
                         "printed, so check that it came out.\n",
                         "Sent %zu labels; this printer cannot confirm they "
                         "printed, so check that they came out.\n",
                         rep->sent),
                rep->sent);
    /* A file printer's labels are bytes no one can look at. */
    struct stat st;
    if (rep->sent && !strncmp(uri, "file:", 5) && !stat(uri + 5, &st) &&
        S_ISREG(st.st_mode))
        fprintf(out, _("See them with 'checkin print-preview %s --out DIR'.\n"),
                uri + 5);
    if (rep->message[0]) {
        *err = rep->error;
        return CK_EDEVICE;
    }
    return CK_OK;
}

int print_badges_for(const char *db, const char *who_arg, const char *key_path,
                     const char *uri, const struct printer_options *popt,
                     const struct badge_printer_options *bopt,
                     const char *reason, FILE *out, struct ck_error *err)
{
    store *s = NULL;
    struct attendee_list who = {0};
    struct badge_key key;
    bool have_key = false;
    int code = store_open(db, STORE_EXISTING | STORE_LIGHT_CHECK, &s, err);
    if (!code)
        code = store_attendee_find_one(s, who_arg, &who, err);
    if (!code && !(code = credential_load_desk_key(s, db, key_path, &key, err)))
        have_key = true;
    struct badges_printed r;
    if (!code)
        code = printer_print_badges(s, &key, uri, popt, bopt, who.items[0].id,
                                    reason, &r, err);
    if (!code)
        code = say_printed(&r, uri, out, err);
    if (have_key)
        badge_key_wipe(&key);
    attendee_list_free(&who);
    store_close(s);
    /* The printer's sentence says what to do to it; the command has
     * ended, so say how the labels get printed then. */
    if (code == CK_EDEVICE) {
        /* Both sentences in the language spoken: the printer's said
         * first (ck_error_text), then recorded as said. */
        char said[sizeof(err->msg)];
        ck_error_say(err, said, sizeof(said));
        ck_said(err, code, "%s%s", said,
                _(" Then run the same command again: labels that failed "
                  "print first, with the same badge number."));
    }
    return code;
}
