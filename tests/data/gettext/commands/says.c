/* A sentence in a comment is not read: "Printed the badges now." */
#include <stdio.h>

void says(FILE *out, int n)
{
    fprintf(out, "Printed %d badges for the desk.\n", n);
    fprintf(out, _("Printed the labels on %s.\n"), "x");
    fprintf(out, ngettext("%d badge printed.\n", "%d badges printed.\n", n),
            n);
    /* untranslated: a --json field name, English for scripts. */
    fprintf(out, "{\"badge name\": %d}\n", n);
    fputs("OK\n", out);
}

/* commands/ is no room of po/ERROR-ROOMS: its ck_fail format is not
 * extracted, so it is a sentence outside gettext. */
int fails(struct ck_error *err)
{
    return ck_fail(err, CK_EIO, "The desk has no printer here.");
}
