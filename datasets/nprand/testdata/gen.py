"""Write the fixtures that hold nprand to numpy's legacy RandomState.

Run from the repository root with Debian's numpy (python3-numpy), on an
x86-64 CPU with FMA, whose glibc log (__ieee754_log_fma) the Gaussians use:

    /usr/bin/python3 datasets/nprand/testdata/gen.py

For each seed in SEEDS and each stream in STREAMS it re-seeds with
np.random.seed(seed) and draws N values; all must match to the last bit.
Uniform doubles and integers are recorded in streams.json as the SHA-256 of
their little-endian bytes plus their first values, for the error message.
Gaussian streams, which depend on the C library's log, are written whole to
gauss-<seed>-<stream>.f64 (little-endian float64), so that a failure can
say which draw differs and by how many ulps. np.random.normal(loc,
scale) is loc + scale*gauss in numpy's own code, so the Go test derives it
from the randn file instead of storing a third Gaussian stream.
"""

import hashlib
import json
import os

import numpy as np

SEEDS = [0, 1, 2, 42, 4294967295]
N = 10000
HERE = os.path.dirname(os.path.abspath(__file__))


def mixed():
    # randn then rand: the kept second Gaussian survives other draws.
    return np.array([np.random.randn() if i % 3 else np.random.rand() for i in range(N)])


def shuffled_list():
    # shuffle on a Python list: numpy's untyped path, not permutation's ndarray one.
    a = list(range(N))
    np.random.shuffle(a)
    return np.array(a)


# name -> (draw function, kind); kinds "f8" and "i8" are hashed, "gauss" is
# written whole.
STREAMS = {
    "rand": (lambda: np.random.rand(N), "f8"),
    "uniform": (lambda: np.random.uniform(-3.0, 7.0, N), "f8"),
    "randint10": (lambda: np.random.randint(0, 10, N), "i8"),
    "randint-neg": (lambda: np.random.randint(-1000, -3, N), "i8"),
    "randint2p32": (lambda: np.random.randint(0, 2**32, N), "i8"),
    "randint-big": (lambda: np.random.randint(-5, 2**40, N), "i8"),
    "permutation": (lambda: np.random.permutation(N), "i8"),
    "shuffle": (shuffled_list, "i8"),
    "mixed": (mixed, "gauss"),
    "randn": (lambda: np.random.randn(N), "gauss"),
}


def main():
    manifest = {"numpy": np.__version__, "n": N, "seeds": {}}
    for seed in SEEDS:
        entry = {}
        for name, (draw, kind) in STREAMS.items():
            np.random.seed(seed)
            values = draw()
            if kind == "gauss":
                path = "gauss-%d-%s.f64" % (seed, name)
                values.astype("<f8").tofile(os.path.join(HERE, path))
                entry[name] = {"file": path}
                continue
            data = values.astype("<" + kind).tobytes()
            entry[name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "first": values[:8].tolist(),
            }
        manifest["seeds"][str(seed)] = entry
    with open(os.path.join(HERE, "streams.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
