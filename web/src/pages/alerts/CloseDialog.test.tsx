// @vitest-environment happy-dom
/** The close dialog: the four verdicts, the verdict required, and the original asked for a duplicate. */
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.tsx';
import { CloseDialog } from './CloseDialog.tsx';

afterEach(cleanup);

function open(onSubmit = vi.fn()) {
  renderWithApp(<CloseDialog opened closing={['a1']} onClose={() => {}} onSubmit={onSubmit} />);
  return onSubmit;
}

describe('CloseDialog', () => {
  it('offers the four verdicts and says a verdict is needed when none is chosen', () => {
    const onSubmit = open();
    for (const name of ['True positive', 'Benign true positive', 'False positive', 'Duplicate'])
      expect(screen.getByRole('radio', { name: new RegExp(`^${name}`) })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(screen.getByText(/Choose a verdict/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('asks for the original of a duplicate, then closes with it', () => {
    const onSubmit = open();
    expect(screen.queryByRole('textbox', { name: /Original alert/ })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: /^Duplicate/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(screen.getByText(/Name the original alert/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: /Original alert/ }), {
      target: { value: 'orig-9' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(onSubmit).toHaveBeenCalledWith({ action: 'close', verdict: 'duplicate', duplicateOf: 'orig-9' });
  });

  it('closes with a plain verdict', () => {
    const onSubmit = open();
    fireEvent.click(screen.getByRole('radio', { name: /^False positive/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Close alert' }));
    expect(onSubmit).toHaveBeenCalledWith({ action: 'close', verdict: 'false_positive', duplicateOf: null });
  });
});
