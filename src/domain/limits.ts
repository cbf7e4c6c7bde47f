/** The range of PostgreSQL's `integer`, the type of every integer id and count column. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;
