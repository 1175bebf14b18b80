// pg_dump as a child process: no shell (nothing in the URL or path is ever interpreted), the
// password handed over in PGPASSWORD rather than argv, and pg_dump's own messages captured for
// the log.
#include "db/postgres/pg_dump.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

extern char** environ;

namespace db::postgres {
namespace {

// pg_dump's diagnostics are short; more than this is noise that would flood the log.
constexpr size_t kMaxCapturedOutput = 16 * 1024;

// Quotes a value for a libpq key=value connection string.
std::string QuoteConninfoValue(std::string_view v) {
  std::string out = "'";
  for (char ch : v) {
    if (ch == '\\' || ch == '\'') out += '\\';
    out += ch;
  }
  out += '\'';
  return out;
}

// Schemas named by "-c search_path=…" (or "-csearch_path=…", "--search_path=…") in a libpq
// `options` value. Unquoted names fold to lower case as the server would fold them.
std::vector<std::string> SearchPathSchemas(std::string_view options) {
  std::vector<std::string> words;
  std::string word;
  bool escaped = false;
  for (char ch : options) {  // libpq splits options on spaces, with backslash escapes
    if (escaped) {
      word += ch;
      escaped = false;
    } else if (ch == '\\') {
      escaped = true;
    } else if (ch == ' ' || ch == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));

  std::string path;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "-c" && i + 1 < words.size()) {
      w = words[++i];
    } else if (w.starts_with("-c") || w.starts_with("--")) {
      w.remove_prefix(2);
    } else {
      continue;
    }
    if (w.starts_with("search_path=")) path = w.substr(12);
  }

  std::vector<std::string> schemas;
  for (size_t pos = 0; !path.empty();) {
    size_t comma = path.find(',', pos);
    std::string_view item = std::string_view(path).substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string name;
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
      for (size_t k = 1; k + 1 < item.size(); ++k) {
        name += item[k];
        if (item[k] == '"') ++k;  // "" inside a quoted identifier is one quote
      }
    } else {
      for (char ch : item) {
        name += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      }
    }
    if (!name.empty() && name != "$user" && name != "pg_catalog" && name != "pg_temp") {
      schemas.push_back(std::move(name));
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return schemas;
}

// A pg_dump --schema pattern matching exactly `name` (quoted, so * ? . are literal).
std::string ExactSchemaPattern(std::string_view name) {
  std::string out = "\"";
  for (char ch : name) {
    out += ch;
    if (ch == '"') out += '"';
  }
  out += '"';
  return out;
}

struct ConninfoDeleter {
  void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

// Closes a file descriptor when it goes out of scope (error paths included).
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  int* out() { return &fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

struct ChildResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout and stderr, truncated
};

// Runs `argv` with `env` as its whole environment, stdin from /dev/null and stdout+stderr
// captured. Returns errno from the spawn (ENOENT when the program is missing) or 0.
int Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
          ChildResult& result) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  // dup2 clears close-on-exec on the copies, so only fds 1 and 2 reach the child.
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 2);

  std::vector<char*> c_argv;
  for (const std::string& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
  c_argv.push_back(nullptr);
  std::vector<char*> c_env;
  for (const std::string& e : env) c_env.push_back(const_cast<char*>(e.c_str()));
  c_env.push_back(nullptr);

  pid_t pid = -1;
  // An absolute path is run as is; a bare name is looked up in PATH.
  int rc =
      argv[0].find('/') != std::string::npos
          ? posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, c_argv.data(), c_env.data())
          : posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  // Our copy of the write end must go, or the read below would never see end-of-file.
  write_end.Close();
  if (rc != 0) return rc;

  char buf[4096];
  for (;;) {
    ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size_t room = kMaxCapturedOutput - std::min(kMaxCapturedOutput, result.output.size());
    result.output.append(buf, std::min(static_cast<size_t>(n), room));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return errno;
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return 0;
}

// Our environment without any PGPASSWORD, plus the one for this target. The child gets an
// explicit copy so that the parent's environment is never modified (setenv is not thread-safe).
std::vector<std::string> ChildEnvironment(const std::optional<std::string>& password) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, "PGPASSWORD=", 11) == 0) continue;
    env.emplace_back(*e);
  }
  if (password) env.push_back("PGPASSWORD=" + *password);
  return env;
}

}  // namespace

core::Result<DumpTarget> SplitPassword(const std::string& url) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoDeleter> options(PQconninfoParse(url.c_str(), &error));
  if (error) PQfreemem(error);  // may quote the URL, password included: not logged
  if (!options) {
    return core::Error::Invalid("database", "PostgreSQL の接続先 URL が不正です (invalid URL)");
  }
  DumpTarget target;
  for (PQconninfoOption* o = options.get(); o->keyword; ++o) {
    if (!o->val) continue;  // only what the URL actually sets
    if (std::strcmp(o->keyword, "password") == 0) {
      target.password = o->val;
      continue;
    }
    if (std::strcmp(o->keyword, "options") == 0) target.schemas = SearchPathSchemas(o->val);
    if (!target.conninfo.empty()) target.conninfo += ' ';
    target.conninfo += o->keyword;
    target.conninfo += '=';
    target.conninfo += QuoteConninfoValue(o->val);
  }
  return target;
}

std::string FindPgProgram(std::string_view name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* dir = std::getenv("TSUNAGARI_PG_BIN"); dir && *dir) {
    return (fs::path(dir) / name).string();
  }
  // pg_dump must be at least as new as the server, so prefer the newest installed major.
  int best_major = -1;
  fs::path best;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string major_text = entry.path().filename().string();
    int major = 0;
    auto [ptr, err] =
        std::from_chars(major_text.data(), major_text.data() + major_text.size(), major);
    if (err != std::errc() || ptr != major_text.data() + major_text.size()) continue;
    fs::path candidate = entry.path() / "bin" / name;
    if (major > best_major && ::access(candidate.c_str(), X_OK) == 0) {
      best_major = major;
      best = candidate;
    }
  }
  if (best_major >= 0) return best.string();
  return std::string(name);
}

core::Result<void> DumpDatabase(const std::string& url, const std::string& destination) {
  ASSIGN_OR_RETURN(DumpTarget target, SplitPassword(url));
  const std::string program = FindPgProgram("pg_dump");
  // --no-password: fail instead of waiting for a prompt nobody will answer.
  std::vector<std::string> argv = {program, "--format=custom", "--no-password",
                                   "--file=" + destination, "--dbname=" + target.conninfo};
  for (const std::string& schema : target.schemas) {
    argv.push_back("--schema=" + ExactSchemaPattern(schema));
  }
  ChildResult child;
  int rc = Spawn(argv, ChildEnvironment(target.password), child);
  if (rc == ENOENT) {
    spdlog::error("backup: {} not found (install the PostgreSQL client or set TSUNAGARI_PG_BIN)",
                  program);
    return core::Error::Internal("pg_dump not found");
  }
  if (rc != 0) {
    spdlog::error("backup: cannot run {}: {}", program, std::strerror(rc));
    return core::Error::Internal("cannot run pg_dump");
  }
  if (child.exit_code != 0) {
    std::error_code ec;
    std::filesystem::remove(destination, ec);  // a truncated archive must not pass for a backup
    spdlog::error("backup: pg_dump exited with {}: {}", child.exit_code, child.output);
    return core::Error::Internal("pg_dump failed");
  }
  if (!child.output.empty()) spdlog::info("backup: pg_dump said: {}", child.output);
  return core::Ok();
}

}  // namespace db::postgres
