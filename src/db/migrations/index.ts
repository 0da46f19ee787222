import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';

/** Every migration, in order. A new one is a new numbered file plus one line here. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};
