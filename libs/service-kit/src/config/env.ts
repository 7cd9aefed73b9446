/** Reads an integer setting; a malformed value stops the start with a message that names the fix. */
export function envInt(name: string, fallback: number, env = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new Error(
      `${name}=${JSON.stringify(raw)} is not a whole number; unset it or set e.g. ${name}=${fallback}`,
    );
  }
  return value;
}

export function envString(name: string, fallback: string, env = process.env): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}
