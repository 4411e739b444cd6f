/* Reading a supervisor's PIN for supervisor_apply (`checkin init|event
 * --supervisor NAME`) and for a desk's supervised action given on the
 * command line (`checkin register --comp`, `checkin edit`).  The PIN
 * comes from the terminal, without echo, or, when standard input is not
 * a terminal (scripts, tests), as one line of it; never from argv (which
 * `ps` shows) nor from the INI file (shared, often in git), and it is
 * wiped once hashed (docs/admission.md, section 4). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "checkin/i18n.h"
#include "checkin/supervisor_pin.h"

/* One line of standard input into `pin` without its line end; echo off
 * on a terminal.  False at end of input. */
static bool read_line(const char *prompt, char pin[SUPERVISOR_PIN_CAP],
                      bool tty)
{
    struct termios was, quiet;
    bool hidden = false;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &was) == 0) {
            quiet = was;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            quiet.c_lflag |= ECHONL;
            hidden = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }
    bool got = fgets(pin, SUPERVISOR_PIN_CAP, stdin) != NULL;
    if (hidden)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &was);
    if (!got) {
        sodium_memzero(pin, SUPERVISOR_PIN_CAP);
        return false;
    }
    pin[strcspn(pin, "\r\n")] = '\0';
    return true;
}

int supervisor_read_new_pin(const char *name, char *pin, struct ck_error *err)
{
    bool tty = isatty(STDIN_FILENO);
    char prompt[160];
    snprintf(prompt, sizeof(prompt),
             _("PIN for supervisor %s (at least %d characters): "), name,
             SUPERVISOR_PIN_MIN);
    if (!read_line(prompt, pin, tty))
        return ck_said(err, CK_EINVAL,
                       _("No PIN was given for supervisor %s; type it when "
                         "asked (or give it as one line of standard input)."),
                       name);
    if (!tty)
        return CK_OK;
    char again[SUPERVISOR_PIN_CAP];
    bool same =
        read_line(_("The same PIN again: "), again, tty) && !strcmp(again, pin);
    sodium_memzero(again, sizeof(again));
    if (same)
        return CK_OK;
    sodium_memzero(pin, SUPERVISOR_PIN_CAP);
    return ck_said(err, CK_EINVAL,
                   _("The two PINs for supervisor %s differ; nothing was "
                     "changed, so run the command again."),
                   name);
}

int supervisor_read_pin(char *pin, struct ck_error *err)
{
    if (!read_line(_("Supervisor's PIN: "), pin, isatty(STDIN_FILENO)))
        return ck_fail(err, CK_EINVAL, "%s",
                       _("This needs a supervisor's PIN and none was given; "
                         "ask a supervisor to type theirs when asked."));
    return CK_OK;
}
