/*
 * What tot binds of OpenSSL's libcrypto (Debian libssl3, libcrypto.so.3) through the Foreign
 * Function & Memory API (package tot.linux, class Libcrypto, written by hand from this file): the
 * SHA-1 of a file's content, which OpenSSL computes with the CPU's SHA instructions whatever JIT
 * compiler runs tot (C1 alone has no intrinsic for it). Only pointers and ints cross, so every
 * function is called through the downcall shape of syscall() in tot.h, as libbpf's are. Where
 * the library cannot be loaded, tot hashes with the JDK's MessageDigest instead.
 */
#include <openssl/evp.h>

EVP_MD_CTX *EVP_MD_CTX_new(void);
void EVP_MD_CTX_free(EVP_MD_CTX *ctx);
const EVP_MD *EVP_sha1(void);
int EVP_DigestInit_ex(EVP_MD_CTX *ctx, const EVP_MD *type, ENGINE *impl);   /* 1: success */
int EVP_DigestUpdate(EVP_MD_CTX *ctx, const void *d, size_t cnt);            /* 1: success */
int EVP_DigestFinal_ex(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s); /* 1: success; md: 20 bytes for SHA-1 */
