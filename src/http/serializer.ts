/**
 * Response serialisation: every route's answer goes through fast-json-stringify, compiled
 * from its response schema, as Fastify does by default, with one rewrite of the schema
 * first. `Nullable(T)` is `anyOf: [T, {type: 'null'}]`, and fast-json-stringify decides an
 * anyOf branch by running a JSON-schema validator on the value, for every nullable field of
 * every item. `T` of a single primitive type with nothing else to validate is the same as
 * `type: [T's type, 'null']`, which it serialises with a plain type check.
 * Only serialisation sees the rewrite: request validation keeps the schemas as written.
 */

import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';

type Schema = Record<string, unknown>;

const PRIMITIVES = new Set(['string', 'integer', 'number', 'boolean']);
/** Keywords that only describe (or that fast-json-stringify uses to format, like `format`). */
const ANNOTATIONS = new Set(['type', 'description', 'title', 'format', 'examples', 'default']);

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `T | null` where T is one primitive type: `{...T, type: [T.type, 'null']}`, else undefined. */
function nullablePrimitive(schema: Schema): Schema | undefined {
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return undefined;
  if (Object.keys(schema).some((k) => k !== 'anyOf' && !ANNOTATIONS.has(k))) return undefined;
  const nullIndex = options.findIndex((o) => isSchema(o) && o.type === 'null' && Object.keys(o).length === 1);
  if (nullIndex === -1) return undefined;
  const other = options[1 - nullIndex];
  if (!isSchema(other) || typeof other.type !== 'string' || !PRIMITIVES.has(other.type)) return undefined;
  if (Object.keys(other).some((k) => !ANNOTATIONS.has(k))) return undefined;
  const { anyOf: _, ...rest } = schema;
  // null first or last in anyOf: the serialised text is the same either way.
  return { ...rest, ...other, type: nullIndex === 0 ? ['null', other.type] : [other.type, 'null'] };
}

/** A copy of the schema with nullable primitives rewritten (the original is not changed). */
export function transformForSerialization(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(transformForSerialization);
  if (!isSchema(schema)) return schema;
  const rewritten = nullablePrimitive(schema);
  if (rewritten) return rewritten;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `patternProperties` map names to schemas; `enum`/`const` hold values.
    copy[key] =
      key === 'enum' || key === 'const' || key === 'examples' ? value : transformForSerialization(value);
  }
  return copy;
}

/** Fastify's `serializerCompiler`: fast-json-stringify on the rewritten schema. */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) =>
  fastJsonStringify(transformForSerialization(schema) as Parameters<typeof fastJsonStringify>[0]);
