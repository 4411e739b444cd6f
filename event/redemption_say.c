/* What the organizer's undo did, in sentences (redemption.h's
 * redemption_undone_say), and redemption_undo, which makes the undo
 * (redemption.c) and says it.  These sentences stay in event/, not in
 * commands/, while web/dashboard_server.c, below commands/, shows them on
 * the dashboard's undo; they move up when it phrases the undo itself. */
#include <string.h>

#include "checkin/localtime.h"
#include "checkin/redemption.h"

/* Where an undo journaled under REDEMPTION_UNDO_STATION goes: from the
 * organizer's file to the hub at its next sync (sync/push.c,
 * PUBLISH_UNDOS), from a file at no hub nowhere. */
static void say_where(FILE *out, const char *role, const char *db)
{
    if (!strcmp(role, "organizer"))
        fprintf(out,
                "The stations see this undo after the next 'checkin sync "
                "%s' and their own next sync.\n",
                db);
    else if (!role[0])
        fprintf(out, "%s is at no hub: this undo stays in this file.\n", db);
}

/* "2024-05-16 10:12" of UTC ms `ms` in zone `tz`. */
static void local_minute(int64_t ms, const char *tz, char *out, size_t cap)
{
    if (event_utc_to_local(ms / 1000, tz, out, cap))
        snprintf(out, cap, "%lld ms", (long long)ms);
}

static void say_redemption(FILE *out, const char *db, const char *ticket,
                           const struct redemption_undone *u)
{
    const char *name = u->name;
    char at[64];
    local_minute(u->at_ms, u->tz, at, sizeof(at));
    fprintf(out, "Undone: the %s%s%s of %s (%s), handed at %s on %s.\n",
            u->title, u->handed[0] ? " " : "", u->handed,
            name[0] ? name : ticket, ticket, u->station, at);
    if (u->stocked) {
        char text[256];
        admission_stock_text(&u->stock, u->handed, text, sizeof(text));
        if (text[0])
            fprintf(out, "%s.\n", text);
    }
    say_where(out, u->role, db);
    if (u->still > 0)
        fprintf(out,
                "%s still has %ld redemption%s at the %s list; run this "
                "again to undo the next.\n",
                name[0] ? name : ticket, u->still, u->still == 1 ? "" : "s",
                u->title);
}

static void say_checkins(FILE *out, const char *db, const char *ticket,
                         const struct redemption_undone *u)
{
    const char *name = u->name;
    if (u->checkins > 1)
        fprintf(out, "Undone: %zu check-ins of %s (%s).\n", u->checkins,
                name[0] ? name : ticket, ticket);
    else
        fprintf(out, "Undone: the check-in of %s (%s).\n",
                name[0] ? name : ticket, ticket);
    if (u->keyed && u->printed)
        fprintf(out, "The badge printed for them no longer admits.\n");
    else if (u->keyed)
        fprintf(out, "A badge or ticket a desk printed for them stops "
                     "admitting at each station once it syncs.\n");
    else if (u->printed)
        fprintf(out, "Their badge still admits (%s); take the badge back.\n",
                u->kept_why);
    say_where(out, u->role, db);
}

void redemption_undone_say(FILE *out, const char *db, const char *ticket,
                           bool redemption, const struct redemption_undone *u)
{
    if (redemption)
        say_redemption(out, db, ticket, u);
    else
        say_checkins(out, db, ticket, u);
}

int redemption_undo(const char *db, const char *ticket, const char *slug,
                    const char *why, int64_t now_ms, FILE *out,
                    struct ck_error *err)
{
    struct redemption_undone u;
    int code = redemption_undo_run(db, ticket, slug, why, now_ms, &u, err);
    if (!code)
        redemption_undone_say(out, db, ticket, slug != NULL, &u);
    return code;
}
