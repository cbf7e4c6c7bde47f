import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
  json: any;
  /** The status this receiver answered. */
  answered: number;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Hold the answer until this resolves (a slow receiver). */
  wait?: Promise<void>;
}

export type Responder = (request: Omit<ReceivedRequest, 'answered'>, index: number) => number | Answer;

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 (the outside world the tests fake), recording every
 * request with its raw body. Answers 200 unless told otherwise.
 */
export async function startReceiver(responder: Responder = () => 200, port = 0): Promise<Receiver> {
  let current = responder;
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const seen = { path: req.url ?? '/', headers: req.headers, body, json };
      const raw = current(seen, requests.length);
      const answer = typeof raw === 'number' ? { status: raw } : raw;
      requests.push({ ...seen, answered: answer.status });
      if (answer.wait) await answer.wait;
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? `answer ${answer.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hook`,
    port: actual,
    requests,
    respond(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (a receiver that is down). */
export async function freePort(): Promise<number> {
  const r = await startReceiver();
  await r.close();
  return r.port;
}
