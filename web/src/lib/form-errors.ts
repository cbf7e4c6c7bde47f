import { ApiError } from '../api/client';

/** A refused save, split for a form: the messages of its own fields, and what is left over. */
export interface FormErrors {
  fields: Record<string, string>;
  /** The server's message when no field of the form names the problem. */
  general?: string;
}

/**
 * The server keys validation messages by field path (`name`, `default_value.value`,
 * `working_days.Monday`): each is shown at the form field whose name starts the path.
 */
export function formErrorsOf(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, general: error instanceof Error ? error.message : String(error) };
  }
  const fields: Record<string, string> = {};
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    const name = fieldNames.find((f) => path === f || path.startsWith(`${f}.`));
    if (name && messages[0] && !fields[name]) fields[name] = messages.join(' ');
  }
  return Object.keys(fields).length > 0 ? { fields } : { fields, general: error.message };
}
