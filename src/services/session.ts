// Who is signed in: account.me, loaded once at launch and shared by every page and the custom
// tab bar. A module-level store (not a React context) because in WeChat the custom tab bar is
// mounted as its own component tree, outside the pages' providers.
import { useSyncExternalStore } from 'react';
import type { Me } from '../../types/account';
import { call, messageOf } from './cloud';
import { currentIdentity } from './identity';

export type SessionStatus = 'loading' | 'ready' | 'error' | 'needsIdentity';

export interface SessionState {
  status: SessionStatus;
  me: Me | null;
  error: string | null;
  /** unread inbox items, kept here so the tab bar badge follows the inbox page */
  unreadCount: number;
  /** the tab page on screen, e.g. 'pages/me/index' (each tab page's bar instance reads it) */
  currentTab: string;
}

let state: SessionState = { status: 'loading', me: null, error: null, unreadCount: 0, currentTab: 'pages/home/index' };
const listeners = new Set<() => void>();
let inFlight: Promise<void> | null = null;

function set(patch: Partial<SessionState>): void {
  state = { ...state, ...patch };
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

/** Loads (or reloads) account.me; concurrent callers share one request. */
export function refreshSession(): Promise<void> {
  if (inFlight) return inFlight;
  if (process.env.TARO_ENV === 'h5' && !currentIdentity()) {
    set({ status: 'needsIdentity', me: null, error: null, unreadCount: 0 });
    return Promise.resolve();
  }
  // Keep showing the previous `me` while a refresh runs; only the first load shows progress.
  if (!state.me) set({ status: 'loading', error: null });
  inFlight = call('account', 'me', {})
    .then((me) => set({ status: 'ready', me, error: null, unreadCount: me.unreadCount }))
    .catch((error: unknown) => set({ status: state.me ? 'ready' : 'error', error: messageOf(error) }))
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

export function setUnreadCount(unreadCount: number): void {
  if (unreadCount !== state.unreadCount) set({ unreadCount });
}

export function setCurrentTab(currentTab: string): void {
  if (currentTab !== state.currentTab) set({ currentTab });
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
