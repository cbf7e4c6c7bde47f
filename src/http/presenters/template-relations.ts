/**
 * Relations a template representation can include besides its steps: `assets` (the
 * template's and its steps' files, one query for the whole answer), its tags and its folder.
 */
import type { AppContext } from '../../services/context.js';
import type { TemplateView } from '../../services/templates/template-views.js';
import { type IncludeLoader, loadIncludes } from '../includes.js';
import { folderInclude, tagsInclude } from '../organize-includes.js';
import { assetsInclude } from './present-asset.js';

/** The extra keys of each template of an answer (same order as `views`). */
export async function templateRelations(
  ctx: AppContext,
  organizationId: string,
  views: readonly TemplateView[],
  requested: ReadonlySet<string>,
  baseUrl: string,
): Promise<Array<Record<string, unknown>>> {
  const assets = assetsInclude<{ id: string }>(ctx, organizationId, 'Checklist', baseUrl);
  const loaders: Record<string, IncludeLoader<TemplateView>> = {
    tags: tagsInclude<TemplateView>(ctx, organizationId, 'template', (v) => v.template.id),
    folder: folderInclude<TemplateView>(ctx, organizationId, (v) => v.template.folderId),
    assets: async (items, names) => {
      const pick = await assets(
        items.map((v) => v.template),
        names,
      );
      return (view) => pick(view.template);
    },
  };
  return loadIncludes(views, requested, loaders);
}
