/* A command. */
static bool booths(const char *role, const char *what)
{
    if (!strcmp(what, "leads")) /* an export's name, not a kind */
        return false;
    return !strcmp(role, "expo");
}
