/* Push: the auction's acts (hub formats 33 and 36, docs/auction.md
 * "Through the hub"), beside push.c as pull_acts.c is beside pull.c. */
#include <stddef.h>

#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "push_priv.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* ---- hub format 33: the auction (issue 56 item 3) ----
 * The auction's acts (hub_schema_auction.c): the file's auction_act rows
 * the hub does not hold (those pulled from it are noted as held), each
 * kept once by its key.  The hub names a desk's rows by its own station
 * row; the organizer's carry no station.  What a winner owes is worked
 * out on every station from the same rows (event/auction.c). */
static const struct push PUSH_AUCTION = {
    .reading = N_("reading the auction's acts to send"),
    .sending = N_("sending the auction's acts"),
    /* Not a void (local schema 27): a hub older than format 36 has no
     * such act; they wait in the file for its upgrade. */
    .select = "SELECT a.station_id, a.seq, a.station, a.at_ms, a.act,"
              " a.paddle, a.ticket_id, a.lot, a.amount_cents FROM"
              " auction_act a WHERE a.act != 'void' AND NOT EXISTS (SELECT 1"
              " FROM sync_auction s WHERE s.station_id = a.station_id AND"
              " s.seq = a.seq) ORDER BY a.at_ms LIMIT ?1",
    .fields = {{"station_id", F_TEXT},
               {"seq", F_INT},
               {"station", F_TEXT},
               {"at_ms", F_INT},
               {"act", F_TEXT},
               {"paddle", F_INT},
               {"ticket", F_TEXT},
               {"lot", F_TEXT},
               {"cents", F_INT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(station_id"
           " text, seq bigint, station text, at_ms bigint, act text, paddle"
           " integer, ticket text, lot text, cents bigint)),"
           " ins AS (INSERT INTO checkin.auction_act (station_id, seq,"
           " station_uid, station, at_ms, act, paddle, ticket_id, lot,"
           " amount_cents) SELECT station_id, seq, $2, left(coalesce(station,"
           " ''), 63), at_ms, act, paddle, coalesce(ticket, ''),"
           " coalesce(lot, ''), cents FROM x WHERE length(station_id) <= 64"
           " AND seq >= 1 AND at_ms > 0 AND act IN ('paddle', 'win',"
           " 'settle') AND paddle BETWEEN 1 AND 99999 AND"
           " coalesce(length(ticket), 0) <= 200 AND coalesce(length(lot), 0)"
           " <= 20 AND cents >= 0 ON CONFLICT (station_id, seq) DO NOTHING"
           " RETURNING 1)"
           " SELECT count(*) FROM ins",
    .note = "INSERT OR IGNORE INTO sync_auction (station_id, seq)"
            " VALUES (?1, ?2)",
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, auction),
};

/* ---- hub format 36: a win voided (hub_schema_auction_void.c) ----
 * Every act as format 33's, voids too, with the columns a void fills. */
static const struct push PUSH_AUCTION_VOID = {
    .reading = N_("reading the auction's acts to send"),
    .sending = N_("sending the auction's acts"),
    .select = "SELECT a.station_id, a.seq, a.station, a.at_ms, a.act,"
              " a.paddle, a.ticket_id, a.lot, a.amount_cents,"
              " a.of_station_id, a.of_seq, a.reason FROM auction_act a WHERE"
              " NOT EXISTS (SELECT 1 FROM sync_auction s WHERE s.station_id ="
              " a.station_id AND s.seq = a.seq) ORDER BY a.at_ms LIMIT ?1",
    .fields = {{"station_id", F_TEXT},
               {"seq", F_INT},
               {"station", F_TEXT},
               {"at_ms", F_INT},
               {"act", F_TEXT},
               {"paddle", F_INT},
               {"ticket", F_TEXT},
               {"lot", F_TEXT},
               {"cents", F_INT},
               {"of_station_id", F_TEXT},
               {"of_seq", F_INT},
               {"reason", F_TEXT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(station_id"
           " text, seq bigint, station text, at_ms bigint, act text, paddle"
           " integer, ticket text, lot text, cents bigint, of_station_id"
           " text, of_seq bigint, reason text)),"
           " ins AS (INSERT INTO checkin.auction_act (station_id, seq,"
           " station_uid, station, at_ms, act, paddle, ticket_id, lot,"
           " amount_cents, of_station_id, of_seq, reason) SELECT station_id,"
           " seq, $2, left(coalesce(station, ''), 63), at_ms, act, paddle,"
           " coalesce(ticket, ''), coalesce(lot, ''), cents,"
           " coalesce(of_station_id, ''), coalesce(of_seq, 0),"
           " coalesce(reason, '') FROM x WHERE length(station_id) <= 64 AND"
           " seq >= 1 AND at_ms > 0 AND act IN ('paddle', 'win', 'settle',"
           " 'void') AND paddle BETWEEN 1 AND 99999 AND"
           " coalesce(length(ticket), 0) <= 200 AND coalesce(length(lot), 0)"
           " <= 20 AND cents >= 0 AND coalesce(length(of_station_id), 0) <="
           " 64 AND coalesce(of_seq, 0) >= 0 AND"
           " coalesce(octet_length(reason), 0) <= 200 ON CONFLICT"
           " (station_id, seq) DO NOTHING RETURNING 1)"
           " SELECT count(*) FROM ins",
    .note = "INSERT OR IGNORE INTO sync_auction (station_id, seq)"
            " VALUES (?1, ?2)",
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, auction),
};

int sync_push_auction(struct ctx *c, struct ck_error *err)
{
    /* To an older hub they (and from format 36 voids) wait in the file
     * for its upgrade. */
    if (c->format >= HUB_FORMAT_AUCTION_VOID)
        return sync_push_rows(c, &PUSH_AUCTION_VOID, err);
    return c->format >= HUB_FORMAT_AUCTION
               ? sync_push_rows(c, &PUSH_AUCTION, err)
               : CK_OK;
}
