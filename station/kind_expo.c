/* The expo hall's station (issue 31, docs/phones.md "Sponsors on their
 * own phones"): one station whose file is a sponsor station's (no
 * attendee), carrying every sponsor's booth.  Each code comes with the
 * sponsor of the phone that read it (station_expo_present); the leads
 * rules decide it for that sponsor and its row is that sponsor's lead,
 * mode leads and target the sponsor, so merge, exports and the organizer
 * see what a leads:SPONSOR station would have sent.  A code without a
 * booth (typed on the station's own screen) is refused.  Not for tokens
 * or pages: event/expo.c and web/booth.c. */
#include <stdio.h>
#include <string.h>

#include "checkin/expo.h"
#include "kind.h"

/* The expo hall's own state: the leads rules' (the sponsor of the booth
 * being decided), then the sponsor of the last booth decision, which
 * its result names as target after st->target is cleared again. */
struct expo {
    struct leads_state leads; /* first: the leads rules read it */
    char booth[JOURNAL_NAME_CAP];
};

static struct expo *expo_of(const station *st)
{
    return st->state;
}

static int expo_rules(station *st, const struct verdict *vd, const char *why,
                      struct station_result *r, struct ck_error *err)
{
    if (!st->target[0]) {
        station_verdict(r, DECISION_DENY, STATION_REASON_NO_BOOTH);
        return CK_OK;
    }
    return station_leads_rules(st, vd, why, r, err);
}

static int expo_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)err;
    snprintf(st->title, sizeof(st->title), "Expo hall: %s", event_name);
    return CK_OK;
}

/* The scans of the station; leads are counted by booth, not here. */
static int expo_count(station *st, struct journal_counts *out,
                      struct ck_error *err)
{
    return journal_counts(st->j, NULL, NULL, out, err);
}

/* An admitted badge is a lead of the booth's sponsor. */
static void expo_record(station *st, const struct verdict *vd,
                        const struct station_result *r, struct scan_record *rec,
                        char *hashed)
{
    (void)vd;
    (void)hashed;
    if (r->decision == DECISION_ADMIT && st->target[0])
        rec->lead_sponsor = st->target;
}

static void expo_admitted(station *st, struct station_result *r)
{
    (void)r;
    st->c.leads++;
}

const struct station_kind station_kind_expo = {
    .name = "expo",
    .target = NULL,
    .hub = true,
    /* Its rows are leads rows: no new mode, no hub format (kind.h). */
    .mode = SCAN_LEADS,
    .traits = STATION_TRAIT_LEADS | STATION_TRAIT_BOOTHS | STATION_TRAIT_PHONES,
    .history = "lead",
    .state_size = sizeof(struct expo),
    .open = expo_open,
    .count = expo_count,
    .rules = expo_rules,
    .record = expo_record,
    .admitted = expo_admitted,
};

static int not_expo(struct ck_error *err)
{
    return ck_fail(err, CK_EINVAL,
                   "Sponsors' booths are served by the expo station; run "
                   "'checkin scan EXPO.db --station expo --web ...'.");
}

static int present(station *st, const char *sponsor, const uint8_t *code,
                   size_t len, int64_t t_ms, int64_t age_ms, bool *fresh,
                   struct station_result *out, struct ck_error *err);

int station_expo_present(station *st, const char *sponsor, const uint8_t *code,
                         size_t len, int64_t t_ms, bool *fresh,
                         struct station_result *out, struct ck_error *err)
{
    return station_expo_present_read(st, sponsor, code, len, t_ms, 0, "", fresh,
                                     out, err);
}

int station_expo_present_read(station *st, const char *sponsor,
                              const uint8_t *code, size_t len, int64_t t_ms,
                              int64_t age_ms, const char *read_id, bool *fresh,
                              struct station_result *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    *fresh = false;
    if (st->kind != &station_kind_expo)
        return not_expo(err);
    int rc = journal_sponsor(st->j, sponsor, expo_of(st)->leads.sponsor,
                             sizeof(expo_of(st)->leads.sponsor), err);
    if (rc)
        return rc;
    /* A booth the organizer closed at the hub, as the station learned it
     * (expo.h): nothing is decided, so nothing waits in the file that
     * the hub would refuse. */
    bool closed = false;
    rc = expo_booth_closed(journal_store(st->j), sponsor, &closed, err);
    if (rc)
        return rc;
    if (closed)
        return ck_fail(err, CK_EINVAL,
                       "This booth was closed by the organizer; ask at the "
                       "registration desk."); /* EXPO_CLOSED */
    /* A read the file holds already, by this booth (another booth's read
     * of the same id is its own). */
    bool known = false;
    rc = station_read_begin(st, sponsor, read_id, err);
    if (!rc && st->read_key[0])
        rc = station_read_known(st, &known, out, err);
    if (rc || known) {
        station_read_end(st);
        return rc;
    }
    rc = present(st, sponsor, code, len, t_ms, age_ms, fresh, out, err);
    if (st->read_known)
        *fresh = false;
    station_read_end(st);
    return rc;
}

