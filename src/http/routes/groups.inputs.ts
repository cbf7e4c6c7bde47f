/** Group bodies (wire) → the typed input of the group services; other keys (e.g. `users`, `id`) are ignored. */
import type { Static } from 'typebox';
import type { GroupInput } from '../../services/people/groups.js';
import type { GroupBody } from './groups.routes.js';

export function groupInputOf(body: Static<typeof GroupBody>): GroupInput {
  return { name: body.name, description: body.description, members: body.members, guests: body.guests };
}
