/**
 * Relations a template representation can include besides its steps: `assets` (the
 * template's and its steps' files), its tags and its folder, and its steps with their tags,
 * presented from what the
 * service loaded for the whole answer (services/templates/template-relations.ts).
 */
import type { TemplateRelations, TemplateView } from '../../domain/views.js';
import { wrap } from '../includes.js';
import { presentAssets } from './present-asset.js';
import { presentFolder } from './present-folder.js';
import { presentStageDefinition } from './present-stage.js';
import { presentStep } from './present-step.js';
import { presentTagLink } from './present-tag.js';

/** The extra keys of each template of an answer (same order as `views`). */
export function templateRelations(
  views: readonly TemplateView[],
  requested: ReadonlySet<string>,
  relations: TemplateRelations,
  baseUrl: string,
): Array<Record<string, unknown>> {
  return views.map((view) => {
    const { template } = view;
    const out: Record<string, unknown> = {};
    if (requested.has('tags'))
      out.tags = wrap(
        (relations.tags?.get(template.id) ?? []).map(({ link, tag }) => presentTagLink(link, tag)),
      );
    if (requested.has('folder')) {
      const folder = template.folderId ? relations.folders?.get(template.folderId) : undefined;
      out.folder = wrap(folder ? presentFolder(folder, 0) : null);
    }
    if (requested.has('stages'))
      out.stages = wrap((relations.stages?.get(template.id) ?? []).map(presentStageDefinition));
    if (requested.has('assets')) out.assets = presentAssets(relations.assets?.get(template.id), baseUrl);
    if (view.steps) {
      const context = { templateId: template.id, fallbackTime: template.createdAt };
      const tagsOf = (id: string) => relations.stepTags?.get(id) ?? [];
      out.steps = { data: view.steps.map((s) => presentStep(s, context, tagsOf(s.id))) };
    }
    return out;
  });
}
