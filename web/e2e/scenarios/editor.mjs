/**
 * The template editor end to end: an administrator builds from nothing a template with three
 * steps (one approval), a kick-off field, a required dropdown on step 1 and the rule "if the
 * dropdown is 'No', hide step 3"; reorders steps by drag and drop and by keyboard; pins and
 * stars it in the templates list; publishes and launches it. Then a member working the
 * process answers "No" and sees step 3 disappear.
 *
 * `t` is the run's harness: { server, step, check, assert, signInAs, openBrowser, docsShot }.
 */
import { ANN } from '../seed.mjs';

const TEMPLATE = 'Purchase request';

/** The designer's flow; answers the editor's address for later flows. */
export async function designTemplate(t) {
  const { step, check, assert, docsShot } = t;
  const b = await t.openBrowser('designer');
  const p = b.page;
  let editorUrl;

  /**
   * Adds a step and answers its form, once open: named by the new step's own title
   * ("Step 2"), so no keystroke lands in the form of the step open before.
   */
  const addStep = async (n) => {
    await p.getByRole('button', { name: 'Add step' }).click();
    const form = p.getByRole('form', { name: `Step Step ${n}` });
    await form.waitFor();
    return form;
  };
  const saveStep = async (form) => {
    const saved = p.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/steps/'));
    await form.getByRole('button', { name: 'Save step' }).click();
    assert((await saved).ok(), 'the step was not saved');
    await p.getByText('Step saved').first().waitFor();
  };
  /** A step's title in the list, by its place: "2. Manager approval". */
  const placed = (n, title) =>
    p.getByRole('list', { name: 'Steps in order' }).getByText(`${n}. ${title}`, { exact: true });

  await step('an administrator creates a template from the Templates page', async () => {
    await t.signInAs(p, ANN);
    await p.getByRole('link', { name: 'Templates', exact: true }).click();
    await p.getByRole('link', { name: 'Customer onboarding' }).waitFor();
    await check(b, '16-templates');
    await p.getByRole('button', { name: 'New template' }).click();
    await p.getByRole('dialog', { name: 'New template' }).getByLabel('Title').fill(TEMPLATE);
    await p.getByRole('button', { name: 'Create template' }).click();
    await p.getByRole('heading', { name: TEMPLATE, level: 1 }).waitFor();
    editorUrl = p.url();
    assert(/\/templates\/[0-9a-f]{32}$/.test(editorUrl), `landed on ${editorUrl}`);
  });

  await step('a kick-off field is added and saved', async () => {
    const details = p.getByRole('form', { name: 'Template details' });
    await details.getByRole('button', { name: 'Add field' }).click();
    await details.getByLabel('Label').fill('Requested item');
    await details.getByRole('checkbox', { name: 'Required' }).check();
    // The live preview shows the field as the launcher will see it.
    await details.getByRole('textbox', { name: 'Requested item' }).waitFor();
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await p.getByText('Template saved').first().waitFor();
  });

  await step('step 1: a rich-text summary, Max assigned and a required dropdown', async () => {
    const form = await addStep(1);
    await form.getByLabel('Step title').fill('Check the budget');
    const summary = form.getByRole('textbox', { name: 'Summary' });
    await summary.click();
    await p.keyboard.type('Compare with the ');
    await p.keyboard.press('Control+b');
    await p.keyboard.type('quarterly budget');
    await form.getByRole('button', { name: 'Bold' }).and(p.locator('[aria-pressed="true"]')).waitFor();
    await form.getByRole('combobox', { name: 'Assigned members' }).click();
    await p.getByRole('option', { name: 'Max Mohr' }).click();
    await p.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Add field' }).click();
    await form.getByLabel('Label').fill('Within budget?');
    await form.getByRole('combobox', { name: 'Field type' }).click();
    await p.getByRole('option', { name: 'Dropdown' }).click();
    for (const option of ['Yes', 'No']) {
      await form.getByLabel('Options').fill(option);
      await form.getByLabel('Options').press('Enter');
    }
    await form.getByRole('checkbox', { name: 'Required' }).check();
    await saveStep(form);
    await placed(1, 'Check the budget').waitFor();
  });

  await step('steps 2 (an approval) and 3 are added', async () => {
    const approval = await addStep(2);
    await approval.getByLabel('Step title').fill('Manager approval');
    await approval.getByRole('combobox', { name: 'Step type' }).click();
    await p.getByRole('option', { name: 'Approval', exact: true }).click();
    await saveStep(approval);
    await placed(2, 'Manager approval').waitFor();

    const order = await addStep(3);
    await order.getByLabel('Step title').fill('Order the goods');
    await saveStep(order);
    await placed(3, 'Order the goods').waitFor();
    await p.getByRole('button', { name: 'Close Order the goods' }).click();
    await p.getByRole('form', { name: /^Step / }).waitFor({ state: 'detached' });
  });

  await step('a step is dragged by its handle to the top, and moved back with the keyboard', async () => {
    const row = (title) => p.locator('.step-row').filter({ hasText: title });
    await row('Order the goods')
      .locator('.drag-handle')
      .dragTo(row('Check the budget'), { targetPosition: { x: 20, y: 10 } });
    await placed(1, 'Order the goods').waitFor();
    await placed(2, 'Check the budget').waitFor();
    const down = p.getByRole('button', { name: 'Move Order the goods down' });
    await down.focus();
    await p.keyboard.press('Enter');
    await placed(2, 'Order the goods').waitFor();
    // The button is disabled while the move is saved; Enter again once it is back.
    await down.and(p.locator(':enabled')).waitFor();
    await down.focus();
    await p.keyboard.press('Enter');
    await placed(3, 'Order the goods').waitFor();
    await placed(1, 'Check the budget').waitFor();
    await placed(2, 'Manager approval').waitFor();
  });

  await step(
    'the rule builder shows the server’s message at the condition, then saves the rule',
    async () => {
      await p.getByRole('button', { name: 'Add rule' }).click();
      const rule = p.getByRole('form', { name: /^Rule / });
      await rule.getByLabel('Rule name').fill('No budget, no order');
      await rule.getByRole('button', { name: 'Add condition' }).click();
      await rule.getByRole('combobox', { name: 'When (condition 1)' }).click();
      await p.getByRole('option', { name: 'Check the budget: Within budget?' }).click();
      await rule.getByRole('button', { name: 'Add action' }).click();
      await rule.getByRole('combobox', { name: 'Action 1', exact: true }).click();
      await p.getByRole('option', { name: 'Hide step' }).click();
      await rule.getByRole('combobox', { name: 'Target step (action 1)' }).click();
      await p.getByRole('option', { name: 'Order the goods' }).click();
      await b.allowing([422], async () => {
        await rule.getByRole('button', { name: 'Save rule' }).click();
        await rule
          .getByRole('group', { name: 'Condition 1' })
          .locator('[aria-invalid="true"]')
          .first()
          .waitFor();
      });
      await rule.getByRole('combobox', { name: 'Value (condition 1)' }).click();
      await p.getByRole('option', { name: 'No', exact: true }).click();
      await rule.getByRole('button', { name: 'Save rule' }).click();
      await p.getByText('Rule saved').first().waitFor();
      await p.getByRole('button', { name: 'Edit rule No budget, no order' }).waitFor();
      await p.getByRole('button', { name: 'Edit Check the budget' }).click();
      await p.getByRole('form', { name: 'Step Check the budget' }).waitFor();
      await docsShot(p, 'template-editor', p.getByRole('region', { name: 'Steps' }));
      await check(b, '17-template-editor');
      await p.getByRole('button', { name: 'Close Check the budget' }).click();
      await p.getByRole('button', { name: 'Edit rule No budget, no order' }).click();
      const saved = p.getByRole('form', { name: 'Rule No budget, no order' });
      await saved.getByRole('combobox', { name: 'Value (condition 1)' }).waitFor();
      await saved.scrollIntoViewIfNeeded();
      await docsShot(p, 'rule-builder', saved);
      await check(b, '18-rule-builder');
      await saved.getByRole('button', { name: 'Cancel' }).click();
      await saved.waitFor({ state: 'detached' });
    },
  );

  await step('the template is published and launched from the editor', async () => {
    await p.getByRole('button', { name: 'Publish' }).click();
    await p.getByText('Template published').first().waitFor();
    await p.getByText(/^Version \d+: published$/).waitFor();
    await p.getByRole('link', { name: 'Launch', exact: true }).click();
    await p.waitForURL(/\/launch\?template=/);
    await p.getByRole('heading', { name: 'Launch a process', level: 1 }).waitFor();
    await p.getByRole('textbox', { name: 'Requested item' }).fill('A new laptop');
    await p.getByLabel('Process name').fill('Laptop for Max');
    await p.getByRole('button', { name: 'Launch', exact: true }).click();
    await p.getByRole('heading', { name: 'Laptop for Max' }).waitFor();
    await p.getByRole('link', { name: 'Order the goods' }).waitFor();
  });

  await step('in the templates list a pinned template comes first; a star is kept', async () => {
    await p.getByRole('link', { name: 'Templates', exact: true }).click();
    const titles = () =>
      p
        .getByRole('table')
        .getByRole('link')
        .evaluateAll((links) => links.map((a) => a.textContent));
    const first = (title) => p.getByRole('table').getByRole('row').nth(1).getByRole('link', { name: title });
    await first('Customer onboarding').waitFor();
    const pin = p.getByRole('button', { name: `Pin ${TEMPLATE}` });
    assert((await pin.getAttribute('aria-pressed')) === 'false', 'the template starts unpinned');
    await pin.click();
    await p.getByText('Template pinned').first().waitFor();
    await first(TEMPLATE).waitFor();
    assert((await titles())[0] === TEMPLATE, `pinned first: ${await titles()}`);
    await pin.and(p.locator('[aria-pressed="true"]')).waitFor();
    const star = p.getByRole('button', { name: `Star ${TEMPLATE}` });
    await star.click();
    await p.getByText('Starred').first().waitFor();
    await p.reload();
    await star.and(p.locator('[aria-pressed="true"]')).waitFor();
    await first(TEMPLATE).waitFor();
    await check(b, '19-templates-pinned');
    await star.click();
    await star.and(p.locator('[aria-pressed="false"]')).waitFor();
    await pin.click();
    await first('Customer onboarding').waitFor();
  });

  await step('at 375 px the editor fits the screen', async () => {
    await p.setViewportSize({ width: 375, height: 800 });
    await p.goto(editorUrl);
    await p.getByRole('heading', { name: TEMPLATE, level: 1 }).waitFor();
    await check(b, '20-editor-phone');
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 375, `the editor is ${width} px wide`);
    await p.setViewportSize({ width: 1440, height: 900 });
  });
}

