import { Type } from 'typebox';
import type { ApiToken, CreatedApiToken } from '../../domain/tokens.js';
import { IsoDate, Nullable, NullableDate } from '../schemas/common.js';

const tokenProperties = {
  id: Type.String(),
  name: Nullable(Type.String()),
  created_at: IsoDate,
  expires_at: IsoDate,
  last_used_at: NullableDate,
};

/** A personal API token in a list: never its secret. */
export const ApiTokenSchema = Type.Object(tokenProperties);

/** A token just made: the only answer that carries `access_token`. */
export const CreatedApiTokenSchema = Type.Object({
  ...tokenProperties,
  token_type: Type.Literal('Bearer'),
  access_token: Type.String({ description: 'Shown this once; Flowlane keeps only its hash.' }),
});

export function presentApiToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    last_used_at: t.lastUsedAt,
  };
}

export function presentCreatedApiToken(t: CreatedApiToken) {
  return { ...presentApiToken(t), token_type: 'Bearer' as const, access_token: t.secret };
}
