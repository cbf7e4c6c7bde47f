/** Permission request bodies (wire) → the typed lists of the permission services. */
import type { Static } from 'typebox';
import {
  type SubjectList,
  TEMPLATE_PERMISSIONS,
  type TemplatePermissions,
} from '../../domain/permissions.js';
import { WIRE_NAMES } from '../../services/permissions/permissions.js';
import type { RunPermissionsBody, TemplatePermissionsBody } from './permissions.schemas.js';

type Body = Record<string, unknown>;
const ids = (v: unknown) => (Array.isArray(v) ? (v as string[]).map((s) => s.toLowerCase()) : []);

/** A list is replaced when any of its keys is sent; lists not mentioned keep their subjects. */
function listOf(body: Body, wire: string): SubjectList | undefined {
  const keys = [wire, `${wire}_group`, `${wire}_role`, `${wire}_guest`];
  if (!keys.some((k) => body[k] !== undefined)) return undefined;
  return {
    users: [...new Set((body[wire] as number[] | undefined) ?? [])],
    groups: [...new Set(ids(body[`${wire}_group`]))],
    roles: [...new Set(ids(body[`${wire}_role`]))],
    guests: [...new Set(ids(body[`${wire}_guest`]))],
  };
}

export function templatePermissionsInputOf(
  body: Static<typeof TemplatePermissionsBody>,
): Partial<TemplatePermissions> {
  const input: Partial<TemplatePermissions> = {};
  for (const kind of TEMPLATE_PERMISSIONS) {
    const list = listOf(body as Body, WIRE_NAMES[kind]);
    if (list) input[kind] = list;
  }
  return input;
}

export function runPermissionsInputOf(body: Static<typeof RunPermissionsBody>): SubjectList {
  return listOf(body as Body, 'process_read') ?? { users: [], groups: [], roles: [], guests: [] };
}
