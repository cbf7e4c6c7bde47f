/**
 * Relations a template representation can include besides its steps: `assets` (the
 * template's and its steps' files, loaded by the service for the whole answer), and tags and
 * folders, which belong to modules not built yet, so they are included empty (always
 * well-formed).
 */
import type { Asset } from '../../domain/files.js';
import type { TemplateView } from '../../services/templates/template-views.js';
import { presentAssets } from './present-asset.js';

/** The extra keys of each template of an answer (same order as `views`). */
export function templateRelations(
  views: readonly TemplateView[],
  requested: ReadonlySet<string>,
  assets: ReadonlyMap<string, Asset[]> | undefined,
  baseUrl: string,
): Array<Record<string, unknown>> {
  return views.map((view) => {
    const out: Record<string, unknown> = {};
    if (requested.has('tags')) out.tags = { data: [] };
    if (requested.has('folder')) out.folder = { data: null };
    if (requested.has('assets')) out.assets = presentAssets(assets?.get(view.template.id), baseUrl);
    return out;
  });
}
