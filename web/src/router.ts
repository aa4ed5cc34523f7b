// Client-side routing over the History API. The server answers every extension-less path
// outside /api with index.html, so deep links and reloads land here.
import type { ComponentType, JSX } from 'preact';
import { h } from 'preact';
import { createStore, useStore } from './store';
import type { MessageKey } from './i18n';

export interface RouteProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface Route {
  path: string;            // "/customers/:id"
  title: MessageKey;
  component: ComponentType<RouteProps>;
  permission?: string;     // needed to open the page (the API checks it again)
}

export interface NavItem {
  path: string;
  label: MessageKey;
  permission?: string;
}

export interface NavGroup {
  label: MessageKey;
  items: NavItem[];
}

const currentStore = createStore(location.pathname + location.search);
window.addEventListener('popstate', () => currentStore.set(location.pathname + location.search));

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  currentStore.set(to);
  window.scrollTo(0, 0);
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const full = useStore(currentStore);
  const q = full.indexOf('?');
  return {
    path: q < 0 ? full : full.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : full.slice(q + 1)),
  };
}

/** Replaces the query string (filters, page state) without adding a history entry. */
export function setQuery(values: Record<string, string | null | undefined>): void {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  const s = params.toString();
  navigate(location.pathname + (s ? `?${s}` : ''), true);
}

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

export function findRoute(routes: Route[], path: string):
    { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string };

/** An anchor that navigates in the page; modified clicks (new tab) behave as usual. */
export function Link(props: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    e.preventDefault();
    navigate(props.href);
  };
  return h('a', { ...props, onClick });
}
