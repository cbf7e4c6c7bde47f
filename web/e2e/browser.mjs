/**
 * Debian's Chromium driven by playwright-core: one fresh profile per browser, the Content-
 * Security-Policy the server sends left in force, console errors and axe-core findings
 * collected on every page.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function openBrowser(name, viewport = { width: 1440, height: 900 }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `flowlane-e2e-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  let allowed = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (allowed.some((re) => re.test(text))) return;
    problems.push(`console error on ${page.url()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  // Names the request behind a "Failed to load resource" console line.
  page.on('response', (response) => {
    if (response.status() >= 400 && allowed.length === 0) {
      problems.push(`${response.request().method()} ${response.url()} answered ${response.status()}`);
    }
  });
  return {
    context,
    page,
    problems,
    /** Chromium logs every 4xx answer; a step that provokes one on purpose allows it. */
    async allowing(statuses, fn) {
      allowed = statuses.map((s) => new RegExp(`status of ${s}\\b`));
      try {
        return await fn();
      } finally {
        allowed = [];
      }
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function axeViolations(page) {
  // evaluate() runs through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .map(
          (n) =>
            `${n.target.join(' ')} [${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}] ${n.html.slice(0, 120)}`,
        )
        .slice(0, 3),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

/**
 * With E2E_DOCS=1: a small picture of the page for the README (docs/screenshots/), scrolled
 * to `target` (a locator) when one is given.
 */
export async function docsShot(page, name, target) {
  if (process.env.E2E_DOCS !== '1') return;
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1100, height: 720 });
  if (target) {
    await target.evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      // Clear of the app's fixed header.
      window.scrollBy(0, -72);
    });
  }
  // Two frames: the page has laid itself out at the new size.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  fs.mkdirSync(DOCS, { recursive: true });
  // Toasts of earlier steps would cover the page in the picture.
  const toasts = page.locator('.mantine-Notifications-root');
  await toasts.evaluateAll((els) => {
    for (const el of els) el.style.visibility = 'hidden';
  });
  await page.screenshot({ path: path.join(DOCS, `${name}.png`) });
  await toasts.evaluateAll((els) => {
    for (const el of els) el.style.visibility = '';
  });
  if (before) await page.setViewportSize(before);
}
