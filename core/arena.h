/* arena.h: bump allocator owning every object reachable from a gk_doc. */
#ifndef GK_ARENA_H
#define GK_ARENA_H

#include <stddef.h>

typedef struct gk_arena gk_arena;

/** Returns a new arena, or NULL when out of memory. Free with gk_arena_free(). */
gk_arena *gk_arena_new(void);

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

/** The number of heap blocks all arenas hold right now (headers and chunks). A test
 *  compares it before gk_doc_new and after gk_doc_free: a difference is a leak. */
size_t gk_arena_live(void);

#endif
