// The auditor's screens load on first use: officers and coordinators never download them (nor the
// verifier), which keeps the console's first load small.
import { lazy, Suspense, type ComponentType } from 'react';

const load = () => import('./index');
function screen<P extends object>(pick: (m: Awaited<ReturnType<typeof load>>) => ComponentType<P>) {
  const Lazy = lazy(async () => ({ default: pick(await load()) }));
  return function AuditScreen(props: P) {
    return (
      <Suspense fallback={<p role="status">…</p>}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const IntegrityPage = screen((m) => m.IntegrityPage);
export const TimelinePage = screen((m) => m.TimelinePage);
export const AccessLogPage = screen((m) => m.AccessLogPage);
export const AsOfPage = screen((m) => m.AsOfPage);
export const QuarantinePage = screen((m) => m.QuarantinePage);
export const ReportPage = screen((m) => m.ReportPage);
