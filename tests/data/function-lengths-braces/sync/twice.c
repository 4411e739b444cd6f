/* Both #if branches open a brace, so the braces do not balance at the
 * function's column-0 `}`: named. */
int pick(int a)
{
#ifdef FAST
    if (a > 1) {
#else
    if (a > 2) {
#endif
        return 1;
    }
    return 0;
}

/* fine() after it is not measured, as the file is not read on. */
int fine(void)
{
    return 0;
}
