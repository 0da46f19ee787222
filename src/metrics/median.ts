/**
 * The median of `values`, or null when there are none; for an even count, the mean of the two
 * middle values (so a median of whole seconds may end in .5). Does not modify `values`.
 */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  return medianInPlace(Float64Array.from(values));
}

/**
 * `median`, reordering `values` instead of copying them: a selection (Hoare's FIND, median-of-three pivots)
 * in linear time on average, not a sort. Half a million lead times take a few milliseconds instead of the
 * 60 ms of a sort. The values must not be NaN.
 */
export function medianInPlace(values: Float64Array): number | null {
  const count = values.length;
  if (count === 0) return null;
  const upperIndex = count >> 1;
  selectInPlace(values, upperIndex);
  const upper = values[upperIndex] as number;
  if (count % 2 === 1) return upper;
  // Everything before upperIndex is at most `upper`: the lower middle value is their largest.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < upperIndex; i += 1) {
    const value = values[i] as number;
    if (value > lower) lower = value;
  }
  return (lower + upper) / 2;
}

/**
 * Reorders `values` so that `values[k]` is the value a sort would put there, everything before it at most
 * that and everything after it at least that. After a number of rounds that only an adversarial input
 * reaches, the rest is sorted, so the worst case is a sort's.
 */
export function selectInPlace(values: Float64Array, k: number): void {
  let left = 0;
  let right = values.length - 1;
  let rounds = 2 * Math.ceil(Math.log2(values.length + 1)) + 8;
  while (right > left) {
    if (rounds === 0) {
      values.subarray(left, right + 1).sort();
      return;
    }
    rounds -= 1;
    const middle = (left + right) >> 1;
    // Median of three: order values[left] <= values[middle] <= values[right]; the middle one is the pivot.
    if ((values[middle] as number) < (values[left] as number)) swap(values, middle, left);
    if ((values[right] as number) < (values[left] as number)) swap(values, right, left);
    if ((values[right] as number) < (values[middle] as number)) swap(values, right, middle);
    const pivot = values[middle] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        swap(values, i, j);
        i += 1;
        j -= 1;
      }
    }
    // values[left..j] <= pivot, values[i..right] >= pivot, and anything between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const held = values[a] as number;
  values[a] = values[b] as number;
  values[b] = held;
}
