/* Fixture for scripts/check-tidy: one finding for each check named in
 * tests/honesty.cmake, on the lines it names. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                     "Jun", "Jul", "Aug", "Sep", "Oct",
                                     "Nov" "Dec"};

int sample(const char *s, int fd, size_t n);

int sample(const char *s, int fd, size_t n)
{
    int h = 0, sum = 0;
    if (sscanf(s, "%d", &h) != 1)
        return -1;
    for (double t = 0; t < 2; t += 0.5)
        sum += (int)t;
    for (short i = 0; i < n; i++)
        sum += i;
    if (strcmp(s, MONTHS[0]) == 1)
        sum++;
    if (posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) < 0)
        sum--;
    return sum + h;
}
