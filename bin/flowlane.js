#!/usr/bin/env node
// Entry point of the `flowlane` command. Flowlane is written in TypeScript. `npm install`
// and `npm start` compile it to dist/ (scripts/build.mjs), `npm run bench` the benchmark to
// dist-bench/ as well; this runs the compiled code when it is at least as new as every source
// file it was built from, and the TypeScript sources through tsx's loader otherwise (an edit
// since the last build, no benchmark build, or FLOWLANE_TSX=1), so what runs is never stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'cli.js');
const compiledBench = path.join(root, 'dist-bench', 'run.js');

/** The newest modification time under these folders (0 when none exists). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (fs.existsSync(dir)) walk(dir);
  return newest;
}

function builtSince(file, dirs) {
  const built = fs.statSync(file, { throwIfNoEntry: false });
  return built !== undefined && built.mtimeMs >= newestSource(dirs.map((dir) => path.join(root, dir)));
}

function compiledIsCurrent() {
  if (process.env.FLOWLANE_TSX === '1') return false;
  if (!builtSince(compiled, ['src'])) return false;
  // `flowlane bench` also loads the benchmark, compiled from bench/ and src/ together.
  return process.argv[2] !== 'bench' || builtSince(compiledBench, ['src', 'bench']);
}

if (compiledIsCurrent()) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
