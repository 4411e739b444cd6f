/* printer/ is an error room here: a template's refusal said whole as a
 * ck_fail format passes; a clause glued into a buffer, to be wrapped in
 * another sentence later, is English no catalogue sees. */
static int refuse(struct parser *p, struct ck_error *err, const char *key)
{
    fail_line(p, p->in.line, "'%s' is given twice in [label]", key);
    return ck_fail(err, CK_EINVAL,
                   "%s:%d: '%s' is given twice in [label]; keep one of "
                   "the two lines.",
                   p->name, p->in.line, key);
}
