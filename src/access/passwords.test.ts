import { describe, expect, it } from 'vitest';
import { BadRequestError, OverloadedError } from '../core/errors.ts';
import {
  checkPasswordPolicy,
  generatePassword,
  hashPassword,
  passwordProblems,
  verifyDummy,
  verifyPassword,
} from './passwords.ts';

const policy = { minLength: 12 };

describe('password hashing', () => {
  it('stores argon2id with a fresh salt, and verifies only the same password', async () => {
    const a = await hashPassword('plover-magnet-quarry');
    const b = await hashPassword('plover-magnet-quarry');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'plover-magnet-quarry')).toBe(true);
    expect(await verifyPassword(a, 'plover-magnet-quarrY')).toBe(false);
    expect(await verifyPassword(a, '')).toBe(false);
  });

  it('compares Unicode passwords after NFKC normalization', async () => {
    const composed = 'café-crème-brûlée';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
  });

  it('answers false, not an error, for a hash it cannot read', async () => {
    expect(await verifyPassword('not a hash', 'whatever')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$AAAA$BBBB', 'x')).toBe(false);
  });

  it('spends real argon2 work on the dummy check, and never succeeds', async () => {
    await verifyDummy('warm up');
    const t0 = performance.now();
    expect(await verifyDummy('vigil dummy password for equal timing')).toBe(false);
    expect(performance.now() - t0).toBeGreaterThan(5);
  });
});

describe('password hashing under a flood', () => {
  it('runs a bounded queue: beyond it, checks are refused with 503 at once rather than piling up', async () => {
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => verifyDummy('flood')));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(100 - 64);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(OverloadedError);
    // Once the queue drains, checks run again.
    expect(await verifyDummy('after the flood')).toBe(false);
  });
});

describe('password policy (NIST SP 800-63B)', () => {
  it('accepts long passphrases with no composition rules', () => {
    expect(passwordProblems('plover magnet quarry', 'alice', policy)).toEqual([]);
    expect(passwordProblems('alllowercaseletters', 'alice', policy)).toEqual([]);
    expect(passwordProblems('ünïcödé-pässwörd-ok', 'alice', policy)).toEqual([]);
  });

  it('refuses short passwords, counting characters not bytes', () => {
    expect(passwordProblems('short-pw', 'alice', policy)).toEqual([
      'must be at least 12 characters long (it has 8)',
    ]);
    expect(passwordProblems('ééééé-ñññññ', 'alice', policy)[0]).toMatch(/it has 11/);
  });

  it('refuses the user name, common passwords and common words dressed with digits', () => {
    expect(passwordProblems('AliceInWonder', 'aliceinwonder', policy)).toContain('must not be the user name');
    expect(passwordProblems('!!aliceinwonder2024', 'aliceinwonder', policy)).toContain(
      'must not be the user name',
    );
    for (const pw of ['password1234', 'Password2024!', '1qaz2wsx3edc', 'Summer2024!!!!', 'iloveyou1234']) {
      expect(passwordProblems(pw, 'alice', policy), pw).toContain(
        'is too common (it is on the list of often-used passwords)',
      );
    }
  });

  it('refuses repetition and simple sequences', () => {
    expect(passwordProblems('aaaaaaaaaaaaaaa', 'alice', policy)).toContain(
      'repeats too few different characters',
    );
    expect(passwordProblems('abababababababab', 'alice', policy)).toContain(
      'repeats too few different characters',
    );
    expect(passwordProblems('abcdefghijklmnop', 'alice', policy)).toContain(
      'is a simple sequence of characters',
    );
    expect(passwordProblems('987654321098', 'alice', policy)).not.toContain(
      'is a simple sequence of characters',
    );
  });

  it('refuses absurdly long passwords', () => {
    expect(passwordProblems('x1y2z3'.repeat(100), 'alice', policy)).toContain(
      'must be at most 256 characters long',
    );
  });

  it('throws a BadRequestError that lists every problem', () => {
    expect(() => checkPasswordPolicy('alice', 'alice', policy)).toThrow(BadRequestError);
    expect(() => checkPasswordPolicy('alice', 'alice', policy)).toThrow(
      /at least 12.*; must not be the user name/,
    );
  });

  it('generates one-time passwords that pass the policy and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword();
      expect(pw).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      expect(passwordProblems(pw, 'admin', { minLength: 20 })).toEqual([]);
      seen.add(pw);
    }
    expect(seen.size).toBe(200);
  });
});
