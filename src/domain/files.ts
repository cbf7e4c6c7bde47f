/**
 * Uploaded files (wire: assets): what may be uploaded, what it is attached to, and the shape
 * a file form value keeps. Pure: storage and SQL live elsewhere.
 */
import { AppError } from './errors.js';

/**
 * What a file is attached to. `Run` (a process; with `step_id`, one of its tasks) and
 * `Checklist` (a template; its kick-off form with `uploaded_from=ko_field`) are the spec's;
 * `Task` (any task, one-off tasks included) and `Step` (a template step) are Flowlane's
 * additions for the subjects the spec has no name for.
 */
export const ASSET_SUBJECT_TYPES = ['Run', 'Checklist', 'Task', 'Step'] as const;
export type AssetSubjectType = (typeof ASSET_SUBJECT_TYPES)[number];

/** Accepted spellings of the subject types (the spec's are case-sensitive; these are kind). */
const SUBJECT_ALIASES: Record<string, AssetSubjectType> = {
  run: 'Run',
  process: 'Run',
  checklist: 'Checklist',
  blueprint: 'Checklist',
  template: 'Checklist',
  task: 'Task',
  step: 'Step',
};

export function parseSubjectType(raw: string): AssetSubjectType | undefined {
  return SUBJECT_ALIASES[raw.trim().toLowerCase()];
}

/** `uploaded_from` for a kick-off field. */
export const KICKOFF_SOURCE = 'ko_field';

export const FILE_SOURCES = ['local', 'url'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

/** Where the file came from when it was picked from a cloud drive (`system`). */
export const FILE_SYSTEMS = [
  'Dropbox',
  'Box',
  'OneDrive',
  'ShareFile',
  'Google Drive',
  'Intralinks',
  'SharePoint',
  'Other',
] as const;
export type FileSystemName = (typeof FILE_SYSTEMS)[number];

/**
 * The extensions Tallyfy accepts, with the content type each is served with. The type comes
 * from this table, never from the client, so an upload cannot make the server answer with
 * `text/html` or a script type.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ppt: 'application/vnd.ms-powerpoint',
  doc: 'application/msword',
  rtf: 'application/rtf',
  pdf: 'application/pdf',
  txt: 'text/plain',
  mpga: 'audio/mpeg',
  mov: 'video/quicktime',
  qt: 'video/quicktime',
  mp4: 'video/mp4',
  webm: 'video/webm',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  png: 'image/png',
  ai: 'application/postscript',
  psd: 'image/vnd.adobe.photoshop',
  zip: 'application/zip',
  xml: 'application/xml',
  xps: 'application/vnd.ms-xpsdocument',
  dwg: 'image/vnd.dwg',
  csv: 'text/csv',
  tif: 'image/tiff',
  bmp: 'image/bmp',
};

export const ALLOWED_EXTENSIONS = Object.keys(CONTENT_TYPES);

const MAX_FILENAME = 255;

/**
 * The name to keep for an uploaded file: the last path segment, without control
 * characters, at most 255 characters (the extension kept). Refuses (422
 * FILE_TYPE_NOT_ALLOWED) a name whose extension is not in the list.
 */
export function checkUploadName(raw: string | undefined): { filename: string; contentType: string } {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  let filename = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const dot = filename.lastIndexOf('.');
  const extension = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  const contentType = CONTENT_TYPES[extension];
  if (!contentType) {
    const allowed = ALLOWED_EXTENSIONS.join(', ');
    throw new AppError(
      'FILE_TYPE_NOT_ALLOWED',
      `Files of this type cannot be uploaded. Allowed: ${allowed}.`,
      {
        fieldErrors: { name: [`The file must be one of: ${allowed}.`] },
      },
    );
  }
  if (filename.length > MAX_FILENAME) {
    filename = filename.slice(0, MAX_FILENAME - extension.length - 1) + filename.slice(dot);
  }
  return { filename, contentType };
}

/** One uploaded file. The bytes are a blob shared by every asset with the same content. */
export interface Asset {
  id: string;
  organizationId: string;
  /** Where the bytes are in the store, and what they are. */
  storageKey: string;
  backend: 'local' | 's3';
  sha256: string;
  size: number;
  filename: string;
  contentType: string;
  subjectType: AssetSubjectType;
  subjectId: string;
  /** The process, template, step and task the subject belongs to, when it has them. */
  processId: string | null;
  templateId: string | null;
  stepId: string | null;
  taskId: string | null;
  /** `ko_field`, a form field id, or null when no field was named. */
  uploadedFrom: string | null;
  /** The form field (or kick-off field) the file answers, when known. */
  fieldId: string | null;
  source: FileSource;
  system: FileSystemName | null;
  uploaderType: 'user' | 'guest';
  uploaderId: number;
  version: number;
  createdAt: string;
  archivedAt: string | null;
}

/**
 * The asset as a `file` form value keeps it in `taskdata` / `prerun` (the spec's Asset
 * without the download URL, which depends on where the server is reached).
 */
export function fileValueEntry(asset: Asset) {
  return {
    id: asset.id,
    filename: asset.filename,
    version: asset.version,
    uploaded_from: asset.uploadedFrom,
    uploaded_at: asset.createdAt,
    step_id: asset.stepId,
    source: asset.source,
    system: asset.system,
    uploaded_to_s3: asset.backend === 's3',
    subject: { id: asset.subjectId, type: asset.subjectType },
    size: asset.size,
    content_type: asset.contentType,
  };
}

export type FileValueEntry = ReturnType<typeof fileValueEntry>;
