/* A room check-error-rooms does not list: its ck_fail is not asked for. */
int unlisted(struct ck_error *err)
{
    return ck_fail(err, CK_EINVAL, "Not in a listed room.");
}
