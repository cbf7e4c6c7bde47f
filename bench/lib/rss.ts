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

/** Where one server process's memory is, in MB, when its RSS was highest in a phase. */
export interface MemoryBreakdown {
  rss_mb: number;
  /** The V8 heap as reserved, and the part of it in use. */
  heap_total_mb: number;
  heap_used_mb: number;
  /** Memory outside the heap that V8 accounts for (Buffers, typed arrays). */
  external_mb: number;
  /** The rest: SQLite's page cache and prepared statements, native libraries, code, stacks. */
  other_mb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 ** 2) * 10) / 10;

interface MemoryAnswer {
  data: { rss: number; heap_total: number; external: number; heap_used: number };
}

/**
 * Samples the resident memory of a process and its children (the workers of
 * `serve --workers N`) from /proc; `stop()` gives the peak of their sum in MB. With `url` (a
 * single server process), it also asks the server's `/bench/memory` at each new peak, so the
 * peak comes with its breakdown.
 */
export function sampleRss(
  pid: number,
  intervalMs = 100,
  url?: string,
): { stop(): Promise<{ peakMb: number; breakdown: MemoryBreakdown | undefined }>; peak(): number } {
  let peakKb = 0;
  let asking = false;
  let breakdown: MemoryBreakdown | undefined;
  let breakdownKb = 0;
  const ask = async (kb: number) => {
    if (!url || asking) return;
    asking = true;
    try {
      const answer = (await (await fetch(`${url}/bench/memory`)).json()) as MemoryAnswer;
      const m = answer.data;
      breakdownKb = kb;
      breakdown = {
        rss_mb: mb(m.rss),
        heap_total_mb: mb(m.heap_total),
        heap_used_mb: mb(m.heap_used),
        external_mb: mb(m.external),
        other_mb: mb(m.rss - m.heap_total - m.external),
      };
    } catch {
      // A busy or stopping server: keep the breakdown of the last peak it answered at.
    } finally {
      asking = false;
    }
  };
  const read = () => {
    const kb = [pid, ...childrenOf(pid)].reduce((sum, p) => sum + rssKb(p), 0);
    if (kb > peakKb) {
      peakKb = kb;
      // Only a peak clearly above the one already broken down is worth another request.
      if (kb > breakdownKb + 4096) void ask(kb);
    }
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    peak: () => Math.round(peakKb / 1024),
    async stop() {
      clearInterval(timer);
      read();
      return { peakMb: Math.round(peakKb / 1024), breakdown };
    },
  };
}
