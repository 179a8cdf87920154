/** The hub's API, called with the signed-in user's token. */
export interface TrendRow { key: string; series?: string; count: number; quantity: { kg: number; litres: number; pieces: number; containers: number } }
export interface EffectivenessRow { key: string; alerts: number; feedbackGiven: number; overdue: number; hits: number; hitRate: number | null; medianHoursToFeedback: number | null }
export interface AlertItem { id: string; agency: string; unit: string; kind: string; status: string; occurredAt: string; commodity: { category: string; description: string } }

export class Api {
  constructor(private readonly token: string) {}

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`${res.status} ${path}`);
    return (await res.json()) as T;
  }

  seizures(groupBy: string, range: Range, series?: string) {
    return this.get<{ rows: TrendRow[] }>(`/api/trends/seizures?${qs({ groupBy, series, ...range })}`).then((r) => r.rows);
  }

  effectiveness(range: Range) {
    return this.get<{ rows: EffectivenessRow[] }>(`/api/trends/effectiveness?${qs({ groupBy: 'sendingAgency', ...range })}`).then((r) => r.rows);
  }

  alerts(filters: Record<string, string | undefined>) {
    return this.get<{ items: AlertItem[] }>(`/api/alerts?${qs({ kind: 'seizure', limit: '50', ...filters })}`).then((r) => r.items);
  }
}

export interface Range { from?: string; to?: string }

export function qs(o: Record<string, string | undefined>): string {
  return new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1])).toString();
}

export async function demoUsers(): Promise<Array<{ label: string; token: string }>> {
  const res = await fetch('/api/demo/users');
  return res.ok ? ((await res.json()) as { users: Array<{ label: string; token: string }> }).users : [];
}

/** The claims of a JWT, for showing who is signed in (the hub verifies the token, not this). */
export function claims(token: string): { agency?: string; role?: string; unit?: string; sub?: string } {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { agency?: string; role?: string; unit?: string; sub?: string };
  } catch {
    return {};
  }
}
