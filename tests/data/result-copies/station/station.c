void station_result_move(struct station_result *to, struct station_result *from)
{
    *to = *from;
    memset(from, 0, sizeof(*from));
}
