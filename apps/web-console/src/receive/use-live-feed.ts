import { useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';
import { openLiveFeed, type FeedEvent, type FeedStatus } from './live-feed';

/** The live feed while the screen is shown; the latest handlers are used without reopening it. */
export function useLiveFeed(onEvent: (e: FeedEvent) => void, onReset: () => void): FeedStatus {
  const { token, onUnauthorized } = useSession();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const handlers = useRef({ onEvent, onReset, onUnauthorized });
  handlers.current = { onEvent, onReset, onUnauthorized };
  useEffect(() => {
    const feed = openLiveFeed({
      token,
      onEvent: (e) => handlers.current.onEvent(e),
      onReset: () => handlers.current.onReset(),
      onStatus: setStatus,
      onUnauthorized: () => handlers.current.onUnauthorized(),
    });
    return () => feed.close();
  }, [token]);
  return status;
}
