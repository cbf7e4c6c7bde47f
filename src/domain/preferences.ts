/**
 * Member preferences: free keys (slugs) with a string value and optional metadata, kept
 * per member per organization. Slugs are bounded in form, length and number rather than
 * listed, because clients (Tallyfy's app among them) add their own.
 */
export interface Preference {
  slug: string;
  value: string;
  metadata: Record<string, unknown> | null;
  updatedAt: string;
}

export interface PreferenceInput {
  slug: string;
  value: string;
  metadata: Record<string, unknown> | null;
}

/** Lowercase letters, digits, `_`, `-` and `.`, starting with a letter or digit. */
export const PREFERENCE_SLUG = '^[a-z0-9][a-z0-9_.-]*$';
export const MAX_PREFERENCE_SLUG = 64;
export const MAX_PREFERENCE_VALUE = 2000;
/** Largest metadata object, as JSON text. */
export const MAX_PREFERENCE_METADATA_BYTES = 4096;
export const MAX_PREFERENCES_PER_MEMBER = 200;
