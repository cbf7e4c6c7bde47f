/**
 * A guest's files, through their guest code (no token): upload to their own task, read and
 * download the files of their tasks, delete what they uploaded.
 */
import { Type } from 'typebox';
import { deleteGuestAsset, getGuestAsset, openGuestAsset } from '../../services/files/assets.js';
import { uploadGuestTaskFile } from '../../services/files/upload-file.js';
import { baseUrlOf } from '../base-url.js';
import { requireGuest } from '../plugins/auth.js';
import { AssetSchema, presentAsset } from '../presenters/present-asset.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { BinaryBody, sendContent, TooLarge, uploadPartsOf, wantsJson } from './file-transfer.js';
import { UploadForm } from './files.routes.js';

const guestCode = Type.String({ description: "The guest's secret code (from their forever link)" });
const TaskParams = Type.Object({ org: Type.String(), guest_code: guestCode, task_id: Type.String() });
const TaskFileParams = Type.Object({
  org: Type.String(),
  guest_code: guestCode,
  task_id: Type.String(),
  file_id: Type.String(),
});
const FileParams = Type.Object({ org: Type.String(), guest_code: guestCode, id: Type.String() });
const OneAsset = Envelope(AssetSchema);
const guestOnly = { security: [], tags: ['Guest'] };

export const guestFileRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/organizations/:org/guests/:guest_code/tasks/:task_id/file',
    {
      schema: {
        ...guestOnly,
        summary: "Upload a file to one of the guest's own tasks",
        consumes: ['multipart/form-data'],
        params: TaskParams,
        body: Type.Union([Type.Omit(UploadForm, ['subject_type', 'subject_id']), Type.Unknown()]),
        response: { 200: OneAsset, ...ErrorResponses, ...TooLarge },
      },
    },
    async (request) => {
      const parts = uploadPartsOf(request, ctx.config.files.maxUploadBytes);
      const asset = await uploadGuestTaskFile(ctx, requireGuest(request), request.params.task_id, parts);
      return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/tasks/:task_id/file/:file_id',
    {
      schema: {
        ...guestOnly,
        summary: "A file of the guest's task: metadata (Accept: application/json) or its bytes",
        params: TaskFileParams,
        response: { 200: OneAsset, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { file_id, task_id } = request.params;
      const guest = requireGuest(request);
      if (!wantsJson(request))
        return sendContent(reply, await openGuestAsset(ctx, guest, file_id, task_id), 'inline');
      const asset = await getGuestAsset(ctx, guest, file_id, task_id);
      return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
    },
  );

  app.delete(
    '/organizations/:org/guests/:guest_code/tasks/:task_id/file/:file_id',
    {
      schema: {
        ...guestOnly,
        summary: 'Delete a file the guest uploaded to their task',
        params: TaskFileParams,
        response: { 200: Type.Null({ description: 'null' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { file_id, task_id } = request.params;
      await deleteGuestAsset(ctx, requireGuest(request), file_id, task_id);
      return reply.status(200).send(null);
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/file/:id',
    {
      schema: {
        ...guestOnly,
        summary: "A file of one of the guest's tasks: metadata (Accept: application/json) or its bytes",
        params: FileParams,
        response: { 200: OneAsset, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const guest = requireGuest(request);
      if (!wantsJson(request))
        return sendContent(reply, await openGuestAsset(ctx, guest, request.params.id), 'inline');
      const asset = await getGuestAsset(ctx, guest, request.params.id);
      return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
    },
  );

  app.get(
    '/organizations/:org/guests/:guest_code/file/:id/dl',
    {
      schema: {
        ...guestOnly,
        summary: "Download a file of one of the guest's tasks",
        params: FileParams,
        response: { 200: BinaryBody, ...ErrorResponses },
      },
    },
    async (request, reply) =>
      sendContent(reply, await openGuestAsset(ctx, requireGuest(request), request.params.id), 'attachment'),
  );
};
