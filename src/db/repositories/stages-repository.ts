/** Stages (milestones) of templates and processes; every query is scoped by organization. */
import type { Selectable } from 'kysely';
import type { Stage, StageSubjectType } from '../../domain/stages.js';
import type { Db } from '../database.js';
import type { StagesTable } from '../tables/organize.js';

function toStage(row: Selectable<StagesTable>): Stage {
  return {
    id: row.id,
    organizationId: row.organization_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    title: row.title,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findStageById(db: Db, organizationId: string, id: string): Promise<Stage | undefined> {
  const row = await db
    .selectFrom('stages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toStage(row) : undefined;
}

/** The stages of several templates or processes in one query, each subject's by position. */
export async function findStagesOfSubjects(
  db: Db,
  organizationId: string,
  subjectType: StageSubjectType,
  subjectIds: readonly string[],
): Promise<Map<string, Stage[]>> {
  const result = new Map<string, Stage[]>(subjectIds.map((id) => [id, []]));
  if (subjectIds.length === 0) return result;
  const rows = await db
    .selectFrom('stages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', 'in', [...new Set(subjectIds)])
    .orderBy('subject_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const row of rows) result.get(row.subject_id)?.push(toStage(row));
  return result;
}

export async function insertStage(db: Db, stage: Stage): Promise<void> {
  await db
    .insertInto('stages')
    .values({
      id: stage.id,
      organization_id: stage.organizationId,
      subject_type: stage.subjectType,
      subject_id: stage.subjectId,
      title: stage.title,
      position: stage.position,
      created_at: stage.createdAt,
      updated_at: stage.updatedAt,
    })
    .execute();
}

/** Writes title and position of the stages whose values differ from `before`. */
export async function saveStages(
  db: Db,
  organizationId: string,
  before: readonly Stage[],
  after: readonly Stage[],
): Promise<void> {
  const old = new Map(before.map((s) => [s.id, s]));
  for (const stage of after) {
    const was = old.get(stage.id);
    if (!was || (was.title === stage.title && was.position === stage.position)) continue;
    await db
      .updateTable('stages')
      .set({ title: stage.title, position: stage.position, updated_at: stage.updatedAt })
      .where('organization_id', '=', organizationId)
      .where('id', '=', stage.id)
      .execute();
  }
}

export async function deleteStageRow(db: Db, organizationId: string, id: string): Promise<void> {
  await db.deleteFrom('stages').where('organization_id', '=', organizationId).where('id', '=', id).execute();
}
