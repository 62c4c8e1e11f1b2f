/** Ordered migrations of the state database, shared by both dialects. Append only; never edit a landed one. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
