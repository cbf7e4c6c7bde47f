import { ApiError } from '../api/client';

/**
 * The server keys form-value messages by path (`taskdata.<field id>`, `prerun.<field id>`):
 * these are the messages by field id, for the field editors to show.
 */
export function fieldErrorsById(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    const id = path.split('.').pop();
    if (id && messages[0]) out[id] = messages[0];
  }
  return out;
}
