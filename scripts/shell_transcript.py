#!/usr/bin/python3
"""Runs lsm-shell in a pseudo-terminal, as someone at a terminal would, and prints the session
for the book: the command line, the shell's greeting, and each command typed after its prompt
with what the shell answered.

  shell_transcript.py SHELL SHOWN_AS < commands.txt

SHELL is run on a fresh directory, which the transcript shows as /tmp/mytree; SHOWN_AS is how the
transcript's first line names the program. The last command should end the session (quit). On a
machine without pseudo-terminals the commands are piped in instead, and the transcript shows
that form (no prompts or greeting: the shell is not interactive then).
"""
import subprocess
import os
import pty
import select
import shutil
import sys
import tempfile

PROMPT = b"lsm> "
TIMEOUT = 30  # seconds to wait for the shell's next output


def main():
    shell, shown_as = sys.argv[1], sys.argv[2]
    commands = [line for line in sys.stdin.read().splitlines() if line.strip()]
    work = tempfile.mkdtemp(prefix="shell-transcript-")
    directory = os.path.join(work, "mytree")
    try:
        pid, fd = pty.fork()
    except OSError as error:
        piped(shell, shown_as, commands, work, directory, error)
        return
    if pid == 0:
        os.execv(shell, [shell, directory])
    out = b""

    def read_more():
        nonlocal out
        ready, _, _ = select.select([fd], [], [], TIMEOUT)
        if not ready:
            sys.exit("shell_transcript: the shell said nothing for %d s; so far:\n%s"
                     % (TIMEOUT, out.decode(errors="replace")))
        try:
            data = os.read(fd, 4096)
        except OSError:  # the shell has exited and closed the terminal
            return False
        out += data
        return bool(data)

    try:
        for number, command in enumerate(commands, 1):
            while out.count(PROMPT) < number or not out.endswith(PROMPT):
                if not read_more():
                    sys.exit("shell_transcript: the shell exited before command %d (%s):\n%s"
                             % (number, command, out.decode(errors="replace")))
            os.write(fd, command.encode() + b"\n")  # the terminal echoes it after the prompt
        while read_more():
            pass
        _, status = os.waitpid(pid, 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = out.decode().replace("\r\n", "\n").replace(directory, "/tmp/mytree").rstrip()
    sys.stdout.write("$ %s /tmp/mytree\n%s\n" % (shown_as, text))
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("shell_transcript: the shell exited with %d" % code)


def piped(shell, shown_as, commands, work, directory, error):
    try:
        run = subprocess.run([shell, directory], input="\n".join(commands) + "\n",
                             capture_output=True, text=True, timeout=TIMEOUT, check=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("(no pseudo-terminal here: %s; the same commands, piped in)" % error)
    print("$ %s /tmp/mytree < session.txt" % shown_as)
    print((run.stdout + run.stderr).replace(directory, "/tmp/mytree").rstrip())
    if run.returncode != 0:
        sys.exit("shell_transcript: the shell exited with %d" % run.returncode)


if __name__ == "__main__":
    main()
