/**
 * Fixtures for the tenant-isolation walk (test/http/tenant-isolation.test.ts): organization
 * B filled with one of every kind of object, and the values the walk puts in path
 * parameters, query strings and bodies.
 *
 * A route with a path parameter that has no fixture here fails the walk with "no fixture
 * for param X": add the object to `seedVictim` and the parameter to `PATH_FIXTURES`.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { dispatchNotifications } from '../../src/jobs/notification-dispatch.js';
import { apiClient } from './api.js';
import type { TestContext } from './context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from './factories.js';
import { uploadFile } from './files.js';
import { guestCodeOf } from './people.js';

/** Appears in every name and e-mail of organization B; must never appear in a response to A. */
export const MARKER = 'zetamarker';

export interface Victim {
  org: TestOrg;
  /** Fixture name → value (see PATH_FIXTURES). */
  values: Map<string, string | number>;
  /** B's 32-hex ids, to look for in responses. */
  hexIds: Set<string>;
  /** Fixtures for which no real object of B could be made (the walk still calls the route). */
  synthetic: string[];
}

/**
 * Path parameter → fixture name. A key `segment/:param` (the path segment before the
 * parameter) wins over `:param`, for names like `:id` that mean different things.
 */
export const PATH_FIXTURES: Record<string, string> = {
  ':user_id': 'user',
  ':user': 'user',
  ':guest_email': 'guest_email',
  ':guest_code': 'guest_code',
  ':group_id': 'group',
  ':checklist_id': 'template',
  ':step_id': 'step',
  ':capture_id': 'capture',
  ':prerun_id': 'prerun',
  ':automated_id': 'rule',
  ':run_id': 'process',
  ':task_id': 'task',
  ':comment_id': 'comment',
  ':thread_id': 'comment',
  ':file_id': 'asset',
  'assets/:id': 'asset',
  'file/:id': 'asset',
  'download-files/:id': 'asset',
  ':delivery': 'delivery',
  ':watcher': 'watcher',
  ':notification': 'notification',
  ':token': 'mail_token',
  ':tag_id': 'tag',
  ':stage_id': 'stage',
  'tags/:id': 'tag_link',
  'folders/:id': 'folder',
  'folders-objects/:id': 'folder_object',
  'process-views/:id': 'process_view',
  'checklist-views/:id': 'template_view',
  'organization-roles/:role': 'job_title',
  'text-templates/:id': 'snippet',
  ':text_template_id': 'snippet',
  ':guest_id': 'guest_id',
  'roles-object/:id': 'role_object',
  ':activity_feed_id': 'activity',
  ':*': 'docs_asset',
  'users-picture/:id': 'user_picture',
  'users-picture-thumb/:id': 'user_picture',
  'logo/:ID': 'org_logo',
  ':asset': 'group_logo',
  'api-tokens/:token_id': 'api_token',
};

/** Body and query properties filled with B's objects (everything else gets a neutral value). */
export const PROPERTY_FIXTURES: Record<string, (v: Victim) => unknown> = {
  members: (v) => [v.values.get('user')],
  users: (v) => [v.values.get('user')],
  associated_members: (v) => [v.values.get('user')],
  groups: (v) => [v.values.get('group')],
  user_id: (v) => v.values.get('user'),
  group_id: (v) => v.values.get('group'),
  checklist_id: (v) => v.values.get('template'),
  blueprint_id: (v) => v.values.get('template'),
  step_id: (v) => v.values.get('step'),
  run_id: (v) => v.values.get('process'),
  task_id: (v) => v.values.get('task'),
  thread_id: (v) => v.values.get('comment'),
  object_id: (v) => v.values.get('process'),
  owners: (v) => ({ users: [v.values.get('user')], groups: [v.values.get('group')], guests: [] }),
  email: (v) => v.values.get('guest_email'),
  tag_id: (v) => v.values.get('tag'),
  stage_id: (v) => v.values.get('stage'),
  tags: (v) => [v.values.get('tag')],
  subject_id: (v) => v.values.get('process'),
  folder_id: (v) => v.values.get('folder'),
  folders: (v) => [v.values.get('folder')],
  parent_id: (v) => v.values.get('folder'),
  org_role_id: (v) => v.values.get('job_title'),
  ids: (v) => [v.values.get('template')],
  checklist_read: (v) => [v.values.get('user')],
  process_read: (v) => [v.values.get('user')],
  checklist_read_role: (v) => [v.values.get('job_title')],
  on: () => 'task,process,blueprint,snippet',
  entity_type: () => 'run',
  entity_id: (v) => v.values.get('process'),
};

