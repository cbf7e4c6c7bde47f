/** An activity row: who did what to which object, with the old and new values. */
export interface Activity {
  id: number;
  organizationId: string;
  actorType: 'user' | 'guest' | 'system';
  actorId: number | null;
  action: string;
  objectType: string;
  objectId: string;
  processId: string | null;
  taskId: string | null;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  text: string | null;
  createdAt: string;
}
