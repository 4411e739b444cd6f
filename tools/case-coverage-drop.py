#!/usr/bin/env python3
"""Which cases a sanitizer stage can leave out, from tools/case-coverage.

    tools/case-coverage-drop.py OUT COSTS [LEFT_OUT] [--keep WORD...]

OUT holds TEST/CASE.lines and .branches (tools/case-coverage); COSTS has
lines "TEST CASE WALL CPU" (a stage's seconds per case, from its
LastTest.log); LEFT_OUT lines "TEST CASE" already out of the stage.  From
the dearest case down, a case goes when every product line and branch it
runs is run by a case still kept; a case whose name holds a --keep word
stays whatever its coverage (a kill writes no counts; odd data takes the
same lines).  Prints each case left out, its cost, and the kept cases
that together run its lines (a greedy cover, the comment beside the
list)."""
import collections
import os
import sys

args = sys.argv[1:]
keep_words = []
if "--keep" in args:
    keep_words = args[args.index("--keep") + 1:]
    args = args[:args.index("--keep")]
out, costs = args[0], args[1]
left_out = set()
if len(args) > 2:
    left_out = {tuple(l.split()[:2]) for l in open(args[2]) if l.strip()}
cost = {}
for l in open(costs):
    t, c, wall, cpu = l.split()
    cost[(t, c)] = (float(wall), float(cpu))
sets = {}
for t in sorted(os.listdir(out)):
    if not os.path.isdir(os.path.join(out, t)):
        continue
    for f in sorted(os.listdir(os.path.join(out, t))):
        if f.endswith(".lines"):
            c = f[:-6]
            s = set(open(os.path.join(out, t, f)).read().split())
            b = os.path.join(out, t, c + ".branches")
            if os.path.exists(b):
                s |= {"b:" + x for x in open(b).read().split()}
            sets[(t, c)] = s
kept = [k for k in sets if k not in left_out]
count = collections.Counter()
for k in kept:
    count.update(sets[k])
dropped = []
for k in sorted(kept, key=lambda k: -cost.get(k, (0, 0))[1]):
    if any(w in k[1] for w in keep_words):
        continue
    if all(count[x] > 1 for x in sets[k]):
        count.subtract(sets[k])
        dropped.append(k)
still = [k for k in kept if k not in dropped]
for k in dropped:
    need, cover = set(sets[k]), []
    while need:
        best = max(still, key=lambda o: len(need & sets[o]))
        if not need & sets[best]:
            break
        cover.append(best)
        need -= sets[best]
    print("%s %s %.1f %.1f: %s" % (k[0], k[1], *cost.get(k, (0, 0)),
          ", ".join("%s %s" % o if o[0] != k[0] else o[1] for o in cover)))
print("%d cases of %d: %.1f s wall, %.1f s CPU" % (
    len(dropped), len(sets), sum(cost.get(k, (0, 0))[0] for k in dropped),
    sum(cost.get(k, (0, 0))[1] for k in dropped)))
