/**
 * The answers other agencies gave to one of my alerts, as the hub holds them: the same per-agency
 * list (current answer, earlier versions) the regional detail shows, so the officer need not leave.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLiveFeed, type FeedEvent } from '../app/live-feed';
import { FeedbackList } from '../receive/FeedbackList';
import { ApiError, type Feedback } from '../receive/receive-api';
import { useReceiveApi } from '../receive/use-receive';
import type { PostMessages } from './messages';

export function HubFeedback({ id, t }: { id: string; t: PostMessages }) {
  const api = useReceiveApi();
  const [feedback, setFeedback] = useState<readonly Feedback[] | null>(null);
  const [note, setNote] = useState('');
  const load = useCallback(() => {
    api.alert(id).then(
      (a) => {
        setFeedback(a.feedback ?? []);
        setNote('');
      },
      // Just posted: the hub has not received it yet, so nobody can have answered.
      (e: Error) => setNote(e instanceof ApiError && e.status === 404 ? t.feedbackNotOnHub : `${t.feedbackFailed}: ${e.message}`),
    );
  }, [api, id, t]);
  useEffect(load, [load]);
  useLiveFeed((e: FeedEvent) => e.data.id === id && load(), load);
  return (
    <section className="card" aria-labelledby="post-feedback-title" data-testid="my-alert-feedback">
      <h3 id="post-feedback-title">{t.feedback}</h3>
      {note ? <p className="muted">{note}</p> : feedback ? <FeedbackList feedback={feedback} /> : <p className="muted">{t.loading}</p>}
    </section>
  );
}
