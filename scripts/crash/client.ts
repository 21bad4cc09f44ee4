/** The harness's HTTP client: one bearer token per demo user, taken again after a restart if refused. */
export class Client {
  private readonly tokens = new Map<string, string>();

  constructor(
    public base: string,
    private readonly password: string,
  ) {}

  /** Points at a restarted server (a new port); tokens live in the database and stay valid. */
  moveTo(base: string): void {
    this.base = base;
  }

  private async token(user: string): Promise<string> {
    const known = this.tokens.get(user);
    if (known) return known;
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: this.password }) });
    if (!res.ok) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
    const token = ((await res.json()) as { token: string }).token;
    this.tokens.set(user, token);
    return token;
  }

  async request(user: string, method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token(user)}` };
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${url}`, { method, headers, body: payload });
    if (res.status === 401) this.tokens.delete(user);
    return res;
  }
}
