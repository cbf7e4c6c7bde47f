/** Watchers (the spec's `Watch`): members following an object or the whole organization. */

/** Stored object types. The wire also says `Checklist`, `Run`, `process`, `blueprint`… */
export const WATCH_OBJECT_TYPES = ['organization', 'checklist', 'run', 'task', 'user'] as const;
export type WatchObjectType = (typeof WATCH_OBJECT_TYPES)[number];

export const NOTIFICATION_TYPES = ['email', 'webhook', 'chat'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** electric = immediately, mindful and chilled = digests. */
export const WATCH_FREQUENCIES = ['electric', 'mindful', 'chilled'] as const;
export type WatchFrequency = (typeof WATCH_FREQUENCIES)[number];

export interface Watcher {
  id: number;
  organizationId: string;
  userId: number;
  objectType: WatchObjectType;
  objectId: string;
  notificationType: NotificationType;
  frequency: WatchFrequency;
  webhook: string | null;
  isSystemWatch: boolean;
  createdBy: number;
  createdAt: string;
  lastUpdated: string;
}

const OBJECT_TYPE_ALIASES: Record<string, WatchObjectType> = {
  organization: 'organization',
  organisation: 'organization',
  org: 'organization',
  checklist: 'checklist',
  blueprint: 'checklist',
  template: 'checklist',
  run: 'run',
  process: 'run',
  task: 'task',
  user: 'user',
  member: 'user',
};

/** `Checklist`, `blueprint`, `Run`, `process`, … → the stored type; undefined if unknown. */
export function parseWatchObjectType(value: string): WatchObjectType | undefined {
  return OBJECT_TYPE_ALIASES[value.trim().toLowerCase()];
}

/** How the wire names each type: as the spec writes them, `organization` as the docs do. */
export function wireObjectType(type: WatchObjectType): string {
  return type === 'organization' ? 'organization' : type.charAt(0).toUpperCase() + type.slice(1);
}

export function parseNotificationType(value: string): NotificationType | undefined {
  const v = value.trim().toLowerCase();
  return (NOTIFICATION_TYPES as readonly string[]).includes(v) ? (v as NotificationType) : undefined;
}

export function parseWatchFrequency(value: string): WatchFrequency | undefined {
  const v = value.trim().toLowerCase();
  return (WATCH_FREQUENCIES as readonly string[]).includes(v) ? (v as WatchFrequency) : undefined;
}
