/* A station's own file, made for it from the event file: `checkin
 * station-db` (a sponsor's booth or the expo hall, without attendee
 * names) and `checkin hub add-station` (a station enrolled at the hub,
 * and for the expo hall the links that make sponsors' phones its
 * booths).  Here, above report/, sync/ and printer/, because each joins
 * two of them; what each prints is theirs. */
#ifndef CHECKIN_STATION_FILE_H
#define CHECKIN_STATION_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/hub.h"

/* `checkin station-db DB SPEC OUT`: the file of station `spec`
 * (leads:SPONSOR or expo) at `out_path`, made by
 * export_station_db and what it made said; CK_EINVAL with one sentence for a
 * desk or a door, which run on a copy of the event file. */
int station_file_make(const char *db, const char *spec, const char *out_path,
                      FILE *out, struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub add-station`'s phones' options for a station of `role`:
 * false when they cannot be (phones open only an expo station, a door or
 * a leads station; a QR code is of their link), with the usage sentence
 * (no full stop) in `why`.  `phones` and `qr` may be NULL. */
bool station_file_phones_options(const char *role, const char *phones,
                                 const char *qr, char *why, size_t cap);

/* `checkin hub add-station`: hub_add_station of `o` for the event file
 * `db` and what it made said on `out`; with `phones` (the station's
 * address as phones open it, may be NULL) an expo station's booths'
 * links written and said as expo_links_print does, a door's or leads
 * station's phones' link as phone_link_print does, into `qr` (may be
 * NULL).  The links' address and folder are checked before anything is
 * enrolled. */
int station_file_enroll(const char *db, const struct hub_station_options *o,
                        const char *phones, const char *qr, FILE *out,
                        struct ck_error *err) CK_MUST_CHECK;

#endif
