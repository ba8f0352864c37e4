#!/bin/bash
# One shard of a guidelint audit per array task: task K audits the K-th of N byte ranges of the
# input (whole lines; it reads only its own) into $OUT/shard-K.
#
# N is fixed here, never taken from SLURM_ARRAY_TASK_COUNT: re-submitting only a failed task
# (sbatch --array=3 audit-array.sh) must give it the same slice. Keep --array=1-N in step with it.
# --resume is always on: a task re-run after a kill or a node failure continues its own rows
# (and on a fresh directory simply starts). A lock in each shard directory stops a second
# process writing into it while the first still runs.
#SBATCH --job-name=guidelint-audit
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --output=%x-%A_%a.log
set -euo pipefail
N=8
INPUT=${GUIDELINT_INPUT:?set GUIDELINT_INPUT to the JSONL file (or directory of notes) to audit}
OUT=${GUIDELINT_OUT:-audit-out}
N=${GUIDELINT_SHARDS:-$N}
exec guidelint audit "$INPUT" --shard "$SLURM_ARRAY_TASK_ID/$N" --resume \
  --out "$OUT/shard-$SLURM_ARRAY_TASK_ID" --threads "${SLURM_CPUS_PER_TASK:-1}" --quiet
