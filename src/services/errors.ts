import { isUniqueViolation } from '../db/errors.js';
import type { AppError } from '../domain/errors.js';

export { translateDatabaseError } from '../db/errors.js';

/**
 * Runs a write whose duplicate check happens before its insert. Two concurrent callers can
 * both pass the check; the loser then hits the unique key, and answers the same error as a
 * sequential duplicate (`duplicate()`) instead of a generic conflict. Wrap the whole
 * transaction: on PostgreSQL a violation aborts it, so it cannot be caught inside.
 */
export async function asDuplicate<T>(write: () => Promise<T>, duplicate: () => AppError): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}
