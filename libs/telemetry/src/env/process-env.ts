/**
 * Runs `fn` with `vars` in process.env and puts the previous values back afterwards.
 * @opentelemetry/auto-instrumentations-node reads its variables from process.env itself; this is how
 * the suite hands it a default for a variable the user left unset without changing the process's
 * environment for good.
 */
export function withProcessEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

/** A variable's value, or undefined when it is unset or blank (the specification treats both alike). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A comma-separated list, trimmed and lower-cased, empty entries dropped. */
export function envList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const value = envValue(env, name);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

export type Warn = (message: string) => void;

/** Start-up warnings go to stderr once, where a misconfigured variable is seen. */
export const warnOnStderr: Warn = (message) => console.error(`telemetry: ${message}`);
