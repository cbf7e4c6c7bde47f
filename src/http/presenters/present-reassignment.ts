import { Type } from 'typebox';
import type { ReassignmentInformation } from '../../domain/reassignment.js';
import { Nullable } from '../schemas/common.js';

const TaskRef = Type.Object({
  id: Type.String(),
  run_id: Type.String(),
  run_name: Nullable(Type.String()),
  template_name: Nullable(Type.String()),
  name: Type.String(),
  deadline: Nullable(Type.String()),
});

/** The spec's ReassignmentInfo, plus the processes the member owns and their groups. */
export const ReassignmentInformationSchema = Type.Object({
  templates: Type.Record(Type.String(), Type.String(), { description: 'template id → title' }),
  steps: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), template_id: Type.String() })),
  process_tasks: Type.Record(Type.String(), Type.Array(TaskRef), { description: 'process id → tasks' }),
  one_off_tasks: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), deadline: Nullable(Type.String()) }),
  ),
  processes: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

export function presentReassignmentInformation(info: ReassignmentInformation) {
  const processTasks: Record<string, ReturnType<typeof taskRef>[]> = {};
  const oneOff: { id: string; name: string; deadline: string | null }[] = [];
  for (const task of info.tasks) {
    if (task.processId === null) {
      oneOff.push({ id: task.id, name: task.name, deadline: task.deadline });
      continue;
    }
    const list = processTasks[task.processId] ?? [];
    list.push(taskRef(task, task.processId));
    processTasks[task.processId] = list;
  }
  return {
    templates: Object.fromEntries(info.templates.map((t) => [t.id, t.title])),
    steps: info.steps.map((s) => ({ id: s.id, title: s.title, template_id: s.templateId })),
    process_tasks: processTasks,
    one_off_tasks: oneOff,
    processes: info.processes.map((p) => ({ id: p.id, name: p.title })),
    groups: info.groups.map((g) => ({ id: g.id, name: g.name })),
  };
}

function taskRef(task: ReassignmentInformation['tasks'][number], processId: string) {
  return {
    id: task.id,
    run_id: processId,
    run_name: task.processName,
    template_name: task.templateName,
    name: task.name,
    deadline: task.deadline,
  };
}
