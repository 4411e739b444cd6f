/* The desk and the doors ask pretix's questions asked during check-in
 * (issue 49; docs/stations.md, "Questions asked at check-in"): an
 * admission waits, reason "question", until each is answered, by the
 * export, an earlier admission or the volunteer (station_answer); the
 * answers are journaled with the admission.  A question is one more
 * thing a decision can need, as an override needs a supervisor: the
 * rules say what is missing, the front-ends ask and call again.  Which
 * kinds ask is a trait of their row (STATION_TRAIT_ASKS), as pretix's
 * scanner asks at any check-in list; the event's own acknowledgements
 * (issue 55) only a row that `acknowledges` asks: the desk and its kiosk,
 * not a door, whose line must be fast. */
#include <jansson.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/ack.h"
#include "checkin/i18n.h"
#include "kind.h"

const char *station_question_ident(const struct station_result *r,
                                   const struct station_question *q)
{
    return station_result_at(r, q->ident);
}

const char *station_question_text(const struct station_result *r,
                                  const struct station_question *q)
{
    return station_result_at(r, q->text);
}

const char *station_question_options(const struct station_result *r,
                                     const struct station_question *q)
{
    return station_result_at(r, q->options);
}

const char *station_question_title(const struct station_result *r,
                                   const struct station_question *q)
{
    return station_result_at(r, q->title);
}

const char *station_question_words(const struct station_result *r,
                                   const struct station_question *q)
{
    return station_result_at(r, q->words);
}

/* The language the station speaks, its volunteer's ("de", "pt_BR"). */
static const char *station_lang(void)
{
    const char *lang = checkin_lang();
    const char *msgs = setlocale(LC_MESSAGES, NULL);
    return lang[0] ? lang : msgs ? msgs : "";
}

/* The answer the station was given for question `ident`, or NULL. */
static const char *given_for(const station *st, const char *ident)
{
    for (size_t i = 0; st->given && i < st->ngiven; i++)
        if (st->given[i].question && !strcmp(st->given[i].question, ident))
            return st->given[i].answer ? st->given[i].answer : "";
    return NULL;
}

/* The questions person `vd` is still asked here, into asked[0..*n): of
 * the event's acknowledgements, none at a kind that does not ask them (a
 * door: the person's next check-in at a desk or kiosk asks them). */
static int pending_here(station *st, const struct verdict *vd,
                        struct ask_question *asked, size_t *n,
                        struct ck_error *err)
{
    int code = ask_pending(st->s, vd->attendee_id, vd->ticket_id, asked,
                           ASK_MAX, n, err);
    size_t kept = 0;
    for (size_t i = 0; !code && i < *n; i++)
        if (st->kind->acknowledges || asked[i].type != 'A')
            asked[kept++] = asked[i];
    if (!code)
        *n = kept;
    return code;
}

/* Question `a` as one of `r`'s questions. */
static bool add_question(struct station_result *r, const struct ask_question *a)
{
    char options[ASK_MAX_OPTIONS * 130] = "";
    size_t used = 0;
    for (int k = 0; k < a->noptions && used < sizeof(options); k++)
        used += (size_t)snprintf(options + used, sizeof(options) - used, "%s%s",
                                 k ? "\n" : "", a->options[k]);
    struct station_question *q = &r->priv.questions[r->priv.nquestions];
    memset(q, 0, sizeof(*q));
    q->type = a->type;
    q->required = a->required;
    bool ack = a->type == 'A';
    /* An acknowledgement in the volunteer's language, when the event
     * gives it (issue 55). */
    char title[sizeof(a->title)], text[sizeof(a->text)];
    if (!ack || !ack_words_for(a->words, station_lang(), title, sizeof(title),
                               text, sizeof(text))) {
        snprintf(title, sizeof(title), "%s", ack ? a->title : "");
        snprintf(text, sizeof(text), "%s", a->text);
    }
    const char *words = ack && strcmp(a->words, "{}") ? a->words : "";
    if (!station_result_text(r, a->ident, strlen(a->ident), &q->ident) ||
        !station_result_text(r, text, strlen(text), &q->text) ||
        !station_result_text(r, title, strlen(title), &q->title) ||
        !station_result_text(r, words, strlen(words), &q->words) ||
        !station_result_text(r, options, strnlen(options, sizeof(options)),
                             &q->options))
        return false;
    r->priv.nquestions++;
    return true;
}

/* `r` as the person's decline of acknowledgements asked[no[0..n)]
 * (issue 55): not admitted, reason "declined", the declined ones its
 * questions (for the sentences' titles) and `answers` (taken) journaled
 * with it, "False" each, so the CoC team's export lists the decline. */
