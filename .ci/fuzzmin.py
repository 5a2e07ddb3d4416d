"""Which committed fuzz inputs still widen coverage.

    /usr/bin/python3 .ci/fuzzmin.py PKGDIR FUZZTARGET

builds PKGDIR's test binary with coverage, runs the target's f.Add seeds,
then each file of PKGDIR/testdata/fuzz/FUZZTARGET alone, and prints a
greedy smallest set of files that together cover every statement block the
files cover beyond the seeds. The fuzzer keeps an input when it reaches a
new edge count, which is finer than a new block: most of what 'go test
-fuzz' saves adds no block that the seeds do not reach. Keep the printed
files, and any input that once made a test fail.
"""

import glob
import os
import subprocess
import sys
import tempfile

pkgdir, target = sys.argv[1], sys.argv[2]
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
tmp = tempfile.mkdtemp()
binary = os.path.join(tmp, "pkg.test")
subprocess.run(["go", "test", "-c", "-cover", "-coverpkg=./...", "-o", binary, "./" + pkgdir], check=True)


def blocks(run):
    out = os.path.join(tmp, "cover.out")
    subprocess.run([binary, "-test.run", run, "-test.coverprofile", out], cwd=pkgdir, check=True, capture_output=True)
    covered = set()
    for line in open(out).read().splitlines()[1:]:
        block, _, count = line.rpartition(" ")
        if int(count) > 0:
            covered.add(block.rsplit(" ", 1)[0])
    return covered


seeds = blocks(f"^{target}$/^seed#")
extra = {}
for path in sorted(glob.glob(f"{pkgdir}/testdata/fuzz/{target}/*")):
    name = os.path.basename(path)
    extra[name] = blocks(f"^{target}$/^{name}$") - seeds
goal = set().union(*extra.values()) if extra else set()
keep, got = [], set()
while got != goal:
    best = max(extra, key=lambda n: len(extra[n] - got))
    keep.append(best)
    got |= extra[best]
print(f"{target}: {len(extra)} files; seeds cover {len(seeds)} blocks, the files {len(goal)} more; keep:")
print("\n".join(keep))
