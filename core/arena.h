/* arena.h: bump allocator owning every object reachable from a gk_doc. */
#ifndef GK_ARENA_H
#define GK_ARENA_H

#include <stddef.h>

typedef struct gk_arena gk_arena;

/** Returns a new arena, or NULL when out of memory. Free with gk_arena_free(). */
gk_arena *gk_arena_new(void);

/** Returns a new arena for data kept for the whole process (what is derived from the
 *  const templates, loaded once and shared by every document), or NULL when out of
 *  memory. It is never freed; no document owns it, so gk_arena_live does not count
 *  its blocks. */
gk_arena *gk_arena_new_kept(void);

/** Frees the arena and every block handed out by it. NULL is allowed. */
void gk_arena_free(gk_arena *a);

/** Returns `size` zeroed bytes aligned for any type, or NULL when out of memory
 *  or `size` is absurd. Owned by the arena. */
void *gk_arena_alloc(gk_arena *a, size_t size);

/** As gk_arena_alloc, but the bytes are not zeroed: for buffers filled at once. */
void *gk_arena_alloc_uninit(gk_arena *a, size_t size);

/** Copies `len` bytes of `s` and appends a NUL. Returns NULL when out of memory. */
char *gk_arena_strndup(gk_arena *a, const char *s, size_t len);

/** Copies a NUL-terminated string. Returns NULL when out of memory (or s is NULL). */
char *gk_arena_strdup(gk_arena *a, const char *s);

/** printf into the arena. Returns NULL when out of memory. */
char *gk_arena_printf(gk_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Grows an arena array of `*cap` elements of `elsize` holding `count` to hold at
 *  least count + 1. Returns the (possibly moved) array, or NULL when out of memory;
 *  the old array then stays valid. Elements past `count` are not initialized. */
void *gk_arena_grow(gk_arena *a, void *array, size_t count, size_t *cap, size_t elsize);

/** The number of heap blocks all arenas but the kept ones hold right now (headers and
 *  chunks). A test compares it before gk_doc_new and after gk_doc_free: a difference
 *  is a leak. */
size_t gk_arena_live(void);

/* A point in an arena's history, to release everything allocated after it. */
typedef struct gk_arena_pos {
  void *chunk;     /* the chunk that was current, or NULL for an empty arena */
  size_t used;     /* bytes of it in use then */
  unsigned long seq; /* serial number the next chunk would have had */
} gk_arena_pos;

/** The arena's current point, for gk_arena_release(). Scratch use: take a point,
 *  allocate temporaries, release; only results copied elsewhere survive. */
gk_arena_pos gk_arena_mark(gk_arena *a);

/** Frees every block handed out since `pos` was taken (pointers into them become
 *  invalid; under AddressSanitizer their use is reported). Blocks from before stay.
 *  A point taken before an earlier release to an older point must not be used. */
void gk_arena_release(gk_arena *a, gk_arena_pos pos);

/** Bytes the arena holds from the system (its chunks, a kept spare included): what
 *  tests and benchmarks watch to see that scratch memory is reused. */
size_t gk_arena_size(const gk_arena *a);

#endif
