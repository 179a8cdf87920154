import { useCallback, useState } from 'react';
import { verifyExport, type Progress, type PublicKeySpki, type StreamVerdict } from './verifier';

/** One verification at a time: its progress, its verdict or why it could not run. */
export function useVerification(pinned: readonly PublicKeySpki[]) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [verdict, setVerdict] = useState<StreamVerdict | null>(null);
  const [error, setError] = useState('');
  const [running, setRunning] = useState(false);
  const run = useCallback(
    async (open: () => Promise<{ body: ReadableStream<Uint8Array>; total?: number }>) => {
      setRunning(true);
      setVerdict(null);
      setError('');
      setProgress({ bytes: 0, events: 0 });
      try {
        const { body, total } = await open();
        setVerdict(await verifyExport(body, pinned, setProgress, total));
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setRunning(false);
      }
    },
    [pinned],
  );
  return { progress, verdict, error, running, run };
}
