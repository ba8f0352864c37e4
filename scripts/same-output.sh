#!/usr/bin/env bash
# Shows that a change leaves the linter's output as it was: lints every corpus note, every note
# of ../shared/corpus-real and ../shared/corpus-mtsamples with the current build and with REF's,
# and diffs the two. Usage: scripts/same-output.sh [REF]   (default: HEAD)
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
  echo "output differs from $ref ($n notes):"
  diff <(python3 -c 'import json,sys
for l in open(sys.argv[1]): r=json.loads(l); print(r["source"], json.dumps(r, sort_keys=True))' "$work/before.jsonl") \
       <(python3 -c 'import json,sys
for l in open(sys.argv[1]): r=json.loads(l); print(r["source"], json.dumps(r, sort_keys=True))' "$work/after.jsonl") | cut -c1-400 | head -60
  exit 1
fi
