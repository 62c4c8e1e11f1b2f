// @vitest-environment happy-dom
/** The time picker: quick and custom relative ranges, absolute bounds checked as typed. */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.tsx';
import { AbsolutePanel, RelativePanel, TimePicker } from './TimePicker.tsx';

afterEach(cleanup);
const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const now = () => NOW;

describe('TimePicker', () => {
  it('applies a quick relative range', () => {
    const onApply = vi.fn();
    renderWithApp(<RelativePanel value={{ from: 'now-24h', to: 'now' }} onApply={onApply} />);
    fireEvent.click(screen.getByRole('button', { name: 'Last 15 minutes' }));
    expect(onApply).toHaveBeenCalledWith({ from: 'now-15m', to: 'now' });
  });

  it('applies a custom "last N units"', () => {
    const onApply = vi.fn();
    renderWithApp(<RelativePanel value={{ from: 'now-24h', to: 'now' }} onApply={onApply} />);
    expect((screen.getByRole('textbox', { name: 'Amount' }) as HTMLInputElement).value).toBe('24');
    fireEvent.change(screen.getByRole('textbox', { name: 'Amount' }), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledWith({ from: 'now-90h', to: 'now' });
  });

  it('starts the absolute bounds from the current range, shows what is wrong, and applies valid bounds', () => {
    const onApply = vi.fn();
    const value = { from: 'now-2h', to: 'now' };
    renderWithApp(<AbsolutePanel value={value} onApply={onApply} now={now} />);
    const from = screen.getByRole('textbox', { name: 'From' }) as HTMLInputElement;
    expect(from.value).toBe('2026-01-05T10:00:00Z');
    expect((screen.getByRole('textbox', { name: 'To' }) as HTMLInputElement).value).toBe(
      '2026-01-05T12:00:00Z',
    );
    fireEvent.change(from, { target: { value: 'last tuesday' } });
    expect(screen.getByText(/from "last tuesday" is not a time/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Apply' })).toHaveProperty('disabled', true);
    fireEvent.change(from, { target: { value: '2026-01-05T12:30:00Z' } });
    expect(screen.getByText('from must be before to')).toBeTruthy();
    fireEvent.change(from, { target: { value: '1767598200' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledWith({ from: '1767598200', to: '2026-01-05T12:00:00Z' });
  });

  it('names the range in words on its button', () => {
    const { unmount } = renderWithApp(
      <TimePicker value={{ from: 'now-24h', to: 'now' }} onChange={() => {}} now={now} />,
    );
    expect(screen.getByRole('button', { name: 'Time range: Last 24 hours' })).toBeTruthy();
    unmount();
    renderWithApp(
      <TimePicker
        value={{ from: '2026-01-05T10:00:00Z', to: '2026-01-05T11:00:00Z' }}
        onChange={() => {}}
        now={now}
      />,
    );
    expect(
      screen.getByRole('button', { name: 'Time range: 2026-01-05 10:00:00 → 2026-01-05 11:00:00 UTC' }),
    ).toBeTruthy();
  });
});
