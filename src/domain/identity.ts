/** People and organizations as the services see them. */
export const ROLES = ['admin', 'standard', 'light'] as const;
export type Role = (typeof ROLES)[number];

/** `pending`: asked to join and waits for an administrator's approval (approve / reject). */
export const MEMBERSHIP_STATUSES = ['active', 'invited', 'disabled', 'pending'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface WorkingDay {
  anytime: boolean;
  from?: string;
  to?: string;
}

export type WeekdayName = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';
export const WEEKDAYS: readonly WeekdayName[] = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/** Working days; a day missing from the map is not a working day. */
export type WorkingDays = Partial<Record<WeekdayName, WorkingDay>>;

export interface DefaultDeadline {
  type: 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
  value: number;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  timezone: string;
  workingDays: WorkingDays;
  defaultDeadline: DefaultDeadline;
  /** Other settings of the spec's Organization (address, flags, …), stored as given. */
  settings: Record<string, unknown>;
  createdAt: string;
  lastUpdated: string;
}

export interface User {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  timezone: string;
  phone: string | null;
  jobTitle: string | null;
  jobDescription: string | null;
  team: string | null;
  dateFormat: string;
  locale: string;
  profilePic: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  lastUpdated: string;
  hasPassword: boolean;
}

export interface Membership {
  organizationId: string;
  userId: number;
  role: Role;
  status: MembershipStatus;
  isDefaultAdmin: boolean;
  invitedBy: number | null;
  approvedAt: string | null;
  disabledAt: string | null;
  disabledBy: number | null;
  reactivatedAt: string | null;
  reactivatedBy: number | null;
  createdAt: string;
}

/** Monday to Friday, any time of day: the default for a new organization. */
export function defaultWorkingDays(): WorkingDays {
  const day: WorkingDay = { anytime: true };
  return { Monday: day, Tuesday: day, Wednesday: day, Thursday: day, Friday: day };
}

export function fullName(user: Pick<User, 'firstName' | 'lastName'>): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** True when `name` is an IANA time zone this runtime knows. */
export function isValidTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
