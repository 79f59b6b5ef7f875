/*
 * What tot binds of libbpf (Debian libbpf1, libbpf.so.1) through the Foreign Function & Memory
 * API for its eBPF engine (package tot.linux, class Libbpf, written by hand in jextract's shape
 * from this file). Every object is opaque to tot: only pointers and ints cross.
 * Pointer-returning functions give NULL and set errno on failure (libbpf 1.0 mode); int ones
 * return a negative errno.
 */
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);     /* NULL: libbpf prints nothing */

struct bpf_object *bpf_object__open_mem(const void *obj_buf, size_t obj_buf_sz,
                                        const struct bpf_object_open_opts *opts);
int bpf_object__load(struct bpf_object *obj);
void bpf_object__close(struct bpf_object *obj);
struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj, const char *name);
int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);
int bpf_map__fd(const struct bpf_map *map);
int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
int bpf_map_lookup_elem(int fd, const void *key, void *value);
struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
struct bpf_link *bpf_program__attach(const struct bpf_program *prog);
int bpf_link__destroy(struct bpf_link *link);

typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);
struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
                                     const struct ring_buffer_opts *opts);
int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
int ring_buffer__consume(struct ring_buffer *rb);   /* what is there, without waiting */
void ring_buffer__free(struct ring_buffer *rb);
