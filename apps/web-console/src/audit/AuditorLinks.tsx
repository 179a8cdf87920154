import { href } from '../app/router';
import { useSession } from '../app/session';
import { useMessages } from './messages';

/** On the alert page, for auditors only: the way to the alert's history and to everyone who saw it. */
export function AuditorLinks({ id }: { id: string }) {
  const t = useMessages();
  const { who } = useSession();
  if (who.role !== 'auditor') return null;
  return (
    <p className="audit-links" data-testid="auditor-links">
      <a href={href(`/audit/alerts/${id}`)}>{t.navTimeline}</a> · <a href={href('/audit/access-log', { alert: id })}>{t.everyoneWhoSaw}</a>
    </p>
  );
}
