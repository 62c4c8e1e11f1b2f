/** Ordered migrations of the state database, shared by both dialects. Append only; never edit a landed one. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-detections.ts';
import * as m0003 from './0003-rules.ts';
import * as m0004 from './0004-identity.ts';
import * as m0005 from './0005-audit.ts';
import * as m0006 from './0006-external-identities.ts';
import * as m0007 from './0007-soc.ts';
import * as m0008 from './0008-alert-duplicate-of.ts';

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-detections': m0002,
  '0003-rules': m0003,
  '0004-identity': m0004,
  '0005-audit': m0005,
  '0006-external-identities': m0006,
  '0007-soc': m0007,
  '0008-alert-duplicate-of': m0008,
};
