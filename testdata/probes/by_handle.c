/*
 * Files opened by handle (name_to_handle_at + open_by_handle_at; CAP_DAC_READ_SEARCH): one read,
 * one truncated and written, one opened and closed at once, one removed before its open (an fd
 * kept elsewhere keeps it), one read, closed and removed before a new file takes its fd (and on
 * ext4 its inode number). The opens name no path: a tracer names each file by its new fd.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct file_handle *handle(const char *name)
{
	struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
	h->handle_bytes = MAX_HANDLE_SZ;
	int mount_id;
	if (name_to_handle_at(AT_FDCWD, name, h, &mount_id, 0) != 0) {
		perror(name);
		exit(2);
	}
	return h;
}

static int open_handle(int mount_fd, struct file_handle *h, int flags)
{
	int fd = open_by_handle_at(mount_fd, h, flags);
	if (fd < 0) {
		perror("open_by_handle_at");
		exit(3);
	}
	free(h);
	return fd;
}

static int by_handle(int mount_fd, const char *name, int flags)
{
	return open_handle(mount_fd, handle(name), flags);
}

int main(void)
{
	int mount_fd = open(".", O_RDONLY | O_DIRECTORY);
	char buf[64];
	int in = by_handle(mount_fd, "in.txt", O_RDONLY);
	if (read(in, buf, sizeof(buf)) < 0)
		return 4;
	int out = by_handle(mount_fd, "out.txt", O_WRONLY | O_TRUNC);
	if (write(out, "new\n", 4) != 4)
		return 5;
	close(by_handle(mount_fd, "brief.txt", O_RDONLY));
	int kept = open("gone.txt", O_RDONLY);
	struct file_handle *gone = handle("gone.txt");
	unlink("gone.txt");
	int removed = open_handle(mount_fd, gone, O_RDONLY);
	if (kept < 0 || removed < 0 || read(removed, buf, sizeof(buf)) < 0)
		return 6;
	int reused = by_handle(mount_fd, "reused.txt", O_RDONLY);
	if (read(reused, buf, sizeof(buf)) < 0)
		return 7;
	close(reused);
	unlink("reused.txt");
	if (open("new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644) != reused)
		return 8;
	sleep(1); /* the fds stay open a while: the eBPF engine names them after the fact */
	return 0;
}
