/**
 * Webhooks and activity: an administrator subscribes a local receiver to the organization's
 * events, a task completed in the browser is delivered (signed) and shown in the delivery log
 * with its attempt, Replay sends it again (the receiver gets it twice, with the same
 * X-Flowlane-Delivery id: the API does not mark a replay otherwise), the signing secret is
 * revealed and rotated, and the Activity page shows the completion and the replay.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

/** A local HTTP receiver recording every request; answers 200. */
function startReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url,
        event: req.headers['x-flowlane-event'],
        delivery: req.headers['x-flowlane-delivery'],
        signature: String(req.headers['x-flowlane-signature'] ?? ''),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/flowlane-hook`,
        received,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/** Resolves once `predicate()` holds (after `refresh()`), or fails after `limitMs`. */
async function until(predicate, what, limitMs = 20_000, refresh = async () => {}) {
  const started = Date.now();
  for (;;) {
    await refresh();
    if (predicate()) return;
    if (Date.now() - started > limitMs) throw new Error(`waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The field's value once it shows a whole secret (other than `not`). */
async function revealedValue(field, not) {
  let value = '';
  await until(
    () => /^whsec_[^•]+$/.test(value) && value !== not,
    'the revealed secret',
    10_000,
    async () => {
      value = await field.inputValue();
    },
  );
  return value;
}

