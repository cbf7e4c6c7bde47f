/** Request schemas of the guest-facing task routes (`…/guests/{guest_code}/…`, no token). */
import { Type } from 'typebox';

const org = Type.String({ description: 'Organization id' });
const guestCode = Type.String({ description: "The guest's secret code (from their forever link)" });
const task = Type.String({ description: 'Task id' });

export const GuestCodeParams = Type.Object({ org, guest_code: guestCode });

/** Routes members also call with the guest's e-mail (URL-encoded) in place of the code. */
export const GuestCodeOrEmailParams = Type.Object({
  org,
  guest_code: Type.String({ description: "The guest's code, or (members) the guest's e-mail" }),
});

export const GuestTaskParams = Type.Object({ org, guest_code: guestCode, task_id: task });
export const GuestRunParams = Type.Object({ org, guest_code: guestCode, run_id: Type.String() });
export const GuestCommentParams = Type.Object({
  org,
  guest_code: guestCode,
  task_id: task,
  comment_id: Type.Integer({ minimum: 1 }),
});

/** The body, if any, of a guest's completion: the decision on an approval task. */
export const GuestCompleteBody = Type.Union([
  Type.Object({ is_approved: Type.Optional(Type.Boolean()) }, { additionalProperties: true }),
  Type.Null(),
]);

export const GuestFormValueBody = Type.Object(
  {
    id: Type.String({ description: 'Form field id' }),
    form_value: Type.Unknown(),
    task_id: Type.Optional(Type.String({ description: 'The task whose field this is' })),
  },
  { additionalProperties: true },
);

/** The spec's guestThreadInput: a guest writes content only. */
export const GuestThreadBody = Type.Object({ content: Type.String() }, { additionalProperties: true });

export const GuestResolveBody = Type.Object(
  { thread_id: Type.Integer({ minimum: 1 }), content: Type.String() },
  { additionalProperties: true },
);

export const GuestRunListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  without_pagination: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ description: 'Search process names' })),
  sort: Type.Optional(Type.String({ description: '-dueDate, created_at, -created_at, name, -name' })),
  with: Type.Optional(Type.String({ description: 'checklist' })),
});
