#!/usr/bin/env python3
"""Groups the samples of `perf script -F tid,ip,sym,dso` (DWARF call graphs of the Tsunagari server)
into request phases, so that a profile reads as "where does one request's time go".

Each sample goes to the innermost frame that matches a phase marker below (walking from the leaf
towards main), e.g. malloc under directory::ToJson counts for "handler: JSON tree (ToJson)". The
second column is the share of that phase's samples whose leaf is the allocator (malloc/free and
friends), the third the share spent in the kernel (syscalls, scheduling).

usage: perf script -i perf.data -F tid,ip,sym,dso --no-inline | perf_phases.py [--by-thread]
"""
import re
import sys
from collections import Counter, defaultdict

# (regex on a frame's symbol, phase), innermost match wins. Order only matters within one frame.
MARKERS = [
    (r"auth::Store::SessionByTokenHash", "auth: session by token hash (SQL)"),
    (r"auth::Store::TouchSession", "auth: touch session (SQL write)"),
    (r"directory::Store::GetUser\b", "auth: load user (SQL)"),
    (r"directory::Store::MembershipsOfUser", "auth: load memberships (SQL)"),
    (r"auth::HashToken", "auth: hash token"),
    (r"auth::AuthService::Authenticate|auth::Guard::Authenticate", "auth: rest (principal, db_.Run)"),
    (r"auth::Guard::Authorize|auth::Policy::", "authorize (policy)"),
    (r"directory::\(anonymous namespace\)::OrgFromRow|directory::OrgFromRow", "handler: rows -> Organization"),
    (r"db::sqlite::.*SqliteConnection::Prepare|sqlite3_prepare|sqlite3LockAndPrepare", "sql: prepare"),
    (r"directory::Store::SearchOrganizations", "handler: organizations query (SQL)"),
    (r"directory::Service::SearchOrganizations", "handler: service (SQL wrapper)"),
    (r"directory::ToJson|directory::.*PageJson", "handler: JSON tree (ToJson/PageJson)"),
    (r"boost::json::serialize", "handler: JSON serialize"),
    (r"http::JsonResponse", "handler: JsonResponse (rest)"),
    (r"boost::json::(value::~value|array::~array|object::~object)|directory::Organization::~Organization",
     "handler: destroy JSON tree + rows"),
    (r"directory::RegisterRoutes.*lambda", "handler: rest"),
    (r"http::Pipeline::AddSecurityHeaders", "pipeline: security headers"),
    (r"http::Headers::", "pipeline: response headers (Headers::Set)"),
    (r"http::Metrics::", "pipeline: metrics"),
    (r"spdlog::", "pipeline: logging (spdlog)"),
    (r"http::NewRequestId", "pipeline: request id"),
    (r"http::Pipeline::BodyLimit", "pipeline: BodyLimit (route match #1)"),
    (r"http::Router::Match", "pipeline: route match"),
    (r"core::RateLimiter::", "pipeline: rate limiter"),
    (r"http::Pipeline::", "pipeline: rest (Handle: response-header vector, ...)"),
    (r"transport::detail::ToMessage|CopyFields", "transport: Response -> beast message"),
    (r"transport::detail::ToRequest", "transport: beast request -> Request"),
    (r"write_buffers_generator_op|transport::detail::Session::Write|reactive_socket_send_op|"
     r"beast::http::serializer", "transport: write (beast + send)"),
    (r"read_op<|read_some_op<|reactive_socket_recv_op|basic_parser|Session::AwaitRequest",
     "transport: read + parse (beast + recv)"),
    (r"HandleOnWorker", "transport: hand-off to worker pool"),
    (r"transport::detail::Session::", "transport: session (rest)"),
    (r"transport::Server::Impl::Accept|SpawnSession", "transport: accept"),
    (r"boost::asio::detail::scheduler::run|epoll_reactor|scheduler::do_run_one", "asio: scheduler / epoll"),
]
COMPILED = [(re.compile(p), name) for p, name in MARKERS]
ALLOC = re.compile(r"^(malloc|_int_malloc|_int_free|cfree|free|malloc_consolidate|unlink_chunk|"
                   r"__libc_malloc|__libc_free|operator new|operator delete|realloc|_int_realloc|"
                   r"tcache|__GI___libc_(malloc|free)|sysmalloc|alloc_perturb)")


def classify(frames):
    for sym in frames:  # leaf first
        for rx, name in COMPILED:
            if rx.search(sym):
                return name
    return "other"


def main():
    by_thread = "--by-thread" in sys.argv
    phases = Counter()
    alloc = Counter()
    kernel = Counter()
    threads = defaultdict(Counter)
    total = 0
    frames = []
    tid = None

    def flush():
        nonlocal total
        if tid is None:
            return
        if not frames:
            return
        name = classify([f[1] for f in frames])
        total += 1
        phases[name] += 1
        leaf_sym = frames[0][1]
        if ALLOC.search(leaf_sym):
            alloc[name] += 1
        if frames[0][2]:
            kernel[name] += 1
        threads[tid][name] += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            frames, tid = [], None
            continue
        if not line.startswith("\t"):  # a sample's header line: " TID "; its frames follow, tab-indented
            flush()
            frames = []
            tid = line.split()[0]
            continue
        parts = line.strip().split(None, 1)
        try:
            ip = int(parts[0], 16)
        except ValueError:
            continue
        rest = parts[1] if len(parts) > 1 else "[unknown]"
        in_kernel = rest.endswith("([kernel.kallsyms])")
        sym = re.sub(r"\s*\([^()]*\)$", "", rest)  # drop " (dso)"
        frames.append((ip, sym, in_kernel))
    flush()
    if total == 0:
        print("no samples")
        return
    print(f"{'phase':54s} {'% samples':>9s} {'alloc%':>7s} {'kernel%':>8s}")
    for name, n in phases.most_common():
        print(f"{name:54s} {100.0 * n / total:8.1f}% {100.0 * alloc[name] / n:6.0f}% "
              f"{100.0 * kernel[name] / n:7.0f}%")
    a = sum(alloc.values())
    print(f"{'(all phases: allocator leaf)':54s} {100.0 * a / total:8.1f}%")
    print(f"samples: {total}")
    if by_thread:
        for t, c in sorted(threads.items(), key=lambda kv: -sum(kv[1].values())):
            n = sum(c.values())
            top = ", ".join(f"{k} {100.0 * v / n:.0f}%" for k, v in c.most_common(4))
            print(f"thread {t}: {100.0 * n / total:.1f}% of samples; {top}")


if __name__ == "__main__":
    main()
