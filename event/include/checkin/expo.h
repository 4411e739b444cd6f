/* The expo hall's booths' tokens (issue 31, docs/phones.md "Sponsors on
 * their own phones").  A sponsor's phone is enrolled by a link carrying
 * its booth's token, HMAC-SHA256(K, "sponsor:" SLUG ":" GENERATION) in
 * hex, K a random key kept in the expo station file's `setting` table
 * (expo_key, made by export_station_db; the file is 0600) and each
 * sponsor's generation there too (expo_generation:SLUG, 0 when absent).
 * So a link printed a week before the event opens that booth after any
 * restart, no one computes another sponsor's token from their own, and
 * expo_revoke makes a lost phone's link worthless.  Not here: matching a
 * presented token (the web server, in constant time), the pages. */
#ifndef CHECKIN_EXPO_H
#define CHECKIN_EXPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/badge.h"
#include "checkin/error.h"
#include "checkin/store.h"

#define EXPO_TOKEN_CHARS 64 /* hex of 32 bytes */
#define EXPO_SLUG_CAP 64

struct expo_booth {
    char slug[EXPO_SLUG_CAP];
    char name[128];
    int64_t generation;
    char token[EXPO_TOKEN_CHARS + 1];
    bool closed; /* taken off at the hub (expo_booth_closed) */
};

/* What an expo station enrolled at a hub learned of its booths there
 * (sync/pull.c): each sponsor of the file that is not one of its booths at
 * the hub (taken off with `checkin hub expo-booth ... --off`, or never
 * added) is noted closed in the file's `setting` table (expo_off:SLUG);
 * a file that never learned any has every sponsor open.  A closed booth's
 * link and codes are refused with EXPO_CLOSED and its leads made before
 * the station learned it wait in the file, out of the push. */
#define EXPO_CLOSED_KEY "expo_off:"
#define EXPO_CLOSED                                                            \
    "This booth was closed by the organizer; ask at the registration desk."

/* Whether sponsor `slug`'s booth is closed in the file `s`. */
int expo_booth_closed(store *s, const char *slug, bool *closed /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* Every sponsor of the expo station file `s`, by slug, with its token
 * and whether its booth is closed (malloc'd array in *out, free it; *n of
 * them).  A file that is not an expo station's is refused with a sentence
 * saying how to make one. */
int expo_booths(store *s, struct expo_booth **out /* out */,
                size_t *n /* out */, struct ck_error *err) CK_MUST_CHECK;

/* The links' machinery, shared with a sprint project lead's link
 * (sprint.h): the token of `what` ("sponsor", "sprint") `slug` at
 * `generation`, HMAC-SHA256(key, WHAT ":" SLUG ":" GENERATION) in hex. */
void expo_token(const uint8_t key[32], const char *what, const char *slug,
                int64_t generation, char out[EXPO_TOKEN_CHARS + 1]);

/* The link key kept in the file's setting `name` (32 bytes in hex) into
 * `key`: *found false when there is none, unless `make`, when a random
 * one is made and kept first.  Wipe `key` after use. */
int expo_link_key(store *s, const char *name, bool make, uint8_t key[32],
                  bool *found /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Count up sponsor `slug`'s generation, so that its earlier links are
 * refused from the station's next start on; *generation is the new one. */
int expo_revoke(store *s, const char *slug, int64_t *generation /* out */,
                struct ck_error *err) CK_MUST_CHECK;

/* What a booth's phone takes from the station while it reaches it, to
 * decide a lead by itself while it cannot (docs/phones.md, "A booth's
 * phone decides by itself"): the event's tag, every signing key's public
 * half and the revoked badges' hashes (badge_revocation_hash), as the file
 * holds them now.  Nothing secret: the file holds no secret key, and
 * these are what any sponsor's station file holds. */
struct expo_phone_key {
    int key_id;
    uint8_t public_key[BADGE_PUBLIC_KEY_BYTES];
};
struct expo_phone_kit {
    uint16_t event_tag;
    char sponsor_name[128]; /* filled by the station, not by expo_phone_kit */
    struct expo_phone_key *keys;
    size_t nkeys;
    uint8_t (*revoked)[BADGE_REVOCATION_HASH_BYTES];
    size_t nrevoked;
};

/* The kit of the expo station file `s` into *out (its arrays malloc'd;
 * expo_phone_kit_free frees them, and accepts a kit never filled). */
int expo_phone_kit(store *s, struct expo_phone_kit *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;
void expo_phone_kit_free(struct expo_phone_kit *k);

#endif