/** Organization B, made through the API as its admin would. */
export async function seedVictim(t: TestContext): Promise<Victim> {
  const org = await createOrgWithAdmin(t.ctx, `${MARKER} organization`);
  const api = apiClient(t.app, org.admin.token);
  const base = `/organizations/${org.orgId}`;
  const values = new Map<string, string | number>();
  const light = await addMember(t.ctx, org.orgId, 'light', {
    email: `${MARKER}-light@example.com`,
    firstName: `${MARKER} light`,
    password: 'victim light password',
  });
  values.set('user', light.userId);
  // Organization settings the walk must leave alone: branding, the own SMTP server, digest days.
  await expectOk(api.post(`${base}/custom-branding`, { bg_color: '#123456' }));
  await expectOk(
    api.post(`${base}/smtp`, {
      host: '93.184.215.14',
      port: 587,
      username: `${MARKER}-smtp`,
      password: 'victim smtp password',
      from_address: 'b-desk@example.com',
    }),
  );
  await expectOk(api.put(`${base}/enable-smtp`, { enable_custom_smtp: true }));
  await expectOk(api.put(`${base}/users/${light.userId}/cadence_days`, { cadence_days: ['Monday'] }));
  // A sign-in, so B's members have security events for the walk to look for.
  await expectOk(
    apiClient(t.app).post('/oauth/token', {
      grant_type: 'password',
      username: light.email,
      password: 'victim light password',
    }),
  );
  await expectOk(
    api.post(`${base}/users/invite`, { email: `${MARKER}-invited@example.com`, first_name: MARKER }),
  );
  // B's guest e-mail carries no marker: the walk sends it in requests, and an error message
  // that repeats the caller's own input is not a leak.
  const guestEmail = 'b-guest@example.com';
  const guest = await expectOk(
    api.post(`${base}/guests`, { email: guestEmail, first_name: `${MARKER} guest` }),
  );
  values.set('guest_email', guestEmail);
  values.set('guest_id', guest.data.id);
  values.set('guest_code', await guestCodeOf(api, org.orgId, guestEmail));
  const group = await expectOk(
    api.post(`${base}/groups`, { name: `${MARKER} group`, members: [light.userId], guests: [guestEmail] }),
  );
  values.set('group', group.data.id);
  // A personal API token of B's admin: its id must never reach A, nor may A revoke it.
  const apiToken = await expectOk(api.post(`${base}/me/api-tokens`, { name: `${MARKER} token` }));
  values.set('api_token', apiToken.data.id);
  await seedWork(t, org, values);
  await seedImages(t, org, light.token, values);
  values.set('docs_asset', 'index.html');
  const synthetic: string[] = [];
  for (const name of new Set(Object.values(PATH_FIXTURES))) {
    if (!values.has(name)) {
      values.set(name, randomBytes(16).toString('hex'));
      synthetic.push(name);
    }
  }
  const hexIds = await hexIdsOf(t, org.orgId);
  hexIds.add(apiToken.data.id);
  return { org, values, hexIds, synthetic };
}

