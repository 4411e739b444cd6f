/* See sync_print.h: the station a command-line change is recorded at. */
#include <string.h>

#include "checkin/sync_print.h"

const char *sync_station_name(const char *path, const char *given, char *buf,
                              size_t cap)
{
    bool enrolled = false;
    char role[80];
    struct ck_error err = {0};
    if (given)
        return given;
    if (sync_enrolled_as(path, &enrolled, buf, cap, role, sizeof(role), &err) ||
        !enrolled || !strcmp(role, "organizer") || !*buf)
        return SYNC_DEFAULT_STATION;
    return buf;
}
