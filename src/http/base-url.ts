import type { FastifyRequest } from 'fastify';

/** Where links in responses and e-mails point: PUBLIC_URL, or the host the request came to. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
