/**
 * The audit trail above the store: who an action is attributed to (`AuditContext`), and the signed
 * checkpoint of the chain's head kept outside SQLite (`<data>/audit.head`), which is what lets
 * `vigil audit verify` see rows removed from the end or a chain rebuilt from scratch.
 *
 * The checkpoint holds the last entry's seq and hash, signed (HMAC) with the current master key.
 * `AuditCheckpointer` advances it after appends, never backwards, and only while the entry it
 * names is still intact: once a checkpointed entry is gone or changed it keeps the old checkpoint
 * (the evidence) and reports the problem. `vigil audit checkpoint` re-signs after an investigation.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '../core/errors.ts';
import {
  type AuditActor,
  type AuditBreak,
  type AuditHead,
  appendAudit,
  auditHashAt,
  auditHead,
  onAuditAppend,
  type StateDb,
  verifyAudit,
} from '../store/state/index.ts';
import { type ClientInfo, clientFields } from './client.ts';
import type { Keyring } from './keyring.ts';

/** Who does something, and from where: attached to the audit entry of every change. */
export interface AuditBy {
  actor: AuditActor;
  client: ClientInfo;
}

/** Vigil itself (first start, background work). */
export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: 'vigil' };

const PURPOSE = 'audit-checkpoint';

export interface AuditCheckpoint {
  seq: number;
  hash: string;
  time: string;
  keyId: string;
  mac: string;
}

export type CheckpointState =
  | { status: 'valid'; checkpoint: AuditCheckpoint }
  | { status: 'missing' }
  | { status: 'invalid'; reason: string };

const signed = (c: { seq: number; hash: string; time: string }) => `${c.seq}:${c.hash}:${c.time}`;

/** Reads and authenticates the checkpoint file. */
export function readCheckpoint(path: string, keyring: Keyring): CheckpointState {
  if (!existsSync(path)) return { status: 'missing' };
  let c: AuditCheckpoint;
  try {
    c = JSON.parse(readFileSync(path, 'utf8')) as AuditCheckpoint;
  } catch (e) {
    return { status: 'invalid', reason: `${path} is unreadable: ${(e as Error).message}` };
  }
  if (
    !Number.isInteger(c.seq) ||
    c.seq < 0 ||
    typeof c.hash !== 'string' ||
    typeof c.time !== 'string' ||
    typeof c.keyId !== 'string' ||
    typeof c.mac !== 'string'
  ) {
    return { status: 'invalid', reason: `${path} is not an audit checkpoint` };
  }
  const ok = keyring.verify(PURPOSE, signed(c), c.keyId, c.mac);
  if (ok === 'unknown-key')
    return {
      status: 'invalid',
      reason: `${path} is signed with key ${c.keyId}, which is not in the keyring`,
    };
  if (!ok) return { status: 'invalid', reason: `${path} has a wrong signature: it was edited` };
  return { status: 'valid', checkpoint: c };
}

/** Signs and writes a checkpoint of `head` (atomically, fsynced). */
export function writeCheckpoint(path: string, keyring: Keyring, head: AuditHead): AuditCheckpoint {
  const base = { seq: head.seq, hash: head.hash, time: new Date().toISOString() };
  const { keyId, mac } = keyring.sign(PURPOSE, signed(base));
  const c: AuditCheckpoint = { ...base, keyId, mac };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(c)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return c;
}

export interface AuditTrailReport {
  ok: boolean;
  checked: number;
  tip: AuditHead | null;
  firstBad?: AuditBreak;
  checkpoint: { status: 'valid' | 'missing' | 'invalid'; seq?: number; time?: string; message: string };
}

/**
 * The chain and its checkpoint: ok only when every entry verifies and the checkpointed entry is
 * still there unchanged. A missing checkpoint is a failure once the trail has entries (deleting
 * the file would otherwise hide a truncation).
 */
export async function verifyAuditTrail(
  db: StateDb,
  keyring: Keyring,
  path: string,
): Promise<AuditTrailReport> {
  const state = readCheckpoint(path, keyring);
  const head = state.status === 'valid' ? { seq: state.checkpoint.seq, hash: state.checkpoint.hash } : null;
  const r = await verifyAudit(db, head);
  let checkpoint: AuditTrailReport['checkpoint'];
  let ok = r.ok;
  if (state.status === 'valid') {
    checkpoint = {
      status: 'valid',
      seq: state.checkpoint.seq,
      time: state.checkpoint.time,
      message: `checkpoint #${state.checkpoint.seq} of ${state.checkpoint.time}`,
    };
  } else if (state.status === 'missing') {
    ok &&= r.tip === null;
    checkpoint = {
      status: 'missing',
      message:
        r.tip === null
          ? 'no checkpoint yet (the trail is empty)'
          : `no checkpoint at ${path}: rows removed from the end cannot be ruled out`,
    };
  } else {
    ok = false;
    checkpoint = { status: 'invalid', message: state.reason };
  }
  return { ...r, ok, checkpoint };
}

