#!/usr/bin/env bash
# Regenerates the real strace logs of this directory (see README.md). Needs strace (6.1 made the
# committed ones) and python3. The runs happen in a scratch directory, /tmp/tot-strace, so that
# the paths in the logs are short and the same on every machine; the environment is reduced to
# PATH so the logs do not carry the machine's variables. Pids and addresses differ per run: the
# tests that spot-check exact records must be updated after regenerating, and the sizes vary
# (threads.log from 120 to 230 KB: keep each file under 200 KB).
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)
work=/tmp/tot-strace
rm -rf "$work"; mkdir -p "$work"; cd "$work"
run() { env -i PATH=/usr/bin:/bin "$@"; }
SH='echo a > a; cat a | tee b; ls missing'

run strace -f -o "$out/basic.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
run strace -f -tt -T -y -o "$out/tt-T-y.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
run strace -f -ttt -yy -s 100 -o "$out/ttt-yy-s100.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
rm -rf "$out/ff"; mkdir "$out/ff"
run strace -ff -o "$out/ff/run" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
run strace -o "$out/no-f.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
# no -o: the log is strace's stderr, with its [pid N] prefixes and "strace: Process N attached"
# messages; ls's own error message goes to /dev/null so that only strace writes to that stderr
run strace -f sh -c 'echo a > a; cat a | tee b; ls missing 2>/dev/null' >/dev/null 2>"$out/stderr.log" || true
rm -f a b
run strace -f -t -o "$out/python-subprocess.log" python3 -S -c '
import subprocess, sys
subprocess.run(["ls", "/nonexistent"], stderr=subprocess.DEVNULL)
subprocess.run([sys.executable, "-S", "-c", "open(\"out.txt\", \"w\").write(\"\\xff\")"])
' >/dev/null 2>&1 || true
rm -f out.txt
run strace -f -o "$out/killed.log" sh -c 'ulimit -c unlimited; sh -c "kill -QUIT \$\$"; kill -9 $$' >/dev/null 2>&1 || true
rm -f core core.*
run strace -f -tt -T -y -o "$out/threads.log" python3 -S -c '
import threading
def work(i):
    for _ in range(10):
        with open("/etc/passwd", "rb") as f: f.read(64)
        try: open("/nonexistent/%d" % i)
        except OSError: pass
ts = [threading.Thread(target=work, args=(i,)) for i in range(3)]
for t in ts: t.start()
for t in ts: t.join()
' >/dev/null 2>&1 || true
# a thread other than the leader calls execve: "<pid changed to N ...>" and "superseded by execve"
run strace -f -o "$out/thread-exec.log" python3 -S -c '
import os, threading, time
threading.Thread(target=lambda: os.execv("/bin/true", ["true", "from-a-thread"])).start()
time.sleep(5)
' >/dev/null 2>&1 || true
# -yy decorates sockets (TCP, UNIX) and devices; -s 100 shows longer strings; \377 is a non-UTF-8 byte
run strace -f -ttt -yy -s 100 -o "$out/sockets-yy.log" python3 -S -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
c.sendall(b"hello\xff\n"); a.recv(100)
u1, u2 = socket.socketpair(); u1.send(b"x"); u2.recv(1)
open("/dev/null", "w").close()
' >/dev/null 2>&1 || true
# -yy on a UNIX socket bound to a path with ',', '>' and ']' in it, UDP over IPv6, netlink
run strace -f -yy -e trace=%network,close -o "$out/unix-udp6-yy.log" python3 -S -c '
import socket
p = "/tmp/tot-strace/sock,with>odd]name"
s = socket.socket(socket.AF_UNIX); s.bind(p); s.listen()
c = socket.socket(socket.AF_UNIX); c.connect(p); a, _ = s.accept()
c.send(b"x"); a.recv(1)
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::1", 0)); u.sendto(b"y", u.getsockname()); u.recv(1)
n = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); n.bind((0, 0))
' >/dev/null 2>&1 || true
# make -j2 building 3 C files: compilers, pipes, and pselect6 that SIGCHLD interrupts
# ("= ? ERESTARTNOHAND", a race: the committed log has one), with a syscall filter
mkdir -p /tmp/tot-strace/make && cd /tmp/tot-strace/make
for i in 1 2 3; do echo "int f$i(void) { return $i; }" > f$i.c; done
echo 'int main(void) { return 0; }' > main.c
printf 'prog: main.o f1.o f2.o f3.o\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -O2 -c $<\n' > Makefile
run strace -f -tt -T -y -e trace=%process,openat,pselect6,wait4,rt_sigreturn -o "$out/make-j2.log" make -j2 >/dev/null 2>&1 || true
cd /tmp/tot-strace
# strace -p attaches to a sleeping process and is interrupted (SIGINT) before the call ends:
# "restart_syscall(<... resuming interrupted ...> <detached ...>"
env -i PATH=/usr/bin:/bin python3 -S -c 'import time; time.sleep(3)' & # not through run(): $! must be python's pid
sleep 0.5
timeout -s INT 1 strace -f -p $! -o "$out/detached.log" 2>/dev/null || true
wait
# -i instruction pointers and -n syscall numbers: "17108 [  59] [00007fe78e0e3ad7] execve(...)"
run strace -f -i -n -o "$out/i-n.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
# -k stack traces (" > /lib/…(fn+0x12) [0x1234]" lines after each call), only the file calls
run strace -f -k -e trace=openat,execve -o "$out/k.log" sh -c 'echo a > a; cat a' >/dev/null 2>&1 || true
rm -f a b
# -Y (--decode-pids=comm) on stderr: "[pid 17150<sh>] …", pids in results "= 17116<sh>", no prefix while one process runs
run strace -f -Y sh -c 'echo a > a; cat a | tee b; ls missing 2>/dev/null' >/dev/null 2>"$out/Y-stderr.log" || true
rm -f a b
# -r alone, without -f: the seconds since the previous line, padded to 6 digits ("     0.000123 brk(NULL)")
run strace -r -o "$out/r-no-f.log" sh -c 'echo a > a' >/dev/null 2>&1 || true
rm -f a
# -t and -r together: "04:03:21 (+     0.000366) brk(NULL)"; -T durations
run strace -f -t -r -T -o "$out/t-r-T.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
# --timestamps=unix,s: seconds since the epoch without a fraction ("1796529277 execve(…)")
run strace -f --timestamps=unix,s -o "$out/unix-s.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
# -e read= / -e write= hex dumps (" | 00000  61 0a   a. |" lines after the call)
run strace -f -e trace=openat,read,write -e read=all -e write=all -o "$out/read-write-dumps.log" sh -c 'echo hi > a; cat a' >/dev/null 2>&1 || true
rm -f a
# -e inject: "= -1 ENOENT (No such file or directory) (INJECTED)"
run strace -f -e trace=openat -e inject=openat:error=ENOENT:when=3 -o "$out/inject.log" sh -c 'cat /etc/hostname' >/dev/null 2>&1 || true
# strace -p on stderr: "strace: Process N attached", then the attached process's lines without a prefix
env -i PATH=/usr/bin:/bin python3 -S -c 'import time; time.sleep(1); open("/etc/hostname").read()' & # not through run(): $! must be python's pid
sleep 0.3
strace -p $! 2>"$out/p-stderr.log" || true
wait
# threads opening a file while the process ends (os._exit): strace cannot read the registers of
# a thread being killed and prints "???( <unfinished ...>" and "<... ??? resumed>) = ?" ("????"
# before strace 6.1). A race: tried until it shows
for try in $(seq 100); do
  run strace -f -o "$out/unreadable.log" python3 -S -c '
