/**
 * Rules for what an organization configures for itself: its branding colours, its own SMTP
 * connection and members' digest days. Pure: the services load and store.
 */
import ipaddr from 'ipaddr.js';
import { FieldErrorCollector } from './errors.js';
import { WEEKDAYS, type WeekdayName } from './identity.js';
import { isPublicAddress } from './webhooks/url-safety.js';

export const BRANDING_KEYS = [
  'bg_color',
  'text_color',
  'alternate_color',
  'bright_shade',
  'dark_shade',
] as const;
export type BrandingKey = (typeof BRANDING_KEYS)[number];
export type BrandingColors = Record<BrandingKey, string | null>;

export interface Branding extends BrandingColors {
  updatedAt: string | null;
}

/** `#rgb` or `#rrggbb`, any case; stored lowercased in the six-digit form. */
const HEX_COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The colour normalised, or undefined when it is not a hexadecimal colour. */
export function normalizeHexColor(value: string): string | undefined {
  const v = value.trim();
  if (!HEX_COLOR.test(v)) return undefined;
  const hex = v.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/**
 * The colours a save sets: each given key validated (null or empty clears it back to the
 * default); keys left out keep their value. Throws 422 VALIDATION_FAILED naming every bad key.
 */
export function parseBrandingChange(
  input: Partial<Record<BrandingKey, string | null>>,
): Partial<BrandingColors> {
  const errors = new FieldErrorCollector();
  const change: Partial<BrandingColors> = {};
  for (const key of BRANDING_KEYS) {
    const raw = input[key];
    if (raw === undefined) continue;
    if (raw === null || raw.trim() === '') {
      change[key] = null;
      continue;
    }
    const color = normalizeHexColor(raw);
    if (color) change[key] = color;
    else errors.add(key, 'The colour must be a hexadecimal colour such as #1a2b3c.');
  }
  errors.throwIfAny();
  return change;
}

export const SMTP_ENCRYPTIONS = ['tls', 'ssl', 'none'] as const;
export type SmtpEncryption = (typeof SMTP_ENCRYPTIONS)[number];

/** An organization's own mail server, as stored (the password sealed, see secret-box.ts). */
export interface OrganizationSmtp {
  organizationId: string;
  host: string;
  port: number;
  username: string | null;
  passwordSecret: string | null;
  fromAddress: string;
  fromName: string | null;
  encryption: SmtpEncryption;
  enabled: boolean;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * The save-time check of an SMTP host, without network access: a host name or an IP
 * literal, and unless private destinations are allowed neither `localhost` nor a loopback,
 * private, link-local or reserved address. Names are resolved and checked again when mail
 * is sent. Returns the problem (`refused` when the host is well-formed but not allowed), or
 * undefined when the host is acceptable.
 */
export function checkSmtpHost(
  host: string,
  allowPrivate: boolean,
): { message: string; refused: boolean } | undefined {
  const malformed = { message: 'The host must be a host name or an IP address.', refused: false };
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  const literal = h.replace(/^\[|\]$/g, '');
  const isLiteral = /^[0-9.]+$/.test(literal) || literal.includes(':');
  if (isLiteral) {
    if (!ipaddr.isValid(literal)) return malformed;
    if (!allowPrivate && !isPublicAddress(literal))
      return {
        message: 'The host may not be a loopback, private, link-local or reserved address.',
        refused: true,
      };
    return undefined;
  }
  if (!HOST_NAME.test(h)) return malformed;
  if (!allowPrivate && (h === 'localhost' || h.endsWith('.localhost')))
    return { message: 'The host may not be this server (localhost).', refused: true };
  return undefined;
}

/** Day names, as a list or comma-separated, each once, in the order given. */
export function parseCadenceDays(raw: unknown): WeekdayName[] | undefined {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!list) return undefined;
  const days: WeekdayName[] = [];
  for (const item of list) {
    const day = WEEKDAYS.find((d) => d.toLowerCase() === String(item).trim().toLowerCase());
    if (!day) return undefined;
    if (!days.includes(day)) days.push(day);
  }
  return days;
}
