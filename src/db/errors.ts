import { AppError } from '../domain/errors.js';

/** A unique or primary-key violation from either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = String((error as { code?: unknown }).code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Constraint violations from either database as AppErrors: a unique violation is a conflict,
 * a foreign-key violation means a referenced record does not exist. Anything else is not ours
 * to explain and stays as it is.
 */
export function translateDatabaseError(error: unknown): AppError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  if (isUniqueViolation(error)) {
    return new AppError('CONFLICT', 'A record with the same unique value already exists.');
  }
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('REFERENCE_NOT_FOUND', 'A referenced record does not exist.');
  }
  return undefined;
}
