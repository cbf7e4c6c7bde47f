/**
 * End-to-end: a real `flowlane serve` on a fresh SQLite database and Debian's Chromium.
 * A member signs in, launches with kick-off values, meets a required-field error, completes
 * a task and sees a rule reveal the next, approves and rejects, comments, uploads, reopens;
 * an administrator designs a template in the editor (steps, kick-off form, a rule), pins,
 * publishes and launches it, and the member it assigns sees the rule hide a step
 * (scenarios/editor.mjs); a guest completes their task from the forever link; another
 * organization's member sees none of it. Every page is screenshotted (e2e/screenshots/, gitignored) and checked with
 * axe-core; console errors fail the run. Prints "N passed, N failed".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { axeViolations, docsShot, openBrowser, SHOTS, screenshot } from './browser.mjs';
import { answerNo, designTemplate } from './scenarios/editor.mjs';
import { peopleScenario } from './scenarios/people.mjs';
import { run as runWebhooks } from './scenarios/webhooks.mjs';
import { ANN, BOB, MAX, PASSWORD, seed } from './seed.mjs';
import { startServer } from './server.mjs';

const results = [];
/** The page of the running flow, screenshotted when a step fails. */
let current;
const figures = {};
const A11Y = [];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    process.stdout.write(`  ✓ ${name} (${Date.now() - started} ms)\n`);
  } catch (error) {
    results.push({ name, ok: false });
    if (current) await screenshot(current, `failed-${results.length}`).catch(() => {});
    process.stdout.write(
      `  ✗ ${name}\n    ${String(error.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n    ')}\n`,
    );
    throw error;
  }
}

/** Screenshot and axe-check the page as it is. */
async function page(b, name) {
  await b.page.waitForLoadState('networkidle');
  // Let opening dialogs and other transitions finish: axe measures the colours as they are
  // drawn, and a dialog still fading in blends its buttons into the overlay.
  // Endless ones (a spinner) are left alone, and the wait is bounded.
  await b.page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
          .map((a) => a.finished.catch(() => {})),
      ),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]),
  );
  await screenshot(b.page, name);
  const violations = await axeViolations(b.page);
  for (const v of violations) A11Y.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
}

async function flow(name, fn) {
  process.stdout.write(`${name}\n`);
  try {
    await fn();
  } catch {
    // The failing step is already counted; the other flows still run.
  }
}

const server = await startServer();
let data;
try {
  data = await seed(server);
} catch (error) {
  await server.stop();
  throw error;
}
const { acme, side, guestPath } = data;
fs.rmSync(SHOTS, { recursive: true, force: true });
const upload = path.join(os.tmpdir(), 'signed-contract.pdf');
fs.writeFileSync(upload, '%PDF-1.4\n% a tiny stand-in for a signed contract\n');
const browsers = [];
let processUrl;

