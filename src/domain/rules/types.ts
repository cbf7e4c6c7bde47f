/**
 * Inputs and outputs of rule evaluation. Pure data: the processes module builds a
 * RuleContext from the database, calls evaluateRules, and writes the returned changes.
 */
import type { WorkingDays } from '../identity.js';
import type { RuleAssignees, StepType, TemplateDefinition } from '../templates/definition.js';

export type TaskStatus = 'not-started' | 'in-progress' | 'completed' | 'auto-skipped';

export interface Owners {
  users: number[];
  guests: string[];
  groups: string[];
  /** Job titles on the task; rules never name one, so `assign` keeps them and `assign_only` clears them. */
  roles?: string[];
}

/** What the evaluator needs to know about one task of the process. */
export interface RuleTask {
  id: string;
  /** The template step the task came from (null for one-off tasks, which rules ignore). */
  stepId: string | null;
  taskType: StepType;
  status: TaskStatus;
  /** A person's show/hide (force-action) wins over later rules. */
  manualVisibility: 'show' | 'hide' | null;
  owners: Owners;
  /** ISO date-times. */
  deadline: string | null;
  completedAt: string | null;
  /** Approval outcome; for expiring tasks false means expired. */
  isApproved: boolean | null;
  /** Set when the task has been reopened since it was last completed. */
  reopenedAt: string | null;
  /** The status the task goes back to when shown again (not-started or in-progress). */
  statusBeforeHidden?: TaskStatus | null;
}

/** What happened, which decides the rules considered. */
export type RuleTrigger =
  | { kind: 'launch' }
  | {
      kind: 'completed' | 'reopened' | 'approved' | 'rejected' | 'acknowledged' | 'expired' | 'assigned';
      taskId: string;
    }
  | { kind: 'values_changed'; fieldIds: string[] };

export interface RuleContext {
  definition: Pick<TemplateDefinition, 'rules' | 'steps' | 'kickoffFields'>;
  tasks: RuleTask[];
  /** Kick-off and form values keyed by field id. */
  values: Record<string, unknown>;
  trigger: RuleTrigger;
  now: Date;
  /**
   * The organization's calendar, for deadline actions. Needed only when a rule can move a
   * deadline (`rulesUseCalendar`): a write whose rules never do reads no organization.
   */
  organization?: { timezone: string; workingDays: WorkingDays };
  /** Rounds of cascading (a reopen action triggers rules again) before a loop is declared. */
  maxRounds?: number;
}

/** How one task changed; only the keys that changed are present. */
export interface TaskChange {
  taskId: string;
  status?: { from: TaskStatus; to: TaskStatus };
  owners?: { from: Owners; to: Owners };
  deadline?: { from: string | null; to: string | null };
  /** The task was reopened by a rule (its completion fields must be cleared). */
  reopened?: boolean;
}

export interface WebhookEmission {
  ruleId: string;
  url: string;
  alias: string | null;
  targetTaskId: string | null;
}

/** One rule whose actions changed something (the spec's AutomationExecution). */
export interface RuleExecution {
  ruleId: string;
  ruleAlias: string;
  trigger: RuleTrigger;
  actions: Array<{ actionId: string; actionType: string; actionVerb: string; taskId: string | null }>;
}

export interface RuleEvaluation {
  /** Net change per task (first "from", last "to"), keyed by task id. */
  changes: Map<string, TaskChange>;
  webhooks: WebhookEmission[];
  executions: RuleExecution[];
  /** True when cascading stopped at the round bound (a rule loop). */
  loopDetected: boolean;
  /** The tasks as they are after evaluation. */
  tasks: RuleTask[];
}

export type { RuleAssignees };
