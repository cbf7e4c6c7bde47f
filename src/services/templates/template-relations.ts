import type { TemplateRelations } from '../../domain/views.js';
import type { AppContext } from '../context.js';
import { loadAssetsForSubjects } from '../files/file-values.js';
import { loadFoldersByIds } from '../folders/folder-includes.js';
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
  const [assets, tags, folders] = await Promise.all([
    wants('assets') ? loadAssetsForSubjects(ctx, organizationId, 'Checklist', ids) : undefined,
    wants('tags') ? loadTagsOfSubjects(ctx, organizationId, 'template', ids) : undefined,
    wants('folder') ? loadFoldersByIds(ctx, organizationId, folderIds) : undefined,
  ]);
  const relations: TemplateRelations = {};
  if (assets) relations.assets = assets;
  if (tags) relations.tags = tags;
  if (folders) relations.folders = folders;
  return relations;
}
