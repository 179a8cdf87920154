/**
 * Every screen of the console: its path (hash route), the roles that see it in the navigation,
 * and its label in each language. An area adds its screens here, one entry each. The order is the
 * navigation's, and the first entry a role may see is where it lands after sign-in: officers their
 * inbox, auditors the alert history, coordinators the dashboard.
 */
import type { ReactElement } from 'react';
import type { Lang } from '../i18n';
import { Dashboard } from '../components/Dashboard';
import { AlertsBehind } from '../components/AlertsBehind';
import { ManageAlertPage, MyAlertsPage, NewReportPage } from '../post';
import { AlertDetailPage, AwaitingPage, InboxPage, SearchPage } from '../receive';
import { HitsPage } from '../discover';
import { AccessLogPage, AsOfPage, IntegrityPage, QuarantinePage, ReportPage, TimelinePage } from '../audit/lazy';
import { CommonValuesPage, MatchesPage } from '../correlation';

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
  { path: '/inbox', roles: ['officer'], nav: { en: 'Inbox', ru: 'Входящие' }, render: () => <InboxPage /> },
  { path: '/awaiting', roles: ['officer'], nav: { en: 'Awaiting my feedback', ru: 'Ждут моего ответа' }, render: () => <AwaitingPage /> },
  { path: '/post/new', roles: ['officer'], nav: { en: 'New report', ru: 'Новое сообщение' }, render: () => <NewReportPage /> },
  { path: '/post/mine', roles: ['officer'], nav: { en: "My agency's alerts", ru: 'Сообщения моего ведомства' }, render: () => <MyAlertsPage /> },
  { path: '/post/alerts/:id', roles: ['officer'], render: (p) => <ManageAlertPage id={p.id} /> },
  { path: '/audit/alerts', roles: ['auditor'], nav: { en: 'Alert history', ru: 'История уведомления' }, render: () => <TimelinePage /> },
  { path: '/audit/alerts/:id', roles: ['auditor'], render: (p) => <TimelinePage id={p.id} /> },
  { path: '/audit/access-log', roles: ['auditor'], nav: { en: 'Access log', ru: 'Журнал доступа' }, render: () => <AccessLogPage /> },
  { path: '/audit/integrity', roles: ['auditor'], nav: { en: 'Integrity', ru: 'Целостность' }, render: () => <IntegrityPage /> },
  { path: '/audit/as-of', roles: ['auditor'], nav: { en: 'As of', ru: 'На момент' }, render: () => <AsOfPage /> },
  { path: '/audit/quarantine', roles: ['auditor'], nav: { en: 'Quarantine', ru: 'Карантин' }, render: () => <QuarantinePage /> },
  { path: '/audit/report', roles: ['auditor'], nav: { en: 'Report', ru: 'Отчёт' }, render: () => <ReportPage /> },
  { path: '/discovery', roles: ['officer', 'auditor'], nav: { en: 'Hits and requests', ru: 'Связанная информация и запросы' }, render: () => <HitsPage /> },
  { path: '/dashboard', roles: ['coordinator', 'auditor', 'officer'], nav: { en: 'Dashboard', ru: 'Сводка' }, render: () => <Dashboard /> },
  { path: '/dashboard/alerts', roles: ['coordinator', 'auditor', 'officer'], render: () => <AlertsBehind /> },
  { path: '/search', roles: ['officer', 'coordinator'], nav: { en: 'Search', ru: 'Поиск' }, render: () => <SearchPage /> },
  { path: '/matches', roles: ['officer', 'coordinator'], nav: { en: 'Matches', ru: 'Совпадения' }, render: () => <MatchesPage /> },
  { path: '/correlation/common-values', roles: ['coordinator'], nav: { en: 'Common values', ru: 'Частые значения' }, render: () => <CommonValuesPage /> },
  { path: '/alerts/:agency/:id', roles: ['officer', 'coordinator', 'auditor'], render: (p) => <AlertDetailPage key={p.id} agency={p.agency} id={p.id} /> },
];
