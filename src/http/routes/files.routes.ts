/**
 * Files: upload (`POST …/file`, aliases `…/assets`, `…/files`, `…/upload`),
 * metadata (`GET …/assets/{id}`; `GET …/file/{id}` when the caller accepts JSON), bytes
 * (`GET …/file/{id}/dl` and `…/download-files/{id}` as an attachment; `GET …/file/{id}`
 * inline for any other Accept), archive (`DELETE …/assets/{id}`) and delete (`DELETE
 * …/file/{id}`: the record, and the bytes when no other file shares them).
 */
import { Type } from 'typebox';
import { archiveAsset, deleteAsset, getAsset, openAsset } from '../../services/files/assets.js';
import { uploadMemberFile } from '../../services/files/upload-file.js';
import { baseUrlOf } from '../base-url.js';
import { requireActor } from '../plugins/auth.js';
import { AssetSchema, presentAsset } from '../presenters/present-asset.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { BinaryBody, sendContent, TooLarge, uploadPartsOf, wantsJson } from './file-transfer.js';

const FileParams = Type.Object({ org: Type.String(), id: Type.String({ description: 'Asset id' }) });
const OneAsset = Envelope(AssetSchema);

/** The upload form, for the documentation: multipart bodies are read by the handler. */
export const UploadForm = Type.Object(
  {
    name: Type.Optional(Type.String({ format: 'binary', description: 'The file (also accepted as `file`)' })),
    subject_type: Type.String({ description: 'Run | Checklist | Task | Step' }),
    subject_id: Type.String({ description: 'Process, template, task or template step id' }),
    uploaded_from: Type.Optional(
      Type.String({ description: 'Form field id, or ko_field for a kick-off field' }),
    ),
    step_id: Type.Optional(Type.String()),
    checklist_id: Type.Optional(Type.String()),
    source: Type.Optional(Type.String({ description: 'local (default) | url' })),
    system: Type.Optional(Type.String({ description: 'Dropbox, Box, OneDrive, ShareFile, Google Drive, …' })),
  },
  { additionalProperties: true },
);

export const fileRoutes: RouteModule = (app, ctx) => {
  for (const path of [
    '/organizations/:org/file',
    '/organizations/:org/assets',
    '/organizations/:org/files',
    '/organizations/:org/upload',
  ]) {
    app.post(
      path,
      {
        schema: {
          tags: ['File'],
          summary: 'Upload a file for a process, task, template (kick-off field) or template step',
          description:
            'multipart/form-data. The file is streamed to storage and limited to MAX_UPLOAD_MB (413 beyond). Allowed types: xlsx xls pptx docx ppt doc rtf pdf txt mpga mov qt mp4 webm jpg jpeg gif png ai psd zip xml xps dwg csv tif bmp. Uploading does not fill the form field: put the answered asset in `taskdata` / `prerun` afterwards.',
          consumes: ['multipart/form-data'],
          params: Type.Object({ org: Type.String() }),
          body: Type.Union([UploadForm, Type.Unknown()]),
          response: { 200: OneAsset, ...ErrorResponses, ...TooLarge },
        },
      },
      async (request) => {
        const parts = uploadPartsOf(request, ctx.config.files.maxUploadBytes);
        const asset = await uploadMemberFile(ctx, requireActor(request), parts);
        return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
      },
    );
  }

  app.get(
    '/organizations/:org/assets/:id',
    {
      schema: {
        tags: ['File'],
        summary: "A file's metadata",
        params: FileParams,
        response: { 200: OneAsset, ...ErrorResponses },
      },
    },
    async (request) => {
      const asset = await getAsset(ctx, requireActor(request), request.params.id);
      return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
    },
  );

  app.get(
    '/organizations/:org/file/:id',
    {
      schema: {
        tags: ['File'],
        summary: "A file's metadata (Accept: application/json) or its bytes, inline (any other Accept)",
        params: FileParams,
        response: { 200: OneAsset, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!wantsJson(request))
        return sendContent(reply, await openAsset(ctx, actor, request.params.id), 'inline');
      const asset = await getAsset(ctx, actor, request.params.id);
      return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
    },
  );

  for (const path of ['/organizations/:org/file/:id/dl', '/organizations/:org/download-files/:id']) {
    app.get(
      path,
      {
        schema: {
          tags: ['File'],
          summary: 'Download a file (streamed, as an attachment)',
          params: FileParams,
          response: { 200: BinaryBody, ...ErrorResponses },
        },
      },
      async (request, reply) =>
        sendContent(reply, await openAsset(ctx, requireActor(request), request.params.id), 'attachment'),
    );
  }

  app.delete(
    '/organizations/:org/assets/:id',
    {
      schema: {
        tags: ['File'],
        summary: 'Archive a file (kept, but no longer listed or accepted in form values)',
        params: FileParams,
        response: { 200: OneAsset, ...ErrorResponses },
      },
    },
    async (request) => {
      const asset = await archiveAsset(ctx, requireActor(request), request.params.id);
      return { data: presentAsset(asset, baseUrlOf(request, ctx.config.publicUrl)) };
    },
  );

  app.delete(
    '/organizations/:org/file/:id',
    {
      schema: {
        tags: ['File'],
        summary: 'Delete a file: its record, and its bytes unless another file has the same content',
        params: FileParams,
        response: { 200: Type.Null({ description: 'null' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteAsset(ctx, requireActor(request), request.params.id);
      return reply.status(200).send(null);
    },
  );
};
