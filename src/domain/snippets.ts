/**
 * Snippets (the wire's text templates): reusable text an administrator writes once and
 * members reference from step and task summaries as `{{snippet:ID}}`. A reference is
 * expanded where the summary is shown, to the snippet's content at that moment, so editing
 * a snippet changes every summary referencing it; a reference to a snippet that does not
 * exist (never did, deleted, another organization's) stays as written.
 */
import { FieldErrorCollector } from './errors.js';

export const SNIPPET_TITLE_MAX = 255;
export const SNIPPET_CONTENT_MAX = 100_000;
export const SNIPPET_LINK_TYPE_MAX = 50;
const LINK_TYPE = /^[A-Za-z0-9_.-]+$/;

export interface Snippet {
  id: number;
  organizationId: string;
  title: string;
  /** The text a reference expands to (wire: `template`). */
  content: string;
  /** Readable without a token through the public library route. */
  isPublic: boolean;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A member's mark on a snippet (wire: text template user), one per type. */
export interface SnippetUserLink {
  id: number;
  organizationId: string;
  snippetId: number;
  userId: number;
  type: string;
  createdAt: string;
  updatedAt: string;
}

/** A snippet shared with a guest (wire: text template guest). */
export interface SnippetGuestLink {
  id: number;
  organizationId: string;
  snippetId: number;
  guestId: number;
  createdAt: string;
  updatedAt: string;
}

/** A snippet as written by a caller; on create the title is required. */
export interface SnippetFields {
  title?: string | undefined;
  content?: string | undefined;
  isPublic?: boolean | undefined;
}

/** The fields trimmed (the title) and checked, or field errors (422). */
export function validateSnippetFields(input: SnippetFields, required: { title: boolean }): SnippetFields {
  const errors = new FieldErrorCollector();
  const out: SnippetFields = {};
  if (input.title !== undefined || required.title) {
    const title = input.title?.trim() ?? '';
    if (!title) errors.add('title', 'The title field is required.');
    else if (title.length > SNIPPET_TITLE_MAX)
      errors.add('title', `The title may not be greater than ${SNIPPET_TITLE_MAX} characters.`);
    else out.title = title;
  }
  if (input.content !== undefined) {
    if (input.content.length > SNIPPET_CONTENT_MAX)
      errors.add('template', `The template may not be greater than ${SNIPPET_CONTENT_MAX} characters.`);
    else out.content = input.content;
  }
  if (input.isPublic !== undefined) out.isPublic = input.isPublic;
  errors.throwIfAny();
  return out;
}

/** The type of a member's mark: 1–50 letters, digits, `_`, `-` or `.`, or field errors (422). */
export function validateSnippetLinkType(type: string | undefined): string {
  const clean = type?.trim() ?? '';
  const errors = new FieldErrorCollector();
  if (!clean) errors.add('type', 'The type field is required.');
  else if (clean.length > SNIPPET_LINK_TYPE_MAX || !LINK_TYPE.test(clean))
    errors.add(
      'type',
      `The type must be at most ${SNIPPET_LINK_TYPE_MAX} letters, digits, underscores, dashes or dots.`,
    );
  errors.throwIfAny();
  return clean;
}

/** `{{snippet:12}}`, spaces allowed inside the braces and around the colon. */
const REFERENCE = /\{\{\s*snippet\s*:\s*(\d{1,10})\s*\}\}/gi;
const MAX_ID = 2_147_483_647;

/** The ids a text references, each once, in order of first appearance. */
export function snippetIdsIn(text: string | null | undefined): number[] {
  if (!text) return [];
  const ids = new Set<number>();
  for (const match of text.matchAll(REFERENCE)) {
    const id = Number(match[1]);
    if (id >= 1 && id <= MAX_ID) ids.add(id);
  }
  return [...ids];
}

/** The ids referenced by any of the texts, each once. */
export function snippetIdsInAll(texts: Iterable<string | null | undefined>): number[] {
  const ids = new Set<number>();
  for (const text of texts) for (const id of snippetIdsIn(text)) ids.add(id);
  return [...ids];
}

/**
 * The text with each reference replaced by its snippet's content. Expansion is one level:
 * a reference inside a snippet's content is left as written, so no snippet can expand
 * itself or another without end. Unknown ids stay as written.
 */
export function expandSnippets<T extends string | null>(text: T, contents: ReadonlyMap<number, string>): T {
  if (!text || contents.size === 0) return text;
  return text.replace(REFERENCE, (whole, id: string) => contents.get(Number(id)) ?? whole) as T;
}
