/* Every printer/ file is read, not only template.c: a fault's words
 * glued into a sentence are English no catalogue sees; the states'
 * codes, said so, pass. */
static const char *const NAMES[] = {
    /* untranslated: the states' codes, the same in every language */
    [0] = "cover open",
};

static void say(char *out, size_t cap, const char *who)
{
    snprintf(out, cap, "%s has its cover open", who);
}
