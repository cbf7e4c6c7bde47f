import fs from 'node:fs';

function rssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    // The process is gone or /proc is not there (not Linux): nothing to sample.
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Samples the resident memory of a process and its children (the workers of
 * `serve --workers N`) from /proc; `stop()` gives the peak of their sum in MB.
 */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number; peak(): number } {
  let peakKb = 0;
  const read = () => {
    const kb = [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssKb(p), 0);
    if (kb > peakKb) peakKb = kb;
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    peak: () => Math.round(peakKb / 1024),
    stop() {
      clearInterval(timer);
      read();
      return Math.round(peakKb / 1024);
    },
  };
}
