/* What the organizer is told of the links that enroll sponsors' phones
 * as their booths and a door's or sponsor's station's phones (printer/'s
 * expo_links.h writes them): `checkin expo tokens`, `checkin expo
 * revoke`, and `hub add-station --phones-url`. */
#ifndef CHECKIN_EXPO_COMMANDS_H
#define CHECKIN_EXPO_COMMANDS_H

#include <stdio.h>

#include "checkin/error.h"

/* expo_links_write, then with `dir` one sentence on `out` saying where
 * the codes and links are, and one naming the booths left out, closed at
 * the hub (on `out` with `dir`, else on stderr). */
int expo_links_print(const char *db, const char *url, const char *dir,
                     FILE *out, struct ck_error *err) CK_MUST_CHECK;

/* phone_link_write, then with `dir` one sentence on `out` saying where
 * the code and link are and whom to print it for. */
int phone_link_print(const char *db, const char *name, const char *role,
                     const char *url, const char *dir, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* Revoke sponsor `slug`'s links in `db` (expo_revoke) and say so on
 * `out`. */
int expo_revoke_print(const char *db, const char *slug, FILE *out,
                      struct ck_error *err) CK_MUST_CHECK;

#endif
