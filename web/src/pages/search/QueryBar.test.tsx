// @vitest-environment happy-dom
/** The query bar checks the query with Vigil's parser as it is typed and runs only valid ones. */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.tsx';
import { QueryBar } from './QueryBar.tsx';

afterEach(cleanup);

describe('QueryBar', () => {
  it('shows the problem of an invalid query with its column and does not run it', () => {
    const onSubmit = vi.fn();
    renderWithApp(<QueryBar value="" onSubmit={onSubmit} />);
    const input = screen.getByRole('textbox', { name: 'Query' });
    fireEvent.change(input, { target: { value: 'event.code:(4625' } });
    expect(screen.getByText(/\(column \d+\)/).textContent).toMatch(/column 11|column 17/);
    expect(screen.getByRole('button', { name: 'Search' })).toHaveProperty('disabled', true);
    fireEvent.submit(input.closest('form')!);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('runs a valid query, trimmed, and clears the problem once fixed', () => {
    const onSubmit = vi.fn();
    renderWithApp(<QueryBar value="" onSubmit={onSubmit} />);
    const input = screen.getByRole('textbox', { name: 'Query' });
    fireEvent.change(input, { target: { value: 'source.ip:10.0.0.0/' } });
    expect(screen.queryByText(/\(column \d+\)/)).not.toBeNull();
    fireEvent.change(input, { target: { value: '  source.ip:10.0.0.0/8 -user.name:svc_*  ' } });
    expect(screen.queryByText(/\(column \d+\)/)).toBeNull();
    fireEvent.submit(input.closest('form')!);
    expect(onSubmit).toHaveBeenCalledWith('source.ip:10.0.0.0/8 -user.name:svc_*');
  });

  it('takes the new value when the URL changes it, and is the field `/` focuses', () => {
    const { rerender } = renderWithApp(<QueryBar value="a" onSubmit={() => {}} />);
    const input = screen.getByRole('textbox', { name: 'Query' }) as HTMLInputElement;
    expect(input.value).toBe('a');
    expect(input.hasAttribute('data-shortcut-focus')).toBe(true);
    rerender(<QueryBar value="b" onSubmit={() => {}} />);
    expect((screen.getByRole('textbox', { name: 'Query' }) as HTMLInputElement).value).toBe('b');
  });
});
