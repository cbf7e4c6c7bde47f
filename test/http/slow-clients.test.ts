/**
 * Slow clients are cut off: a request whose body trickles in is answered 408 and closed at
 * REQUEST_TIMEOUT_MS, and the server carries the configured keep-alive, header and
 * connection limits.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
let port: number;

beforeAll(async () => {
  t = await createTestContext({
    REQUEST_TIMEOUT_MS: '1500',
    HEADERS_TIMEOUT_MS: '1000',
    KEEP_ALIVE_TIMEOUT_MS: '4000',
    MAX_CONNECTIONS: '64',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(() => t.close());

/** Opens a socket, runs `send`, and collects what the server answers until it closes. */
function converse(send: (socket: net.Socket) => void): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => send(socket));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
  });
}

describe('slow clients', () => {
  it('answers 408 and closes a request whose body has not arrived by REQUEST_TIMEOUT_MS', async () => {
    let timer: NodeJS.Timeout | undefined;
    const { text, closedAfterMs } = await converse((socket) => {
      socket.write(
        'POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      // One byte every 200 ms: the body would take over three minutes.
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write(' ');
      }, 200);
    });
    clearInterval(timer);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(closedAfterMs).toBeGreaterThanOrEqual(1400);
    expect(closedAfterMs).toBeLessThan(4000);
  }, 10_000);

  it('answers 408 to a client still sending headers at HEADERS_TIMEOUT_MS', async () => {
    let timer: NodeJS.Timeout | undefined;
    const { text, closedAfterMs } = await converse((socket) => {
      socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
      // A header line every 200 ms, never the blank line that ends them.
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write('X-Slow: 1\r\n');
      }, 200);
    });
    clearInterval(timer);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(closedAfterMs).toBeLessThan(3500);
  }, 10_000);

  it('carries the keep-alive timeout and the connection cap from the settings', () => {
    expect(t.app.server.keepAliveTimeout).toBe(4000);
    expect(t.app.server.headersTimeout).toBe(1000);
    expect(t.app.server.requestTimeout).toBe(1500);
    expect(t.app.server.maxConnections).toBe(64);
  });

  it('defaults to a two-minute request timeout', async () => {
    const defaults = await createTestContext();
    try {
      expect(defaults.ctx.config.limits).toEqual({
        requestTimeoutMs: 120_000,
        headersTimeoutMs: 30_000,
        keepAliveTimeoutMs: 72_000,
        maxConnections: 2048,
        publicRateLimitPerMinute: 300,
      });
      expect(defaults.app.server.requestTimeout).toBe(120_000);
    } finally {
      await defaults.close();
    }
  });
});
