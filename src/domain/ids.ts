import { randomBytes } from 'node:crypto';

/** 32-character lowercase hex id, the shape Tallyfy uses for most objects. */
export function newHexId(): string {
  return randomBytes(16).toString('hex');
}

export function isHexId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

/** A URL-safe slug for aliases: lowercase words joined by dashes, never empty. */
export function slugify(text: string, fallback = 'item'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || fallback;
}
