/** The range of PostgreSQL's `integer`, the type of every integer id and count column. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/** True for a positive whole number an integer id column can hold (users, guests, comments…). */
export function isIntegerId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= INT4_MAX;
}
