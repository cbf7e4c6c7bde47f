/**
 * The 30 templates of the bench organization, as the templates API takes them, and their
 * rules (created through the rules service, so they are validated like a client's).
 * Template 0 is the 10-step template `launch_process` launches; template 1 carries rules on
 * form values for `update_form_values`; the others have 5 to 15 steps.
 */
import type { TemplateDefinition } from '../../src/domain/templates/definition.js';
import type { Random } from './random.js';

export interface SeedPeople {
  /** Members other than the bench admin. */
  memberIds: number[];
  groupIds: string[];
  guestEmails: string[];
}

export const TEMPLATE_COUNT = 30;
export const LAUNCH_TEMPLATE_TITLE = 'Bench launch (10 steps)';
export const FORM_RULES_TEMPLATE_TITLE = 'Bench form rules';

const option = (id: number, text: string) => ({ id, text });

function stepCaptures(position: number, formRules: boolean): Record<string, unknown>[] {
  if (formRules) {
    return [
      {
        label: 'Needs review',
        field_type: 'dropdown',
        options: [option(1, 'Yes'), option(2, 'No')],
        position: 1,
      },
      { label: 'Notes', field_type: 'textarea', position: 2 },
    ];
  }
  switch (position % 3) {
    case 1:
      return [
        { label: 'Notes', field_type: 'text', position: 1 },
        {
          label: 'Outcome',
          field_type: 'dropdown',
          options: [option(1, 'Done'), option(2, 'Partial')],
          position: 2,
        },
      ];
    case 2:
      return [
        { label: 'Hours', field_type: 'number', position: 1 },
        { label: 'Follow-up', field_type: 'date', position: 2 },
      ];
    default:
      return [{ label: 'Reference', field_type: 'text', required: true, position: 1 }];
  }
}

function stepBody(position: number, count: number, formRules: boolean, people: SeedPeople, random: Random) {
  const owners: Record<string, unknown> = {};
  if (position % 4 === 0) owners.groups = [random.pick(people.groupIds)];
  else if (position % 7 === 0) owners.guests = [random.pick(people.guestEmails)];
  else if (position % 5 !== 3) owners.assignees = random.sample(people.memberIds, random.int(1, 2));
  return {
    title: `Step ${position}`,
    summary: `What to do in step ${position}.`,
    position,
    step_type: !formRules && position % 5 === 0 ? 'approval' : 'task',
    // The last step is hidden until a rule shows it.
    skip_start_process: position === count,
    deadline: { value: position * 2 + random.int(0, 3), unit: 'days', option: 'from', step: 'start_run' },
    ...owners,
    captures: stepCaptures(position, formRules),
  };
}

/** The create body of template `index` (0-based). */
export function templateDocument(index: number, people: SeedPeople, random: Random): Record<string, unknown> {
  const formRules = index === 1;
  const count = index === 0 ? 10 : formRules ? 8 : 5 + ((index * 7) % 11);
  const title =
    index === 0 ? LAUNCH_TEMPLATE_TITLE : formRules ? FORM_RULES_TEMPLATE_TITLE : `Bench procedure ${index}`;
  return {
    title,
    type: 'procedure',
    summary: `Benchmark template ${index + 1} with ${count} steps.`,
    prerun: [
      { label: 'Client', field_type: 'text', required: true, position: 1 },
      {
        label: 'Priority',
        field_type: 'dropdown',
        options: [option(1, 'Normal'), option(2, 'Urgent')],
        position: 2,
      },
      { label: 'Start on', field_type: 'date', position: 3 },
    ],
    steps: Array.from({ length: count }, (_, i) => stepBody(i + 1, count, formRules, people, random)),
  };
}

const showLast = (definition: TemplateDefinition) => {
  const last = definition.steps[definition.steps.length - 1];
  if (!last) throw new Error(`template ${definition.title} has no steps`);
  return { action_type: 'visibility', action_verb: 'show', target_step_id: last.id };
};

/** Rule bodies for a created template: shown-on-completion, kick-off and form-value rules. */
export function ruleBodies(definition: TemplateDefinition, formRules: boolean): Record<string, unknown>[] {
  const show = showLast(definition);
  const priority = definition.kickoffFields.find((f) => f.label === 'Priority');
  const rules: Record<string, unknown>[] = [];
  if (priority) {
    rules.push({
      automated_alias: 'Urgent processes show the last step',
      conditions: [
        {
          conditionable_id: priority.id,
          conditionable_type: 'Prerun',
          operation: 'equals',
          statement: 'Urgent',
          logic: 'and',
        },
      ],
      then_actions: [show],
    });
  }
  if (formRules) {
    // One rule per visible step: answering "Needs review" shows (Yes) or hides (No) the last step.
    for (const step of definition.steps.slice(0, -1)) {
      const field = step.fields.find((f) => f.label === 'Needs review');
      if (!field) continue;
      for (const [answer, verb] of [
        ['Yes', 'show'],
        ['No', 'hide'],
      ] as const) {
        rules.push({
          automated_alias: `${step.title}: ${answer} ${verb}s the review`,
          conditions: [
            {
              conditionable_id: field.id,
              conditionable_type: 'Capture',
              operation: 'equals',
              statement: answer,
              logic: 'and',
            },
          ],
          then_actions: [{ ...show, action_verb: verb }],
        });
      }
    }
    return rules;
  }
  const first = definition.steps[0];
  if (first) {
    rules.push({
      automated_alias: 'First step done shows the last step',
      conditions: [
        {
          conditionable_id: first.id,
          conditionable_type: 'Step',
          operation: 'completed',
          statement: 'any_time',
          logic: 'and',
        },
      ],
      then_actions: [show],
    });
  }
  return rules;
}
