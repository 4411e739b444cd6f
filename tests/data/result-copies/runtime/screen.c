/* A screen; this comment says b = a; and memcpy(&b, &a, n). */
static void show(struct screen *c, const struct station_result *r,
                 struct station_result *out)
{
    struct station_result a = scan(c);
    struct station_result b = a;
    *out = *r;
    c->last = a;
    memcpy(&b, r, sizeof(*r));
    memcpy(out, &a, sizeof(struct station_result));
    const char *t = r->priv.texts;
    struct station_result d = {0};
    b = scan(c);
    int n = c->shown;
    c->shown = n;
    memcpy(c->name, r->badge_name, sizeof(c->name));
    if (station_result_copy(&d, r) != CK_OK)
        return;
    keep[0] = *r; /* result-copies: shares */
    station_result_free(&d);
}
