static void scribble(struct station_result *r)
{
    memset(r->priv.texts, 'x', r->priv.texts_len);
}
