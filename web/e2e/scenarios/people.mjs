/**
 * The administrator's People and Settings pages: invite a member (and resend), change a
 * role, disable and enable; add a guest, copy their forever link, edit and disable them;
 * make a group; save the organization's settings; create a personal API token (shown once,
 * working as a bearer token) and revoke it (refused at once). Screenshots and axe-core on
 * each page, and both pages at 375 px.
 */
import { ANN, GUEST } from '../seed.mjs';

/**
 * @param {object} t what run.mjs shares: the server, the organization, its `flow`, `step`,
 *   `page` (screenshot + axe), `openBrowser`, `browsers`, `signInAs`, `assert`, `setCurrent`.
 */
export async function peopleScenario(t) {
  const { server, acme, flow, step, page, openBrowser, browsers, signInAs, assert, setCurrent } = t;
  await flow('administrator: people and settings', async () => {
    const b = await openBrowser('people');
    browsers.push(b);
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const p = b.page;
    setCurrent(p);
    const toast = (text) => p.getByText(text, { exact: true }).first().waitFor();

    await step('an administrator opens People from the navigation', async () => {
      await signInAs(p, ANN);
      await p.getByRole('link', { name: 'People', exact: true }).click();
      await p.getByRole('heading', { name: 'People', level: 1 }).waitFor();
      await p.getByRole('table', { name: 'Members' }).getByText('Max Mohr', { exact: true }).waitFor();
      await page(b, '30-people-members');
    });

    await step('the administrator invites a member with a role and resends the invitation', async () => {
      await p.getByRole('button', { name: 'Invite member' }).click();
      const form = p.getByRole('form', { name: 'Invite a member' });
      await form.getByRole('textbox', { name: 'Email' }).fill('nia@acme.test');
      await form.getByRole('textbox', { name: 'First name' }).fill('Nia');
      await form.getByRole('combobox', { name: 'Role' }).click();
      await p.getByRole('option', { name: 'Light member' }).click();
      await page(b, '31-people-invite');
      await form.getByRole('button', { name: 'Send invitation' }).click();
      await toast('Invitation sent to nia@acme.test');
      const invitations = p.getByRole('list', { name: 'Pending invitations' });
      await invitations.getByText('nia@acme.test', { exact: true }).waitFor();
      await invitations.getByText('Invited as Light member').waitFor();
      await p.getByRole('button', { name: 'Resend invitation to nia@acme.test' }).click();
      await toast('nia@acme.test was sent a new invitation');
    });

    await step('the administrator changes a member’s role, disables and enables them', async () => {
      await p.getByRole('combobox', { name: 'Role of Max Mohr' }).click();
      await p.getByRole('option', { name: 'Light member' }).click();
      await toast('Role of Max Mohr changed');
      await p.getByRole('button', { name: 'Disable Max Mohr' }).click();
      await toast('Max Mohr disabled');
      await p.getByRole('button', { name: 'Enable Max Mohr' }).click();
      await toast('Max Mohr enabled');
      await p.getByRole('button', { name: 'Disable Max Mohr' }).waitFor();
      await p.getByRole('combobox', { name: 'Role of Max Mohr' }).click();
      await p.getByRole('option', { name: 'Standard member' }).click();
      await toast('Role of Max Mohr changed');
    });

    await step('the administrator adds a guest, copies their link, edits and disables them', async () => {
      await p.getByRole('tab', { name: 'Guests' }).click();
      await p.getByRole('button', { name: 'Add guest' }).click();
      const form = p.getByRole('form', { name: 'Add a guest' });
      await form.getByRole('textbox', { name: 'Email' }).fill('cleo@client.test');
      await form.getByRole('textbox', { name: 'First name' }).fill('Cleo');
      await form.getByRole('button', { name: 'Add guest' }).click();
      await toast('Guest cleo@client.test added');
      const guests = p.getByRole('table', { name: 'Guests' });
      await guests.getByText('Cleo', { exact: true }).waitFor();
      await p.getByRole('button', { name: 'Copy link of cleo@client.test' }).click();
      await toast('Link copied for cleo@client.test');
      const copied = await p.evaluate(() => navigator.clipboard.readText());
      assert(copied.includes(`/guest-all-task/${acme}/`), `the clipboard holds ${copied}`);
      await p.getByRole('button', { name: 'Edit cleo@client.test' }).click();
      const edit = p.getByRole('form', { name: 'Edit guest' });
      await edit.getByRole('textbox', { name: 'Last name' }).fill('Ray');
      await edit.getByRole('button', { name: 'Save guest' }).click();
      await toast('Guest cleo@client.test saved');
      await guests.getByText('Cleo Ray', { exact: true }).waitFor();
      await p.getByRole('button', { name: 'Disable cleo@client.test' }).click();
      await toast('Disabled guest cleo@client.test');
      await p.getByRole('button', { name: 'Enable cleo@client.test' }).waitFor();
      await page(b, '32-people-guests');
    });

    await step('the administrator makes a group with a member and a guest', async () => {
      await p.getByRole('tab', { name: 'Groups' }).click();
      await p.getByRole('button', { name: 'New group' }).click();
      const form = p.getByRole('form', { name: 'New group' });
      await form.getByRole('textbox', { name: 'Group name' }).fill('Finance');
      await form.getByRole('combobox', { name: 'Members' }).click();
      await p.getByRole('option', { name: 'Max Mohr' }).click();
      await p.keyboard.press('Escape');
      await form.getByRole('combobox', { name: 'Guests' }).click();
      await p.getByRole('option', { name: GUEST }).click();
      await p.keyboard.press('Escape');
      await form.getByRole('button', { name: 'Create group' }).click();
      await toast('Group Finance created');
      const row = p.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Finance/ });
      await row.getByText(`Max Mohr, ${GUEST}`).waitFor();
      await page(b, '33-people-groups');
    });

    await step('the organization’s default deadline is saved from Settings', async () => {
      await p.getByRole('link', { name: 'Settings', exact: true }).click();
      await p.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      const form = p.getByRole('form', { name: 'Organization settings' });
      await form.getByRole('textbox', { name: 'Organization name' }).waitFor();
      await form.getByRole('spinbutton', { name: /^Default deadline/ }).fill('3');
      await form.getByRole('button', { name: 'Save settings' }).click();
      await toast('Settings saved');
      const org = await p.evaluate(
        async (id) => (await (await fetch(`/api/organizations/${id}`)).json()).data,
        acme,
      );
      assert(
        org.default_deadline.value === 3,
        `the default deadline is ${JSON.stringify(org.default_deadline)}`,
      );
    });

    let secret;
    await step('a personal API token is created, shown once with the base URL, and works', async () => {
      const base = await p.getByRole('textbox', { name: /^Base URL/ }).inputValue();
      assert(base === `${server.url}/api`, `the base URL is ${base}`);
      await p.getByRole('textbox', { name: /^Token name/ }).fill('CI script');
      await p.getByRole('button', { name: 'Create token' }).click();
      secret = await p.getByRole('textbox', { name: /^New token/ }).inputValue();
      assert(/^flp_[\w-]{43}$/.test(secret), 'the new token is not shown');
      await p.getByRole('button', { name: 'Copy new token' }).waitFor();
      await p
        .getByRole('table', { name: 'Your API tokens' })
        .getByText('CI script', { exact: true })
        .waitFor();
      await page(b, '34-settings');
      const res = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert(res.status === 200, `the new token answered ${res.status}`);
      await p.getByRole('button', { name: 'I have copied it' }).click();
      await p.getByRole('textbox', { name: /^New token/ }).waitFor({ state: 'detached' });
      const listed = await p.getByRole('table', { name: 'Your API tokens' }).textContent();
      assert(!listed.includes(secret), 'the list shows the secret');
    });

    await step('the token is revoked and refused at once', async () => {
      await p.getByRole('button', { name: 'Revoke CI script' }).click();
      await toast('Token CI script revoked');
      await p.getByRole('button', { name: 'Revoke CI script' }).waitFor({ state: 'detached' });
      const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
      assert(res.status === 401, `the revoked token answered ${res.status}`);
    });

    await step('at 375 px People and Settings fit the screen', async () => {
      await p.setViewportSize({ width: 375, height: 800 });
      for (const [name, url] of [
        ['35-people-phone', `/app/${acme}/people`],
        ['36-settings-phone', `/app/${acme}/settings`],
      ]) {
        await p.goto(`${server.url}${url}`);
        await p.getByRole('heading', { level: 1 }).waitFor();
        await page(b, name);
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        assert(width <= 375, `${name} is ${width} px wide`);
      }
      await p.setViewportSize({ width: 1440, height: 900 });
    });
  });
}
