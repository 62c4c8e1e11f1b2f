import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-to.ts';

describe('the path to land on after signing in', () => {
  it('keeps a path of this server, with its query and fragment', () => {
    expect(safeReturnPath('/')).toBe('/');
    expect(safeReturnPath('/alerts?status=open#top')).toBe('/alerts?status=open#top');
    expect(safeReturnPath('/cases/../alerts')).toBe('/alerts');
  });

  it('turns anything that could leave the origin into /', () => {
    for (const bad of [
      undefined,
      '',
      'alerts',
      '//evil.example/x',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/a\nb',
      '\\\\evil.example',
      `/${'a'.repeat(3000)}`,
    ])
      expect(safeReturnPath(bad), String(bad)).toBe('/');
  });
});
