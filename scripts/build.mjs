/**
 * Compiles Flowlane to JavaScript in dist/ (esbuild; packages stay in node_modules). Run by
 * `npm install` (prepare), `npm start` and `npm run bench`; bin/flowlane.js runs dist/ when it
 * is at least as new as every file under src/, and the TypeScript sources through tsx
 * otherwise, so an edit is never served stale. Compiled code starts faster and uses about
 * 40 MB less memory than compiling TypeScript at load time (measured on `flowlane serve`).
 *
 * dist/ is the product and carries no benchmark code: the one import of bench/ (the lazy one
 * of `flowlane bench` in src/cli.ts) is pointed at dist-bench/, and the build fails if any
 * file under bench/ is bundled all the same. `--bench` (`npm run bench`) also compiles the
 * benchmark and its server into dist-bench/, beside dist/; without it a dist-bench/ left from
 * an earlier build is removed, so it never outlives the sources it was built from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir DIR` builds elsewhere (the build test does, so it never touches dist/).
const outArg = process.argv.indexOf('--outdir');
const outdir = outArg > 0 ? path.resolve(process.argv[outArg + 1] ?? '') : path.join(root, 'dist');
const benchOutdir = path.join(path.dirname(outdir), 'dist-bench');
const benchSources = path.join(root, 'bench');
const started = performance.now();

const shared = {
  absWorkingDir: root,
  bundle: true,
  // The benchmark's entry is loaded only by `flowlane bench`: its own chunk, loaded on demand.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  keepNames: true,
  logLevel: 'warning',
  metafile: true,
};

/** The production bundle's only way into bench/: the CLI's lazy import, left to dist-bench/. */
const benchStaysOut = {
  name: 'bench-stays-out',
  setup(builder) {
    builder.onResolve({ filter: /bench\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      if (!target.startsWith(benchSources + path.sep)) return undefined;
      if (args.kind === 'dynamic-import' && target === path.join(benchSources, 'run.js')) {
        return { path: '../dist-bench/run.js', external: true };
      }
      return { errors: [{ text: `${args.path} is benchmark code; the product may load it only lazily` }] };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
fs.rmSync(benchOutdir, { recursive: true, force: true });
const product = await build({ ...shared, entryPoints: ['src/cli.ts'], outdir, plugins: [benchStaysOut] });
const leaked = Object.keys(product.metafile.inputs).filter((input) => input.startsWith('bench/'));
if (leaked.length > 0) {
  process.stderr.write(`dist/ must carry no benchmark code, but bundles: ${leaked.join(', ')}\n`);
  process.exit(1);
}
if (process.argv.includes('--bench')) {
  await build({ ...shared, entryPoints: ['bench/run.ts', 'bench/serve.ts'], outdir: benchOutdir });
}
if (!process.argv.includes('--quiet')) {
  const built = [outdir, ...(process.argv.includes('--bench') ? [benchOutdir] : [])].map((d) => path.relative(root, d) || d);
  process.stderr.write(`built ${built.join(' and ')} in ${Math.round(performance.now() - started)} ms\n`);
}
