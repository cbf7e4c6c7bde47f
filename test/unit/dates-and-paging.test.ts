import { describe, expect, it } from 'vitest';
import { parseDateInput, parseDay } from '../../src/domain/dates.js';
import { pageInfo, parseSort } from '../../src/domain/pagination.js';
import { stripApiPrefix } from '../../src/http/app.js';
import { parseWith } from '../../src/http/includes.js';

describe('parseDateInput', () => {
  it.each([
    ['2025-05-20T17:00:00.000Z', '2025-05-20T17:00:00.000Z'],
    ['2025-05-20T17:00:00Z', '2025-05-20T17:00:00.000Z'],
    ['2025-05-20T19:00:00+02:00', '2025-05-20T17:00:00.000Z'],
    ['2025-05-20 17:00:00', '2025-05-20T17:00:00.000Z'],
    ['2025-05-20 17:00', '2025-05-20T17:00:00.000Z'],
    ['2025-05-20', '2025-05-20T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseDateInput(input)?.toISOString()).toBe(expected);
  });

  it.each(['', 'tomorrow', '2025-02-30', '2025-13-01 10:00:00', '20/05/2025'])('refuses %s', (input) => {
    expect(parseDateInput(input)).toBeUndefined();
  });

  it('parses calendar days', () => {
    expect(parseDay('2025-05-20')?.end.toISOString()).toBe('2025-05-21T00:00:00.000Z');
    expect(parseDay('2025-5-20')).toBeUndefined();
  });
});

describe('paging', () => {
  it('counts pages and says whether more follow', () => {
    expect(pageInfo({ page: 1, perPage: 10, all: false }, 25, 10)).toEqual({
      total: 25,
      count: 10,
      perPage: 10,
      currentPage: 1,
      totalPages: 3,
      hasMorePages: true,
    });
    expect(pageInfo({ page: 9, perPage: 10, all: false }, 25, 0).hasMorePages).toBe(false);
    expect(pageInfo({ page: 1, perPage: 10, all: true }, 25, 25)).toMatchObject({
      perPage: 25,
      totalPages: 1,
    });
    expect(pageInfo({ page: 1, perPage: 10, all: false }, 0, 0).totalPages).toBe(1);
  });

  it('reads sort with a leading minus', () => {
    const fallback = { field: 'position' as const, direction: 'asc' as const };
    expect(parseSort('-deadline', ['position', 'deadline'], fallback)).toEqual({
      field: 'deadline',
      direction: 'desc',
    });
    expect(parseSort(undefined, ['position'], fallback)).toEqual(fallback);
    expect(parseSort('colour', ['position'], fallback)).toBeUndefined();
  });

  it('reads with= lists, adding parents of dotted names', () => {
    expect([...parseWith('step, run.checklist,,form_fields')]).toEqual([
      'step',
      'run.checklist',
      'run',
      'form_fields',
    ]);
    expect(parseWith(undefined).size).toBe(0);
  });

  it('serves /api paths as root paths', () => {
    expect(stripApiPrefix('/api/me')).toBe('/me');
    expect(stripApiPrefix('/api/organizations/x?y=1')).toBe('/organizations/x?y=1');
    expect(stripApiPrefix('/apiary')).toBe('/apiary');
    expect(stripApiPrefix('/me')).toBe('/me');
  });
});
