/* arena.c: bump allocator owning every object reachable from a gk_doc. */
#include "arena.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)
#define ALIGN 16

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  unsigned long seq; /* creation order: what a release frees */
  /* Payload follows, aligned by the allocation of the header. */
  _Alignas(ALIGN) unsigned char data[];
} chunk;

struct gk_arena {
  chunk *head;
  chunk *spare;      /* one released CHUNK_MIN chunk kept for reuse (scratch use) */
  unsigned long seq; /* serial number of the next chunk */
  size_t held;       /* bytes of all chunks, spare included */
  int kept;          /* gk_arena_new_kept: not counted by gk_arena_live */
};

/* Heap blocks held by all arenas but the kept ones (headers and chunks), for
 * gk_arena_live(). */
static _Atomic size_t live_blocks;
#define BLOCK_TAKEN(a) ((a)->kept ? (void)0 : (void)live_blocks++)
#define BLOCK_GIVEN(a) ((a)->kept ? (void)0 : (void)live_blocks--)

gk_arena *gk_arena_new(void) {
  gk_arena *a = calloc(1, sizeof(gk_arena));
  if (a) live_blocks++;
  return a;
}

gk_arena *gk_arena_new_kept(void) {
  gk_arena *a = calloc(1, sizeof(gk_arena));
  if (a) a->kept = 1;
  return a;
}

void gk_arena_free(gk_arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *n = c->next;
    free(c);
    BLOCK_GIVEN(a);
    c = n;
  }
  if (a->spare) {
    free(a->spare);
    BLOCK_GIVEN(a);
  }
  BLOCK_GIVEN(a);
  free(a);
}

#if defined(__SANITIZE_ADDRESS__)
#define GK_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GK_ARENA_ASAN 1
#endif
#endif

static void *arena_take(gk_arena *a, size_t size, int zero) {
  if (size > SIZE_MAX / 4) return NULL;
#ifdef GK_ARENA_ASAN
  /* Under AddressSanitizer every allocation is its own heap block, so an overrun
     of one object is reported instead of silently landing in its neighbour. */
  {
    chunk *n = malloc(sizeof(chunk) + (size ? size : 1));
    if (!n) return NULL;
    BLOCK_TAKEN(a);
    n->size = n->used = size;
    n->seq = a->seq++;
    a->held += size;
    n->next = a->head;
    a->head = n;
    if (zero) memset(n->data, 0, size);
    return n->data;
  }
#endif
  size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (size == 0) size = ALIGN;
  chunk *c = a->head;
  if (!c || c->size - c->used < size) {
    /* A big request gets its own chunk behind the current one, so the
       current chunk's free tail is not wasted. */
    size_t csize = size > CHUNK_MIN ? size : CHUNK_MIN;
    chunk *n;
    if (csize == CHUNK_MIN && a->spare) {
      n = a->spare;
      a->spare = NULL;
    } else {
      n = malloc(sizeof(chunk) + csize);
      if (!n) return NULL;
      BLOCK_TAKEN(a);
      a->held += csize;
    }
    n->size = csize;
    n->used = 0;
    n->seq = a->seq++;
    if (c && size > CHUNK_MIN) {
      n->next = c->next;
      c->next = n;
    } else {
      n->next = c;
      a->head = n;
    }
    c = n;
  }
  void *p = c->data + c->used;
  c->used += size;
  if (zero) memset(p, 0, size);
  return p;
}

void *gk_arena_alloc(gk_arena *a, size_t size) { return arena_take(a, size, 1); }

void *gk_arena_alloc_uninit(gk_arena *a, size_t size) { return arena_take(a, size, 0); }

char *gk_arena_strndup(gk_arena *a, const char *s, size_t len) {
  /* Filled right away: no need to zero it first. */
  char *p = arena_take(a, len + 1, 0);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *gk_arena_strdup(gk_arena *a, const char *s) {
  return s ? gk_arena_strndup(a, s, strlen(s)) : NULL;
}

char *gk_arena_printf(gk_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = gk_arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void *gk_arena_grow(gk_arena *a, void *array, size_t count, size_t *cap, size_t elsize) {
  if (count < *cap) return array;
  size_t ncap = *cap ? *cap * 2 : 8;
  if (ncap > SIZE_MAX / 4 / elsize) return NULL;
  /* Not zeroed: every caller initializes the element it appends. */
  void *n = arena_take(a, ncap * elsize, 0);
  if (!n) return NULL;
  if (count) memcpy(n, array, count * elsize);
  *cap = ncap;
  return n;
}

size_t gk_arena_live(void) { return live_blocks; }

gk_arena_pos gk_arena_mark(gk_arena *a) {
  gk_arena_pos p = {a->head, a->head ? a->head->used : 0, a->seq};
  return p;
}

/* Gives a chunk back: one chunk of the usual size is kept, so a scratch arena
   released after every row does not call malloc and free for each. Under ASan
   every chunk is freed, so a use after release is reported. */
static void drop_chunk(gk_arena *a, chunk *c) {
#ifndef GK_ARENA_ASAN
  if (c->size == CHUNK_MIN && !a->spare) {
    a->spare = c;
    return;
  }
#endif
  a->held -= c->size;
  free(c);
  BLOCK_GIVEN(a);
}

void gk_arena_release(gk_arena *a, gk_arena_pos pos) {
  /* Chunks made after the point sit before it in the list (pushed at the head)
     or right after it (a big request goes behind the current chunk). */
  while (a->head && a->head->seq >= pos.seq) {
    chunk *n = a->head->next;
    drop_chunk(a, a->head);
    a->head = n;
  }
  chunk *c = a->head;
  if (!c) return;
  while (c->next && c->next->seq >= pos.seq) {
    chunk *n = c->next->next;
    drop_chunk(a, c->next);
    c->next = n;
  }
  if (c == pos.chunk && c->used > pos.used) c->used = pos.used;
}

size_t gk_arena_size(const gk_arena *a) { return a->held; }
