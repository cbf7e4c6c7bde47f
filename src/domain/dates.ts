/**
 * Dates cross the wire as ISO 8601 UTC with milliseconds (`2025-05-20T17:00:00.000Z`) and are
 * stored the same way, so string order is time order on both databases.
 */
const SPACE_FORMAT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses a request date: ISO 8601 with a zone, `YYYY-MM-DD HH:MM[:SS]` (read as UTC) or
 * `YYYY-MM-DD` (midnight UTC). Returns undefined for anything else or an impossible date.
 */
export function parseDateInput(value: string): Date | undefined {
  const text = value.trim();
  let candidate: string | undefined;
  if (ISO_WITH_ZONE.test(text)) candidate = text;
  else if (DATE_ONLY.test(text)) candidate = `${text}T00:00:00Z`;
  else {
    const m = SPACE_FORMAT.exec(text);
    if (m) candidate = `${m[1]}T${m[2]}Z`;
  }
  if (!candidate) return undefined;
  const date = new Date(candidate);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject roll-overs such as 2025-02-30 that Date silently accepts.
  const day = text.slice(0, 10);
  if (!ISO_WITH_ZONE.test(text) || /Z$/i.test(text)) {
    if (date.toISOString().slice(0, 10) !== day) return undefined;
  }
  return date;
}

export function toIso(date: Date): string {
  return date.toISOString();
}

/** Parses a `YYYY-MM-DD` calendar day; undefined when malformed or impossible. */
export function parseDay(value: string): { start: Date; end: Date } | undefined {
  if (!DATE_ONLY.test(value)) return undefined;
  const start = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) return undefined;
  return { start, end: new Date(start.getTime() + 86_400_000) };
}
