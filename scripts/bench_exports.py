#!/usr/bin/env python3
"""Concurrent exports against a real `rasd serve` (issue #15, finding 3).

Starts `rasd serve --db DB` on a free loopback port, then:
  1. N clients download the same export at once (default 50 x /api/export.csv, no filter);
     for each: time to first byte, total time, bytes, rows;
  2. meanwhile a probe asks, in turn, /api/health and an uncached /api/events?limit=10&offset=i
     every 100 ms (latency, errors);
  3. the server's resident memory is sampled every 20 ms (VmRSS) plus its VmHWM at the end;
  4. then N clients start the export and hang up after the first 64 KiB: the server's CPU time
     in the 5 s after they left says whether it kept working for them.
Prints a summary (and --json). Standard library only. Example:

  rasd bench store --articles 210000 --e2e-articles 0 --queries 10 --db /tmp/exp-db
  python3 scripts/bench_exports.py --rasd target/release/rasd --db /tmp/exp-db --clients 50
"""
import argparse, json, os, re, socket, statistics, subprocess, sys, threading, time


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def request(addr, path, stop_after=None, timeout=600):
    """GET path; returns (ttfb_s, total_s, body_bytes, newline_count, status)."""
    t0 = time.monotonic()
    s = socket.create_connection(addr, timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    ttfb, n, lines, head, status = None, 0, 0, b"", 0
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            if ttfb is None:
                ttfb = time.monotonic() - t0
            if not status:
                head += chunk
                if b"\r\n\r\n" in head:
                    h, rest = head.split(b"\r\n\r\n", 1)
                    status = int(h.split(b" ")[1])
                    chunk = rest
                else:
                    continue
            n += len(chunk)
            lines += chunk.count(b"\n")
            if stop_after and n >= stop_after:
                break
    finally:
        s.close()
    return ttfb, time.monotonic() - t0, n, lines, status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasd", default="target/release/rasd")
    ap.add_argument("--db", required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--path", default="/api/export.csv")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--serve-arg", action="append", default=[], help="extra `rasd serve` argument")
    a = ap.parse_args()

    srv = subprocess.Popen([a.rasd, "serve", "--db", a.db, "--addr", "127.0.0.1:0", *a.serve_arg],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        addr = None
        for line in srv.stdout:
            m = re.search(r"serving on http://([\d.]+):(\d+)/", line)
            if m:
                addr = (m.group(1), int(m.group(2)))
                break
        if addr is None:
            sys.exit("server did not start")
        threading.Thread(target=lambda: [None for _ in srv.stdout], daemon=True).start()
        pid = srv.pid
        # Warm up: the memory index and the page cache, as a running server would have them.
        request(addr, "/api/events?limit=10")
        time.sleep(2)
        rss_start = status_kb(pid, "VmRSS") / 1024

        samples, done = [], threading.Event()

        def sampler():
            while not done.is_set():
                try:
                    samples.append(status_kb(pid, "VmRSS") / 1024)
                except OSError:
                    return
                time.sleep(0.02)

        probes = []

        def prober():
            i = 0
            while not done.is_set():
                # A different query each time: never answered from the response cache.
                path = "/api/health" if i % 2 == 0 else f"/api/events?limit=10&offset={i}"
                try:
                    _, tot, _, _, st = request(addr, path, timeout=600)
                    probes.append((path, tot, st))
                except OSError as e:
                    probes.append((path, None, str(e)))
                i += 1
                time.sleep(0.1)

        results = [None] * a.clients

        def client(i):
            results[i] = request(addr, a.path)

        threading.Thread(target=sampler, daemon=True).start()
        threading.Thread(target=prober, daemon=True).start()
        t0 = time.monotonic()
        ts = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        wall = time.monotonic() - t0
        done.set()
        time.sleep(0.3)

        # Departing clients: hang up after the first 64 KiB.
        cpu0 = cpu_seconds(pid)
        ls = [threading.Thread(target=request, args=(addr, a.path, 65536)) for _ in range(a.clients)]
        for t in ls:
            t.start()
        for t in ls:
            t.join()
        left_at = cpu_seconds(pid)
        time.sleep(5)
        cpu_after = cpu_seconds(pid) - left_at
        alive = request(addr, "/api/health", timeout=30)[4] == 200
        hwm = status_kb(pid, "VmHWM") / 1024
        rss_end = status_kb(pid, "VmRSS") / 1024

        ttfb = sorted(r[0] for r in results)
        tot = sorted(r[1] for r in results)
        rows = {r[3] for r in results}
        ok_probes = [p[1] for p in probes if p[2] == 200]
        out = {
            "clients": a.clients,
            "path": a.path,
            "statuses": sorted({r[4] for r in results}),
            "rows_per_client": sorted(rows),
            "mb_per_client": round(results[0][2] / 1e6, 1),
            "ttfb_s": {"min": round(ttfb[0], 3), "median": round(statistics.median(ttfb), 3),
                       "max": round(ttfb[-1], 3)},
            "total_s": {"min": round(tot[0], 1), "median": round(statistics.median(tot), 1),
                        "max": round(tot[-1], 1)},
            "wall_s": round(wall, 1),
            "rss_mb": {"before": round(rss_start), "peak_sampled": round(max(samples or [0])),
                       "vmhwm": round(hwm), "after": round(rss_end)},
            "probes": {"answered": len(ok_probes), "failed": len(probes) - len(ok_probes),
                       "max_s": round(max(ok_probes or [0]), 3),
                       "median_s": round(statistics.median(ok_probes), 3) if ok_probes else None,
                       "events_max_s": round(max([p[1] for p in probes if p[2] == 200
                                                  and "events" in p[0]] or [0]), 3)},
            "departed_clients_cpu_s_in_5s_after": round(cpu_after, 2),
            "alive_after": alive,
        }
        if a.json:
            print(json.dumps(out))
        else:
            for k, v in out.items():
                print(f"{k:40} {v}")
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()
