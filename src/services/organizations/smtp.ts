/**
 * An organization's own SMTP connection: admins save it (`POST …/smtp`), switch it on and
 * off (`PUT …/enable-smtp`), and while it is on the e-mail job sends that organization's
 * mail through it. The password is sealed with the instance secret and never read back.
 */
import type { OrganizationSmtpTarget } from '../../adapters/index.js';
import {
  findEnabledSmtpOf,
  findOrganizationSmtp,
  setSmtpEnabled,
  upsertOrganizationSmtp,
} from '../../db/repositories/organization-smtp-repository.js';
import { FieldErrorCollector, invalidFields, rejected } from '../../domain/errors.js';
import { isValidEmail, normalizeEmail } from '../../domain/identity.js';
import {
  checkSmtpHost,
  type OrganizationSmtp,
  SMTP_ENCRYPTIONS,
  type SmtpEncryption,
} from '../../domain/organization-settings.js';
import { assertCan } from '../../domain/policy.js';
import { type AppContext, inTransaction, type MemberActor, nowIso } from '../context.js';
import { actorRef, recordActivities } from '../events/record.js';
import { openOrganizationSecret, sealOrganizationSecret } from './secrets.js';

const PURPOSE = 'smtp-password';

/** A save. `password` absent keeps the stored one; an empty one removes it. */
export interface SaveSmtpInput {
  host: string;
  port: number | string;
  username?: string | null | undefined;
  password?: string | null | undefined;
  fromAddress: string;
  fromName?: string | null | undefined;
  encryption?: string | undefined;
}

export async function getOrganizationSmtp(
  ctx: AppContext,
  actor: MemberActor,
): Promise<OrganizationSmtp | undefined> {
  assertCan(actor, 'organization.manage_smtp');
  return findOrganizationSmtp(ctx.db.kysely, actor.organizationId);
}

export async function saveOrganizationSmtp(
  ctx: AppContext,
  actor: MemberActor,
  input: SaveSmtpInput,
): Promise<OrganizationSmtp> {
  assertCan(actor, 'organization.manage_smtp');
  const fields = validateSmtp(ctx, input);
  const sealed =
    typeof input.password === 'string' && input.password !== ''
      ? await sealOrganizationSecret(ctx, actor.organizationId, PURPOSE, input.password)
      : undefined;
  return inTransaction(ctx, async (tx) => {
    const before = await findOrganizationSmtp(tx.db.kysely, actor.organizationId);
    const passwordSecret = sealed ?? (input.password === undefined ? (before?.passwordSecret ?? null) : null);
    await upsertOrganizationSmtp(
      tx.db.kysely,
      {
        organizationId: actor.organizationId,
        ...fields,
        passwordSecret,
        enabled: before?.enabled ?? false,
        updatedBy: actor.userId,
      },
      nowIso(tx),
    );
    const after = await findOrganizationSmtp(tx.db.kysely, actor.organizationId);
    if (!after) throw new Error('the SMTP settings just saved are missing');
    await recordActivities(tx, actor.organizationId, actorRef(actor), [
      {
        action: 'updated',
        objectType: 'organization',
        objectId: actor.organizationId,
        field: 'smtp',
        oldValue: before ? auditView(before) : null,
        newValue: { ...auditView(after), password_changed: sealed !== undefined || input.password === '' },
      },
    ]);
    return after;
  });
}

export async function setOrganizationSmtpEnabled(
  ctx: AppContext,
  actor: MemberActor,
  enabled: boolean,
): Promise<OrganizationSmtp> {
  assertCan(actor, 'organization.manage_smtp');
  return inTransaction(ctx, async (tx) => {
    const before = await findOrganizationSmtp(tx.db.kysely, actor.organizationId);
    if (!before) {
      if (!enabled) throw rejected('SMTP_NOT_CONFIGURED', 'This organization has no SMTP connection.');
      throw rejected('SMTP_NOT_CONFIGURED', 'Save the SMTP connection before turning it on.');
    }
    await setSmtpEnabled(tx.db.kysely, actor.organizationId, enabled, actor.userId, nowIso(tx));
    await recordActivities(tx, actor.organizationId, actorRef(actor), [
      {
        action: 'updated',
        objectType: 'organization',
        objectId: actor.organizationId,
        field: 'enable_custom_smtp',
        oldValue: before.enabled,
        newValue: enabled,
      },
    ]);
    return { ...before, enabled };
  });
}

/** What the activity feed keeps of a connection: everything but the password. */
function auditView(smtp: OrganizationSmtp) {
  return {
    host: smtp.host,
    port: smtp.port,
    username: smtp.username,
    from_address: smtp.fromAddress,
    from_name: smtp.fromName,
    encryption: smtp.encryption,
    has_password: smtp.passwordSecret !== null,
  };
}

function validateSmtp(ctx: AppContext, input: SaveSmtpInput) {
  const errors = new FieldErrorCollector();
  const host = input.host.trim().toLowerCase();
  const hostProblem = checkSmtpHost(host, ctx.config.organizations.smtpAllowPrivate);
  const port = typeof input.port === 'number' ? input.port : Number(String(input.port).trim());
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    errors.add('port', 'The port must be from 1 to 65535.');
  const fromAddress = normalizeEmail(input.fromAddress);
  if (!isValidEmail(fromAddress))
    errors.add('from_address', 'The from address must be a valid e-mail address.');
  const encryption = (input.encryption?.trim().toLowerCase() || 'tls') as SmtpEncryption;
  if (!SMTP_ENCRYPTIONS.includes(encryption))
    errors.add('encryption', `The encryption must be one of ${SMTP_ENCRYPTIONS.join(', ')}.`);
  if (hostProblem && !hostProblem.refused) errors.add('host', hostProblem.message);
  errors.throwIfAny();
  if (hostProblem) throw invalidFields('SMTP_HOST_NOT_ALLOWED', { host: [hostProblem.message] });
  return {
    host,
    port,
    username: input.username?.trim() || null,
    fromAddress,
    fromName: input.fromName?.trim() || null,
    encryption,
  };
}

export type SmtpTargetResult = { ok: true; target: OrganizationSmtpTarget } | { ok: false; error: string };

/**
 * The enabled connections of these organizations with their passwords opened, in one
 * query: what the e-mail job sends each organization's mail through.
 */
export async function organizationSmtpTargets(
  ctx: AppContext,
  organizationIds: readonly string[],
): Promise<Map<string, SmtpTargetResult>> {
  const rows = await findEnabledSmtpOf(ctx.db.kysely, organizationIds);
  const result = new Map<string, SmtpTargetResult>();
  for (const [orgId, smtp] of rows) {
    const password = smtp.passwordSecret
      ? await openOrganizationSecret(ctx, orgId, PURPOSE, smtp.passwordSecret)
      : null;
    if (password === undefined) {
      result.set(orgId, {
        ok: false,
        error:
          "The organization's SMTP password cannot be decrypted (was the instance secret changed?). Save it again.",
      });
      continue;
    }
    result.set(orgId, {
      ok: true,
      target: {
        organizationId: orgId,
        version: smtp.updatedAt,
        host: smtp.host,
        port: smtp.port,
        encryption: smtp.encryption,
        username: smtp.username,
        password,
        fromAddress: smtp.fromAddress,
        fromName: smtp.fromName,
      },
    });
  }
  return result;
}
