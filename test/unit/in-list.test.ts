import { describe, expect, it } from 'vitest';
import { inList } from '../../src/db/precompiled.js';

describe('inList', () => {
  it('drops duplicates and pads to the next power of two by repeating the last value', () => {
    expect(inList([])).toEqual([]);
    expect(inList(['a'])).toEqual(['a']);
    expect(inList(['a', 'a'])).toEqual(['a']);
    expect(inList(['a', 'b'])).toEqual(['a', 'b']);
    expect(inList(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'c']);
    expect(inList([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
  });

  it('gives a handful of lengths for lists of 1 to 100 values', () => {
    const lengths = new Set(
      Array.from({ length: 100 }, (_, n) => inList(Array.from({ length: n + 1 }, (_, i) => i)).length),
    );
    expect([...lengths]).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
  });
});
