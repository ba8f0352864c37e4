#!/bin/bash
# Joins the shards into one audit: $OUT/all holds results.jsonl (record order), results.csv,
# results.sqlite, report.html and summary.json, byte for byte what one run would write. It
# refuses (exit 2, naming the shard) while any shard is missing or unfinished.
#SBATCH --job-name=guidelint-merge
#SBATCH --output=%x-%j.log
set -euo pipefail
OUT=${GUIDELINT_OUT:-audit-out}
exec guidelint audit merge --out "$OUT/all" "$OUT"/shard-*
