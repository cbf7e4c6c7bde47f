import fs from 'node:fs';

/** Samples a process's resident memory from /proc; `stop()` gives the peak in MB. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): number; peak(): number } {
  let peakKb = 0;
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > peakKb) peakKb = kb;
    } catch {
      // The process is gone or /proc is not there (not Linux): nothing to sample.
    }
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
