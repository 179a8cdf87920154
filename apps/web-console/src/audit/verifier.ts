/**
 * The in-browser integrity check: the export's lines, as they arrive (download) or are read (file),
 * go through the very verifier `cix verify` runs (libs/event-store replay-verifier.ts, imported by
 * path: pure code, no Node), with WebCrypto Ed25519 over the keys the auditor pinned.
 */
import { verifyReplayWith, type StreamVerdict } from '../../../../libs/event-store/src/integrity/replay-verifier.js';
import { pemToSpki, spkiFingerprint, webCryptoIntegrity, type PublicKeySpki } from '../../../../libs/event-store/src/integrity/webcrypto-integrity.js';

export type { StreamVerdict, PublicKeySpki };
export { pemToSpki, spkiFingerprint, webCryptoIntegrity };

export interface Progress {
  /** Bytes read of `total` (when known). */
  readonly bytes: number;
  readonly total?: number;
  readonly events: number;
  /** The export's announced event count (its header's `expected`), once read. */
  readonly expected?: number;
}

/** The NDJSON lines of a byte stream, with the bytes read so far and the header's announced count. */
async function* lines(body: ReadableStream<Uint8Array>, seen: { bytes: number; expected?: number }): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let first = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (value) seen.bytes += value.byteLength;
    rest += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    // Like readline (cix verify): a line ends at \n, \r\n or a lone \r; a \r that ends this read may
    // be the first half of a \r\n, so it waits for the next. The text after the last end is a line only when not empty.
    const parts = rest.split(done ? /\r\n|\n|\r/ : /\r\n|\n|\r(?!$)/);
    rest = parts.pop()!;
    if (done && rest) parts.push(rest);
    for (const line of parts) {
      if (first) {
        first = false;
        try {
          const h = JSON.parse(line) as { kind?: string; expected?: unknown };
          if (h.kind === 'cix-replay' && typeof h.expected === 'number') seen.expected = h.expected;
        } catch {
          /* the verifier names it */
        }
      }
      yield line;
    }
    if (done) return;
  }
}

/** Verifies an export against the pinned keys; `onProgress` at most every 100 ms, and once at the end. */
export async function verifyExport(
  body: ReadableStream<Uint8Array>,
  pinned: readonly PublicKeySpki[],
  onProgress: (p: Progress) => void,
  total?: number,
): Promise<StreamVerdict> {
  const crypto = await webCryptoIntegrity(pinned);
  const seen: { bytes: number; expected?: number } = { bytes: 0 };
  let last = 0;
  let events = 0;
  const report = () => onProgress({ bytes: seen.bytes, total, events, expected: seen.expected });
  const verdict = await verifyReplayWith(lines(body, seen), crypto, (n) => {
    events = n;
    if (Date.now() - last > 100) {
      last = Date.now();
      report();
    }
  });
  report();
  return verdict;
}
