/* A room po/ERROR-ROOMS lists: its ck_fail formats are messages, its
 * narration is not unless wrapped. */
#include <stdio.h>

int narrates(struct ck_error *err, const char *dir)
{
    printf("The demo runs in %s now.\n", dir);
    printf(_("The demo's files are in %s.\n"), dir);
    return ck_fail(err, CK_EIO, "Cannot write the demo's folder %s.", dir);
}
