import fc from 'fast-check';

type Path = readonly (string | number)[];

/** Every path to a value inside a JSON document (objects and arrays walked), the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** Values worth putting where a provider expects something else. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    0,
    -1,
    1.5,
    true,
    [],
    {},
    '0'.repeat(40),
    'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    'F95F852BD8FCA8FCC58A9A2D6C842781E32A215E',
    '2019-05-15T15:20:55Z',
    '2021-04-28 21:50:00 +0200',
    '0001-01-01T00:00:00',
    '2019-02-30T00:00:00Z',
    'production',
    'success',
    'failed',
    'succeeded',
    'refs/heads/main',
    'https://dev.azure.com/fabrikam/',
    'not a url',
    '__proto__',
    'constructor',
    { toString: 1, valueOf: 1 },
    { id: { toString: 1 }, name: { valueOf: 1 } },
  ),
);

export interface Mutation {
  readonly at: number;
  readonly value: unknown;
}

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(fc.record({ at: fc.nat(), value: oddValue }), {
  minLength: 1,
  maxLength: 5,
});

/** A deep copy of `document` with each mutation's path (chosen by index) set to its value, or deleted for undefined. */
export function mutate<T>(document: T, changes: readonly Mutation[]): T {
  const copy = structuredClone(document);
  const paths = pathsOf(copy);
  if (paths.length === 0) return copy;
  for (const { at, value } of changes) {
    const path = paths[at % paths.length] ?? [];
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[key];
    const last = path[path.length - 1];
    if (typeof parent !== 'object' || parent === null || last === undefined) continue;
    if (value === undefined) delete (parent as Record<string | number, unknown>)[last];
    // A copy: fast-check hands the same constant objects to every run, and a later mutation of this document
    // may write into the value set here (which once made a constant hold itself: a cycle JSON cannot stringify).
    else (parent as Record<string | number, unknown>)[last] = structuredClone(value);
  }
  return copy;
}
