/**
 * Saved views: a member's named filter sets for the process list and the template list.
 * A view belongs to the member who saved it; nobody else reads or changes it.
 */
export type ViewListKind = 'process' | 'template';
export type ViewFilterType = 'all' | 'any';

/** A criterion's value as the list's query would carry it. */
export type CriterionValue = string | number | boolean | Array<string | number>;

/** One saved filter: a query parameter the list accepts and its value. */
export interface ViewCriterion {
  field: string;
  value: CriterionValue;
  /** What the client shows for it (kept as given). */
  label?: string;
  /** The client's task reference for task-based process filters (kept as given). */
  task?: string;
}

export interface SavedView {
  id: number;
  userId: number;
  listKind: ViewListKind;
  name: string;
  filterType: ViewFilterType;
  isActive: boolean;
  isOrgLevel: boolean;
  criteria: ViewCriterion[];
  createdAt: string;
  updatedAt: string;
}

/** What a create or update carries; an update leaves out what it does not change. */
export interface SavedViewInput {
  name?: string;
  filterType?: ViewFilterType;
  isActive?: boolean;
  isOrgLevel?: boolean;
  criteria?: ViewCriterion[];
}

/** Views one member may keep per list: enough for any menu, bounded so a loop cannot grow it. */
export const MAX_VIEWS_PER_LIST = 100;
export const MAX_VIEW_NAME = 200;
export const MAX_CRITERIA = 50;
