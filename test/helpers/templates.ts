import { expect } from 'vitest';
import type { Api } from './api.js';

/** A form field as the templates API takes it (capture or kick-off field). */
export interface FieldSpec {
  label: string;
  field_type: string;
  required?: boolean;
  options?: Array<{ id: number; text: string }>;
  columns?: Array<{ id: number; label: string }>;
  [key: string]: unknown;
}

export interface StepSpec {
  title: string;
  step_type?: string;
  captures?: FieldSpec[];
  [key: string]: unknown;
}

export interface TemplateSpec {
  title?: string;
  steps: StepSpec[];
  prerun?: FieldSpec[];
  [key: string]: unknown;
}

export interface CreatedField {
  id: string;
  alias: string;
  label: string;
  field_type: string;
}

export interface CreatedStep {
  id: string;
  alias: string;
  title: string;
  position: number;
  captures: CreatedField[];
}

export interface CreatedTemplate {
  id: string;
  title: string;
  steps: CreatedStep[];
  prerun: CreatedField[];
}

let counter = 0;

/** Creates a template with steps (and their form fields) through the templates API. */
export async function createTemplate(api: Api, orgId: string, spec: TemplateSpec): Promise<CreatedTemplate> {
  counter++;
  const body = {
    type: 'procedure',
    ...spec,
    title: spec.title ?? `Template ${counter}`,
    steps: spec.steps.map((s, i) => ({ position: i + 1, ...s, captures: (s.captures ?? []).map(fieldBody) })),
    prerun: (spec.prerun ?? []).map(fieldBody),
  };
  const res = await api.post(`/organizations/${orgId}/checklists?with=steps`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const data = res.body.data;
  const steps = (data.steps?.data ?? data.steps ?? []) as Array<Record<string, any>>;
  return {
    id: data.id,
    title: data.title,
    prerun: data.prerun,
    steps: steps
      .map(
        (s) => ({ ...s, captures: (s.captures?.data ?? s.captures ?? []) as CreatedField[] }) as CreatedStep,
      )
      .sort((a, b) => a.position - b.position),
  };
}

function fieldBody(f: FieldSpec, i: number) {
  return { required: false, position: i + 1, ...f };
}

/** `n` plain steps titled "Step 1" … "Step n". */
export function plainSteps(n: number, extra: Partial<StepSpec> = {}): StepSpec[] {
  return Array.from({ length: n }, (_, i) => ({ title: `Step ${i + 1}`, ...extra }));
}

export interface LaunchedProcess {
  runId: string;
  template: CreatedTemplate;
  /** Task ids by title. */
  tasks: Record<string, string>;
  body: any;
}

/** Creates a template and launches it; answers the process and its task ids by title. */
export async function launchTemplate(
  api: Api,
  orgId: string,
  spec: TemplateSpec,
  launch: Record<string, unknown> = {},
): Promise<LaunchedProcess> {
  const template = await createTemplate(api, orgId, spec);
  const res = await api.post(`/organizations/${orgId}/runs`, { checklist_id: template.id, ...launch });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const list = await api.get(
    `/organizations/${orgId}/runs/${res.body.data.id}/tasks?without_pagination=true`,
  );
  const tasks: Record<string, string> = {};
  for (const task of list.body.data) tasks[task.title] = task.id;
  return { runId: res.body.data.id, template, tasks, body: res.body };
}
