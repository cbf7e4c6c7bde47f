import type { TagAttachment } from '../../domain/tags.js';
import type { TemplateRelations } from '../../domain/views.js';
import type { AppContext } from '../context.js';
import { loadAssetsForSubjects } from '../files/file-values.js';
import { loadFoldersByIds } from '../folders/folder-includes.js';
import { loadStagesOfSubjects } from '../stages/stage-includes.js';
import { loadTagsOfSubjects } from '../tags/tag-includes.js';
import type { TemplateView } from './template-views.js';

export type { TemplateRelations };

export async function loadTemplateRelations(
  ctx: AppContext,
  organizationId: string,
  views: readonly TemplateView[],
  requested: ReadonlySet<string>,
): Promise<TemplateRelations> {
  const wants = (name: string) => views.length > 0 && requested.has(name);
  const ids = views.map((v) => v.template.id);
  const folderIds = [
    ...new Set(views.map((v) => v.template.folderId).filter((id): id is string => id !== null)),
  ];
  const stepIds = views.flatMap((v) => (v.steps ?? []).map((s) => s.id));
  const [assets, tags, folders, stepTags, stages] = await Promise.all([
    wants('assets') ? loadAssetsForSubjects(ctx, organizationId, 'Checklist', ids) : undefined,
    wants('tags') ? loadTagsOfSubjects(ctx, organizationId, 'template', ids) : undefined,
    wants('folder') ? loadFoldersByIds(ctx, organizationId, folderIds) : undefined,
    stepIds.length > 0 ? loadStepTags(ctx, organizationId, stepIds) : undefined,
    wants('stages') ? loadStagesOfSubjects(ctx, organizationId, 'template', ids) : undefined,
  ]);
  const relations: TemplateRelations = {};
  if (assets) relations.assets = assets;
  if (tags) relations.tags = tags;
  if (folders) relations.folders = folders;
  if (stepTags) relations.stepTags = stepTags;
  if (stages) relations.stages = stages;
  return relations;
}

/** The tags of many steps in one query (each id a key, possibly with []). */
export function loadStepTags(
  ctx: AppContext,
  organizationId: string,
  stepIds: readonly string[],
): Promise<Map<string, TagAttachment[]>> {
  return loadTagsOfSubjects(ctx, organizationId, 'step', stepIds);
}
