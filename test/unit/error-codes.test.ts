import { describe, expect, it } from 'vitest';
import {
  AppError,
  conflict,
  ErrorCodes,
  forbidden,
  invalidFields,
  notFound,
  rejected,
} from '../../src/domain/errors.js';

describe('error codes', () => {
  it('each code in the registry carries one of the known kinds', () => {
    const kinds = new Set([
      'bad_request',
      'unauthenticated',
      'forbidden',
      'not_found',
      'conflict',
      'invalid',
      'too_large',
      'rate_limited',
    ]);
    for (const [code, kind] of Object.entries(ErrorCodes)) {
      expect(kinds.has(kind), `${code} → ${kind}`).toBe(true);
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
  });

  it('an error takes its kind from its code', () => {
    expect(new AppError('TOO_MANY_ATTEMPTS', 'slow down').kind).toBe('rate_limited');
    expect(new AppError('MALFORMED_JSON', 'bad').kind).toBe('bad_request');
  });

  it('the factories take the code first and keep it', () => {
    const missing = notFound('TAG_NOT_FOUND', 'Tag');
    expect([missing.kind, missing.code, missing.message]).toEqual([
      'not_found',
      'TAG_NOT_FOUND',
      'Tag not found.',
    ]);
    const refused = forbidden('ADMIN_ONLY', 'Admins only.');
    expect([refused.kind, refused.code, refused.message]).toEqual([
      'forbidden',
      'ADMIN_ONLY',
      'Admins only.',
    ]);
    const clash = conflict('CONFLICT', 'Taken.');
    expect([clash.kind, clash.code]).toEqual(['conflict', 'CONFLICT']);
    const rule = rejected('LAST_ADMIN', 'Keep one admin.', { admins: 1 });
    expect([rule.kind, rule.code, rule.details]).toEqual(['invalid', 'LAST_ADMIN', { admins: 1 }]);
    const fields = invalidFields('VALIDATION_FAILED', { title: ['Required.'] });
    expect([fields.kind, fields.code, fields.fieldErrors]).toEqual([
      'invalid',
      'VALIDATION_FAILED',
      { title: ['Required.'] },
    ]);
  });
});
