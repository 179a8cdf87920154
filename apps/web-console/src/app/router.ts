/**
 * A hash router (`#/alerts/…?x=1`): the hub serves one static page at `/`, so every screen lives
 * behind the hash, survives a reload and can be bookmarked or opened from a link.
 */
import { useEffect, useState } from 'react';

export interface Route {
  readonly path: string;
  readonly query: URLSearchParams;
}

function current(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** A link target for `<a href>`: `href('/alerts/KZ/123')`. */
export const href = (path: string, query?: Record<string, string | undefined>): string => {
  const q = query ? new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString() : '';
  return `#${path}${q ? `?${q}` : ''}`;
};

export const navigate = (path: string, query?: Record<string, string | undefined>): void => {
  location.hash = href(path, query).slice(1);
};

/** `matchPath('/alerts/:id', '/alerts/abc')` → `{ id: 'abc' }`; null when the path does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}
