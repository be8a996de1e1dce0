/* SPDX-License-Identifier: MIT
 *
 * cpm-arena.h: a bump allocator for the scheduler's working arrays. One run
 * over a million activities needs a few hundred megabytes of short-lived
 * arrays; taking them from one zero-filled mapping backed by transparent
 * huge pages (where the kernel offers them) costs one page fault per 2 MiB
 * instead of one per 4 KiB, which on virtual machines is most of the time
 * a pass would otherwise take. Small arenas use the ordinary heap.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint8 *base;     /* start of the block, or NULL */
  gsize capacity;   /* usable bytes from base */
  gsize used;       /* bytes handed out */
  gsize map_size;   /* bytes mapped (0 when base came from the heap) */
  gpointer map;     /* the mapping, for munmap */
  GPtrArray *spill; /* owned heap blocks handed out once the block was full */
} CpmArena;

/* Prepares an arena for about `capacity` bytes; the arena can hand out more
 * (from the heap) when the estimate was short. */
void cpm_arena_init(CpmArena *self, gsize capacity);
/* `bytes` of zeroed memory aligned to 64 bytes, valid until clear. */
gpointer cpm_arena_alloc(CpmArena *self, gsize bytes);
#define cpm_arena_new(self, Type, n) ((Type *)cpm_arena_alloc((self), sizeof(Type) * (gsize)(n)))
/* Releases everything the arena handed out. */
void cpm_arena_clear(CpmArena *self);

G_END_DECLS
