/**
 * The HTTP side of moving bytes: multipart parts handed to the upload service as they
 * arrive, and stored files streamed back with headers that keep a browser from treating
 * them as part of this site.
 */

import { Readable } from 'node:stream';
import { create as contentDisposition, encodeExtended } from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AssetContent } from '../../services/files/assets.js';
import type { UploadPart } from '../../services/files/upload-file.js';
import { ErrorBody } from '../schemas/common.js';
import { refuseNulInField } from '../schemas/hardening.js';

/**
 * The request's multipart parts, one at a time; a file part must be read before the next
 * part arrives. Nothing at all when the request is not multipart (the service then answers
 * 422 FILE_REQUIRED).
 */
export async function* uploadPartsOf(request: FastifyRequest, maxBytes: number): AsyncGenerator<UploadPart> {
  if (!request.isMultipart()) return;
  // One byte past the limit reaches the service, which refuses it with 413: at exactly the
  // limit busboy would cut the file silently. A second file reaches it too, to be refused 422.
  const parts = request.parts({ limits: { fileSize: maxBytes + 1, files: 2, fields: 50 } });
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        yield { kind: 'file', filename: part.filename, stream: part.file };
      } else {
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value ?? '');
        refuseNulInField(part.fieldname, value);
        yield { kind: 'field', name: part.fieldname, value };
      }
    }
  } finally {
    // Refused before the end of the body (413, 404, 422): read the rest and throw it away
    // before answering. Answering first would make Node close the connection under a client
    // that is still sending, which then often sees a reset instead of the answer.
    if (!request.raw.readableEnded) await discardRest(request.raw, DRAIN_LIMIT_MS);
  }
}

/** How long a refused upload's remaining body is read before the connection is given up. */
const DRAIN_LIMIT_MS = 30_000;

function discardRest(raw: FastifyRequest['raw'], limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      raw.off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const timer = setTimeout(done, limitMs);
    raw.on('end', done).on('close', done).on('error', done);
    raw.unpipe();
    raw.resume();
  });
}

/** Does the caller ask for JSON (metadata) rather than the bytes? */
export function wantsJson(request: FastifyRequest): boolean {
  return /application\/json/i.test(request.headers.accept ?? '');
}

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 /
 * 5987): quotes, backslashes and control characters cannot break out of the header.
 */
export function dispositionOf(filename: string, type: 'inline' | 'attachment'): string {
  const header = contentDisposition(filename, { type });
  return header.includes('filename*=') ? header : `${header}; filename*=${encodeExtended(filename)}`;
}

/** Streams a stored file: its stored type and size, never sniffed, never run as a page. */
export function sendContent(reply: FastifyReply, content: AssetContent, type: 'inline' | 'attachment') {
  const { asset } = content;
  let stream = content.stream;
  if (reply.request.method === 'HEAD') {
    // Fastify would read a HEAD answer's stream to the end only to throw it away.
    (stream as Readable).destroy();
    stream = Readable.from([]);
  }
  return reply
    .header('content-type', asset.contentType)
    .header('content-length', String(asset.size))
    .header('content-disposition', dispositionOf(asset.filename, type))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-cache')
    .send(stream);
}

/** Documents a raw-bytes answer (the serializer never sees streams). */
export const BinaryBody = Type.String({ format: 'binary', description: 'The file bytes' });

/** A file larger than MAX_UPLOAD_MB. */
export const TooLarge = { 413: ErrorBody };
