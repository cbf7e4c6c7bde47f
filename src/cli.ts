/**
 * The `flowlane` command (bin/flowlane.js runs this). The command line itself is in
 * cli/run-cli.ts; the benchmark, with options of its own, lives in bench/ and is loaded only
 * when `flowlane bench` asks for it.
 */
import { runCli } from './cli/run-cli.js';

async function bench(argv: string[]): Promise<number> {
  // No part of the production build: scripts/build.mjs points this import at dist-bench/.
  const { runBench } = await import('../bench/run.js');
  return runBench(argv);
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  bench,
});
// serve and worker return while their servers run: only set the code, never exit here.
process.exitCode = code;