/** Templates, a process with tasks and a watcher, through the templates and processes APIs. */
async function seedWork(t: TestContext, org: TestOrg, values: Map<string, string | number>) {
  const api = apiClient(t.app, org.admin.token);
  const base = `/organizations/${org.orgId}`;
  const template = await expectOk(
    api.post(`${base}/checklists-with-steps`, {
      title: `${MARKER} template`,
      prerun: [{ label: `${MARKER} kick-off`, field_type: 'text', required: false }],
      steps: [{ title: `${MARKER} step`, captures: [{ label: `${MARKER} field`, field_type: 'text' }] }],
    }),
  );
  const templateId = template.data.id as string;
  values.set('template', templateId);
  const db = t.db.kysely;
  const fields = await db
    .selectFrom('template_fields')
    .select(['id', 'step_id'])
    .where('organization_id', '=', org.orgId)
    .execute();
  const step = await db
    .selectFrom('template_steps')
    .select('id')
    .where('organization_id', '=', org.orgId)
    .executeTakeFirst();
  if (step) values.set('step', step.id);
  const capture = fields.find((f) => f.step_id !== null);
  const prerun = fields.find((f) => f.step_id === null);
  if (capture) values.set('capture', capture.id);
  if (prerun) values.set('prerun', prerun.id);
  let run = await api.post(`${base}/runs`, { checklist_id: templateId, name: `${MARKER} process` });
  if (run.status >= 400) {
    await api.put(`${base}/checklists/${templateId}/publish`);
    run = await api.post(`${base}/runs`, { checklist_id: templateId, name: `${MARKER} process` });
  }
  const launched = await expectOk(Promise.resolve(run));
  values.set('process', launched.data.id);
  const task = await db
    .selectFrom('tasks')
    .select('id')
    .where('organization_id', '=', org.orgId)
    .executeTakeFirst();
  if (task) values.set('task', task.id);
  if (step && capture) {
    const rule = await expectOk(
      api.post(`${base}/checklists/${templateId}/automated-actions`, {
        automated_alias: `${MARKER} rule`,
        conditions: [
          {
            conditionable_id: capture.id,
            conditionable_type: 'Capture',
            operation: 'is_not_empty',
            statement: null,
            logic: 'and',
          },
        ],
        then_actions: [{ action_type: 'visibility', action_verb: 'show', target_step_id: step.id }],
      }),
    );
    values.set('rule', rule.data.id);
  }
  const asset = await uploadFile(
    t.app,
    org.admin.token,
    `${base}/file`,
    { subject_type: 'Run', subject_id: String(launched.data.id) },
    { filename: `${MARKER}.txt`, content: Buffer.from(`${MARKER} file`), contentType: 'text/plain' },
  );
  if (asset.status === 200) values.set('asset', asset.body.data.id);
  await api.post(`${base}/tasks/${values.get('task')}/comment`, { content: `${MARKER} comment` });
  const comment = await db
    .selectFrom('threads')
    .select('id')
    .where('organization_id', '=', org.orgId)
    .executeTakeFirst();
  if (comment) values.set('comment', comment.id);
  const userId = values.get('user');
  await api.post(`${base}/users/${userId}/add-watcher`, {
    object_type: 'Run',
    object_id: launched.data.id,
    notification_type: 'email',
    frequency: 'electric',
  });
  const watcher = await db
    .selectFrom('watchers')
    .select('id')
    .where('organization_id', '=', org.orgId)
    .executeTakeFirst();
  if (watcher) values.set('watcher', watcher.id);
  // B's light member is assigned the task; the consumer tells them (a notification of B's).
  await api.put(`${base}/runs/${launched.data.id}/tasks/${values.get('task')}`, {
    owners: { users: [userId], guests: [], groups: [] },
  });
  await dispatchNotifications(t.ctx);
  const notification = await db
    .selectFrom('notifications')
    .select('id')
    .where('organization_id', '=', org.orgId)
    .executeTakeFirst();
  if (notification) values.set('notification', notification.id);
  // A mail link's token is a capability: a genuine one acts for its recipient by design (the
  // notification tests hold it to exactly that). The walk sends one naming B's watch with a
  // signature nobody issued, which must open nothing.
  if (watcher) values.set('mail_token', `w.${org.orgId}.${watcher.id}.${'A'.repeat(43)}`);
  await seedOrganizing(api, base, values);
  await seedAccess(api, base, values);
  await seedSnippets(api, base, values);
  // A change with an undo, for the activity feed's undo route.
  await expectOk(api.put(`${base}/runs/${values.get('process')}`, { name: `${MARKER} process renamed` }));
  const renamed = await t.db.kysely
    .selectFrom('activities')
    .select('id')
    .where('organization_id', '=', org.orgId)
    .where('field', '=', 'name')
    .executeTakeFirstOrThrow();
  values.set('activity', renamed.id);
}

/** A job title held by B's light member, naming them on B's template and process lists. */
async function seedAccess(
  api: ReturnType<typeof apiClient>,
  base: string,
  values: Map<string, string | number>,
) {
  const jobTitle = await expectOk(api.post(`${base}/organization-roles`, { title: `${MARKER} job title` }));
  values.set('job_title', jobTitle.data.id);
  const held = await expectOk(
    api.post(`${base}/organization-roles/add-object`, {
      org_role_id: jobTitle.data.id,
      subject_type: 'User',
      subject_id: values.get('user'),
    }),
  );
  values.set('role_object', held.data.id);
  await expectOk(
    api.put(`${base}/checklists/${values.get('template')}/permissions`, {
      checklist_edit_role: [jobTitle.data.id],
    }),
  );
  await expectOk(
    api.put(`${base}/runs/${values.get('process')}/permissions`, { process_read: [values.get('user')] }),
  );
}

/**
 * A snippet of B (not public: the public library must not serve it), shared with B's guest,
 * marked by B's light member and referenced by B's step.
 */
async function seedSnippets(
  api: ReturnType<typeof apiClient>,
  base: string,
  values: Map<string, string | number>,
) {
  const snippet = await expectOk(
    api.post(`${base}/text-templates`, {
      title: `${MARKER} snippet`,
      template: `${MARKER} snippet content`,
    }),
  );
  values.set('snippet', snippet.data.id);
  await expectOk(api.put(`${base}/guests/${values.get('guest_id')}/text-templates/${snippet.data.id}`));
  await expectOk(
    api.put(`${base}/users/${values.get('user')}/text-templates/${snippet.data.id}`, { type: 'favorite' }),
  );
  await expectOk(
    api.put(`${base}/checklists/${values.get('template')}/steps/${values.get('step')}`, {
      title: `${MARKER} step`,
      summary: `Read {{snippet:${snippet.data.id}}}`,
    }),
  );
}