static int declined_verdict(struct station_result *r, json_t *answers,
                            const struct ask_question *asked, const size_t *no,
                            size_t n, struct ck_error *err)
{
    char *text = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(answers);
    bool kept = text && station_result_text(r, text, strlen(text), &r->given);
    free(text);
    free(r->priv.questions);
    r->priv.nquestions = 0;
    r->priv.questions = malloc(n * sizeof(*r->priv.questions));
    for (size_t i = 0; kept && r->priv.questions && i < n; i++)
        kept = add_question(r, &asked[no[i]]);
    if (!kept || !r->priv.questions)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->has_given = true;
    station_verdict(r, DECISION_DENY, STATION_REASON_DECLINED);
    return CK_OK;
}

int station_ask(station *st, const struct verdict *vd, struct station_result *r,
                bool *asking, struct ck_error *err)
{
    *asking = false;
    if (!station_has(st, STATION_TRAIT_ASKS) || !vd->attendee_id)
        return CK_OK;
    struct ask_question asked[ASK_MAX];
    size_t n = 0;
    int code = pending_here(st, vd, asked, &n, err);
    if (code || !n)
        return code;
    json_t *answers = json_object();
    if (!answers)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    size_t left = 0, declined = 0, no[ASK_MAX];
    for (size_t i = 0; i < n; i++) {
        const char *given = given_for(st, asked[i].ident);
        char kept[STATION_ANSWER_CAP];
        struct ck_error ignored = {0};
        /* station_answer checked them; one that does not do is asked
         * again. */
        if (given &&
            !ask_check(&asked[i], given, kept, sizeof(kept), &ignored)) {
            if (asked[i].type == 'A' && strcmp(kept, "True")) {
                /* A decline (issue 55): journaled alone, first. */
                if (!declined++)
                    json_object_clear(answers);
                json_object_set_new(answers, asked[i].ident, json_string(kept));
                no[declined - 1] = i;
            } else if (!declined) {
                json_object_set_new(answers, asked[i].ident, json_string(kept));
            }
            continue;
        }
        /* Kept in place after a decline, which no[] points at. */
        if (!declined)
            asked[left++] = asked[i];
    }
    if (declined)
        return declined_verdict(r, answers, asked, no, declined, err);
    if (left) {
        json_decref(answers);
        free(r->priv.questions);
        r->priv.nquestions = 0;
        r->priv.questions = malloc(left * sizeof(*r->priv.questions));
        if (!r->priv.questions)
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        for (size_t i = 0; i < left; i++)
            if (!add_question(r, &asked[i]))
                return ck_fail(err, CK_ENOMEM, "Out of memory.");
        /* Not admitted, and no refusal either: a warning the volunteer
         * acts on by asking. */
        station_verdict(r, DECISION_WARN, STATION_REASON_QUESTION);
        *asking = true;
        return CK_OK;
    }
    char *text = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(answers);
    bool kept = text && station_result_text(r, text, strlen(text), &r->given);
    free(text);
    if (!kept)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->has_given = true;
    return CK_OK;
}

/* Each answer given answers a question asked of the person, and will
 * do; the person is `vd`'s. */
static int check_given(station *st, const struct verdict *vd,
                       const struct station_given *given, size_t n,
                       struct ck_error *err)
{
    struct ask_question asked[ASK_MAX];
    size_t nasked = 0;
    int code = pending_here(st, vd, asked, &nasked, err);
    for (size_t i = 0; !code && i < n; i++) {
        const struct ask_question *q = NULL;
        for (size_t k = 0; !q && k < nasked; k++)
            if (given[i].question && !strcmp(asked[k].ident, given[i].question))
                q = &asked[k];
        char kept[STATION_ANSWER_CAP];
        if (!q)
            code = ck_fail(err, CK_EINVAL,
                           "This person is not asked \"%s\" (answered "
                           "already, or no such question); scan their code "
                           "again.",
                           given[i].question ? given[i].question : "");
        else
            code = ask_check(q, given[i].answer, kept, sizeof(kept), err);
    }
    return code;
}

int station_answer(station *st, const uint8_t *code, size_t len,
                   int64_t attendee_id, const struct station_given *given,
                   size_t n, int64_t at_ms, struct station_result *out,
                   struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    if (!station_has(st, STATION_TRAIT_ASKS))
        return ck_fail(err, CK_EINVAL,
                       "pretix's questions are asked at the registration "
                       "desk and the doors; send the person there.");
    if (!code && !attendee_id)
        return ck_fail(err, CK_EINVAL,
                       "Scan the person's code or find them by name first, "
                       "then answer the questions.");
    station_begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    if (journal_begin(st->j, &lock_err))
        return ck_wrap(err, lock_err.code, &lock_err,
                       "%s Nothing was checked in; try again.");
    struct verdict vd;
    char manual[128];
    int rc;
    rc = station_reverify(st, &code, &len, attendee_id, manual, &vd, err);
    if (!rc)
        rc = check_given(st, &vd, given, n, err);
    if (!rc) {
        st->given = given;
        st->ngiven = n;
        rc = station_conclude(st, &vd, code, len, true, &lock_err, NULL, out,
                              err);
        st->given = NULL;
        st->ngiven = 0;
    }
    if (rc) {
        journal_rollback(st->j);
        station_result_free(out);
    }
    return rc;
}
