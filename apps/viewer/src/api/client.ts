/** The error envelope every api error uses ({ statusCode, error, message, details? }), kept whole for display. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
    readonly error?: string,
  ) {
    super(message);
  }
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { message?: string; details?: unknown; error?: string } | null;
  return new ApiError(response.status, body?.message ?? `${response.status} ${response.statusText}`, body?.details, body?.error);
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch (error) {
    throw new ApiError(0, `the api is unreachable: ${(error as Error).message}`);
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const getJson = <T>(path: string, init?: RequestInit) => request<T>(path, init);

export function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(path, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
}

/** Binary bodies (the Arrow points and query overlays) with their headers: the browser undoes the gzip Content-Encoding itself. */
export async function fetchBytes(path: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(path, { signal });
  if (!response.ok) throw await failure(response);
  return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
}

export async function getBytes(path: string, signal?: AbortSignal): Promise<Uint8Array> {
  return (await fetchBytes(path, signal)).bytes;
}

export async function getText(path: string): Promise<string> {
  const response = await fetch(path);
  if (!response.ok) throw await failure(response);
  return response.text();
}

/** Whether an endpoint exists on this api (404 with the envelope's "Cannot GET" means not built yet). */
export async function endpointExists(path: string): Promise<boolean> {
  const response = await fetch(path, { headers: { accept: 'application/json' } }).catch(() => null);
  if (!response) return false;
  if (response.status !== 404) return true;
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return !/^Cannot (GET|POST)/.test(body?.message ?? '');
}
