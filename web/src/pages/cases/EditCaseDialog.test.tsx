// @vitest-environment happy-dom
/**
 * Editing with optimistic concurrency: the save names the version the form was filled from; a 409
 * shows who-changed-what is unknown but that it changed, and "Reload" refills the form from the
 * case as it is now, so the next save names the new version.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseDetail } from '../../api/case-types.ts';
import { renderWithApp } from '../../test/render.tsx';
import { EditCaseDialog, patchOf } from './EditCaseDialog.tsx';
import { detail } from './fixtures.ts';

// Mantine's autosizing text area listens for web fonts, which happy-dom does not have.
beforeAll(() => {
  if (!('fonts' in document))
    Object.defineProperty(document, 'fonts', {
      value: { addEventListener: () => {}, removeEventListener: () => {} },
      configurable: true,
    });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const assignees = { me: 'u-alice', options: [], nameOf: (id: string | null) => id ?? 'Unassigned' };

describe('EditCaseDialog', () => {
  it('sends only what changed', () => {
    const c = detail({ title: 'A', severity: 'high', tags: ['x'] });
    const form = {
      version: 3,
      title: ' B ',
      description: '',
      severity: 'high' as const,
      tlp: 'amber' as const,
      incidentType: c.incidentType,
      assignee: '',
      tags: ['x', 'y'],
      handOver: '',
    };
    expect(patchOf(c, form)).toEqual({ title: 'B', tags: ['x', 'y'] });
    expect(patchOf(c, { ...form, title: 'A', tags: ['x'], handOver: 'bob' })).toEqual({ assignee: 'bob' });
  });

  it('on a 409 offers to reload, refills the form, and saves against the new version', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as { version: number };
      bodies.push(body);
      if (body.version === 3)
        return new Response(
          JSON.stringify({
            status: 409,
            code: 'conflict',
            detail: 'case #1 was changed by someone else (version 4)',
            currentVersion: 4,
          }),
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        );
      return new Response(JSON.stringify({ ...detail(), version: 5 }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    const fresh: CaseDetail = detail({ title: 'Phishing wave (renamed by Bob)', version: 4 });
    const onReload = vi.fn(async () => fresh);
    const onClose = vi.fn();
    renderWithApp(
      <EditCaseDialog c={detail()} opened onClose={onClose} onReload={onReload} assignees={assignees} />,
    );
    fireEvent.change(await screen.findByRole('textbox', { name: 'Title' }), {
      target: { value: 'Phishing wave, finance' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Someone else changed this case meanwhile/);
    expect(alert.textContent).toMatch(/version 4/);
    expect(bodies[0]).toEqual({ version: 3, title: 'Phishing wave, finance' });
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Reload the case' }));
    await waitFor(() =>
      expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe(
        'Phishing wave (renamed by Bob)',
      ),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), {
      target: { value: 'Phishing wave, finance' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bodies[1]).toEqual({ version: 4, title: 'Phishing wave, finance' });
  });
});
