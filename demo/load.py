"""A load client for `make bench`, run as its own process: `concurrency` keep-alive clients ask
127.0.0.1:`port` for `path` with a session cookie for `seconds` (after `warm` seconds of
warm-up) and print the count of answers and their latencies as JSON.

Its own process, with the standard library only: in threads of the benchmark's process the
clients shared the interpreter with the seeded 100,000 participants (garbage collection and the
GIL slowed the clients, not the server: 79 requests/s there, 97 from a fresh process).

    python -m demo.load PORT PATH COOKIE [--concurrency 8] [--seconds 10] [--warm 3]
"""

import argparse
import http.client
import json
import statistics
import sys
import threading
import time


def run(port: int, path: str, cookie: str, concurrency: int, seconds: float, warm: float) -> dict:
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    warm_until = time.monotonic() + warm
    until = warm_until + seconds

    def loop() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (now := time.monotonic()) < until:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            if now >= warm_until:
                with lock:
                    if ok:
                        latencies.append(1000 * (time.perf_counter() - start))
                    else:
                        failures[0] += 1
        connection.close()

    threads = [threading.Thread(target=loop) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "rps": len(latencies) / seconds,
        "median_ms": statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else float("nan"),
        "failures": failures[0],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("port", type=int)
    parser.add_argument("path")
    parser.add_argument("cookie")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warm", type=float, default=3)
    args = parser.parse_args(argv)
    figures = run(args.port, args.path, args.cookie, args.concurrency, args.seconds, args.warm)
    json.dump(figures, sys.stdout)


if __name__ == "__main__":
    main()
