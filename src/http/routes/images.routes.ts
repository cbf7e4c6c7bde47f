import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.js';
import type { AppContext } from '../../services/context.js';
import {
  type ImageContent,
  imageUrl,
  readGroupLogo,
  readOrganizationLogo,
  readUserPicture,
  removeMemberPicture,
  removeOrganizationLogo,
  removeOwnPicture,
  setGroupLogoImage,
  setMemberPicture,
  setOrganizationLogo,
  setOwnPicture,
} from '../../services/files/images.js';
import { getCurrentUser } from '../../services/identity/me.js';
import { requireActor, requirePrincipal } from '../plugins/auth.js';
import { presentUser, UserSchema } from '../presenters/present-user.js';
import { Envelope, ErrorResponses } from '../schemas/common.js';
import type { RouteModule } from '../types.js';
import { uploadPartsOf } from './file-transfer.js';
import { MemberParams } from './members.schemas.js';

const HexId = Type.String({ minLength: 1, maxLength: 64 });
const ImageQuery = Type.Object({
  size: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('thumb')])),
});
const ImageBytes = { 200: Type.String({ description: 'image/png' }), ...ErrorResponses };
const LogoSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});
const UPLOAD_NOTE =
  'multipart/form-data with one image file (JPEG, PNG, WebP, GIF, AVIF or TIFF), at most MAX_IMAGE_UPLOAD_MB (413 beyond). The image is re-encoded as PNG (metadata dropped) and a thumbnail is made; 422 IMAGE_NOT_READABLE when it is not a readable image.';

