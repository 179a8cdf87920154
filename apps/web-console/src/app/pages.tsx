/**
 * Every screen of the console: its path (hash route), the roles that see it in the navigation,
 * and its label in each language. An area adds its screens here, one entry each; the first entry
 * a role may see is where it lands after sign-in.
 */
import type { ReactElement } from 'react';
import type { Lang } from '../i18n';
import { Dashboard } from '../components/Dashboard';
import { ManageAlertPage, MyAlertsPage, NewReportPage } from '../post';
import { AlertsBehind } from '../components/AlertsBehind';
import { AccessLogPage, AsOfPage, IntegrityPage, QuarantinePage, ReportPage, TimelinePage } from '../audit/lazy';

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
  { path: '/post/new', roles: ['officer'], nav: { en: 'New report', ru: 'Новое сообщение' }, render: () => <NewReportPage /> },
  { path: '/post/mine', roles: ['officer'], nav: { en: "My agency's alerts", ru: 'Сообщения моего ведомства' }, render: () => <MyAlertsPage /> },
  { path: '/post/alerts/:id', roles: ['officer'], render: (p) => <ManageAlertPage id={p.id} /> },
  {
    path: '/dashboard/alerts',
    roles: ['coordinator', 'auditor', 'officer'],
    render: () => <AlertsBehind />,
  },
  { path: '/audit/integrity', roles: ['auditor'], nav: { en: 'Integrity', ru: 'Целостность' }, render: () => <IntegrityPage /> },
  { path: '/audit/alerts', roles: ['auditor'], nav: { en: 'Alert history', ru: 'История уведомления' }, render: () => <TimelinePage /> },
  { path: '/audit/alerts/:id', roles: ['auditor'], render: (p) => <TimelinePage id={p.id} /> },
  { path: '/audit/access-log', roles: ['auditor'], nav: { en: 'Access log', ru: 'Журнал доступа' }, render: () => <AccessLogPage /> },
  { path: '/audit/as-of', roles: ['auditor'], nav: { en: 'As of', ru: 'На момент' }, render: () => <AsOfPage /> },
  { path: '/audit/quarantine', roles: ['auditor'], nav: { en: 'Quarantine', ru: 'Карантин' }, render: () => <QuarantinePage /> },
  { path: '/audit/report', roles: ['auditor'], nav: { en: 'Report', ru: 'Отчёт' }, render: () => <ReportPage /> },
];
