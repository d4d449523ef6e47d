// An API from the browser, with the signed-in coordinator's token: the coordinator's on the same origin (no CORS), or
// the notification service's on its own (see notifications-api.ts).
import { ApiError, describeFailure, describeNetworkFailure } from './api-error';

export const API_BASE = '/api/coordinator';

export type Query = Record<string, string | number | undefined>;

export class ApiClient {
  constructor(
    private readonly token: string,
    /** Called on 401: the token expired or was refused, so the tab signs out. */
    private readonly onUnauthorized: (message: string) => void,
    private readonly base = API_BASE,
    /** Who answers, in error messages: "The coordinator service cannot be reached". */
    private readonly service = 'coordinator service',
  ) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  /** A streaming GET (the live stream): the response itself, or an ApiError. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    const response = await this.send('GET', path, undefined, signal, 'text/event-stream');
    if (!response.ok) throw await this.failure(response);
    return response;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (!response.ok) throw await this.failure(response);
    // 204 No Content (a DELETE) has no body to read.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(method: string, path: string, body: unknown, signal?: AbortSignal, accept = 'application/json') {
    try {
      return await fetch(`${this.base}${path}`, {
        method,
        signal,
        headers: {
          accept,
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, describeNetworkFailure(error, this.service), null);
    }
  }

  private async failure(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const error = new ApiError(response.status, describeFailure(response.status, body, this.service), body);
    if (response.status === 401) this.onUnauthorized(error.message);
    return error;
  }
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