/** Profile pictures, organization logos and group logos (services/files/images.ts). */
export const imageRoutes: RouteModule = (app, ctx) => {
  const userOne = { 200: Envelope(UserSchema), ...ErrorResponses };
  const logoOne = { 200: Envelope(LogoSchema), ...ErrorResponses };

  app.post(
    '/me/profile-pic',
    {
      schema: {
        tags: ['Member'],
        summary: 'Upload your profile picture',
        description: UPLOAD_NOTE,
        consumes: ['multipart/form-data'],
        response: userOne,
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      await setOwnPicture(ctx, principal, await imageUploadOf(ctx, request));
      return { data: presentUser(await getCurrentUser(ctx, principal)) };
    },
  );

  app.delete(
    '/me/profile-pic',
    { schema: { tags: ['Member'], summary: 'Remove your profile picture', response: userOne } },
    async (request) => {
      const principal = requirePrincipal(request);
      await removeOwnPicture(ctx, principal);
      return { data: presentUser(await getCurrentUser(ctx, principal)) };
    },
  );

  app.post(
    '/organizations/:org/users/:user_id/profile-pic',
    {
      schema: {
        tags: ['Member'],
        summary: "Upload a member's profile picture (administrators)",
        description: UPLOAD_NOTE,
        consumes: ['multipart/form-data'],
        params: MemberParams,
        response: userOne,
      },
    },
    async (request) => {
      const bytes = await imageUploadOf(ctx, request);
      const member = await setMemberPicture(ctx, requireActor(request), request.params.user_id, bytes);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  app.delete(
    '/organizations/:org/users/:user_id/profile-pic',
    {
      schema: {
        tags: ['Member'],
        summary: "Remove a member's profile picture (administrators)",
        params: MemberParams,
        response: userOne,
      },
    },
    async (request) => {
      const member = await removeMemberPicture(ctx, requireActor(request), request.params.user_id);
      return { data: presentUser(member.user, member.membership) };
    },
  );

  for (const [url, size] of [
    ['/users-picture/:id', 'full'],
    ['/users-picture-thumb/:id', 'thumb'],
  ] as const) {
    app.get(
      url,
      {
        schema: {
          tags: ['File'],
          summary: size === 'full' ? 'A profile picture' : 'A profile picture thumbnail (128 px square)',
          description: 'For members who share an organization with the picture’s owner; others get 404.',
          params: Type.Object({ id: HexId }),
          response: ImageBytes,
        },
      },
      async (request, reply) =>
        sendImage(reply, await readUserPicture(ctx, requirePrincipal(request), request.params.id, size)),
    );
  }

  app.post(
    '/organizations/:org/logo',
    {
      schema: {
        tags: ['Organization'],
        summary: "Upload the organization's logo (administrators)",
        description: UPLOAD_NOTE,
        consumes: ['multipart/form-data'],
        params: Type.Object({ org: Type.String() }),
        response: logoOne,
      },
    },
    async (request) => {
      const image = await setOrganizationLogo(ctx, requireActor(request), await imageUploadOf(ctx, request));
      return { data: { id: image.id, url: imageUrl(ctx, image), width: image.width, height: image.height } };
    },
  );

  app.get(
    '/organizations/:org/logo/:ID',
    {
      schema: {
        tags: ['Organization'],
        summary: "The organization's logo (size=thumb for the thumbnail)",
        params: Type.Object({ org: Type.String(), ID: HexId }),
        querystring: ImageQuery,
        response: ImageBytes,
      },
    },
    async (request, reply) => {
      const size = request.query.size ?? 'full';
      return sendImage(
        reply,
        await readOrganizationLogo(ctx, requireActor(request), request.params.ID, size),
      );
    },
  );

  app.delete(
    '/organizations/:org/logo/:ID',
    {
      schema: {
        tags: ['Organization'],
        summary: "Remove the organization's logo (administrators)",
        params: Type.Object({ org: Type.String(), ID: HexId }),
        response: { 200: Envelope(Type.Null()), ...ErrorResponses },
      },
    },
    async (request) => {
      await removeOrganizationLogo(ctx, requireActor(request), request.params.ID);
      return { data: null };
    },
  );

  app.post(
    '/organizations/:org/groups/:group_id/logo',
    {
      schema: {
        tags: ['Group'],
        summary: "Upload a group's logo",
        description: UPLOAD_NOTE,
        consumes: ['multipart/form-data'],
        params: Type.Object({ org: Type.String(), group_id: HexId }),
        response: logoOne,
      },
    },
    async (request) => {
      const bytes = await imageUploadOf(ctx, request);
      const image = await setGroupLogoImage(ctx, requireActor(request), request.params.group_id, bytes);
      return { data: { id: image.id, url: imageUrl(ctx, image), width: image.width, height: image.height } };
    },
  );

  app.get(
    '/:org/organization-assets/groups/:asset',
    {
      schema: {
        tags: ['Group'],
        summary: "A group's logo (size=thumb for the thumbnail)",
        params: Type.Object({ org: Type.String(), asset: HexId }),
        querystring: ImageQuery,
        response: ImageBytes,
      },
    },
    async (request, reply) => {
      const size = request.query.size ?? 'full';
      return sendImage(reply, await readGroupLogo(ctx, requireActor(request), request.params.asset, size));
    },
  );
};

/**
 * The one image file of a multipart upload, read whole (the re-encoder needs all of it) up
 * to MAX_IMAGE_UPLOAD_MB: 413 FILE_TOO_LARGE past it, 422 FILE_REQUIRED without a file.
 */
async function imageUploadOf(ctx: AppContext, request: FastifyRequest): Promise<Buffer> {
  const max = ctx.config.files.maxImageBytes;
  let image: Buffer | undefined;
  for await (const part of uploadPartsOf(request, max)) {
    if (part.kind !== 'file' || image) continue;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.stream) {
      size += (chunk as Buffer).length;
      if (size > max) {
        throw new AppError('FILE_TOO_LARGE', `The image may not be larger than ${max / (1024 * 1024)} MB.`);
      }
      chunks.push(chunk as Buffer);
    }
    image = Buffer.concat(chunks);
  }
  if (!image || image.length === 0)
    throw new AppError('FILE_REQUIRED', 'Send the image as a multipart file.');
  return image;
}

/** Our own PNG, never sniffed, never a page; private to those allowed to see it. */
function sendImage(reply: FastifyReply, image: ImageContent) {
  return reply
    .header('content-type', image.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=300')
    .send(image.stream);
}
