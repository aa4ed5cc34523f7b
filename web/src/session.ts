// Who is signed in, in which company, with which permissions (GET /auth/me).
import { api } from './api';
import { createStore, useStore } from './store';

export interface Company {
  id: number;
  name: string;
  currency?: string;
  time_zone?: string;
}

export interface Me {
  user: { id: number; login: string; display_name: string };
  company: Company;
  companies: Company[];
  permissions: Record<string, string>;
  mfa_pending: boolean;
}

export const sessionStore = createStore<Me | null | undefined>(undefined);

export function useSession(): Me | null | undefined {
  return useStore(sessionStore);
}

export async function loadSession(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('auth/me');
    sessionStore.set(me);
    return me;
  } catch {
    sessionStore.set(null);
    return null;
  }
}

/** True when the signed-in user holds the permission (any scope). */
export function can(permission: string | undefined): boolean {
  if (!permission) return true;
  const me = sessionStore.get();
  const scope = me?.permissions?.[permission];
  return Boolean(scope && scope !== 'none');
}

export function companyCurrency(): string {
  return sessionStore.get()?.company?.currency ?? 'CNY';
}
