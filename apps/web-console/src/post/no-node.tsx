/** Shown while the console's configuration (where the officer's node is) loads, and if it never names one. */
import { useEffect, useState } from 'react';
import { useMessages } from './messages';

export function NoNode() {
  const t = useMessages();
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), 3000);
    return () => clearTimeout(timer);
  }, []);
  return <p className={waited ? 'notice' : 'muted'}>{waited ? t.noNode : t.loading}</p>;
}
