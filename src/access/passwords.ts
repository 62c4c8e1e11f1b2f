/**
 * Passwords: argon2id hashing, the password policy, and one-time passwords.
 *
 * Hashing uses OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane), about 50 ms per hash on a
 * laptop. At most two hashes run at once: argon2 runs on libuv's thread pool, which the journal's
 * fsyncs share, and a burst of logins must not stall ingest acknowledgements. Past 64 waiting,
 * more are refused with 503 rather than queued without bound.
 *
 * The policy follows NIST SP 800-63B: a minimum length, a generous maximum, no composition rules,
 * and a check against common, expected and context-specific values. Passwords are compared after
 * Unicode NFKC normalization, so the same password typed on two keyboards matches.
 */
import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { BadRequestError, OverloadedError } from '../core/errors.ts';
import { COMMON_PASSWORDS, COMMON_WORDS } from './common-passwords.ts';

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** Longest accepted password, in characters (NIST asks for at least 64). */
export const MAX_PASSWORD_LENGTH = 256;
const MAX_CONCURRENT = 2;
/** Past this many hashes waiting, new ones are refused (503) instead of queueing without bound. */
const MAX_WAITING = 64;

let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_CONCURRENT) running++;
  else if (waiting.length >= MAX_WAITING)
    throw new OverloadedError('too many sign-ins at once; retry shortly', 2);
  // A finishing hash hands its slot straight to the next in line (no window for a newcomer to jump in).
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

const normalize = (password: string) => password.normalize('NFKC');

export async function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(normalize(password), HASH_OPTIONS));
}

/** True when `password` matches the argon2 `hash`; false for a wrong password or an unreadable hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  return limited(async () => {
    try {
      return await argon2.verify(hash, normalize(password));
    } catch {
      return false;
    }
  });
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as checking a real password, for user names that do not exist (or accounts
 * that may not sign in), so that response times do not tell which accounts exist. Always false.
 */
export async function verifyDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('vigil dummy password for equal timing').catch((e: unknown) => {
    dummyHash = null; // refused under load: try again next time
    throw e;
  });
  await verifyPassword(await dummyHash, password);
  return false;
}

export interface PasswordPolicy {
  minLength: number;
}

/** Why `password` is refused for `username` (empty when acceptable). */
export function passwordProblems(password: string, username: string, policy: PasswordPolicy): string[] {
  const normalized = normalize(password);
  const chars = [...normalized];
  const lower = normalized.toLowerCase();
  const problems: string[] = [];
  if (chars.length < policy.minLength)
    problems.push(`must be at least ${policy.minLength} characters long (it has ${chars.length})`);
  if (chars.length > MAX_PASSWORD_LENGTH)
    problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (lower === username.toLowerCase() || (core !== '' && core === username.toLowerCase()))
    problems.push('must not be the user name');
  else if (COMMON_PASSWORDS.has(lower) || COMMON_WORDS.has(core))
    problems.push('is too common (it is on the list of often-used passwords)');
  if (chars.length > 0 && new Set(chars).size < 4) problems.push('repeats too few different characters');
  else if (chars.length >= 4 && isSequence(chars)) problems.push('is a simple sequence of characters');
  return problems;
}

/** Throws BadRequestError naming every problem, when the policy refuses `password`. */
export function checkPasswordPolicy(password: string, username: string, policy: PasswordPolicy): void {
  const problems = passwordProblems(password, username, policy);
  if (problems.length > 0) throw new BadRequestError(`the password ${problems.join('; ')}`, 'password');
}

function isSequence(chars: string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (Math.abs(step) !== 1) return false;
  return codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step);
}

/** Letters and digits that cannot be mistaken for each other when read aloud or off a terminal. */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: 4 groups of 5 readable characters (about 99 bits), e.g. `k7qmz-…`. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 5; i++) s += READABLE[randomInt(READABLE.length)];
    groups.push(s);
  }
  return groups.join('-');
}
