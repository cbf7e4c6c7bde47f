/** The background jobs `flowlane serve` runs next to the HTTP server. Issues add theirs here. */
import type { Job } from './scheduler.js';

export const backgroundJobs: Job[] = [];
