/**
 * Who may do what with templates. Admins and standard members create and edit them; light
 * members and guests are refused with a stable code; every member of the organization may
 * read them. The decisions come from the one policy (src/domain/policy.ts); this file says
 * which action each template operation is.
 */
import { forbidden } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import type { Actor, MemberActor } from '../context.js';

/** Creating a template (also import, clone, checklists-with-steps). */
export function assertCanCreateTemplate(actor: Actor): asserts actor is MemberActor {
  assertCan(actor, 'template.create');
}

/** Changing a template, its steps, form fields, kick-off fields or rules; archiving it. */
export function assertCanEditTemplate(actor: Actor): asserts actor is MemberActor {
  assertCan(actor, 'template.edit');
}

/** Reading templates: any member of the organization; guests only through their tasks. */
export function assertCanReadTemplates(actor: Actor): asserts actor is MemberActor {
  if (actor.kind !== 'user')
    throw forbidden('GUEST_NOT_PERMITTED', 'Guests can only work on their own tasks.');
}

/** Permanently deleting an archived template: administrators only. */
export function assertCanDeleteTemplate(actor: Actor): asserts actor is MemberActor {
  if (actor.kind !== 'user')
    throw forbidden('ADMIN_ONLY', 'Only administrators can permanently delete a template.');
  assertCan(
    actor,
    'template.delete_permanently',
    {},
    'Only administrators can permanently delete a template.',
  );
}
