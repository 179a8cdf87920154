import type { ReactNode } from 'react';

/** A wide table scrolls inside this box, never the page; focusable so the keyboard can scroll it too. */
export function ScrollBox({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={`table-scroll${className ? ` ${className}` : ''}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
