/* The event commands' words to people (event_commands.h): what `checkin
 * init`, `checkin event --supervisor`, `checkin rotate-key` and `checkin
 * hold` did, said after event/ did it.  Moved from event/ (event_create.c,
 * supervisor.c, credential.c, hold.c); the sentences are unchanged. */
#include "checkin/event_commands.h"
#include "checkin/i18n.h"

#include <sodium.h>

#include "checkin/credential.h"
#include "checkin/event_create.h"
#include "checkin/hold.h"
#include "checkin/supervisor_pin.h"

/* The supervisors `checkin init` was given, for event_create's setup. */
struct init_supervisors {
    const char *const *add;
    size_t nadd;
    FILE *out;
};

static int add_supervisors(void *ctx, store *s, struct ck_error *err)
{
    const struct init_supervisors *sv = ctx;
    return supervisor_apply(s, sv->add, sv->nadd, NULL, 0,
                            supervisor_read_new_pin, sv->out, err);
}

int event_create_print(const char *db, const char *ini, const char *key_path,
                       const char *const *add, size_t nadd, FILE *out,
                       struct ck_error *err)
{
    char keybuf[4200];
    key_path = credential_key_path(db, key_path, keybuf, sizeof(keybuf));
    struct init_supervisors sv = {add, nadd, out};
    int code = event_create(db, ini, key_path, add_supervisors, &sv, err);
    if (code)
        return code;
    fprintf(out,
            _("Created %s from %s; the badge signing key is in %s "
              "(readable only by you).\n"),
            db, ini, key_path);
    return CK_OK;
}

int supervisor_apply(store *s, const char *const *add, size_t nadd,
                     const char *const *remove, size_t nremove,
                     int (*read_pin)(const char *name, char *pin,
                                     struct ck_error *err),
                     FILE *out, struct ck_error *err)
{
    for (size_t i = 0; i < nremove; i++) {
        int code = supervisor_remove(s, remove[i], err);
        if (code)
            return code;
        fprintf(out,
                _("Supervisor %s removed; their PIN no longer works at any "
                  "desk once it syncs.\n"),
                remove[i]);
    }
    for (size_t i = 0; i < nadd; i++) {
        char pin[SUPERVISOR_PIN_CAP];
        bool changed = false;
        int code = read_pin(add[i], pin, err);
        if (!code)
            code =
                supervisor_set(s, add[i], pin, store_now_ms(), &changed, err);
        sodium_memzero(pin, sizeof(pin));
        if (code)
            return code;
        fprintf(out,
                changed ? _("Supervisor %s's PIN changed.\n")
                        : _("Supervisor %s added: overrides, reprints, undo, "
                            "corrections and comp walk-ins at the desks now "
                            "need a supervisor's PIN.\n"),
                add[i]);
    }
    return CK_OK;
}

int credential_rotate_key_file(const char *db, const char *key_path, FILE *out,
                               struct ck_error *err)
{
    char keybuf[4200];
    key_path = credential_key_path(db, key_path, keybuf, sizeof(keybuf));
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = credential_rotate_key(s, key_path, err);
    store_close(s);
    if (code)
        return code;
    fprintf(out, _("New signing key in %s; earlier badges still verify.\n"),
            key_path);
    return CK_OK;
}

int hold_print(const char *db, const char *ticket, const char *why,
               bool release, FILE *out, struct ck_error *err)
{
    char name[HOLD_NAME_CAP];
    int code = hold_set(db, ticket, why, release, name, err);
    if (code)
        return code;
    if (release)
        fprintf(out,
                _("%s (%s) is no longer on hold; stations admit them again "
                  "once they have this change.\n"),
                name, ticket);
    else
        fprintf(out,
                _("%s (%s) is on hold: every station refuses them with "
                  "\"Please see the help desk.\" once it has this change "
                  "(at the next sync through the hub); the reason stays in "
                  "this file only.\n"),
                name, ticket);
    return CK_OK;
}
