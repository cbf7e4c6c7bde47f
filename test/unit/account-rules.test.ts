import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/domain/csv.js';
import { COMMON_PASSWORDS, newPasswordProblems } from '../../src/domain/passwords.js';

describe('newPasswordProblems', () => {
  it.each([
    ['short', 1],
    ['password', 1],
    ['PassWord1', 1],
    ['  qwerty123 ', 1],
    ['seven77', 1],
    ['correct horse battery staple', 0],
    ['ünïcødé-pass', 0],
  ])('%j has %i problem(s)', (password, count) => {
    expect(newPasswordProblems(password)).toHaveLength(count);
  });

  it('refuses the account e-mail address as its password', () => {
    expect(newPasswordProblems('Ann@Example.com', { email: 'ann@example.com' })).toEqual([
      'The password may not be your e-mail address.',
    ]);
  });

  it('holds about a hundred lowercased entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });
});

describe('csv', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1+1', `"'=1+1"`],
    ['+44 20', `"'+44 20"`],
    ['-5', `"'-5"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tTAB', `"'\tTAB"`],
    ['a,b\nc', '"a,b\nc"'],
  ])('quotes %j as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes numbers as they are, nulls as empty cells, and ends lines with CRLF', () => {
    expect(csvLine([12, null, -3])).toBe('"12","","-3"\r\n');
  });
});
