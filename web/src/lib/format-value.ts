import type { Person } from './members';

/** A form value in words, for the kick-off summary and the history ("—" for nothing). */
export function formatValue(value: unknown, members?: Map<number, Person>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string')
    return /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value) ? value.slice(0, 10) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    // A table: rows of cells.
    if (value.every((row) => Array.isArray(row)))
      return value.map((row) => (row as unknown[]).join(' | ')).join('; ');
    const words = value
      .filter((v) => !(v && typeof v === 'object' && (v as { selected?: boolean }).selected === false))
      .map((v) => {
        if (v && typeof v === 'object') {
          const o = v as { text?: string; filename?: string };
          return o.text ?? o.filename ?? JSON.stringify(v);
        }
        return String(v);
      });
    return words.length ? words.join(', ') : '—';
  }
  if (typeof value === 'object') {
    const o = value as { text?: string; users?: number[]; guests?: string[]; groups?: string[] };
    if (typeof o.text === 'string') return o.text;
    if (Array.isArray(o.users)) {
      const names = [...o.users.map((id) => members?.get(id)?.name ?? `Member ${id}`), ...(o.guests ?? [])];
      if (o.groups?.length) names.push(`${o.groups.length} group(s)`);
      return names.length ? names.join(', ') : '—';
    }
  }
  return JSON.stringify(value);
}
