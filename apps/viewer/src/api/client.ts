/** The error envelope every api error uses ({ statusCode, error, message, details? }). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string; details?: unknown } | null;
    throw new ApiError(response.status, body?.message ?? `${response.status} ${response.statusText}`, body?.details);
  }
  return (await response.json()) as T;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: { status: 'ok' | 'down'; driver: string };
  jobs: { mode: string; running: number; queued: number };
}
