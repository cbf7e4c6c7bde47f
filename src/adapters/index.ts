/**
 * The outside world behind small interfaces: where file bytes live, the mail server, the
 * HTTP client that sends webhooks, and the image re-encoder. Built once per process from the configuration (main.ts,
 * worker.ts, the CLI, the test context) and handed to every service through the context, so
 * no service reads connection settings or opens a connection of its own.
 */
import type { Config } from '../config/index.js';
import type { Mailer } from './email/smtp-mailer.js';
import { createSmtpMailer } from './email/smtp-mailer.js';
import { createSharpImageProcessor, type ImageProcessor } from './images.js';
import type { FileStorage } from './storage/file-storage.js';
import { createLocalStorage } from './storage/local-storage.js';
import { createS3Storage } from './storage/s3-storage.js';
import { createHttpWebhookSender, type WebhookSender } from './webhooks/http-sender.js';

export type { Mailer, SendResult } from './email/smtp-mailer.js';
export type { ImageProcessor, ImageSizes, ReencodedImage } from './images.js';
export { ImageNotReadable } from './images.js';
export type { FileStorage, PutOptions, StoredObject } from './storage/file-storage.js';
export type { PostReport, WebhookRequest, WebhookSender } from './webhooks/http-sender.js';

export interface Adapters {
  /** The S3-compatible bucket when S3_URL is set, the local disk under FILES_DIR otherwise. */
  storage: FileStorage;
  /** The SMTP server of SMTP_URL; absent without it (mail is then kept in outgoing_emails). */
  mailer: Mailer | undefined;
  webhookSender: WebhookSender;
  /** Re-encodes uploaded pictures and logos (sharp). */
  images: ImageProcessor;
}

export function createAdapters(config: Config): Adapters {
  const { files, email, webhooks } = config;
  return {
    storage: files.s3 ? createS3Storage(files.s3) : createLocalStorage(files.dir),
    mailer: email.smtpUrl ? createSmtpMailer({ url: email.smtpUrl, from: email.from }) : undefined,
    webhookSender: createHttpWebhookSender({
      allowPrivate: webhooks.allowPrivate,
      timeoutMs: webhooks.timeoutMs,
    }),
    images: createSharpImageProcessor(),
  };
}

/** Releases what the adapters hold open; after the jobs and requests that use them stopped. */
export function closeAdapters(adapters: Adapters): void {
  adapters.storage.close();
  adapters.mailer?.close();
}
