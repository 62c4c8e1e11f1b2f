// @vitest-environment happy-dom
/**
 * Evidence upload: the chosen file goes as the raw body (application/octet-stream) with its name
 * and description in the query; the list shows name, size, SHA-256 and a download link.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caseCalls } from '../../api/cases.ts';
import { setCsrfToken } from '../../api/client.ts';
import { fakeFetch, renderWithApp } from '../../test/render.tsx';
import { EvidenceTab } from './EvidenceTab.tsx';
import { detail } from './fixtures.ts';

const SHA = 'a'.repeat(64);
const STORED = {
  id: 'e1',
  caseId: 'c1',
  name: 'mail headers.txt',
  contentType: 'application/octet-stream',
  size: 2048,
  sha256: SHA,
  description: 'from the user report',
  uploadedBy: 'alice',
  uploadedAt: '2026-01-05T10:00:00.000Z',
};

let fetched: ReturnType<typeof fakeFetch>;
beforeEach(() => {
  fetched = fakeFetch({ '/api/v1/cases/c1/evidence': STORED });
  vi.stubGlobal('fetch', fetched.fn);
  setCsrfToken('csrf-1');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('evidence upload', () => {
  it('sends the file as the raw body, with name and description in the query', async () => {
    const file = new File(['Received: from mx.example'], 'mail headers.txt', { type: 'text/plain' });
    await caseCalls.uploadEvidence('c1', file, 'from the user report');
    const [call] = fetched.calls;
    expect(call?.url).toBe(
      '/api/v1/cases/c1/evidence?name=mail+headers.txt&description=from+the+user+report',
    );
    expect(call?.init?.method).toBe('POST');
    expect(call?.init?.body).toBe(file);
    expect(call?.init?.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'x-csrf-token': 'csrf-1',
    });
  });

  it('uploads the file chosen in the form', async () => {
    renderWithApp(<EvidenceTab c={detail()} mayWrite />);
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File(['MZ'], 'dropper.exe');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    fireEvent.change(input);
    fireEvent.change(screen.getByRole('textbox', { name: 'Description' }), {
      target: { value: 'sample from the mail' },
    });
    const upload = screen.getByRole('button', { name: 'Upload' });
    await waitFor(() => expect((upload as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(upload);
    await waitFor(() => expect(fetched.calls).toHaveLength(1));
    expect(fetched.calls[0]?.url).toBe(
      '/api/v1/cases/c1/evidence?name=dropper.exe&description=sample+from+the+mail',
    );
    expect(fetched.calls[0]?.init?.body).toBe(file);
  });

  it('lists each file with its size, SHA-256 and a download link naming the case’s tenant', () => {
    renderWithApp(<EvidenceTab c={detail({ evidence: [STORED] })} mayWrite={false} />);
    expect(screen.queryByRole('button', { name: 'Upload' })).toBeNull();
    const row = document.querySelector('[data-evidence="mail headers.txt"]') as HTMLElement;
    expect(row.textContent).toContain('2.0 KB');
    expect(row.querySelector('[data-sha256]')?.textContent).toBe(SHA);
    const link = screen.getByRole('link', { name: 'Download mail headers.txt' });
    expect(link.getAttribute('href')).toBe('/api/v1/cases/c1/evidence/e1?tenant=default');
    expect(link.getAttribute('download')).toBe('mail headers.txt');
  });
});
