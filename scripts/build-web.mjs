/**
 * Builds the browser app (web/ → web/dist) for `flowlane serve` to answer at /app/. Run by
 * `npm install` (prepare) and `npm start` after the server build. Cached: the build is
 * skipped when no input changed since the last one (a hash of web/'s sources, config and
 * lock file kept beside the output), so an unchanged web/ costs a few milliseconds.
 * web/ has its own package.json and lock file; its packages are installed here the first
 * time (or when its lock file changes), with its devDependencies, since Vite is one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, '.build-hash');
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');
const say = (message) => quiet || process.stderr.write(`${message}\n`);

const INPUTS = [
  'package.json',
  'package-lock.json',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'src',
  'public',
];

function hashInputs() {
  const hash = createHash('sha256');
  const add = (rel) => {
    const full = path.join(web, rel);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) add(path.join(rel, name));
      return;
    }
    hash.update(rel).update('\0').update(fs.readFileSync(full)).update('\0');
  };
  for (const rel of INPUTS) add(rel);
  return hash.digest('hex');
}

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: web,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write(
      `web build: ${command} ${args.join(' ')} failed (${result.status ?? result.signal})\n`,
    );
    process.exit(1);
  }
}

/** node_modules/.package-lock.json is npm's record of what it installed: older than the lock, reinstall. */
function needsInstall() {
  const installed = path.join(web, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed)) return true;
  return fs.statSync(installed).mtimeMs < fs.statSync(path.join(web, 'package-lock.json')).mtimeMs;
}

const started = performance.now();
const hash = hashInputs();
if (!force && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) {
  say('web/dist is up to date');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (needsInstall()) {
  say('installing web/ packages');
  const ci = spawnSync(npm, ['ci', '--include=dev', '--no-audit', '--no-fund'], {
    cwd: web,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  // As in CI: npm 11 may refuse a lock file written on another platform; install the pinned versions.
  if (ci.status !== 0) run(npm, ['install', '--include=dev', '--no-audit', '--no-fund']);
}
run(process.execPath, [
  path.join(web, 'node_modules', 'vite', 'bin', 'vite.js'),
  'build',
  '--logLevel',
  quiet ? 'warn' : 'info',
]);
fs.writeFileSync(stamp, hash);
say(`built web/dist in ${Math.round(performance.now() - started)} ms`);
