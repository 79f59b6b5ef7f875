#!/usr/bin/env python3
"""Drives an interactive bash on a pseudo-terminal as a user would, around a traced command:
Ctrl-Z stops tot's job and gives the shell back, `fg` continues it with the terminal, typed
lines reach the command, Ctrl-C interrupts it; run from a script, the command gets the terminal
when it reads it, and a Ctrl-C ends the script.
Usage: job_control.py 'TOT COMMAND' DIR ['LOG OPTIONS'].
Prints the transcript and exits 1 at the first step that does not happen."""
import os, pty, re, select, signal, sys, time

TOT, WORK = sys.argv[1], sys.argv[2]
LOG = 'log ' + (sys.argv[3] if len(sys.argv) > 3 else '')
pid, fd = pty.fork()
if pid == 0:
    os.environ['PS1'] = 'PROMPT> '
    os.execvp('bash', ['bash', '--norc', '--noprofile', '-i'])

out = ''
mark = 0


def fail(why):
    print(out)
    print('FAILED:', why)
    os.kill(pid, signal.SIGKILL)
    sys.exit(1)


def read(seconds):
    global out
    r, _, _ = select.select([fd], [], [], seconds)
    if r:
        try:
            out += os.read(fd, 4096).decode(errors='replace')
        except OSError:
            pass


def expect(pattern, seconds=60):
    """Waits for pattern in what the terminal showed since the last expect."""
    global mark
    end = time.time() + seconds
    while time.time() < end:
        m = re.search(pattern, out[mark:])
        if m:
            mark += m.end()
            return
        read(0.1)
    fail('no ' + repr(pattern))


def send(text):
    os.write(fd, text.encode())


def stat(p):
    """(state, pgrp, tpgid, session) of process p, or None when gone."""
    try:
        s = open(f'/proc/{p}/stat').read()
    except OSError:
        return None
    f = s[s.rindex(')') + 2:].split()
    return f[0], int(f[2]), int(f[5]), int(f[3])


def session():
    """pid -> (comm, state, pgrp, tpgid) of the processes of the shell's session."""
    procs = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        st = stat(d)
        if st and st[3] == pid:
            try:
                comm = open(f'/proc/{d}/comm').read().strip()
            except OSError:
                continue
            procs[int(d)] = (comm, st[0], st[1], st[2])
    return procs


def wait_for(what, check, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        if check(session()):
            return
        read(0.1)
    fail(what + ': ' + repr(session()))


def reading_in_foreground(comm):
    """comm runs, sleeps (reads), and its group has the terminal."""
    return lambda ps: any(c == comm and s == 'S' and g == t for c, s, g, t in ps.values())


def stopped(comm):
    return lambda ps: any(c == comm and s in 'Tt' for c, s, g, t in ps.values())


expect('PROMPT> ')
send(f"{TOT} {LOG} -d {WORK}/fg.json -- sh -c 'cat > {WORK}/in.txt; echo cat-done'\n")
wait_for('cat reads the terminal', reading_in_foreground('cat'))
send('abc\n')
wait_for('cat wrote the first line', lambda ps: os.path.exists(f'{WORK}/in.txt') and open(f'{WORK}/in.txt').read() == 'abc\n')
send('\x1a')
expect(r'Stopped')
expect('PROMPT> ')
wait_for('tot and the command stopped', lambda ps: stopped('java')(ps) and stopped('cat')(ps))
send('fg\n')
wait_for('cat reads the terminal again', reading_in_foreground('cat'))
send('def\n')
send('\x04')
expect('cat-done')
expect('PROMPT> ')
send('echo EXIT=$?\n')
expect('EXIT=0')
expect('PROMPT> ')
send(f"{TOT} {LOG} -d {WORK}/int.json -- sleep 100\n")
wait_for('sleep runs in the foreground', reading_in_foreground('sleep'))
send('\x03')
expect('PROMPT> ')
send('echo EXIT=$?\n')
expect('EXIT=130')
expect('PROMPT> ')
# tot in a script's process group: the terminal stays the script's until the command reads it
send(f"bash -c '{TOT} {LOG} -d {WORK}/script.json -- sh -c \"read x; echo got=\\$x\"; echo after-read'\n")
wait_for('the command stopped to read the terminal, then reads it', reading_in_foreground('sh'))
send('hello\n')
expect('got=hello')
expect('after-read')
expect('PROMPT> ')
# a Ctrl-C the script gets too ends it, as without tot: tot ends by the command's signal
since = len(out)
send(f"bash -c '{TOT} {LOG} -d {WORK}/script2.json -- sleep 100; echo CONTINUED'\n")
wait_for('sleep runs', lambda ps: any(c == 'sleep' for c, s, g, t in ps.values()))
send('\x03')
expect('PROMPT> ')
if re.search(r'(?m)^CONTINUED', out[since:]):
    fail('the script went on after Ctrl-C')
send('echo EXIT=$?\n')
expect('EXIT=130')
expect('PROMPT> ')
send('exit\n')
os.waitpid(pid, 0)
print(out)
print('OK')
