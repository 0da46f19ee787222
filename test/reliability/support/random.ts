/** A small seeded PRNG (mulberry32), so that a failing run can be replayed with the printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from an environment variable, else a fresh one; printed either way. */
export function seedFrom(variable: string): number {
  const given = process.env[variable];
  const seed = given !== undefined && given !== '' ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[shipwatch reliability] ${variable}=${seed}`);
  return seed;
}
