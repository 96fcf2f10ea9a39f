/*
 * quiver_pymem: counts the bytes CPython allocates, per worker thread, for Quiver's per-query Python
 * memory limit. The one piece of C in Quiver, because FFM cannot do this job: CPython calls its
 * allocator millions of times a second, from any thread, and an upcall into Java per allocation
 * would cost more than the allocation itself.
 *
 * What it does: wraps (never replaces) CPython's raw-domain allocator and its object-arena
 * allocator. Everything Python allocates passes through one of the two: small objects live in
 * pymalloc's 1 MiB arenas, larger blocks (> 512 bytes) and the raw domain go to the raw allocator.
 * A thread that Java bound to a counter (quiver_pymem_bind) adds the size of what it allocates and
 * subtracts what it frees; other threads are not counted. When a counter has a limit, a single
 * raw allocation of QUIVER_REFUSE_MIN bytes or more that would take it past the limit returns
 * NULL, which CPython turns into MemoryError; smaller allocations are never refused (CPython treats
 * some small allocation failures as fatal) — Java's watchdog reads the counters and interrupts
 * the call instead.
 *
 * Built by the quiver launcher (gcc -shared -fPIC); no Python headers needed: the two structs
 * below are CPython's documented PyMemAllocatorEx and PyObjectArenaAllocator, unchanged since
 * 3.5. The libpython symbols resolve when Java loads this library after libpython (RTLD_GLOBAL).
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *ctx;
    void *(*malloc)(void *ctx, size_t size);
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    void (*free)(void *ctx, void *ptr);
} PyMemAllocatorEx;

typedef struct {
    void *ctx;
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
} PyObjectArenaAllocator;

enum { PYMEM_DOMAIN_RAW = 0 };

extern void PyMem_GetAllocator(int domain, PyMemAllocatorEx *allocator);
extern void PyMem_SetAllocator(int domain, PyMemAllocatorEx *allocator);
extern void PyObject_GetArenaAllocator(PyObjectArenaAllocator *allocator);
extern void PyObject_SetArenaAllocator(PyObjectArenaAllocator *allocator);

/* Smallest allocation the limit may refuse: big blocks (bytearrays, list and dict tables) only. */
#define QUIVER_REFUSE_MIN ((size_t) 64 * 1024)

/*
 * One worker thread's counts. Java owns the memory (it outlives the binding) and reads it while the
 * thread runs; only the bound thread writes it, so plain stores are enough (aligned 64-bit values
 * are read whole on every platform Java's FFM runs on). The field order is Java's layout.
 */
typedef struct {
    int64_t in_use;        /* bytes allocated minus bytes freed by the bound thread (may go below 0) */
    int64_t limit;         /* 0: none; else refuse big allocations that would take in_use above it */
    int64_t refused;       /* allocations refused because of the limit */
    int64_t refused_bytes; /* size of the last refused allocation */
} quiver_counter;

static __thread quiver_counter *current;
static PyMemAllocatorEx raw_previous;
static PyObjectArenaAllocator arena_previous;
static int installed;

static int refuse(quiver_counter *counter, size_t growth) {
    if (counter->limit <= 0 || growth < QUIVER_REFUSE_MIN
        || counter->in_use + (int64_t) growth <= counter->limit) {
        return 0;
    }
    counter->refused++;
    counter->refused_bytes = (int64_t) growth;
    return 1;
}

static void *raw_malloc(void *ctx, size_t size) {
    quiver_counter *counter = current;
    if (counter != NULL && refuse(counter, size)) {
        return NULL;
    }
    void *block = raw_previous.malloc(raw_previous.ctx, size);
    if (counter != NULL && block != NULL) {
        counter->in_use += (int64_t) malloc_usable_size(block);
    }
    return block;
}

static void *raw_calloc(void *ctx, size_t nelem, size_t elsize) {
    quiver_counter *counter = current;
    if (counter != NULL && elsize != 0 && nelem <= SIZE_MAX / elsize && refuse(counter, nelem * elsize)) {
        return NULL;
    }
    void *block = raw_previous.calloc(raw_previous.ctx, nelem, elsize);
    if (counter != NULL && block != NULL) {
        counter->in_use += (int64_t) malloc_usable_size(block);
    }
    return block;
}

static void *raw_realloc(void *ctx, void *ptr, size_t new_size) {
    quiver_counter *counter = current;
    size_t old_size = ptr == NULL ? 0 : malloc_usable_size(ptr);
    if (counter != NULL && new_size > old_size && refuse(counter, new_size - old_size)) {
        return NULL;
    }
    void *block = raw_previous.realloc(raw_previous.ctx, ptr, new_size);
    if (counter != NULL && block != NULL) {
        counter->in_use += (int64_t) malloc_usable_size(block) - (int64_t) old_size;
    }
    return block;
}

static void raw_free(void *ctx, void *ptr) {
    quiver_counter *counter = current;
    if (counter != NULL && ptr != NULL) {
        counter->in_use -= (int64_t) malloc_usable_size(ptr);
    }
    raw_previous.free(raw_previous.ctx, ptr);
}

static void *arena_alloc(void *ctx, size_t size) {
    void *arena = arena_previous.alloc(arena_previous.ctx, size);
    quiver_counter *counter = current;
    if (counter != NULL && arena != NULL) {
        counter->in_use += (int64_t) size;
    }
    return arena;
}

static void arena_free(void *ctx, void *ptr, size_t size) {
    quiver_counter *counter = current;
    if (counter != NULL && ptr != NULL) {
        counter->in_use -= (int64_t) size;
    }
    arena_previous.free(arena_previous.ctx, ptr, size);
}

/*
 * Wraps the current allocators. Call once, after Py_InitializeFromConfig and while no other thread
 * runs Python (CPython allows wrapping, not replacing, an allocator after initialization).
 * Returns 1 when installed by this call, 0 when it already was.
 */
int quiver_pymem_install(void) {
    if (installed) {
        return 0;
    }
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &raw_previous);
    PyObject_GetArenaAllocator(&arena_previous);
    PyMemAllocatorEx raw = {NULL, raw_malloc, raw_calloc, raw_realloc, raw_free};
    PyObjectArenaAllocator arena = {NULL, arena_alloc, arena_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &raw);
    PyObject_SetArenaAllocator(&arena);
    installed = 1;
    return 1;
}

/* Counts the calling thread's allocations into counter from now on; NULL stops counting. */
void quiver_pymem_bind(quiver_counter *counter) {
    current = counter;
}

/* sizeof(quiver_counter), for Java to check its layout against. */
size_t quiver_pymem_counter_size(void) {
    return sizeof(quiver_counter);
}
