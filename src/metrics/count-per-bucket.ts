/** How many of `instants` lie in each bucket [starts[i], starts[i + 1]), the last one ending at `to`. */
export function countPerBucket(instants: readonly number[], starts: readonly number[], to: number): number[] {
  const counts = starts.map(() => 0);
  for (const instant of instants) {
    if (starts.length === 0 || instant < (starts[0] as number) || instant >= to) continue;
    let low = 0;
    let high = starts.length;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if ((starts[middle] as number) <= instant) low = middle;
      else high = middle;
    }
    counts[low] = (counts[low] as number) + 1;
  }
  return counts;
}
