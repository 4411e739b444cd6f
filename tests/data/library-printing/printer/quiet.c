/* Writes only to the stream it is handed; printf(...) and
 * fprintf(stderr, ...) here in a comment are not calls. */
#include <stdio.h>

void label_write(FILE *out, const char *name)
{
    fprintf(out, "printf(\"%s\") to stderr\n", name);
    fputs("stdout", out);
}
