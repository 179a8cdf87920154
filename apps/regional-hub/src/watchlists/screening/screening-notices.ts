import { Injectable } from '@nestjs/common';
import type { ScreeningHit } from '@cix/read-model';

/** Hits found after commit (on arrival or by a re-screen), for whoever tells the owning agency. */
@Injectable()
export class ScreeningNotices {
  private readonly listeners = new Set<(hits: readonly ScreeningHit[]) => void>();

  onHits(l: (hits: readonly ScreeningHit[]) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  found(hits: readonly ScreeningHit[]): void {
    if (hits.length) for (const l of this.listeners) l(hits);
  }
}
