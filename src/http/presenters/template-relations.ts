/**
 * Relations a template representation can include besides its steps. Tags and folders
 * belong to modules not built yet, so they are included empty (always well-formed).
 */
export function templateRelations(requested: ReadonlySet<string>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (requested.has('tags')) extra.tags = { data: [] };
  if (requested.has('folder')) extra.folder = { data: null };
  return extra;
}
