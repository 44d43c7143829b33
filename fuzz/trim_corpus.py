#!/usr/bin/env python3
"""Refresh a kept fuzz corpus from fuzzing runs, capped in files.

    python3 fuzz/trim_corpus.py TARGET MAX_FILES KEPT_DIR [FOUND_DIR ...]

`cargo fuzz cmin` keeps every input that adds any feature: thousands of files
after a few minutes. This keeps the hand-named seeds in KEPT_DIR (any name that
is not 40 hex digits), then adds fuzzer finds (from KEPT_DIR and FOUND_DIRs)
greedily by how many code edges each adds, until MAX_FILES or no input adds an
edge. It prints how many edges of the whole set the kept files reach.
Needs the target built (`cargo fuzz build -s none`); run from the repo root.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

SHA1 = re.compile(r"^[0-9a-f]{40}$")


def edges(binary, path, scratch):
    """The code edges one input reaches, from a one-file libFuzzer merge."""
    one = os.path.join(scratch, "one")
    out = os.path.join(scratch, "out")
    control = os.path.join(scratch, "control")
    for d in (one, out):
        shutil.rmtree(d, ignore_errors=True)
        os.mkdir(d)
    shutil.copy(path, os.path.join(one, "input"))
    if os.path.exists(control):
        os.remove(control)
    subprocess.run(
        [binary, "-merge=1", "-use_counters=0", f"-merge_control_file={control}", out, one],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    found = set()
    if not os.path.exists(control):  # libFuzzer skips empty inputs
        return found
    with open(control) as f:
        for line in f:
            if line.startswith("COV "):
                found |= set(map(int, line.split()[2:]))
    return found


def main():
    target, cap, kept = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    found_dirs = sys.argv[4:]
    binary = f"fuzz/target/x86_64-unknown-linux-gnu/release/{target}"
    names = sorted(os.listdir(kept))
    seeds = [os.path.join(kept, n) for n in names if not SHA1.match(n)]
    with tempfile.TemporaryDirectory() as scratch:
        # First an edges-only merge of everything, to get to hundreds of files.
        merged = os.path.join(scratch, "merged")
        os.mkdir(merged)
        subprocess.run(
            [binary, "-merge=1", "-use_counters=0", merged, kept, *found_dirs],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        seed_bytes = {open(s, "rb").read() for s in seeds}
        candidates = [
            os.path.join(merged, n)
            for n in os.listdir(merged)
            if open(os.path.join(merged, n), "rb").read() not in seed_bytes
        ]
        have = set()
        for s in seeds:
            have |= edges(binary, s, scratch)
        from_seeds = len(have)
        cover = {c: edges(binary, c, scratch) for c in candidates}
        every = set(have).union(*cover.values())
        picked = []
        while len(seeds) + len(picked) < cap and cover:
            best = max(cover, key=lambda c: (len(cover[c] - have), -os.path.getsize(c)))
            if not cover[best] - have:
                break
            have |= cover.pop(best)
            picked.append(best)
        for n in names:
            if SHA1.match(n):
                os.remove(os.path.join(kept, n))
        for p in picked:
            data = open(p, "rb").read()
            with open(os.path.join(kept, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
    print(
        f"{target}: {len(seeds)} seeds reach {from_seeds} edges; with {len(picked)} finds "
        f"{len(have)} of {len(every)} ({100 * len(have) / max(len(every), 1):.1f}%)"
    )


if __name__ == "__main__":
    main()
