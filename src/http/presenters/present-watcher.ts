import { Type } from 'typebox';
import { type Watcher, wireObjectType } from '../../domain/watchers.js';
import { IsoDate, Nullable } from '../schemas/common.js';

/** The spec's `Watch`; `watcher` (the member) is added with `with=watcher`. */
export const WatcherSchema = Type.Object(
  {
    id: Type.Integer(),
    organization_id: Type.String(),
    user_id: Type.Integer(),
    guest_id: Nullable(Type.Integer()),
    created_by: Type.Integer(),
    object_id: Type.String(),
    object_type: Type.String(),
    frequency: Type.String(),
    webhook: Nullable(Type.String()),
    notification_type: Type.String(),
    is_system_watch: Type.Boolean(),
    created_at: IsoDate,
    last_updated: IsoDate,
  },
  { additionalProperties: true },
);

export function presentWatcher(w: Watcher) {
  return {
    id: w.id,
    organization_id: w.organizationId,
    user_id: w.userId,
    guest_id: null,
    created_by: w.createdBy,
    object_id: w.objectId,
    object_type: wireObjectType(w.objectType),
    frequency: w.frequency,
    webhook: w.webhook,
    notification_type: w.notificationType,
    is_system_watch: w.isSystemWatch,
    created_at: w.createdAt,
    last_updated: w.lastUpdated,
  };
}
