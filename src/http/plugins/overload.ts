/**
 * Overload protection: when the event loop falls behind by more than
 * OVERLOAD_EVENT_LOOP_DELAY_MS, new requests are answered 503 with Retry-After at once,
 * instead of joining a queue whose every request would wait longer and longer. Requests
 * already admitted finish normally. Probes and scrapes (`pressureExempt`) always answer.
 */
import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../services/context.js';
import type { App } from '../types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer even under overload (health, readiness and metrics). */
    pressureExempt?: boolean;
  }
}

/**
 * The delay is the mean over this window: short enough to react within a second, long
 * enough that one slow callback does not turn clients away.
 */
const SAMPLE_INTERVAL_MS = 500;

export async function registerOverloadProtection(
  app: App,
  ctx: AppContext,
  options: { armed?: boolean } = {},
): Promise<void> {
  const { overloadEventLoopDelayMs: maxDelay, overloadRetryAfterSeconds: retryAfter } = ctx.config.operations;
  if (maxDelay === 0) return;
  // Start-up (loading code, migrating) blocks the event loop, and the plugin's first samples
  // would turn the first clients away: judge only once two sample windows have passed since
  // the server began listening.
  let armed = options.armed ?? false;
  app.addHook('onListen', (done) => {
    setTimeout(() => {
      armed = true;
    }, 2 * SAMPLE_INTERVAL_MS).unref();
    done();
  });
  const reject = (request: FastifyRequest, reply: FastifyReply) => {
    // Undefined lets the request through; anything else is sent as the answer.
    if (!armed || request.routeOptions.config.pressureExempt) return undefined;
    reply.status(503).header('Retry-After', String(retryAfter));
    return {
      error: true,
      code: 'SERVER_OVERLOADED',
      message: `The server is overloaded; retry in ${retryAfter} seconds.`,
    };
  };
  await app.register(underPressure, {
    maxEventLoopDelay: maxDelay,
    sampleInterval: SAMPLE_INTERVAL_MS,
    retryAfter,
    // The plugin sends a handler's non-null return value as the answer (its types say void).
    pressureHandler: reject as unknown as NonNullable<FastifyUnderPressureOptions['pressureHandler']>,
  });
}