/** The member assigned step 1 answers "No": the rule hides step 3. */
export async function answerNo(t, b) {
  const { step, check } = t;
  const p = b.page;
  t.use(b);
  await step('Max answers “No” and the rule hides step 3', async () => {
    await p.goto(`${t.server.url}/app/${t.acme}/tasks`);
    await p.getByRole('link', { name: 'Check the budget' }).click();
    await p.getByRole('heading', { name: 'Check the budget' }).waitFor();
    // The summary written in the editor's rich-text field, as HTML.
    await p.locator('.rich-text strong', { hasText: 'quarterly budget' }).waitFor();
    await p.getByRole('link', { name: 'Laptop for Max' }).waitFor();
    const saved = p.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().includes('/tasks/') && r.ok(),
    );
    await p.getByRole('combobox', { name: 'Within budget?' }).click();
    await p.getByRole('option', { name: 'No', exact: true }).click();
    await saved;
    await p.getByText('Order the goods: now hidden').waitFor();
    await p.getByRole('button', { name: 'Complete' }).click();
    await p.getByText('Task completed').first().waitFor();
    await check(b, '21-rule-hid-step');
  });
  await step('the process page shows step 3 hidden', async () => {
    await p.getByRole('link', { name: 'Laptop for Max' }).click();
    await p.getByRole('heading', { name: 'Laptop for Max' }).waitFor();
    const row = p.getByRole('row', { name: /Order the goods/ });
    await row.getByText('Hidden', { exact: true }).waitFor();
  });
}
