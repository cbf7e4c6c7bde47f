import { newHexId, slugify } from '../ids.js';
import { rewriteRuleReferences } from './content-ops.js';
import type { TemplateContent } from './template.js';

export interface CopyTarget {
  organizationId: string;
  title: string;
  actorId: number;
  now: string;
}

/**
 * A copy of the template under new ids: its steps, form fields, kick-off fields and rules,
 * with step deadlines and rule references pointing at the copies. The copy starts as a new
 * template (not archived, not published, owned by the actor); version numbering is the
 * writer's.
 */
export function copyTemplateContent(source: TemplateContent, target: CopyTarget): TemplateContent {
  const ids = new Map<string, string>();
  const fresh = (id: string) => {
    const next = newHexId();
    ids.set(id, next);
    return next;
  };
  const templateId = newHexId();
  const stamp = { createdAt: target.now, lastUpdated: target.now };
  const steps = source.steps.map((s) => ({ ...s, ...stamp, id: fresh(s.id), templateId }));
  const fields = source.fields.map((f) => ({ ...f, ...stamp, id: fresh(f.id), templateId }));
  const remapped = steps.map((s) =>
    s.deadline && ids.has(s.deadline.step)
      ? { ...s, deadline: { ...s.deadline, step: ids.get(s.deadline.step) as string } }
      : s,
  );
  const rules = source.rules.map((r) => {
    const { rule } = rewriteRuleReferences(r, ids);
    return {
      ...rule,
      ...stamp,
      id: newHexId(),
      templateId,
      conditions: rule.conditions.map((c) => ({ ...c, id: newHexId() })),
      actions: rule.actions.map((a) => ({ ...a, id: newHexId() })),
    };
  });
  return {
    template: {
      ...source.template,
      ...stamp,
      id: templateId,
      organizationId: target.organizationId,
      title: target.title,
      alias: slugify(target.title, 'template'),
      ownerId: target.actorId,
      createdBy: target.actorId,
      lastUpdatedBy: target.actorId,
      version: 0,
      publishedVersion: null,
      archivedAt: null,
    },
    steps: remapped,
    fields: fields.map((f) => (f.stepId ? { ...f, stepId: ids.get(f.stepId) ?? f.stepId } : f)),
    rules,
  };
}
