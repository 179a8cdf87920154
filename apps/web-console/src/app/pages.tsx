/**
 * Every screen of the console: its path (hash route), the roles that see it in the navigation,
 * and its label in each language. An area adds its screens here, one entry each; the first entry
 * a role may see is where it lands after sign-in.
 */
import type { ReactElement } from 'react';
import type { Lang } from '../i18n';
import { Dashboard } from '../components/Dashboard';
import { AlertDetailPage, AwaitingPage, InboxPage, SearchPage } from '../receive';

export type Role = 'officer' | 'coordinator' | 'auditor';

export interface PageDef {
  /** `'/alerts/:agency/:id'`; params reach `render`. */
  readonly path: string;
  /** Shown in the navigation for these roles; pages reachable only by link leave `nav` out. */
  readonly roles: readonly Role[];
  readonly nav?: Record<Lang, string>;
  readonly render: (params: Record<string, string>) => ReactElement;
}

export const PAGES: readonly PageDef[] = [
  {
    path: '/dashboard',
    roles: ['coordinator', 'auditor', 'officer'],
    nav: { en: 'Dashboard', ru: 'Сводка' },
    render: () => <Dashboard />,
  },
  { path: '/inbox', roles: ['officer'], nav: { en: 'Inbox', ru: 'Входящие' }, render: () => <InboxPage /> },
  { path: '/awaiting', roles: ['officer'], nav: { en: 'Awaiting my feedback', ru: 'Ждут моего ответа' }, render: () => <AwaitingPage /> },
  { path: '/search', roles: ['officer', 'coordinator'], nav: { en: 'Search', ru: 'Поиск' }, render: () => <SearchPage /> },
  { path: '/alerts/:agency/:id', roles: ['officer', 'coordinator', 'auditor'], render: (p) => <AlertDetailPage key={p.id} agency={p.agency} id={p.id} /> },
];
