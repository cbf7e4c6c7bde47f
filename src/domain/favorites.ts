/** Favorites: each member stars templates and processes for themselves. */
export type FavoriteSubjectType = 'template' | 'process';

export interface Favorite {
  id: string;
  userId: number;
  subjectType: FavoriteSubjectType;
  subjectId: string;
}

/** The wire's `subject_type` (`Checklist`, `Run`, any case). */
export function favoriteSubjectTypeOf(wire: string): FavoriteSubjectType | undefined {
  const lower = wire.toLowerCase();
  if (lower === 'checklist' || lower === 'blueprint' || lower === 'template') return 'template';
  if (lower === 'run' || lower === 'process') return 'process';
  return undefined;
}
