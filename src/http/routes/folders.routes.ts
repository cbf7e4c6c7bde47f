import { Type } from 'typebox';
import type { Folder } from '../../domain/folders.js';
import { addObjectToFolder, removeFolderObject } from '../../services/folders/folder-objects.js';
import {
  childrenOf,
  createFolder,
  deleteFolder,
  type FolderView,
  getFolder,
  listFolders,
  updateFolder,
} from '../../services/folders/folders.js';
import { parseWith } from '../includes.js';
import { listBody, pageRequestFrom } from '../list.js';
import { requireActor } from '../plugins/auth.js';
import {
  FolderObjectSchema,
  FolderSchema,
  presentFolder,
  presentFolderObject,
  presentFolderWithChildren,
} from '../presenters/present-folder.js';
import { Envelope, ErrorResponses, ListEnvelope, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import {
  addObjectInputOf,
  createFolderInputOf,
  folderListInputOf,
  updateFolderInputOf,
} from './folders.inputs.js';
import {
  AddObjectBody,
  CreateFolderBody,
  FolderBody,
  FolderListQuery,
  FolderObjectParams,
  FolderParams,
  FolderWithQuery,
} from './folders.schemas.js';

const tags = ['Folder'];
const one = { 200: Envelope(FolderSchema), ...ErrorResponses };
const NoContent = { 204: Type.Null(), ...ErrorResponses };

export const folderRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/organizations/:org/folders',
    {
      schema: {
        tags,
        summary: 'List folders of a kind (folder_type, parent_id, q; sort title, updated, position, popular)',
        params: OrgParams,
        querystring: FolderListQuery,
        response: { 200: ListEnvelope(FolderSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageRequestFrom({
        ...q,
        without_pagination: q.without_pagination ?? q.pagination === false,
      });
      const result = await listFolders(ctx, requireActor(request), folderListInputOf(q), page);
      const withs = parseWith(q.with);
      return listBody(
        request,
        result,
        result.items.map((v) => present(v, withs)),
        ctx.config.publicUrl,
      );
    },
  );

  app.post(
    '/organizations/:org/folders',
    {
      schema: {
        tags,
        summary: 'Create a folder (folder_type run, or checklist for anything else; parent_id nests it)',
        params: OrgParams,
        body: CreateFolderBody,
        response: { 201: Envelope(FolderSchema), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const view = await createFolder(ctx, requireActor(request), createFolderInputOf(request.body));
      reply.status(201);
      return { data: present(view, new Set()) };
    },
  );

  app.get(
    '/organizations/:org/folders/:id',
    {
      schema: {
        tags,
        summary: 'Get a folder',
        params: FolderParams,
        querystring: FolderWithQuery,
        response: one,
      },
    },
    async (request) => {
      const view = await getFolder(ctx, requireActor(request), request.params.id);
      return { data: present(view, parseWith(request.query.with)) };
    },
  );

  app.put(
    '/organizations/:org/folders/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move (parent_id; null for the top level) or reorder (position) a folder',
        params: FolderParams,
        body: FolderBody,
        response: one,
      },
    },
    async (request) => {
      const view = await updateFolder(
        ctx,
        requireActor(request),
        request.params.id,
        updateFolderInputOf(request.body),
      );
      return { data: present(view, new Set()) };
    },
  );

  app.delete(
    '/organizations/:org/folders/:id',
    {
      schema: {
        tags,
        summary: 'Delete a folder: its sub-folders move up a level; what it holds is never deleted',
        params: FolderParams,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await deleteFolder(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/organizations/:org/folders/add-object',
    {
      schema: {
        tags,
        summary: 'File a process (Run) or task in a run folder',
        params: OrgParams,
        body: AddObjectBody,
        response: { 200: Envelope(FolderObjectSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { object, folder } = await addObjectToFolder(
        ctx,
        requireActor(request),
        addObjectInputOf(request.body),
      );
      return { data: presentFolderObject(object, folder) };
    },
  );

  app.delete(
    '/organizations/:org/folders-objects/:id',
    {
      schema: {
        tags,
        summary: 'Take a process or task out of a folder (the id add-object answered)',
        params: FolderObjectParams,
        response: NoContent,
      },
    },
    async (request, reply) => {
      await removeFolderObject(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

/** `with=children` (or `child`) nests the sub-folders; `with=parent` adds the parent folder. */
function present(view: FolderView, withs: ReadonlySet<string>) {
  const tree = { children: childrenOf(view.tree), totals: view.tree.totals };
  const base =
    withs.has('children') || withs.has('child')
      ? presentFolderWithChildren(view.folder, tree)
      : presentFolder(view.folder, view.total);
  if (!withs.has('parent')) return base;
  const parent: Folder | undefined = view.tree.folders.find((f) => f.id === view.folder.parentId);
  return {
    ...base,
    parent: { data: parent ? presentFolder(parent, view.tree.totals.get(parent.id) ?? 0) : null },
  };
}