/** B's light member's profile picture, B's logo and its group's logo. */
async function seedImages(
  t: TestContext,
  org: TestOrg,
  lightToken: string,
  values: Map<string, string | number>,
) {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const file = { part: 'file', filename: `${MARKER}.png`, content: png, contentType: 'image/png' };
  const base = `/organizations/${org.orgId}`;
  const picture = await expectOk(uploadFile(t.app, lightToken, '/me/profile-pic', {}, file));
  values.set('user_picture', String(picture.data.profile_pic).split('/').pop() ?? '');
  const logo = await expectOk(uploadFile(t.app, org.admin.token, `${base}/logo`, {}, file));
  values.set('org_logo', logo.data.id);
  const group = values.get('group');
  const groupLogo = await expectOk(
    uploadFile(t.app, org.admin.token, `${base}/groups/${group}/logo`, {}, file),
  );
  values.set('group_logo', groupLogo.data.id);
}

/** A tag on B's process, and the process filed in a run folder. */
async function seedOrganizing(
  api: ReturnType<typeof apiClient>,
  base: string,
  values: Map<string, string | number>,
) {
  const tag = await expectOk(api.post(`${base}/tags`, { title: `${MARKER} tag` }));
  values.set('tag', tag.data.id);
  const link = await expectOk(
    api.post(`${base}/checklists/tags`, {
      tag_id: tag.data.id,
      subject_type: 'Run',
      subject_id: values.get('process'),
    }),
  );
  values.set('tag_link', link.data.id);
  const folder = await expectOk(
    api.post(`${base}/folders`, { name: `${MARKER} folder`, folder_type: 'run' }),
  );
  values.set('folder', folder.data.id);
  const filed = await expectOk(
    api.post(`${base}/folders/add-object`, {
      folder_id: folder.data.id,
      subject_type: 'Run',
      subject_id: values.get('process'),
    }),
  );
  values.set('folder_object', filed.data.id);
  const stage = await expectOk(
    api.post(`${base}/stages`, {
      title: `${MARKER} stage`,
      subject_type: 'Checklist',
      subject_id: values.get('template'),
    }),
  );
  values.set('stage', stage.data.id);
  await seedMemberSettings(api, base, values);
}

/** B's admin's saved views and a preference, all named with the marker. */
async function seedMemberSettings(
  api: ReturnType<typeof apiClient>,
  base: string,
  values: Map<string, string | number>,
) {
  const criteria = [{ field: 'checklist_id', value: values.get('template') }];
  const processView = await expectOk(
    api.post(`${base}/me/process-views`, { name: `${MARKER} view`, criteria }),
  );
  values.set('process_view', processView.data.id);
  const templateView = await expectOk(
    api.post(`${base}/me/checklist-views`, { name: `${MARKER} template view`, criteria: [] }),
  );
  values.set('template_view', templateView.data.id);
  await expectOk(api.post(`${base}/me/preferences`, { slug: 'marker', value: `${MARKER} preference` }));
}

async function expectOk(pending: Promise<{ status: number; body: any }>) {
  const res = await pending;
  if (res.status >= 300)
    throw new Error(`seeding organization B failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every table with an organization_id column. */
export async function orgScopedTables(t: TestContext): Promise<string[]> {
  const tables = await t.db.kysely.introspection.getTables();
  return tables
    .filter((tb) => !t.db.schema || tb.schema === t.db.schema)
    .filter((tb) => tb.columns.some((c) => c.name === 'organization_id'))
    .map((tb) => tb.name)
    .sort();
}

/** Everything organization B owns, plus its members' accounts and tokens, as comparable JSON. */
export async function snapshotOrg(t: TestContext, orgId: string): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of await orgScopedTables(t)) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where organization_id = ${orgId}`.execute(t.db.kysely);
    snapshot[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  const { rows: org } = await sql`select * from organizations where id = ${orgId}`.execute(t.db.kysely);
  snapshot.organizations = org.map((r) => JSON.stringify(r));
  const { rows: people } =
    await sql`select u.*, (select count(*) from access_tokens a where a.user_id = u.id and a.revoked_at is null) as live_tokens
    from users u join memberships m on m.user_id = u.id where m.organization_id = ${orgId} order by u.id`.execute(
      t.db.kysely,
    );
  snapshot.users = people.map((r) => JSON.stringify(r));
  return snapshot;
}

async function hexIdsOf(t: TestContext, orgId: string): Promise<Set<string>> {
  const ids = new Set<string>([orgId]);
  const snapshot = await snapshotOrg(t, orgId);
  for (const rows of Object.values(snapshot)) {
    for (const row of rows) for (const match of String(row).match(/\b[0-9a-f]{32}\b/g) ?? []) ids.add(match);
  }
  return ids;
}
