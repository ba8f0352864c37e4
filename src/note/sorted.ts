/** Searches of sorted offsets, so a scan over a note asks each question in log time, not by rescanning. */

/** The first index in [0, n) whose value is at least `x`, in `values` sorted ascending (n if none). */
export function firstAtLeast(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is greater than `x` (n if none). */
export function firstAbove(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
