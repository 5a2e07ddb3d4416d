#!/usr/bin/env bash
# Runs the benchmark of BENCHMARKS.md: gradlab, numpy and PyTorch on the
# workloads E, S and B, one after the other on this machine, and prints a
# Markdown table of the training loops' times and gradlab's ratios.
#
#   bash bench/run.sh [E,S,B]
#
# It installs Debian's python3-numpy and python3-torch when they are missing
# (as root). Results also go to bench/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
workloads=${1:-E,S,B}
py=/usr/bin/python3

if ! $py -c 'import numpy, torch' 2>/dev/null; then
	apt-get update -qq && apt-get install -y -qq python3-numpy python3-torch >/dev/null
fi

bin=$(mktemp -d)/gradlab-bench
go build -o "$bin" ./bench
out=bench/results.jsonl
: >"$out"
for w in ${workloads//,/ }; do
	"$bin" -only "$w" | tee -a "$out"
	$py bench/numpy_bench.py "$w" | tee -a "$out"
	$py bench/torch_bench.py "$w" | tee -a "$out"
done

$py - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {(r["workload"], r["contender"]): r for r in rows}
print("\n| workload | steps | gradlab s | numpy s | PyTorch s | gradlab ÷ numpy | gradlab ÷ PyTorch | gradlab peak RSS MiB |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for w in "ESB":
    g, n, t = by.get((w, "gradlab")), by.get((w, "numpy")), by.get((w, "pytorch"))
    if not g:
        continue
    print(f"| {w} | {g['steps']} | {g['seconds']:.3f} | {n['seconds']:.3f} | {t['seconds']:.3f} | "
          f"{g['seconds'] / n['seconds']:.2f} | {g['seconds'] / t['seconds']:.2f} | {g['peak_rss_mib']:.0f} |")
PY
