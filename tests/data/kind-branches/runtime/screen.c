/* A screen; this comment names SCAN_DESK and r->mode == SCAN_DOOR. */
static int shown(const struct station_result *r, struct screen *c)
{
    if (r->mode == SCAN_DOOR)
        return 1;
    switch (c->mode) {
    default:
        break;
    }
    if (station_is_expo(c->st))
        return 2;
    if (station_result_has(r, STATION_TRAIT_ROOM)) // not SCAN_DOOR
        return 3;
    return station_mode(c->st) != 0;
}
