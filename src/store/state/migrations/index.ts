/** Ordered migrations of the state database, shared by both dialects. Append only; never edit a landed one. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-detections.ts';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-detections': m0002,
};
