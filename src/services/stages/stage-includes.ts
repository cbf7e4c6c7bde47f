/** Stages of many templates or processes at once, for `with=stages`. */
import { findStagesOfSubjects } from '../../db/repositories/stages-repository.js';
import type { StageSubjectType } from '../../domain/stages.js';
import type { StageDefinition } from '../../domain/templates/definition.js';
import type { AppContext } from '../context.js';

/** One query for the whole answer; every id asked for is a key (possibly with []). */
export async function loadStagesOfSubjects(
  ctx: AppContext,
  organizationId: string,
  subjectType: StageSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, StageDefinition[]>> {
  const found = await findStagesOfSubjects(ctx.db.kysely, organizationId, subjectType, subjectIds);
  return new Map(
    [...found].map(([id, stages]) => [
      id,
      stages.map((s) => ({ id: s.id, title: s.title, position: s.position })),
    ]),
  );
}
