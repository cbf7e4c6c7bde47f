/** Preferences, wire → input: the value kept as text, metadata bounded in size. */
import type { Static } from 'typebox';
import { invalidFields } from '../../domain/errors.js';
import { MAX_PREFERENCE_METADATA_BYTES, type PreferenceInput } from '../../domain/preferences.js';
import type { PreferenceBody } from './member-settings.schemas.js';

export function preferenceInputOf(body: Static<typeof PreferenceBody>): PreferenceInput {
  const metadata = (body.metadata ?? null) as Record<string, unknown> | null;
  if (metadata && Buffer.byteLength(JSON.stringify(metadata)) > MAX_PREFERENCE_METADATA_BYTES)
    throw invalidFields('VALIDATION_FAILED', {
      metadata: [`The metadata may be at most ${MAX_PREFERENCE_METADATA_BYTES} bytes of JSON.`],
    });
  if (typeof body.value === 'number' && !Number.isFinite(body.value))
    throw invalidFields('VALIDATION_FAILED', { value: ['The value must be a finite number.'] });
  return { slug: body.slug, value: String(body.value), metadata };
}
