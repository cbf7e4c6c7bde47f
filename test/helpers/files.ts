import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { App } from '../../src/http/types.js';
import { type Api, type ApiResponse, apiClient } from './api.js';

export interface FilePart {
  /** The multipart part name: `name` as the spec says, or `file` as Postman does. */
  part?: string;
  filename: string;
  content: Buffer;
  contentType?: string;
}

/** A multipart/form-data body with the fields and (optionally) files, in the order asked. */
export function multipart(fields: Record<string, string>, file?: FilePart | FilePart[], fileFirst = false) {
  const files = file === undefined ? [] : Array.isArray(file) ? file : [file];
  const boundary = `----flowlane${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  const field = (name: string, value: string) =>
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  const addFile = (f: FilePart) => {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.part ?? 'name'}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  };
  if (fileFirst) files.forEach(addFile);
  for (const [name, value] of Object.entries(fields)) field(name, value);
  if (!fileFirst) files.forEach(addFile);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a multipart upload through `inject`, as a client would. */
export async function uploadFile(
  app: App,
  token: string | undefined,
  url: string,
  fields: Record<string, string>,
  file?: FilePart | FilePart[],
  options: { fileFirst?: boolean } = {},
): Promise<ApiResponse> {
  const body = multipart(fields, file, options.fileFirst);
  const response = await app.inject({
    method: 'POST',
    url,
    headers: {
      accept: 'application/json',
      'content-type': body.contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    payload: body.payload,
  });
  let parsed: unknown = response.body;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    // not JSON
  }
  return { status: response.statusCode, body: parsed, headers: response.headers };
}

/** GETs raw bytes (no JSON Accept), returning the body as a Buffer. */
export async function download(app: App, token: string | undefined, url: string, accept = '*/*') {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: response.statusCode, bytes: response.rawPayload, headers: response.headers };
}

/** A fresh directory for one test file's stored files. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'flowlane-files-'));
}

/** Every regular file under `dir`, recursively (relative paths). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

export interface FileFixture {
  templateId: string;
  stepId: string;
  fileFieldId: string;
  textFieldId: string;
  kickoffFieldId: string;
  processId: string;
  taskId: string;
  otherTaskId: string;
}

/**
 * A template with a step that has a file field (and a text field), a second step, a file
 * kick-off field; launched once. Ids of everything a file can be attached to.
 */
export async function createFileFixture(app: App, token: string, orgId: string): Promise<FileFixture> {
  const api: Api = apiClient(app, token);
  const base = `/organizations/${orgId}`;
  const created = await api.post(`${base}/checklists?with=steps`, {
    title: `Files ${randomBytes(3).toString('hex')}`,
    type: 'procedure',
    prerun: [{ label: 'Contract', field_type: 'file', required: false, position: 1 }],
    steps: [
      {
        title: 'Upload',
        position: 1,
        allow_guest_owners: true,
        captures: [
          { label: 'Scan', field_type: 'file', required: false, position: 1 },
          { label: 'Note', field_type: 'text', required: false, position: 2 },
        ],
      },
      { title: 'Review', position: 2 },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const template = created.body.data;
  const steps = (template.steps?.data ?? template.steps) as Array<Record<string, any>>;
  const upload = steps.find((s) => s.title === 'Upload') as Record<string, any>;
  const captures = (upload.captures?.data ?? upload.captures) as Array<Record<string, any>>;
  const run = await api.post(`${base}/runs`, { checklist_id: template.id, name: 'With files' });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const tasks = await api.get(`${base}/runs/${run.body.data.id}/tasks`);
  const task = tasks.body.data.find((x: any) => x.step_id === upload.id);
  const other = tasks.body.data.find((x: any) => x.step_id !== upload.id);
  return {
    templateId: template.id,
    stepId: upload.id,
    fileFieldId: captures.find((c) => c.field_type === 'file')?.id,
    textFieldId: captures.find((c) => c.field_type === 'text')?.id,
    kickoffFieldId: template.prerun[0].id,
    processId: run.body.data.id,
    taskId: task.id,
    otherTaskId: other.id,
  };
}