await flow('member', async () => {
  const b = await openBrowser('member');
  browsers.push(b);
  const p = b.page;
  current = p;

  await step('the root redirects a signed-out visitor to the sign-in page', async () => {
    await p.goto(`${server.url}/`);
    await p.waitForURL(/\/app\/sign-in/);
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    await page(b, '01-sign-in');
  });

  await step('a wrong password shows the server’s message', async () => {
    await b.allowing([400], async () => {
      await p.getByLabel('Email').fill(ANN);
      await p.getByLabel('Password', { exact: true }).fill('not the password');
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByText('The user credentials were incorrect.').waitFor();
    });
  });

  await step('the member signs in and lands on My tasks with counts per group', async () => {
    await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(new RegExp(`/app/${acme}/tasks`));
    await p.getByRole('link', { name: 'Renew insurance' }).waitFor();
    await p.getByText('Overdue (1)').waitFor();
    await p.getByText('Due soon (1)').waitFor();
    await p.getByText('Overdue: due yesterday').waitFor();
  });

  await step('the inbox route’s JavaScript stays within 250 KB gzipped', async () => {
    const scripts = new Map();
    const onResponse = async (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.set(response.url(), gzipSync(await response.body()).length);
    };
    const fresh = await b.context.newPage();
    fresh.on('response', onResponse);
    await fresh.goto(`${server.url}/app/${acme}/tasks`);
    await fresh.getByRole('link', { name: 'Renew insurance' }).waitFor();
    await fresh.waitForLoadState('networkidle');
    await fresh.close();
    const bytes = [...scripts.values()].reduce((a, n) => a + n, 0);
    figures.inboxJsGzipKb = Math.round(bytes / 102.4) / 10;
    figures.inboxJsFiles = scripts.size;
    assert(bytes <= 250 * 1024, `inbox JavaScript is ${figures.inboxJsGzipKb} KB gzipped`);
  });

  await step('the text filter narrows the list; each task is a link named by its title', async () => {
    await page(b, '02-inbox');
    await p.getByLabel('Filter tasks').fill('insurance');
    await p.waitForURL(/q=insurance/);
    await p.getByRole('link', { name: 'Call the supplier' }).waitFor({ state: 'detached' });
    await p.getByRole('link', { name: 'Renew insurance' }).waitFor();
    await p.getByLabel('Filter tasks').fill('');
    await p.getByRole('link', { name: 'Call the supplier' }).waitFor();
    await p.getByText('Upcoming (111)').click();
    await p.getByRole('link', { name: 'Plan the team offsite' }).waitFor();
    await p.getByRole('link', { name: 'Renew insurance' }).waitFor({ state: 'detached' });
    await p.getByText('All open (113)').click();
  });

  await step('more than 100 open tasks are listed in pages of 50', async () => {
    await p.getByText('113 tasks').waitFor();
    assert(
      (await p.getByRole('link', { name: /^Backlog item/ }).count()) === 47,
      'page 1 should hold 50 tasks',
    );
    await p.getByRole('button', { name: 'Page 3' }).click();
    await p.waitForURL(/page=3/);
    await p.getByRole('link', { name: 'Backlog item 110' }).waitFor();
    assert(
      (await p.getByRole('link', { name: /^Backlog item/ }).count()) === 13,
      'page 3 should hold the last 13',
    );
    await p.getByRole('button', { name: 'Page 1' }).click();
    await p.getByRole('link', { name: 'Renew insurance' }).waitFor();
  });

  await step('launching without the required kick-off field shows the error at the field', async () => {
    await p.getByRole('link', { name: 'Launch a process' }).first().click();
    await p.getByRole('combobox', { name: 'Template' }).click();
    await p.getByRole('option', { name: 'Customer onboarding' }).click();
    await p.getByLabel('Customer name').waitFor();
    await p.getByLabel('Process name').fill('Onboarding Globex');
    await p.getByRole('button', { name: 'Launch' }).click();
    await p.getByText('The Customer name field is required.').waitFor();
    await page(b, '03-launch');
  });

  await step('the member fills the kick-off form, launches and lands on the new process', async () => {
    await p.getByLabel('Customer name').fill('Globex');
    await p.getByLabel('Customer name').press('Tab');
    await p.getByLabel('Start date').fill('2026-12-10');
    await p.getByLabel('Start date').press('Tab');
    await p.getByRole('combobox', { name: 'Plan' }).click();
    await p.getByRole('option', { name: 'Pro' }).click();
    await p.getByRole('button', { name: 'Launch' }).click();
    await p.getByRole('heading', { name: 'Onboarding Globex' }).waitFor();
    processUrl = p.url();
    assert(/\/processes\/[0-9a-f]{32}$/.test(processUrl), `landed on ${processUrl}`);
    await p.getByText('Globex', { exact: true }).waitFor();
    await p.getByText('Pro', { exact: true }).waitFor();
    await page(b, '04-process');
    const hidden = p.getByRole('row', { name: /Set up account/ });
    assert((await hidden.textContent()).includes('Hidden'), 'Set up account should start hidden');
  });

  await step(
    'completing with the required form field empty shows the server’s message at the field',
    async () => {
      await p.getByRole('link', { name: 'Collect contract details' }).click();
      await p.getByRole('heading', { name: 'Collect contract details' }).waitFor();
      assert((await p.locator('.rich-text script').count()) === 0, 'the summary kept a script');
      await p.locator('.rich-text strong', { hasText: 'signed contract' }).waitFor();
      await b.allowing([422], async () => {
        await p.getByRole('button', { name: 'Complete' }).click();
        await p.getByText('The Contract number field is required.').waitFor();
      });
      const described = await p.getByLabel('Contract number').getAttribute('aria-describedby');
      assert(described?.includes('error'), 'the error is not tied to the field');
    },
  );

  await step('a value the server refuses shows its validation message at the field', async () => {
    await b.allowing([422], async () => {
      await p.getByLabel('Website').fill('not a url');
      const saved = p.waitForResponse((r) => r.request().method() === 'PUT' && r.status() === 422);
      await p.getByLabel('Website').press('Tab');
      await saved;
      await p.getByText('The Website field must be a valid URL.').waitFor();
    });
  });

  const saveBy = async (fn) => {
    const saved = p.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().includes('/tasks/') && r.ok(),
    );
    await fn();
    await saved;
  };

  await step('form values of every kind are saved as they are edited', async () => {
    await saveBy(async () => {
      await p.getByLabel('Website').fill('https://globex.example');
      await p.getByLabel('Website').press('Tab');
    });
    await p.getByText('The Website field must be a valid URL.').waitFor({ state: 'detached' });
    await saveBy(async () => {
      await p.getByLabel('Contract number').fill('C-1001');
      await p.getByLabel('Contract number').press('Tab');
    });
    await saveBy(() =>
      p
        .getByLabel('Notes')
        .fill('Signed on paper')
        .then(() => p.getByLabel('Notes').press('Tab')),
    );
    await saveBy(() => p.getByRole('checkbox', { name: 'NDA signed' }).check());
    await saveBy(() => p.getByRole('radio', { name: 'Company' }).check());
    await saveBy(async () => {
      await p.getByLabel('Name, row 1').fill('Hank');
      await p.getByLabel('Phone, row 1').fill('555-0100');
      await p.getByLabel('Phone, row 1').press('Tab');
    });
    await saveBy(async () => {
      await p.getByLabel('Billing e-mail').fill('billing@globex.example');
      await p.getByLabel('Billing e-mail').press('Tab');
    });
    await saveBy(async () => {
      await p.getByLabel('Go-live').fill('2027-01-15');
      await p.getByLabel('Go-live').press('Tab');
    });
    await saveBy(async () => {
      await p.getByRole('combobox', { name: 'Account manager' }).click();
      await p.getByRole('option', { name: 'Ann Lee' }).click();
    });
    await p.keyboard.press('Escape');
    await saveBy(() =>
      p.getByLabel('Upload a file to Signed contract').locator('input[type=file]').setInputFiles(upload),
    );
    await p.getByRole('link', { name: 'signed-contract.pdf' }).first().waitFor();
    await p.evaluate(() => window.scrollTo(0, 0));
    await docsShot(p, 'task-page');
  });

  await step('comments are posted, edited and deleted', async () => {
    await p.getByLabel('Comment', { exact: true }).fill('Contract received');
    await p.getByRole('button', { name: 'Post comment' }).click();
    const comment = p.getByRole('article', { name: 'Comment by Ann Lee' });
    await comment.getByText('Contract received').waitFor();
    await comment.getByRole('button', { name: 'Edit comment' }).click();
    await p.getByLabel('Edit comment').fill('Contract received and filed');
    await p.getByRole('button', { name: 'Save comment' }).click();
    await comment.getByText('Contract received and filed').waitFor();
    await p.getByLabel('Comment', { exact: true }).fill('A note to delete');
    await p.getByRole('button', { name: 'Post comment' }).click();
    await p.getByText('A note to delete').waitFor();
    await p
      .getByRole('article')
      .filter({ hasText: 'A note to delete' })
      .getByRole('button', { name: 'Delete comment' })
      .click();
    await p.getByText('A note to delete').waitFor({ state: 'detached' });
  });

  await step('a problem is reported, blocks completion, and is resolved', async () => {
    await p.getByRole('button', { name: 'Report a problem' }).click();
    await p.getByLabel('Problem', { exact: true }).fill('The scan is blurry');
    await p.getByRole('button', { name: 'Send problem report' }).click();
    await p.getByText('Problem reported', { exact: true }).first().waitFor();
    await b.allowing([422], async () => {
      // The refusal itself: the text below also matches the "Resolve problem" button.
      const refused = p.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().includes('/completed-tasks') && r.status() === 422,
      );
      await p.getByRole('button', { name: 'Complete' }).click();
      await refused;
      await p
        .getByText(/problem/i)
        .filter({ hasText: /resolve|unresolved|open/i })
        .first()
        .waitFor();
    });
    await p.getByRole('button', { name: 'Resolve problem' }).click();
    await p.getByLabel('How it was resolved').fill('A new scan came in');
    await p.getByRole('button', { name: 'Mark resolved' }).click();
    await p.getByText('Problem resolved').first().waitFor();
  });

  await step('a file is attached to the task and downloads', async () => {
    await p.getByLabel('Attach a file').locator('input[type=file]').setInputFiles(upload);
    await p.getByText('File uploaded').first().waitFor();
    const link = p.getByRole('region', { name: 'Files' }).getByRole('link', { name: 'signed-contract.pdf' });
    await link.waitFor();
    const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
    const body = fs.readFileSync(await download.path(), 'utf8');
    assert(body.startsWith('%PDF-1.4'), 'the download is not the uploaded file');
  });

  await step('completing the task shows the rule revealing the next one', async () => {
    await p.getByRole('button', { name: 'Complete' }).click();
    await p.getByText('Rules changed other tasks').waitFor();
    await p.getByText('Set up account: now shown').waitFor();
    await p.getByRole('button', { name: 'Reopen' }).waitFor();
    await page(b, '05-task-completed');
  });

  await step('the task page shows its history, old → new', async () => {
    await p
      .getByRole('region', { name: 'History' })
      .getByText(/Contract number: — → C-1001/)
      .waitFor();
  });

  await step('a completed task is reopened', async () => {
    await p.getByRole('button', { name: 'Reopen' }).click();
    await p.getByText('Task reopened').first().waitFor();
    await p.getByRole('button', { name: 'Complete' }).waitFor();
    await p.getByRole('button', { name: 'Complete' }).click();
    await p.getByRole('button', { name: 'Reopen' }).waitFor();
  });

  await step('the process page lists the revealed task; approve one step and reject another', async () => {
    await p.goto(processUrl);
    await p.getByRole('link', { name: 'Set up account' }).waitFor();
    await p.getByRole('link', { name: 'Approve discount' }).click();
    await p.getByRole('button', { name: 'Approve' }).click();
    await p.getByText('Approved', { exact: true }).first().waitFor();
    await p.goto(processUrl);
    await p.getByRole('link', { name: 'Approve refund' }).click();
    await p.getByRole('button', { name: 'Reject' }).click();
    await p.getByText('Rejected', { exact: true }).first().waitFor();
    await page(b, '06-task-rejected');
  });

  await step(
    'the tracker lists, filters and searches processes; a process is archived and reactivated',
    async () => {
      await p.getByRole('link', { name: 'Processes', exact: true }).click();
      await p.getByRole('link', { name: 'Onboarding Globex' }).waitFor();
      await page(b, '07-processes');
      await p.getByLabel('Search by name').fill('nothing like it');
      await p.getByText('No processes here').waitFor();
      await p.getByLabel('Search by name').fill('Globex');
      await p.getByRole('link', { name: 'Onboarding Globex' }).click();
      await p.getByRole('button', { name: 'Archive' }).click();
      await p.getByText('Process archived').first().waitFor();
      await p.getByRole('button', { name: 'Reactivate' }).click();
      await p.getByText('Process reactivated').first().waitFor();
    },
  );

  await step('a one-off task is created and opens', async () => {
    await p.getByRole('link', { name: 'New one-off task' }).first().click();
    await p.getByLabel('Title').fill('Order business cards');
    await p.getByLabel('Deadline').fill('2030-05-01T10:00');
    await p.getByRole('button', { name: 'Create task' }).click();
    await p.getByRole('heading', { name: 'Order business cards' }).waitFor();
    await page(b, '08-one-off-task');
  });

  await step(
    'the app works with the keyboard alone: Tab reaches a task link and Enter opens it',
    async () => {
      await p.goto(`${server.url}/app/${acme}/tasks`);
      await p.getByRole('link', { name: 'Renew insurance' }).waitFor();
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await p.keyboard.press('Tab');
        reached = await p.evaluate(() => document.activeElement?.textContent === 'Renew insurance');
      }
      assert(reached, 'Tab never reached the task link');
      await docsShot(p, 'inbox');
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: 'Renew insurance' }).waitFor();
    },
  );

  await step('at 375 px the pages fit the screen', async () => {
    await p.setViewportSize({ width: 375, height: 800 });
    for (const [name, url] of [
      ['09-inbox-phone', `/app/${acme}/tasks`],
      ['10-process-phone', new URL(processUrl).pathname],
    ]) {
      await p.goto(`${server.url}${url}`);
      await p.getByRole('heading', { level: 1 }).waitFor();
      await page(b, name);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 375, `${name} is ${width} px wide`);
    }
    await p.setViewportSize({ width: 1440, height: 900 });
  });

  await step('a member of several organizations switches between them', async () => {
    await p.goto(`${server.url}/app/${acme}/tasks`);
    await p.getByRole('combobox', { name: 'Organization' }).click();
    await p.getByRole('option', { name: 'Side Project' }).click();
    await p.waitForURL(new RegExp(`/app/${side}/tasks`));
    await p.getByText('Nothing here').waitFor();
  });

  await step('signing out ends the session', async () => {
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.waitForURL(/\/app\/sign-in/);
    await p.goto(`${server.url}/app/${acme}/tasks`);
    await p.waitForURL(/\/app\/sign-in/);
  });
});

