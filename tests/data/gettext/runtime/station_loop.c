/* runtime/ is an error room here: a ck_fail's or ck_wrap's format is a
 * message, any other literal of theirs or a message outside _() is not. */
static void said(display *d, struct ck_error *err, const char *who)
{
    d->ops->message(d, "Now scanning people LEAVING the room.");
    d->ops->message(d, _("Note saved."));
    ck_fail(err, CK_EINVAL, "'%s' is not a station; use %s.", who,
            "desk or door");
    ck_wrap(err, CK_EIO, err, "%s Nothing was checked in; try again.");
}
