/**
 * The frozen template definition behind a process, and what a task needs from it: its step
 * and its form fields. A one-off task carries its own fields.
 *
 * Definitions are cached per open database by (organization, template, version): a
 * template version is written once and never changed (template_versions has no update
 * path), so a cached copy can never go stale. The cached objects are shared between
 * requests and are therefore deep-frozen: callers read them, never change them (copy first).
 */
import {
  findDefinitionsOfVersions,
  versionKey,
} from '../../db/repositories/process-definitions-repository.js';
import type { Process } from '../../domain/processes/process.js';
import type { Task } from '../../domain/tasks/task.js';
import type {
  FieldDefinition,
  StepDefinition,
  TemplateDefinition,
} from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';

/** How many versions one database's cache keeps (least recently used go first). */
const CACHE_SIZE = 500;

/** Definitions of the given processes (one query for those not cached), keyed by process id. */
export async function loadDefinitions(
  ctx: AppContext,
  organizationId: string,
  processes: Iterable<Process>,
  options: { committed?: boolean } = {},
): Promise<Map<string, TemplateDefinition>> {
  const list = [...processes].filter((p) => p.templateId !== null && p.templateVersion !== null);
  const byVersion = await definitionsOfVersions(
    ctx,
    organizationId,
    list.map((p) => ({ templateId: p.templateId as string, version: p.templateVersion as number })),
    options.committed === true,
  );
  const result = new Map<string, TemplateDefinition>();
  for (const p of list) {
    const definition = byVersion.get(versionKey(p.templateId as string, p.templateVersion as number));
    if (definition) result.set(p.id, definition);
  }
  return result;
}

/**
 * The process's definition. `committed`: the caller knows the process existed before its
 * transaction began (it read the process, it did not create it), so its template version is
 * committed and may be cached even when read inside the transaction.
 */
export async function loadDefinition(
  ctx: AppContext,
  process: Process,
  options: { committed?: boolean } = {},
): Promise<TemplateDefinition | undefined> {
  return (await loadDefinitions(ctx, process.organizationId, [process], options)).get(process.id);
}

/**
 * One template version's definition (a launch's), from the cache or one query. `committed`
 * as for loadDefinition: read outside a transaction, or known to predate it.
 */
export async function loadTemplateDefinition(
  ctx: AppContext,
  organizationId: string,
  version: { templateId: string; version: number },
  options: { committed?: boolean } = {},
): Promise<TemplateDefinition | undefined> {
  const byVersion = await definitionsOfVersions(ctx, organizationId, [version], options.committed === true);
  return byVersion.get(versionKey(version.templateId, version.version));
}

/** The versions' definitions keyed by `versionKey`: from the cache, the rest in one query. */
async function definitionsOfVersions(
  ctx: AppContext,
  organizationId: string,
  versions: ReadonlyArray<{ templateId: string; version: number }>,
  committed: boolean,
): Promise<Map<string, TemplateDefinition>> {
  const cache = ctx.db.caches.definitions;
  const result = new Map<string, TemplateDefinition>();
  const missing: Array<{ templateId: string; version: number }> = [];
  for (const v of versions) {
    const key = versionKey(v.templateId, v.version);
    if (result.has(key)) continue;
    const cacheKey = `${organizationId}/${key}`;
    const cached = cache.get(cacheKey);
    if (cached) {
      // Map order is insertion order: re-inserting marks the entry most recently used.
      cache.delete(cacheKey);
      cache.set(cacheKey, cached);
      result.set(key, cached);
    } else missing.push(v);
  }
  if (missing.length === 0) return result;
  const loaded = await findDefinitionsOfVersions(ctx.db.kysely, organizationId, missing);
  // A version read inside a transaction may have been written by it and still roll back;
  // only what is read outside one, or what the caller knows to be older, is known to be committed.
  const cacheable = committed || !ctx.db.kysely.isTransaction;
  for (const [key, definition] of loaded) {
    deepFreeze(definition);
    result.set(key, definition);
    if (cacheable) remember(cache, `${organizationId}/${key}`, definition);
  }
  return result;
}

function remember(cache: Map<string, TemplateDefinition>, key: string, definition: TemplateDefinition): void {
  cache.set(key, definition);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export function stepOfTask(
  task: Task,
  definition: TemplateDefinition | undefined,
): StepDefinition | undefined {
  if (!task.stepId || !definition) return undefined;
  return definition.steps.find((s) => s.id === task.stepId);
}

/** The form fields a task collects: its step's, or a one-off task's own. */
export function fieldsOfTask(task: Task, definition: TemplateDefinition | undefined): FieldDefinition[] {
  if (task.fields) return task.fields;
  return stepOfTask(task, definition)?.fields ?? [];
}
