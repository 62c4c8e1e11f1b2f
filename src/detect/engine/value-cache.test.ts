/**
 * The cache of answers per field value: it answers what it was told, keeps two generations per
 * field, keeps the characters of all caches sharing a budget under its limit, and stops for a
 * while when the values do not repeat.
 */
import { describe, expect, it } from 'vitest';
import { CacheBudget, ValueCache } from './value-cache.ts';

describe('ValueCache', () => {
  it('answers what it was told for a value, and nothing for values it was not told', () => {
    const cache = new ValueCache<number>(new CacheBudget(1000));
    expect(cache.get('svchost.exe')).toBeUndefined();
    cache.set('svchost.exe', 7);
    expect(cache.get('svchost.exe')).toBe(7);
    // the same text in another string object is the same value
    expect(cache.get(['svchost', '.exe'].join(''))).toBe(7);
    expect(cache.get('SVCHOST.EXE')).toBeUndefined();
  });

  it('does not keep values longer than its maximum length', () => {
    const cache = new ValueCache<boolean>(new CacheBudget(1000), { maxLength: 4 });
    cache.set('abcd', true);
    cache.set('abcde', true);
    expect(cache.get('abcd')).toBe(true);
    expect(cache.get('abcde')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps two generations: a full recent one becomes the older one, the older one is dropped', () => {
    const cache = new ValueCache<number>(new CacheBudget(1000), { generation: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // a, b become the older generation
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBe(1); // moved back into the recent one (c, a)
    cache.set('d', 4); // recent (c, a) is full: it becomes the older one, (b) is dropped
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
    expect(cache.size).toBeLessThanOrEqual(4);
  });

  it('keeps the characters of all caches sharing a budget near its limit', () => {
    const budget = new CacheBudget(100);
    const caches = [0, 1, 2].map(() => new ValueCache<number>(budget, { generation: 1000 }));
    for (let i = 0; i < 300; i++) caches[i % 3]?.set(`value-${i}`, i); // 9 or 10 characters each
    const held = caches.reduce((n, c) => n + c.characters, 0);
    expect(budget.held).toBe(held);
    // past the limit a cache drops its older generation before adding: what is left is its recent
    // one (added since), at most a few values over the limit
    expect(held).toBeLessThanOrEqual(100 + 3 * 2 * 10);
    expect(caches.every((c) => c.size > 0)).toBe(true);
  });

  it('sits out a while when its values do not repeat, then caches again', () => {
    const budget = new CacheBudget(10 ** 9);
    const cache = new ValueCache<number>(budget);
    for (let i = 0; i < 4096; i++) {
      if (cache.get(`unique-${i}`) === undefined) cache.set(`unique-${i}`, i);
    }
    // a window of look-ups without a hit: the cache empties and stops
    expect(cache.size).toBe(0);
    expect(budget.held).toBe(0);
    cache.set('x', 1);
    expect(cache.get('x')).toBeUndefined();
    for (let i = 0; i < 65_536; i++) cache.get('y');
    cache.set('x', 1);
    expect(cache.get('x')).toBe(1);
  });

  it('tells a caller whose key costs work that it sits a look-up out, counting it', () => {
    const cache = new ValueCache<number>(new CacheBudget(10 ** 9));
    expect(cache.sitsOut()).toBe(false);
    for (let i = 0; i < 4096; i++) cache.get(`unique-${i}`);
    expect(cache.sitsOut()).toBe(true);
    for (let i = 1; i < 65_536; i++) expect(cache.sitsOut()).toBe(true);
    expect(cache.sitsOut()).toBe(false);
    cache.set('x', 1);
    expect(cache.get('x')).toBe(1);
  });
});
