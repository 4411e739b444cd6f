/* Private to pull.c: the statements of its table of pulls (PULLS), each
 * table's SELECT at each hub format, moved out of pull.c to keep it
 * within its size.  Parameters: $1 the cursor, $2 the station's uid. */
#ifndef CHECKIN_SYNC_PULL_SQL_H
#define CHECKIN_SYNC_PULL_SQL_H

/* The stations' journal rows, not this station's own; a format 1 hub has
 * no override column (hub_upgrade adds it at the organizer's next sync),
 * so there it is read as NULL, and before format 8 no act and its fellows
 * (sync_pull_scan).  The organizer's undos (format 18) carry no station and
 * come through SCAN_PULL_NO_STATION. */
#define SCAN_PULL(OVERRIDE, FROM)                                              \
    "SELECT station_id, station, seq, at_ms, mode, target, encode(code,"       \
    " 'hex'), attendee_ticket_id, encode(badge_id, 'hex'), decision,"          \
    " reason, direction, " OVERRIDE " FROM checkin." FROM " WHERE hub_xid"     \
    " >= $1::xid8 AND station_uid != $2 ORDER BY hub_seq"
/* The organizer's undos, rows of no station (format 18), which every
 * station pulls and the organizer does not, under a cursor of their own
 * ("scan_of_no_station"): a checkin older than format 18 pulled the
 * journal past them (its `station_uid != $2` leaves NULL out), so the
 * first pull of an upgraded station, having no such cursor, reads them
 * all from the start. */
#define SCAN_PULL_NO_STATION(FROM)                                             \
    "SELECT station_id, station, seq, at_ms, mode, target, encode(code,"       \
    " 'hex'), attendee_ticket_id, encode(badge_id, 'hex'), decision,"          \
    " reason, direction, " SCAN_READ_AT " FROM checkin." FROM " WHERE"         \
    " hub_xid >= $1::xid8 AND station_uid IS NULL AND $2::text IS NOT NULL"    \
    " ORDER BY hub_seq"
#define SCAN_ACTS                                                              \
    "override, act, ref_station_id, ref_seq, day, handed, supervisor"
/* From format 17, with the time a phone read the code; from 26, a desk's
 * answers. */
#define SCAN_READ_AT SCAN_ACTS ", read_at_ms"
#define SCAN_ANSWERS SCAN_READ_AT ", answers"
#define REGISTRATION_PULL(FROM)                                                \
    "SELECT ticket_id, order_code, status, given_name, family_name,"           \
    " badge_name, pronouns, company, email, ticket_type, sponsor_consent,"     \
    " testmode, search_key, encode(fingerprint, 'hex'), imported_ms,"          \
    " updated_ms, to_json(tutorials), to_json(secrets),"                       \
    " to_json(revoked_secrets), encode(digest, 'hex') FROM checkin." FROM      \
    " WHERE hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq"
/* From format 10, with the positions lists name and the hold. */
#define REGISTRATION_PULL_10(FROM)                                             \
    "SELECT ticket_id, order_code, status, given_name, family_name,"           \
    " badge_name, pronouns, company, email, ticket_type, sponsor_consent,"     \
    " testmode, search_key, encode(fingerprint, 'hex'), imported_ms,"          \
    " updated_ms, to_json(tutorials), to_json(secrets),"                       \
    " to_json(revoked_secrets), encode(digest, 'hex'), items::text, hold"      \
    " FROM checkin." FROM " WHERE hub_xid >= $1::xid8 AND $2::text IS NOT"     \
    " NULL ORDER BY hub_seq"
/* From format 19, with which of its codes are its add-ons' (from 24
 * DOOR_ ", door::text": what pretix says at the door). */
#define REGISTRATION_PULL_19(FROM) REGISTRATION_PULL_X("", FROM)
#define REGISTRATION_PULL_X(DOOR_, FROM)                                       \
    "SELECT ticket_id, order_code, status, given_name, family_name,"           \
    " badge_name, pronouns, company, email, ticket_type, sponsor_consent,"     \
    " testmode, search_key, encode(fingerprint, 'hex'), imported_ms,"          \
    " updated_ms, to_json(tutorials), to_json(secrets),"                       \
    " to_json(revoked_secrets), encode(digest, 'hex'), items::text, hold,"     \
    " to_json(addon_secrets)" DOOR_ " FROM checkin." FROM " WHERE hub_xid >="  \
    " $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq"
/* Registration changes (format 11): not this station's own. */
#define CHANGES_PULL(FROM)                                                     \
    "SELECT station_id, station, seq, at_ms, ticket_id, kind, field, value,"   \
    " base, supervisor FROM checkin." FROM " WHERE hub_xid >= $1::xid8 AND"    \
    " station_uid IS DISTINCT FROM $2 ORDER BY hub_seq"
/* Revocations; before format 4 none was ever lifted. */
#define REVOKED_PULL(LIFTED)                                                   \
    "SELECT encode(hash, 'hex'), " LIFTED " FROM checkin.revoked_badge"        \
    " WHERE hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq"
/* Leads; before format 12 without tags (sync_pull_lead keeps its own). */
#define LEAD_PULL(TAGS)                                                        \
    "SELECT station_id, station, seq, sponsor_slug, encode(badge_id,"          \
    " 'hex'), at_ms, note, rating, version, " TAGS " FROM checkin.lead"        \
    " WHERE hub_xid >= $1::xid8 AND station_uid != $2 ORDER BY hub_seq"

#endif
