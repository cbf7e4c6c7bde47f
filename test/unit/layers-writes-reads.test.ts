/**
 * The shape of the write and read paths, checked on the source: presenters are pure (no
 * context, no loading, nothing from services or db but types of plain views), and process
 * services never reach back into task services.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../src');

function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Every import statement of a file, with whether it imports types only. */
function importsOf(file: string): Array<{ from: string; typeOnly: boolean }> {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const found: Array<{ from: string; typeOnly: boolean }> = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    found.push({ from: path.normalize(path.join(path.dirname(file), m[2] as string)), typeOnly: !!m[1] });
  }
  return found;
}

describe('presenters', () => {
  const presenters = sourcesUnder('http/presenters');

  it('exist (the walk finds them)', () => {
    expect(presenters.length).toBeGreaterThan(10);
  });

  it('import nothing from services or db but the types of the views they present', () => {
    const offending = presenters.flatMap((file) =>
      importsOf(file)
        .filter((i) => !i.typeOnly && (i.from.startsWith('services/') || i.from.startsWith('db/')))
        .map((i) => `${file} → ${i.from}`),
    );
    expect(offending).toEqual([]);
  });

  it('take no context and load nothing: no AppContext, no async function', () => {
    const offending = presenters.filter((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return /\bAppContext\b/.test(text) || /\basync\s+function\b|\basync\s*\(/.test(text);
    });
    expect(offending).toEqual([]);
  });
});

describe('process and rule services', () => {
  it('never import task services (task services may import them)', () => {
    const files = [...sourcesUnder('services/processes'), ...sourcesUnder('services/rules')];
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((i) => i.from.startsWith('services/tasks/'))
        .map((i) => `${file} → ${i.from}`),
    );
    expect(offending).toEqual([]);
  });
});
