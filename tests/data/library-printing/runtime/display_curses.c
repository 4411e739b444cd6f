/* A screen: drawing is its job. */
#include <stdio.h>

void draw(const char *line)
{
    printf("%s\n", line);
}
