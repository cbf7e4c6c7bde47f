import type { Timestamp } from './types.js';

/** One uploaded file (wire: asset), attached to a process, task, template or template step. */
export interface AssetsTable {
  id: string;
  organization_id: string;
  /** The blob's key in the store (see file_blobs). */
  storage_key: string;
  /** `local | s3`: the store that held the bytes when they were uploaded. */
  backend: string;
  sha256: string;
  size: number;
  filename: string;
  content_type: string;
  /** `Run | Checklist | Task | Step` */
  subject_type: string;
  subject_id: string;
  /** The process, template, step and task the subject belongs to, for `with=assets`. */
  process_id: string | null;
  template_id: string | null;
  step_id: string | null;
  task_id: string | null;
  /** `ko_field`, a form field id, or null. */
  uploaded_from: string | null;
  field_id: string | null;
  /** `local | url` */
  source: string;
  system: string | null;
  uploader_type: 'user' | 'guest';
  uploader_id: number;
  version: number;
  created_at: Timestamp;
  archived_at: Timestamp | null;
}

/**
 * The stored bytes, once per organization and content: assets with the same SHA-256 share
 * one blob, and `ref_count` says how many assets use it. The bytes are removed only when the
 * last reference goes, under this row's lock.
 */
export interface FileBlobsTable {
  organization_id: string;
  sha256: string;
  storage_key: string;
  backend: string;
  size: number;
  ref_count: number;
  created_at: Timestamp;
}

/** A re-encoded picture or logo: the full-size and thumbnail objects in the file store. */
export interface ImagesTable {
  id: string;
  /** Null for a member's profile picture (accounts span organizations). */
  organization_id: string | null;
  owner_type: 'user' | 'organization' | 'group';
  owner_id: string;
  storage_key: string;
  thumb_key: string;
  width: number;
  height: number;
  created_at: Timestamp;
}

export interface FileTables {
  images: ImagesTable;
  assets: AssetsTable;
  file_blobs: FileBlobsTable;
}