async function signInAs(p, email) {
  await p.goto(`${server.url}/app/sign-in`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(new RegExp(`/app/${acme}/tasks`));
}

let maxBrowser;
await flow('notifications', async () => {
  const b = await openBrowser('max');
  browsers.push(b);
  maxBrowser = b;
  const p = b.page;
  current = p;
  await step('the bell names the unread count of a member Ann gave a task', async () => {
    await signInAs(p, MAX);
    await p.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
  });
  await step('the bell lists the notification; opening it goes to the task and marks it read', async () => {
    await p.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const item = p
      .getByRole('list', { name: 'Latest notifications' })
      .getByRole('link', { name: /Review the supplier contract/ });
    await item.waitFor();
    await page(b, '15-bell-open');
    await item.click();
    await p.getByRole('heading', { name: 'Review the supplier contract' }).waitFor();
    await p.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
  });
});

/** What a scenario module (scenarios/*.mjs) is handed. */
const harness = {
  server,
  acme,
  step,
  check: page,
  assert,
  signInAs,
  docsShot,
  /** A fresh browser, counted for the console-error check and screenshotted on failure. */
  async openBrowser(name, viewport) {
    const b = await openBrowser(name, viewport);
    browsers.push(b);
    current = b.page;
    return b;
  },
  /** Makes `b` the browser screenshotted on failure. */
  use(b) {
    current = b.page;
  },
};

let designed = false;
await flow('designer', async () => {
  await designTemplate(harness);
  designed = true;
});

await flow('member works the new process', async () => {
  // A failed designer or notifications flow has counted its failing step already.
  if (!designed || !maxBrowser) return;
  await answerNo(harness, maxBrowser);
  // Max is done: he signs out, so his open page stops asking for notifications before the
  // people scenario disables him (a disabled member's session ends, and its requests get 401).
  await step('Max signs out', async () => {
    await maxBrowser.page.getByRole('button', { name: 'Sign out' }).click();
    await maxBrowser.page.waitForURL(/\/app\/sign-in/);
  });
});

await flow('guest', async () => {
  const b = await openBrowser('guest', { width: 1100, height: 800 });
  browsers.push(b);
  const p = b.page;
  current = p;
  await step('the guest opens their link and sees the organization and their open task', async () => {
    await p.goto(`${server.url}${guestPath}`);
    await p.getByRole('heading', { name: 'Acme Onboarding' }).waitFor();
    await p.getByRole('link', { name: 'Confirm the start date' }).waitFor();
    await p.getByRole('heading', { name: 'Confirm the start date' }).waitFor();
    await page(b, '11-guest');
    await docsShot(p, 'guest-page');
  });
  await step('the guest fills the required field, comments and completes their task', async () => {
    await b.allowing([422], async () => {
      await p.getByRole('button', { name: 'Complete' }).click();
      await p.getByText('The Your answer field is required.').waitFor();
    });
    const saved = p.waitForResponse((r) => r.request().method() === 'PUT' && r.ok());
    await p.getByLabel('Your answer').fill('The 10th works for us');
    await p.getByLabel('Your answer').press('Tab');
    await saved;
    await p.getByLabel('Comment', { exact: true }).fill('Thanks!');
    await p.getByRole('button', { name: 'Post comment' }).click();
    await p.getByText('Thanks!').waitFor();
    await p.getByLabel('Attach a file').locator('input[type=file]').setInputFiles(upload);
    await p.getByText('File uploaded').first().waitFor();
    await p.getByRole('button', { name: 'Complete' }).click();
    await p.getByText('Task completed').first().waitFor();
    await p
      .getByRole('region', { name: 'Completed' })
      .getByRole('link', { name: 'Confirm the start date' })
      .waitFor();
    await page(b, '12-guest-completed');
  });
  await step('a wrong code shows that the link is no longer valid', async () => {
    await b.allowing([404], async () => {
      await p.goto(`${server.url}/guest-all-task/${acme}/not-a-real-code`);
      await p.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
    });
    await page(b, '13-guest-invalid');
  });
});

await flow('other organization', async () => {
  const b = await openBrowser('other');
  browsers.push(b);
  const p = b.page;
  current = p;
  await step('a member of another organization sees none of it', async () => {
    await p.goto(`${server.url}/app/sign-in`);
    await p.getByLabel('Email').fill(BOB);
    await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByText('Nothing here').waitFor();
    assert((await p.getByRole('link', { name: 'Renew insurance' }).count()) === 0, 'Bob sees Ann’s task');
    await b.allowing([404], async () => {
      await p.goto(
        processUrl ? `${server.url}${new URL(processUrl).pathname}` : `${server.url}/app/${acme}/tasks`,
      );
      await p.getByRole('alert').getByText('Organization not found.', { exact: false }).waitFor();
      await page(b, '14-other-org-denied');
      const status = await p.evaluate(
        async (org) => (await fetch(`/api/organizations/${org}/runs`)).status,
        acme,
      );
      assert(status === 404, `the API answered ${status}`);
    });
  });
});

await peopleScenario({
  server,
  acme,
  flow,
  step,
  page,
  openBrowser,
  browsers,
  signInAs,
  assert,
  setCurrent: (p) => {
    current = p;
  },
});

await runWebhooks({
  server,
  data,
  flow,
  step,
  page,
  assert,
  openBrowser,
  browsers,
  setCurrent: (p) => {
    current = p;
  },
  signInAs,
  ANN,
});

await step('no console errors and no serious or critical axe-core findings on any page', async () => {
  const problems = browsers.flatMap((b) => b.problems);
  assert(problems.length === 0, problems.join('\n'));
  assert(A11Y.length === 0, A11Y.join('\n'));
}).catch(() => {});

for (const b of browsers) await b.close();
await server.stop();

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
if (figures.inboxJsGzipKb !== undefined) {
  process.stdout.write(
    `inbox route JavaScript: ${figures.inboxJsGzipKb} KB gzipped in ${figures.inboxJsFiles} files\n`,
  );
}
process.stdout.write(`screenshots: ${SHOTS}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