import threading, os, time
def work():
    while True:
        os.close(os.open("/etc/hostname", os.O_RDONLY))
for i in range(3):
    threading.Thread(target=work, daemon=True).start()
time.sleep(0.002)
os._exit(0)
' >/dev/null 2>&1 || true
  grep -q '???(' "$out/unreadable.log" && break
done
# -z (only successful calls): strace holds each call's text until it ends, so an interrupted call
# is written at once as "PID close(1 <unfinished ...>" and a line ") = 0" without a prefix. Tried
# until two calls show it
for try in $(seq 50); do
  run strace -f -z -o "$out/z.log" sh -c "$SH" >/dev/null 2>&1 || true
  rm -f a b
  (( $(grep -c 'unfinished' "$out/z.log") >= 2 )) && break
done
# -X raw (every flag a number: "openat(-100, \"a\", 0x241, 0666)", zero flags printed as nothing)
# and -X verbose (the number, then the names in a comment: "0x241 /* O_WRONLY|O_CREAT|O_TRUNC */")
run strace -f -X raw -o "$out/X-raw.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
run strace -f -X verbose -o "$out/X-verbose.log" sh -c "$SH" >/dev/null 2>&1 || true
rm -f a b
# -ff without timestamps, a thread that writes a file and runs a program: the files' order is
# not in the log (tot reads each from the call that made its task)
rm -rf "$out/ff-threads"; mkdir "$out/ff-threads"
run strace -ff -o "$out/ff-threads/run" python3 -S -c '
import threading, subprocess
def work():
    open("t.txt", "w").write("t")
    subprocess.run(["cat", "t.txt"], stdout=subprocess.DEVNULL)
t = threading.Thread(target=work); t.start(); t.join()
open("m.txt", "w").write("m")
' >/dev/null 2>&1 || true
rm -f t.txt m.txt
# -qq: no "+++ exited" lines; a shell that writes a file and exits 3, then a mv of that file
run strace -f -qq -o "$out/qq.log" sh -c 'sh -c "echo x > a; exit 3"; mv a b; exit 5' >/dev/null 2>&1 || true
rm -f a b
# hand-made: partial-head.log is lines 385-520 of threads.log (a log cut from a longer one)
sed -n 385,520p "$out/threads.log" > "$out/partial-head.log"
rm -rf "$work"
ls -l "$out" "$out/ff"
