/**
 * Readers of environment variables that collect every problem instead of stopping at the
 * first, so a bad start names all of them at once.
 */
export interface EnvReader {
  readonly env: NodeJS.ProcessEnv;
  readonly problems: string[];
  /** An integer from `min` to `max`; unset or empty gives `fallback`. */
  int(name: string, fallback: number, min: number, max: number): number;
  /** `true`/`1` or `false`/`0` (any case); unset or empty gives `fallback`. */
  bool(name: string, fallback: boolean): boolean;
  /** The trimmed value, or undefined when unset or blank. */
  str(name: string): string | undefined;
}

export function createEnvReader(env: NodeJS.ProcessEnv, problems: string[] = []): EnvReader {
  return {
    env,
    problems,
    int(name, fallback, min, max) {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
        return fallback;
      }
      return value;
    },
    bool(name, fallback) {
      const raw = env[name]?.trim().toLowerCase() ?? '';
      if (raw === '') return fallback;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      problems.push(`${name} must be true or false (got "${env[name]}")`);
      return fallback;
    },
    str(name) {
      return env[name]?.trim() || undefined;
    },
  };
}
