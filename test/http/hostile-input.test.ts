/**
 * The hostile-input sweep: every operation of the app's own /openapi.json is called against
 * real objects (a template with steps and fields, a process, its tasks, a comment, a guest, a
 * group, a file, a rule, a watcher) with values meant to break it: NUL characters, integers no
 * column holds, wrong types, objects where text belongs, multipart without a boundary. Any
 * answer of 500 or more fails the test, naming the request.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { tempDataDir } from '../helpers/files.js';
import { PATH_FIXTURES, PROPERTY_FIXTURES, seedVictim, type Victim } from '../helpers/isolation-fixtures.js';

let t: TestContext;
let v: Victim;
let dataDir: string;
let spec: OpenApi;

interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
type Schema = Record<string, any>;
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

beforeAll(async () => {
  dataDir = tempDataDir();
  t = await createTestContext({ DATA_DIR: dataDir, PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' });
  v = await seedVictim(t);
  spec = JSON.parse((await t.app.inject({ method: 'GET', url: '/openapi.json' })).body) as OpenApi;
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Text values no column should ever see, as they travel in a URL (already encoded). */
const HOSTILE_URL_VALUES = [
  '%00',
  'a%00b',
  '99999999999999999999',
  '1e20',
  '-99999999999',
  '2147483648',
  '0x7f',
];
/** JSON values for one property at a time. */
const HOSTILE_JSON_VALUES: unknown[] = [
  '\u0000',
  'a\u0000b',
  1e20,
  -1e20,
  2147483648,
  '99999999999999999999',
  { nested: 'object' },
  ['a', 'b'],
  true,
  null,
  { '\u0000key': 1 },
];

function realPath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return segment;
      if (name === 'org') return v.org.orgId;
      const key = PATH_FIXTURES[`${segments[i - 1]}/:${name}`] ?? PATH_FIXTURES[`:${name}`];
      const value = key === undefined ? undefined : v.values.get(key);
      return encodeURIComponent(String(value ?? 'x'));
    })
    .join('/');
}

/** A plausible value of the schema's shape: required properties, fixtures where named. */
function sample(schema: Schema | undefined, name?: string): unknown {
  if (name && PROPERTY_FIXTURES[name]) return PROPERTY_FIXTURES[name](v);
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.anyOf ?? schema.oneOf)) return sample((schema.anyOf ?? schema.oneOf)[0], name);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries<Schema>(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(key)) out[key] = sample(prop, key);
      }
      return out;
    }
    case 'array':
      return [sample(schema.items, name)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return 'x';
  }
}

interface Probe {
  method: string;
  url: string;
  contentType?: string;
  payload?: string;
}

/** Every hostile variant of one operation. */
function probesOf(method: string, path: string, op: Operation): Probe[] {
  const probes: Probe[] = [];
  const url = realPath(path);
  const jsonSchema = op.requestBody?.content['application/json']?.schema;
  const base = sample(jsonSchema);
  const json = (body: unknown, at = url): Probe => ({
    method,
    url: at,
    contentType: 'application/json',
    payload: JSON.stringify(body),
  });
  const withBase = (at: string): Probe => (jsonSchema ? json(base ?? {}, at) : { method, url: at });

  // Path parameters, one at a time.
  const segments = path.split('/');
  segments.forEach((segment, i) => {
    if (!/^\{\w+\}$/.test(segment)) return;
    for (const value of HOSTILE_URL_VALUES) {
      const real = realPath(path).split('/');
      real[i] = value;
      probes.push(withBase(real.join('/')));
    }
  });
  // Query parameters, one at a time, plus the object form (`name[key]=`).
  for (const param of op.parameters ?? []) {
    if (param.in !== 'query') continue;
    for (const value of HOSTILE_URL_VALUES) probes.push(withBase(`${url}?${param.name}=${value}`));
    probes.push(withBase(`${url}?${param.name}[a]=1&${param.name}=x&${param.name}=y`));
  }
  // Body properties, one at a time, top level and one level down.
  if (jsonSchema && base && typeof base === 'object' && !Array.isArray(base)) {
    const props = Object.entries<Schema>(jsonSchema.properties ?? {});
    for (const [key, prop] of props) {
      for (const value of HOSTILE_JSON_VALUES) probes.push(json({ ...base, [key]: value }));
      const inner = prop.type === 'array' ? prop.items : prop;
      // A free-form document (settings, form values, deadlines): the keys services read
      // numbers and ids from, all out of range.
      if (
        inner &&
        !inner.properties &&
        (inner.type === 'object' || inner.additionalProperties !== undefined)
      ) {
        const doc = { value: 1e20, unit: 'days', id: 1e20, users: [1e20], position: 1e20, step: '\u0000' };
        probes.push(json({ ...base, [key]: prop.type === 'array' ? [doc] : doc }));
      }
      for (const [innerKey] of Object.entries<Schema>(inner?.properties ?? {})) {
        for (const value of ['\u0000', 1e20, { nested: 'object' }]) {
          const item = { ...((sample(inner) as object) ?? {}), [innerKey]: value };
          probes.push(json({ ...base, [key]: prop.type === 'array' ? [item] : item }));
        }
      }
    }
  }
  if (jsonSchema) {
    for (const body of ['text', [1, 2], 123, null]) probes.push(json(body));
    probes.push({
      method,
      url,
      contentType: 'application/json',
      payload: '{"a": "\\u0000", "b": 99999999999999999999}',
    });
  }
  // Multipart forms (uploads, /oauth/token): each field hostile in turn, with a small file.
  const formSchema = op.requestBody?.content['multipart/form-data']?.schema;
  const form = formSchema?.anyOf?.[0] ?? formSchema;
  if (form) {
    const fields = Object.entries<Schema>(form.properties ?? {}).filter(([, p]) => p.format !== 'binary');
    const plain = Object.fromEntries(fields.map(([key, p]) => [key, String(sample(p, key) ?? 'x')]));
    for (const [key] of fields) {
      for (const value of ['a\u0000b', '99999999999999999999', '-1']) {
        probes.push({ method, url, ...multipartBody({ ...plain, [key]: value }) });
      }
    }
  }
  if (form || method === 'POST') {
    probes.push({ method, url, contentType: 'multipart/form-data', payload: 'field=1' });
  }
  return probes;
}

function multipartBody(fields: Record<string, string>): { contentType: string; payload: string } {
  const boundary = 'hostileBoundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: `${parts.join('')}--${boundary}--\r\n`,
  };
}

const ORDER: Record<string, number> = { get: 0, post: 1, put: 2, patch: 3, delete: 4 };

describe('hostile input on every route of /openapi.json', () => {
  it('never answers 5xx', async () => {
    const operations = Object.entries(spec.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      .filter((o) => ORDER[o.method] !== undefined)
      // Reads first and deletions last, so the objects are there for every other probe.
      .sort((a, b) => (ORDER[a.method] ?? 0) - (ORDER[b.method] ?? 0));
    expect(operations.length).toBeGreaterThan(150);
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, op } of operations) {
      for (const probe of probesOf(method.toUpperCase(), path, op)) {
        const res = await t.app.inject({
          method: probe.method as 'GET',
          url: probe.url,
          headers: {
            authorization: `Bearer ${v.org.admin.token}`,
            ...(probe.contentType ? { 'content-type': probe.contentType } : {}),
          },
          ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
        });
        sent++;
        if (res.statusCode >= 500) {
          failures.push(
            `${probe.method} ${probe.url} ${probe.payload ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }
      }
    }
    console.log(
      `hostile-input sweep: ${sent} requests over ${operations.length} operations, ${failures.length} 5xx`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
