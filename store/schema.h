/* Private: the migrations of the event store (see schema.c). */
#ifndef CHECKIN_SCHEMA_H
#define CHECKIN_SCHEMA_H

/* schema_migrations[N] takes user_version N-1 to N; index 0 is unused. */
extern const char *const schema_migrations[];
extern const int schema_latest;

/* 'CkIn': PRAGMA application_id of every checkin database. */
#define SCHEMA_APPLICATION_ID 0x436b496e

#endif
