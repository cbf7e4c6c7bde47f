import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorKind } from '../../domain/errors.js';
import { translateDatabaseError } from '../../services/errors.js';

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  invalid: 422,
  rate_limited: 429,
};

interface ErrorJson {
  error: true;
  code: string;
  message: string;
  errors?: Record<string, string[]>;
  [key: string]: unknown;
}

/**
 * The one place errors become HTTP: AppErrors by kind, Fastify's own request errors
 * (bad JSON, schema failures, oversize bodies) by code, database constraint violations by
 * translation, and anything else as a logged 500 that reveals nothing.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError =
      error instanceof AppError ? error : (fromFastifyError(error) ?? translateDatabaseError(error));
    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send({ error: true, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' });
    }
    const body: ErrorJson = { error: true, code: String(appError.code), message: appError.message };
    if (appError.fieldErrors) body.errors = appError.fieldErrors;
    if (appError.details) Object.assign(body, appError.details);
    if (appError.retryAfter !== undefined) reply.header('Retry-After', String(appError.retryAfter));
    const status = STATUS[appError.kind];
    if (status >= 500) request.log.error({ err: error }, appError.message);
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: true,
      code: 'ROUTE_NOT_FOUND',
      message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
    });
  });
}

function fromFastifyError(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const errors: Record<string, string[]> = {};
    const where = error.validationContext ?? 'body';
    for (const issue of error.validation) {
      const params = issue.params as Record<string, unknown>;
      let path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
        path = path ? `${path}.${params.missingProperty}` : params.missingProperty;
      }
      if (!path) path = where;
      const field = path.split('.').pop() ?? path;
      const message =
        issue.keyword === 'required'
          ? `The ${field} field is required.`
          : `The ${field} field ${issue.message ?? 'is invalid'}.`;
      const list = errors[path] ?? [];
      list.push(message);
      errors[path] = list;
    }
    return new AppError('VALIDATION_FAILED', 'The given data was invalid.', {
      fieldErrors: errors,
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request content type is not supported.');
  }
  if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
    return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  const status = error.statusCode;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (status && status >= 400 && status < 500) {
    return new AppError('MALFORMED_REQUEST', error.message || 'The request is malformed.');
  }
  return undefined;
}
