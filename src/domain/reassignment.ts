/** What a member owns in one organization: the work that moves when they are removed with reassignment. */
import type { Group } from './people.js';

export interface OwnedTask {
  id: string;
  name: string;
  deadline: string | null;
  /** Null for a one-off task. */
  processId: string | null;
  processName: string | null;
  templateName: string | null;
}

export interface OwnedRecord {
  id: string;
  title: string;
}

export interface AssignedStep {
  id: string;
  title: string;
  templateId: string;
}

export interface ReassignmentInformation {
  tasks: OwnedTask[];
  templates: OwnedRecord[];
  processes: OwnedRecord[];
  /** Steps of live templates that assign the member by default. */
  steps: AssignedStep[];
  groups: Group[];
}
