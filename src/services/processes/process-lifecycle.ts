/** Archive, activate, permanently delete a process; submit or reopen its kick-off form. */

import { archiveProcessAssets, restoreProcessAssets } from '../../db/repositories/assets-repository.js';
import { setProcessTasksArchived } from '../../db/repositories/process-tasks-repository.js';
import {
  deleteProcess as deleteProcessRow,
  findProcessForUpdate,
  updateProcess,
} from '../../db/repositories/processes-repository.js';
import { rejected } from '../../domain/errors.js';
import { assertCan } from '../../domain/policy.js';
import { assertProcessWritable, type Process } from '../../domain/processes/process.js';
import { missingRequiredFields, requiredMissing } from '../../domain/tasks/form-values.js';
import { type AppContext, inTransaction, type MemberActor } from '../context.js';
import { actorRef, appendEvents, recordActivities } from '../events/record.js';
import { purgeAssets } from '../files/assets.js';
import { processNotFound } from './caller.js';
import { processEventPayload } from './event-payloads.js';
import { openProcessWrite, type ProcessWrite } from './process-write.js';
import { refreshProcess } from './refresh-process.js';

/**
 * Opens the write unit of a process of the caller's organization for managing it (light
 * members may not manage processes).
 */
export async function openManagedProcess(
  tx: AppContext,
  actor: MemberActor,
  processId: string,
): Promise<ProcessWrite> {
  const unit = await openProcessWrite(tx, actorRef(actor), actor.organizationId, processId);
  if (!unit) throw processNotFound();
  assertCan(actor, 'process.manage');
  return unit;
}

/** The process's tasks as archived (or restored) along with it. */
const withTasksArchived = (unit: ProcessWrite, archivedAt: string | null, now: string) => {
  unit.tasks = unit.tasks.map((t) => ({ ...t, archivedAt, lastUpdated: now }));
};

async function record(
  tx: AppContext,
  actor: MemberActor,
  process: Process,
  action: string,
  field: string | null,
  from: unknown,
  to: unknown,
) {
  await recordActivities(tx, process.organizationId, actorRef(actor), [
    {
      action,
      objectType: 'process',
      objectId: process.id,
      processId: process.id,
      field,
      oldValue: from,
      newValue: to,
    },
  ]);
}

/** `DELETE /runs/{id}`: archives the process and its tasks; answers the archived process. */
export async function archiveProcess(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
): Promise<Process> {
  return inTransaction(ctx, async (tx) => {
    const unit = await openManagedProcess(tx, actor, processId);
    const process = unit.process;
    assertCan(actor, 'process.archive', {
      isLauncher: process.startedBy === actor.userId,
      participates: true,
    });
    if (process.archivedAt) return process;
    const now = tx.clock.now().toISOString();
    await updateProcess(tx.db.kysely, actor.organizationId, process.id, {
      archivedAt: now,
      lastUpdated: now,
    });
    await setProcessTasksArchived(tx.db.kysely, actor.organizationId, process.id, now, now);
    await archiveProcessAssets(tx.db.kysely, actor.organizationId, process.id, now);
    await record(tx, actor, process, 'archived', 'archived_at', null, now);
    const archived = { ...process, archivedAt: now, lastUpdated: now };
    unit.process = archived;
    withTasksArchived(unit, now, now);
    await appendEvents(tx, actor.organizationId, [
      {
        name: 'process.archived',
        processId: process.id,
        taskId: null,
        payload: await processEventPayload(unit),
        targets: archived.webhook ? [archived.webhook] : [],
      },
    ]);
    return archived;
  });
}

/** `PUT /runs/{id}/activate`: un-archives the process and its tasks; its status comes back. */
export async function activateProcess(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
): Promise<Process> {
  return inTransaction(ctx, async (tx) => {
    const unit = await openManagedProcess(tx, actor, processId);
    const process = unit.process;
    if (!process.archivedAt) return process;
    const now = tx.clock.now().toISOString();
    await updateProcess(tx.db.kysely, actor.organizationId, process.id, {
      archivedAt: null,
      lastUpdated: now,
    });
    await setProcessTasksArchived(tx.db.kysely, actor.organizationId, process.id, null, now);
    await restoreProcessAssets(tx.db.kysely, actor.organizationId, process.id, process.archivedAt);
    await record(tx, actor, process, 'activated', 'archived_at', process.archivedAt, null);
    unit.process = { ...process, archivedAt: null, lastUpdated: now };
    withTasksArchived(unit, null, now);
    return refreshProcess(unit);
  });
}

/** `DELETE /runs/{id}/delete`: administrators only, and only once archived. */
export async function deleteProcess(ctx: AppContext, actor: MemberActor, processId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const process = await findProcessForUpdate(tx.db.kysely, actor.organizationId, processId);
    if (!process) throw processNotFound();
    assertCan(actor, 'process.manage');
    assertCan(actor, 'process.delete');
    if (!process.archivedAt)
      throw rejected('PROCESS_NOT_ARCHIVED', 'Archive the process before deleting it.');
    await deleteProcessRow(tx.db.kysely, actor.organizationId, process.id);
    await record(tx, actor, process, 'deleted', null, { name: process.name }, null);
    // Last: the bytes go only once everything else in the transaction has been written.
    await purgeAssets(tx, actor.organizationId, { processIds: [process.id] }, actorRef(actor));
  });
}

/**
 * `POST /runs/{id}/complete-prerun` (submit, checking required kick-off fields) and
 * `DELETE` (reopen). A process completes only with its kick-off form submitted.
 */
export async function setPrerunCompleted(
  ctx: AppContext,
  actor: MemberActor,
  processId: string,
  completed: boolean,
): Promise<Process> {
  return inTransaction(ctx, async (tx) => {
    const unit = await openManagedProcess(tx, actor, processId);
    const process = unit.process;
    assertProcessWritable(process);
    if ((process.prerunCompletedAt !== null) === completed) return process;
    if (completed) {
      const missing = missingRequiredFields(unit.definition?.kickoffFields ?? [], process.prerun);
      if (missing.length) throw requiredMissing(missing, 'prerun');
    }
    const now = tx.clock.now().toISOString();
    const changes = completed
      ? { prerunCompletedAt: now, prerunCompletedBy: actor.userId, lastUpdated: now }
      : { prerunCompletedAt: null, prerunCompletedBy: null, lastUpdated: now };
    await updateProcess(tx.db.kysely, actor.organizationId, process.id, changes);
    await record(
      tx,
      actor,
      process,
      completed ? 'prerun_completed' : 'prerun_reopened',
      'prerun_status',
      process.prerunCompletedAt ? 'completed' : 'pending',
      completed ? 'completed' : 'pending',
    );
    unit.process = { ...process, ...changes };
    return refreshProcess(unit);
  });
}
