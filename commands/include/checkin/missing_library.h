/* What `checkin` says when a library it loads at first use cannot be
 * loaded (checkin/dynlib.h): one sentence naming the package to install,
 * then exit status 1.  cli/main.c hands it to dynlib_on_missing. */
#ifndef CHECKIN_MISSING_LIBRARY_H
#define CHECKIN_MISSING_LIBRARY_H

_Noreturn void missing_library(const char *soname, const char *package,
                               const char *why);

#endif
