#!/usr/bin/python3
"""Writes logcases.json: glibc's log on three streams of inputs, to hold
nprand's log to it bit for bit.

Run from datasets/nprand with Debian's python3 and python3-mpmath, on an
x86-64 CPU with FMA (glibc then runs __ieee754_log_fma, as numpy does):

    /usr/bin/python3 testdata/logcases.py

glibc's log is called through ctypes, so nothing of Python's stands
between it and the values. Each stream is n inputs made from splitmix64
(the Go test makes the same ones); the file holds the SHA-256 of the
little-endian bits of log over the whole stream, and, for readable
failures, up to MAX_LISTED inputs where glibc's log is not correctly
rounded (checked with mpmath at 200 bits), with both values.
"""
import ctypes
import hashlib
import json
import struct

import mpmath

N = 1_000_000
MAX_LISTED = 100
M64 = (1 << 64) - 1
libm = ctypes.CDLL("libm.so.6")
libm.log.restype = ctypes.c_double
libm.log.argtypes = [ctypes.c_double]
mpmath.mp.prec = 200


def splitmix64(seed):
    s = seed
    while True:
        s = (s + 0x9E3779B97F4A7C15) & M64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def frombits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def bits(z):  # any finite x >= 0, subnormals and 0 included
    return frombits((z >> 1) % 0x7FF0000000000000)


def unit(z):  # (0, 1], as the polar method's r² mostly is
    return ((z >> 11) + 1) * 2.0**-53


def near1(z):  # [1 - 2^-4, 1 + 0x1.048p-3 - 2^-4): the near-1 path and past it
    return (1 - 2.0**-4) + (z >> 11) * 2.0**-53 * float.fromhex("0x1.048p-3")


STREAMS = {"bits": (bits, 1), "unit": (unit, 2), "near1": (near1, 3)}


def main():
    out = {"libm": "glibc __ieee754_log_fma via ctypes", "n": N, "streams": {}}
    for name, (make, seed) in STREAMS.items():
        h = hashlib.sha256()
        listed = []
        gen = splitmix64(seed)
        for _ in range(N):
            x = make(next(gen))
            y = libm.log(x)
            h.update(struct.pack("<d", y))
            if len(listed) < MAX_LISTED and x > 0:
                exact = float(mpmath.log(mpmath.mpf(x)))
                if exact != y:
                    listed.append({"x": x.hex(), "glibc": y.hex(), "nearest": exact.hex()})
        out["streams"][name] = {"seed": seed, "sha256": h.hexdigest(), "misrounded": listed}
    with open("testdata/logcases.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
