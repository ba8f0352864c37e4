#!/usr/bin/env bash
# Shows that a change leaves the linter's output as it was: lints every corpus note, every note
# of ../shared/corpus-real and ../shared/corpus-mtsamples with the current build and with REF's,
# and, where they differ, names each field that was added, removed or changed, in how many notes.
# Usage: scripts/same-output.sh [REF]   (default: HEAD)
set -euo pipefail
ref=${1:-HEAD}
top=$(git rev-parse --show-toplevel)
cd "$top"
work=$(mktemp -d)
trap 'git worktree remove --force "$work/ref" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
notes() { find corpus ../shared/corpus-real ../shared/corpus-mtsamples -name '*.txt' -o -name '*.md' -path 'corpus/*' | grep -v -e '/README' -e '/SOURCE' | sort; }
lint_all() { # $1: the checkout whose bin/guidelint.js lints
  (cd "$top" && notes | xargs node "$1/bin/guidelint.js" --format jsonl || true)
}
git worktree add --detach "$work/ref" "$ref" >/dev/null 2>&1
ln -s "$top/node_modules" "$work/ref/node_modules"
(cd "$work/ref" && node scripts/build.mjs >/dev/null)
node scripts/build.mjs >/dev/null
lint_all "$work/ref" >"$work/before.jsonl"
lint_all "$top" >"$work/after.jsonl"
n=$(wc -l <"$work/after.jsonl")
if cmp -s "$work/before.jsonl" "$work/after.jsonl"; then
  echo "same output: $n notes linted, byte-identical to $ref"
else
  echo "output differs from $ref ($n notes); the fields that differ:"
  python3 - "$work/before.jsonl" "$work/after.jsonl" <<'PY'
import json, sys
from collections import Counter
def read(path): return {r["source"]: r for r in map(json.loads, open(path))}
def walk(a, b, path, out):  # adds (kind, path) for each difference; list items share one path
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}" if path else k
            if k not in a: out.add(("added", p))
            elif k not in b: out.add(("removed", p))
            else: walk(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for x, y in zip(a, b): walk(x, y, path + "[]", out)
    elif a != b: out.add(("changed", path))
before, after = read(sys.argv[1]), read(sys.argv[2])
notes, first = Counter(), {}
for source in sorted(set(before) | set(after)):
    found = set()
    if source not in before or source not in after: found.add(("only-in-" + ("after" if source in after else "before"), "(note)"))
    else: walk(before[source], after[source], "", found)
    for key in found: notes[key] += 1; first.setdefault(key, source)
for (kind, path), n in notes.most_common():
    print(f"  {kind:8} {path:32} in {n} notes, e.g. {first[(kind, path)]}")
PY
  exit 1
fi
