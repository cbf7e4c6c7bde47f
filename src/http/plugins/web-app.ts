import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';

/**
 * The browser app (web/, built by Vite into web/dist): served at /app/, with the guest's
 * forever link answered by the same page. Registered before the route table is collected,
 * so the API's route walks and the OpenAPI document leave these pages out.
 */

/** The policy the app is built to run under: no inline or foreign scripts. */
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

interface StaticFile {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
}

/** Every file of the build, read once: the set is fixed, so no request path touches the disk. */
function loadBuild(dir: string): Map<string, StaticFile> | undefined {
  if (!fs.existsSync(path.join(dir, 'index.html'))) return undefined;
  const files = new Map<string, StaticFile>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      // Dot files are the build's own bookkeeping (its input hash), not part of the app.
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(rel);
      else {
        const ext = path.extname(entry.name);
        const body = fs.readFileSync(path.join(dir, rel));
        const gzip = COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : undefined;
        files.set(rel, { body, gzip, type: TYPES[ext] ?? 'application/octet-stream' });
      }
    }
  };
  walk('');
  return files;
}

/** web/dist of this checkout, from src/http/plugins (tsx) or dist/ (compiled) alike. */
export function defaultWebDistDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'web'))) break;
    dir = path.dirname(dir);
  }
  return path.join(dir, 'web', 'dist');
}

export function registerWebApp(app: FastifyInstance, distDir: string): void {
  let build: Map<string, StaticFile> | undefined;
  const files = () => {
    build ??= loadBuild(distDir);
    if (!build) {
      throw new AppError('ROUTE_NOT_FOUND', 'The web app is not built: run `npm run build:web`.');
    }
    return build;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, file: StaticFile, cache: string) => {
    reply.header('content-type', file.type).header('cache-control', cache).header('vary', 'accept-encoding');
    if (file.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(file.gzip);
    }
    return reply.send(file.body);
  };
  // index.html names the hashed assets of the current build: never cached, so a new
  // release is picked up on the next load.
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const index = files().get('index.html') as StaticFile;
    reply.header('content-security-policy', WEB_APP_CSP);
    return send(request, reply, index, 'no-store');
  };
  const options = { config: { public: true }, schema: { hide: true } };

  app.get('/', options, (_request, reply) => reply.redirect('/app/'));
  app.get('/app', options, (_request, reply) => reply.redirect('/app/'));
  app.get('/app/*', options, (request, reply) => {
    const rel = (request.params as { '*': string })['*'];
    const file = rel === 'index.html' ? undefined : files().get(rel);
    // Vite puts a content hash in every name under assets/: cached for a year.
    if (file)
      return send(
        request,
        reply,
        file,
        rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      );
    if (rel.startsWith('assets/')) throw new AppError('ROUTE_NOT_FOUND', 'No such file.');
    return page(request, reply);
  });
  app.get('/guest-all-task/:org/:code', options, page);
}
