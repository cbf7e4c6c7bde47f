/**
 * The activity feed's vocabulary: Tallyfy's verbs, entity types and object types on the
 * wire, mapped to the actions and object types Flowlane records, and which changes an undo
 * can take back. Pure: no I/O.
 */
import type { Activity } from './activities.js';

/** A row of the audit trail as the feed reads it: the activity, and when it was undone. */
export interface FeedActivity extends Activity {
  /** When the change was undone; null while it stands. */
  undoneAt: string | null;
}

/** Tallyfy verb → the actions Flowlane records for it. Other verbs name an action as is. */
const VERB_ACTIONS: Record<string, readonly string[]> = {
  created: ['created', 'launched', 'imported', 'cloned'],
  updated: ['updated', 'deadline_changed'],
  'owners-updated': ['owners_updated'],
  completed: ['completed', 'approved', 'rejected', 'share_completed'],
  uncompleted: ['reopened', 'rule_reopened'],
  deleted: ['deleted'],
  commented: ['commented'],
  'issue-reported': ['issue_raised'],
  'issue-resolved': ['issue_resolved'],
  archived: ['archived'],
  unarchived: ['restored', 'activated'],
  'comment-deleted': ['comment_deleted'],
  'invite-accepted': ['invitation_accepted'],
  invited: ['invited'],
  uploaded: ['uploaded'],
  linked: ['linked'],
  unlinked: ['unlinked'],
  emitted: ['emitted', 'rule_executed'],
  enabled: ['enabled'],
  disabled: ['disabled'],
  're-ordered': ['re_ordered', 'reordered'],
};

/** The recorded actions a `verb` filter selects. */
export function actionsOfVerb(verb: string): readonly string[] {
  const key = verb.trim().toLowerCase();
  return VERB_ACTIONS[key] ?? [key.replaceAll('-', '_')];
}

const ACTION_VERB = new Map<string, string>(
  Object.entries(VERB_ACTIONS).flatMap(([verb, actions]) => actions.map((a) => [a, verb] as const)),
);

/** The Tallyfy verb of a recorded action (`reopened` → `uncompleted`). */
export function verbOfAction(action: string): string {
  return ACTION_VERB.get(action) ?? action.replaceAll('_', '-');
}

/** `type` filter values → recorded object types (and actions, for comments). */
const TYPES: Record<string, { objectTypes: readonly string[]; actions?: readonly string[] }> = {
  comment: {
    objectTypes: ['thread'],
    actions: ['commented', 'comment_updated', 'comment_deleted', 'issue_raised', 'issue_resolved'],
  },
  task: { objectTypes: ['task'] },
  step: { objectTypes: ['step'] },
  process: { objectTypes: ['process'] },
  run: { objectTypes: ['process'] },
  template: { objectTypes: ['template'] },
  blueprint: { objectTypes: ['template'] },
  checklist: { objectTypes: ['template'] },
  user: { objectTypes: ['user'] },
  guest: { objectTypes: ['guest'] },
  organization: { objectTypes: ['organization'] },
  tag: { objectTypes: ['tag'] },
  group: { objectTypes: ['group'] },
  folder: { objectTypes: ['folder'] },
  asset: { objectTypes: ['asset'] },
  texttemplate: { objectTypes: ['text_template'] },
  snippet: { objectTypes: ['text_template'] },
};

export const FEED_TYPES = [
  'Comment',
  'Task',
  'Step',
  'Process',
  'Template',
  'Blueprint',
  'User',
  'Guest',
  'Organization',
  'Tag',
  'Group',
  'Folder',
  'Asset',
  'TextTemplate',
] as const;

export function typeFilterOf(
  type: string,
): { objectTypes: readonly string[]; actions?: readonly string[] } | undefined {
  return TYPES[type.trim().toLowerCase()];
}

const COMMENT_ACTIONS = new Set(TYPES.comment?.actions ?? []);

/** The Tallyfy `type` of a row (`Task`, `Process`, `Comment`, …). */
export function typeOfActivity(objectType: string, action: string): string {
  if (COMMENT_ACTIONS.has(action) || objectType === 'thread') return 'Comment';
  if (objectType === 'template') return 'Template';
  return objectType
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Object types as Tallyfy names auditables (`auditable_type`). */
const AUDITABLE: Record<string, string> = { process: 'Run', template: 'Checklist', thread: 'Thread' };
export const auditableTypeOf = (objectType: string) =>
  AUDITABLE[objectType] ?? typeOfActivity(objectType, '');

/** `entity_type` values and what they select. */
export type FeedEntity = 'checklist' | 'run' | 'step' | 'task' | 'thread';
export const FEED_ENTITIES: readonly FeedEntity[] = ['checklist', 'run', 'step', 'task', 'thread'];

/** `source` values → who acted. */
export const FEED_SOURCES = { member: 'user', guest: 'guest', webhook: 'system', system: 'system' } as const;

export const sourceOfActor = (actorType: 'user' | 'guest' | 'system') =>
  actorType === 'user' ? 'Member' : actorType === 'guest' ? 'Guest' : 'System';

/** What undoing a recorded change does, when an undo is defined for it. */
export type UndoPlan =
  | { kind: 'task_field'; field: 'title' | 'summary' | 'deadline' }
  | { kind: 'process_field'; field: 'name' | 'summary' }
  | { kind: 'process_archive' }
  | { kind: 'oneoff_archive' }
  | { kind: 'template_archive' };

/** The fact an undo works from; an activity row fits. */
export interface UndoableChange {
  action: string;
  objectType: string;
  field: string | null;
}

/**
 * The undo of a change, or undefined where none is defined. Field changes go back to the
 * old value through the normal update, archives are unarchived; anything else (a
 * completion, a comment, a launch) has no undo here.
 */
export function undoPlanOf(change: UndoableChange): UndoPlan | undefined {
  const { action, objectType, field } = change;
  if (objectType === 'task') {
    if (action === 'updated' && (field === 'title' || field === 'summary'))
      return { kind: 'task_field', field };
    if (action === 'deadline_changed' && field === 'deadline') return { kind: 'task_field', field };
    if (action === 'archived') return { kind: 'oneoff_archive' };
  }
  if (objectType === 'process') {
    if (action === 'updated' && (field === 'name' || field === 'summary'))
      return { kind: 'process_field', field };
    if (action === 'archived') return { kind: 'process_archive' };
  }
  if (objectType === 'template' && action === 'archived') return { kind: 'template_archive' };
  return undefined;
}
