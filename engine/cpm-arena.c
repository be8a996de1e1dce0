/* SPDX-License-Identifier: MIT
 *
 * cpm-arena.c: the scheduler's bump allocator (see cpm-arena.h). O(1) per
 * allocation; memory from an anonymous mapping is zero already.
 */
#include "cpm-arena.h"

#include <string.h>
#include <sys/mman.h>

#define ARENA_ALIGN     64
#define ARENA_HUGE_PAGE ((gsize)2 << 20)
#define ARENA_MAP_MIN   ((gsize)1 << 20) /* below this, the heap is as good */

void
cpm_arena_init(CpmArena *self, gsize capacity)
{
  memset(self, 0, sizeof *self);
  capacity = (capacity + ARENA_ALIGN - 1) & ~(gsize)(ARENA_ALIGN - 1);
  if (capacity >= ARENA_MAP_MIN) {
    /* Over-map by one huge page so that the block can start on a huge-page
     * boundary. */
    gsize size = capacity + ARENA_HUGE_PAGE;
    void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map != MAP_FAILED) {
      guintptr start = ((guintptr)map + ARENA_HUGE_PAGE - 1) & ~(guintptr)(ARENA_HUGE_PAGE - 1);
#ifdef MADV_HUGEPAGE
      madvise((void *)start, capacity, MADV_HUGEPAGE);
#endif
      self->map = map;
      self->map_size = size;
      self->base = (guint8 *)start;
      self->capacity = capacity;
      return;
    }
  }
  self->base = g_malloc0(capacity > 0 ? capacity : ARENA_ALIGN);
  self->capacity = capacity;
}

gpointer
cpm_arena_alloc(CpmArena *self, gsize bytes)
{
  gsize size = (MAX(bytes, 1) + ARENA_ALIGN - 1) & ~(gsize)(ARENA_ALIGN - 1);
  if (self->used + size <= self->capacity) {
    gpointer p = self->base + self->used;
    self->used += size;
    return p;
  }
  if (self->spill == NULL)
    self->spill = g_ptr_array_new_with_free_func(g_free);
  gpointer p = g_malloc0(size);
  g_ptr_array_add(self->spill, p);
  return p;
}

void
cpm_arena_clear(CpmArena *self)
{
  if (self->map != NULL)
    munmap(self->map, self->map_size);
  else
    g_free(self->base);
  if (self->spill != NULL)
    g_ptr_array_unref(self->spill);
  memset(self, 0, sizeof *self);
}
