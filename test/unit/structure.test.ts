/**
 * The layering the architecture promises, checked from the source text: cheap (no build, no
 * database), so it runs with every `npm test`. Each rule lists the files that broke it when
 * the rule was written; the list may only shrink. A new offender fails the test, and so does
 * a listed file that no longer offends (take it off the list).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every TypeScript file under `dir`, as a path relative to the repository, with `/`. */
function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) found.push(child);
    }
  };
  walk(dir);
  return found.sort();
}

/** The file's code without its comment lines, so prose about a query or an import is not one. */
const text = (file: string) =>
  fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n');

// Static imports and re-exports (`… from '…'`), side-effect imports and dynamic `import('…')`.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** The project files `file` imports (relative specifiers resolved; packages left out). */
function importsOf(file: string): string[] {
  const targets: string[] = [];
  for (const [, specifier] of text(file).matchAll(IMPORT)) {
    if (!specifier?.startsWith('.')) continue;
    targets.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
  }
  return targets;
}

const under = (dir: string) => (file: string) => file === dir || file.startsWith(`${dir}/`);

/** Files under `from` that import anything under one of `forbidden`. */
function importViolations(from: string, forbidden: (target: string) => boolean): string[] {
  return sourceFiles(from).filter((file) => importsOf(file).some(forbidden));
}

// Kysely's query builder and raw SQL templates: what a query looks like in this code base.
const SQL =
  /\.(?:selectFrom|selectNoFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(?:<[^>]*>)?`|\bsql\.raw\(/;

/**
 * Files that break each rule today and are being fixed elsewhere (presenters made pure,
 * queries moved into repositories). Only ever remove entries.
 */
type Rule =
  | 'presentersImportServicesOrDb'
  | 'sharedPresentersImportOutside'
  | 'sqlOutsideDb'
  | 'domainImportsOutside'
  | 'servicesImportHttp'
  | 'adaptersImportLayers'
  | 'rawInServices'
  | 'routeBodyToService';

const ALLOWED: Record<Rule, string[]> = {
  presentersImportServicesOrDb: [],
  sharedPresentersImportOutside: [],
  sqlOutsideDb: [],
  domainImportsOutside: [],
  servicesImportHttp: [],
  adaptersImportLayers: [],
  rawInServices: [],
  routeBodyToService: [],
};

/** A loosely typed request document (`Raw`), which services must not take. */
const RAW = /\bRaw\b/;
/**
 * `request.body` handed on whole after another argument (services take the context first), as
 * is or cast: a route maps its body with a `*.inputs.ts` mapper instead.
 */
const BODY_TO_SERVICE = /,\s*request\.body(?:\s+as\s+[\w.<>[\]]+)?(?:\s*\?\?\s*\{\s*\})?\s*[,)]/;

function expectOnlyAllowed(rule: Rule, violations: string[]) {
  const allowed = ALLOWED[rule];
  expect(
    violations.filter((file) => !allowed.includes(file)),
    `new files breaking "${rule}"`,
  ).toEqual([]);
  expect(
    allowed.filter((file) => !violations.includes(file)),
    `files that no longer break "${rule}": remove them from its allowlist`,
  ).toEqual([]);
}

describe('the layers', () => {
  it('keeps presenters pure: nothing under src/http/presenters imports services or the database', () => {
    const violations = importViolations(
      'src/http/presenters',
      (target) => under('src/services')(target) || under('src/db')(target),
    );
    expectOnlyAllowed('presentersImportServicesOrDb', violations);
  });

  it('keeps the shared presenters pure: src/presenters imports only src/domain and itself', () => {
    // Services build webhook payloads with them and http answers with them: one JSON shape
    // per object, so they may depend on neither.
    const violations = importViolations(
      'src/presenters',
      (target) => !under('src/domain')(target) && !under('src/presenters')(target),
    );
    expectOnlyAllowed('sharedPresentersImportOutside', violations);
  });

  it('keeps SQL in src/db: no other file of src/ runs a query (bench/db holds the benchmark’s own)', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('bench')].filter(
      // The benchmark's seeding and sampling SQL is the one allowed place outside src/db:
      // it is not part of the product and must not be bundled into it.
      (file) => !under('src/db')(file) && !under('bench/db')(file),
    );
    expectOnlyAllowed(
      'sqlOutsideDb',
      files.filter((file) => SQL.test(text(file))),
    );
  });

  it('keeps the domain pure: src/domain imports nothing of the project outside src/domain', () => {
    const violations = importViolations('src/domain', (target) => !under('src/domain')(target));
    expectOnlyAllowed('domainImportsOutside', violations);
  });

  it('keeps services transport-free: nothing under src/services imports src/http', () => {
    expectOnlyAllowed('servicesImportHttp', importViolations('src/services', under('src/http')));
  });

  it('keeps adapters at the edge: src/adapters imports no services, jobs, http or db code', () => {
    const layers = ['src/services', 'src/jobs', 'src/http', 'src/db'].map(under);
    const violations = importViolations('src/adapters', (target) =>
      layers.some((inLayer) => inLayer(target)),
    );
    expectOnlyAllowed('adaptersImportLayers', violations);
  });
});

describe('one validation style', () => {
  it('keeps loose documents out of services: no `Raw` type under src/services', () => {
    expectOnlyAllowed(
      'rawInServices',
      sourceFiles('src/services').filter((file) => RAW.test(text(file))),
    );
  });

  it('maps every body: no route passes request.body to a service without a mapper', () => {
    const routes = sourceFiles('src/http/routes').filter((file) => file.endsWith('.routes.ts'));
    expectOnlyAllowed(
      'routeBodyToService',
      routes.filter((file) => BODY_TO_SERVICE.test(text(file))),
    );
  });
});

describe('the rules themselves', () => {
  it('see an import and a query where there is one', () => {
    // A rule that matched nothing would pass forever: check each pattern on known files.
    expect(importsOf('src/services/context.ts')).toContain('src/adapters/index.js');
    expect(importsOf('src/presenters/webhook-payloads.ts')).toContain('src/presenters/present-task.js');
    expect(SQL.test(text('src/db/repositories/system-repository.ts'))).toBe(true);
    expect(SQL.test("await db.selectFrom('tasks')")).toBe(true);
    expect(SQL.test('await sql`select 1`.execute(db)')).toBe(true);
    expect(SQL.test('await sql<{ n: number }>`select 1`.execute(db)')).toBe(true);
    expect(SQL.test("await db.selectNoFrom((eb) => eb.lit(1).as('one'))")).toBe(true);
    expect(SQL.test('const selectFromCache = cache.get(id)')).toBe(false);
    expect(text('src/db/dialect.ts')).not.toMatch(/^\s*\*/m);
    expect(RAW.test('export async function importTemplate(ctx: AppContext, body: Raw)')).toBe(true);
    expect(RAW.test('const sourceRaw = fields.source;')).toBe(false);
    expect(BODY_TO_SERVICE.test('await createGroup(ctx, actor, request.body);')).toBe(true);
    expect(BODY_TO_SERVICE.test('createStep(ctx, actor, id, request.body as Raw)')).toBe(true);
    expect(BODY_TO_SERVICE.test('cloneTemplate(ctx, actor, id,\n  request.body ?? {},\n)')).toBe(true);
    expect(BODY_TO_SERVICE.test('createGroup(ctx, actor, groupInputOf(request.body))')).toBe(false);
    expect(BODY_TO_SERVICE.test('setCadence(ctx, guest, request.body.cadence_days)')).toBe(false);
  });
});
