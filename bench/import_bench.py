"""Import benchmark (issue #4): a generated 1,500-run Strava-style export, decoded by the peer
(garmin-fit-sdk) and by Kneewise in the same run; prints times, ratios and peak memory.

    python bench/import_bench.py                 # 1,500 runs; the peer decodes every file
    python bench/import_bench.py --runs 300      # smaller and quicker
    python bench/import_bench.py --peer-runs 300 # peer on a sample, scaled by bytes (said so)

Targets: summarize ≥ 20× faster than the peer (stretch 50×); import ≤ 1.5 × summarize and a
second import ≤ 0.2 × the first (issue #9); peak memory < 400 MB.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from fitgen import fit_run  # noqa: E402


def build_export(folder: Path, runs: int) -> tuple[Path, int]:
    """A Strava bulk export: activities.csv plus activities/<id>.fit.gz, distinct start times."""
    path = folder / "export_1234.zip"
    raw_bytes = 0
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Filename"])
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as export:
        for index in range(runs):
            data = fit_run(index)
            raw_bytes += len(data)
            activity_id = 10_000_000 + index
            name = f"activities/{activity_id}.fit.gz"
            export.writestr(name, gzip.compress(data, compresslevel=6, mtime=0))
            writer.writerow([activity_id, "", f"Morning Run {index}", "Run", name])
        export.writestr("activities.csv", table.getvalue())
    return path, raw_bytes


def peer_decode(export: Path, limit: int) -> tuple[float, int, int]:
    """garmin-fit-sdk over the first `limit` files: (seconds, files, raw bytes)."""
    from garmin_fit_sdk import Decoder, Stream

    with zipfile.ZipFile(export) as archive:
        members = [m for m in archive.namelist() if m.endswith(".fit.gz")][:limit]
        payloads = [gzip.decompress(archive.read(m)) for m in members]
    started = time.perf_counter()
    for payload in payloads:
        messages, errors = Decoder(Stream.from_byte_array(bytearray(payload))).read()
        if errors or not messages.get("record_mesgs"):
            raise SystemExit(f"the peer failed on a generated file: {errors}")
    return time.perf_counter() - started, len(payloads), sum(len(p) for p in payloads)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Run a command; (wall seconds, peak RSS in MB of its largest process, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1500)
    parser.add_argument("--peer-runs", type=int, default=None, help="peer sample size")
    args = parser.parse_args()
    peer_runs = min(args.peer_runs or args.runs, args.runs)

    with tempfile.TemporaryDirectory(prefix="kneewise-bench-") as temp:
        folder = Path(temp)
        print(f"Generating {args.runs} one-hour runs …", flush=True)
        export, raw = build_export(folder, args.runs)
        print(f"  {raw / 1e6:.1f} MB of FIT, {export.stat().st_size / 1e6:.1f} MB zipped (.fit.gz)")

        print(f"Peer: garmin-fit-sdk decoding {peer_runs} files …", flush=True)
        peer_s, peer_files, peer_bytes = peer_decode(export, peer_runs)
        scaled = peer_s * raw / peer_bytes
        note = (
            "" if peer_files == args.runs else f" (measured on {peer_files} files, scaled by bytes)"
        )
        print(f"  {peer_s:.1f} s for {peer_files} files → {scaled:.1f} s for all{note}")

        env = {**os.environ, "KNEEWISE_DATA_DIR": str(folder / "data")}
        kneewise = [sys.executable, "-m", "kneewise"]
        ours_s, ours_mb, _ = timed([*kneewise, "summarize", str(export), "--json"], env)
        account = [*kneewise, "user", "add", "bench", "--password-stdin"]
        subprocess.run(account, env=env, input=b"a long bench passphrase\n", check=True,
                       capture_output=True)  # fmt: skip
        first_s, first_mb, _ = timed([*kneewise, "import", str(export), "--user", "bench"], env)
        again_s, again_mb, _ = timed([*kneewise, "import", str(export), "--user", "bench"], env)

    ratio = scaled / ours_s
    peak = max(ours_mb, first_mb, again_mb)

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("garmin-fit-sdk decode (peer)", f"{scaled:8.1f} s", ""),
        (
            "kneewise summarize (all cores)",
            f"{ours_s:8.1f} s",
            f"{ratio:5.1f}× faster (target ≥ 20×, stretch 50×)",
        ),
        (
            "kneewise import, SQLite",
            f"{first_s:8.1f} s",
            f"{first_s / ours_s:4.2f} × summarize (≤ 1.5): {verdict(first_s <= 1.5 * ours_s)}",
        ),
        (
            "kneewise import again",
            f"{again_s:8.1f} s",
            f"{again_s / first_s:4.2f} × import (≤ 0.2): {verdict(again_s <= 0.2 * first_s)}",
        ),
        ("peak memory, largest process", f"{peak:6.0f} MB", f"< 400 MB: {verdict(peak < 400)}"),
    ]
    print()
    print(f"{args.runs} runs, {raw / 1e6:.1f} MB of FIT, CPU cores: {os.cpu_count()}")
    for name, value, verdict in rows:
        print(f"  {name:32} {value}   {verdict}")


if __name__ == "__main__":
    main()
