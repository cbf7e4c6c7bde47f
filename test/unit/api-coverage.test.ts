/**
 * The operations of Tallyfy's spec that Flowlane does not serve, grouped by tag, printed and
 * held to docs/api-coverage.md: an operation that was served and is no longer fails the
 * test; so does one served now that the file still lists (regenerate it with
 * `npm run coverage:api`, which sets FLOWLANE_WRITE_COVERAGE).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COVERAGE_FILE,
  findSpecFile,
  notServed,
  operationKey,
  parseCoverage,
  renderCoverage,
  type SpecOperation,
  specOperations,
} from '../helpers/api-coverage.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
let all: SpecOperation[];
let missing: SpecOperation[];

beforeAll(async () => {
  t = await createTestContext();
  all = specOperations(JSON.parse(fs.readFileSync(findSpecFile(process.cwd()), 'utf8')));
  missing = notServed(all, t.app.routeTable);
  if (process.env.FLOWLANE_WRITE_COVERAGE) fs.writeFileSync(COVERAGE_FILE, renderCoverage(all, missing));
});
afterAll(() => t.close());

describe('API coverage against the Tallyfy spec', () => {
  it('compares method and path with parameter names left out', () => {
    expect(operationKey('get', '/organizations/{org}/runs/{run_id}/')).toBe(
      operationKey('GET', '/organizations/:org/runs/:id'),
    );
    expect(operationKey('get', '/organizations/{org}/runs')).not.toBe(
      operationKey('POST', '/organizations/:org/runs'),
    );
  });

  it('serves every operation the coverage file does not list, and none it lists', () => {
    const listed = parseCoverage(fs.readFileSync(COVERAGE_FILE, 'utf8'));
    const byTag = new Map<string, string[]>();
    for (const op of missing) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), `${op.method} ${op.path}`]);
    console.info(
      `not served: ${missing.length} of ${all.length}\n` +
        [...byTag.entries()].map(([tag, ops]) => `${tag} (${ops.length})\n  ${ops.join('\n  ')}`).join('\n'),
    );
    const lost = missing.filter((op) => !listed.has(operationKey(op.method, op.path)));
    expect(lost.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    const missingKeys = new Set(missing.map((op) => operationKey(op.method, op.path)));
    const nowServed = [...listed].filter((key) => !missingKeys.has(key));
    expect(nowServed).toEqual([]);
  });
});
