#!/usr/bin/env bash
# Runs the benchmark of BENCHMARKS.md: gradlab (pure Go, and with OpenBLAS
# when it builds), numpy and PyTorch on the workloads E, S and B, on this
# machine, each workload of each contender in a process of its own (so that
# peak memory is the workload's), and prints a Markdown table of the
# training loops' times and gradlab's ratios, with the machine, versions,
# load and date.
#
#   bash bench/run.sh [E,S,B]      # REPEAT=n rounds, default 3
#   bash bench/run.sh growth       # the growth table: G400 … G400000, W4000, D4000, F40000
#   bash bench/run.sh E,S,B,growth # everything
#   bash bench/run.sh products     # S's large products alone: PNN, PNT, PTN
#
# The growth workloads (bench/growth.go) also run go-floor, a hand-written
# Go loop of the same math; F40000 runs gradlab and PyTorch in float32 too
# (gradlab-f32, pytorch-f32). EXTRA_BINS names more runners to take turns
# with (for example a build of bench at an older commit, to compare).
# numpy and PyTorch run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset,
# so that OpenBLAS picks its kernel for this CPU; the table says which.
#
# The contenders take turns, REPEAT rounds of one run each, and the table
# gives each contender's fastest run: on a shared machine other work only
# ever slows a run down, and taking turns spreads it over all contenders.
#
# As root it installs what is missing: Debian's python3-numpy and
# python3-torch, and libopenblas-dev for gradlab's openblas build. Results
# go to bench/results.jsonl and the table to bench/results.md too.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
workloads=${1:-E,S,B}
workloads=${workloads//growth/G400,G4000,G40000,G400000,W4000,D4000,F40000}
workloads=${workloads//products/PNN,PNT,PTN}
repeat=${REPEAT:-3}
py=/usr/bin/python3 # the python3 on PATH may be one without numpy

missing=()
$py -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
$py -c 'import torch' 2>/dev/null || missing+=(python3-torch)
[ -e /usr/include/x86_64-linux-gnu/cblas.h ] || [ -e /usr/include/cblas.h ] || ls /usr/lib/*/libopenblas.so >/dev/null 2>&1 || missing+=(libopenblas-dev)
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
	else
		echo "bench: missing ${missing[*]}; install them (as root: apt-get install -y ${missing[*]})" >&2
	fi
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/gradlab" ./bench
bins=("$dir/gradlab")
# shellcheck disable=SC2206
bins+=(${EXTRA_BINS:-})
if CGO_LDFLAGS=-lopenblas go build -tags openblas -o "$dir/gradlab-openblas" ./bench 2>"$dir/openblas.log"; then
	bins+=("$dir/gradlab-openblas")
else
	echo "bench: no OpenBLAS build (see below); gradlab runs pure Go only" >&2
	cat "$dir/openblas.log" >&2
fi

out=bench/results.jsonl
: >"$out"
load=$(cut -d' ' -f1-3 /proc/loadavg)
for w in ${workloads//,/ }; do
	for _ in $(seq "$repeat"); do
		for b in "${bins[@]}"; do
			"$b" -only "$w" | tee -a "$out"
		done
		case $w in G* | W* | D* | F*) "$dir/gradlab" -only "$w" -floor | tee -a "$out" ;; esac
		case $w in F*) "$dir/gradlab" -only "$w" -dtype float32 | tee -a "$out" ;; esac
		env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $py bench/numpy_bench.py "$w" | tee -a "$out"
		case $w in P*) continue ;; esac # a product alone: numpy's is the limit
		env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $py bench/torch_bench.py "$w" | tee -a "$out"
		case $w in F*) env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $py bench/torch_bench.py "$w" float32 | tee -a "$out" ;; esac
	done
done
load="$load → $(cut -d' ' -f1-3 /proc/loadavg)"

blas=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $py -c '
import numpy, torch
try:
    import threadpoolctl
except ImportError:
    print("threadpoolctl missing: kernel unknown (apt-get install python3-threadpoolctl)")
else:
    libs = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
    print("; ".join("OpenBLAS %s, kernel %s, %s threads" % (i.get("version"), i.get("architecture"), i.get("num_threads")) for i in libs))
')
$py - "$out" "$(go version)" "$load" "$repeat" "$blas" <<'PY' | tee bench/results.md
import datetime, json, os, platform, subprocess, sys
import numpy, torch

rows = [json.loads(l) for l in open(sys.argv[1])]
runs = {}
for r in rows:
    runs.setdefault((r["workload"], r["contender"]), []).append(r)
# Each contender's fastest run, with the slowest kept for the spread.
by = {k: dict(min(v, key=lambda r: r["seconds"]), slowest=max(r["seconds"] for r in v), n=len(v)) for k, v in runs.items()}
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 2**20
print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} × {model}, {mem:.0f} GiB; "
      f"{sys.argv[2]}; numpy {numpy.__version__}; PyTorch {torch.__version__} "
      f"({next((r['threads'] for r in rows if 'threads' in r), '?')} intra-op threads); "
      f"load average {sys.argv[3]}; numpy's and PyTorch's OpenBLAS: {sys.argv[5]}; fastest of {sys.argv[4]} runs each\n")
print("| workload | steps | contender | seconds (slowest) | µs a step (slowest) | ÷ numpy | ÷ PyTorch | peak RSS MiB | final cost |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
workloads = list(dict.fromkeys(r["workload"] for r in rows))
contenders = list(dict.fromkeys(r["contender"] for r in rows))
for w in workloads:
    n, t = by.get((w, "numpy")), by.get((w, "pytorch"))
    for c in contenders:
        r = by.get((w, c))
        if not r:
            continue
        ratio = lambda ref: f"{r['seconds'] / ref['seconds']:.2f}" if ref else "–"
        us = lambda s: f"{s / r['steps'] * 1e6:,.0f}"
        print(f"| {w} | {r['steps']} | {c} | {r['seconds']:.3f} ({r['slowest']:.3f}) | {us(r['seconds'])} ({us(r['slowest'])}) | "
              f"{ratio(n)} | {ratio(t)} | {r['peak_rss_mib']:.0f} | {r['final_cost']:.10f} |")
# The products of S (PNN, PNT, PTN) are the same number of multiply-adds:
# the dgemm limit is numpy's fastest of them, and each of gradlab's is
# measured against it (the target of issue 20: at most 1.3×).
prods = [w for w in workloads if w.startswith("P") and (w, "numpy") in by]
if prods:
    per = lambda r: r["seconds"] / r["steps"]
    limit = min(per(by[(w, "numpy")]) for w in prods)
    cs = [c for c in contenders if all((w, c) in by for w in prods)]
    print(f"\nThe dgemm limit is numpy's fastest product: {limit * 1e3:.1f} ms, "
          f"{2 * 64 * 784 * 60000 / limit / 1e9:.0f} Gflop/s. Each contender's product ÷ the limit:\n")
    print("| product | " + " | ".join(cs) + " |")
    print("| --- |" + " --- |" * len(cs))
    for w in prods:
        print(f"| {w} | " + " | ".join(f"{per(by[(w, c)]) / limit:.2f}" for c in cs) + " |")
PY
