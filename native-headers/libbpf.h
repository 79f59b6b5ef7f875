/*
 * What tot binds of libbpf (Debian libbpf1, libbpf.so.1) through the Foreign Function & Memory
 * API for its eBPF engine (package tot.linux, class Libbpf, written by hand from this file). Every
 * object is opaque to tot: only pointers and ints cross, so every function is called through the
 * downcall shape of syscall() in tot.h (seven longs in, a long out), which tot links anyway: a
 * shape per signature would spin classes at each start that no start-up cache holds.
 * Pointer-returning functions give NULL and set errno on failure (libbpf 1.0 mode); int ones
 * return a negative errno. Once the object is loaded, tot uses its maps and programs through
 * the bpf(2) system call itself (BPF_MAP_UPDATE_ELEM, BPF_MAP_UPDATE_BATCH, BPF_MAP_LOOKUP_ELEM,
 * BPF_RAW_TRACEPOINT_OPEN) and reads the ring buffer from its mmap'd pages (see tot.h).
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
__u32 bpf_map__max_entries(const struct bpf_map *map);
struct bpf_program *bpf_object__next_program(const struct bpf_object *obj, struct bpf_program *prog);
int bpf_program__fd(const struct bpf_program *prog);
const char *bpf_program__section_name(const struct bpf_program *prog);
