/** The few calls the demo makes to a running ragscope, with the api's error envelope turned into messages. */
export class RagscopeClient {
  constructor(readonly baseUrl: string) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'GET' });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  postForm<T>(path: string, form: FormData): Promise<T> {
    return this.request<T>(path, { method: 'POST', body: form });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'DELETE' });
  }

  async request<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), init);
    } catch (error) {
      throw new Error(`ragscope at ${this.baseUrl} is not reachable: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    const body = text ? parseJson(text) : undefined;
    if (!response.ok) {
      const message = (body as { message?: string } | undefined)?.message ?? text.slice(0, 300);
      throw new Error(`${init.method} ${path} answered ${response.status}: ${message}`);
    }
    return body as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
