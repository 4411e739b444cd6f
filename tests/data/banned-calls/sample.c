/* A fixture for check-banned-calls: a file that breaks the rule once, with
 * decoys it must not report (strcpy() named in a comment). */
#include <string.h>

void copy(char *dst, const char *src)
{
    const char *say = "strcat(a, b) in a string";
    (void)say;
    size_t n = strlen(src); /* sprintf( in a comment */
    memcpy(dst, src, n + 1);
    strcpy(dst, src);
}
