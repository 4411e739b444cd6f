/* The pretix export's JSON reader held to jansson (json_oracle.c). */
#ifndef CHECKIN_JSON_ORACLE_H
#define CHECKIN_JSON_ORACLE_H

#include <jansson.h>
#include <stddef.h>

/* Reads doc[0 .. len) with import/json_read.c in pieces of `piece` bytes
 * (0: whole) and with jansson (json_loadb, any value, NULs allowed): 0
 * when both refuse it, or both accept it and build equal trees, and a
 * refusal is at the same byte however the document is cut; else 1, with
 * why in `why`. */
int json_oracle_check(const char *doc, size_t len, size_t piece, char *why,
                      size_t cap);

#endif
