/* A library loaded at first use is missing (checkin/missing_library.h). */
#include "checkin/missing_library.h"

#include <stdio.h>
#include <stdlib.h>

#include "checkin/i18n.h"

void missing_library(const char *soname, const char *package, const char *why)
{
    fflush(stdout);
    /* TRANSLATORS: %1$s is a shared library's file name (libpq.so.5),
     * %2$s the Debian package that holds it, %3$s the system's reason. */
    fprintf(stderr,
            _("checkin: this command needs %1$s, which could not be loaded "
              "(%3$s): install the package %2$s ('sudo apt install %2$s', "
              "or scripts/setup in checkin's source).\n"),
            soname, package, why);
    exit(1);
}