export interface CheckpointerOptions {
  /** Also advance on this period (appends by other processes); default 5 s. */
  intervalMs?: number;
  onError: (e: unknown) => void;
  /** A problem that needs a person: the checkpointed entry changed, the checkpoint is gone or forged. */
  onTamper: (message: string) => void;
  /**
   * The master key was just created, so no checkpoint can exist yet: a trail that already has
   * entries (written by commands before the first start) gets its first checkpoint, recorded in
   * the trail as `audit.checkpoint.init`. Otherwise a missing checkpoint is reported, not replaced.
   */
  initialize?: boolean;
}

/** Keeps `<data>/audit.head` at the chain's head while this process runs. */
export class AuditCheckpointer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastProblem = '';
  private closed = false;
  /** Only the first look may start a checkpoint for a trail that has entries (see `initialize`). */
  private mayInitialize: boolean;

  constructor(
    private readonly db: StateDb,
    private readonly keyring: Keyring,
    readonly path: string,
    private readonly opts: CheckpointerOptions,
  ) {
    this.mayInitialize = opts.initialize === true;
  }

  /** Writes the first checkpoint of an empty trail, checks the existing one, then follows appends. */
  async start(): Promise<void> {
    await this.flush();
    this.unsubscribe = onAuditAppend(() => this.schedule());
    this.timer = setInterval(() => this.schedule(), this.opts.intervalMs ?? 5000);
    this.timer.unref();
  }

  /** Brings the checkpoint up to the current head (serialized; concurrent calls share a run). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.advance();
        } while (this.again);
      } catch (e) {
        this.opts.onError(e);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Stops following appends and writes a last checkpoint; call before closing the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    this.closed = true;
  }

  private schedule(): void {
    setImmediate(() => {
      if (!this.closed) void this.flush();
    });
  }

  private async advance(): Promise<void> {
    const tip = await auditHead(this.db);
    const state = readCheckpoint(this.path, this.keyring);
    const mayInitialize = this.mayInitialize;
    this.mayInitialize = false;
    if (state.status === 'invalid') return this.problem(`audit checkpoint: ${state.reason}`);
    if (state.status === 'missing') {
      if (tip !== null && mayInitialize) {
        await appendAudit(this.db, {
          tenant: null,
          actor: SYSTEM_ACTOR,
          action: 'audit.checkpoint.init',
          outcome: 'success',
          details: { uncheckpointedEntries: tip.seq, keyId: this.keyring.currentKeyId },
        });
        const head = await auditHead(this.db);
        if (head) writeCheckpoint(this.path, this.keyring, head);
        return;
      }
      if (tip !== null) {
        return this.problem(
          `audit checkpoint ${this.path} is missing although the trail has ${tip.seq} entries; run \`vigil audit verify\`, then \`vigil audit checkpoint\``,
        );
      }
      writeCheckpoint(this.path, this.keyring, { seq: 0, hash: '' });
      return;
    }
    const c = state.checkpoint;
    if (c.seq > 0 && (await auditHashAt(this.db, c.seq)) !== c.hash) {
      return this.problem(
        `audit entry #${c.seq} is gone or differs from the signed checkpoint; the checkpoint is kept as evidence (run \`vigil audit verify\`)`,
      );
    }
    this.lastProblem = '';
    if (tip && tip.seq > c.seq) writeCheckpoint(this.path, this.keyring, tip);
  }

  private problem(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.opts.onTamper(message);
  }
}

/**
 * Signs a new checkpoint at the current head after a person has looked into a reported problem
 * (a lost or forged checkpoint). Refuses while the chain itself is broken: a checkpoint must not
 * bless a damaged trail. The reset is itself an audit entry, naming the checkpoint it replaced.
 */
export async function resetCheckpoint(
  db: StateDb,
  keyring: Keyring,
  path: string,
  by: AuditBy,
): Promise<AuditCheckpoint> {
  const chain = await verifyAudit(db);
  if (!chain.ok && chain.firstBad) {
    throw new VigilError(
      'conflict',
      `the audit chain is broken at entry #${chain.firstBad.seq} (${chain.firstBad.reason}): ${chain.firstBad.message}; a new checkpoint would hide it`,
    );
  }
  const previous = readCheckpoint(path, keyring);
  await appendAudit(db, {
    tenant: null,
    actor: by.actor,
    ...clientFields(by.client),
    action: 'audit.checkpoint.reset',
    outcome: 'success',
    details: {
      previous:
        previous.status === 'valid'
          ? { seq: previous.checkpoint.seq, time: previous.checkpoint.time }
          : previous.status === 'invalid'
            ? { invalid: previous.reason }
            : 'missing',
    },
  });
  const head = (await auditHead(db)) as AuditHead;
  return writeCheckpoint(path, keyring, head);
}
