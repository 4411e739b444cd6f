/* pg/ is an error room here: what checkin was doing, the argument before
 * err of pg_query and the store's helpers, is marked N_(); a bare one is
 * not, and the SQL before it is no message. */
static int stations(PGconn *pg, const char *const *params, PGresult **r,
                    struct ck_error *err)
{
    int code = pg_query(pg, "SELECT slug FROM station WHERE kind = $1", 1,
                        params, r, "reading the stations", err);
    if (!code)
        code = pg_query(pg, "SELECT 1", 0, NULL, r, N_("reading the hub"), err);
    return code ? code : store_step_done(s, q, "recording the scan", err);
}