/* station_expo_present_read once its read is known to be new. */
static int present(station *st, const char *sponsor, const uint8_t *code,
                   size_t len, int64_t t_ms, int64_t age_ms, bool *fresh,
                   struct station_result *out, struct ck_error *err)
{
    int rc = CK_OK;
    /* The booth's own cooldown: the key is the sponsor and the code, so
     * one badge shown at two booths at once is a lead of each. */
    uint8_t key[JOURNAL_NAME_CAP + 1024];
    size_t slen = strlen(sponsor);
    if (slen >= JOURNAL_NAME_CAP || len > 1024)
        return ck_fail(err, CK_EINVAL, "The code is too long to be a badge.");
    memcpy(key, sponsor, slen);
    key[slen] = '\0';
    memcpy(key + slen + 1, code, len);
    /* By the read's time, as station_present_read does. */
    bool trusted = age_ms > 0 && age_ms <= STATION_READ_AGE_MAX_MS;
    *fresh = debounce_seen(st->db, key, slen + 1 + len,
                           trusted ? t_ms - age_ms : t_ms);
    if (!*fresh) {
        station_read_repeat(st, t_ms);
        return CK_OK;
    }
    snprintf(st->target, sizeof(st->target), "%s", sponsor);
    /* Each booth's rows in a run of its own (journal_use_run). */
    rc = journal_use_run(st->j, sponsor, err);
    int64_t now = station_clock(st, t_ms);
    bool late =
        age_ms > STATION_READ_LATE_MS && age_ms <= STATION_READ_AGE_MAX_MS;
    if (!rc)
        rc = station_scan_read(st, code, len, late ? now - age_ms : now,
                               late ? now : 0, out, err);
    struct ck_error ignored;
    if (journal_use_run(st->j, NULL, &ignored) && !rc)
        rc = ck_fail(err, CK_EIO, "The journal's run was lost.");
    char booth[JOURNAL_NAME_CAP];
    snprintf(booth, sizeof(booth), "%s", st->target);
    st->target[0] = '\0';
    expo_of(st)->leads.sponsor[0] = '\0';
    station_booth_result(st, booth, out);
    return rc;
}

int station_expo_leads(station *st, const char *sponsor,
                       int (*fn)(void *ctx, const struct journal_booth_lead *l),
                       void *ctx, struct ck_error *err)
{
    if (st->kind != &station_kind_expo)
        return not_expo(err);
    return journal_booth_leads(st->j, sponsor, fn, ctx, err);
}

int station_expo_edit(station *st, const char *sponsor, int64_t seq,
                      const char *note, int rating, const char *const *tags,
                      size_t ntags, struct ck_error *err)
{
    if (st->kind != &station_kind_expo)
        return not_expo(err);
    return journal_booth_lead_edit(st->j, sponsor, seq, note, rating, tags,
                                   ntags, err);
}

int station_expo_kit(station *st, const char *sponsor,
                     struct expo_phone_kit *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (st->kind != &station_kind_expo)
        return not_expo(err);
    char name[sizeof(out->sponsor_name)];
    int rc = journal_sponsor(st->j, sponsor, name, sizeof(name), err);
    if (!rc)
        rc = expo_phone_kit(journal_store(st->j), out, err);
    if (!rc)
        snprintf(out->sponsor_name, sizeof(out->sponsor_name), "%s", name);
    return rc;
}

void station_booth_result(station *st, const char *booth,
                          struct station_result *out)
{
    if (st->kind != &station_kind_expo)
        return;
    struct expo *own = expo_of(st);
    snprintf(own->booth, sizeof(own->booth), "%s", booth);
    out->target = own->booth;
    struct journal_counts jc;
    struct ck_error ignored = {0};
    if (!journal_counts(st->j, NULL, own->booth, &jc, &ignored))
        out->counters.leads = jc.leads;
}
