/**
 * Limits every request schema gets without each route spelling them out, applied in one
 * place (the app factory) to all routes:
 * - integers are bounded by PostgreSQL's `integer` unless the schema says otherwise, so a
 *   value no column can hold is a 422 at validation, never an overflow in the database;
 * - strings may not contain NUL anywhere (query, path, body, keys included): PostgreSQL
 *   cannot store it in text, and no client has a reason to send it.
 */
import type { FastifyRequest, RouteOptions } from 'fastify';
import { invalidFields } from '../../domain/errors.js';
import { INT4_MAX, INT4_MIN } from '../../domain/limits.js';

type SchemaNode = Record<string, unknown>;

const REQUEST_PARTS = ['querystring', 'params', 'body', 'headers'] as const;

/** Adds the integer bounds to a route's request schemas (an `onRoute` hook). */
export function boundRequestIntegers(route: RouteOptions): void {
  const schema = route.schema as Record<string, unknown> | undefined;
  if (!schema) return;
  const seen = new Set<object>();
  for (const part of REQUEST_PARTS) boundIntegers(schema[part], seen);
}

function boundIntegers(node: unknown, seen: Set<object>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) boundIntegers(item, seen);
    return;
  }
  const s = node as SchemaNode;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('integer')) {
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = INT4_MIN;
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = INT4_MAX;
  }
  for (const value of Object.values(s)) boundIntegers(value, seen);
}

const NUL = '\u0000';
const MAX_DEPTH = 64;

/**
 * Refuses (422 VALIDATION_FAILED, naming the field) a request whose query, path or parsed
 * body holds a NUL character in any string or key. Runs before schema validation, so it
 * covers free-form documents (form values, settings) as well as typed fields.
 */
export function refuseNulCharacters(request: FastifyRequest): void {
  const found =
    findNul(request.params, 'params', 0) ??
    findNul(request.query, 'query', 0) ??
    findNul(request.body, '', 0);
  if (found !== undefined) {
    throw invalidFields('VALIDATION_FAILED', {
      [found || 'body']: ['The field may not contain NUL characters.'],
    });
  }
}

/**
 * The same refusal for a multipart field, which reaches a handler as it streams in rather
 * than through the parsed body the hook above sees.
 */
export function refuseNulInField(name: string, value: string): void {
  if (name.includes(NUL) || value.includes(NUL)) {
    throw invalidFields('VALIDATION_FAILED', {
      [name.replaceAll(NUL, '')]: ['The field may not contain NUL characters.'],
    });
  }
}

function findNul(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const hit = findNul(item, path ? `${path}.${i}` : String(i), depth + 1);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes(NUL)) return at.replaceAll(NUL, '');
    const hit = findNul(item, at, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
