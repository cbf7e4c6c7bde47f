import { Type } from 'typebox';

/** Column sizes of `users` the profile fields are bounded by. */
const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** The spec's accountsInput: every field optional; unknown keys (a `role`, say) are ignored. */
export const AccountBody = Type.Object(
  {
    first_name: Text(32),
    last_name: Text(32),
    phone: Text(40),
    job_title: Text(200),
    job_description: Text(2000),
    team: Text(200),
    timezone: Text(64),
    country_id: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    date_format: Text(16),
  },
  { additionalProperties: true },
);

/** accountsInput as administrators send it for someone else, with the role. */
export const MemberAccountBody = Type.Object(
  {
    ...AccountBody.properties,
    role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('standard'), Type.Literal('light')])),
  },
  { additionalProperties: true },
);

export const PasswordBody = Type.Object(
  {
    old_password: Type.String({ minLength: 1, maxLength: 1024 }),
    new_password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: true },
);

export const EmailBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({
      minLength: 1,
      maxLength: 1024,
      description: 'The caller’s own current password',
    }),
  },
  { additionalProperties: true },
);

export const SetNewAdminBody = Type.Object(
  { new_admin_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) },
  { additionalProperties: true },
);

export const CurrentUserParams = Type.Object({
  user_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Your own user id' }),
});

export const ConfirmEmailParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
