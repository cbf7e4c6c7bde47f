/** Wire bodies of the organization settings routes → the services' typed inputs. */
import type { BrandingKey } from '../../domain/organization-settings.js';
import {
  type CreateOrganizationInput,
  ORGANIZATION_SETTING_KEYS,
} from '../../services/identity/organizations.js';
import type { SaveSmtpInput } from '../../services/organizations/smtp.js';

export interface CreateOrganizationWire {
  name: string;
  timezone?: string;
  description?: string | null;
  working_days?: unknown;
  [key: string]: unknown;
}

export function toCreateOrganizationInput(body: CreateOrganizationWire): CreateOrganizationInput {
  const settings: Record<string, unknown> = {};
  for (const key of ORGANIZATION_SETTING_KEYS) if (body[key] !== undefined) settings[key] = body[key];
  return {
    name: body.name,
    ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.working_days !== undefined ? { workingDays: body.working_days } : {}),
    settings,
  };
}

export type BrandingWire = Partial<Record<BrandingKey, string | null>>;

export function toBrandingInput(body: BrandingWire): Partial<Record<BrandingKey, string | null>> {
  const { bg_color, text_color, alternate_color, bright_shade, dark_shade } = body;
  return Object.fromEntries(
    Object.entries({ bg_color, text_color, alternate_color, bright_shade, dark_shade }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

export interface SmtpWire {
  host: string;
  port: string | number;
  username?: string | null;
  password?: string | null;
  from_address: string;
  from_name?: string | null;
  encryption?: string;
}

export function toSaveSmtpInput(body: SmtpWire): SaveSmtpInput {
  return {
    host: body.host,
    port: body.port,
    username: body.username,
    password: body.password,
    fromAddress: body.from_address,
    fromName: body.from_name,
    encryption: body.encryption,
  };
}
