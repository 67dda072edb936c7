// Real child processes for tests that need a second program on the same files: start a program
// with a pipe on its standard input, read what it printed, wait for its exit status.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/errors.h"

namespace lsm::testing {

/// How a child ended and what it printed.
struct ChildResult {
  int exit_code = -1;  ///< exit status, or -1 if a signal ended it
  int signal = 0;      ///< the signal that ended it, or 0
  std::string out;     ///< standard output
  std::string err;     ///< standard error
  [[nodiscard]] std::string Describe() const {
    return "exit " + std::to_string(exit_code) +
           (signal != 0 ? " signal " + std::to_string(signal) : "") + "\n--- stdout ---\n" + out +
           "--- stderr ---\n" + err;
  }
};

/// A running program. Its standard input is a pipe the test writes to; its output and errors go
/// to files in the test's scratch space, read after it exits (so a chatty child never blocks).
class Child {
 public:
  /// Starts `argv[0]` with `argv`. Output is captured in `capture_prefix`.out / .err.
  Child(const std::vector<std::string>& argv, std::string capture_prefix)
      : out_path_(capture_prefix + ".out"), err_path_(std::move(capture_prefix) + ".err") {
    ::signal(SIGPIPE, SIG_IGN);  // a child that stops reading must not kill the test
    int input[2];
    if (::pipe2(input, O_CLOEXEC) != 0) throw IoError("pipe", errno, "pipe2");
    std::vector<char*> args;  // built before fork: the child may only make async-signal-safe calls
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw IoError(argv.at(0), errno, "fork");
    if (pid_ == 0) {
      const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out < 0 || err < 0 || ::dup2(input[0], 0) < 0 || ::dup2(out, 1) < 0 ||
          ::dup2(err, 2) < 0) {
        ::_exit(127);
      }
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(input[0]);
    stdin_ = input[1];
  }

  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  /// Kills the child if it is still running.
  ~Child() {
    if (stdin_ >= 0) ::close(stdin_);
    if (!waited_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  /// Writes `text` to the child's standard input.
  void Write(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::write(stdin_, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EPIPE) return;  // it stopped reading (exited): Wait() tells why
      if (n < 0) throw IoError("child stdin", errno, "write");
      text.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  /// Closes its standard input (end of input), waits for it to exit, returns what it did.
  ChildResult Wait() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    while (!waited_ && ::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    waited_ = true;
    ChildResult result;
    if (WIFEXITED(status_)) result.exit_code = WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) result.signal = WTERMSIG(status_);
    result.out = Slurp(out_path_);
    result.err = Slurp(err_path_);
    return result;
  }

  /// Waits until the child's standard output contains `text` (true), or it has exited or it
  /// has been `timeout_ms` milliseconds (false).
  bool WaitForOutput(std::string_view text, int timeout_ms = 10000) {
    for (int waited = 0; waited < timeout_ms; waited += 10) {
      if (Slurp(out_path_).find(text) != std::string::npos) return true;
      if (Exited()) return Slurp(out_path_).find(text) != std::string::npos;
      ::usleep(10 * 1000);
    }
    return false;
  }

  /// What the child has printed on its standard output so far (for failure messages).
  [[nodiscard]] std::string OutputSoFar() const { return Slurp(out_path_); }

  /// True once the child has exited (it is then reaped; Wait() still reports how).
  bool Exited() {
    if (!waited_ && ::waitpid(pid_, &status_, WNOHANG) == pid_) waited_ = true;
    return waited_;
  }

  /// The child's process id.
  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

 private:
  static std::string Slurp(const std::string& path) {
    std::string text;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
      text.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return text;
  }

  std::string out_path_;
  std::string err_path_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  bool waited_ = false;
  int status_ = 0;
};

/// Runs `argv` to completion with `input` on its standard input.
inline ChildResult RunProgram(const std::vector<std::string>& argv, std::string_view input,
                              std::string capture_prefix) {
  Child child(argv, std::move(capture_prefix));
  child.Write(input);
  return child.Wait();
}

}  // namespace lsm::testing
