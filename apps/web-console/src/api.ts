/**
 * The hub's API, called with the signed-in user's token. Paths, parameters and answers are typed by
 * `api/schema.d.ts`, generated from the hub's OpenAPI document (`npm run openapi`): nothing here is
 * hand-copied from the server, so a change to the API shows up as a type error in the console.
 */
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './api/schema';

type Schemas = components['schemas'];
export type TrendRow = Schemas['SeizureTrendRow'];
export type EffectivenessRow = Schemas['EffectivenessRow'];
export type AlertItem = Schemas['HubAlert'];
export type AlertFilters = NonNullable<operations['HubAlerts_list']['parameters']['query']>;
export type SeizureGroup = operations['Trends_seizures']['parameters']['query']['groupBy'];
export type EffectivenessGroup = NonNullable<NonNullable<operations['Trends_effectiveness']['parameters']['query']>['groupBy']>;
export type SeizureSeries = NonNullable<operations['Trends_seizures']['parameters']['query']['series']>;

export class Api {
  private readonly client;

  /** `onUnauthorized`: the token expired or was refused; the console goes back to sign-in rather than show stale figures. */
  constructor(
    token: string,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {
    this.client = createClient<paths>({ baseUrl: location.origin, headers: { authorization: `Bearer ${token}` } });
  }

  private ok<T>(r: { data?: T; response: Response }, path: string): T {
    if (r.response.status === 401) this.onUnauthorized();
    return ok(r, path);
  }

  // The trends answer CSV only when asked with Accept: text/csv, which the console never sends.
  seizures(groupBy: SeizureGroup, range: Range, series?: SeizureSeries) {
    return this.client
      .GET('/api/trends/seizures', { params: { query: { groupBy, series, ...defined(range) } } })
      .then((r) => (this.ok(r, '/api/trends/seizures') as Schemas['SeizureTrends']).rows);
  }

  effectiveness(range: Range) {
    return this.client
      .GET('/api/trends/effectiveness', { params: { query: { groupBy: 'sendingAgency', ...defined(range) } } })
      .then((r) => (this.ok(r, '/api/trends/effectiveness') as Schemas['Effectiveness']).rows);
  }

  alerts(filters: AlertFilters) {
    return this.client
      .GET('/api/alerts', { params: { query: { kind: 'seizure', limit: 50, ...defined(filters) } } })
      .then((r) => this.ok(r, '/api/alerts').items);
  }

  /** One page of the hub's list (any kind unless filtered), with the cursor of the next page. */
  alertPage(filters: AlertFilters) {
    return this.client.GET('/api/alerts', { params: { query: defined(filters) } }).then((r) => this.ok(r, '/api/alerts'));
  }

  effectivenessBy(groupBy: EffectivenessGroup, range: Range) {
    return this.client
      .GET('/api/trends/effectiveness', { params: { query: { groupBy, ...defined(range) } } })
      .then((r) => (this.ok(r, '/api/trends/effectiveness') as Schemas['Effectiveness']).rows);
  }
}

export interface Range {
  from?: string;
  to?: string;
}

function ok<T>(r: { data?: T; response: Response }, path: string): T {
  if (!r.response.ok || r.data === undefined) throw new Error(`${r.response.status} ${path}`);
  return r.data;
}

/** Leaves out empty filters (an empty string is not "any"). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** Demo sign-in exists only on the local stack, and so is not part of the documented API. */
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
