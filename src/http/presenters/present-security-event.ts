import { Type } from 'typebox';
import { SECURITY_EVENTS, type SecurityEvent } from '../../domain/security-events.js';
import { Nullable } from '../schemas/common.js';

export const SecurityEventSchema = Type.Object({
  id: Type.Integer(),
  user_id: Nullable(Type.Integer()),
  event: Type.String({ description: SECURITY_EVENTS.join(' | ') }),
  outcome: Type.String({ description: 'succeeded | failed | no_active_membership | locked' }),
  client_address: Nullable(Type.String()),
  created_at: Type.String(),
});

export function presentSecurityEvent(e: SecurityEvent) {
  return {
    id: e.id,
    user_id: e.userId,
    event: e.event,
    outcome: e.outcome,
    client_address: e.clientAddress,
    created_at: e.createdAt,
  };
}
