#!/bin/bash
# Submits the array, then the merge to run once every task has ended.
#   GUIDELINT_INPUT=notes.jsonl GUIDELINT_OUT=/scratch/audit ./submit.sh
# After a failed task K: sbatch --array=K audit-array.sh, then
#   sbatch --dependency=afterok:<that job id> merge.sh
set -euo pipefail
here=$(dirname "$0")
array=$(sbatch --parsable "$here/audit-array.sh")
merge=$(sbatch --parsable --dependency="afterany:${array%%;*}" "$here/merge.sh")
echo "array job $array, merge job $merge"
