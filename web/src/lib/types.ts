import type { paths } from '../api/schema';

type Json<P extends keyof paths, M extends 'get' | 'post' | 'put'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type Task = Json<'/organizations/{org}/me/tasks', 'get'>['data'][number];
export type Process = Json<'/organizations/{org}/runs', 'get'>['data'][number];
export type Template = Json<'/organizations/{org}/checklists', 'get'>['data'][number];
export type Organization = Json<'/me/organizations', 'get'>['data'][number];
export type Member = Json<'/organizations/{org}/users', 'get'>['data'][number];

export type FieldType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'url'
  | 'number'
  | 'date'
  | 'radio'
  | 'dropdown'
  | 'multiselect'
  | 'table'
  | 'file'
  | 'assignees_form';

/** A form field as task (`with=form_fields`) and template (`prerun`) answers carry it. */
export interface FormField {
  id: string;
  label: string;
  field_type: FieldType;
  guidance?: string | null;
  required: boolean;
  position?: number;
  options: { id: number; text: string }[];
  columns: { id: number; label: string }[];
  collect_time?: boolean;
  field_value?: unknown;
}

export interface FileAsset {
  id: string;
  filename: string;
  url?: string;
  file_size?: number;
  uploaded_at?: string;
}

export interface Thread {
  id: number;
  label: string;
  content: string;
  state: string;
  author_id: number | null;
  author_type: string;
  author: { id: number; full_name: string } | null;
  created_at: string;
  resolved_at?: string | null;
}

export interface Activity {
  id: number;
  action: string;
  actor_type: string;
  actor_id: number | null;
  field: string | null;
  old_value: unknown;
  new_value: unknown;
  text: string | null;
  created_at: string;
}

export interface ChangedByRule {
  id: string;
  title: string;
  status?: { from: string; to: string };
  visibility?: 'hidden' | 'shown';
  deadline?: { from: string | null; to: string | null };
  reopened?: boolean;
}

/** `{data: …}`, as includes are wrapped. */
export interface Wrapped<T> {
  data: T;
}

export type TaskWithIncludes = Task & {
  summary?: string | null;
  form_fields?: Wrapped<FormField[]>;
  threads?: Wrapped<Thread[]>;
  assets?: Wrapped<FileAsset[]>;
  activities?: Wrapped<Activity[]>;
  run?: Wrapped<{ id: string; name: string } | null>;
  tasks_changed_by_rules?: Record<string, ChangedByRule>;
};
