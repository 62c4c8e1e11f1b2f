/** Evidence files on disk: content-addressed, written once, read-only, verified on every read. */
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import {
  attachmentHeader,
  cleanFileName,
  EvidenceIntegrityError,
  evidencePath,
  openEvidenceFile,
  sha256Hex,
  storeEvidenceFile,
} from './evidence.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'vigil-evidence-'));

describe('evidence files', () => {
  it('are stored under their SHA-256, mode 0400, once; no temporary file is left behind', async () => {
    const d = dir();
    const bytes = Buffer.from('netstat -ano output\n');
    const a = await storeEvidenceFile(d, bytes);
    expect(a).toEqual({ sha256: sha256Hex(bytes), size: bytes.length, existed: false });
    expect(statSync(evidencePath(d, a.sha256)).mode & 0o777).toBe(0o400);
    expect((await storeEvidenceFile(d, bytes)).existed).toBe(true);
    expect(readdirSync(join(d, 'evidence'))).toEqual([a.sha256]);
    expect(await text(await openEvidenceFile(d, a.sha256, bytes.length))).toBe('netstat -ano output\n');
  });

  it('refuses a missing or altered file before sending anything, and a good copy repairs it', async () => {
    const d = dir();
    const bytes = Buffer.from('original');
    const { sha256 } = await storeEvidenceFile(d, bytes);
    const path = evidencePath(d, sha256);
    chmodSync(path, 0o600);
    writeFileSync(path, 'tampered');
    await expect(openEvidenceFile(d, sha256, bytes.length)).rejects.toThrow(
      /no longer matches its SHA-256 \(it hashes to [0-9a-f]{64}\)/,
    );
    writeFileSync(path, 'longer than before');
    await expect(openEvidenceFile(d, sha256, bytes.length)).rejects.toBeInstanceOf(EvidenceIntegrityError);
    expect((await storeEvidenceFile(d, bytes)).existed).toBe(false);
    expect(await text(await openEvidenceFile(d, sha256, bytes.length))).toBe('original');
    await expect(openEvidenceFile(d, 'f'.repeat(64), 1)).rejects.toThrow(/is missing from/);
  });

  it('fails the stream when the file changes while it is read', async () => {
    const d = dir();
    const bytes = Buffer.alloc(1 << 20, 7);
    const { sha256 } = await storeEvidenceFile(d, bytes);
    const stream = await openEvidenceFile(d, sha256, bytes.length);
    const path = evidencePath(d, sha256);
    chmodSync(path, 0o600);
    writeFileSync(path, Buffer.alloc(1 << 20, 8));
    await expect(text(stream)).rejects.toThrow(/changed while it was read/);
  });

  it('keeps only a clean last path component of a file name, and quotes it for Content-Disposition', () => {
    expect(cleanFileName('C:\\Users\\bob\\mail.eml')).toBe('mail.eml');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(() => cleanFileName('../')).toThrow('name the evidence file');
    expect(attachmentHeader('résumé "x".pdf')).toBe(
      `attachment; filename="r_sum_ _x_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.pdf`,
    );
  });
});
