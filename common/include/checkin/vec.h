/* Growable arrays of any element type, kept where the code already keeps
 * them: a pointer to the elements, a count and a capacity, in a list the
 * caller is handed (a job list's items and n) or in a module's own state
 * (a decoder's scratch).  One growth for what each room wrote again with
 * its own doubling and its own overflow check, or none.
 *
 * An array starts empty: the pointer NULL, the count and the capacity 0
 * (the capacity a size_t).  CK_VEC_ROOM makes room for more elements after
 * those held, at least doubling the capacity, so that n additions one at
 * a time cost O(n) copies in all; CK_VEC_RESERVE makes room for exactly
 * as many as asked in all, for scratch sized to a frame, where twice a
 * frame would be memory held for nothing.  The caller writes the elements
 * and moves its count; the array stays the caller's, freed with free().
 *
 * Either fails, returning false, when the elements' bytes would exceed
 * PTRDIFF_MAX (no allocation may be that large, and asking would wrap
 * the size around) or realloc refuses: the array and its capacity are
 * then as they were, its elements intact, and the caller says what ran
 * out in its own sentence.
 *
 * They are macros so that the element's size comes from the array itself
 * and the new address is assigned to it with its type.  They evaluate
 * their arguments more than once: pass names, not calls. */
#ifndef CHECKIN_VEC_H
#define CHECKIN_VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Room for `more` elements after the `n` the array `arr` holds, `cap`
 * (an lvalue of type size_t) being how many it has room for. */
#define CK_VEC_ROOM(arr, n, more, cap)                                         \
    ((more) <= (cap) - (n) ||                                                  \
     ((arr) = ck_vec_grow((arr), sizeof(*(arr)), (n), (more), &(cap)),         \
      (more) <= (cap) - (n)))

/* Room for `need` elements in all. */
#define CK_VEC_RESERVE(arr, need, cap)                                         \
    ((need) <= (cap) ||                                                        \
     ((arr) = ck_vec_resize((arr), sizeof(*(arr)), (need), &(cap)),            \
      (need) <= (cap)))

/* The macros' slow paths.  Each returns the array's new address and sets
 * *cap, or, when the array cannot grow, returns `p` as it was and leaves
 * *cap: the macros then see no room and are false.  ck_vec_grow's new
 * capacity is at least twice *cap and at least CK_VEC_FIRST elements;
 * ck_vec_resize's is `ncap` exactly.  They are here, not in a .c file, because
 * the scanner's sources are compiled on their own into the /scan page's
 * WebAssembly decoder too (scanner/wasm/decoder.cmake), with none of common/
 * but the few files it names. */
enum { CK_VEC_FIRST = 16 };

/* The one way an array grows and the one way it fails: `ncap` elements
 * of `size` bytes, or `p` and *cap as they were. */
__attribute__((warn_unused_result)) static inline void *
ck_vec_resize(void *p, size_t size, size_t ncap, size_t *cap)
{
    /* No allocation can exceed PTRDIFF_MAX bytes: asking for more is
     * running out of memory, not a size to wrap around. */
    if (!size || !ncap || ncap > (size_t)PTRDIFF_MAX / size)
        return p;
    void *q = realloc(p, ncap * size);
    if (!q)
        return p;
    *cap = ncap;
    return q;
}

__attribute__((warn_unused_result)) static inline void *
ck_vec_grow(void *p, size_t size, size_t n, size_t more, size_t *cap)
{
    if (!size || more > SIZE_MAX - n)
        return p;
    size_t need = n + more, max = (size_t)PTRDIFF_MAX / size;
    size_t ncap = *cap > SIZE_MAX / 2 ? SIZE_MAX : 2 * *cap;
    if (ncap < CK_VEC_FIRST)
        ncap = CK_VEC_FIRST;
    if (ncap < need)
        ncap = need;
    /* Doubling past what may be allocated, when what is needed may be:
     * the largest array allowed rather than a refusal. */
    if (ncap > max && need <= max)
        ncap = max;
    return ck_vec_resize(p, size, ncap, cap);
}

#endif
