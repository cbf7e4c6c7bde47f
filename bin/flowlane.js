#!/usr/bin/env node
// Entry point of the `flowlane` command. Flowlane is written in TypeScript and runs
// through tsx's loader, so `npm install` is the only build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
