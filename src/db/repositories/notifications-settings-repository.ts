/** Notification settings of members and guests, their digest times, organizations' lead times. */
import { sql } from 'kysely';
import type {
  NOTIFICATION_CATEGORIES,
  NotificationPreference,
  NotificationSettings,
  Recipient,
} from '../../domain/notifications.js';
import type { Db } from '../database.js';
import { dialectOf, lockSkipLocked } from '../dialect.js';
import type { NotificationSettingsTable } from '../tables/notifications.js';

function toSettings(row: NotificationSettingsTable): NotificationSettings {
  const pick = (v: string) => v as NotificationPreference;
  return {
    categories: {
      assigned: pick(row.assigned),
      reminders: pick(row.reminders),
      comments: pick(row.comments),
      problems: pick(row.problems),
      processes: pick(row.processes),
    },
    digestHour: row.digest_hour,
  };
}

/** Stored settings of the recipients, keyed `type:id`; absent ones use the defaults. */
export async function findSettings(
  db: Db,
  organizationId: string,
  recipients: readonly Recipient[],
): Promise<Map<string, NotificationSettings>> {
  const result = new Map<string, NotificationSettings>();
  for (const type of ['user', 'guest'] as const) {
    const ids = [...new Set(recipients.filter((r) => r.type === type).map((r) => r.id))];
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom('notification_settings')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('recipient_type', '=', type)
      .where('recipient_id', 'in', ids)
      .execute();
    for (const row of rows) result.set(`${type}:${row.recipient_id}`, toSettings(row));
  }
  return result;
}

/**
 * Writes the settings; `nextDigestAt` is recomputed by the caller whenever the hour changes.
 * One statement (insert or update), so two saves at once leave one row.
 */
export async function saveSettings(
  db: Db,
  organizationId: string,
  recipient: Recipient,
  settings: NotificationSettings,
  nextDigestAt: string | null,
  now: string,
): Promise<void> {
  const values = {
    ...settings.categories,
    digest_hour: settings.digestHour,
    next_digest_at: nextDigestAt,
    updated_at: now,
  };
  await db
    .insertInto('notification_settings')
    .values({
      organization_id: organizationId,
      recipient_type: recipient.type,
      recipient_id: recipient.id,
      last_digest_at: null,
      ...values,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'recipient_type', 'recipient_id']).doUpdateSet(values))
    .execute();
}

/** Sets one category to `off` (the one-click unsubscribe), creating the row from defaults. */
export async function turnCategoryOff(
  db: Db,
  organizationId: string,
  recipient: Recipient,
  category: (typeof NOTIFICATION_CATEGORIES)[number],
  defaults: NotificationSettings,
  now: string,
): Promise<void> {
  await db
    .insertInto('notification_settings')
    .values({
      organization_id: organizationId,
      recipient_type: recipient.type,
      recipient_id: recipient.id,
      ...defaults.categories,
      [category]: 'off',
      digest_hour: defaults.digestHour,
      last_digest_at: null,
      next_digest_at: null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'recipient_type', 'recipient_id'])
        .doUpdateSet({ [category]: 'off', updated_at: now }),
    )
    .execute();
}

/** Lead times of the organizations that set one (few: the rest use the default). */
export async function findDueSoonLeads(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('notification_org_settings')
    .select(['organization_id', 'due_soon_hours'])
    .execute();
  return new Map(rows.map((r) => [r.organization_id, r.due_soon_hours]));
}

export async function findOrgDueSoonHours(db: Db, organizationId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('notification_org_settings')
    .select('due_soon_hours')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row?.due_soon_hours;
}

export async function saveOrgDueSoonHours(
  db: Db,
  organizationId: string,
  hours: number,
  now: string,
): Promise<void> {
  await db
    .insertInto('notification_org_settings')
    .values({ organization_id: organizationId, due_soon_hours: hours, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ due_soon_hours: hours, updated_at: now }))
    .execute();
}

/**
 * Gives every active member without a settings row one (defaults, no digest time yet), in
 * one statement, so the digest pass finds everyone through one index.
 */
export async function insertMissingMemberSettings(db: Db, defaultHour: number, now: string): Promise<void> {
  await db
    .insertInto('notification_settings')
    .columns([
      'organization_id',
      'recipient_type',
      'recipient_id',
      'assigned',
      'reminders',
      'comments',
      'problems',
      'processes',
      'digest_hour',
      'updated_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('memberships')
        .select([
          'memberships.organization_id',
          sql.lit('user').as('recipient_type'),
          'memberships.user_id',
          sql.lit('immediate').as('assigned'),
          sql.lit('immediate').as('reminders'),
          sql.lit('immediate').as('comments'),
          sql.lit('immediate').as('problems'),
          sql.lit('immediate').as('processes'),
          sql.lit(defaultHour).as('digest_hour'),
          sql.val(now).as('updated_at'),
        ])
        .where('memberships.status', '=', 'active')
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('notification_settings as s')
                .select(sql.lit(1).as('one'))
                .whereRef('s.organization_id', '=', 'memberships.organization_id')
                .where('s.recipient_type', '=', 'user')
                .whereRef('s.recipient_id', '=', 'memberships.user_id'),
            ),
          ),
        ),
    )
    .execute();
}

export interface DigestDue {
  organizationId: string;
  userId: number;
  digestHour: number;
  /** The member's reminders choice: `off` leaves the task lists out of the digest. */
  reminders: NotificationPreference;
  lastDigestAt: string | null;
  nextDigestAt: string | null;
}

/**
 * Members whose digest time has come or was never computed, locked for this pass (skipped
 * when another pass holds them). Call inside a transaction.
 */
export async function claimDueDigests(db: Db, now: string, limit: number): Promise<DigestDue[]> {
  const query = db
    .selectFrom('notification_settings')
    .select([
      'organization_id',
      'recipient_id',
      'digest_hour',
      'reminders',
      'last_digest_at',
      'next_digest_at',
    ])
    .where('recipient_type', '=', 'user')
    .where((w) => w.or([w('next_digest_at', 'is', null), w('next_digest_at', '<=', now)]))
    .orderBy('next_digest_at')
    .limit(limit);
  const rows = await lockSkipLocked(query, dialectOf(db)).execute();
  return rows.map((r) => ({
    organizationId: r.organization_id,
    userId: r.recipient_id,
    digestHour: r.digest_hour,
    reminders: r.reminders as NotificationPreference,
    lastDigestAt: r.last_digest_at,
    nextDigestAt: r.next_digest_at,
  }));
}

export async function setDigestTimes(
  db: Db,
  organizationId: string,
  userId: number,
  times: { lastDigestAt?: string; nextDigestAt: string },
): Promise<void> {
  await db
    .updateTable('notification_settings')
    .set({
      next_digest_at: times.nextDigestAt,
      ...(times.lastDigestAt ? { last_digest_at: times.lastDigestAt } : {}),
    })
    .where('organization_id', '=', organizationId)
    .where('recipient_type', '=', 'user')
    .where('recipient_id', '=', userId)
    .execute();
}
