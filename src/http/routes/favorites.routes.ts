import { Type } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { type Favorite, favoriteSubjectTypeOf } from '../../domain/favorites.js';
import {
  type FavoriteInput,
  starSubject,
  starSubjectForMembers,
  unstarSubject,
} from '../../services/favorites/favorites.js';
import { requireActor } from '../plugins/auth.js';
import { Envelope, ErrorResponses, OrgParams } from '../schemas/common.js';
import type { RouteModule } from '../types.js';

const tags = ['Favorites'];

const FavoriteBody = Type.Object(
  {
    subject_id: Type.String({ maxLength: 64 }),
    subject_type: Type.String({ maxLength: 32, description: 'Checklist | Run' }),
  },
  { additionalProperties: true },
);
const BulkFavoriteBody = Type.Object(
  {
    ...FavoriteBody.properties,
    users: Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: true },
);
const FavoriteSchema = Type.Object(
  { id: Type.String(), user_id: Type.Integer(), subject_id: Type.String(), subject_type: Type.String() },
  { additionalProperties: false },
);

const WIRE = { template: 'Checklist', process: 'Run' } as const;
const presentFavorite = (f: Favorite) => ({
  id: f.id,
  user_id: f.userId,
  subject_id: f.subjectId,
  subject_type: WIRE[f.subjectType],
});

function favoriteInputOf(body: { subject_id: string; subject_type: string }): FavoriteInput {
  const subjectType = favoriteSubjectTypeOf(body.subject_type);
  if (!subjectType)
    throw invalidFields('VALIDATION_FAILED', {
      subject_type: ['The subject_type must be Checklist or Run.'],
    });
  return { subjectType, subjectId: body.subject_id };
}

export const favoriteRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/organizations/:org/favorite',
    {
      schema: {
        tags,
        summary: 'Star a template (Checklist) or process (Run) for oneself',
        params: OrgParams,
        body: FavoriteBody,
        response: { 200: Envelope(FavoriteSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const favorite = await starSubject(ctx, requireActor(request), favoriteInputOf(request.body));
      return { data: presentFavorite(favorite) };
    },
  );

  app.delete(
    '/organizations/:org/favorite',
    {
      schema: {
        tags,
        summary: 'Unstar a template or process',
        params: OrgParams,
        body: FavoriteBody,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await unstarSubject(ctx, requireActor(request), favoriteInputOf(request.body));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/organizations/:org/favorite/bulk',
    {
      schema: {
        tags,
        summary:
          "Star a template or process for several members (administrators); answers each member's star",
        params: OrgParams,
        body: BulkFavoriteBody,
        response: { 200: Envelope(Type.Array(FavoriteSchema)), ...ErrorResponses },
      },
    },
    async (request) => {
      const favorites = await starSubjectForMembers(ctx, requireActor(request), {
        ...favoriteInputOf(request.body),
        userIds: request.body.users,
      });
      return { data: favorites.map(presentFavorite) };
    },
  );
};
