"""Prints what a Locust run's stats CSV says against the target: no errors, p95 under 300 ms (docs/performance.md)."""

from __future__ import annotations

import csv
import sys

TARGET_P95_MS = 300


def main(path: str) -> int:
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    worst = max(pages, key=lambda r: float(r["95%"] if r["95%"] != "N/A" else 0))
    failures = int(total["Failure Count"])
    p95 = float(total["95%"])
    print(f"requests {total['Request Count']}, failures {failures}, {float(total['Requests/s']):.1f} requests/s, "
          f"p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms, max {float(total['Max Response Time']):.0f} ms")
    print(f"slowest p95: {worst['Type']} {worst['Name']} {worst['95%']} ms ({worst['Request Count']} requests)")
    ok = failures == 0 and p95 < TARGET_P95_MS
    print(f"target (0 errors, p95 < {TARGET_P95_MS} ms): {'pass' if ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
