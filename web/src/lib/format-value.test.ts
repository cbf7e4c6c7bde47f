import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value';

describe('formatValue', () => {
  const members = new Map([[7, { id: 7, name: 'Ann Lee' }]]);
  it.each([
    [null, '—'],
    ['', '—'],
    ['Globex', 'Globex'],
    ['2027-01-15T00:00:00.000Z', '2027-01-15'],
    [{ id: 2, text: 'Pro', value: null }, 'Pro'],
    [
      [
        { id: 1, text: 'ID', selected: false },
        { id: 2, text: 'NDA', selected: true },
      ],
      'NDA',
    ],
    [
      [
        ['Hank', '555-0100'],
        ['Ida', ''],
      ],
      'Hank | 555-0100; Ida | ',
    ],
    [[{ id: 'f', filename: 'contract.pdf' }], 'contract.pdf'],
    [{ users: [7], guests: ['g@x.test'], groups: [] }, 'Ann Lee, g@x.test'],
    [{ users: [], guests: [], groups: [] }, '—'],
  ])('writes %j as %j', (value, text) => {
    expect(formatValue(value, members)).toBe(text);
  });
});
