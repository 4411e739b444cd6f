/* check-error-rooms' fixture: a room it lists, one ck_fail translated,
 * one planted untranslated, one with no words (not a sentence). */
int planted(struct ck_error *err, const char *name)
{
    if (!name)
        return ck_fail(err, CK_EINVAL, "Give a name.");
    if (!name[0])
        return ck_fail(err, CK_EINVAL, "%s: %s", name, name);
    return ck_fail(err, CK_EINVAL, "'%s' is planted and untranslated.",
                   name);
}