function signedWith(secret, request) {
  const parts = Object.fromEntries(request.signature.split(',').map((p) => p.trim().split('=', 2)));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${request.raw}`).digest('hex');
  return parts.v1 === expected;
}

/**
 * @param {{ server, data, flow, step, page, assert, openBrowser, browsers, setCurrent, signInAs, ANN }} ctx
 */
export async function run(ctx) {
  const { server, data, flow, step, page, assert, openBrowser, browsers, setCurrent, signInAs, ANN } = ctx;
  const { acme, ann, api } = data;
  const receiver = await startReceiver();
  const task = await api('POST', `/organizations/${acme}/tasks`, {
    title: 'Send the quarterly report',
    task_type: 'task',
    deadline: new Date(Date.now() + 48 * 3_600_000).toISOString(),
    owners: { users: [ann], guests: [], groups: [] },
  });
  const taskId = task.data.id;
  try {
    await flow('webhooks and activity', async () => {
      const b = await openBrowser('webhooks');
      browsers.push(b);
      const p = b.page;
      setCurrent(p);
      await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      let secret;

      await step('an administrator finds Webhooks in the navigation', async () => {
        await signInAs(p, ANN);
        await p.getByRole('link', { name: 'Webhooks' }).click();
        await p.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
        await p.getByText('No subscriptions yet').waitFor();
      });

      await step('a URL the server refuses is explained at the field', async () => {
        await b.allowing([422], async () => {
          await p.getByLabel('Webhook URL').fill('ftp://127.0.0.1/hook');
          await p.getByRole('button', { name: 'Subscribe' }).click();
          await p.getByText('The webhook must be an absolute http or https URL.').waitFor();
        });
        const described = await p.getByLabel('Webhook URL').getAttribute('aria-describedby');
        assert(described?.includes('error'), 'the refusal is not tied to the field');
      });

      await step('the administrator subscribes the local receiver', async () => {
        await p.getByLabel('Webhook URL').fill(receiver.url);
        await p.getByRole('button', { name: 'Subscribe' }).click();
        await p.getByRole('cell', { name: receiver.url, exact: true }).waitFor();
        await p.getByRole('button', { name: `Remove ${receiver.url}` }).waitFor();
      });

      await step('the signing secret is hidden until revealed, then copied', async () => {
        const field = p.getByLabel('Current signing secret');
        assert(!(await field.inputValue()).match(/^whsec_[^•]/), 'the secret showed before Reveal');
        await p.getByRole('button', { name: 'Reveal secret' }).click();
        secret = await revealedValue(field);
        const answer = await p.evaluate(async (org) => {
          const res = await fetch(`/api/organizations/${org}/webhook-secret`);
          return (await res.json()).data.secret;
        }, acme);
        assert(secret === answer, 'the revealed secret is not the API’s');
        await p.getByRole('button', { name: 'Copy secret' }).click();
        await p.getByRole('button', { name: 'Copied' }).waitFor();
        const copied = await p.evaluate(() => navigator.clipboard.readText());
        assert(copied === secret, 'the clipboard does not hold the secret');
        await page(b, '20-webhooks-subscriptions');
      });

      await step('completing a task delivers a signed task.completed to the receiver', async () => {
        await p.goto(`${server.url}/app/${acme}/tasks/${taskId}`);
        await p.getByRole('heading', { name: 'Send the quarterly report' }).waitFor();
        await p.getByRole('button', { name: 'Complete' }).click();
        await p.getByRole('button', { name: 'Reopen' }).waitFor();
        await until(() => receiver.received.some((r) => r.event === 'task.completed'), 'task.completed');
        const got = receiver.received.find((r) => r.event === 'task.completed');
        assert(got.path === '/flowlane-hook', `delivered to ${got.path}`);
        assert(JSON.parse(got.raw).this_task?.id === taskId, 'the payload is not the completed task');
        assert(signedWith(secret, got), 'the delivery is not signed with the revealed secret');
      });

      let deliveryId;
      await step('the delivery log shows the delivery with its attempt; Replay sends it again', async () => {
        await p.getByRole('link', { name: 'Webhooks' }).click();
        await p.getByRole('tab', { name: 'Delivery log' }).click();
        const log = p.getByRole('table', { name: 'Webhook deliveries' });
        const row = log.getByRole('row').filter({ hasText: 'task.completed' });
        await row.getByText('Succeeded').waitFor();
        await row
          .getByRole('listitem')
          .filter({ hasText: /^#1 HTTP 200 in \d+ ms · / })
          .waitFor();
        deliveryId = receiver.received.find((r) => r.event === 'task.completed').delivery;
        await page(b, '21-webhooks-deliveries');
        const before = receiver.received.filter((r) => r.delivery === deliveryId).length;
        assert(before === 1, `the receiver got the delivery ${before} times before Replay`);
        await row.getByRole('button', { name: /^Replay task\.completed of / }).click();
        await until(
          () => receiver.received.filter((r) => r.delivery === deliveryId).length === 2,
          'the replayed delivery',
        );
        const [first, second] = receiver.received.filter((r) => r.delivery === deliveryId);
        assert(second.raw === first.raw, 'the replay sent another body');
        await row
          .getByRole('listitem')
          .filter({ hasText: /^#2 HTTP 200 in \d+ ms · / })
          .waitFor();
        await row.getByText('Succeeded').waitFor();
      });

      await step('rotating the secret asks first, then shows a new one', async () => {
        await p.getByRole('tab', { name: 'Subscriptions' }).click();
        await p.getByRole('button', { name: 'Rotate secret' }).click();
        const dialog = p.getByRole('dialog', { name: 'Rotate the signing secret?' });
        await dialog.waitFor();
        await page(b, '22-webhooks-rotate');
        await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
        await dialog.waitFor({ state: 'detached' });
        const rotated = await revealedValue(p.getByLabel('Current signing secret'), secret);
        const answer = await p.evaluate(async (org) => {
          const res = await fetch(`/api/organizations/${org}/webhook-secret`);
          return (await res.json()).data.secret;
        }, acme);
        assert(rotated === answer, 'the secret shown after rotating is not the API’s');
      });

      await step('the outgoing e-mail log lists the organization’s mail', async () => {
        await p.getByRole('tab', { name: 'Outgoing e-mail' }).click();
        await p.getByRole('combobox', { name: 'E-mail status' }).waitFor();
        await p
          .getByRole('table', { name: 'Outgoing e-mail' })
          .or(p.getByText('No e-mail', { exact: true }))
          .waitFor();
        await page(b, '23-webhooks-emails');
      });

      await step('the Activity page shows the completion and the replay', async () => {
        await p.getByRole('link', { name: 'Activity' }).click();
        await p.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
        const feed = p.getByRole('table', { name: 'Activity' });
        await feed.getByRole('row').filter({ hasText: 'status: not-started → completed' }).first().waitFor();
        await feed
          .getByRole('row')
          .filter({ hasText: /replayed/i })
          .first()
          .waitFor();
        await page(b, '24-activity');
        await p.getByRole('combobox', { name: 'Object type' }).click();
        await p.getByRole('option', { name: 'Task', exact: true }).click();
        await p.getByLabel('Object id').fill(taskId);
        await p.waitForURL(new RegExp(`id=${taskId}`));
        const body = feed.locator('tbody tr');
        const ofTask = body.filter({ hasText: `Task ${taskId}` });
        let rows = 0;
        let mine = 0;
        // The previous page of the feed stays on screen until the filtered one arrives.
        await until(
          () => rows > 0 && rows === mine,
          'only the task’s own rows',
          10_000,
          async () => {
            rows = await body.count();
            mine = await ofTask.count();
          },
        );
        await ofTask.filter({ hasText: 'status: not-started → completed' }).waitFor();
        await ofTask.filter({ hasText: 'title: Send the quarterly report' }).waitFor();
      });

      await step('the pages fit a 375 px phone', async () => {
        await p.setViewportSize({ width: 375, height: 800 });
        // The navigation slides away when the layout turns to the phone's.
        await p.waitForTimeout(400);
        await page(b, '25-activity-phone');
        const wide = await p.evaluate(() => document.documentElement.scrollWidth);
        assert(wide <= 375, `the activity page is ${wide} px wide at 375`);
        await p.goto(`${server.url}/app/${acme}/webhooks`);
        await p.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
        await p.getByRole('cell', { name: receiver.url, exact: true }).waitFor();
        await page(b, '26-webhooks-phone');
        const wideHooks = await p.evaluate(() => document.documentElement.scrollWidth);
        assert(wideHooks <= 375, `the webhooks page is ${wideHooks} px wide at 375`);
        await p.setViewportSize({ width: 1440, height: 900 });
      });
    });
  } finally {
    await receiver.close();
  }
}
