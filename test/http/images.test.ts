import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { addMember, createOrgWithAdmin, type TestOrg } from '../helpers/factories.js';
import { download, filesUnder, tempDataDir, uploadFile } from '../helpers/files.js';

let t: TestContext;
let org: TestOrg;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir, MAX_IMAGE_UPLOAD_MB: '1' });
  org = await createOrgWithAdmin(t.ctx, 'Pictures');
});
afterAll(() => t.close());

/** A JPEG photo with EXIF metadata, as a phone would upload it. */
async function photo(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: 'secret-exif-marker' } } })
    .toBuffer();
}

const upload = (token: string, url: string, content: Buffer, filename = 'me.jpg') =>
  uploadFile(t.app, token, url, {}, { part: 'profile_pic', filename, content, contentType: 'image/jpeg' });

const idOf = (url: string) => url.split('/').pop() ?? '';

describe('profile pictures', () => {
  it('re-encodes an upload as PNG without its metadata, with a 128 px square thumbnail', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const original = await photo();
    const res = await upload(m.token, '/me/profile-pic', original);
    expect(res.status).toBe(200);
    const url: string = res.body.data.profile_pic;
    expect(url).toMatch(/\/users-picture\/[0-9a-f]{32}$/);
    const full = await download(t.app, m.token, `/users-picture/${idOf(url)}`);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('image/png');
    expect(full.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(full.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 341]);
    expect(meta.exif).toBeUndefined();
    expect(full.bytes.includes(Buffer.from('secret-exif-marker'))).toBe(false);
    const thumb = await download(t.app, m.token, `/users-picture-thumb/${idOf(url)}`);
    const thumbMeta = await sharp(thumb.bytes).metadata();
    expect([thumbMeta.format, thumbMeta.width, thumbMeta.height]).toEqual(['png', 128, 128]);
  });

  it('shows a picture to members sharing an organization and 404 to anyone else', async () => {
    const m = await addMember(t.ctx, org.orgId, 'light');
    const res = await upload(m.token, '/me/profile-pic', await photo(300, 300));
    const path = `/users-picture/${idOf(res.body.data.profile_pic)}`;
    expect((await download(t.app, org.admin.token, path)).status).toBe(200);
    const stranger = await createOrgWithAdmin(t.ctx);
    expect((await download(t.app, stranger.admin.token, path)).status).toBe(404);
    expect((await download(t.app, undefined, path)).status).toBe(401);
  });

  it('answers 422 IMAGE_NOT_READABLE for a page dressed as an image, and keeps nothing', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const before = filesUnder(dataDir).length;
    const res = await upload(
      m.token,
      '/me/profile-pic',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'x.png',
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMAGE_NOT_READABLE');
    expect(filesUnder(dataDir).length).toBe(before);
    const row = await t.db.kysely
      .selectFrom('images')
      .select('id')
      .where('owner_id', '=', String(m.userId))
      .execute();
    expect(row).toEqual([]);
  });

  it('answers 413 FILE_TOO_LARGE past MAX_IMAGE_UPLOAD_MB', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const res = await upload(m.token, '/me/profile-pic', Buffer.alloc(1024 * 1024 + 10, 1));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('FILE_TOO_LARGE');
  });

  it('replaces the previous picture (its bytes go) and removes it on DELETE', async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const first = await upload(m.token, '/me/profile-pic', await photo(400, 400));
    const second = await upload(m.token, '/me/profile-pic', await photo(600, 300));
    expect(
      (await download(t.app, m.token, `/users-picture/${idOf(first.body.data.profile_pic)}`)).status,
    ).toBe(404);
    const current = `/users-picture/${idOf(second.body.data.profile_pic)}`;
    expect((await download(t.app, m.token, current)).status).toBe(200);
    const filesBefore = filesUnder(dataDir).length;
    const removed = await apiClient(t.app, m.token).delete('/me/profile-pic');
    expect(removed.status).toBe(200);
    expect(removed.body.data.profile_pic).toBeNull();
    expect((await download(t.app, m.token, current)).status).toBe(404);
    expect(filesUnder(dataDir).length).toBe(filesBefore - 2);
    const activity = await t.db.kysely
      .selectFrom('activities')
      .select('action')
      .where('object_id', '=', String(m.userId))
      .where('action', '=', 'picture_changed')
      .execute();
    expect(activity).toHaveLength(3);
  });

  it("lets an administrator set and remove a member's picture, and answers 403 to a standard member", async () => {
    const m = await addMember(t.ctx, org.orgId, 'standard');
    const other = await addMember(t.ctx, org.orgId, 'standard');
    const url = `/organizations/${org.orgId}/users/${m.userId}/profile-pic`;
    const refused = await upload(other.token, url, await photo(200, 200));
    expect(refused.status).toBe(403);
    const res = await upload(org.admin.token, url, await photo(200, 200));
    expect(res.status).toBe(200);
    expect(res.body.data.profile_pic).toMatch(/\/users-picture\//);
    const removed = await apiClient(t.app, org.admin.token).delete(url);
    expect(removed.status).toBe(200);
    expect(removed.body.data.profile_pic).toBeNull();
  });
});

describe('organization and group logos', () => {
  it('stores the organization logo, serves it to members, and removes it', async () => {
    const o = await createOrgWithAdmin(t.ctx, 'Logo org');
    const member = await addMember(t.ctx, o.orgId, 'light');
    const res = await upload(o.admin.token, `/organizations/${o.orgId}/logo`, await photo(2000, 1000));
    expect(res.status).toBe(200);
    expect([res.body.data.width, res.body.data.height]).toEqual([1024, 512]);
    const path = `/organizations/${o.orgId}/logo/${res.body.data.id}`;
    const got = await download(t.app, member.token, path);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    const thumb = await download(t.app, member.token, `${path}?size=thumb`);
    expect((await sharp(thumb.bytes).metadata()).width).toBe(256);
    const settings = await t.db.kysely
      .selectFrom('organizations')
      .select('settings')
      .where('id', '=', o.orgId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(settings.settings)).toContain(res.body.data.id);
    expect((await upload(member.token, `/organizations/${o.orgId}/logo`, await photo())).status).toBe(403);
    expect((await apiClient(t.app, o.admin.token).delete(path)).status).toBe(200);
    expect((await download(t.app, member.token, path)).status).toBe(404);
  });

  it("stores a group's logo on the group and serves it at the organization-assets route", async () => {
    const group = await apiClient(t.app, org.admin.token).post(`/organizations/${org.orgId}/groups`, {
      name: 'Design',
    });
    expect(group.status).toBe(201);
    const res = await upload(
      org.admin.token,
      `/organizations/${org.orgId}/groups/${group.body.data.id}/logo`,
      await photo(300, 300),
    );
    expect(res.status).toBe(200);
    const read = await apiClient(t.app, org.admin.token).get(
      `/organizations/${org.orgId}/groups/${group.body.data.id}`,
    );
    expect(read.body.data.logo).toBe(res.body.data.url);
    const asset = `/${org.orgId}/organization-assets/groups/${res.body.data.id}`;
    expect((await download(t.app, org.admin.token, asset)).status).toBe(200);
    const stranger = await createOrgWithAdmin(t.ctx);
    expect(
      (
        await download(
          t.app,
          stranger.admin.token,
          `/${stranger.orgId}/organization-assets/groups/${res.body.data.id}`,
        )
      ).status,
    ).toBe(404);
  });
});
